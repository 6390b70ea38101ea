"""Today: what is late or due this week, renewals coming up, open risks and meetings still
without notes.

Each list shows its first rows (`TODAY_ROWS`, the soonest, the most severe, the latest) with how
many it has in all, and every row when asked: on a large book there are tens of thousands."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from csdesk.models import RiskSeverity
from csdesk.services.book_queries import RenewalRow
from csdesk.services.schedule import DueState, plural_days
from csdesk.services.today_agenda import (
    TODAY_ROWS,
    AgendaItem,
    MeetingWithoutNotes,
    RiskRow,
    TodayAgenda,
)
from csdesk.ui.format import (
    days_text,
    due_colour,
    format_money,
    health_colour,
    health_text,
    long_date,
    short_date,
)
from csdesk.ui.splitters import fit_first_pane, fit_pane
from csdesk.ui.table_model import ALERT, WARN, Column, RowsTableModel
from csdesk.ui.views.book_scope import BookScope
from csdesk.ui.widgets import TableWithEmptyState, heading


def _state_text(item: AgendaItem, today: date) -> str:
    if item.days_late is not None:
        return f"{plural_days(item.days_late)} late"
    days = (item.due - today).days
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


HEADING_PX = 24  # a heading's or a "more" line's height


class TodayView(QWidget):
    account_requested = Signal(int, str)  # account id, tab
    done_toggled = Signal(object, bool)  # AgendaItem, done
    reload_requested = Signal()  # the scope changed, or every row was asked for

    def __init__(self, today_fn) -> None:
        super().__init__()
        self._today = today_fn
        self.title = QLabel()
        self.scope = BookScope()
        self.scope.currentIndexChanged.connect(lambda _i: self.reload_requested.emit())
        self.agenda = TodayAgenda([], [], [])
        self.show_all = False  # every row of each list, not only the first TODAY_ROWS
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
                   tooltip=lambda r: f"{r.title}\n{r.status.label} since "
                                     f"{r.detected_on.isoformat()}"),
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
        self.more: dict[str, QLabel] = {}
        self.lists = lower = QSplitter()
        for title, table, name in (("Renewals in the next 90 days", self.renewals, "renewals"),
                                   ("Open risks", self.risks, "risks"),
                                   ("Meetings in the last 7 days without notes", self.meetings,
                                    "meetings")):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(heading(title, 4))
            box_layout.addWidget(table)
            box_layout.addWidget(self._more_label(name))
            lower.addWidget(box)
        for index, share in enumerate((5, 3, 3)):  # renewals have the most columns
            lower.setStretchFactor(index, share)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(heading("Action items and milestones: late and due in the next "
                                       "7 days", 4))
        upper_layout.addWidget(self.due)
        upper_layout.addWidget(self._more_label("due"))
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

    def _more_label(self, name: str) -> QLabel:
        """Under a list: how many rows it has beyond those shown, and a link to show them."""
        label = QLabel()
        label.setObjectName(f"today_more_{name}")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.linkActivated.connect(lambda _link: self.show_every_row())
        label.hide()
        self.more[name] = label
        return label

    def show_every_row(self) -> None:
        """Every row of each list (reads them again, in the background)."""
        self.show_all = True
        self.reload_requested.emit()

    def owner_in_scope(self) -> str | None:
        """Whose accounts' work to read: mine in My book, everyone's (None) in Team."""
        return self.scope.my_name if self.scope.mine_only else None

    def row_limit(self) -> int | None:
        return None if self.show_all else TODAY_ROWS

    def set_my_name(self, name: str) -> None:
        """Whose book "My book" is."""
        self.scope.set_my_name(name)

    def show_agenda(self, agenda: TodayAgenda) -> None:
        self.agenda = agenda
        self.due_model.set_rows(agenda.due)
        self.renewal_model.set_rows(agenda.renewals)
        self.meeting_model.set_rows(agenda.meetings_without_notes)
        self.risk_model.set_rows(agenda.risks)
        if agenda.renewals:  # renewals whole (money never cut); risks and meetings share the rest
            fit_first_pane(self.lists, self.renewals.table.width_of_columns())
        # Every item due in sight, up to 3/4 of the height: the lists below keep a few rows.
        fit_pane(self.splitter, 0, self.due.table.height_of_rows() + 2 * HEADING_PX, most=0.75)
        counts = agenda.counts
        for name, shown, total, first in (
                ("due", agenda.due, counts.due, "first {} by due date"),
                ("renewals", agenda.renewals, counts.renewals, "first {} by renewal date"),
                ("risks", agenda.risks, counts.risks, "{} most severe"),
                ("meetings", agenda.meetings_without_notes, counts.meetings, "{} latest")):
            label = self.more[name]
            label.setVisible(len(shown) < total)
            label.setText(f"Showing the {first.format(f'{len(shown):,}')} of {total:,}. "
                          f"<a href='all'>Show all</a>")
        late = counts.late
        summary = f"{late:,} late · {counts.due - late:,} due in the next 7 days · " \
                  f"{counts.renewals:,} renewal{'' if counts.renewals == 1 else 's'} in 90 " \
                  f"days · {counts.risks:,} open risk{'' if counts.risks == 1 else 's'} · " \
                  f"{counts.meetings:,} meeting{'' if counts.meetings == 1 else 's'} without notes"
        self.title.setText(f"<h2 style='margin:0'>Today, {long_date(self._today())}</h2>"
                           f"{summary}")
