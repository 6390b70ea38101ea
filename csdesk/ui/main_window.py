"""The main window: navigation between the book's views (`views/registry.py`) and the account
workspace, the menus and toolbar (`menus.py`) over the commands (`commands/`), undo/redo,
search, the status bar and the remembered layout (`window_state.py`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from csdesk import clock
from csdesk.errors import ConflictError
from csdesk.services import Services
from csdesk.ui import menus
from csdesk.ui.account.context import AccountContext
from csdesk.ui.account.workspace import AccountWorkspace
from csdesk.ui.commands.accounts import AccountCommands
from csdesk.ui.commands.base import show_failure
from csdesk.ui.commands.documents import DocumentCommands
from csdesk.ui.commands.files import FileCommands
from csdesk.ui.commands.help import HelpCommands
from csdesk.ui.commands.search import SearchCommands
from csdesk.ui.commands.security import SecurityCommands
from csdesk.ui.commands.tools import ToolCommands
from csdesk.ui.dialogs.conflict_box import ask_keep_mine
from csdesk.ui.editing import Editor
from csdesk.ui.operations import Operations
from csdesk.ui.page_loader import PageLoader
from csdesk.ui.tasks import TaskRunner
from csdesk.ui.views.registry import BOOK_VIEWS, BY_NAME, NAV_LABELS, VIEWS, TableRead
from csdesk.ui.views.selection import AccountLists
from csdesk.ui.views.welcome import WelcomeView
from csdesk.ui.window_state import WindowState

if TYPE_CHECKING:
    from csdesk.ui.views.accounts import AccountsView
    from csdesk.ui.views.growth import OpportunitiesView, ProductGapsView
    from csdesk.ui.views.portfolio import PortfolioView
    from csdesk.ui.views.renewals import RenewalsView
    from csdesk.ui.views.today import TodayView

__all__ = ["NAV_LABELS", "VIEWS", "MainWindow"]


class MainWindow(QMainWindow):
    # The book's views, built from the registry (`BookView.attribute`).
    today_view: TodayView
    accounts_view: AccountsView
    renewals_view: RenewalsView
    portfolio_view: PortfolioView
    opportunities_view: OpportunitiesView
    gaps_view: ProductGapsView
    # Actions built from menus.MENUS (every entry's attribute); those used here.
    archive_action: QAction
    backup_action: QAction
    encrypt_action: QAction
    decrypt_action: QAction

    def __init__(self, services: Services, runner: TaskRunner | None = None,
                 today: Callable[[], date] = clock.today, remember_layout: bool = True) -> None:
        super().__init__()
        self.services = services
        self.runner = runner or TaskRunner()
        self.today = today
        self.editor = Editor(services, self)
        self.operations = Operations(services, self.runner, self)
        self.setWindowTitle(f"csdesk — {services.workspace.location.describe()}")
        self.ctx = AccountContext(services, self.editor, today, runner=self.runner,
                                  operations=self.operations)
        self._history: list[str] = []
        self.account_count: int | None = None  # unknown until the first read
        self.next_workspace: str | None = None  # set when the user switches workspace
        self.layout_state = WindowState(self, remember_layout)

        self.welcome = WelcomeView()
        self.views: dict[str, QWidget] = {}
        for view in BOOK_VIEWS:
            self.views[view.name] = view.create(today)
            setattr(self, view.attribute, self.views[view.name])
        self.account_view = AccountWorkspace(self.ctx)
        self.pages = QStackedWidget()
        for page in (self.welcome, *self.views.values(), self.account_view):
            self.pages.addWidget(page)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        for name in VIEWS:
            self.nav.addItem(NAV_LABELS[name])
        self.nav.setMaximumWidth(220)
        # The list always has a current row (the view an account was opened from), so
        # focusing it changes nothing; clicking the current row goes back to that view.
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.itemClicked.connect(lambda _item: self._on_nav(self.nav.currentRow()))
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 1100])
        self.setCentralWidget(self.splitter)
        self.workspace_label = QLabel()
        self.statusBar().addPermanentWidget(self.operations.indicator)
        self.statusBar().addPermanentWidget(self.workspace_label)

        # The tables whose rows are accounts (or belong to one), per view: account commands
        # act on the account selected there (Product gaps' rows belong to many: none).
        self._account_lists = {
            view.name: AccountLists(view.account_tables(self.views[view.name]), self)
            for view in BOOK_VIEWS if view.account_tables is not None}
        # Once a day while the app runs (see `start_daily_work`): a minute's check of the day.
        self.loader = PageLoader(self)
        self.daily_timer = QTimer(self)
        self.daily_timer.setInterval(60_000)
        self.daily_timer.timeout.connect(self.check_new_day)

        from csdesk.settings import load as load_settings

        self._my_book_views = (self.today_view, self.accounts_view, self.renewals_view)
        for scoped in self._my_book_views:
            scoped.set_my_name(load_settings().my_name)
        self.files = FileCommands(self)
        self.security = SecurityCommands(self)
        self.documents = DocumentCommands(self)
        self.tools = ToolCommands(self)
        self.accounts = AccountCommands(self)
        self.help = HelpCommands(self)
        self.search = SearchCommands(self)
        for attribute, action in menus.build(self, self.editor.stack).items():
            setattr(self, attribute, action)
        self.view_actions = [getattr(self, attribute) for attribute in menus.VIEW_ACTIONS]
        self.backup_action.setEnabled(self.services.workspace.path is not None)
        self.security.update_actions()
        self._connect()
        # Until the window is first shown, choosing a page only remembers it: the first
        # showEvent loads it once (a start-up that picks a page twice queries once).
        self.load_when_shown = True
        self.layout_state.restore()

    def _connect(self) -> None:
        self.editor.changed.connect(self.loader.on_edit)
        self.editor.saved.connect(self.loader.on_saved)
        self.editor.operations = self.operations
        self.operations.changed.connect(self.loader.on_operation)
        self.editor.done.connect(lambda text: self.statusBar().showMessage(
            f"{text} · Ctrl+Z to undo" if self.editor.stack.canUndo() else text, 6000))
        self.editor.failed.connect(lambda text: self.show_error("csdesk", text))
        self.editor.keep_mine = lambda conflict: self.keep_mine(conflict)
        self.welcome.new_account_requested.connect(self.accounts.new_account)
        self.welcome.import_requested.connect(self.files.import_accounts)
        self.welcome.demo_requested.connect(self.files.create_demo_book)
        for widget in self.views.values():
            widget.account_requested.connect(self.open_account)  # type: ignore[attr-defined]
        tools, account = self.tools, self.account_view
        account.templates_requested.connect(tools.open_templates)
        account.tab_built.connect(self.layout_state.tab_built)
        account.rules_requested.connect(tools.open_rules)
        account.roadmap_requested.connect(tools.open_roadmap)
        account.document_templates_requested.connect(tools.open_document_templates)
        account.edit_requested.connect(self.accounts.edit_account)
        account.closed.connect(lambda: (self.show_view("accounts"), self.statusBar().showMessage(
            "That account is no longer in the workspace (deleted meanwhile).", 8000)))
        account.failed.connect(self.failed)
        self.today_view.done_toggled.connect(self.accounts.tick_agenda_item)
        self.today_view.reload_requested.connect(self.refresh)
        self.accounts_view.new_requested.connect(self.accounts.new_account)
        self.accounts_view.edit_requested.connect(self.accounts.edit_account)
        self.accounts_view.archive_requested.connect(self.accounts.archive_accounts)
        self.accounts_view.unarchive_requested.connect(self.accounts.unarchive_accounts)
        self.accounts_view.show_archived_changed.connect(lambda _on: self.refresh())
        self.renewals_view.window_changed.connect(lambda _days: self.refresh())
        self.portfolio_view.dashboard.period_changed.connect(lambda _p: self.refresh())

    # Navigation

    def current_view(self) -> str:
        page = self.pages.currentWidget()
        if page is self.account_view:
            return "account"
        if page is self.welcome:
            return self._history[-1] if self._history else "today"
        return next(view for view, widget in self.views.items() if widget is page)

    def show_view(self, view: str) -> None:
        if view not in VIEWS:
            return
        if self.current_view() != view or self.pages.currentWidget() is self.account_view:
            self._history.append(self.current_view())
        self._highlight(VIEWS.index(view))
        self.show_page(view)

    def show_page(self, view: str) -> None:
        if self.account_count is None:  # once: the welcome page or the view, no flash
            self.account_count = self.services.accounts.count()
        if not self.account_count:
            self.pages.setCurrentWidget(self.welcome)
            self._history.append(view)
        else:
            self.pages.setCurrentWidget(self.views[view])
        self._highlight(VIEWS.index(view) if self.account_count else -1)  # welcome: none
        self.refresh()

    def _highlight(self, row: int) -> None:
        """The sidebar shows ``row`` (-1: none) without acting on it."""
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)

    def _on_nav(self, row: int) -> None:
        if 0 <= row < len(VIEWS):
            self.show_view(VIEWS[row])

    def open_account(self, account_id: int, tab: str = "") -> None:
        if self.pages.currentWidget() is not self.account_view:
            self._history.append(self.current_view())
        self.pages.setCurrentWidget(self.account_view)
        self._highlight(-1)  # an account is none of the views (Back returns to one)
        self.account_view.open_account(account_id, tab)
        self.update_status()

    def go_back(self) -> None:
        while self._history:
            view = self._history.pop()
            if view in VIEWS:
                self._highlight(VIEWS.index(view))
                self.show_page(view)
                self._history.pop() if self._history and self._history[-1] == view else None
                return

    def step_account(self, step: int) -> None:
        ids = self.accounts_view.visible_ids()
        if not ids:
            ids = [r.id for r in self.services.book.account_summaries(self.today())]
        if not ids:
            return
        current = self.account_view.account_id
        if self.pages.currentWidget() is not self.account_view or current not in ids:
            target = ids[0] if step > 0 else ids[-1]
        else:
            target = ids[(ids.index(current) + step) % len(ids)]
        self.open_account(target, self.account_view.current_tab()
                          if self.pages.currentWidget() is self.account_view else "")

    def focus_filter(self) -> None:
        self.show_view("accounts")
        self.accounts_view.filter.setFocus()
        self.accounts_view.filter.selectAll()

    # Refreshing (the work itself: page_loader.py)

    def refresh(self) -> None:
        """Reload what the visible page shows (off the GUI thread for a book view)."""
        self.loader.refresh()

    def start_daily_work(self) -> None:
        self.loader.start_daily_work()

    def check_new_day(self) -> bool:
        return self.loader.check_new_day()

    def after_bulk_change(self, message: str) -> None:
        self.loader.after_bulk_change(message)

    def update_status(self) -> None:
        count = self.account_count or 0
        noun = "account" if count == 1 else "accounts"
        self.workspace_label.setText(f"{count} {noun} · "
                                     f"{self.services.workspace.location.describe()}")
        self.archive_action.setEnabled(self.pages.currentWidget() is self.account_view)

    # What commands act on

    def target_accounts(self) -> list[int]:
        """The accounts a command acts on. On a list view (Today, Accounts, Renewals,
        Portfolio, Opportunities): the accounts selected in its table that has focus, else in
        the one used last (see `AccountLists`), and none when nothing is selected there; in
        the account workspace: the open account. Never the account opened last while a list
        is on screen."""
        page = self.pages.currentWidget()
        if page is self.account_view:
            open_id = self.account_view.account_id
            return [] if open_id is None else [open_id]
        lists = self._account_lists.get(self.current_view()) if page is not self.welcome \
            else None
        return lists.selected_ids() if lists is not None else []

    def target_account(self, doing: str) -> int | None:
        """The one account a command acts on (`target_accounts`), or None after saying in the
        status bar why there is none (no dialog is opened for a guessed account)."""
        ids = self.target_accounts()
        if len(ids) == 1:
            return ids[0]
        self.statusBar().showMessage(
            f"Select an account in the list, or open one, to {doing}." if not ids else
            f"{len(ids)} accounts are selected: select one to {doing}.", 6000)
        return None

    def table_on_screen(self) -> tuple[str, TableRead] | None:
        """The current view's name and how to build its table as shown (filter and order),
        for export: noted now, built where the file is written."""
        view = self.current_view()
        if self.pages.currentWidget() in (self.account_view, self.welcome) or view not in VIEWS:
            return None
        return BY_NAME[view].label, BY_NAME[view].table(self.views[view], self.today())

    # Asking and telling

    def keep_mine(self, conflict: ConflictError) -> bool:
        """Show both versions of what clashed; True to save mine over theirs."""
        return ask_keep_mine(self, conflict)

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, message: str, details: list[str] | None = None) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        if details:
            box.setDetailedText("\n".join(details))
            box.setInformativeText("\n".join(details[:8]) + ("\n…" if len(details) > 8 else ""))
        box.open()

    def failed(self, error: Exception, title: str = "csdesk") -> None:
        show_failure(self, error, title)

    def use_my_name(self, name: str) -> None:
        """Your name from Settings, now: My book, and who makes changes on the activity log.
        (Also called by `ensure_signature` when the first export asks for it.)"""
        for view in self._my_book_views:
            view.set_my_name(name)
        self.services.workspace.actor = name or None

    def switch_workspace(self, path: str) -> None:
        """Close this window and its workspace; the app then opens ``path`` (see app.py)."""
        self.next_workspace = path
        self.close()

    # Window state

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.load_when_shown:
            self.load_when_shown = False
            self.refresh()
        self.layout_state.shown()

    def closeEvent(self, event) -> None:  # noqa: N802
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()  # the field being typed is saved (a write, settled below)
        self.account_view.save_typed_notes()  # nothing typed is lost on close
        self.layout_state.save()
        self.operations.settle()
        super().closeEvent(event)
