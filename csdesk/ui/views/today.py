"""Today: what is late or due this week, renewals coming up, meetings still without notes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from csdesk.models import RiskSeverity
from csdesk.services.book import (
    AgendaItem,
    MeetingWithoutNotes,
    RenewalRow,
    RiskRow,
    TodayAgenda,
)
from csdesk.services.schedule import DueState, plural_days
from csdesk.ui.format import (
    days_text,
    due_colour,
    format_money,
    health_colour,
    health_text,
    long_date,
    short_date,
)
from csdesk.ui.table_model import ALERT, WARN, Column, RowsTableModel
from csdesk.ui.views.book_scope import BookScope
from csdesk.ui.widgets import TableWithEmptyState, heading


def _state_text(item: AgendaItem, today: date) -> str:
    if item.days_late is not None:
        return f"{plural_days(item.days_late)} late"
    days = (item.due - today).days
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


class TodayView(QWidget):
    account_requested = Signal(int, str)  # account id, tab
    done_toggled = Signal(object, bool)  # AgendaItem, done

    def __init__(self, today_fn) -> None:
        super().__init__()
        self._today = today_fn
        self.title = QLabel()
        self.scope = BookScope()
        self.scope.currentIndexChanged.connect(lambda _i: self._show_scope())
        self._agenda = TodayAgenda([], [], [])
        self.due_model: RowsTableModel[AgendaItem] = RowsTableModel([
            Column("Done", lambda r: "", checkable=lambda r: False),
            Column("Due", lambda r: short_date(r.due), sort=lambda r: r.due.toordinal()),
            Column("When", lambda r: _state_text(r, self._today()),
                   sort=lambda r: r.due.toordinal(), colour=lambda r: due_colour(r.state),
                   bold=lambda r: r.state is DueState.OVERDUE),
            Column("Account", lambda r: r.account_name),
            Column("What", lambda r: ("Milestone: " if r.kind == "milestone" else "") + r.text),
            Column("Owner", lambda r: r.owner or "—"),
        ])
        self.due_model.check_toggled.connect(self.done_toggled)
        self.due = TableWithEmptyState(
            self.due_model, "Nothing late and nothing due in the next 7 days.\n"
                            "Action items and milestones with a due date show up here.")
        self.due.stretch_column(4)
        self.due.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.renewal_model: RowsTableModel[RenewalRow] = RowsTableModel([
            Column("Account", lambda r: r.account_name),
            Column("Renewal date", lambda r: short_date(r.renewal_date),
                   sort=lambda r: r.renewal_date.toordinal()),
            Column("Days left", lambda r: days_text(r.days_left), sort=lambda r: r.days_left,
                   align_right=True),
            Column("ARR", lambda r: format_money(r.arr_cents, r.currency),
                   sort=lambda r: r.arr_cents, align_right=True),
            Column("Health", lambda r: health_text(r.health_score),
                   sort=lambda r: -1 if r.health_score is None else r.health_score,
                   align_right=True, colour=lambda r: health_colour(r.health_score)),
        ])
        self.renewals = TableWithEmptyState(self.renewal_model,
                                            "No renewals in the next 90 days.")
        self.renewals.stretch_column(0)
        self.renewals.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.meeting_model: RowsTableModel[MeetingWithoutNotes] = RowsTableModel([
            Column("Date", lambda r: short_date(r.held_on), sort=lambda r: r.held_on.toordinal()),
            Column("Account", lambda r: r.account_name),
            Column("Meeting", lambda r: r.title),
        ])
        self.meetings = TableWithEmptyState(self.meeting_model,
                                            "Every meeting of the last 7 days has notes.")
        self.meetings.stretch_column(2)
        self.meetings.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.risk_model: RowsTableModel[RiskRow] = RowsTableModel([
            Column("Severity", lambda r: r.severity.label,
                   sort=lambda r: -list(RiskSeverity).index(r.severity),
                   colour=lambda r: ALERT if r.severity in (RiskSeverity.HIGH,
                                                            RiskSeverity.CRITICAL) else WARN
                   if r.severity is RiskSeverity.MEDIUM else None),
            Column("Account", lambda r: r.account_name),
            Column("Risk", lambda r: r.title + ("  (escalated)" if r.escalated else ""),
                   tooltip=lambda r: f"{r.status.label} since {r.detected_on.isoformat()}"),
        ])
        self.risks = TableWithEmptyState(self.risk_model,
                                         "No open risks. Early warnings are in each "
                                         "account's Risks tab.")
        self.risks.stretch_column(2)
        self.risks.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.risks.activated_row.connect(
            lambda r: self.account_requested.emit(r.account_id, "risks"))
        self.due.activated_row.connect(
            lambda r: self.account_requested.emit(r.account_id,
                                                  "plan" if r.kind == "milestone" else "meetings"))
        self.renewals.activated_row.connect(
            lambda r: self.account_requested.emit(r.account_id, "overview"))
        self.meetings.activated_row.connect(
            lambda r: self.account_requested.emit(r.account_id, "meetings"))
        lower = QSplitter()
        for title, table in (("Renewals in the next 90 days", self.renewals),
                             ("Open risks", self.risks),
                             ("Meetings in the last 7 days without notes", self.meetings)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(heading(title, 4))
            box_layout.addWidget(table)
            lower.addWidget(box)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(heading("Action items and milestones: late and due in the next "
                                       "7 days", 4))
        upper_layout.addWidget(self.due)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.scope, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter)

    def set_my_name(self, name: str) -> None:
        """Whose book "My book" is."""
        self.scope.set_my_name(name)
        self._show_scope()

    def show_agenda(self, agenda: TodayAgenda) -> None:
        self._agenda = agenda
        self.due_model.set_rows(agenda.due)
        self.renewal_model.set_rows(agenda.renewals)
        self.meeting_model.set_rows(agenda.meetings_without_notes)
        self.risk_model.set_rows(agenda.risks)
        self._show_scope()

    def _show_scope(self) -> None:
        """Team's or My book's work, and a summary that counts exactly what is shown."""
        agenda = self._agenda
        in_scope = self.scope.row_filter(agenda.owner_of)
        for model in (self.due_model, self.renewal_model, self.meeting_model, self.risk_model):
            model.set_filter(in_scope)

        def shown(rows: list) -> list:
            return [r for r in rows if in_scope is None or in_scope(r)]

        due = shown(agenda.due)
        late = sum(1 for item in due if item.state is DueState.OVERDUE)
        renewals, risks = len(shown(agenda.renewals)), len(shown(agenda.risks))
        summary = f"{late} late · {len(due) - late} due this week · " \
                  f"{renewals} renewal{'' if renewals == 1 else 's'} in 90 days · " \
                  f"{risks} open risk{'' if risks == 1 else 's'}"
        self.title.setText(f"<h2 style='margin:0'>Today, {long_date(self._today())}</h2>"
                           f"{summary}")
