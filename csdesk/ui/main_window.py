"""The main window: navigation between Today, Accounts, Renewals and the account workspace,
with menus, a toolbar, shortcuts, undo/redo, search and remembered layout."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)
from shiboken6 import isValid

from csdesk import __version__, clock
from csdesk.errors import ConflictError, CsdeskError, ImportRowsError
from csdesk.models import MilestoneStatus
from csdesk.services import Services
from csdesk.services.book import AccountSummary, AgendaItem
from csdesk.services.demo import DemoService
from csdesk.services.portfolio_metrics import dashboard, period_dates
from csdesk.services.spreadsheet import Table, write_table
from csdesk.store import backup
from csdesk.store.fulltext import Hit
from csdesk.store.secrets import NoKeychainError, keychain_available
from csdesk.ui.account.context import AccountContext
from csdesk.ui.account.workspace import AccountWorkspace
from csdesk.ui.dialogs.account_dialog import AccountDialog
from csdesk.ui.dialogs.calendar_import_dialog import CalendarImportDialog
from csdesk.ui.dialogs.connect_dialog import ConnectDialog
from csdesk.ui.dialogs.documents_dialog import DocumentTemplatesDialog
from csdesk.ui.dialogs.import_dialog import ImportDialog
from csdesk.ui.dialogs.roadmap_dialog import RoadmapDialog
from csdesk.ui.dialogs.rules_dialog import RulesDialog
from csdesk.ui.dialogs.settings_dialog import SettingsDialog
from csdesk.ui.dialogs.templates_dialog import TemplatesDialog
from csdesk.ui.dialogs.weights_dialog import WeightsDialog
from csdesk.ui.editing import Editor
from csdesk.ui.format import sentence
from csdesk.ui.search_dialog import TAB_OF_KIND, SearchDialog
from csdesk.ui.tasks import Task, TaskRunner
from csdesk.ui.views.accounts import AccountsView
from csdesk.ui.views.growth import OpportunitiesView, ProductGapsView
from csdesk.ui.views.portfolio import PortfolioView
from csdesk.ui.views.renewals import RenewalsView
from csdesk.ui.views.selection import AccountLists
from csdesk.ui.views.today import TodayView
from csdesk.ui.views.welcome import WelcomeView

VIEWS = ("today", "accounts", "renewals", "portfolio", "opportunities", "gaps")
NAV_LABELS = {"today": "Today", "accounts": "Accounts", "renewals": "Renewals",
              "portfolio": "Portfolio", "opportunities": "Opportunities",
              "gaps": "Product gaps"}

SHORTCUTS = [
    ("Ctrl+N", "New account"),
    ("Ctrl+Shift+M", "New meeting for the selected (or the open) account"),
    ("Ctrl+K", "Search everything"), ("Ctrl+F", "Filter the accounts"),
    ("Ctrl+1 … 6", "Today / Accounts / Renewals / Portfolio / Opportunities / Product gaps"),
    ("Ctrl+PgDown / Ctrl+PgUp", "Next / previous account"), ("Alt+Left", "Back"),
    ("Ctrl+E", "Edit the selected (or the open) account"),
    ("Ctrl+Shift+S", "Export the table on screen (Excel or CSV)"),
    ("Ctrl+Shift+Q / Ctrl+Shift+E", "Prepare the QBR / export the success plan of the "
                                     "selected (or the open) account"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
    ("Ctrl+I", "Import accounts (CSV or Excel)"), ("Delete", "Archive the selected accounts, or "
                                                       "remove the selected canvas item"),
    ("Alt+Up / Alt+Down in a canvas list", "Move the item up or down"),
    ("F2", "Edit the selected canvas item"), ("F5", "Refresh"), ("Ctrl+,", "Settings"),
]


# Splitters inside the account tabs: the name they are remembered under -> (tab, the splitter).
ACCOUNT_SPLITTERS: dict[str, tuple[str, Callable[[AccountWorkspace], QSplitter]]] = {
    "meetings": ("meetings", lambda account: account.meetings.splitter),
    "milestones": ("plan", lambda account: account.plan.milestones.splitter),
    "measures": ("plan", lambda account: account.plan.measures.splitter),
    "path": ("path", lambda account: account.path.splitter),
    "risks": ("risks", lambda account: account.risks.splitter),
    "growth": ("growth", lambda account: account.growth.splitter),
}


def _account_id(row: object) -> int:
    return row.account_id  # type: ignore[attr-defined]


class MainWindow(QMainWindow):
    def __init__(self, services: Services, runner: TaskRunner | None = None,
                 today: Callable[[], date] = clock.today, remember_layout: bool = True) -> None:
        super().__init__()
        self._remember = remember_layout
        self.services = services
        self.runner = runner or TaskRunner()
        self.today = today
        self.editor = Editor(services, self)
        self.setWindowTitle(f"csdesk — {services.workspace.location.describe()}")
        self.ctx = AccountContext(services, self.editor, today, runner=self.runner)
        self._history: list[str] = []
        self._account_count = 0
        self.next_workspace: str | None = None  # set when the user switches workspace
        self._import_dialog: ImportDialog | None = None
        self._import_folder: Path | None = None  # where the last imported file was

        self.welcome = WelcomeView()
        self.today_view = TodayView(today)
        self.accounts_view = AccountsView()
        self.renewals_view = RenewalsView()
        self.portfolio_view = PortfolioView()
        self.opportunities_view = OpportunitiesView()
        self.gaps_view = ProductGapsView()
        self.account_view = AccountWorkspace(self.ctx)
        self.pages = QStackedWidget()
        for page in (self.welcome, self.today_view, self.accounts_view, self.renewals_view,
                     self.portfolio_view, self.opportunities_view, self.gaps_view,
                     self.account_view):
            self.pages.addWidget(page)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        for view in VIEWS:
            self.nav.addItem(NAV_LABELS[view])
        self.nav.setMaximumWidth(220)
        # The list always has a current row (the view an account was opened from), so
        # focusing it changes nothing; clicking the current row goes back to that view.
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.itemClicked.connect(lambda _item: self._on_nav(self.nav.currentRow()))
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([170, 1100])
        self.setCentralWidget(self.splitter)
        self.workspace_label = QLabel()
        self.statusBar().addPermanentWidget(self.workspace_label)

        # The tables whose rows are accounts (or belong to one), per view: account commands
        # act on the account selected there (Product gaps' rows belong to many: none).
        self._account_lists = {
            "today": AccountLists([(self.today_view.due, _account_id),
                                   (self.today_view.renewals, _account_id),
                                   (self.today_view.risks, _account_id),
                                   (self.today_view.meetings, _account_id)], self),
            "accounts": AccountLists([(self.accounts_view.table, lambda row: row.id)], self),
            "renewals": AccountLists([(self.renewals_view.table, _account_id)], self),
            "portfolio": AccountLists([(self.portfolio_view.table, _account_id)], self),
            "opportunities": AccountLists([(self.opportunities_view.table, _account_id)], self),
        }
        # Once a day while the app runs (see `start_daily_work`): a minute's check of the day.
        self._work_day: date | None = None
        self.daily_timer = QTimer(self)
        self.daily_timer.setInterval(60_000)
        self.daily_timer.timeout.connect(self.check_new_day)

        from csdesk.settings import load as load_settings

        for view in (self.today_view, self.accounts_view, self.renewals_view):
            view.set_my_name(load_settings().my_name)
        self._build_actions()
        self._update_encryption_actions()
        self._connect()
        # Until the window is first shown, choosing a page only remembers it: the first
        # showEvent loads it once (a start-up that picks a page twice queries once).
        self._load_when_shown = True
        self._restore_state()

    # Building

    def _action(self, text: str, slot: Callable[[], object], shortcut: object = None,
                tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_account_action = a("&New account…", self.new_account, "Ctrl+N")
        self.import_action = a(
            "&Import accounts…", self.import_accounts, "Ctrl+I",
            "Accounts from a CRM export (CSV or Excel: Salesforce, HubSpot, Gainsight, …), "
            "with a preview first; one step to undo")
        self.import_contacts_action = a(
            "Import &contacts…", lambda: self.import_file("contacts"), None,
            "Stakeholders of your accounts from a CRM export (CSV or Excel)")
        self.import_usage_action = a(
            "Import product &usage…", lambda: self.import_file("usage"), None,
            "Readings of the success plans' KPIs from a product usage export (account, date, "
            "metric, value), so adoption health comes from data")
        self.demo_action = a("Open a &demo book", self.create_demo_book)
        self.backup_action = a("&Back up now", self.back_up)
        self.backup_action.setEnabled(self.services.workspace.path is not None)
        self.encrypt_action = a("&Encrypt this workspace…", self.encrypt_workspace)
        self.decrypt_action = a("&Decrypt this workspace…", self.decrypt_workspace)
        quit_action = a("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = self.editor.stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.editor.stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        # The menu says what will be undone ("Undo Edit notes of …"); the toolbar button stays
        # short instead of being elided to "Un…il".
        self.undo_action.setIconText("Undo")
        self.redo_action.setIconText("Redo")
        self.edit_account_action = a("&Edit account…", self.edit_open_account, "Ctrl+E",
                                     "Edit the account selected in the list, or the open one")
        self.archive_action = a("&Archive account", self.archive_open_account)
        self.view_actions = [a(f"&{NAV_LABELS[v]}", lambda v=v: self.show_view(v), f"Ctrl+{i}")
                             for i, v in enumerate(VIEWS, start=1)]
        self.search_action = a("&Search…", self.open_search, "Ctrl+K")
        self.filter_action = a("&Filter accounts", self.focus_filter,
                               QKeySequence.StandardKey.Find)
        self.next_action = a("&Next account", lambda: self.step_account(1), "Ctrl+PgDown")
        self.previous_action = a("&Previous account", lambda: self.step_account(-1),
                                 "Ctrl+PgUp")
        self.back_action = a("&Back", self.go_back, "Alt+Left")
        self.refresh_action = a("&Refresh", self.refresh, QKeySequence.StandardKey.Refresh)
        self.new_meeting_action = a("New &meeting", self.new_meeting, "Ctrl+Shift+M",
                                    "A meeting for the account selected in the list, or the "
                                    "open one")
        self.templates_action = a("Critical-path &templates…", self.open_templates)
        self.weights_action = a("&Health score weights…", self.open_weights)
        self.rules_action = a("&Early-warning rules…", self.open_rules)
        self.settings_action = a("&Settings…", self.open_settings,
                                 QKeySequence.StandardKey.Preferences)
        self.documents_action = a("&Document templates…", self.open_document_templates)
        self.roadmap_action = a("Product &roadmap…", self.open_roadmap)
        self.export_plan_action = a("Export &success plan to Word…",
                                    lambda: self._export_document("plan"), "Ctrl+Shift+E")
        self.export_qbr_action = a("Prepare the &QBR…", self.open_qbr, "Ctrl+Shift+Q",
                                   "The QBR of the account selected in the list, or the open one")
        self.export_qbr_document_action = a(
            "Export the QBR &pre-read to Word…", lambda: self._export_document("qbr"), None,
            "The QBR agenda and pre-read of the account selected in the list, or the open one")
        self.export_table_action = a("E&xport table…", self.export_table, "Ctrl+Shift+S",
                                     "Save the table on screen as an Excel workbook or CSV")
        self.handover_export_action = a(
            "&Hand over accounts…", self.export_handover, None,
            "The accounts selected in the list (or the open one, or else the whole book) in one "
            "file for another CSM: the data and each success plan")
        self.handover_import_action = a(
            "Import a hando&ver pack…", self.import_handover, None,
            "Take over accounts from another CSM's handover pack (importing it again changes "
            "nothing)")
        self.connect_action = a("Connect to a &team workspace…", self.open_connect, None,
                                "Work in a PostgreSQL workspace shared by your CS team")
        self.import_meetings_action = a(
            "Import &meetings from a calendar…", self.import_meetings, None,
            "Create meetings from an .ics file exported from Outlook or Google Calendar")
        self.export_book_calendar_action = a(
            "Export the book's &calendar…", lambda: self.export_calendar(None), None,
            "Milestones, meetings, due dates and renewal checkpoints of every account, as .ics")
        self.export_account_calendar_action = a(
            "Export account &calendar…", self.export_open_account_calendar, None,
            "The milestones, meetings, due dates and renewal checkpoints of the account "
            "selected in the list (or the open one), as .ics")
        shortcuts_action = a("&Keyboard shortcuts", self.show_shortcuts)
        about_action = a("&About csdesk", self.show_about)

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        for action in (self.new_account_action, self.import_action,
                       self.import_contacts_action, self.import_usage_action, self.demo_action,
                       None,
                       self.import_meetings_action, None, self.export_table_action,
                       self.export_book_calendar_action, None, self.handover_export_action,
                       self.handover_import_action, None, self.connect_action,
                       self.backup_action,
                       self.encrypt_action,
                       self.decrypt_action, None, quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = menus.addMenu("&Edit")
        for action in (self.undo_action, self.redo_action, None, self.edit_account_action,
                       self.archive_action):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        view_menu = menus.addMenu("&View")
        for action in (*self.view_actions, None, self.search_action, self.filter_action, None,
                       self.next_action, self.previous_action, self.back_action, None,
                       self.refresh_action):
            view_menu.addSeparator() if action is None else view_menu.addAction(action)
        account_menu = menus.addMenu("&Account")
        account_menu.addAction(self.new_meeting_action)
        account_menu.addAction(self.export_qbr_action)
        account_menu.addAction(self.export_qbr_document_action)
        account_menu.addAction(self.export_plan_action)
        account_menu.addAction(self.export_account_calendar_action)
        tools_menu = menus.addMenu("&Tools")
        tools_menu.addAction(self.templates_action)
        tools_menu.addAction(self.weights_action)
        tools_menu.addAction(self.rules_action)
        tools_menu.addAction(self.documents_action)
        tools_menu.addAction(self.roadmap_action)
        tools_menu.addSeparator()
        tools_menu.addAction(self.settings_action)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(shortcuts_action)
        help_menu.addAction(about_action)

        toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_account_action, self.new_meeting_action, self.search_action,
                       None, self.undo_action, self.redo_action):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _connect(self) -> None:
        self.editor.changed.connect(self._on_changed)
        self.editor.done.connect(lambda text: self.statusBar().showMessage(
            f"{text} · Ctrl+Z to undo" if self.editor.stack.canUndo() else text, 6000))
        self.editor.failed.connect(lambda text: self.show_error("csdesk", text))
        self.editor.keep_mine = lambda conflict: self.keep_mine(conflict)
        self.welcome.new_account_requested.connect(self.new_account)
        self.welcome.import_requested.connect(self.import_accounts)
        self.welcome.demo_requested.connect(self.create_demo_book)
        for view in (self.today_view, self.accounts_view, self.renewals_view,
                     self.portfolio_view, self.opportunities_view, self.gaps_view):
            view.account_requested.connect(self.open_account)
        self.account_view.templates_requested.connect(self.open_templates)
        self.account_view.tab_built.connect(self._tab_built)
        self.account_view.rules_requested.connect(self.open_rules)
        self.account_view.roadmap_requested.connect(self.open_roadmap)
        self.account_view.document_templates_requested.connect(self.open_document_templates)
        self.today_view.done_toggled.connect(self.tick_agenda_item)
        self.accounts_view.new_requested.connect(self.new_account)
        self.accounts_view.edit_requested.connect(self.edit_account)
        self.accounts_view.archive_requested.connect(self.archive_accounts)
        self.accounts_view.unarchive_requested.connect(self.unarchive_accounts)
        self.accounts_view.show_archived_changed.connect(lambda _on: self.refresh())
        self.renewals_view.window_changed.connect(lambda _days: self.refresh())
        self.portfolio_view.dashboard.period_changed.connect(lambda _p: self.refresh())
        self.account_view.edit_requested.connect(self.edit_account)
        self.account_view.closed.connect(lambda: self.show_view("accounts"))

    # Navigation

    def current_view(self) -> str:
        page = self.pages.currentWidget()
        if page is self.account_view:
            return "account"
        if page is self.welcome:
            return self._history[-1] if self._history else "today"
        return next(view for view, widget in self._view_pages().items() if widget is page)

    def _view_pages(self) -> dict[str, QWidget]:
        return {"today": self.today_view, "accounts": self.accounts_view,
                "renewals": self.renewals_view, "portfolio": self.portfolio_view,
                "opportunities": self.opportunities_view, "gaps": self.gaps_view}

    def show_view(self, view: str) -> None:
        if view not in VIEWS:
            return
        if self.current_view() != view or self.pages.currentWidget() is self.account_view:
            self._history.append(self.current_view())
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(VIEWS.index(view))
        self.nav.blockSignals(False)
        self._show_page(view)

    def _show_page(self, view: str) -> None:
        self._account_count = self.services.accounts.count()
        if not self._account_count:
            self.pages.setCurrentWidget(self.welcome)
            self._history.append(view)
        else:
            self.pages.setCurrentWidget(self._view_pages()[view])
        self.refresh()

    def _on_nav(self, row: int) -> None:
        if 0 <= row < len(VIEWS):
            self.show_view(VIEWS[row])

    def open_account(self, account_id: int, tab: str = "") -> None:
        if self.pages.currentWidget() is not self.account_view:
            self._history.append(self.current_view())
        self.pages.setCurrentWidget(self.account_view)
        self.account_view.open_account(account_id, tab)
        self._update_status()

    def go_back(self) -> None:
        while self._history:
            view = self._history.pop()
            if view in VIEWS:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(VIEWS.index(view))
                self.nav.blockSignals(False)
                self._show_page(view)
                self._history.pop() if self._history and self._history[-1] == view else None
                return

    def step_account(self, step: int) -> None:
        ids = self.accounts_view.visible_ids()
        if not ids:
            ids = [r.id for r in self.services.book.account_summaries(self.today())]
        if not ids:
            return
        current = self.account_view.account_id
        if self.pages.currentWidget() is not self.account_view or current not in ids:
            target = ids[0] if step > 0 else ids[-1]
        else:
            target = ids[(ids.index(current) + step) % len(ids)]
        self.open_account(target, self.account_view.current_tab()
                          if self.pages.currentWidget() is self.account_view else "")

    # Refreshing

    def _on_changed(self, account_id: object) -> None:
        if isinstance(account_id, int):  # its health follows every edit (a few queries)
            self.services.health.refresh(self.today(), [account_id])
        self.refresh()

    def start_daily_work(self) -> None:
        """On opening, and again on each new day while the app runs (`check_new_day`):
        start-renewal action items due, then every health score, in the background; the view
        refreshes when done."""
        services, today = self.services, self.today()
        self._work_day = today
        if not self.daily_timer.isActive():
            self.daily_timer.start()

        def work() -> int:
            created = services.renewals.ensure_start_renewal_actions(today)
            services.health.refresh(today)
            return created

        task = Task(work)
        task.signals.succeeded.connect(lambda created: (self.refresh(), self.statusBar()
                                                        .showMessage(f"{created} renewal action "
                                                                     "items added", 6000)
                                                        if created else None))
        task.signals.failed.connect(self._failed)
        self.runner.start(task)

    def check_new_day(self) -> bool:
        """The daily timer's check: on a new day (by the window's `today`), the daily work
        again, so a renewal entering the 90-day window overnight gets its start-renewal item
        without a restart. True when the day had changed."""
        if self._work_day is None or self.today() == self._work_day:
            return False
        self.start_daily_work()
        return True

    def refresh(self) -> None:
        """Reload what the visible page shows (cheap: a few queries)."""
        if self._load_when_shown:
            return
        count = self.services.accounts.count()
        page = self.pages.currentWidget()
        if bool(count) != bool(self._account_count) and page is not self.account_view:
            self._account_count = count
            self._show_page(self.current_view())
            return
        self._account_count = count
        today = self.today()
        if page is self.today_view:
            self.today_view.show_agenda(self.services.book.today(today))
        elif page is self.accounts_view:
            self.accounts_view.set_rows(self.services.book.account_summaries(
                today, include_archived=self.accounts_view.show_archived.isChecked()))
        elif page is self.renewals_view:
            self.renewals_view.set_pipeline(self.services.renewals.pipeline(
                today, self.renewals_view.days))
        elif page is self.portfolio_view:
            start, end = period_dates(self.portfolio_view.dashboard.period.currentText(), today)
            self.portfolio_view.dashboard.show_dashboard(
                dashboard(self.services.metrics, today, start, end))
            self.portfolio_view.show_rows(self.services.critical_path.portfolio(today), today)
        elif page is self.opportunities_view:
            self.opportunities_view.show_rows(self.services.growth.book())
        elif page is self.gaps_view:
            self.gaps_view.show_rows(self.services.growth.ranked_gaps())
        elif page is self.account_view:
            self.account_view.refresh()
        self._update_status()

    def _update_status(self) -> None:
        noun = "account" if self._account_count == 1 else "accounts"
        self.workspace_label.setText(f"{self._account_count} {noun} · "
                                     f"{self.services.workspace.location.describe()}")
        self.archive_action.setEnabled(self.pages.currentWidget() is self.account_view)

    # Commands

    def new_account(self) -> None:
        dialog = AccountDialog(parent=self)
        dialog.submit = lambda values: self.editor.create(
            f"Create account {values['name'].strip()}",
            lambda: self.services.accounts.create(**values), "Account",
            self.services.accounts.delete, None)
        dialog.accepted.connect(lambda: self.open_account(dialog.result_value.id, "overview"))
        dialog.open()

    def edit_account(self, account_id: int) -> AccountDialog:
        account = self.services.accounts.get(account_id)
        dialog = AccountDialog(account, parent=self)
        old = {name: getattr(account, name) for name in dialog.form.names}
        dialog.submit = lambda values: self.editor.set_fields(
            f"Edit account {account.name}", self.services.accounts.update, account.id, old,
            values, account.id)
        dialog.open()
        return dialog

    def keep_mine(self, conflict: ConflictError) -> bool:
        """Show both versions of what clashed; True to save mine over theirs."""
        def shown(value: object) -> str:
            return "(empty)" if value in (None, "") else f"“{value}”"

        lines = [f"{name.replace('_', ' ').capitalize()}: yours {shown(mine)}, theirs "
                 f"{shown(theirs)} (it was {shown(was)} when you started)"
                 for name, (was, theirs, mine) in conflict.fields.items()]
        box = QMessageBox(QMessageBox.Icon.Warning, "Changed by someone else",
                          sentence(str(conflict)), parent=self)
        box.setInformativeText("\n".join(lines) or "Reload to see their change.")
        mine = box.addButton("Keep mine", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep theirs", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is mine

    def edit_open_account(self) -> None:
        account_id = self.target_account("edit it")
        if account_id is not None:
            self.edit_account(account_id)

    def target_accounts(self) -> list[int]:
        """The accounts a command acts on. On a list view (Today, Accounts, Renewals,
        Portfolio, Opportunities): the accounts selected in its table that has focus, else in
        the one used last (see `AccountLists`), and none when nothing is selected there; in
        the account workspace: the open account. Never the account opened last while a list
        is on screen."""
        page = self.pages.currentWidget()
        if page is self.account_view:
            open_id = self.account_view.account_id
            return [] if open_id is None else [open_id]
        lists = self._account_lists.get(self.current_view()) if page is not self.welcome \
            else None
        return lists.selected_ids() if lists is not None else []

    def target_account(self, doing: str) -> int | None:
        """The one account a command acts on (`target_accounts`), or None after saying in the
        status bar why there is none (no dialog is opened for a guessed account)."""
        ids = self.target_accounts()
        if len(ids) == 1:
            return ids[0]
        self.statusBar().showMessage(
            f"Select an account in the list, or open one, to {doing}." if not ids else
            f"{len(ids)} accounts are selected: select one to {doing}.", 6000)
        return None

    def archive_accounts(self, rows: list[AccountSummary]) -> None:
        if not rows:
            return
        ids = [r.id for r in rows]
        accounts = self.services.accounts
        what = rows[0].name if len(rows) == 1 else f"{len(rows)} accounts"
        self.editor.run(f"Archive {what}", lambda: [accounts.archive(i) for i in ids],
                        lambda: [accounts.unarchive(i) for i in ids], None)

    def unarchive_accounts(self, rows: list[AccountSummary]) -> None:
        ids = [r.id for r in rows]
        accounts = self.services.accounts
        what = rows[0].name if len(rows) == 1 else f"{len(rows)} accounts"
        self.editor.run(f"Unarchive {what}", lambda: [accounts.unarchive(i) for i in ids],
                        lambda: [accounts.archive(i) for i in ids], None)

    def archive_open_account(self) -> None:
        account_id = self.account_view.account_id
        if account_id is None:
            return
        account = self.services.accounts.get(account_id)
        accounts = self.services.accounts
        self.editor.run(f"Archive {account.name}", lambda: accounts.archive(account_id),
                        lambda: accounts.unarchive(account_id), None)
        self.show_view("accounts")

    def new_meeting(self) -> None:
        account_id = self.target_account("add a meeting to it")
        if account_id is None:
            return
        self.open_account(account_id, "meetings")
        self.account_view.meetings.new_meeting()

    def tick_agenda_item(self, item: AgendaItem, done: bool) -> None:
        if not done:
            return
        today = self.today()
        if item.kind == "action":
            meetings = self.services.meetings
            self.editor.set_fields(f"Tick off {item.text[:40]}", meetings.update_action,
                                   item.id, {"done_on": None}, {"done_on": today},
                                   item.account_id)
        else:
            paths = self.services.critical_path
            milestone = next(m for m in paths.milestones(
                self.services.plans.get(item.account_id).id) if m.id == item.id)
            old = {"actual_date": milestone.actual_date, "status": milestone.status}
            self.editor.set_fields(f"Mark {item.text[:40]} done", paths.update_milestone,
                                   item.id, old,
                                   {"actual_date": today, "status": MilestoneStatus.DONE},
                                   item.account_id)

    def open_templates(self) -> None:
        dialog = TemplatesDialog(self.services, self)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        self._templates_dialog = dialog

    def open_weights(self) -> None:
        dialog = WeightsDialog(self.services.health.weights(), self)

        def save(weights: dict[str, int]) -> None:
            self.services.health.set_weights(weights)
            self.services.health.refresh(self.today())

        dialog.submit = save
        dialog.accepted.connect(self.refresh)
        dialog.open()
        self._weights_dialog = dialog

    def open_settings(self) -> SettingsDialog:
        from csdesk import settings as user_settings
        from csdesk.services.validation import set_number_format

        dialog = SettingsDialog(user_settings.load(),
                                self.services.workspace.location.describe(), self)
        dialog.weights_button.clicked.connect(self.open_weights)
        dialog.templates_button.clicked.connect(self.open_document_templates)

        def save(chosen: user_settings.Settings) -> None:
            user_settings.save(chosen)
            set_number_format(chosen.number_format)
            self.use_my_name(chosen.my_name)
            self.refresh()
            self.statusBar().showMessage("Settings saved.", 5000)
            here = self.services.workspace.path
            if chosen.workspace and (here is None or Path(chosen.workspace) != here) and \
                    self.confirm("Switch workspace?",
                                 f"Open {chosen.workspace} now? This workspace is closed "
                                 "first; nothing is lost."):
                self.switch_workspace(chosen.workspace)

        dialog.submit = save
        dialog.open()
        self._settings_dialog = dialog
        return dialog

    def use_my_name(self, name: str) -> None:
        """Your name from Settings, now: My book, and who makes changes on the activity log.
        (Also called by `ensure_signature` when the first export asks for it.)"""
        for view in (self.today_view, self.accounts_view, self.renewals_view):
            view.set_my_name(name)
        self.services.workspace.actor = name or None

    def open_connect(self) -> ConnectDialog:
        from csdesk import settings as user_settings
        from csdesk.services import team

        dialog = ConnectDialog(team.address_of(user_settings.load().server_url), self)

        def save(url: str, password: str, remember: bool) -> None:
            team.join(url, password, remember)
            if self.confirm("Switch to the team workspace?",
                            f"Open {url} now? This workspace is closed first."):
                self.switch_workspace(url)

        def use_local() -> None:
            local = team.leave()
            dialog.reject()
            if self.confirm("Switch to your local workspace?",
                            "Open your local workspace now?"):
                self.switch_workspace(str(local.path))

        dialog.check = team.check_connection
        dialog.submit = save
        dialog.local_button.clicked.connect(use_local)
        dialog.open()
        self._connect_dialog = dialog
        return dialog

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def switch_workspace(self, path: str) -> None:
        """Close this window and its workspace; the app then opens ``path`` (see app.py)."""
        self.next_workspace = path
        self.close()

    def open_rules(self) -> RulesDialog:
        dialog = RulesDialog(self.services.early_warning.settings(), self)
        dialog.submit = self.services.early_warning.set_settings
        dialog.accepted.connect(self.refresh)
        dialog.open()
        self._rules_dialog = dialog
        return dialog

    def open_document_templates(self) -> None:
        dialog = DocumentTemplatesDialog(self.services, self)
        dialog.open()
        self._documents_dialog = dialog

    def open_roadmap(self) -> None:
        dialog = RoadmapDialog(self.services, self)
        dialog.finished.connect(lambda _r: self.account_view.qbr.redraft()
                                if self.account_view.account_id else None)
        dialog.open()
        self._roadmap_dialog = dialog

    def open_qbr(self) -> None:
        account_id = self.target_account("prepare its QBR")
        if account_id is not None:
            self.open_account(account_id, "qbr")

    def _export_document(self, kind: str) -> None:
        """The success plan or the QBR pre-read of the selected (or open) account, to Word.
        From a list the account opens first (on its QBR tab for the QBR), so what is written
        is in front of the CSM, with the account's name in the file dialog."""
        account_id = self.target_account("export its QBR" if kind == "qbr"
                                         else "export its success plan")
        if account_id is None:
            return
        if self.pages.currentWidget() is not self.account_view \
                or self.account_view.account_id != account_id:
            self.open_account(account_id, "qbr" if kind == "qbr" else "")
        self.account_view.qbr.refresh()
        self.account_view.qbr.export(kind)

    def open_search(self) -> None:
        dialog = SearchDialog(self.services, self)
        dialog.hit_chosen.connect(self.open_hit)
        dialog.open()
        self._search_dialog = dialog

    def open_hit(self, hit: Hit) -> None:
        self.open_account(hit.account_id, TAB_OF_KIND.get(hit.kind, "overview"))
        if hit.kind == "meeting":
            self.account_view.meetings.select(hit.ref_id)

    def focus_filter(self) -> None:
        self.show_view("accounts")
        self.accounts_view.filter.setFocus()
        self.accounts_view.filter.selectAll()

    # Files and background work

    def table_on_screen(self) -> Table | None:
        """The table of the current view, as shown (filter and order), for export."""
        from csdesk.services.tables import (
            accounts_table,
            gaps_table,
            opportunities_table,
            renewals_table,
            today_table,
        )

        view = self.current_view()
        if self.pages.currentWidget() in (self.account_view, self.welcome) or view not in VIEWS:
            return None
        if view == "today":  # all four of its lists, each as shown (My book or Team, order)
            shown = self.today_view
            return today_table(shown.due.visible_rows(), shown.renewals.visible_rows(),
                               shown.risks.visible_rows(), shown.meetings.visible_rows(),
                               self.today())
        if view == "accounts":
            return accounts_table(self.accounts_view.table.visible_rows())
        if view == "renewals":
            return renewals_table(self.renewals_view.table.visible_rows())
        if view == "opportunities":
            return opportunities_table(self.opportunities_view.table.visible_rows())
        if view == "gaps":
            return gaps_table(self.gaps_view.table.visible_rows())
        today = self.today()
        start, end = period_dates(self.portfolio_view.dashboard.period.currentText(), today)
        return self.services.tables.table("metrics", today, start, end)

    def accounts_to_hand_over(self) -> list[int] | None:
        """The accounts selected in the list on screen, or the open account
        (`target_accounts`); None: the whole book."""
        return self.target_accounts() or None

    def export_handover(self, path: str | None = None) -> None:
        from csdesk.ui.dialogs.profile_dialog import ensure_signature

        if not ensure_signature(self):  # each account's success plan goes in, signed
            return
        ids = self.accounts_to_hand_over()
        if ids is None:
            what, stem = "the whole book", "csdesk handover"
        elif len(ids) == 1:
            name = self.services.accounts.get(ids[0]).name
            what, stem = name, f"{name} handover"
        else:
            what, stem = f"{len(ids)} accounts", f"csdesk handover {len(ids)} accounts"
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, f"Hand over {what}",
                str(Path.home() / f"{stem} {self.today().isoformat()}.zip"),
                "Handover packs (*.zip)")
        if not path:
            return
        target = Path(path) if path.lower().endswith(".zip") else Path(path + ".zip")
        self._run(Task(self.services.handover.export, target, self.today(), ids,
                       with_progress=True),
                  f"Packing {what} with each success plan…",
                  lambda written: self.statusBar().showMessage(
                      f"Wrote {written}: the new owner imports it with File → Import a "
                      "handover pack", 10000))

    def import_handover(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import a handover pack",
                                                  str(Path.home()), "Handover packs (*.zip)")
        if not path:
            return
        # Reading and checking the pack takes seconds on a big book: in the task, like the rest.
        self._run(Task(self.services.handover.import_pack, Path(path)),
                  "Taking over the accounts…",
                  lambda result: self._done(result.summary()),
                  failed_title="Nothing was imported")

    def export_open_account_calendar(self, path: str | None = None) -> None:
        account_id = self.target_account("export its calendar")
        if account_id is not None:
            self.export_calendar(account_id, path)

    def export_calendar(self, account_id: int | None, path: str | None = None) -> None:
        name = (self.services.accounts.get(account_id).name if account_id is not None
                else "csdesk book")
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "Export calendar",
                                                  str(Path.home() / f"{name}.ics"),
                                                  "Calendar files (*.ics)")
        if not path:
            return
        target = Path(path) if path.lower().endswith(".ics") else Path(path + ".ics")
        self._run(Task(self.services.calendar.export, target, self.today(), account_id),
                  "Writing the calendar…",
                  lambda written: self.statusBar().showMessage(
                      f"Wrote {written}: import it into Outlook or Google Calendar; exporting "
                      "again updates the same events", 10000))

    def import_meetings(self, path: str | None = None) -> CalendarImportDialog | None:
        from csdesk.services.calendar import read_ics

        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import meetings from a calendar",
                                                  str(Path.home()),
                                                  "Calendar files (*.ics);;All files (*)")
        if not path:
            return None
        try:
            calendar = read_ics(Path(path))
        except CsdeskError as error:
            self.show_error("Nothing was imported", str(error))
            return None
        if not calendar.events:
            self.show_error("Nothing to import", f"{Path(path).name} holds no events.",
                            calendar.skipped)
            return None
        accounts = {a.id: a.name for a in self.services.accounts.list()}
        dialog = CalendarImportDialog(calendar, self.services.calendar.match_events(
            calendar.events), accounts, self.today(), Path(path).name, self)

        def create() -> None:
            result = self.services.calendar.create_meetings(dialog.model.choices())
            self.refresh()
            self.statusBar().showMessage(result.summary() + ", ready for notes.", 8000)

        dialog.accepted.connect(create)
        dialog.open()
        return dialog

    def export_table(self, path: str | None = None) -> None:
        table = self.table_on_screen()
        if table is None:
            self.statusBar().showMessage(
                "Open Today, Accounts, Renewals, Portfolio, Opportunities or Product gaps to "
                "export its table.", 5000)
            return
        if not path:
            suggested = Path.home() / f"{table.title} {self.today().isoformat()}.xlsx"
            path, _ = QFileDialog.getSaveFileName(
                self, f"Export {table.title.lower()}", str(suggested),
                "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)")
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_name(target.name + ".xlsx")
        rows = len(table.rows)
        self._run(Task(write_table, table, target), f"Exporting {rows:,} rows…",
                  lambda written: self.statusBar().showMessage(
                      f"Exported {rows:,} rows to {written}", 8000))

    def import_accounts(self, path: str | None = None) -> ImportDialog | None:
        return self.import_file("accounts", path)

    def import_file(self, kind: str, path: str | None = None) -> ImportDialog | None:
        """File → Import accounts, contacts or product usage: the wizard (columns, values,
        preview), which runs the import in the background and puts it on the undo stack."""
        if not path:
            what = {"accounts": "accounts", "contacts": "contacts",
                    "usage": "product usage"}[kind]
            path, _ = QFileDialog.getOpenFileName(
                self, f"Import {what}", str(self._import_folder or Path.home()),
                "CSV or Excel files (*.csv *.txt *.xlsx *.xlsm);;All files (*)")
        if not path:
            return None
        self._import_folder = Path(path).parent
        if self._import_dialog is not None and isValid(self._import_dialog) \
                and not self._import_dialog.isVisible():
            self._import_dialog.deleteLater()  # the last import's, done with
        dialog = ImportDialog(kind, Path(path), self.services, self.runner, self.editor,
                              self.today, self)
        dialog.imported.connect(lambda message: self.statusBar().showMessage(message, 12000))
        self._import_dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    def create_demo_book(self) -> None:
        if self.services.accounts.count():
            answer = QMessageBox.question(
                self, "Replace with a demo book?",
                "This workspace has accounts. A demo book replaces all of them, and this "
                "cannot be undone. Replace them?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        demo = DemoService(self.services.workspace)
        self._run(Task(demo.create_book, 25, today=self.today(), force=True, with_progress=True),
                  "Creating the demo book…",
                  lambda made: self._done(f"Demo book of {made} accounts created"))

    def back_up(self) -> None:
        path = self.services.workspace.path
        if path is None:
            return
        # Seconds on a big book: copied and verified in the background.
        self._run(Task(backup.make_backup, path, "manual"), "Backing up the workspace…",
                  lambda info: self.statusBar().showMessage(
                      f"Backup written and verified: {info.path}", 8000),
                  failed_title="Backup failed")

    def _update_encryption_actions(self) -> None:
        workspace = self.services.workspace
        self.encrypt_action.setEnabled(workspace.path is not None and not workspace.encrypted)
        self.decrypt_action.setEnabled(workspace.encrypted)

    def encrypt_workspace(self, ask_passphrase: Callable[[], str | None] | None = None,
                          passphrase: str | None = None) -> None:
        """Key in the keychain when there is one; otherwise a passphrase, after saying so.
        The conversion (seconds on a big book) runs in the background behind a progress
        dialog; what is typed in meeting notes is saved first."""
        ask = ask_passphrase or self._ask_new_passphrase
        if passphrase is None and not keychain_available():
            passphrase = ask()
            if not passphrase:
                self.show_error("Not encrypted", "No keychain is available on this computer to "
                                "keep the key, and no passphrase was given. Nothing was changed.")
                return

        def failed(error: Exception) -> None:
            if isinstance(error, NoKeychainError) and passphrase is None:
                chosen = ask()  # the keychain would not keep the key: a passphrase instead
                if chosen:
                    self.encrypt_workspace(ask, chosen)
                    return
            self._failed(error, "Not encrypted")

        def done(how: object) -> None:
            self._update_encryption_actions()
            where = ("Its key is kept in this computer's keychain." if how == "keychain" else
                     "You will type the passphrase each time you open it.")
            self.statusBar().showMessage(
                f"This workspace and its backups are encrypted. {where}", 10000)

        self.account_view.save_typed_notes()
        self._run(Task(self.services.workspace.encrypt, passphrase),
                  "Encrypting the workspace and its backups…", done, on_failure=failed)

    def _ask_new_passphrase(self) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        first, ok = QInputDialog.getText(
            self, "Encrypt with a passphrase",
            "No keychain is available on this computer to keep the key.\nChoose a passphrase "
            "(at least 8 characters); you will type it each time you open this workspace:",
            QLineEdit.EchoMode.Password)
        if not ok or not first:
            return None
        again, ok = QInputDialog.getText(self, "Encrypt with a passphrase", "Type it again:",
                                         QLineEdit.EchoMode.Password)
        if not ok or again != first:
            self.show_error("Not encrypted", "The two passphrases differ; nothing was changed.")
            return None
        return first

    def decrypt_workspace(self) -> None:
        answer = QMessageBox.question(
            self, "Decrypt this workspace?",
            "The workspace and its backups will be stored without encryption.")
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(_result: object) -> None:
            self._update_encryption_actions()
            self.statusBar().showMessage("The workspace is stored without encryption.", 8000)

        self.account_view.save_typed_notes()
        self._run(Task(self.services.workspace.decrypt), "Decrypting the workspace and its "
                  "backups…", done, failed_title="Not decrypted")

    def _run(self, task: Task, label: str, on_success: Callable[[object], None], *,
             failed_title: str = "csdesk",
             on_failure: Callable[[Exception], None] | None = None) -> None:
        dialog = QProgressDialog(label, "", 0, 0, self)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        task.signals.progressed.connect(lambda done, total: (dialog.setMaximum(total),
                                                             dialog.setValue(done)))
        task.signals.succeeded.connect(lambda result: (dialog.reset(), on_success(result)))
        fail = on_failure or (lambda error: self._failed(error, failed_title))
        task.signals.failed.connect(lambda error: (dialog.reset(), fail(error)))
        self.runner.start(task)

    def _done(self, message: str) -> None:
        self.editor.stack.clear()  # undo history refers to records the bulk change replaced
        self.services.health.refresh(self.today())
        self._show_page(self.current_view() if self.current_view() in VIEWS else "accounts")
        self.statusBar().showMessage(message, 8000)

    def _failed(self, error: Exception, title: str = "csdesk") -> None:
        from csdesk.logs import short_reason

        if isinstance(error, ImportRowsError):
            self.show_error("Nothing was imported", str(error), error.problems)
        elif isinstance(error, CsdeskError):
            self.show_error(title, str(error))
        else:
            self.show_error("Something went wrong", short_reason(error))

    def show_error(self, title: str, message: str, details: list[str] | None = None) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        if details:
            box.setDetailedText("\n".join(details))
            box.setInformativeText("\n".join(details[:8]) + ("\n…" if len(details) > 8 else ""))
        box.open()

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>"
                       for keys, what in SHORTCUTS)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table cellpadding=3>{rows}</table>")

    def show_about(self) -> None:
        QMessageBox.about(self, "About csdesk",
                          f"<b>csdesk {__version__}</b><br>Success plans, critical paths and "
                          f"QBRs for a CSM's book.<br><br>Workspace: "
                          f"{self.services.workspace.location.describe()}")

    # Window state

    def _restore_state(self) -> None:
        if not self._remember:
            self.resize(1280, 800)
            self.show_view("today")
            return
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        last = settings.value("main_window/view", "today")
        self.show_view(last if last in VIEWS else "today")

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._load_when_shown:
            self._load_when_shown = False
            self.refresh()
        # Splitters restore once the window has its real size, or they rescale wrongly.
        if self._remember and not getattr(self, "_splitters_restored", False):
            self._splitters_restored = True
            settings = QSettings()
            for name, splitter in self._splitters().items():
                sizes = settings.value(f"splitters/{name}")
                if isinstance(sizes, QByteArray):
                    splitter.restoreState(sizes)

    def _splitters(self) -> dict[str, QSplitter]:
        """The splitters to remember: the account tabs' only once built (see `_tab_built`)."""
        found = {"navigation": self.splitter, "today": self.today_view.splitter,
                 "portfolio": self.portfolio_view.splitter}
        for name, (tab, splitter_of) in ACCOUNT_SPLITTERS.items():
            if self.account_view.is_built(tab):
                found[name] = splitter_of(self.account_view)
        return found

    def _tab_built(self, tab: str) -> None:
        """A tab built after the window restored its layout gets its remembered splitters."""
        if not self._remember or not getattr(self, "_splitters_restored", False):
            return
        settings = QSettings()
        for name, (owner, splitter_of) in ACCOUNT_SPLITTERS.items():
            sizes = settings.value(f"splitters/{name}")
            if owner == tab and isinstance(sizes, QByteArray):
                splitter_of(self.account_view).restoreState(sizes)

    def save_state(self) -> None:
        if not self._remember:
            return
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        view = self.current_view()
        settings.setValue("main_window/view", view if view in VIEWS else "accounts")
        for name, splitter in self._splitters().items():
            settings.setValue(f"splitters/{name}", splitter.saveState())

    def closeEvent(self, event) -> None:  # noqa: N802
        self.account_view.save_typed_notes()  # nothing typed is lost on close
        self.save_state()
        self.runner.wait()
        super().closeEvent(event)


