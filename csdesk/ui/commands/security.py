"""File → Encrypt and Decrypt this workspace: the key in the keychain when there is one, else
a passphrase typed twice; the conversion (seconds on a big book) runs in the background behind
a progress dialog, after what is typed in meeting notes is saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from csdesk.services.keychain import NoKeychainError, keychain_available
from csdesk.ui.commands.base import Host, parent_of, run, show_failure
from csdesk.ui.tasks import Task


class SecurityCommands:
    def __init__(self, window: Host) -> None:
        self.window = window

    def update_actions(self) -> None:
        """Encrypt for a plain workspace file, Decrypt for an encrypted one."""
        workspace = self.window.services.workspace
        self.window.encrypt_action.setEnabled(workspace.path is not None
                                              and not workspace.encrypted)
        self.window.decrypt_action.setEnabled(workspace.encrypted)

    def encrypt_workspace(self, ask_passphrase: Callable[[], str | None] | None = None,
                          passphrase: str | None = None) -> None:
        """Key in the keychain when there is one; otherwise a passphrase, after saying so.
        The conversion (seconds on a big book) runs in the background behind a progress
        dialog; what is typed in meeting notes is saved first."""
        window = self.window
        ask = ask_passphrase or self.ask_new_passphrase
        if passphrase is None and not keychain_available():
            passphrase = ask()
            if not passphrase:
                window.show_error("Not encrypted", "No keychain is available on this computer "
                                  "to keep the key, and no passphrase was given. Nothing was "
                                  "changed.")
                return

        def failed(error: Exception) -> None:
            if isinstance(error, NoKeychainError) and passphrase is None:
                chosen = ask()  # the keychain would not keep the key: a passphrase instead
                if chosen:
                    self.encrypt_workspace(ask, chosen)
                    return
            show_failure(window, error, "Not encrypted")

        def done(how: object) -> None:
            self.update_actions()
            where = ("Its key is kept in this computer's keychain." if how == "keychain" else
                     "You will type the passphrase each time you open it.")
            window.statusBar().showMessage(
                f"This workspace and its backups are encrypted. {where}", 10000)

        window.account_view.save_typed_notes()
        run(window, Task(window.services.workspace.encrypt, passphrase),
            "Encrypting the workspace and its backups…", done, on_failure=failed)

    def ask_new_passphrase(self) -> str | None:
        parent = parent_of(self.window)
        first, ok = QInputDialog.getText(
            parent, "Encrypt with a passphrase",
            "No keychain is available on this computer to keep the key.\nChoose a passphrase "
            "(at least 8 characters); you will type it each time you open this workspace:",
            QLineEdit.EchoMode.Password)
        if not ok or not first:
            return None
        again, ok = QInputDialog.getText(parent, "Encrypt with a passphrase", "Type it again:",
                                         QLineEdit.EchoMode.Password)
        if not ok or again != first:
            self.window.show_error("Not encrypted",
                                   "The two passphrases differ; nothing was changed.")
            return None
        return first

    def decrypt_workspace(self) -> None:
        window = self.window
        answer = QMessageBox.question(
            parent_of(window), "Decrypt this workspace?",
            "The workspace and its backups will be stored without encryption.")
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(_result: object) -> None:
            self.update_actions()
            window.statusBar().showMessage("The workspace is stored without encryption.", 8000)

        window.account_view.save_typed_notes()
        run(window, Task(window.services.workspace.decrypt),
            "Decrypting the workspace and its backups…", done, failed_title="Not decrypted")
