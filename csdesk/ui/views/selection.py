"""Which account a list view has selected: the account commands (prepare the QBR, export the
plan or the QBR, the account's calendar, hand over, new meeting, edit) act on it, never on the
account opened last (`MainWindow.target_accounts`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject

from csdesk.ui.widgets import TableWithEmptyState

AccountOf = Callable[[Any], int]


class AccountLists(QObject):
    """The tables of one view whose rows are accounts or belong to one (Today has four), each
    with how to read a row's account id, and which of them the user used last."""

    def __init__(self, tables: Sequence[tuple[TableWithEmptyState, AccountOf]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tables = list(tables)
        self._last: TableWithEmptyState | None = None
        for table, _account_of in self._tables:
            table.table.installEventFilter(self)
            table.table.selectionModel().selectionChanged.connect(
                lambda selected, _deselected, t=table: self._used(t) if selected.indexes()
                else None)

    def _used(self, table: TableWithEmptyState) -> None:
        self._last = table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn:
            self._last = next((t for t, _ in self._tables if t.table is watched), self._last)
        return False

    def selected_ids(self) -> list[int]:
        """The accounts selected in the table that has focus; else in the one used last; else
        in the first with a selection. Only tables on screen count (not one on a hidden tab).
        The current row's account comes first."""
        def rank(entry: tuple[TableWithEmptyState, AccountOf]) -> int:
            table = entry[0]
            return 0 if table.table.hasFocus() else 1 if table is self._last else 2

        for table, account_of in sorted(self._tables, key=rank):
            if not table.table.isVisible():  # on a hidden tab, or empty: nothing seen selected
                continue
            rows = table.selected_rows()
            if not rows:
                continue
            current = table.table.currentIndex()
            if current.isValid() and table.table.selectionModel().isRowSelected(
                    current.row(), current.parent()):
                rows.insert(0, table.row_of(current))
            return list(dict.fromkeys(account_of(row) for row in rows))
        return []
