"""Book-wide growth views: Opportunities (with totals by kind and stage) and Product gaps (the
feature requests of every account, ranked by the accounts and ARR asking)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from csdesk.models import OpportunityKind, OpportunityStage
from csdesk.services.growth import GapRow, OpportunityRow, totals_by_kind_and_stage
from csdesk.services.validation import format_money
from csdesk.ui.table_model import GOOD, Column, RowsTableModel
from csdesk.ui.widgets import TableWithEmptyState, heading, hint


class OpportunitiesView(QWidget):
    account_requested = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        stages = [s for s in OpportunityStage]
        self.totals_model: RowsTableModel[tuple[str, dict]] = RowsTableModel([
            Column("Kind", lambda r: r[0]),
            *[Column(stage.label, lambda r, s=stage.label: _cell(r[1].get(s)),
                     sort=lambda r, s=stage.label: r[1].get(s, (0, 0))[1], align_right=True)
              for stage in stages],
        ])
        self.totals = TableWithEmptyState(self.totals_model, "No opportunity in the book yet.")
        self.totals.setMinimumHeight(200)  # one row per kind, all six visible
        self.model: RowsTableModel[OpportunityRow] = RowsTableModel([
            Column("Account", lambda r: r.account_name),
            Column("Kind", lambda r: r.kind.label),
            Column("Stage", lambda r: r.stage.label,
                   sort=lambda r: list(OpportunityStage).index(r.stage),
                   colour=lambda r: GOOD if r.stage is OpportunityStage.WON else None),
            Column("Opportunity", lambda r: r.title),
            Column("Expected ARR", lambda r: format_money(r.expected_arr_cents)
                   if r.expected_arr_cents else "—",
                   sort=lambda r: r.expected_arr_cents or 0, align_right=True),
            Column("Expected", lambda r: r.expected_on.isoformat() if r.expected_on else "—",
                   sort=lambda r: r.expected_on.toordinal() if r.expected_on else 10**7),
            Column("Next step", lambda r: r.next_step or "—"),
        ])
        self.table = TableWithEmptyState(
            self.model, "No opportunity yet. Add them in an account's Growth tab; promoters "
                        "and first value propose advocacy there.")
        self.table.stretch_column(6)
        self.table.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
        self.table.activated_row.connect(
            lambda r: self.account_requested.emit(r.account_id, "growth"))
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        for title, table in (("By kind and stage: count and expected ARR", self.totals),
                             ("Every opportunity", self.table)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(heading(title, 4))
            box_layout.addWidget(table)
            self.splitter.addWidget(box)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.splitter)

    def show_rows(self, rows: list[OpportunityRow]) -> None:
        open_rows = [r for r in rows if r.stage.is_open]
        pipeline = sum(r.expected_arr_cents or 0 for r in open_rows)
        self.title.setText(f"<h2 style='margin:0'>Opportunities</h2>{len(open_rows)} open · "
                           f"{format_money(pipeline)} expected ARR open · "
                           f"{sum(1 for r in rows if r.stage is OpportunityStage.WON)} won")
        totals = totals_by_kind_and_stage(rows)
        by_kind = []
        for kind in OpportunityKind:
            cells = {stage: value for (k, stage), value in totals.items() if k == kind.label}
            if cells:
                by_kind.append((kind.label, cells))
        self.totals_model.set_rows(by_kind)
        self.model.set_rows(rows)


def _cell(value: tuple[int, int] | None) -> str:
    if not value:
        return ""
    count, cents = value
    return f"{count}" + (f" · {format_money(cents)}" if cents else "")


class ProductGapsView(QWidget):
    account_requested = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        self.model: RowsTableModel[GapRow] = RowsTableModel([
            Column("Product gap", lambda g: g.title),
            Column("Accounts", lambda g: str(g.accounts), sort=lambda g: g.accounts,
                   align_right=True),
            Column("ARR asking", lambda g: format_money(g.arr_cents),
                   sort=lambda g: g.arr_cents, align_right=True),
            Column("Requests", lambda g: str(g.requests), sort=lambda g: g.requests,
                   align_right=True),
            Column("Last asked", lambda g: g.last_asked.isoformat(),
                   sort=lambda g: g.last_asked.toordinal()),
            Column("Accounts asking", lambda g: ", ".join(g.account_names),
                   tooltip=lambda g: "\n".join(g.account_names)),
        ])
        self.table = TableWithEmptyState(
            self.model, "No feature request logged yet. Log what customers ask for in an "
                        "account's Growth tab; similar requests share one product gap.")
        self.table.stretch_column(5)
        self.table.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(hint("The list to take to the product team: Ctrl+Shift+S exports it "
                              "as an Excel workbook or CSV."))
        layout.addWidget(self.table)

    def show_rows(self, rows: list[GapRow]) -> None:
        self.title.setText(f"<h2 style='margin:0'>Product gaps</h2>{len(rows)} gaps asked "
                           f"for by {len({n for g in rows for n in g.account_names})} accounts")
        self.model.set_rows(rows)
