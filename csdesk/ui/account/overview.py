"""Overview tab: customer highlights, commercials and stakeholders, edited in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from csdesk.models import Account, Contact, StakeholderRole
from csdesk.ui.account.context import AccountContext, Loader
from csdesk.ui.account.health_panel import HealthPanel
from csdesk.ui.account.signals_panel import ArrHistoryPanel, ResponsesPanel
from csdesk.ui.account_form import COMMERCIAL_FIELDS, HIGHLIGHT_FIELDS, LABELS, AccountForm
from csdesk.ui.dialogs.simple_form import FormDialog, enum_combo
from csdesk.ui.table_model import Column, RowsTableModel
from csdesk.ui.widgets import TableWithEmptyState, section_frame, show_error


class OverviewTab(QWidget):
    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.account: Account | None = None
        self.highlights = AccountForm([*HIGHLIGHT_FIELDS, "highlights", "usage_notes"])
        self.commercials = AccountForm(COMMERCIAL_FIELDS)
        for form in (self.highlights, self.commercials):
            form.field_committed.connect(lambda name, f=form: self._commit(f, name))
        self.contacts_model: RowsTableModel[Contact] = RowsTableModel([
            Column("Name", lambda c: c.name, tooltip=lambda c: c.title),
            Column("Role", lambda c: c.role.label,
                   sort=lambda c: list(StakeholderRole).index(c.role)),
            Column("E-mail", lambda c: c.email or ""),
            Column("Phone", lambda c: c.phone or ""),
        ])
        self.contacts = TableWithEmptyState(
            self.contacts_model, "No stakeholders yet. Add the internal champion first: "
                                 "they are who you talk to first.")
        self.contacts.stretch_column(2)
        self.contacts.activated_row.connect(self.edit_contact)
        self.add_contact_button = QPushButton("Add stakeholder…")
        self.edit_contact_button = QPushButton("Edit…")
        self.remove_contact_button = QPushButton("Remove")
        self.add_contact_button.clicked.connect(self.add_contact)
        self.edit_contact_button.clicked.connect(
            lambda: self._with_selected(self.edit_contact))
        self.remove_contact_button.clicked.connect(
            lambda: self._with_selected(self.remove_contact))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_contact_button)
        buttons.addWidget(self.edit_contact_button)
        buttons.addWidget(self.remove_contact_button)
        buttons.addStretch(1)
        stakeholders = QWidget()
        stakeholders_layout = QVBoxLayout(stakeholders)
        stakeholders_layout.setContentsMargins(0, 0, 0, 0)
        stakeholders_layout.addWidget(self.contacts)
        stakeholders_layout.addLayout(buttons)
        self.health = HealthPanel(context)
        self.arr_history = ArrHistoryPanel(context)
        self.responses = ResponsesPanel(context)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(section_frame("Customer highlights", self.highlights))
        left_layout.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(section_frame("Commercials", self.commercials))
        right_layout.addWidget(section_frame(
            "Stakeholders", stakeholders,
            "Executive sponsor, internal champion, power users, admins, decision makers and "
            "detractor risks."), 1)
        signals = QWidget()
        signals_layout = QVBoxLayout(signals)
        signals_layout.setContentsMargins(0, 0, 0, 0)
        signals_layout.addWidget(self.arr_history)
        signals_layout.addWidget(self.responses)
        right_layout.addWidget(section_frame("Revenue and feedback", signals))
        columns = QHBoxLayout()
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(section_frame("Health", self.health))
        body_layout.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def load(self) -> Loader:
        """The account, its stakeholders and each panel's data, read by the returned function
        (off the GUI thread)."""
        services, account_id = self.ctx.services, self.ctx.account_id
        panels = [panel.load() for panel in (self.health, self.arr_history, self.responses)]
        return lambda: (services.accounts.get(account_id),
                        services.contacts.for_account(account_id),
                        [load() for load in panels])

    def show(self, data: tuple[Account, list[Contact], list[Any]]) -> None:
        self.account, contacts, (health, arr_history, responses) = data
        for form in (self.highlights, self.commercials):
            for name in form.names:
                widget = form.widgets[name]
                # Never overwrite what the user is typing, nor a refused value awaiting a fix.
                if widget.hasFocus() or form.errors[name].isVisible():
                    continue
                form.set_value(name, getattr(self.account, name))
        self.contacts_model.set_rows(contacts)
        self.health.show_data(health)
        self.arr_history.show(arr_history)
        self.responses.show(responses)

    def _commit(self, form: AccountForm, name: str) -> None:
        if self.account is None:
            return
        try:
            value = form.value(name)
        except ValueError as error:
            show_error(form.errors[name], str(error))
            return
        old = getattr(self.account, name)  # as shown; the editor knows a save since
        if not self.ctx.editor.save_fields(
            f"Change {LABELS[name].lower()} of {self.account.name}",
            self.ctx.services.accounts.update, self.account.id, {name: old}, {name: value},
            self.account.id,
            refused=lambda error: show_error(form.errors[name],
                                             error.errors.get(name) or str(error)),
            saved=lambda: show_error(form.errors[name], None)):
            show_error(form.errors[name], None)  # nothing to save

    # Stakeholders

    def _with_selected(self, action) -> None:
        rows = self.contacts.selected_rows()
        if rows:
            action(rows[0])

    def _contact_dialog(self, contact: Contact | None) -> FormDialog:
        dialog = FormDialog("Edit stakeholder" if contact else "Add stakeholder", self)
        dialog.add("name", "Name", QLineEdit(), contact.name if contact else None)
        dialog.add("role", "Role", enum_combo(StakeholderRole),
                   contact.role if contact else StakeholderRole.CHAMPION)
        dialog.add("title", "Job title", QLineEdit(), contact.title if contact else None)
        dialog.add("email", "E-mail", QLineEdit(), contact.email if contact else None)
        dialog.add("phone", "Phone", QLineEdit(), contact.phone if contact else None)
        notes = QPlainTextEdit()
        notes.setTabChangesFocus(True)
        notes.setFixedHeight(80)
        dialog.add("notes", "Notes", notes, contact.notes if contact else None)
        return dialog

    def add_contact(self) -> None:
        account_id = self.ctx.account_id
        dialog = self._contact_dialog(None)
        contacts = self.ctx.services.contacts
        dialog.save = self.ctx.editor.dialog_adds(
            lambda values: f"Add stakeholder {values['name'].strip()}",
            lambda values: contacts.add(account_id, **values), "Contact", contacts.remove,
            account_id)
        dialog.open()

    def edit_contact(self, contact: Contact) -> None:
        dialog = self._contact_dialog(contact)
        old = {k: getattr(contact, k) for k in ("name", "role", "title", "email", "phone",
                                               "notes")}
        dialog.save = self.ctx.editor.dialog_edits(
            f"Edit stakeholder {contact.name}", self.ctx.services.contacts.update, contact.id,
            old, contact.account_id)
        dialog.open()

    def remove_contact(self, contact: Contact) -> None:
        self.ctx.editor.delete(f"Remove stakeholder {contact.name}", "Contact", contact.id,
                               self.ctx.services.contacts.remove, contact.account_id)

