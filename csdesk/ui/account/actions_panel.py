"""A list of action items (of a meeting or a milestone): tick done, add, remove; undoable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from csdesk.errors import CsdeskError
from csdesk.models import ActionItem
from csdesk.services.schedule import DueState, due_state
from csdesk.ui.account.context import AccountContext
from csdesk.ui.format import due_colour, short_date
from csdesk.ui.table_model import Column, RowsTableModel
from csdesk.ui.widgets import DateEdit, TableWithEmptyState, error_label, show_error


class ActionsPanel(QWidget):
    def __init__(self, context: AccountContext, empty_text: str,
                 link: Callable[[], dict[str, int]]) -> None:
        """``link`` gives the fields tying a new item to its meeting or milestone."""
        super().__init__()
        self.ctx, self._link = context, link
        self._adding = 0  # items on their way to the workspace
        today = context.today
        self.model: RowsTableModel[ActionItem] = RowsTableModel([
            Column("Done", lambda a: short_date(a.done_on) if a.done_on else "",
                   checkable=lambda a: a.done_on is not None),
            Column("Action", lambda a: a.text),
            Column("Owner", lambda a: a.owner or "—"),
            Column("Due", lambda a: short_date(a.due_date),
                   sort=lambda a: a.due_date.toordinal() if a.due_date else 10**9,
                   colour=lambda a: due_colour(due_state(a.due_date, a.is_done, today())),
                   bold=lambda a: due_state(a.due_date, a.is_done, today()) is DueState.OVERDUE),
        ])
        self.model.check_toggled.connect(self.set_done)
        self.table = TableWithEmptyState(self.model, empty_text)
        self.table.stretch_column(1)
        self.table.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.text = QLineEdit(placeholderText="New action item")
        self.owner = QLineEdit(placeholderText="Owner")
        self.owner.setFixedWidth(130)
        self.due = DateEdit()
        self.add_button = QPushButton("Add")
        self.remove_button = QPushButton("Remove")
        self.error = error_label()
        self.text.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        for widget in (self.text, self.owner, self.due, self.add_button, self.remove_button):
            row.addWidget(widget)
        row.setStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def show_items(self, items: list[ActionItem]) -> None:
        self.model.set_rows(items)

    def add(self) -> None:
        account_id = self.ctx.account_id
        meetings = self.ctx.services.meetings
        try:
            due = self.due.value()
        except ValueError as error:
            show_error(self.error, f"due date '{self.due.text()}' is {error}")
            return
        fields = {"text": self.text.text(), "owner": self.owner.text(), "due_date": due,
                  **self._link()}
        typed = (self.text.text(), self.due.text())
        if not typed[0].strip() and self._adding:
            return  # Return pressed again while the item is on its way
        self.text.clear()  # at once, ready for the next
        self.due.clear()
        self._adding += 1

        def refused(error: CsdeskError) -> None:
            self._adding -= 1
            show_error(self.error, str(error))
            if not self.text.text() and not self.due.text():  # nothing typed since
                self.text.setText(typed[0])
                self.due.setText(typed[1])

        def landed(_created: object) -> None:
            self._adding -= 1
            show_error(self.error, None)

        self.ctx.editor.add(f"Add action item {typed[0].strip()[:40]}",
                            lambda: meetings.add_action(account_id, **fields), "ActionItem",
                            meetings.remove_action, account_id, refused=refused,
                            failed=refused, landed=landed)
        self.text.setFocus()

    def set_done(self, item: ActionItem, done: bool) -> None:
        meetings = self.ctx.services.meetings
        old = item.done_on
        new: date | None = self.ctx.today() if done else None
        self.ctx.editor.save_fields(("Tick off " if done else "Reopen ") + item.text[:40],
                                   meetings.update_action, item.id, {"done_on": old},
                                   {"done_on": new}, item.account_id)

    def remove_selected(self) -> None:
        for item in self.table.selected_rows():
            self.ctx.editor.delete(f"Remove action item {item.text[:40]}", "ActionItem",
                                   item.id, self.ctx.services.meetings.remove_action,
                                   item.account_id)
