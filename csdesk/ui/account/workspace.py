"""The account workspace: a header with the essentials, and the Overview, Success plan,
Critical path, Meetings, QBR, Risks, Growth and Activity tabs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import NotFoundError
from csdesk.models import AccountStatus, LifecycleStage
from csdesk.services.changes import ACCOUNTS, GROWTH, HEALTH, KINDS, RISKS, Changes
from csdesk.services.schedule import countdown
from csdesk.ui.account.context import AccountContext
from csdesk.ui.account.tabs import SHOWS, TAB_LABELS, TABS
from csdesk.ui.format import format_money, health_words

# Each tab's module is imported when the tab is first built (`_build_tab`): the eight of them
# cost about 50 ms of every start-up, before any account is opened.
if TYPE_CHECKING:
    from csdesk.ui.account.activity import ActivityTab
    from csdesk.ui.account.growth_tab import GrowthTab
    from csdesk.ui.account.health_panel import HealthData
    from csdesk.ui.account.meetings_tab import MeetingsTab
    from csdesk.ui.account.overview import OverviewTab
    from csdesk.ui.account.path_tab import PathTab
    from csdesk.ui.account.plan import PlanTab
    from csdesk.ui.account.qbr_tab import QbrTab
    from csdesk.ui.account.risks_tab import RisksTab


HEADER_SHOWS = frozenset({ACCOUNTS, RISKS, GROWTH, HEALTH})


@dataclass(frozen=True)
class Header:
    """The header's facts, read in one go."""

    account: Any
    risks: Any  # the open risks' count and worst, or None
    opportunities: Any  # the open opportunities' count and expected ARR, or None


class AccountWorkspace(QWidget):
    edit_requested = Signal(int)
    templates_requested = Signal()
    roadmap_requested = Signal()
    document_templates_requested = Signal()
    closed = Signal()
    tab_built = Signal(str)
    rules_requested = Signal()
    failed = Signal(object)  # an Exception a load met

    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self._header: Header | None = None
        # What the loads on their way are to show (the header?, the tab), and which is newest
        self._wanted: tuple[bool, str | None] = (False, None)
        self._generation = 0
        self._then: list[Callable[[], None]] = []  # what waits for them (`when_shown`)
        context.when_shown = self.when_shown
        self.name = QLabel()
        self.name.setObjectName("account_name")
        self.facts = QLabel()
        self.facts.setObjectName("account_facts")
        self.edit_button = QPushButton("Edit account…")
        self.edit_button.clicked.connect(
            lambda: self.edit_requested.emit(self.ctx.account_id))
        header = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.facts)
        header.addLayout(names, 1)
        header.addWidget(self.edit_button)
        # The tabs are built when first needed: building all six up front was a third of a second
        # of every start-up, mostly Qt polishing widgets the user may not open that day.
        self._built: dict[str, QWidget] = {}
        self._pages: dict[str, QVBoxLayout] = {}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for name in TABS:
            page = QWidget()
            page_layout = QVBoxLayout(page)
            page_layout.setContentsMargins(0, 0, 0, 0)
            self._pages[name] = page_layout
            self.tabs.addTab(page, TAB_LABELS[name])
        self.tabs.currentChanged.connect(lambda _i: self.refresh_current())
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs)

    # The tabs, each built on first use

    def tab(self, name: str) -> QWidget:
        built = self._built.get(name)
        if built is None:
            built = self._build_tab(name)
            self._built[name] = built
            self._pages[name].addWidget(built)
            self.tab_built.emit(name)
        return built

    def is_built(self, name: str) -> bool:
        return name in self._built

    def _build_tab(self, name: str) -> QWidget:
        context = self.ctx
        if name == "overview":
            from csdesk.ui.account.overview import OverviewTab

            return OverviewTab(context)
        if name == "plan":
            from csdesk.ui.account.plan import PlanTab

            return PlanTab(context)
        if name == "path":
            from csdesk.ui.account.path_tab import PathTab

            path = PathTab(context)
            path.templates_requested.connect(self.templates_requested)
            return path
        if name == "meetings":
            from csdesk.ui.account.meetings_tab import MeetingsTab

            return MeetingsTab(context)
        if name == "qbr":
            from csdesk.ui.account.qbr_tab import QbrTab

            qbr = QbrTab(context)
            qbr.roadmap_requested.connect(self.roadmap_requested)
            qbr.templates_requested.connect(self.document_templates_requested)
            return qbr
        if name == "risks":
            from csdesk.ui.account.risks_tab import RisksTab

            risks = RisksTab(context)
            risks.rules_requested.connect(self.rules_requested)
            return risks
        if name == "growth":
            from csdesk.ui.account.growth_tab import GrowthTab

            growth = GrowthTab(context)
            return growth
        from csdesk.ui.account.activity import ActivityTab

        return ActivityTab(context)

    @property
    def overview(self) -> OverviewTab:
        return self.tab("overview")  # type: ignore[return-value]

    @property
    def plan(self) -> PlanTab:
        return self.tab("plan")  # type: ignore[return-value]

    @property
    def path(self) -> PathTab:
        return self.tab("path")  # type: ignore[return-value]

    @property
    def meetings(self) -> MeetingsTab:
        return self.tab("meetings")  # type: ignore[return-value]

    @property
    def qbr(self) -> QbrTab:
        return self.tab("qbr")  # type: ignore[return-value]

    @property
    def risks(self) -> RisksTab:
        return self.tab("risks")  # type: ignore[return-value]

    @property
    def growth(self) -> GrowthTab:
        return self.tab("growth")  # type: ignore[return-value]

    @property
    def activity(self) -> ActivityTab:
        return self.tab("activity")  # type: ignore[return-value]

    def save_typed_notes(self) -> None:
        """Meeting notes are the one edit not saved on the spot: save them now."""
        if self.is_built("meetings"):
            self.meetings.editor.save_notes()

    @property
    def account_id(self) -> int | None:
        return self.ctx.account_id

    def open_account(self, account_id: int, tab: str = "") -> None:
        if (self.ctx.account_id != account_id and self.ctx.account_id is not None
                and self.is_built("meetings")):
            self.meetings.editor.save_notes()  # leave nothing typed behind
            self.meetings.editor.meeting = None
        if self.ctx.account_id != account_id:  # nothing to act on until its data is here
            focused = QApplication.focusWidget()
            if focused is not None and self.isAncestorOf(focused):
                focused.clearFocus()  # a field being edited is saved to the account it shows
            self._set_ready(False)
            for area in self.findChildren(QAbstractScrollArea):  # each account opens at its top
                area.verticalScrollBar().setValue(0)
        self.ctx.account_id = account_id
        if tab in TABS:
            self.tabs.setCurrentIndex(TABS.index(tab))
        self.refresh()

    def current_tab(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def refresh(self) -> None:
        """Reload the header and the visible tab (the others reload when shown)."""
        if self.ctx.account_id is not None:
            self._load(header=True, tab=self.current_tab())

    def on_changes(self, changes: Changes, *, now: bool = True) -> None:
        """After a change: reload what shows it (the header, the visible tab), off the GUI
        thread; an edit made on it reloads ``now``, so what it goes on to do finds its row."""
        account_id = self.ctx.account_id
        if account_id is None or not changes.touches(KINDS, account_id):
            return
        tab = self.current_tab()
        header, shown = changes.touches(HEADER_SHOWS), changes.touches(SHOWS[tab])
        if header or shown:
            self._load(header=header, tab=tab if shown else None, now=now)

    def _load(self, *, header: bool, tab: str | None, now: bool = False) -> None:
        """Read the header and a tab from one snapshot and show them: off the GUI thread, or
        ``now``. A newer load supersedes an older one still on its way, and takes over what
        it was to show (the header, the visible tab), so nothing asked for is lost."""
        account_id, services = self.ctx.account_id, self.ctx.services
        header = header or self._wanted[0]
        if tab is None and self._wanted[1] == self.current_tab():
            tab = self._wanted[1]
        self._wanted = (header, tab)
        self._generation += 1
        generation = self._generation
        page = self.tab(tab) if tab is not None else None
        load_tab = page.load() if page is not None else None  # type: ignore[attr-defined]

        def load() -> tuple[Header | None, Any] | None:
            try:
                return (_read_header(services, account_id) if header else None,
                        load_tab() if load_tab is not None else None)
            except NotFoundError:
                return None  # the account is gone

        def show(result: tuple[Header | None, Any] | None) -> None:
            if generation != self._generation or account_id != self.ctx.account_id:
                return  # a newer load (or another account) took over
            self._wanted = (False, None)
            if result is None:
                self._then.clear()
                self.ctx.account_id = None
                self.closed.emit()
                return
            read_header, data = result
            self._set_ready(True)
            if read_header is not None:
                self._show_header(read_header)
            if page is not None and tab == self.current_tab():
                page.show(data)  # type: ignore[attr-defined]
            waiting, self._then = self._then, []
            for then in waiting:
                then()

        operations = self.ctx.operations
        if now or operations is None:  # an edit's reload, or a workspace with no window
            with services.workspace.snapshot():
                show(load())
            return
        operations.read("account", load, show, doing="Loading the account",
                        failed=self.failed.emit)

    def _set_ready(self, ready: bool) -> None:
        """The tabs and the edit button act on the account shown: off while another's data is
        on its way."""
        self.tabs.setEnabled(ready)
        self.edit_button.setEnabled(ready)

    def when_shown(self, then: Callable[[], None]) -> None:
        """Run ``then`` once what is being loaded is on screen (at once when nothing is)."""
        if self._wanted == (False, None):
            then()
        else:
            self._then.append(then)

    def show_health(self, account_id: int, data: HealthData) -> None:
        """A health refresh's result (read after it, off the GUI thread): the header's words
        and the Overview's health panel."""
        if account_id != self.ctx.account_id or self._header is None:
            return
        self._show_header(replace(self._header, account=data.account))
        if self.is_built("overview"):
            self.overview.health.show_data(data)

    def _show_header(self, header: Header) -> None:
        self._header, account = header, header.account
        self.ctx.shown_name = (account.id, account.name)
        archived = "  (archived)" if account.is_archived else ""
        self.name.setText(f"<h2 style='margin:0'>{_escape(account.name)}{archived}</h2>")
        churned = account.status is AccountStatus.CHURNED
        if churned:  # a churned account renews no more and is no longer scored
            renewal = [] if account.lifecycle_stage is LifecycleStage.CHURNED else ["churned"]
            health: list[str] = []
        else:
            renewal = [countdown(account.renewal_date, self.ctx.today())
                       + (f" ({account.renewal_date.isoformat()})" if account.renewal_date
                          else "")]
            health = [f"health {health_words(account.health_score)}"
                      if account.health_score is not None else "health not scored yet"]
        self.facts.setText(" · ".join([
            account.segment.label, account.lifecycle_stage.label,
            f"ARR {format_money(account.arr_cents, account.currency)}"] + renewal + health
            + _open_risks(header.risks) + _open_opportunities(header.opportunities, account)))

    def refresh_current(self) -> None:
        """The tab now shown, with the header (which also finds an account deleted
        meanwhile)."""
        if self.ctx.account_id is not None:
            self._load(header=True, tab=self.current_tab())


def _read_header(services: Any, account_id: int | None) -> Header:
    """The header's facts (NotFoundError when the account is gone)."""
    if account_id is None:
        raise NotFoundError("no account is open")
    return Header(services.accounts.get(account_id),
                  services.risks.open_by_account([account_id]).get(account_id),
                  services.growth.open_by_account([account_id]).get(account_id))


def _open_risks(found: Any) -> list[str]:
    if found is None:
        return []
    return [f"{found.count} open risk{'s' if found.count > 1 else ''} "
            f"({found.worst.label.lower()})"]


def _open_opportunities(found: Any, account: Any) -> list[str]:
    if found is None:
        return []
    words = f"{found.count} open opportunit{'ies' if found.count > 1 else 'y'}"
    if found.expected_arr_cents:
        words += f" ({format_money(found.expected_arr_cents, account.currency)})"
    return [words]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
