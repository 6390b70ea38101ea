"""A dialog whose OK saves off the GUI thread: it waits (its buttons disabled) while the save
is on its way, closes when it has landed, and shows a refusal at its fields, keeping what was
typed. The window keeps answering meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from csdesk.errors import CsdeskError, ValidationError
from csdesk.ui.not_saved import tell_not_saved

# save(values, done, refused): starts the save; done(result) once it landed, refused(error)
# when it did not (a ValidationError, or another CsdeskError such as a server out of reach).
Save = Callable[[dict[str, Any], Callable[[Any], None], Callable[[CsdeskError], None]], None]


class SavingDialog(QDialog):
    """Subclasses call `save_values(values)` from `accept` and say how a refusal shows
    (`show_refusal`)."""

    save: Save | None = None
    buttons: QDialogButtonBox
    result_value: Any = None
    _saving = False

    def save_values(self, values: dict[str, Any]) -> None:
        save = self.save
        if save is None:
            self.result_value = values
            QDialog.accept(self)
            return
        self._set_saving(True)

        def done(result: Any) -> None:
            self._set_saving(False)
            self.result_value = result
            QDialog.accept(self)

        def refused(error: CsdeskError) -> None:
            self._set_saving(False)
            if isinstance(error, ValidationError):
                self.show_refusal(error)
            else:  # e.g. the team server is out of reach
                tell_not_saved(self, error, kept="What you typed is still in this window.")

        save(values, done, refused)

    def show_refusal(self, error: ValidationError) -> None:
        raise NotImplementedError

    def reject(self) -> None:
        if not self._saving:  # a save on its way finishes first: Cancel would not undo it
            super().reject()

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.buttons.setEnabled(not saving)
