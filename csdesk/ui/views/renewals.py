"""Renewals: the pipeline of the next 90 (or 180) days, with each renewal's checkpoint, its
health, and the ARR expected to renew; totals say what is due, expected and at risk."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from csdesk.services.renewals import Pipeline, PipelineRow
from csdesk.ui.format import days_text, format_money, health_colour, health_words, short_date
from csdesk.ui.table_model import ALERT, WARN, Column, RowsTableModel
from csdesk.ui.views.book_scope import BookScope
from csdesk.ui.widgets import TableWithEmptyState


class RenewalsView(QWidget):
    account_requested = Signal(int, str)
    window_changed = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        self.window = QComboBox()
        self.window.addItem("Next 90 days", 90)
        self.window.addItem("Next 180 days", 180)
        self.window.setObjectName("renewal_window")
        self.window.activated.connect(lambda _i: self.window_changed.emit(self.days))
        self.scope = BookScope()
        self.scope.currentIndexChanged.connect(lambda _i: self._show_scope())
        self._pipeline = Pipeline([])
        self.model: RowsTableModel[PipelineRow] = RowsTableModel([
            Column("Renewal date", lambda r: short_date(r.renewal_date),
                   sort=lambda r: r.renewal_date.toordinal()),
            Column("Days left", lambda r: days_text(r.days_left), sort=lambda r: r.days_left,
                   align_right=True,
                   colour=lambda r: ALERT if r.days_left <= 30 else WARN if r.days_left <= 60
                   else None),
            Column("Account", lambda r: r.account_name),
            Column("Owner", lambda r: r.owner or "—", sort=lambda r: (r.owner or "").casefold()),
            Column("Checkpoint", lambda r: r.checkpoint_label,
                   sort=lambda r: r.checkpoint or 999),
            Column("Next checkpoint", lambda r: short_date(r.next_checkpoint),
                   sort=lambda r: r.next_checkpoint.toordinal() if r.next_checkpoint else 10**9),
            Column("ARR", lambda r: format_money(r.arr_cents, r.currency),
                   sort=lambda r: r.arr_cents, align_right=True),
            Column("Health", lambda r: health_words(r.health_score),
                   sort=lambda r: -1 if r.health_score is None else r.health_score,
                   colour=lambda r: health_colour(r.health_score)),
            Column("Open risks", lambda r: r.risks_label, sort=lambda r: (
                       -1 if r.worst_risk is None else list(type(r.worst_risk)).index(
                           r.worst_risk), r.open_risks),
                   colour=lambda r: ALERT if r.worst_risk is not None
                   and r.worst_risk.value in ("high", "critical") else None),
            Column("Expected", lambda r: format_money(r.expected_cents, r.currency),
                   sort=lambda r: r.expected_cents, align_right=True,
                   tooltip=lambda r: "ARR × the share expected to renew at this health: "
                                     "healthy 95%, at risk or no score 75%, unhealthy 40%"),
        ])
        self.table = TableWithEmptyState(
            self.model, "No renewals in this window.\nRenewals are worked from 90 days before "
                        "the renewal date; they will appear here then.")
        self.table.stretch_column(2)
        self.table.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated_row.connect(
            lambda r: self.account_requested.emit(r.account_id, "overview"))
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.scope)
        bar.addWidget(self.window)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    @property
    def days(self) -> int:
        return int(self.window.currentData())

    def set_my_name(self, name: str) -> None:
        """Whose book "My book" is."""
        self.scope.set_my_name(name)
        self._show_scope()

    def set_pipeline(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline
        self.model.set_rows(pipeline.rows)
        self._show_scope()

    def _show_scope(self) -> None:
        """The rows of Team or My book, and the totals of exactly those."""
        self.model.set_filter(self.scope.row_filter(lambda row: row.owner))
        pipeline = Pipeline([r for r in self._pipeline.rows if self.scope.accepts(r.owner)])
        totals = pipeline.totals()
        parts = [f"{format_money(t['due'], cur)} up for renewal, {format_money(t['expected'], cur)}"
                 f" expected, {format_money(t['at_risk'], cur)} at risk"
                 for cur, t in sorted(totals.items())]
        count = len(pipeline.rows)
        self.title.setText(f"<h2 style='margin:0'>Renewals in the next {self.days} days</h2>"
                           f"{count} account{'s' if count != 1 else ''}"
                           + (" · " + " · ".join(parts) if parts else ""))
