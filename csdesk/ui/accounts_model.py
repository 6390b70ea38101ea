"""The accounts table: a thin Qt model over rows prepared by the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from csdesk.models import Account
from csdesk.services.validation import format_money

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class AccountRow:
    id: int
    name: str
    segment: str
    stage: str
    arr_cents: int
    currency: str
    renewal_date: date | None

    @classmethod
    def of(cls, account: Account) -> AccountRow:
        return cls(account.id, account.name, account.segment.label, account.lifecycle_stage.label,
                   account.arr_cents, account.currency, account.renewal_date)


class AccountsTableModel(QAbstractTableModel):
    NAME, SEGMENT, STAGE, ARR, RENEWAL, DAYS_LEFT = range(6)
    HEADERS = ("Account", "Segment", "Lifecycle stage", "ARR", "Renewal date", "Days to renewal")
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1
    ID_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._rows: list[AccountRow] = []
        self._today = today or date.today()

    def set_rows(self, rows: list[AccountRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        days = (row.renewal_date - self._today).days if row.renewal_date else None
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.NAME: row.name, self.SEGMENT: row.segment, self.STAGE: row.stage,
                self.ARR: format_money(row.arr_cents, row.currency),
                self.RENEWAL: row.renewal_date.isoformat() if row.renewal_date else "—",
                self.DAYS_LEFT: "—" if days is None else str(days),
            }[column]
        if role == self.SORT_ROLE:
            return {
                self.NAME: row.name.casefold(), self.SEGMENT: row.segment, self.STAGE: row.stage,
                self.ARR: row.arr_cents,
                self.RENEWAL: row.renewal_date.toordinal() if row.renewal_date else 10**9,
                self.DAYS_LEFT: days if days is not None else 10**9,
            }[column]
        if role == self.ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.ARR, self.DAYS_LEFT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
