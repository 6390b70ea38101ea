"""One thin table model for every list in the app: rows are plain dataclasses, columns say how
to show and sort them. No queries here; views hand in rows prepared by the services.

The model sorts and filters its own Python list (one ``sorted`` call with a key) instead of
leaving it to a QSortFilterProxyModel, which calls back into Python for every comparison and
every row: with 5,000 rows that cost over a second per sort and 130 ms per filter keystroke.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from csdesk.ui.status_colours import readable

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

# The roles as plain ints: `data` runs some eight times per cell when Qt sizes a column or
# paints, and comparing with the enum members costs more than the rest of the call.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_SORT = int(SORT_ROLE)
_ROW = int(ROW_ROLE)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CHECK = int(Qt.ItemDataRole.CheckStateRole)
_ANSWERED = frozenset({_DISPLAY, _EDIT, _SORT, _ROW, _ALIGN, _FOREGROUND, _FONT, _TOOLTIP,
                       _CHECK})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

LONG_LIST = 2000  # rows beyond which widest_text looks at the extreme values only
# Okabe-Ito colours: distinguishable with colour-blindness, readable on light and dark.
ALERT = QColor("#D55E00")
WARN = QColor("#E69F00")
GOOD = QColor("#009E73")


@dataclass(frozen=True)
class Column(Generic[Row]):
    title: str
    text: Callable[[Row], str]
    sort: Callable[[Row], Any] | None = None
    align_right: bool = False
    colour: Callable[[Row], QColor | None] | None = None
    bold: Callable[[Row], bool] | None = None
    tooltip: Callable[[Row], str | None] | None = None
    checkable: Callable[[Row], bool | None] | None = None  # a check box: True/False, or none
    editable: bool = False  # edited in place; the model emits ``edited`` with the new text


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    check_toggled = Signal(object, bool)  # (row, checked): the user ticked a check box
    edited = Signal(object, int, str)  # (row, column, text): the user typed a new value
    rows_replaced = Signal()  # new rows from the services (not a re-sort or a filter change)

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._given: list[Row] = []  # as handed in
        self._rows: list[Row] = []  # as shown: filtered, then sorted
        self._sort_column = -1  # -1: the order the rows were given in
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._accept: Callable[[Row], bool] | None = None

    @property
    def rows(self) -> list[Row]:
        """Every row, in the order given (whatever the filter and the sort)."""
        return list(self._given)

    @property
    def total(self) -> int:
        """How many rows there are before the filter."""
        return len(self._given)

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._given = list(rows)
        self._rows = self._arranged()
        self.endResetModel()
        self.rows_replaced.emit()

    def set_filter(self, accept: Callable[[Row], bool] | None) -> None:
        """Show only the rows ``accept`` says yes to (None: every row)."""
        self.beginResetModel()
        self._accept = accept
        self._rows = self._arranged()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        kept = [(self._rows[i.row()], i.column()) for i in before]
        self._rows = self._arranged()
        position = {id(row): number for number, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            before, [self.index(position[id(row)], column) for row, column in kept])
        self.layoutChanged.emit()

    def _arranged(self) -> list[Row]:
        rows = self._given if self._accept is None else [r for r in self._given
                                                          if self._accept(r)]
        if not 0 <= self._sort_column < len(self.columns):
            return list(rows)
        column = self.columns[self._sort_column]

        def key(row: Row) -> tuple[bool, Any]:
            value = column.sort(row) if column.sort else column.text(row).casefold()
            return value is None, value  # no value sorts last

        return sorted(rows, key=key,
                      reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def widest_text(self, column: int) -> str:
        """The longest text of ``column`` over every row shown (not just the first screenful
        Qt measures): a money column is sized to it, so no amount is ever cut.

        In a long list of a column sorted by value (money, figures) the longest text is the
        largest or the most negative value's: only those, and the first screenful, are
        formatted (a quarter of the time of formatting every row)."""
        spec, rows = self.columns[column], self._rows
        if spec.sort is not None and len(rows) > LONG_LIST:
            try:
                rows = [*rows[:50], min(rows, key=spec.sort), max(rows, key=spec.sort)]
            except Exception:  # keys that do not compare (a None among
                rows = self._rows  # numbers, a value of the wrong type): every row

        def text(row: Row) -> str:
            try:
                return spec.text(row)
            except Exception:  # a value that cannot be shown is shown empty
                return ""  # (GuardedRows says so once); it takes no width

        return max((text(row) for row in rows), key=len, default="")

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        column = self.columns[index.column()]
        if column.checkable and column.checkable(self._rows[index.row()]) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if column.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _ANSWERED or not index.isValid():
            return None  # size hints, decorations, backgrounds: Qt's defaults
        row_number = index.row()
        if row_number >= len(self._rows):
            return None
        row, column = self._rows[row_number], self.columns[index.column()]
        if role == _DISPLAY:
            return column.text(row)
        if role == _EDIT:
            text = column.text(row)
            return "" if text == "—" else text
        if role == _SORT:
            return column.sort(row) if column.sort else column.text(row).casefold()
        if role == _ROW:
            return row
        if role == _ALIGN:
            return _RIGHT if column.align_right else None
        if role == _FOREGROUND:
            colour = column.colour(row) if column.colour else None
            return QBrush(readable(colour)) if colour else None  # AA in either scheme
        if role == _FONT:
            if column.bold and column.bold(row):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == _TOOLTIP:  # a column's own, else its text: whole where the cell elides
            return column.tooltip(row) if column.tooltip else (column.text(row) or None)
        checked = column.checkable(row) if column.checkable else None  # _CHECK
        if checked is None:
            return None
        return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        if role == Qt.ItemDataRole.EditRole and self.columns[index.column()].editable:
            self.edited.emit(self._rows[index.row()], index.column(), str(value))
            return True
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.check_toggled.emit(self._rows[index.row()], checked)
        return True
