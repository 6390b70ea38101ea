"""The account's fields, with a message beside each field whose input is refused.

Used by the New/Edit account dialog (read all fields at once) and by the Overview tab (each
field saves as soon as it is edited)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import ValidationError
from csdesk.models import Account, AccountStatus, LifecycleStage, Segment
from csdesk.services import validation as v
from csdesk.ui.widgets import DateEdit, error_label, show_error

CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "INR", "SEK", "NOK", "DKK"]

HIGHLIGHT_FIELDS = ["name", "industry", "website", "employees", "offices", "founded"]
# The health score is computed (services/health.py), so it is shown, not typed.
COMMERCIAL_FIELDS = ["segment", "edition", "lifecycle_stage", "arr_cents", "currency",
                     "contract_start", "renewal_date", "status", "owner"]
LABELS = {"name": "Name", "industry": "Industry", "website": "Website", "employees": "Employees",
          "offices": "Offices", "founded": "Founded (year)", "segment": "Segment",
          "edition": "Edition / plan", "lifecycle_stage": "Lifecycle stage",
          "arr_cents": "ARR", "currency": "Currency", "contract_start": "Contract start",
          "renewal_date": "Renewal date", "status": "Status", "health_score": "Health score",
          "highlights": "Customer highlights", "usage_notes": "Usage and adoption notes",
          "owner": "Owner (CSM)"}


class PlainText(QPlainTextEdit):
    """A multi-line field that reports when the user leaves it, like QLineEdit does."""

    editingFinished = Signal()  # noqa: N815 - Qt's own spelling, as on QLineEdit

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.editingFinished.emit()


def _enum_combo(enum_cls: Any) -> QComboBox:
    combo = QComboBox()
    for member in enum_cls:
        combo.addItem(member.label, member)
    return combo


class AccountForm(QWidget):
    field_committed = Signal(str)  # the user finished editing this field

    def __init__(self, fields: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = fields or [*HIGHLIGHT_FIELDS, *COMMERCIAL_FIELDS]
        self.widgets: dict[str, QWidget] = {}
        self.errors = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in self.names:
            widget = self._make(name)
            self.widgets[name] = widget
            self.errors[name] = error_label()
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(widget)
            cell_layout.addWidget(self.errors[name])
            layout.addRow(LABELS[name], cell)

    def _make(self, name: str) -> QWidget:
        if name == "segment":
            widget: QWidget = _enum_combo(Segment)
        elif name == "lifecycle_stage":
            widget = _enum_combo(LifecycleStage)
        elif name == "status":
            widget = _enum_combo(AccountStatus)
        elif name == "currency":
            widget = QComboBox()
            widget.setEditable(True)
            widget.addItems(CURRENCIES)
        elif name in ("contract_start", "renewal_date"):
            widget = DateEdit()
        elif name in ("highlights", "usage_notes"):
            widget = PlainText()
            widget.setTabChangesFocus(True)
            widget.setFixedHeight(84)
        else:
            widget = QLineEdit()
            placeholders = {"arr_cents": "e.g. 120,000.00", "website": "https://…",
                            "health_score": "0–100", "founded": "e.g. 1998"}
            widget.setPlaceholderText(placeholders.get(name, ""))
        if isinstance(widget, QComboBox):
            widget.activated.connect(lambda _i, n=name: self.field_committed.emit(n))
            if widget.isEditable():
                widget.lineEdit().editingFinished.connect(
                    lambda n=name: self.field_committed.emit(n))
        else:
            widget.editingFinished.connect(lambda n=name: self.field_committed.emit(n))
        widget.setObjectName(name)
        return widget

    # Values in and out

    def load(self, account: Account | None) -> None:
        defaults: dict[str, Any] = {}
        if account is None and "owner" in self.names:
            from csdesk.settings import load

            defaults["owner"] = load().my_name or None  # a new account is yours
        for name in self.names:
            self.set_value(name, getattr(account, name) if account else defaults.get(name))
            show_error(self.errors[name], None)

    def set_value(self, name: str, value: Any) -> None:
        widget = self.widgets[name]
        if isinstance(widget, QComboBox):
            if name == "currency":
                if not value:
                    from csdesk.settings import load

                    value = load().currency  # a new account: the user's usual currency
                widget.setCurrentText(value)
            else:
                index = widget.findData(value) if value is not None else 0
                widget.setCurrentIndex(max(0, index))
        elif isinstance(widget, DateEdit):
            widget.set_value(value)
        elif isinstance(widget, QPlainTextEdit):
            if widget.toPlainText() != (value or ""):
                widget.setPlainText(value or "")
        elif name == "arr_cents":
            widget.setText(_money_text(value or 0))
        else:
            widget.setText("" if value is None else str(value))

    def value(self, name: str) -> Any:
        """The typed value of one field; ValueError with a message when it cannot be read."""
        widget = self.widgets[name]
        if isinstance(widget, QComboBox):
            return widget.currentText() if name == "currency" else widget.currentData()
        if isinstance(widget, DateEdit):
            try:
                return widget.value()
            except ValueError as error:
                raise ValueError(f"'{widget.text()}' is {error}") from None
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        text = widget.text().strip()
        if name == "arr_cents":
            if not text:
                return 0
            cents, _currency = v.parse_money(text)
            return cents
        if name in ("employees", "offices", "founded", "health_score"):
            return v.parse_int(text, LABELS[name].split(" (")[0].lower()) if text else None
        return text

    def values(self, names: list[str] | None = None) -> dict[str, Any]:
        """All (or some) fields; raises ValidationError naming every unreadable field."""
        result, errors = {}, {}
        for name in names or self.names:
            try:
                result[name] = self.value(name)
            except ValueError as error:
                errors[name] = str(error)
        if errors:
            raise ValidationError(errors)
        return result

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self.errors.items():
            show_error(label, errors.get(name))
        for name in errors:
            if name in self.widgets:
                self.widgets[name].setFocus()
                break


def _money_text(cents: int) -> str:
    whole, part = divmod(cents, 100)
    return f"{whole:,}" if part == 0 else f"{whole:,}.{part:02d}"
