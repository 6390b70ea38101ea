"""A CSM's morning, driven through the real window, runs no SQL on the GUI thread: every view,
every account tab, an edit with its undo and redo, a new meeting, a meeting clicked, stepping
to the next account, going back, search, and each Tools dialog opened. Each statement run on
the GUI thread is recorded with the csdesk/ui lines that ran it, so a failure names them."""

from __future__ import annotations

import traceback
from datetime import date

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from csdesk.ui.account.workspace import TABS
from csdesk.ui.views.registry import VIEWS
from tests.ui_helpers import leave, settled, shown_window, type_into

TODAY = date(2026, 3, 2)


def _ui_lines() -> str:
    return " <- ".join(f"{frame.filename.rsplit('/csdesk/', 1)[-1]}:{frame.lineno}"
                       for frame in reversed(traceback.extract_stack())
                       if "/csdesk/ui/" in frame.filename)


def test_a_morning_in_the_window_runs_no_sql_on_the_gui_thread(qtbot, demo_services) -> None:
    accounts = demo_services.accounts.list()
    with_meetings = next(a.id for a in accounts
                         if len(demo_services.meetings.for_account(a.id)) >= 2)
    window = shown_window(qtbot, demo_services, TODAY)
    on_gui: list[str] = []

    def before(_conn, _cursor, statement, *_args) -> None:
        if QThread.currentThread() is QApplication.instance().thread():
            on_gui.append(f"{statement.split()[0]} from {_ui_lines() or 'outside csdesk/ui'}")

    event.listen(demo_services.workspace.engine, "before_cursor_execute", before)
    try:
        for view in VIEWS:
            window.show_view(view)
            settled(window)
        for tab in TABS:
            window.open_account(accounts[0].id, tab)
            settled(window)
        window.open_account(accounts[0].id, "overview")
        settled(window)
        field = window.account_view.overview.highlights.widgets["industry"]
        type_into(qtbot, field, "Logistics software")
        leave(field)
        settled(window)
        window.editor.undo()
        settled(window)
        window.editor.redo()
        settled(window)
        window.open_account(with_meetings, "meetings")
        settled(window)
        meetings = window.account_view.meetings
        meetings.list.table.selectRow(1)
        settled(window)
        meetings.new_meeting()
        settled(window)
        window.step_account(1)
        settled(window)
        window.go_back()
        settled(window)
        window.search.open_search()
        qtbot.keyClicks(window.search.dialog.query, accounts[1].name[:5])
        window.search.dialog.run_search()
        settled(window)
        window.search.dialog.reject()
        for tool in ("templates", "roadmap", "document_templates", "weights", "rules"):
            getattr(window.tools, f"open_{tool}")()
            settled(window)
    finally:
        event.remove(demo_services.workspace.engine, "before_cursor_execute", before)
    assert window.services.accounts.get(accounts[0].id).industry == "Logistics software"
    assert window.account_view.meetings.editor.meeting is not None
    assert on_gui == []
