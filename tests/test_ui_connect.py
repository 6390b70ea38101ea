"""File → Connect to a team workspace, and the offline fallback at start."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from csdesk import settings as user_settings
from csdesk.services import Services
from csdesk.store.paths import WorkspaceLocation
from csdesk.ui.app import next_location, open_workspace_or_explain
from tests.ui_helpers import press_ok, shown_window

TODAY = date(2026, 11, 23)


def test_connecting_saves_the_address_and_switches(qtbot, services: Services,
                                                   pg_server) -> None:
    window = shown_window(qtbot, services, TODAY)
    window.confirm = lambda _title, _text: True
    dialog = window.files.open_connect()
    dialog.host.setText("10.255.255.1")  # nothing answers there
    dialog.database.setText("csdesk")
    dialog.user.setText("csdesk")
    assert not dialog.test()
    assert "cannot connect" in dialog.error.text()
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and user_settings.load().server_url is None  # nothing saved
    database = make_url(pg_server.new_database()).database
    dialog.host.setText(str(pg_server.folder))  # the server's Unix socket folder
    dialog.database.setText(database)
    assert dialog.test(), dialog.error.text()
    assert "Connected: PostgreSQL" in dialog.status.text()
    press_ok(qtbot, dialog)
    url = user_settings.load().server_url
    assert url and database in url and window.next_workspace == url
    assert next_location(window).url == url


def test_an_unreachable_team_workspace_offers_the_local_one(qtbot, tmp_path: Path,
                                                            monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    workspace = open_workspace_or_explain(WorkspaceLocation(
        url="postgresql+psycopg://csdesk@10.255.255.1:5432/csdesk"))
    try:
        assert "cannot be reached" in asked[0] and "Open your local workspace" in asked[0]
        assert workspace is not None and workspace.path is not None  # working offline
    finally:
        if workspace is not None:
            workspace.close()
