"""Changed by someone else: both versions of what clashed, and whether to keep mine."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from csdesk.errors import ConflictError
from csdesk.ui.format import sentence


def ask_keep_mine(parent: QWidget, conflict: ConflictError) -> bool:
    """Show both versions of what clashed; True to save mine over theirs."""
    def shown(value: object) -> str:
        return "(empty)" if value in (None, "") else f"“{value}”"

    lines = [f"{name.replace('_', ' ').capitalize()}: yours {shown(mine)}, theirs "
             f"{shown(theirs)} (it was {shown(was)} when you started)"
             for name, (was, theirs, mine) in conflict.fields.items()]
    box = QMessageBox(QMessageBox.Icon.Warning, "Changed by someone else",
                      sentence(str(conflict)), parent=parent)
    box.setInformativeText("\n".join(lines) or "Reload to see their change.")
    mine = box.addButton("Keep mine", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Keep theirs", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is mine
