"""The two deciding steps of File → Import: which column goes to which field (MappingPage),
and what the values csdesk does not know mean (ValuesPage).

MappingPage shows one row per column of the file: its header, its first values, and a choice
of the import kind's fields or Ignore, pre-filled by name (or from a saved mapping for the same
headers). A column not decided, or a field two columns give, is tinted until it is settled;
each row's tooltip says how it was matched. ValuesPage asks what the lifecycle stages,
segments or metrics no known name matched mean, and how a date such as 03/04/2027 reads.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from csdesk.services.column_mapping import IGNORE, field_label, fields_of
from csdesk.services.import_dates import parse_any_date
from csdesk.services.import_mapping import ColumnMapping
from csdesk.ui.table_model import ALERT, WARN
from csdesk.ui.widgets import error_label, hint, show_error

NOT_DECIDED = "Choose a field, or Ignore…"
IGNORE_LABEL = "Ignore (don't import)"
LEAVE_OUT = "Leave the rows out"
SAMPLES = 3  # first values shown per column


def _tint(colour: QColor) -> QBrush:
    """A see-through wash of a signal colour: readable on a light or a dark base."""
    washed = QColor(colour)
    washed.setAlpha(70)
    return QBrush(washed)


class _NoWheelUnlessFocused(QObject):
    """A combo box in a table row does not change while the table is scrolled past it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) \
                and not watched.hasFocus():
            event.ignore()
            return True
        return False


class MappingPage(QWidget):
    """Step 1: the file's columns and the field each one goes to."""

    changed = Signal()  # a column's choice changed

    HEADER, SAMPLE, TARGET = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "accounts"
        self.headers: list[str] = []
        self._how: dict[str, str] = {}
        self._combos: dict[str, QComboBox] = {}
        self._wheel = _NoWheelUnlessFocused(self)
        self.sheet = QComboBox()
        self.sheet_label = QLabel("&Sheet:")
        self.sheet_label.setBuddy(self.sheet)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet, 1)
        sheet_row.addStretch(2)
        self.sheet_label.hide()
        self.sheet.hide()
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setObjectName("mappingSource")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Column in the file", "First values",
                                              "Goes to"])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.TARGET, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(self.HEADER, 230)
        self.table.setColumnWidth(self.TARGET, 250)
        self.problems = error_label()
        self.problems.setObjectName("mappingProblems")
        self.save_as = QLineEdit()
        self.save_as.setPlaceholderText("Optional: a name such as Salesforce accounts")
        self.save_as.setMaxLength(80)
        self.save_as.setClearButtonEnabled(True)
        save_row = QFormLayout()
        save_row.addRow("Save this mapping &as:", self.save_as)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(sheet_row)
        layout.addWidget(self.source)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addLayout(save_row)
        layout.addWidget(hint("Saved when the import is done, and offered again for a file "
                              "with the same columns (the same name replaces it)."))

    def show_sheets(self, sheets: list[str], current: str | None) -> None:
        """A workbook of several sheets offers the choice; one sheet or a CSV does not."""
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(sheets)
        if current in sheets:
            self.sheet.setCurrentText(current)
        self.sheet.blockSignals(False)
        several = len(sheets) > 1
        self.sheet_label.setVisible(several)
        self.sheet.setVisible(several)

    def show_columns(self, kind: str, headers: list[str], samples: dict[str, list[str]],
                     mapping: ColumnMapping, saved_name: str | None) -> None:
        self.kind = kind
        self.headers = list(dict.fromkeys(headers))  # a header twice is one choice
        self._how = dict(mapping.how)
        self._combos.clear()
        self.table.setRowCount(len(self.headers))
        for row, column in enumerate(self.headers):
            shown = column or "(no header)"
            self.table.setItem(row, self.HEADER, QTableWidgetItem(shown))
            values = " · ".join(samples.get(column, [])[:SAMPLES]) or "(empty in the first rows)"
            self.table.setItem(row, self.SAMPLE, QTableWidgetItem(values))
            combo = self._combo(mapping.field_of(column))
            combo.setAccessibleName(f"Field for the column {shown}")
            combo.currentIndexChanged.connect(lambda _i, c=column: self._on_chosen(c))
            self._combos[column] = combo
            self.table.setCellWidget(row, self.TARGET, combo)
        self.table.resizeRowsToContents()
        if saved_name:
            self.source.setText(f"Using your saved mapping “{saved_name}”. Change any "
                                "column below.")
            self.save_as.setText(saved_name)
        else:
            matched = sum(1 for h in self.headers if mapping.field_of(h) is not None)
            left = len(self.headers) - matched
            text = (f"{matched} of {len(self.headers)} columns matched by their names.")
            if left:
                text += (f" {left} {'needs' if left == 1 else 'need'} your decision "
                         "(highlighted): choose a field, or Ignore.")
            self.source.setText(text + " Hover over a row to see how it was matched.")
        self._refresh()

    def _combo(self, current: str | None) -> QComboBox:
        combo = QComboBox()
        combo.installEventFilter(self._wheel)
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        combo.addItem(NOT_DECIDED, None)
        for f in fields_of(self.kind):
            combo.addItem(f"{f.label} (required)" if f.required else f.label, f.name)
        combo.insertSeparator(combo.count())
        combo.addItem(IGNORE_LABEL, IGNORE)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
        return combo

    def combo(self, header: str) -> QComboBox:
        return self._combos[header]

    def choose(self, header: str, target: str | None) -> None:
        """Choose a column's field as the user does (its combo box)."""
        combo = self._combos[header]
        combo.setCurrentIndex(max(combo.findData(target), 0) if target else 0)

    def _on_chosen(self, header: str) -> None:
        self._how[header] = "chosen by you"
        self._refresh()
        self.changed.emit()

    def mapping(self) -> ColumnMapping:
        columns = {h: self._combos[h].currentData() for h in self.headers}
        return ColumnMapping(self.kind, columns, dict(self._how))

    def problems_now(self) -> list[str]:
        return self.mapping().problems() if self.headers else ["the file has no columns"]

    def _refresh(self) -> None:
        mapping = self.mapping()
        given: dict[str, int] = {}
        for target in mapping.columns.values():
            if target and target != IGNORE:
                given[target] = given.get(target, 0) + 1
        for row, column in enumerate(self.headers):
            target = mapping.columns[column]
            twice = bool(target and target != IGNORE and given[target] > 1)
            brush = _tint(ALERT) if target is None else _tint(WARN) if twice else None
            how = self._how.get(column) or "not recognised"
            tip = f"{column or '(no header)'}: {how}"
            if target is None:
                tip += "\nNot decided: choose the field it goes to, or Ignore."
            elif twice:
                tip += (f"\nAnother column also goes to {field_label(self.kind, target)}: "
                        "keep one and ignore the others.")
            for part in (self.HEADER, self.SAMPLE):
                item = self.table.item(row, part)
                item.setData(Qt.ItemDataRole.BackgroundRole, brush)
                item.setToolTip(tip)
            self._combos[column].setToolTip(tip)
        problems = self.problems_now()
        if problems:
            shown = problems[:4]
            more = f"\n… and {len(problems) - 4} more" if len(problems) > 4 else ""
            show_error(self.problems, "Before going on:\n• " + "\n• ".join(
                p[:1].upper() + p[1:] for p in shown) + more)
        else:
            show_error(self.problems, None)


class ValuesPage(QWidget):
    """Step 2 (only when needed): values no known name matched, and the date order."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._combos: dict[tuple[str, str], QComboBox] = {}
        self._orders = QButtonGroup(self)
        self._orders.buttonToggled.connect(lambda *_: self.changed.emit())
        self._content = QWidget()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel("Some values in the file are not ones csdesk knows. Say what they "
                       "mean here; a value you leave out keeps its rows out of the import "
                       "(they are listed on the next page).")
        intro.setWordWrap(True)
        self._layout.addWidget(intro)
        self._layout.addWidget(self._content)
        self._layout.addStretch(1)
        self.date_example = ""
        self.day_first: QRadioButton | None = None
        self.month_first: QRadioButton | None = None

    def show_questions(self, *, dates: tuple[str, list[str]] | None,
                       date_default: str | None,
                       values: list[tuple[str, str, list[tuple[str, int]],
                                          list[tuple[str, str]]]],
                       chosen: dict[str, dict[str, str]], order: str | None) -> None:
        """``dates``: (an ambiguous date as written, the columns it is in); ``values``:
        (field, title, [(value, rows)], [(label, our value)]) per field."""
        self._content.setParent(None)
        self._content.deleteLater()
        self._content = QWidget()
        self._layout.insertWidget(1, self._content)
        column = QVBoxLayout(self._content)
        column.setContentsMargins(0, 0, 0, 0)
        self._combos.clear()
        for button in self._orders.buttons():
            self._orders.removeButton(button)
        self.day_first = self.month_first = None
        if dates is not None:
            example, columns = dates
            self.date_example = example
            box = QGroupBox(f"Dates in {', '.join(f'“{c}”' for c in columns)}")
            inner = QVBoxLayout(box)
            inner.addWidget(QLabel(f"{example} is:"))
            day_first = parse_any_date(example, "dmy")
            month_first = parse_any_date(example, "mdy")
            self.day_first = QRadioButton(f"{_day_month(day_first)} (day first)")
            self.month_first = QRadioButton(f"{_month_day(month_first)} (month first)")
            for button, value in ((self.day_first, "dmy"), (self.month_first, "mdy")):
                button.setProperty("order", value)
                self._orders.addButton(button)
                inner.addWidget(button)
                if (order or date_default) == value:
                    button.setChecked(True)
            if date_default and not order:
                inner.addWidget(hint("Chosen from another date column of the file, whose "
                                     "dates can only be read this way."))
            column.addWidget(box)
        for name, title, found, choices in values:
            box = QGroupBox(title)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            for value, rows in found:
                combo = QComboBox()
                combo.setMinimumWidth(260)
                combo.addItem(LEAVE_OUT, None)
                for label, ours in choices:
                    combo.addItem(label, ours)
                before = chosen.get(name, {}).get(value)
                combo.setCurrentIndex(max(combo.findData(before), 0) if before else 0)
                combo.setAccessibleName(f"What {value} means")
                combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
                self._combos[(name, value)] = combo
                count = f"  ({rows} row{'s' if rows != 1 else ''})" if rows else ""
                form.addRow(f"“{value}”{count}", combo)
            if not choices:
                form.addRow(hint("No choice to map them to: add the measure to the "
                                 "accounts' success plans, or leave the rows out."))
            column.addWidget(box)

    def combo(self, name: str, value: str) -> QComboBox:
        return self._combos[(name, value)]

    def choose(self, name: str, value: str, ours: str | None) -> None:
        combo = self._combos[(name, value)]
        combo.setCurrentIndex(max(combo.findData(ours), 0) if ours else 0)

    def values(self) -> dict[str, dict[str, str]]:
        chosen: dict[str, dict[str, str]] = {}
        for (name, value), combo in self._combos.items():
            if combo.currentData() is not None:
                chosen.setdefault(name, {})[value] = combo.currentData()
        return chosen

    def date_order(self) -> str | None:
        button = self._orders.checkedButton()
        return None if button is None else str(button.property("order"))

    def needs_date_order(self) -> bool:
        return bool(self._orders.buttons()) and self.date_order() is None


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _day_month(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _month_day(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
