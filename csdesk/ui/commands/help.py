"""The Help menu: the keyboard shortcuts (from the menus' table) and About."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from csdesk import __version__
from csdesk.ui.commands.base import Host, parent_of
from csdesk.ui.menus import SHORTCUTS


class HelpCommands:
    def __init__(self, window: Host) -> None:
        self.window = window

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>"
                       for keys, what in SHORTCUTS)
        QMessageBox.information(parent_of(self.window), "Keyboard shortcuts",
                                f"<table cellpadding=3>{rows}</table>")

    def show_about(self) -> None:
        QMessageBox.about(parent_of(self.window), "About csdesk",
                          f"<b>csdesk {__version__}</b><br>Success plans, critical paths and "
                          f"QBRs for a CSM's book.<br><br>Workspace: "
                          f"{self.window.services.workspace.location.describe()}")
