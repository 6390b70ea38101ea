"""Keeping what is on screen current: each page loads from one snapshot (a book view off the
GUI thread), and after a change only what the change touches reloads.

The flow of an edit: the Editor saves it (one transaction) and says what changed
(`Changes`); the open account's header and visible tab reload what that touches (one
snapshot); its health is recomputed in the background, reading what the health panel shows in
the same transaction. Three transactions in all, whatever the size of the book.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from csdesk.services.changes import Changes
from csdesk.ui.views.registry import BY_NAME, VIEWS

if TYPE_CHECKING:
    from csdesk.ui.account.health_panel import HealthData
    from csdesk.ui.main_window import MainWindow


class PageLoader:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.work_day: date | None = None  # the day the daily work last ran for

    def on_edit(self, changes: Changes, *, now: bool = True) -> None:
        """After an edit (or its undo): the open account's header and tab reload what the
        change touches, in one snapshot (``now`` for an edit made on the GUI thread, whose
        next step needs it on screen; else off the GUI thread); its health follows in the
        background (one transaction, which also reads what the health panel shows); a book
        view on screen reloads after that."""
        window = self.window
        on_account = window.pages.currentWidget() is window.account_view
        if on_account:
            window.account_view.on_changes(changes, now=now)
        ids = sorted(changes.needs_health())
        if not ids:
            if not on_account:
                self.refresh()
            return
        services, today, open_id = window.services, window.today(), window.account_view.account_id
        # Imported on first use, with the account tabs (see account/workspace.py).
        from csdesk.ui.account.health_panel import load_health

        def work() -> HealthData | None:
            with services.workspace.snapshot():
                services.health.refresh(today, ids)
                return load_health(services, open_id, today) if open_id in ids else None

        def done(health: HealthData | None) -> None:
            if health is not None and open_id is not None:
                window.account_view.show_health(open_id, health)
            if window.pages.currentWidget() is not window.account_view:
                self.refresh()

        window.operations.write("Updating health", work, Changes(), done=done,
                                failed=window.failed)

    def on_saved(self, changes: Changes) -> None:
        """An edit saved off the GUI thread (a field, an undo) has landed."""
        self.on_edit(changes, now=False)

    def on_operation(self, changes: Changes) -> None:
        """A background write changed the book (the daily work, an import): the page on
        screen reloads what it touches."""
        if self.window.pages.currentWidget() is self.window.account_view:
            self.window.account_view.on_changes(changes, now=False)
        else:
            self.refresh()

    def start_daily_work(self) -> None:
        """On opening, and again on each new day while the app runs (`check_new_day`):
        start-renewal action items due, then every health score, in the background; the view
        refreshes when done."""
        window = self.window
        services, today = window.services, window.today()
        self.work_day = today
        if not window.daily_timer.isActive():
            window.daily_timer.start()

        def work() -> int:
            created = services.renewals.ensure_start_renewal_actions(today)
            services.health.refresh(today)
            return created

        def done(created: int) -> None:
            if created:
                window.statusBar().showMessage(f"{created} renewal action items added", 6000)

        window.operations.write("Refreshing health scores", work, Changes.everything(),
                                done=done, failed=window.failed)

    def check_new_day(self) -> bool:
        """The daily timer's check: on a new day (by the window's `today`), the daily work
        again, so a renewal entering the 90-day window overnight gets its start-renewal item
        without a restart. True when the day had changed."""
        if self.work_day is None or self.window.today() == self.work_day:
            return False
        self.start_daily_work()
        return True

    def refresh(self) -> None:
        """Reload what the visible page shows: a book view's query runs off the GUI thread in
        one snapshot and shows when it arrives (a newer reload supersedes it); the account
        workspace reloads from one snapshot."""
        window = self.window
        if window.load_when_shown:
            return
        page = window.pages.currentWidget()
        if page is window.account_view:
            window.account_view.refresh()
            window.update_status()
            return
        name = window.current_view()
        view, widget, today = BY_NAME[name], window.views[name], window.today()
        query = view.read(widget, today)  # what the view asks for, noted now
        services = window.services

        def load() -> tuple[int, object]:
            return services.accounts.count(), query(services)

        def show(result: tuple[int, object]) -> None:
            count, data = result
            was_empty, window.account_count = not window.account_count, count
            view.show(widget, data, today)
            if window.pages.currentWidget() in (widget, window.welcome) \
                    and was_empty != (not count):
                window.show_page(name)  # the book became empty, or has its first account
                return
            window.update_status()

        window.operations.read("page", load, show, doing=f"Loading {view.label}",
                               failed=window.failed)

    def after_bulk_change(self, message: str) -> None:
        """After an import of many records or a demo book: the undo history refers to records
        it replaced, so it goes; the book view is shown again and health is recomputed in the
        background (the view reloads once more when it is done)."""
        window = self.window
        window.editor.stack.clear()
        window.account_count = None
        view = window.current_view()
        window.show_page(view if view in VIEWS else "accounts")
        window.statusBar().showMessage(message, 8000)
        services, today = window.services, window.today()
        window.operations.write("Updating health scores",
                                lambda: services.health.refresh(today), Changes.everything(),
                                failed=window.failed)
