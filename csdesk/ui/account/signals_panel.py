"""The account's ARR history and NPS/CSAT responses: recorded here, used by metrics and health."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from csdesk.models import ArrChange, ArrChangeKind, SurveyKind, SurveyResponse
from csdesk.services.validation import parse_money
from csdesk.ui.account.context import AccountContext, Loader
from csdesk.ui.account.inline_add import outcome
from csdesk.ui.dialogs.simple_form import enum_combo
from csdesk.ui.format import format_money, short_date
from csdesk.ui.table_model import ALERT, GOOD, Column, RowsTableModel
from csdesk.ui.widgets import DateEdit, TableWithEmptyState, error_label, heading, show_error


class ArrHistoryPanel(QWidget):
    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.currency = "USD"
        self.model: RowsTableModel[ArrChange] = RowsTableModel([
            Column("From", lambda c: short_date(c.effective_on),
                   sort=lambda c: c.effective_on.toordinal()),
            Column("Change", lambda c: c.kind.label),
            Column("ARR", lambda c: format_money(c.arr_cents, self.currency),
                   sort=lambda c: c.arr_cents, align_right=True,
                   colour=lambda c: ALERT if c.kind is ArrChangeKind.CHURN else
                   GOOD if c.kind is ArrChangeKind.EXPANSION else None),
            Column("Note", lambda c: c.note or ""),
        ])
        self.table = TableWithEmptyState(
            self.model, "No ARR history yet. Record the ARR in effect from a date: new "
                        "business, expansion, contraction, renewal or churn (0).")
        self.table.stretch_column(3)
        self.table.setMinimumHeight(130)
        self.when = DateEdit()
        self.kind = enum_combo(ArrChangeKind)
        self.arr = QLineEdit(placeholderText="ARR from that date")
        self.arr.returnPressed.connect(self.add)
        add, remove = QPushButton("Record"), QPushButton("Remove")
        add.clicked.connect(self.add)
        remove.clicked.connect(self.remove)
        self.error = error_label()
        row = QHBoxLayout()
        for widget in (self.when, self.kind, self.arr, add, remove):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("ARR history", 4))
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def load(self) -> Loader:
        """The account's currency and its ARR changes, read by the returned function."""
        services, account_id = self.ctx.services, self.ctx.account_id
        return lambda: (services.accounts.get(account_id).currency,
                        services.signals.arr_history(account_id))

    def show(self, data: tuple[str, list[ArrChange]]) -> None:
        self.currency, changes = data
        self.model.set_rows(list(reversed(changes)))

    def add(self) -> None:
        account_id = self.ctx.account_id
        signals = self.ctx.services.signals
        try:
            when = self.when.value() or self.ctx.today()
            cents, _currency = parse_money(self.arr.text())
        except ValueError as error:
            show_error(self.error, f"'{self.arr.text() or self.when.text()}': {error}")
            return
        kind = ArrChangeKind(self.kind.currentData())  # Qt hands enum values back as text
        if kind is ArrChangeKind.CHURN:
            cents = 0
        fields = {"effective_on": when, "kind": kind, "arr_cents": cents}
        refused, landed = outcome(self.error, self.arr)
        self.ctx.editor.add(f"Record ARR {kind.label.lower()}",
                            lambda: signals.record_arr(account_id, **fields), "ArrChange",
                            signals.remove_arr_change, account_id, refused=refused,
                            landed=landed)

    def remove(self) -> None:
        for change in self.table.selected_rows():
            self.ctx.editor.delete("Remove ARR change", "ArrChange", change.id,
                                   self.ctx.services.signals.remove_arr_change,
                                   self.ctx.account_id)


class ResponsesPanel(QWidget):
    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.contact_names: dict[int, str] = {}
        self.model: RowsTableModel[SurveyResponse] = RowsTableModel([
            Column("Date", lambda r: short_date(r.responded_on),
                   sort=lambda r: r.responded_on.toordinal()),
            Column("Kind", lambda r: r.kind.label),
            Column("Score", lambda r: str(r.score), sort=lambda r: r.score, align_right=True,
                   colour=lambda r: _score_colour(r)),
            Column("Contact", lambda r: self.contact_names.get(r.contact_id, "—")),
            Column("Comment", lambda r: r.comment or ""),
        ])
        self.table = TableWithEmptyState(self.model, "No NPS or CSAT responses yet.")
        self.table.stretch_column(4)
        self.table.setMinimumHeight(130)
        self.when = DateEdit()
        self.kind = enum_combo(SurveyKind)
        self.score = QLineEdit(placeholderText="Score")
        self.score.setFixedWidth(60)
        self.contact = QComboBox()
        self.comment = QLineEdit(placeholderText="Comment (optional)")
        self.comment.returnPressed.connect(self.add)
        add, remove = QPushButton("Add"), QPushButton("Remove")
        add.clicked.connect(self.add)
        remove.clicked.connect(self.remove)
        self.error = error_label()
        row = QHBoxLayout()
        for widget in (self.when, self.kind, self.score, self.contact, self.comment, add,
                       remove):
            row.addWidget(widget)
        row.setStretch(4, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("NPS and CSAT", 4))
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def load(self) -> Loader:
        """The account's contacts and survey responses, read by the returned function."""
        services, account_id = self.ctx.services, self.ctx.account_id
        return lambda: (services.contacts.for_account(account_id),
                        services.signals.responses(account_id))

    def show(self, data: tuple[list[Any], list[SurveyResponse]]) -> None:
        contacts, responses = data
        self.contact_names = {c.id: c.name for c in contacts}
        current = self.contact.currentData()
        self.contact.clear()
        self.contact.addItem("No contact", None)
        for contact in contacts:
            self.contact.addItem(contact.name, contact.id)
        self.contact.setCurrentIndex(max(0, self.contact.findData(current)))
        self.model.set_rows(responses)

    def add(self) -> None:
        account_id = self.ctx.account_id
        signals = self.ctx.services.signals
        try:
            when = self.when.value() or self.ctx.today()
        except ValueError as error:
            show_error(self.error, f"date '{self.when.text()}' is {error}")
            return
        text = self.score.text().strip()
        if not text.isdigit():
            show_error(self.error, f"score '{text}' must be a whole number")
            return
        fields = {"kind": SurveyKind(self.kind.currentData()), "responded_on": when,
                  "score": int(text),
                  "contact_id": self.contact.currentData(), "comment": self.comment.text()}
        refused, landed = outcome(self.error, self.score, self.comment)
        self.ctx.editor.add(f"Add {fields['kind'].label} response",
                            lambda: signals.add_response(account_id, **fields),
                            "SurveyResponse", signals.remove_response, account_id,
                            refused=refused, landed=landed)

    def remove(self) -> None:
        for response in self.table.selected_rows():
            self.ctx.editor.delete("Remove response", "SurveyResponse", response.id,
                                   self.ctx.services.signals.remove_response,
                                   self.ctx.account_id)


def _score_colour(response: SurveyResponse):
    if response.kind is SurveyKind.NPS:
        return GOOD if response.score >= 9 else ALERT if response.score <= 6 else None
    return GOOD if response.score >= 4 else ALERT if response.score <= 2 else None
