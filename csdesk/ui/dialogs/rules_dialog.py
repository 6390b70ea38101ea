"""Tools → Early-warning rules: which rules propose risks, and their thresholds in days."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import ValidationError
from csdesk.services.early_warning import MAX_DAYS, RULES, RuleSetting
from csdesk.ui.dialogs.saving import SavingDialog
from csdesk.ui.widgets import error_label, hint, ok_cancel_restore, show_error


class RulesDialog(SavingDialog):
    """OK saves through ``save`` off the GUI thread (`SavingDialog`), or ``submit`` at once."""

    def __init__(self, settings: dict[str, RuleSetting], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Early-warning rules")
        self.enabled: dict[str, QCheckBox] = {}
        self.days: dict[str, QSpinBox] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Rule</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Days</b>"), 0, 1)
        for row, (key, rule) in enumerate(RULES.items(), start=1):
            box = QCheckBox(rule.describe(settings[key].days))
            box.setObjectName(f"{key}_enabled")
            box.setChecked(settings[key].enabled)
            days = QSpinBox()
            days.setObjectName(f"{key}_days")
            days.setRange(1, MAX_DAYS)
            days.setValue(settings[key].days)
            days.valueChanged.connect(lambda value, b=box, r=rule: b.setText(r.describe(value)))
            self.enabled[key], self.days[key] = box, days
            grid.addWidget(box, row, 0)
            grid.addWidget(days, row, 1)
        self.error = error_label()
        self.buttons = buttons = ok_cancel_restore(self, self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("Each rule proposes a risk in the account's Risks tab, to accept "
                              "or dismiss. They apply to everyone using this workspace."))
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.submit: Callable[[dict[str, dict[str, Any]]], None] | None = None

    def values(self) -> dict[str, dict[str, Any]]:
        return {key: {"enabled": self.enabled[key].isChecked(), "days": self.days[key].value()}
                for key in RULES}

    def restore_defaults(self) -> None:
        for key, rule in RULES.items():
            self.enabled[key].setChecked(True)
            self.days[key].setValue(rule.days)

    def accept(self) -> None:
        if self.save is not None:
            self.save_values(self.values())
            return
        try:
            if self.submit:
                self.submit(self.values())
        except ValidationError as error:
            self.show_refusal(error)
            return
        super().accept()

    def show_refusal(self, error: ValidationError) -> None:
        show_error(self.error, "; ".join(error.errors.values()))
