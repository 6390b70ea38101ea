"""Renewals: accounts renewing in the next 90 days, soonest first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from csdesk.services.book import RenewalRow
from csdesk.ui.format import days_text, format_money, health_colour, health_text, short_date
from csdesk.ui.table_model import ALERT, WARN, Column, RowsTableModel
from csdesk.ui.widgets import TableWithEmptyState


class RenewalsView(QWidget):
    account_requested = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        self.model: RowsTableModel[RenewalRow] = RowsTableModel([
            Column("Renewal date", lambda r: short_date(r.renewal_date),
                   sort=lambda r: r.renewal_date.toordinal()),
            Column("Days left", lambda r: days_text(r.days_left), sort=lambda r: r.days_left,
                   align_right=True,
                   colour=lambda r: ALERT if r.days_left <= 30 else WARN if r.days_left <= 60
                   else None),
            Column("Account", lambda r: r.account_name),
            Column("Segment", lambda r: r.segment),
            Column("ARR", lambda r: format_money(r.arr_cents, r.currency),
                   sort=lambda r: r.arr_cents, align_right=True),
            Column("Health", lambda r: health_text(r.health_score),
                   sort=lambda r: -1 if r.health_score is None else r.health_score,
                   align_right=True, colour=lambda r: health_colour(r.health_score)),
        ])
        self.table = TableWithEmptyState(
            self.model, "No renewals in the next 90 days.\nRenewals are worked from 90 days "
                        "before the renewal date; they will appear here then.")
        self.table.stretch_column(2)
        self.table.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated_row.connect(
            lambda r: self.account_requested.emit(r.account_id, "overview"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table)

    def set_rows(self, rows: list[RenewalRow]) -> None:
        self.model.set_rows(rows)
        by_currency: dict[str, int] = {}
        for row in rows:
            by_currency[row.currency] = by_currency.get(row.currency, 0) + row.arr_cents
        total = " + ".join(format_money(c, cur) for cur, c in sorted(by_currency.items()))
        self.title.setText("<h2 style='margin:0'>Renewals in the next 90 days</h2>"
                           f"{len(rows)} accounts" + (f" · {total} ARR up for renewal"
                                                      if rows else ""))
