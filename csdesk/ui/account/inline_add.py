"""A row added from a small form on a tab (a barrier, an ARR change, a survey response, a KPI
reading), saved off the GUI thread: a refusal shows under the form, and once the row is saved
the form clears for the next one, unless something new was typed meanwhile."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit

from csdesk.errors import CsdeskError
from csdesk.ui.widgets import show_error


def outcome(error: QLabel, *inputs: QLineEdit
            ) -> tuple[Callable[[CsdeskError], None], Callable[[object], None]]:
    """(refused, landed) for `Editor.add`, noting what the inputs hold now."""
    typed = [field.text() for field in inputs]

    def refused(problem: CsdeskError) -> None:
        show_error(error, str(problem))

    def landed(_created: object) -> None:
        show_error(error, None)
        if [field.text() for field in inputs] == typed:  # not what was typed since
            for field in inputs:
                field.clear()

    return refused, landed
