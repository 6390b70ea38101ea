"""The Account menu's documents: Prepare the QBR, the success plan or the QBR pre-read of the
selected (or open) account exported to Word, and the customer's edits to a success plan read
back from Word."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from csdesk.services.changes import PATH, PLAN
from csdesk.ui.commands.base import Host, parent_of


class DocumentCommands:
    def __init__(self, window: Host) -> None:
        self.window = window
        self.edits_dialog: Any = None  # the last customer's edits shown

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

    def import_customer_edits(self, path: str | None = None) -> None:
        """Read the customer's copy of a success plan (off the GUI thread), show each change
        it proposes, and apply the accepted ones as one undoable step."""
        window = self.window
        account_id = window.target_account("import the customer's edits to its plan")
        if account_id is None:
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                parent_of(window), "The customer's success plan", str(Path.home()),
                "Word documents (*.docx);;All files (*)")
        if not path:
            return
        edits_service, today = window.services.plan_edits, window.today()
        window.operations.read(
            "customer edits", lambda: edits_service.propose(Path(path), today,
                                                            account_id=account_id),
            lambda edits: self._review(edits), doing="Reading the customer's document",
            failed=lambda error: QMessageBox.warning(
                parent_of(window), "The customer's edits", f"Not imported: {error}"))

    def _review(self, edits: Any) -> None:
        from csdesk.ui.dialogs.plan_edits_dialog import PlanEditsDialog

        window = self.window
        dialog = PlanEditsDialog(edits, parent_of(window))
        self.edits_dialog = dialog
        dialog.accepted.connect(lambda: self._apply(edits, dialog.accepted_changes()))
        dialog.open()

    def _apply(self, edits: Any, accepted: list[Any]) -> None:
        if not accepted:
            return
        window, today = self.window, self.window.today()
        service, undo_of = window.services.plan_edits, {}

        def apply() -> None:  # on the write thread; again for a redo
            undo_of["undo"] = service.apply(edits, accepted, today)

        window.editor.submit(
            f"Import {len(accepted)} of the customer's edits", apply,
            lambda: undo_of["undo"](), edits.account_id, kinds=(PLAN, PATH),
            refused=lambda error: self._not_applied(error),
            failed=lambda error: self._not_applied(error))

    def _not_applied(self, error: Exception) -> None:
        QMessageBox.warning(parent_of(self.window), "The customer's edits",
                            f"Nothing was applied: {error}")
