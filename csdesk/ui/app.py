"""Starting the desktop app: the QApplication, opening the workspace, the first window."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from csdesk import APP_NAME, __version__
from csdesk.assets import resource
from csdesk.errors import (
    CsdeskError,
    DamagedWorkspaceError,
    ServerUnreachableError,
    WorkspaceLockedError,
)
from csdesk.sentences import sentence
from csdesk.services import Services
from csdesk.store.backup import BackupInfo
from csdesk.store.encryption import EncryptionKeyMissingError, use_passphrase
from csdesk.store.paths import WorkspaceLocation
from csdesk.store.recovery import newest_good_backup, recover
from csdesk.store.workspace import MissingWorkspaceError, Workspace
from csdesk.ui.crash import install_excepthook
from csdesk.ui.gc_guard import collect_on_gui_thread
from csdesk.ui.main_window import MainWindow
from csdesk.ui.palette import follow_system_scheme


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon.addFile(str(resource("icons", f"csdesk-{size}.png")))
    return icon


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if existing is None:
        # Fractional scale factors (125%, 150%) render sharp instead of rounded.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = existing or QApplication(argv or sys.argv[:1])
    # Fusion follows the system's light or dark colour scheme on every platform; its check
    # boxes get a frame that shows in both (ui/check_style.py).
    from csdesk.ui.check_style import CheckStyle

    app.setStyle(CheckStyle())
    app.setStyleSheet(resource("style.qss").read_text(encoding="utf-8"))
    if existing is None:
        follow_system_scheme(app)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.csdesk.Csdesk")  # the taskbar finds the .desktop icon
    app.setWindowIcon(app_icon())
    collect_on_gui_thread(app)
    return app  # type: ignore[return-value]


def ask_to_restore(error: DamagedWorkspaceError, good: BackupInfo | None) -> bool:
    """Say what is wrong; offer the newest good backup when there is one."""
    title = ("The workspace is missing" if isinstance(error, MissingWorkspaceError)
             else "The workspace is damaged")
    if good is None:
        QMessageBox.critical(None, title,
                             f"{error}.\n\nNo backup that passes an integrity check was found. "
                             "The file has not been changed.")
        return False
    kept = ("" if isinstance(error, MissingWorkspaceError) else
            " The damaged file is kept aside (with its -wal and -shm files), not deleted.")
    box = QMessageBox(QMessageBox.Icon.Critical, title,
                      f"{error}.\n\ncsdesk can restore the newest good backup, taken "
                      f"{good.taken_at:%Y-%m-%d %H:%M} UTC.{kept}")
    restore = box.addButton("Restore that backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is restore


def ask_for_passphrase(error: EncryptionKeyMissingError) -> str | None:
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    text, ok = QInputDialog.getText(None, "Encrypted workspace",
                                    f"{sentence(str(error))}\n\nPassphrase:",
                                    QLineEdit.EchoMode.Password)
    return text if ok and text else None


def open_workspace_or_explain(location: WorkspaceLocation,
                              ask: Callable[[DamagedWorkspaceError, BackupInfo | None], bool]
                              = ask_to_restore,
                              ask_passphrase: Callable[[EncryptionKeyMissingError], str | None]
                              = ask_for_passphrase, tries: int = 3) -> Workspace | None:
    """Open the workspace; on failure tell the user plainly and return None. A damaged
    workspace can be replaced by its newest good backup, if the user agrees."""
    try:
        return Workspace.open(location, lock=True)
    except EncryptionKeyMissingError as error:
        passphrase = ask_passphrase(error) if tries > 0 and location.path else None
        if passphrase is None:
            return None
        use_passphrase(location.path, passphrase)
        return open_workspace_or_explain(location, ask, ask_passphrase, tries - 1)
    except WorkspaceLockedError as error:
        QMessageBox.information(None, "csdesk is already open", sentence(str(error)))
    except ServerUnreachableError as error:
        from csdesk.services.team import local_workspace

        local = local_workspace()
        answer = QMessageBox.question(
            None, "The team workspace cannot be reached",
            f"{sentence(str(error))}\n\nOpen your local workspace ({local.describe()}) "
            "instead? The team workspace stays your choice for the next start.")
        if answer == QMessageBox.StandardButton.Yes:
            return open_workspace_or_explain(local, ask, ask_passphrase, tries)
    except DamagedWorkspaceError as error:
        if location.path is None:
            QMessageBox.critical(None, "The workspace is damaged", str(error))
            return None
        good = newest_good_backup(location.path)
        if ask(error, good) and good is not None:
            recovery = recover(location.path, good)
            kept = (f" The damaged file was kept as {recovery.damaged_kept_at}."
                    if recovery.damaged_kept_at else "")
            QMessageBox.information(None, "Backup restored",
                                    f"Restored from {recovery.restored_from.name}.{kept}")
            return open_workspace_or_explain(location, ask, ask_passphrase, tries)
    except CsdeskError as error:
        QMessageBox.critical(None, "The workspace cannot be opened", sentence(str(error)))
    return None


def run_app(location: WorkspaceLocation) -> int:
    from csdesk.services.validation import set_number_format
    from csdesk.settings import load

    app = make_application()
    while True:
        set_number_format(load().number_format)
        workspace = open_workspace_or_explain(location)
        if workspace is None:
            return 1
        try:
            window = MainWindow(Services(workspace))
            install_excepthook(lambda current=window: current)
            window.show()
            if workspace.report.backup_problem:  # the workspace opened; only the copy failed
                QMessageBox.warning(window, "Today's backup was not made",
                                    sentence(workspace.report.backup_problem) + " Your "
                                    "workspace is fine; csdesk tries again at the next start.")
            if workspace.report.finished_conversion:
                window.statusBar().showMessage(
                    sentence(workspace.report.finished_conversion), 15000)
            window.start_daily_work()
            code = app.exec()
        finally:
            workspace.close()
        following = next_location(window)
        if following is None:
            return code
        location = following


def next_location(window: MainWindow) -> WorkspaceLocation | None:
    """The workspace to open after this window closed, if the user switched to another."""
    from csdesk.store.paths import resolve_location

    chosen = window.next_workspace
    if not chosen:
        return None
    return WorkspaceLocation(url=chosen) if "://" in chosen else resolve_location(chosen)
