"""The account workspace: a header with the essentials, and the Overview, Success plan,
Meetings and Activity tabs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from csdesk.errors import NotFoundError
from csdesk.services.schedule import countdown
from csdesk.ui.account.activity import ActivityTab
from csdesk.ui.account.context import AccountContext
from csdesk.ui.account.meetings import MeetingsTab
from csdesk.ui.account.overview import OverviewTab
from csdesk.ui.account.path_tab import PathTab
from csdesk.ui.account.plan import PlanTab
from csdesk.ui.account.qbr_tab import QbrTab
from csdesk.ui.format import format_money, health_words

TABS = ("overview", "plan", "path", "meetings", "qbr", "activity")


class AccountWorkspace(QWidget):
    edit_requested = Signal(int)
    templates_requested = Signal()
    roadmap_requested = Signal()
    document_templates_requested = Signal()
    closed = Signal()

    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
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
        self.overview = OverviewTab(context)
        self.plan = PlanTab(context)
        self.path = PathTab(context)
        self.path.templates_requested.connect(self.templates_requested)
        self.meetings = MeetingsTab(context)
        self.qbr = QbrTab(context)
        self.qbr.roadmap_requested.connect(self.roadmap_requested)
        self.qbr.templates_requested.connect(self.document_templates_requested)
        self.activity = ActivityTab(context)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.overview, "&Overview")
        self.tabs.addTab(self.plan, "&Success plan")
        self.tabs.addTab(self.path, "&Critical path")
        self.tabs.addTab(self.meetings, "&Meetings")
        self.tabs.addTab(self.qbr, "&QBR")
        self.tabs.addTab(self.activity, "Ac&tivity")
        self.tabs.currentChanged.connect(lambda _i: self.refresh_current())
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs)

    @property
    def account_id(self) -> int | None:
        return self.ctx.account_id

    def open_account(self, account_id: int, tab: str = "") -> None:
        if self.ctx.account_id != account_id and self.ctx.account_id is not None:
            self.meetings.editor.save_notes()  # leave nothing typed behind
            self.meetings.editor.meeting = None
        self.ctx.account_id = account_id
        if tab in TABS:
            self.tabs.setCurrentIndex(TABS.index(tab))
        self.refresh()

    def current_tab(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def refresh(self) -> None:
        """Reload the header and the visible tab (the others reload when shown)."""
        if self.ctx.account_id is None:
            return
        try:
            account = self.ctx.services.accounts.get(self.ctx.account_id)
        except NotFoundError:
            self.ctx.account_id = None
            self.closed.emit()
            return
        archived = "  (archived)" if account.is_archived else ""
        self.name.setText(f"<h2 style='margin:0'>{_escape(account.name)}{archived}</h2>")
        renewal = countdown(account.renewal_date, self.ctx.today())
        if account.renewal_date:
            renewal += f" ({account.renewal_date.isoformat()})"
        self.facts.setText(" · ".join([
            account.segment.label, account.lifecycle_stage.label,
            f"ARR {format_money(account.arr_cents, account.currency)}", renewal,
            f"health {health_words(account.health_score)}"]))
        self.refresh_current()

    def refresh_current(self) -> None:
        if self.ctx.account_id is not None:
            self.tabs.currentWidget().refresh()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
