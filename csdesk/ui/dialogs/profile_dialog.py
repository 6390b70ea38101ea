"""Before the first customer document: who signs it.

Documents are signed with the person in Settings (`csdesk.settings.signature`). An export calls
`ensure_signature(self)` before it starts: with a name set it returns True at once; without one
it asks for the name, title, e-mail, phone and company, saves them to the settings file (as
Tools → Settings does) and returns True, or False when the CSM cancels, and then the export
does not happen.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from csdesk import settings as user_settings
from csdesk.settings import Settings
from csdesk.ui.widgets import error_label, heading, hint, show_error

TITLE = "Before your first document: how you sign it"
# (settings key, label, placeholder)
FIELDS = (
    ("my_name", "Your name", "e.g. Dana Rossi"),
    ("my_title", "Title", "e.g. Customer Success Manager (none if empty)"),
    ("my_email", "E-mail", "dana@example.com"),
    ("my_phone", "Phone", "+1 (555) 010-0000"),
    ("company", "Company", "your company, as customers know it"),
)


class SignatureDialog(QDialog):
    """The five fields of `Signature`, each with its message; OK saves them to the settings.
    ``saved`` holds the settings written, None until then."""

    def __init__(self, current: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(520)
        self.current = current
        self.saved: Settings | None = None
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, label, placeholder in FIELDS:
            field = QLineEdit(getattr(current, name))
            field.setObjectName(name)
            field.setPlaceholderText(placeholder)
            self.fields[name] = field
            self.errors[name] = error_label()
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(field)
            cell.addWidget(self.errors[name])
            form.addRow(label, cell)
        self.problem = error_label()  # the file could not be written
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(TITLE))
        layout.addWidget(hint("Customer documents are prepared by you. Your name is needed; "
                              "the rest is printed when filled in. Change them any time in "
                              "Tools → Settings."))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.fields["my_name"].setFocus()

    def values(self) -> Settings:
        typed = {name: field.text().strip() for name, field in self.fields.items()}
        return replace(self.current, problems=(), **typed)

    def accept(self) -> None:
        chosen = self.values()
        errors = user_settings.check(user_settings.to_dict(chosen))
        if not chosen.my_name and "my_name" not in errors:
            errors["my_name"] = "your name is needed: documents are signed with it"
        for name, label in self.errors.items():
            show_error(label, errors.get(name))
        if any(name in errors for name in self.fields):
            return
        try:
            user_settings.save(chosen)
        except (OSError, ValueError) as error:  # a newer csdesk's file, a full disk
            show_error(self.problem, f"Not saved: {error}")
            return
        self.saved = chosen
        super().accept()


def ensure_signature(parent: QWidget) -> bool:
    """True when documents can be signed: a name is in Settings, or the CSM has just given one
    (saved, and passed to the window's ``use_my_name`` for My book and the activity log).
    False when they cancel. Blocks while the dialog is open (it is modal)."""
    current = user_settings.load()
    if user_settings.signature(current) is not None:
        return True
    dialog = SignatureDialog(current, parent)
    dialog.exec()
    saved = dialog.saved
    dialog.deleteLater()
    if saved is None:
        return False
    use_my_name = getattr(parent.window(), "use_my_name", None)
    if callable(use_my_name):  # the main window
        use_my_name(saved.my_name)
    return True
