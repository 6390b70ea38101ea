"""Handing accounts over through the window: the selected accounts out, into another book."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csdesk.services import Services
from csdesk.store import Workspace, resolve_location
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import settled, shown_window

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

TODAY = date(2026, 11, 23)


def _window(qtbot, services: Services) -> MainWindow:
    return shown_window(qtbot, services, TODAY)


def test_selected_accounts_are_handed_over_to_another_workspace(
        qtbot, demo_services: Services, tmp_path: Path) -> None:
    window = _window(qtbot, demo_services)
    window.show_view("accounts")
    settled(window)
    rows = window.accounts_view.table.visible_rows()
    chosen = {rows[1].name, rows[4].name}
    window.accounts_view.table.select_where(lambda row: row.name in chosen)
    assert set(window.files.accounts_to_hand_over()) == {rows[1].id, rows[4].id}
    window.files.export_handover(str(tmp_path / "pack"))
    pack = tmp_path / "pack.zip"
    qtbot.waitUntil(lambda: "Wrote" in window.statusBar().currentMessage(), timeout=30000)
    assert pack.exists()

    other = Workspace.open(resolve_location(tmp_path / "other.db"), daily_backup=False)
    try:
        receiver = _window(qtbot, Services(other))
        receiver.files.import_handover(str(pack))
        qtbot.waitUntil(lambda: "handed over" in receiver.statusBar().currentMessage(),
                        timeout=30000)
        receiver.runner.wait()
        assert {a.name for a in receiver.services.accounts.list()} == chosen
        assert "2 accounts handed over (2 new" in receiver.statusBar().currentMessage()
        receiver.show_view("accounts")
        settled(receiver)
        assert receiver.accounts_view.table.model.rowCount() == 2
        receiver.files.import_handover(str(tmp_path / "missing.zip"))  # explained, nothing changed
        from PySide6.QtWidgets import QMessageBox

        qtbot.waitUntil(lambda: any("cannot read" in box.text() and
                                    box.windowTitle() == "Nothing was imported"
                                    for box in receiver.findChildren(QMessageBox)),
                        timeout=30000)
        receiver.runner.wait()
        assert {a.name for a in receiver.services.accounts.list()} == chosen
    finally:
        other.close()
