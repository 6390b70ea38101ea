"""Tools → Settings: the user's settings (csdesk/settings.py), and the way to the workspace's own.

Who you are on documents, money and margins, backups and the workspace are the user's, saved
in their settings file.
The health score weights and the default Word templates belong to the workspace (they change
what everyone using it sees), so they open their own dialogs from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from csdesk import settings as user_settings
from csdesk.settings import NUMBER_FORMATS, Settings
from csdesk.ui.account_form import CURRENCIES
from csdesk.ui.widgets import error_label, hint, ok_cancel_restore, show_error


class SettingsDialog(QDialog):
    def __init__(self, current: Settings, open_workspace: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(680)
        self.current = current
        self.open_workspace = open_workspace
        self.errors: dict[str, QLabel] = {}
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general(current), "&General")
        self.tabs.addTab(self._backups(current), "&Backups")
        self.tabs.addTab(self._workspace(current), "&Workspace")
        self.weights_button = QPushButton("Health score weights…")
        self.templates_button = QPushButton("Document templates…")
        shared = QHBoxLayout()
        shared.addWidget(QLabel("This workspace's own settings:"))
        shared.addWidget(self.weights_button)
        shared.addWidget(self.templates_button)
        shared.addStretch(1)
        self.problems = QLabel("\n".join(current.problems))
        self.problems.setWordWrap(True)
        self.problems.setVisible(bool(current.problems))
        buttons = ok_cancel_restore(self, self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(shared)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        # Called with the new settings when OK is pressed; raising ValueError keeps it open.
        self.submit: Callable[[Settings], None] | None = None

    # Tabs

    def _row(self, form: QFormLayout, label: str, name: str, widget: QWidget) -> None:
        error = error_label()
        self.errors[name] = error
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        form.addRow(label, box)

    def _general(self, current: Settings) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self._you_on_documents(current))
        form = QFormLayout()
        layout.addLayout(form)
        layout.addStretch(1)
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        self.currency.setCurrentText(current.currency)
        self._row(form, "Currency of new accounts", "currency", self.currency)
        self.number_format = QComboBox()
        for name in NUMBER_FORMATS:
            self.number_format.addItem(name, name)
        self.number_format.setCurrentIndex(max(0, self.number_format.findData(
            current.number_format)))
        self._row(form, "Numbers are written", "number_format", self.number_format)
        self.gross_margin = QSpinBox()
        self.gross_margin.setRange(1, 100)
        self.gross_margin.setSuffix(" %")
        self.gross_margin.setValue(int(current.gross_margin * 100))
        self._row(form, "Gross margin (for CLV)", "gross_margin", self.gross_margin)
        form.addRow(hint("The gross margin is used for the customer lifetime value in "
                         "the metrics."))
        return page

    def _you_on_documents(self, current: Settings) -> QGroupBox:
        group = QGroupBox("You on documents")
        form = QFormLayout(group)
        self.my_name = QLineEdit(current.my_name)
        self.my_name.setPlaceholderText("as it appears as the owner of your accounts")
        self._row(form, "Your name", "my_name", self.my_name)
        self.my_title = QLineEdit(current.my_title)
        self.my_title.setPlaceholderText("e.g. Customer Success Manager (none if empty)")
        self._row(form, "Title", "my_title", self.my_title)
        self.my_email = QLineEdit(current.my_email)
        self.my_email.setPlaceholderText("dana@example.com")
        self._row(form, "E-mail", "my_email", self.my_email)
        self.my_phone = QLineEdit(current.my_phone)
        self.my_phone.setPlaceholderText("+1 (555) 010-0000")
        self._row(form, "Phone", "my_phone", self.my_phone)
        self.company = QLineEdit(current.company)
        self.company.setPlaceholderText("your company, as customers know it")
        self._row(form, "Company", "company", self.company)
        form.addRow(hint("Customer documents are prepared by you: what is filled in here is "
                         "printed on them, what is empty is left out. Your name is also the "
                         "owner of your accounts (My book)."))
        return group

    def _backups(self, current: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.keep = QSpinBox()
        self.keep.setRange(*user_settings.BACKUP_KEEP_RANGE)
        self.keep.setSuffix(" days")
        self.keep.setValue(current.backup_keep_daily)
        self._row(form, "Keep daily backups for", "backup_keep_daily", self.keep)
        self.backup_folder = QLineEdit(current.backup_folder or "")
        self.backup_folder.setPlaceholderText("beside the workspace")
        self.backup_folder.setMinimumWidth(280)
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_backup_folder)
        row = QHBoxLayout()
        row.addWidget(self.backup_folder, 1)
        row.addWidget(choose)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self._row(form, "Backup folder", "backup_folder", holder)
        form.addRow(hint("A backup is made once a day when csdesk opens, and before every "
                         "upgrade.\nA folder on another disk or a synced drive keeps them safe "
                         "if the laptop is lost."))
        return page

    def _workspace(self, current: Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.addRow("Open now", QLabel(self.open_workspace))
        self.workspace = QLineEdit(current.workspace or "")
        self.workspace.setPlaceholderText("workspace.db in your user data folder")
        self.workspace.setMinimumWidth(280)
        open_button = QPushButton("Open another…")
        open_button.clicked.connect(self._choose_workspace)
        new_button = QPushButton("Create a new one…")
        new_button.clicked.connect(self._new_workspace)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.workspace, 1)
        row.addWidget(open_button)
        row.addWidget(new_button)
        holder = QWidget()
        holder.setLayout(row)
        self._row(form, "Opens at start", "workspace", holder)
        self.recent = QComboBox()
        self.recent.addItem("Recent workspaces…", None)
        for path in current.recent_workspaces:
            self.recent.addItem(path, path)
        self.recent.activated.connect(
            lambda i: self.workspace.setText(self.recent.itemData(i) or self.workspace.text()))
        form.addRow("", self.recent)
        form.addRow(hint("After OK, csdesk offers to switch now. A new workspace starts empty."))
        return page

    def _choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Backup folder",
                                                  self.backup_folder.text() or str(Path.home()))
        if folder:
            self.backup_folder.setText(folder)

    def _choose_workspace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a workspace", str(Path.home()),
                                              "csdesk workspaces (*.db);;All files (*)")
        if path:
            self.workspace.setText(path)

    def _new_workspace(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Create a new workspace",
                                              str(Path.home() / "workspace.db"),
                                              "csdesk workspaces (*.db)")
        if path:
            self.workspace.setText(path if path.endswith(".db") else path + ".db")

    # Values

    def values(self) -> Settings:
        folder = self.backup_folder.text().strip() or None
        workspace = self.workspace.text().strip() or None
        chosen = replace(self.current, my_name=self.my_name.text().strip(),
                         my_title=self.my_title.text().strip(),
                         my_email=self.my_email.text().strip(),
                         my_phone=self.my_phone.text().strip(),
                         company=self.company.text().strip(),
                         currency=self.currency.currentText().strip().upper(),
                         number_format=self.number_format.currentData(),
                         gross_margin=Decimal(self.gross_margin.value()) / 100,
                         backup_keep_daily=self.keep.value(), backup_folder=folder,
                         workspace=workspace, problems=())
        if workspace and workspace != self.current.workspace:
            chosen = user_settings.remember_workspace(chosen, workspace)
        return chosen

    def restore_defaults(self) -> None:
        defaults = Settings()
        self.currency.setCurrentText(defaults.currency)
        self.number_format.setCurrentIndex(self.number_format.findData(defaults.number_format))
        self.gross_margin.setValue(int(defaults.gross_margin * 100))
        self.keep.setValue(defaults.backup_keep_daily)
        self.backup_folder.clear()  # the workspace choice is left alone

    def accept(self) -> None:
        chosen = self.values()
        errors = user_settings.check(user_settings.to_dict(chosen))
        for name, label in self.errors.items():
            show_error(label, errors.get(name))
        if errors:
            return
        try:
            if self.submit:
                self.submit(chosen)
        except (ValueError, OSError) as error:
            show_error(self.errors["workspace"], str(error))
            return
        super().accept()
