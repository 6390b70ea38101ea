"""The Account menu's documents: Prepare the QBR, and the success plan or the QBR pre-read of
the selected (or open) account exported to Word."""

from __future__ import annotations

from csdesk.ui.commands.base import Host


class DocumentCommands:
    def __init__(self, window: Host) -> None:
        self.window = window

    def open_qbr(self) -> None:
        account_id = self.window.target_account("prepare its QBR")
        if account_id is not None:
            self.window.open_account(account_id, "qbr")

    def export_document(self, kind: str) -> None:
        """The success plan ("plan") or the QBR pre-read ("qbr") of the selected (or open)
        account, to Word. From a list the account opens first (on its QBR tab for the QBR), so
        what is written is in front of the CSM, with the account's name in the file dialog."""
        window = self.window
        account_id = window.target_account("export its QBR" if kind == "qbr"
                                           else "export its success plan")
        if account_id is None:
            return
        account = window.account_view
        if window.pages.currentWidget() is not account or account.account_id != account_id:
            window.open_account(account_id, "qbr" if kind == "qbr" else "")
        account.qbr.refresh()
        account.qbr.export(kind)
