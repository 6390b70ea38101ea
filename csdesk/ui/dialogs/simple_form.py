"""A small dialog of named fields with a message beside each one it refuses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import CsdeskError, ValidationError
from csdesk.ui.dialogs.saving import SavingDialog
from csdesk.ui.not_saved import tell_not_saved
from csdesk.ui.widgets import DateEdit, error_label, show_error


class FormDialog(SavingDialog):
    """Fields are added with ``add``. On OK, ``save(values, done, refused)`` saves off the GUI
    thread (see `SavingDialog`), or ``submit(values)`` runs at once and may raise
    ValidationError; a refusal's messages show at the fields while the dialog stays open."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, Any] = {}
        self._form = QFormLayout()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self.buttons)
        self.submit: Callable[[dict[str, Any]], Any] | None = None
        self.result_value: Any = None
        self.setMinimumWidth(460)

    def add(self, name: str, label: str, widget: QWidget, value: Any = None) -> QWidget:
        self.widgets[name] = widget
        self.errors[name] = error_label()
        cell = QWidget()
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.setSpacing(2)
        cell_layout.addWidget(widget)
        cell_layout.addWidget(self.errors[name])
        self._form.addRow(label, cell)
        widget.setObjectName(name)
        self.set_value(name, value)
        return widget

    def set_value(self, name: str, value: Any) -> None:
        widget = self.widgets[name]
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(0, index))
        elif isinstance(widget, DateEdit):
            widget.set_value(value)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        values, errors = {}, {}
        for name, widget in self.widgets.items():
            if isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            elif isinstance(widget, DateEdit):
                try:
                    values[name] = widget.value()
                except ValueError as error:
                    errors[name] = f"'{widget.text()}' is {error}"
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                values[name] = widget.text()
        if errors:
            raise ValidationError(errors)
        return values

    def accept(self) -> None:
        try:
            values = self.values()
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
        for name, label in self.errors.items():
            show_error(label, error.errors.get(name))
        unplaced = [m for k, m in error.errors.items() if k not in self.errors]
        if unplaced:
            first = next(iter(self.errors))
            show_error(self.errors[first], "; ".join(unplaced))


def enum_combo(enum_cls: Any, allow_none: bool = False) -> QComboBox:
    combo = QComboBox()
    if allow_none:
        combo.addItem("—", None)
    for member in enum_cls:
        combo.addItem(member.label, member)
    return combo
