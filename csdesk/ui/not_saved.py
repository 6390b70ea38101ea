"""Telling the user an edit did not reach the workspace for a reason outside what they typed:
the team server is out of reach, or someone deleted the record meanwhile. What was typed stays
where it is (the dialog stays open, the notes stay in the editor), so nothing is lost."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from csdesk.errors import CsdeskError, ServerUnreachableError
from csdesk.ui.format import sentence

_shown: list[QMessageBox] = []  # at most one box at a time, however many edits fail


def tell_not_saved(parent: QWidget | None, error: CsdeskError, *, kept: str) -> QMessageBox:
    """Say why, and where the typed text is kept (``kept``); reuse a box already shown."""
    title = ("The team workspace cannot be reached" if isinstance(error, ServerUnreachableError)
             else "Not saved")
    text = sentence(str(error))
    advice = f"{kept} Try again once the server is back." if isinstance(
        error, ServerUnreachableError) else kept
    detail = getattr(error, "detail", None) or ""
    for box in _shown:
        if isValid(box) and box.isVisible():  # gone with its window, it cannot be reused
            box.setWindowTitle(title)
            box.setText(text)
            box.setInformativeText(advice)
            box.setDetailedText(detail)
            return box
    _shown.clear()
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setInformativeText(advice)
    box.setDetailedText(detail)  # the driver's words, behind "Show Details…"
    box.setObjectName("notSaved")
    box.open()
    _shown.append(box)
    return box
