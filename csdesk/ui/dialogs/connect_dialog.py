"""File → Connect to a team workspace: a PostgreSQL server shared by a CS team.

The address is saved in the settings without the password; the password goes to the OS
keychain (or is asked again next time when the CSM prefers). "Test" connects once, within
the 5-second timeout, before anything is saved.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import CsdeskError
from csdesk.services.team import ServerAddress, url_of
from csdesk.ui.widgets import error_label, hint, show_error


class ConnectDialog(QDialog):
    def __init__(self, current: ServerAddress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to a team workspace")
        self.setMinimumWidth(520)
        self.host = QLineEdit(current.host)
        self.host.setPlaceholderText("db.example.com (or a local server's socket folder)")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(current.port)
        self.database = QLineEdit(current.database)
        self.user = QLineEdit(current.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Keep the password in the keychain")
        self.remember.setChecked(True)
        form = QFormLayout()
        for label, widget in (("Server", self.host), ("Port", self.port),
                              ("Database", self.database), ("User", self.user),
                              ("Password", self.password), ("", self.remember)):
            form.addRow(label, widget)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label()
        self.test_button = QPushButton("Test the connection")
        self.test_button.clicked.connect(self.test)
        self.local_button = QPushButton("Use my local workspace instead")
        self.local_button.setVisible(bool(current.host))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("A team workspace is a PostgreSQL database the whole CS team "
                              "shares. The password is never written to the settings."))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.local_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        # submit(url, password, remember) saves and may raise CsdeskError (shown here).
        self.submit: Callable[[str, str, bool], None] | None = None
        # check(url, password) connects once; raises CsdeskError with the reason.
        self.check: Callable[[str, str], str] | None = None

    def url(self) -> str:
        return url_of(ServerAddress(self.host.text(), self.port.value(), self.database.text(),
                                    self.user.text()))

    def test(self) -> bool:
        show_error(self.error, None)
        try:
            url = self.url()
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                message = self.check(url, self.password.text()) if self.check else ""
            finally:
                QApplication.restoreOverrideCursor()
        except CsdeskError as error:
            self.status.clear()
            show_error(self.error, str(error))
            return False
        self.status.setText(message)
        return True

    def accept(self) -> None:
        show_error(self.error, None)
        try:
            if self.submit:
                self.submit(self.url(), self.password.text(), self.remember.isChecked())
        except CsdeskError as error:
            show_error(self.error, str(error))
            return
        super().accept()
