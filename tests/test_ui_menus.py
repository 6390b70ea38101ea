"""The menus, toolbar and shortcuts help come from one table (ui/menus.py), and the book's
views from one registry (ui/views/registry.py): what the window builds matches them."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolBar

from csdesk.ui import menus
from csdesk.ui.views.registry import BOOK_VIEWS
from tests.ui_helpers import shown_window

TODAY = date(2026, 3, 2)


def test_every_entry_becomes_the_window_action_it_names(qtbot, services) -> None:
    window = shown_window(qtbot, services, TODAY)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == [title for title, _entries in menus.MENUS]
    for menu_action, (_title, entries) in zip(window.menuBar().actions(), menus.MENUS,
                                              strict=True):
        shown = menu_action.menu().actions()
        assert len(shown) == len(entries)
        for action, entry in zip(shown, entries, strict=True):
            if entry is None:
                assert action.isSeparator()
                continue
            assert getattr(window, entry.attribute) is action
            assert action.text() == entry.text and action.statusTip() == entry.tip
            if isinstance(entry.shortcut, str):
                assert action.shortcut() == QKeySequence(entry.shortcut)
    toolbar = window.findChild(QToolBar, "main_toolbar")
    assert [a.iconText() for a in toolbar.actions() if not a.isSeparator()] == [
        "New account", "New meeting", "Search", "Undo", "Redo"]
    assert [a.text() for a in window.view_actions] == [f"&{v.label}" for v in BOOK_VIEWS]
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        v.label for v in BOOK_VIEWS]


def test_the_shortcuts_help_lists_every_shortcut_of_the_menus() -> None:
    named = {attribute for keys, _what in menus.HELP if not isinstance(keys, str)
             for attribute in keys}
    with_keys = {e.attribute for e in menus.ENTRIES.values() if e.shortcut is not None}
    views = set(menus.VIEW_ACTIONS)  # one line for all: Ctrl+1 … 6
    assert with_keys - named - views == {"quit_action"}  # Quit is in every app's File menu
    assert named <= with_keys
    lines = dict(menus.SHORTCUTS)
    assert lines["Ctrl+Shift+Q / Ctrl+Shift+E"].startswith("Prepare the QBR / export")
    assert lines[f"Ctrl+1 … {len(BOOK_VIEWS)}"] == (
        "Today / Accounts / Renewals / Portfolio / Opportunities / Product gaps")
    assert lines["Ctrl+Z / Ctrl+Shift+Z"] == "Undo / redo" and lines["Ctrl+,"] == "Settings"
