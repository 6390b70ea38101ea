"""Tools → Health score weights: how much each component counts (0 leaves it out)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import ValidationError
from csdesk.services.health_score import COMPONENTS, DEFAULT_WEIGHTS
from csdesk.ui.dialogs.saving import SavingDialog
from csdesk.ui.widgets import error_label, hint, ok_cancel_restore, show_error


class WeightsDialog(SavingDialog):
    """OK saves through ``save`` off the GUI thread (`SavingDialog`), or ``submit`` at once."""

    def __init__(self, weights: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Health score weights")
        self.boxes: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for key, (label, _default) in COMPONENTS.items():
            box = QSpinBox()
            box.setRange(0, 100)
            box.setValue(weights.get(key, 0))
            box.setObjectName(key)
            self.boxes[key] = box
            form.addRow(label, box)
        self.error = error_label()
        self.buttons = buttons = ok_cancel_restore(self, self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("Each account's score is the weighted mean of its components; a "
                              "component with no data for an account is left out of its mean."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.submit: Callable[[dict[str, int]], None] | None = None

    def weights(self) -> dict[str, int]:
        return {key: box.value() for key, box in self.boxes.items()}

    def restore_defaults(self) -> None:
        for key, box in self.boxes.items():
            box.setValue(DEFAULT_WEIGHTS[key])

    def accept(self) -> None:
        if self.save is not None:
            self.save_values(self.weights())
            return
        try:
            if self.submit:
                self.submit(self.weights())
        except ValidationError as error:
            self.show_refusal(error)
            return
        super().accept()

    def show_refusal(self, error: ValidationError) -> None:
        show_error(self.error, "; ".join(error.errors.values()))
