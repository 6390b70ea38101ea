"""The main window: the book of accounts, or a welcome on an empty workspace.

This is the foundation's window; the full app (Today, Renewals, the account workspace) builds on it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csdesk import __version__
from csdesk.errors import CsdeskError, ImportRowsError
from csdesk.services import Services
from csdesk.services.demo import DemoService
from csdesk.services.importing import ImportService
from csdesk.store import backup
from csdesk.ui.accounts_model import AccountRow, AccountsTableModel
from csdesk.ui.tasks import Task, TaskRunner


class WelcomePage(QWidget):
    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        title = QLabel("<h1>Welcome to csdesk</h1>")
        # Explicit line breaks: a word-wrapped label is measured too short in a centred column.
        text = QLabel("Your book of accounts is empty.<br>Bring in your accounts from a CSV "
                      "file,<br>or explore csdesk with a demo book of 25 realistic accounts.")
        self.import_button = QPushButton("Import accounts from CSV…")
        self.demo_button = QPushButton("Open a demo book")
        self.import_button.clicked.connect(self.import_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        # A fixed-width column keeps the wrapped text readable in any window size.
        column = QWidget()
        column.setFixedWidth(520)
        column_layout = QVBoxLayout(column)
        column_layout.setSpacing(12)
        for widget in (title, text, self.import_button, self.demo_button):
            column_layout.addWidget(widget)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(column, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class AccountsPage(QWidget):
    def __init__(self, model: AccountsTableModel) -> None:
        super().__init__()
        self.filter = QLineEdit(placeholderText="Filter accounts (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(AccountsTableModel.SORT_ROLE)
        self.proxy.setFilterKeyColumn(AccountsTableModel.NAME)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AccountsTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            AccountsTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)


class MainWindow(QMainWindow):
    def __init__(self, services: Services, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.services = services
        self.runner = runner or TaskRunner()
        self.setWindowTitle(f"csdesk — {services.workspace.location.describe()}")
        self.model = AccountsTableModel()
        self.welcome = WelcomePage()
        self.accounts_page = AccountsPage(self.model)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.accounts_page)
        self.setCentralWidget(self.pages)
        self.welcome.import_requested.connect(self.import_accounts)
        self.welcome.demo_requested.connect(self.create_demo_book)
        self._build_menus()
        self._restore_geometry()
        self.refresh()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import accounts from CSV…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_accounts)
        self.backup_action = QAction("&Back up now", self)
        self.backup_action.triggered.connect(self.back_up)
        self.backup_action.setEnabled(self.services.workspace.path is not None)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (self.import_action, self.backup_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        find = QAction("&Filter accounts", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.accounts_page.filter.setFocus())
        self.menuBar().addMenu("&View").addAction(find)
        about = QAction("&About csdesk", self)
        about.triggered.connect(self.show_about)
        self.menuBar().addMenu("&Help").addAction(about)

    def refresh(self) -> None:
        rows = [AccountRow.of(a) for a in self.services.accounts.list()]
        self.model.set_rows(rows)
        self.pages.setCurrentWidget(self.accounts_page if rows else self.welcome)
        where = self.services.workspace.location.describe()
        self.statusBar().showMessage(f"{len(rows)} accounts · {where}")

    # Actions

    def import_accounts(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import accounts", str(Path.home()),
                                                  "CSV files (*.csv *.txt);;All files (*)")
        if not path:
            return
        importer = ImportService(self.services.workspace)
        self._run(Task(importer.import_accounts, Path(path), with_progress=True),
                  "Importing accounts…", lambda result: self._done(result.summary()))

    def create_demo_book(self) -> None:
        demo = DemoService(self.services.workspace)
        self._run(Task(demo.create_book, 25, with_progress=True), "Creating the demo book…",
                  lambda made: self._done(f"Demo book of {made} accounts created"))

    def back_up(self) -> None:
        path = self.services.workspace.path
        if path is None:
            return
        try:
            info = backup.make_backup(path, "manual")
        except CsdeskError as error:
            self.show_error("Backup failed", str(error))
            return
        self.statusBar().showMessage(f"Backup written and verified: {info.path}", 8000)

    def show_about(self) -> None:
        QMessageBox.about(self, "About csdesk",
                          f"<b>csdesk {__version__}</b><br>Workspace: "
                          f"{self.services.workspace.location.describe()}")

    def show_error(self, title: str, message: str, details: list[str] | None = None) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        if details:
            box.setDetailedText("\n".join(details))
        box.open()

    # Background work

    def _run(self, task: Task, label: str, on_success) -> None:  # noqa: ANN001
        dialog = QProgressDialog(label, "", 0, 0, self)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        task.signals.progressed.connect(lambda done, total: (dialog.setMaximum(total),
                                                             dialog.setValue(done)))
        task.signals.succeeded.connect(lambda result: (dialog.reset(), on_success(result)))
        task.signals.failed.connect(lambda error: (dialog.reset(), self._failed(error)))
        self.runner.start(task)

    def _done(self, message: str) -> None:
        self.refresh()
        self.statusBar().showMessage(message, 8000)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ImportRowsError):
            self.show_error("Nothing was imported", str(error), error.problems)
        elif isinstance(error, CsdeskError):
            self.show_error("csdesk", str(error))
        else:
            self.show_error("Something went wrong", f"{type(error).__name__}: {error}")

    # Window state

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 760)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self.runner.wait()
        super().closeEvent(event)
