"""Saving a meeting's notes: one save's parts, and the question when someone else saved the
same notes meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import QMessageBox, QWidget

from csdesk.models import Meeting


@dataclass
class NotesSave:
    """One save of a meeting's notes: what it saves, and (once done) what it created."""

    meeting: Meeting
    new: str
    old: str | None
    text: str
    do: Callable[[], None] = field(default=lambda: None)
    undo: Callable[[], None] = field(default=lambda: None)
    created: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def ask_about_notes(parent: QWidget, theirs: str, mine: str) -> str:
    """Someone else saved these notes while they were typed here: mine, theirs, or both."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Notes changed by someone else",
                      "Someone else saved these meeting notes while you were typing.",
                      parent=parent)
    box.setDetailedText(f"Theirs:\n{theirs}\n\nYours:\n{mine}")
    keep_mine = box.addButton("Keep mine", QMessageBox.ButtonRole.AcceptRole)
    keep_both = box.addButton("Keep both", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Take theirs", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "mine" if clicked is keep_mine else "both" if clicked is keep_both else "theirs"
