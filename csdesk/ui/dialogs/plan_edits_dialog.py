"""Account → Import the customer's edits…: each change the customer's Word copy of the success
plan proposes, side by side (when exported, in csdesk now, in the customer's document) with
the customer's comments on it, each accepted or rejected; conflicts stand out and start
rejected; a change csdesk could not apply as written says why and cannot be accepted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from csdesk.ui.status_colours import readable
from csdesk.ui.table_model import WARN
from csdesk.ui.widgets import hint

KIND_WORDS = {"changed": "Changed", "added": "Added", "removed": "Deleted",
              "conflict": "Conflict\n(changed in csdesk too)"}
ACCEPT, KIND, WHAT, EXPORTED, OURS, THEIRS, NOTES = range(7)


class PlanEditsDialog(QDialog):
    def __init__(self, edits: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits = edits
        self.setWindowTitle(f"The customer's edits: {edits.account_name}")
        intro = QLabel(f"<b>{edits.reading.file_name}</b>, the success plan exported "
                       f"{edits.exported_at or 'on an unknown date'}: "
                       f"{len(edits.changes)} change{'' if len(edits.changes) == 1 else 's'}.")
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        self.table = QTableWidget(len(edits.changes), 7)
        self.table.setHorizontalHeaderLabels(["Accept", "Change", "What", "When exported",
                                              "In csdesk now", "Customer's document",
                                              "Comments and problems"])
        self.table.setColumnHidden(NOTES, not any(c.comments or c.problem
                                                  for c in edits.changes))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, change in enumerate(edits.changes):
            self._fill(row, change)
        header = self.table.horizontalHeader()
        for column in (WHAT, EXPORTED, OURS, THEIRS, NOTES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(ACCEPT)
        self.table.resizeColumnToContents(KIND)
        self.table.resizeRowsToContents()
        # rows fit their text at the widths the columns get once the dialog is laid out
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        self._fit_rows = QTimer(self, singleShot=True, interval=0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        accept_all, reject_all = QPushButton("Accept all"), QPushButton("Reject all")
        accept_all.clicked.connect(lambda: self.set_all(True))
        reject_all.clicked.connect(lambda: self.set_all(False))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemChanged.connect(lambda _item: self._count())
        row = QHBoxLayout()
        row.addWidget(accept_all)
        row.addWidget(reject_all)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for note in edits.notes:
            layout.addWidget(hint(note))
        if not edits.changes:
            layout.addWidget(hint("Nothing to import: the document says what csdesk has."))
        layout.addWidget(self.table, 1)
        layout.addWidget(hint("What you accept is applied as one step (Ctrl+Z undoes it) and "
                              "noted in Activity as coming from the customer's document."))
        layout.addLayout(row)
        self.resize(1100, 560)
        self._count()

    def _fill(self, row: int, change: Any) -> None:
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        conflict, problem = change.kind == "conflict", change.problem
        if problem:  # applying it would be refused: it cannot be chosen
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable)
        check.setCheckState(Qt.CheckState.Unchecked if conflict or problem
                            else Qt.CheckState.Checked)
        self.table.setItem(row, ACCEPT, check)
        kind = KIND_WORDS.get(change.kind, change.kind)
        notes = ([f"Cannot apply: {problem}"] if problem else []) + \
            [f"Comment by {text}" for text in change.comments]
        texts = {KIND: f"{kind}\n(cannot apply)" if problem else kind,
                 WHAT: change.label, EXPORTED: change.exported or "—",
                 OURS: _shown(change, change.ours),
                 THEIRS: change.theirs if change.theirs is not None else "(deleted)",
                 NOTES: "\n".join(notes)}
        for column, text in texts.items():
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if (conflict and column in (KIND, OURS, THEIRS)) or \
                    (problem and column in (KIND, NOTES)):
                item.setForeground(QBrush(readable(WARN)))
            self.table.setItem(row, column, item)

    def set_all(self, accepted: bool) -> None:
        state = Qt.CheckState.Checked if accepted else Qt.CheckState.Unchecked
        for row, change in enumerate(self.edits.changes):
            if not change.problem:
                self.table.item(row, ACCEPT).setCheckState(state)

    def accepted_changes(self) -> list[Any]:
        return [change for row, change in enumerate(self.edits.changes)
                if self.table.item(row, ACCEPT).checkState() == Qt.CheckState.Checked
                and not change.problem]

    def _count(self) -> None:
        chosen = len(self.accepted_changes())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Apply {chosen} change{'' if chosen == 1 else 's'}")
        ok.setEnabled(chosen > 0)


def _shown(change: Any, value: str | None) -> str:
    if change.kind == "added":
        return "—"
    return value if value is not None else "(no longer in csdesk)"
