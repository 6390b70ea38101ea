"""Small widgets used across the app: empty states, field errors, date fields, sections."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QIdentityProxyModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csdesk.services.validation import parse_date
from csdesk.ui.status_colours import readable
from csdesk.ui.table_model import ALERT, RowsTableModel


def ok_cancel_restore(dialog: QDialog, restore: Callable[[], None]) -> QDialogButtonBox:
    """OK, Cancel and Restore Defaults for a settings-like dialog, wired to it."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.RestoreDefaults)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(restore)
    return buttons


def error_label() -> QLabel:
    """A message shown beside a field when its input is refused."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {readable(ALERT).name()};")
    label.setObjectName("fieldError")
    label.hide()
    return label


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def heading(text: str, level: int = 3) -> QLabel:
    label = QLabel(f"<h{level} style='margin:0'>{text}</h{level}>")
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)  # the palette's muted text colour, light or dark
    return label


class DateEdit(QLineEdit):
    """A date typed as YYYY-MM-DD, or left empty. ``value()`` raises ValueError when unreadable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setMaxLength(10)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0000-00-000") + 24)

    def value(self) -> date | None:
        text = self.text().strip()
        return parse_date(text) if text else None

    def set_value(self, value: date | None) -> None:
        self.setText(value.isoformat() if value else "")


# A cell shows at most this many characters (then "…"): nobody reads further in a table, and
# Qt would lay out a 100,000-character name whole each time it measures or paints the cell.
CELL_TEXT_MAX = 500
TOOLTIP_TEXT_MAX = 2000
# NUL, ESC and the other control characters (not tab or newline) are shown as spaces.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def cell_text(text: str, limit: int = CELL_TEXT_MAX) -> str:
    """Text as a table cell shows it: cut to ``limit`` characters, control characters blank."""
    if len(text) > limit:
        text = text[:limit] + "…"
    return _UNPRINTABLE.sub(" ", text)


class GuardedRows(QIdentityProxyModel):
    """The model's rows as they are, safe to show whatever is stored.

    A cell whose value cannot be shown (a value of the wrong type, stored by an older csdesk)
    stays empty and the error is logged once: an exception raised in a Python model while
    Qt's C++ asks it for data (sizing the columns, painting, sorting) crashes PySide6 6.12 in
    shiboken's error handling (storePythonOverrideErrorOrPrint), so none may reach it. Long
    text and control characters are cut and blanked before Qt lays them out.
    """

    def __init__(self, model: RowsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(model)
        self._rows = model  # the Python object itself: no lookup through Qt on every call
        self.rows_model = model  # for the view: its columns and their widest texts
        self._reported = False

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each paint: kept lean. An identity
        # proxy's index has the source's row and column, all RowsTableModel.data reads.
        try:
            value = self._rows.data(index, role)
        except Exception as error:
            self._report(error)
            return None
        if value.__class__ is str:
            if role == _DISPLAY:
                return cell_text(value) if len(value) > CELL_TEXT_MAX or \
                    not value.isprintable() else value
            if role == _TOOLTIP:
                return cell_text(value, TOOLTIP_TEXT_MAX)
        return value

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        try:
            return self._rows.flags(self.mapToSource(index))
        except Exception as error:
            self._report(error)
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        try:
            self._rows.sort(column, order)
        except Exception as error:
            self._report(error)
            self._rows.layoutChanged.emit()  # close the change the failed sort opened
            self._rows.sort(-1, order)  # and show the rows in the order they came

    def _report(self, error: Exception) -> None:
        if not self._reported:
            from csdesk.logs import log_exception

            self._reported = True
            log_exception(error, "a table cell could not be shown")


TEXT_FLOOR = 90  # px a text column keeps before a scroll bar: it elides (its tooltip is whole)
SHORT_TEXT = 130  # px: a column no wider than this never elides


def share_out(widths: list[int], room: int, stretch: int | None, fixed: set[int],
              elide_late: tuple[int, ...] = (0,)) -> list[int]:
    """Each column's width in ``room`` px, from its contents' ``widths``.

    Spare room goes to the ``stretch`` column (the text that matters most). When the contents
    do not fit, text columns give up width in turns, each turn in proportion to what each
    column can give (down to TEXT_FLOOR; none from a column within SHORT_TEXT): first the
    ordinary ones, then ``elide_late`` (the row's name: the first column), then the stretch
    column. ``fixed`` columns (money, figures) never shrink. What still does not fit is left
    to the scroll bar.
    """
    sizes = list(widths)
    count = len(sizes)
    excess = sum(sizes) - room
    if stretch is not None and stretch >= count:
        stretch = None
    if excess <= 0:
        if stretch is not None:
            sizes[stretch] -= excess
        return sizes
    late = [c for c in elide_late if c < count and c != stretch and c not in fixed]
    turns = [[c for c in range(count) if c != stretch and c not in fixed and c not in late],
             late, [stretch] if stretch is not None else []]
    for turn in turns:
        # A short text (a date, a status, a stage) is read at a glance: it keeps its width.
        give = {c: sizes[c] - TEXT_FLOOR if sizes[c] > SHORT_TEXT else 0 for c in turn}
        total = sum(give.values())
        if total <= 0:
            continue
        share = min(1.0, excess / total)
        for column, can in give.items():
            taken = min(can, math.ceil(can * share))  # rounded up, so the rest fits
            sizes[column] -= taken
            excess -= taken
        if excess <= 0:
            break
    return sizes


class FitTableView(QTableView):
    """Columns as wide as their contents, shared out by priority when the room is short
    (see `share_out`); right-aligned columns (money, figures) are fixed at their widest
    value."""

    def __init__(self) -> None:
        super().__init__()
        self.stretch_column: int | None = None
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setHighlightSections(False)
        # Size columns from the first 50 rows (about a screenful): measuring 20,000 rows would
        # take seconds. Money is sized to its widest text in the whole list (`widest_text`).
        self.horizontalHeader().setResizeContentsPrecision(50)
        self._content_widths: list[int] = []
        self._fixed: set[int] = set()
        self.whole_columns: set[int] = set()  # short names that must read whole (keep_whole)

    def fit_columns(self) -> None:
        """Measure the columns' contents (new rows arrived), then share out the width."""
        model = self.model()
        if model is None or not model.columnCount():
            return
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        rows = getattr(model, "rows_model", None)
        self._fixed = set(self.whole_columns)
        widths = []
        for column in range(model.columnCount()):
            width = min(header.sectionSize(column), 420)  # very long texts kept within reason
            if rows is not None and rows.columns[column].align_right:
                self._fixed.add(column)
                widest = rows.widest_text(column)
                width = max(width, self.fontMetrics().horizontalAdvance(widest) + 16)
            widths.append(width)
        self._content_widths = widths
        self._share_out_width()

    def _share_out_width(self) -> None:
        """Lay the measured widths into the room there is. Cheap: no re-measuring."""
        widths = self._content_widths
        if not widths:
            return
        header = self.horizontalHeader()
        hidden = {c for c in range(len(widths)) if self.isColumnHidden(c)}  # take no room
        sizes = share_out([0 if c in hidden else w for c, w in enumerate(widths)],
                          self.viewport().width(), self.stretch_column, self._fixed)
        for column, size in enumerate(sizes):
            if column not in hidden and header.sectionSize(column) != size:
                header.resizeSection(column, size)

    def setColumnHidden(self, column: int, hide: bool) -> None:  # noqa: N802
        super().setColumnHidden(column, hide)
        self._share_out_width()  # the room it took goes to the others, or comes back

    def width_of_columns(self) -> int:
        """The width that shows every column whole, with a vertical scroll bar."""
        return (sum(self._content_widths) + self.verticalScrollBar().sizeHint().width()
                + 2 * self.frameWidth())

    def height_of_rows(self) -> int:
        """The height that shows every row, with the header and a horizontal scroll bar."""
        return (self.horizontalHeader().height() + self.verticalHeader().length()
                + self.horizontalScrollBar().sizeHint().height() + 2 * self.frameWidth())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._share_out_width()  # a resize changes the room, not the contents: no re-measuring


class TableWithEmptyState(QStackedWidget):
    """A sortable table that shows a sentence saying what to do when it has no rows."""

    activated_row = Signal(object)

    def __init__(self, model: RowsTableModel, empty_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        # The model sorts and filters itself (see table_model); the identity proxy passes the
        # header's sort requests on to it, keeps the view's selection across a re-sort, and
        # guards Qt from what cannot be shown (GuardedRows).
        self.proxy = GuardedRows(model, self)
        self.table = FitTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # Qt's header starts at column 0 descending: the rows would come last first (a path's
        # stages from the end). The first column ascending, until a view or the CSM says else.
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.activated.connect(self._on_activated)
        self.empty = QLabel(empty_text)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.empty.setFrameShape(QFrame.Shape.StyledPanel)
        self.addWidget(self.table)
        self.addWidget(self.empty)
        model.modelReset.connect(self._update_state)
        # Columns are fitted to new rows, not on every re-sort or filter keystroke: cheaper,
        # and the columns stay put while the user types.
        model.rows_replaced.connect(self.table.fit_columns)
        self._update_state()
        self.table.fit_columns()

    def stretch_column(self, column: int) -> None:
        self.table.stretch_column = column

    def keep_whole(self, column: int) -> None:
        """Never elide ``column`` (a short name the rows are read by), whatever the room."""
        self.table.whole_columns.add(column)

    def enable_with_selection(self, *buttons: QWidget) -> None:
        """``buttons`` act on the selected rows: enabled only while a row is selected."""
        def update() -> None:
            for button in buttons:
                button.setEnabled(self.table.selectionModel().hasSelection())
        self.table.selectionModel().selectionChanged.connect(update)
        self.proxy.modelReset.connect(update)  # after the selection model has cleared itself
        update()

    def _update_state(self) -> None:
        self.setCurrentWidget(self.table if self.model.total else self.empty)

    def _on_activated(self, index) -> None:
        self.activated_row.emit(self.row_of(index))

    def row_of(self, proxy_index):
        source = self.proxy.mapToSource(proxy_index)
        return self.model.row_at(source.row())

    def select_where(self, wanted: Callable[[Any], bool]) -> bool:
        """Select every row ``wanted`` accepts, replacing the selection (one call, so a
        multi-row selection survives); the first becomes current. False if none matched."""
        selection = QItemSelection()
        first = None
        last_column = self.proxy.columnCount() - 1
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if wanted(self.row_of(index)):
                selection.select(index, self.proxy.index(row, last_column))
                if first is None:
                    first = index
        if first is None:
            return False
        flags = QItemSelectionModel.SelectionFlag
        model = self.table.selectionModel()
        model.setCurrentIndex(first, flags.NoUpdate)
        model.select(selection, flags.ClearAndSelect | flags.Rows)
        return True

    def selected_rows(self) -> list:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [self.row_of(self.proxy.index(r, 0)) for r in sorted(rows)]

    def visible_rows(self) -> list:
        return [self.row_of(self.proxy.index(r, 0)) for r in range(self.proxy.rowCount())]


def section_frame(title: str, body: QWidget, subtitle: str | None = None) -> QFrame:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    layout = QVBoxLayout(frame)
    layout.addWidget(heading(title, 4))
    if subtitle:
        layout.addWidget(hint(subtitle))
    layout.addWidget(body)
    return frame


def titled_section(title: str, buttons: list[QWidget], body: QWidget) -> QWidget:
    """A heading with its buttons on the right, above ``body`` (a table, usually)."""
    from PySide6.QtWidgets import QHBoxLayout

    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    bar = QHBoxLayout()
    bar.addWidget(heading(title, 4))
    bar.addStretch(1)
    for button in buttons:
        bar.addWidget(button)
    layout.addLayout(bar)
    layout.addWidget(body)
    return box
