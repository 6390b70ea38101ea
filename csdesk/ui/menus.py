"""The menus and the toolbar, declared once. Each menu lists its entries (the window's
attribute for the action, its text, the command it runs, its shortcut and status tip) and
separators; `build` makes the actions, the menu bar and the toolbar from them, and the
Keyboard shortcuts help (`SHORTCUTS`) takes the keys of its lines from the same entries."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QToolBar

from csdesk.ui.views.registry import BOOK_VIEWS

StandardKey = QKeySequence.StandardKey
Shortcut = str | StandardKey | tuple[str, ...] | None


@dataclass(frozen=True)
class Entry:
    attribute: str  # the window's attribute holding the action (window.import_action)
    text: str
    # What it runs: a method of the window, or of one of its command objects ("files.back_up"),
    # called with ``args``; "undo" and "redo" are the undo stack's own actions.
    command: str
    shortcut: Shortcut = None  # a tuple: several keys, the first one the help names
    tip: str = ""  # the status tip
    args: tuple[object, ...] = ()


SEPARATOR = None

MENUS: list[tuple[str, list[Entry | None]]] = [
    ("&File", [
        Entry("new_account_action", "&New account…", "accounts.new_account", "Ctrl+N"),
        Entry("import_action", "&Import accounts…", "files.import_accounts", "Ctrl+I",
              "Accounts from a CRM export (CSV or Excel: Salesforce, HubSpot, Gainsight, …), "
              "with a preview first; one step to undo"),
        Entry("import_contacts_action", "Import &contacts…", "files.import_file", None,
              "Stakeholders of your accounts from a CRM export (CSV or Excel)", ("contacts",)),
        Entry("import_usage_action", "Import product &usage…", "files.import_file", None,
              "Readings of the success plans' KPIs from a product usage export (account, "
              "date, metric, value), so adoption health comes from data", ("usage",)),
        Entry("demo_action", "Open a &demo book", "files.create_demo_book"),
        SEPARATOR,
        Entry("import_meetings_action", "Import &meetings from a calendar…",
              "files.import_meetings", None,
              "Create meetings from an .ics file exported from Outlook or Google Calendar"),
        SEPARATOR,
        Entry("export_table_action", "E&xport table…", "files.export_table", "Ctrl+Shift+S",
              "Save the table on screen as an Excel workbook or CSV"),
        Entry("export_book_calendar_action", "Export the book's &calendar…",
              "files.export_calendar", None, "Milestones, meetings, due dates and renewal "
              "checkpoints of every account, as .ics", (None,)),
        SEPARATOR,
        Entry("handover_export_action", "&Hand over accounts…", "files.export_handover", None,
              "The accounts selected in the list (or the open one, or else the whole book) in "
              "one file for another CSM: the data and each success plan"),
        Entry("handover_import_action", "Import a hando&ver pack…", "files.import_handover",
              None, "Take over accounts from another CSM's handover pack (importing it again "
              "changes nothing)"),
        SEPARATOR,
        Entry("connect_action", "Connect to a &team workspace…", "files.open_connect", None,
              "Work in a PostgreSQL workspace shared by your CS team"),
        Entry("backup_action", "&Back up now", "files.back_up"),
        Entry("encrypt_action", "&Encrypt this workspace…", "security.encrypt_workspace"),
        Entry("decrypt_action", "&Decrypt this workspace…", "security.decrypt_workspace"),
        SEPARATOR,
        Entry("quit_action", "&Quit", "close", StandardKey.Quit),
    ]),
    ("&Edit", [
        Entry("undo_action", "&Undo", "undo", StandardKey.Undo),
        Entry("redo_action", "&Redo", "redo", ("Ctrl+Shift+Z", "Ctrl+Y")),
        SEPARATOR,
        Entry("edit_account_action", "&Edit account…", "accounts.edit_open_account", "Ctrl+E",
              "Edit the account selected in the list, or the open one"),
        Entry("archive_action", "&Archive account", "accounts.archive_open_account"),
    ]),
    ("&View", [
        *(Entry(f"{view.name}_view_action", f"&{view.label}", "show_view", f"Ctrl+{number}",
                args=(view.name,)) for number, view in enumerate(BOOK_VIEWS, start=1)),
        SEPARATOR,
        Entry("search_action", "&Search…", "search.open_search", "Ctrl+K"),
        Entry("filter_action", "&Filter accounts", "focus_filter", StandardKey.Find),
        SEPARATOR,
        Entry("next_action", "&Next account", "step_account", "Ctrl+PgDown", args=(1,)),
        Entry("previous_action", "&Previous account", "step_account", "Ctrl+PgUp",
              args=(-1,)),
        Entry("back_action", "&Back", "go_back", "Alt+Left"),
        SEPARATOR,
        Entry("refresh_action", "&Refresh", "refresh", StandardKey.Refresh),
    ]),
    ("&Account", [
        Entry("new_meeting_action", "New &meeting", "accounts.new_meeting", "Ctrl+Shift+M",
              "A meeting for the account selected in the list, or the open one"),
        Entry("export_qbr_action", "Prepare the &QBR…", "documents.open_qbr", "Ctrl+Shift+Q",
              "The QBR of the account selected in the list, or the open one"),
        Entry("export_qbr_document_action", "Export the QBR &pre-read to Word…",
              "documents.export_document", None, "The QBR agenda and pre-read of the account "
              "selected in the list, or the open one", ("qbr",)),
        Entry("export_plan_action", "Export &success plan to Word…",
              "documents.export_document", "Ctrl+Shift+E", args=("plan",)),
        Entry("import_plan_edits_action", "Import the customer's &edits…",
              "documents.import_customer_edits", None, "The success plan the customer edited "
              "in Word and sent back: each change shown, accepted or rejected, applied as one "
              "step"),
        Entry("export_account_calendar_action", "Export account &calendar…",
              "files.export_open_account_calendar", None, "The milestones, meetings, due "
              "dates and renewal checkpoints of the account selected in the list (or the open "
              "one), as .ics"),
    ]),
    ("&Tools", [
        Entry("templates_action", "Critical-path &templates…", "tools.open_templates"),
        Entry("weights_action", "&Health score weights…", "tools.open_weights"),
        Entry("rules_action", "&Early-warning rules…", "tools.open_rules"),
        Entry("documents_action", "&Document templates…", "tools.open_document_templates"),
        Entry("roadmap_action", "Product &roadmap…", "tools.open_roadmap"),
        SEPARATOR,
        Entry("settings_action", "&Settings…", "tools.open_settings", StandardKey.Preferences),
    ]),
    ("&Help", [
        Entry("shortcuts_action", "&Keyboard shortcuts", "help.show_shortcuts"),
        Entry("about_action", "&About csdesk", "help.show_about"),
    ]),
]

TOOLBAR = ["new_account_action", "new_meeting_action", "search_action", SEPARATOR,
           "undo_action", "redo_action"]
VIEW_ACTIONS = [f"{view.name}_view_action" for view in BOOK_VIEWS]

# The help names a platform's standard key by its usual keys.
USUAL_KEYS = {StandardKey.Quit: "Ctrl+Q", StandardKey.Undo: "Ctrl+Z", StandardKey.Find: "Ctrl+F",
              StandardKey.Refresh: "F5", StandardKey.Preferences: "Ctrl+,"}

# The Keyboard shortcuts help, line by line: the entries whose keys it lists (joined by " / "),
# or the keys themselves for what is no menu entry, and what they do.
HELP: list[tuple[tuple[str, ...] | str, str]] = [
    (("new_account_action",), "New account"),
    (("new_meeting_action",), "New meeting for the selected (or the open) account"),
    (("search_action",), "Search everything"),
    (("filter_action",), "Filter the accounts"),
    (f"Ctrl+1 … {len(BOOK_VIEWS)}", " / ".join(view.label for view in BOOK_VIEWS)),
    (("next_action", "previous_action"), "Next / previous account"),
    (("back_action",), "Back"),
    (("edit_account_action",), "Edit the selected (or the open) account"),
    (("export_table_action",), "Export the table on screen (Excel or CSV)"),
    (("export_qbr_action", "export_plan_action"),
     "Prepare the QBR / export the success plan of the selected (or the open) account"),
    (("undo_action", "redo_action"), "Undo / redo"),
    (("import_action",), "Import accounts (CSV or Excel)"),
    ("Delete", "Archive the selected accounts, or remove the selected canvas item"),
    ("Alt+Up / Alt+Down in a canvas list", "Move the item up or down"),
    ("F2", "Edit the selected canvas item"),
    (("refresh_action",), "Refresh"),
    (("settings_action",), "Settings"),
]

ENTRIES = {entry.attribute: entry for _title, entries in MENUS for entry in entries
           if entry is not None}


def keys_of(entry: Entry) -> str:
    """The keys the help names for an entry: its shortcut, or the first of several."""
    shortcut = entry.shortcut
    if isinstance(shortcut, tuple):
        return shortcut[0]
    if isinstance(shortcut, str):
        return shortcut
    return USUAL_KEYS[shortcut] if shortcut is not None else ""


SHORTCUTS: list[tuple[str, str]] = [
    (keys if isinstance(keys, str) else " / ".join(keys_of(ENTRIES[a]) for a in keys), what)
    for keys, what in HELP]


def build(window: QMainWindow, stack: QUndoStack) -> dict[str, QAction]:
    """The window's actions, by attribute, in its menu bar and toolbar. Each command is looked
    up on the window now, so a misspelt one fails at once."""
    actions: dict[str, QAction] = {}
    for title, entries in MENUS:
        menu = window.menuBar().addMenu(title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            action = (_stack_action(window, stack, entry) if entry.command in ("undo", "redo")
                      else _action(window, entry))
            actions[entry.attribute] = action
            menu.addAction(action)
    toolbar = QToolBar("Main")
    toolbar.setObjectName("main_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for attribute in TOOLBAR:
        toolbar.addSeparator() if attribute is None else toolbar.addAction(actions[attribute])
    window.addToolBar(toolbar)
    return actions


def _action(window: QMainWindow, entry: Entry) -> QAction:
    action = QAction(entry.text, window)
    if isinstance(entry.shortcut, tuple):
        action.setShortcuts([QKeySequence(keys) for keys in entry.shortcut])
    elif entry.shortcut is not None:
        action.setShortcut(QKeySequence(entry.shortcut))
    if entry.tip:
        action.setStatusTip(entry.tip)
    command, args = attrgetter(entry.command)(window), entry.args
    action.triggered.connect(lambda _checked=False: command(*args))
    window.addAction(action)
    return action


def _stack_action(window: QMainWindow, stack: QUndoStack, entry: Entry) -> QAction:
    """Undo or redo: the menu says what ("Undo Edit notes of …"); the toolbar button stays
    short instead of being elided to "Un…il"."""
    make = stack.createUndoAction if entry.command == "undo" else stack.createRedoAction
    action = make(window, entry.text)
    # Through the Editor, which waits for edits still on their way (they are on the stack
    # once they land), instead of straight to the stack.
    action.triggered.disconnect()
    editor = getattr(window, "editor")  # noqa: B009 (the window's, as the commands are)
    action.triggered.connect(editor.undo if entry.command == "undo" else editor.redo)
    if isinstance(entry.shortcut, tuple):
        action.setShortcuts([QKeySequence(keys) for keys in entry.shortcut])
    elif isinstance(entry.shortcut, StandardKey):
        action.setShortcuts(entry.shortcut)  # every key the platform gives it
    elif entry.shortcut is not None:
        action.setShortcut(QKeySequence(entry.shortcut))
    action.setIconText(entry.text.replace("&", ""))
    return action
