"""A failed daily backup never passes for a damaged workspace: it is its own message, the
workspace opens with its data, and nothing offers to restore over it."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from csdesk.cli import main
from csdesk.services import Services
from csdesk.store import Workspace, backup, resolve_location


def _book(path: Path) -> None:
    with Workspace.open(resolve_location(path), daily_backup=False) as ws:
        Services(ws).accounts.create(name="Added today")


@pytest.mark.parametrize(("failure", "words"), [
    (sqlite3.OperationalError("database or disk is full"), "the backup folder is full"),
    (OSError(errno.ENOSPC, "No space left on device"), "the backup folder is full"),
    (PermissionError(errno.EACCES, "Permission denied"), "the backup folder cannot be written"),
])
def test_a_backup_that_cannot_be_written_is_said_and_the_workspace_opens(
        db_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception, words: str) -> None:
    _book(db_path)

    def full(_source: Path, target: Path, _key: str | None = None) -> None:
        target.write_bytes(b"half a copy")  # what a full disk leaves behind
        raise failure

    monkeypatch.setattr(backup, "_copy_database", full)
    with Workspace.open(resolve_location(db_path)) as ws:
        assert ws.report.backup_problem == (
            f"today's backup could not be made: {words} ({backup.backup_dir(db_path)})")
        assert Services(ws).accounts.find("Added today") is not None
    folder = backup.backup_dir(db_path)
    assert not [p for p in folder.iterdir() if p.name.endswith(".partial")]
    assert backup.daily_backup_due(db_path)  # tried again at the next open


def test_the_command_line_warns_and_goes_on(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _book(db_path)

    def full(_source: Path, _target: Path, _key: str | None = None) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "_copy_database", full)
    assert main(["export", "table", "accounts", "-o", str(db_path.parent / "a.csv"),
                 "--db", str(db_path)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("csdesk: warning: today's backup could not be made: the backup "
                          "folder is full")
    assert "damaged" not in err
    assert "Added today" in (db_path.parent / "a.csv").read_text(encoding="utf-8-sig")


def test_real_damage_still_stops_the_open(db_path: Path) -> None:
    from csdesk.errors import DamagedWorkspaceError

    _book(db_path)
    db_path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DamagedWorkspaceError):
        Workspace.open(resolve_location(db_path)).close()


def test_back_up_now_runs_in_the_background_and_says_why_it_failed(
        qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from csdesk.ui.main_window import MainWindow

    workspace = Workspace.open(resolve_location(db_path), lock=True, daily_backup=False)
    window = MainWindow(Services(workspace), remember_layout=False)
    qtbot.addWidget(window)
    try:
        window.files.back_up()
        qtbot.waitUntil(lambda: "Backup written and verified" in
                        window.statusBar().currentMessage(), timeout=30000)
        window.runner.wait()
        assert [b.reason for b in backup.list_backups(db_path)] == ["manual"]

        def full(*args, **kwargs) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(backup, "_copy_database", full)
        window.files.back_up()
        qtbot.waitUntil(lambda: any(
            box.windowTitle() == "Backup failed" and "the backup folder is full" in box.text()
            for box in window.findChildren(QMessageBox)), timeout=30000)
        window.runner.wait()
        assert len(backup.list_backups(db_path)) == 1
    finally:
        workspace.close()
