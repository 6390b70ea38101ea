"""New / edit account: the form, with messages next to the fields, kept open until valid."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout, QWidget

from csdesk.errors import CsdeskError, ValidationError
from csdesk.models import Account
from csdesk.ui.account_form import AccountForm
from csdesk.ui.dialogs.saving import SavingDialog
from csdesk.ui.not_saved import tell_not_saved


class AccountDialog(SavingDialog):
    """On OK, ``save(values, done, refused)`` saves off the GUI thread (`SavingDialog`), or
    ``submit(values)`` runs at once."""

    def __init__(self, account: Account | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit account" if account else "New account")
        self.form = AccountForm()
        self.form.load(account)
        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                                  | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Save" if account else "Create account")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.submit = None  # set by the caller: values -> raises ValidationError or succeeds
        self.result_value: Any = None
        self.resize(520, self.sizeHint().height())

    def accept(self) -> None:
        try:
            values = self.form.values()
            if self.save is not None:
                self.save_values(values)
                return
            self.result_value = self.submit(values) if self.submit else values
        except ValidationError as error:
            self.show_refusal(error)
            return
        except CsdeskError as error:  # e.g. the team server is out of reach
            tell_not_saved(self, error, kept="What you typed is still in this window.")
            return
        super().accept()

    def show_refusal(self, error: ValidationError) -> None:
        self.form.show_errors(error.errors)
