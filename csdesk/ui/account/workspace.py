"""The account workspace: a header with the essentials, and the Overview, Success plan,
Critical path, Meetings, QBR, Risks, Growth and Activity tabs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from csdesk.errors import NotFoundError
from csdesk.models import AccountStatus
from csdesk.services.changes import (
    ACCOUNTS,
    CONTACTS,
    GROWTH,
    HEALTH,
    KINDS,
    MEETINGS,
    PATH,
    PLAN,
    RISKS,
    SETTINGS,
    SIGNALS,
    Changes,
)
from csdesk.services.schedule import countdown
from csdesk.ui.account.activity import ActivityTab
from csdesk.ui.account.context import AccountContext
from csdesk.ui.account.growth_tab import GrowthTab
from csdesk.ui.account.health_panel import HealthData
from csdesk.ui.account.meetings import MeetingsTab
from csdesk.ui.account.overview import OverviewTab
from csdesk.ui.account.path_tab import PathTab
from csdesk.ui.account.plan import PlanTab
from csdesk.ui.account.qbr_tab import QbrTab
from csdesk.ui.account.risks_tab import RisksTab
from csdesk.ui.format import format_money, health_words


@dataclass(frozen=True)
class AccountTab:
    """One tab of the account workspace: its name, its label and the kinds of record it shows
    (it refreshes after a change only when the change touches one of them)."""

    name: str
    label: str
    shows: frozenset[str]


# Every tab, declared once: the order is the tabs' order.
ACCOUNT_TABS = (
    AccountTab("overview", "&Overview", frozenset({ACCOUNTS, CONTACTS, HEALTH, SIGNALS})),
    AccountTab("plan", "&Success plan", frozenset({ACCOUNTS, PLAN, PATH, CONTACTS, SIGNALS})),
    AccountTab("path", "&Critical path", frozenset({ACCOUNTS, PLAN, PATH, SETTINGS})),
    AccountTab("meetings", "&Meetings", frozenset({ACCOUNTS, MEETINGS, CONTACTS, PLAN})),
    AccountTab("qbr", "&QBR", KINDS),
    AccountTab("risks", "&Risks", frozenset({ACCOUNTS, RISKS, HEALTH, SETTINGS, MEETINGS,
                                             PLAN, SIGNALS})),
    AccountTab("growth", "&Growth", frozenset({ACCOUNTS, GROWTH, SETTINGS, SIGNALS})),
    AccountTab("activity", "Ac&tivity", KINDS),
)
TABS = tuple(tab.name for tab in ACCOUNT_TABS)
TAB_LABELS = {tab.name: tab.label for tab in ACCOUNT_TABS}
SHOWS = {tab.name: tab.shows for tab in ACCOUNT_TABS}
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

    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self._header: Header | None = None
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
            return OverviewTab(context)
        if name == "plan":
            return PlanTab(context)
        if name == "path":
            path = PathTab(context)
            path.templates_requested.connect(self.templates_requested)
            return path
        if name == "meetings":
            return MeetingsTab(context)
        if name == "qbr":
            qbr = QbrTab(context)
            qbr.roadmap_requested.connect(self.roadmap_requested)
            qbr.templates_requested.connect(self.document_templates_requested)
            return qbr
        if name == "risks":
            risks = RisksTab(context)
            risks.changed.connect(self.refresh)
            risks.rules_requested.connect(self.rules_requested)
            return risks
        if name == "growth":
            growth = GrowthTab(context)
            growth.changed.connect(self.refresh)
            return growth
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
        self.ctx.account_id = account_id
        if tab in TABS:
            self.tabs.setCurrentIndex(TABS.index(tab))
        self.refresh()

    def current_tab(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def refresh(self) -> None:
        """Reload the header and the visible tab (the others reload when shown), from one
        snapshot."""
        if self.ctx.account_id is None:
            return
        with self.ctx.services.workspace.snapshot():
            if self._refresh_header():
                self.refresh_current()

    def on_changes(self, changes: Changes) -> None:
        """After a change: reload what shows it (the header, the visible tab), in one
        snapshot; nothing when the change is elsewhere."""
        account_id = self.ctx.account_id
        if account_id is None or not changes.touches(KINDS, account_id):
            return
        tab = self.current_tab()
        with self.ctx.services.workspace.snapshot():
            if changes.touches(HEADER_SHOWS) and not self._refresh_header():
                return
            if changes.touches(SHOWS[tab]):
                self.tab(tab).refresh()

    def show_health(self, account_id: int, data: HealthData) -> None:
        """A health refresh's result (read after it, off the GUI thread): the header's words
        and the Overview's health panel."""
        if account_id != self.ctx.account_id or self._header is None:
            return
        self._show_header(replace(self._header, account=data.account))
        if self.is_built("overview"):
            self.overview.health.show_data(data)

    def _refresh_header(self) -> bool:
        """False when the account is gone (the workspace closes)."""
        account_id = self.ctx.account_id
        services = self.ctx.services
        try:
            account = services.accounts.get(account_id)
        except NotFoundError:
            self.ctx.account_id = None
            self.closed.emit()
            return False
        self._show_header(Header(account, services.risks.open_by_account([account_id])
                                 .get(account_id),
                                 services.growth.open_by_account([account_id]).get(account_id)))
        return True

    def _show_header(self, header: Header) -> None:
        self._header, account = header, header.account
        archived = "  (archived)" if account.is_archived else ""
        self.name.setText(f"<h2 style='margin:0'>{_escape(account.name)}{archived}</h2>")
        churned = account.status is AccountStatus.CHURNED
        if churned:  # a churned account renews no more and is no longer scored
            renewal, health = "churned", []
        else:
            renewal = countdown(account.renewal_date, self.ctx.today())
            if account.renewal_date:
                renewal += f" ({account.renewal_date.isoformat()})"
            health = [f"health {health_words(account.health_score)}"
                      if account.health_score is not None else "health not scored yet"]
        self.facts.setText(" · ".join([
            account.segment.label, account.lifecycle_stage.label,
            f"ARR {format_money(account.arr_cents, account.currency)}", renewal] + health
            + _open_risks(header.risks) + _open_opportunities(header.opportunities, account)))

    def refresh_current(self) -> None:
        if self.ctx.account_id is not None:
            self.tab(self.current_tab()).refresh()


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
