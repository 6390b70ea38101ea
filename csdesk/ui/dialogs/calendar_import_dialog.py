"""File → Import meetings from a calendar: pick the events, check their accounts, create them.

Each event comes with the account its attendees' e-mail domains point to. Events that matched
an account are ticked; the account can be changed (double-click it) and an event without one
can be given one. Events already imported are shown but cannot be ticked again.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csdesk.services.calendar import EventMatch
from csdesk.services.calendar_reading import CalendarEvent, CalendarFile
from csdesk.ui.widgets import DateEdit, error_label, hint, show_error

NO_ACCOUNT = "—"
COLUMNS = ("Import", "Date", "Event", "Attendees", "Account")
ACCOUNT_COLUMN = 4
LOOK_BACK_DAYS, LOOK_AHEAD_DAYS = 30, 14


class EventsModel(QAbstractTableModel):
    """The events of the file, filtered by date; the tick and the account are editable."""

    def __init__(self, matches: list[EventMatch], accounts: dict[int, str]) -> None:
        super().__init__()
        self.accounts = accounts
        self._all = matches
        self.chosen = {id(m): m.account_id is not None and not m.already_imported
                       for m in matches}
        self.account_of = {id(m): m.account_id for m in matches}
        self.rows: list[EventMatch] = list(matches)

    def show_between(self, start: date | None, end: date | None, matched_only: bool) -> None:
        self.beginResetModel()
        self.rows = [m for m in self._all
                     if (start is None or m.event.day >= start)
                     and (end is None or m.event.day <= end)
                     and (not matched_only or self.account_of[id(m)] is not None)]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        match = self.rows[index.row()]
        if match.already_imported:
            return Qt.ItemFlag.ItemIsSelectable  # shown, greyed out: imported before
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.account_of[id(match)] is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == ACCOUNT_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        match = self.rows[index.row()]
        event, column = match.event, index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return (Qt.CheckState.Checked if self.chosen[id(match)]
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.ToolTipRole:
            if match.already_imported:
                return "Imported before: the meeting is already in the account."
            if column == 3:
                return "\n".join(f"{a.name} <{a.email}>" if a.email else a.name
                                 for a in event.attendees)
            if column == ACCOUNT_COLUMN and len(match.candidates) > 1 \
                    and match.account_id is None:
                return "Attendees from several accounts: double-click to choose one."
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 1:
            return event.day.isoformat()
        if column == 2:
            return event.title + ("  (repeats: this date only)" if event.recurring else "")
        if column == 3:
            return ", ".join(a.name for a in event.attendees) or "—"
        if column == ACCOUNT_COLUMN:
            if match.already_imported:
                return f"{match.account_name} (imported before)"
            account_id = self.account_of[id(match)]
            return self.accounts.get(account_id, NO_ACCOUNT) if account_id else NO_ACCOUNT
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: object,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        match = self.rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            self.chosen[id(match)] = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole and index.column() == ACCOUNT_COLUMN:
            account_id = value if isinstance(value, int) else None
            self.account_of[id(match)] = account_id
            self.chosen[id(match)] = account_id is not None
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), len(COLUMNS) - 1))
        return True

    def choices(self) -> list[tuple[CalendarEvent, int]]:
        """(event, account) for every ticked event shown."""
        return [(m.event, self.account_of[id(m)]) for m in self.rows  # type: ignore[misc]
                if self.chosen[id(m)] and self.account_of[id(m)] is not None
                and not m.already_imported]


class AccountDelegate(QStyledItemDelegate):
    """Double-click an account cell: a list of the book's accounts (or none)."""

    def __init__(self, accounts: dict[int, str], parent: QWidget) -> None:
        super().__init__(parent)
        self._accounts = sorted(accounts.items(), key=lambda item: item[1].casefold())

    def createEditor(self, parent: QWidget, option, index) -> QWidget:  # noqa: N802
        box = QComboBox(parent)
        box.addItem(NO_ACCOUNT, None)
        for account_id, name in self._accounts:
            box.addItem(name, account_id)
        return box

    def setEditorData(self, editor: QWidget, index) -> None:  # noqa: N802
        model = index.model()
        match = model.rows[index.row()]
        found = editor.findData(model.account_of[id(match)])  # type: ignore[attr-defined]
        editor.setCurrentIndex(max(found, 0))  # type: ignore[attr-defined]

    def setModelData(self, editor: QWidget, model, index) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]


class CalendarImportDialog(QDialog):
    def __init__(self, calendar: CalendarFile, matches: list[EventMatch],
                 accounts: dict[int, str], today: date, file_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import meetings from {file_name}")
        self.resize(900, 560)
        self.model = EventsModel(matches, accounts)
        self.start = DateEdit()
        self.start.set_value(today - timedelta(days=LOOK_BACK_DAYS))
        self.end = DateEdit()
        self.end.set_value(today + timedelta(days=LOOK_AHEAD_DAYS))
        self.matched_only = QCheckBox("Only events with an account")
        for edit in (self.start, self.end):
            edit.editingFinished.connect(self.apply_filter)
        self.matched_only.toggled.connect(lambda _on: self.apply_filter())
        bar = QHBoxLayout()
        bar.addWidget(QLabel("From"))
        bar.addWidget(self.start)
        bar.addWidget(QLabel("to"))
        bar.addWidget(self.end)
        bar.addWidget(self.matched_only)
        bar.addStretch(1)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(ACCOUNT_COLUMN, AccountDelegate(accounts, self))
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableView.EditTrigger.DoubleClicked
                                   | QTableView.EditTrigger.EditKeyPressed)
        self.empty = QLabel()
        self.empty.setEnabled(False)
        self.skipped = QLabel()
        self.skipped.setEnabled(False)
        if calendar.skipped:
            count = len(calendar.skipped)
            self.skipped.setText(f"{count} event{'s' if count != 1 else ''} could not be read "
                                 f"and {'are' if count != 1 else 'is'} left out (hover for "
                                 "why).")
            self.skipped.setToolTip("\n".join(calendar.skipped[:30]))
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("Events are matched to accounts by the e-mail domains of their "
                              "attendees. Double-click an account to change it."))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.skipped)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.model.dataChanged.connect(lambda *_: self._update_button())
        self.model.modelReset.connect(self._update_button)
        self.apply_filter()

    def apply_filter(self) -> None:
        try:
            start, end = self.start.value(), self.end.value()
        except ValueError as error:
            show_error(self.error, str(error))
            return
        show_error(self.error, None)
        self.model.show_between(start, end, self.matched_only.isChecked())
        self.table.resizeColumnsToContents()
        shown = self.model.rowCount()
        self.empty.setText("" if shown else "No events in these dates: widen them to see more.")

    def _update_button(self) -> None:
        count = len(self.model.choices())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Create {count} meeting{'s' if count != 1 else ''}")
        ok.setEnabled(count > 0)
