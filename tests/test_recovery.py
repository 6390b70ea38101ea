"""Promise 2: a damaged workspace is caught on open, moved aside with its -wal/-shm, and the
newest backup that passes an integrity check is offered (GUI) or restored (command line)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from csdesk import cli
from csdesk.services import Services
from csdesk.store import Workspace, backup, resolve_location
from csdesk.store.recovery import newest_good_backup
from csdesk.ui.app import open_workspace_or_explain


def _book(path: Path, names: list[str]) -> None:
    with Workspace.open(resolve_location(path), daily_backup=False) as ws:
        services = Services(ws)
        for name in names:
            services.accounts.create(name=name)


def _damage(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(path.read_bytes())
    data[4096:4096 * 4] = b"\x42" * (4096 * 3)
    path.write_bytes(bytes(data))


def test_the_app_offers_the_newest_good_backup_and_keeps_the_damaged_file(qtbot, tmp_path,
                                                                        monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    db = tmp_path / "w.db"
    _book(db, ["Acme"])
    older = backup.make_backup(db, "manual")
    _book(db, ["Beta"])
    newest = backup.make_backup(db, "manual")
    bad = newest.path.with_name(newest.path.name.replace("manual", "daily"))
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)  # a damaged backup: skipped
    _damage(db)
    Path(f"{db}-wal").write_bytes(b"stale wal")
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    offered = []
    workspace = open_workspace_or_explain(resolve_location(db),
                                          ask=lambda error, good: offered.append(
                                              (str(error), good)) or True)
    assert workspace is not None
    try:
        assert "is damaged" in offered[0][0] and offered[0][1].path == newest.path
        assert sorted(a.name for a in Services(workspace).accounts.list()) == ["Acme", "Beta"]
    finally:
        workspace.close()
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert any(p.read_bytes()[4096:4100] == b"\x42" * 4 for p in aside)  # kept, not deleted
    wal = Path(f"{db}-wal")  # the stale -wal went aside (or SQLite discarded it as invalid)
    assert not wal.exists() or wal.read_bytes() != b"stale wal"
    assert older.path.exists()


def test_declining_changes_nothing(qtbot, tmp_path) -> None:
    db = tmp_path / "w.db"
    _book(db, ["Acme"])
    backup.make_backup(db, "manual")
    _damage(db)
    before = db.read_bytes()
    assert open_workspace_or_explain(resolve_location(db), ask=lambda e, g: False) is None
    assert db.read_bytes() == before


def test_restore_latest_on_the_command_line(tmp_path, capsys) -> None:
    db = tmp_path / "w.db"
    _book(db, ["Acme"])
    backup.make_backup(db, "manual")
    _damage(db)
    assert cli.main(["check", "--db", str(db)]) == 1
    assert "newest good backup" in capsys.readouterr().err
    assert cli.main(["restore", "--latest", "--db", str(db)]) == 0
    assert cli.main(["check", "--db", str(db)]) == 0
    assert newest_good_backup(db) is not None


def test_no_stale_wal_is_left_beside_a_restored_file(tmp_path) -> None:
    db = tmp_path / "w.db"
    _book(db, ["Acme"])
    saved = backup.make_backup(db, "manual")
    keep_open = sqlite3.connect(db)  # leaves a -wal with uncommitted-to-main pages
    keep_open.execute("PRAGMA wal_autocheckpoint = 0")
    keep_open.execute("UPDATE accounts SET industry = 'after the backup'")
    keep_open.commit()
    assert Path(f"{db}-wal").stat().st_size > 0
    keep_open.close()
    backup.restore(db, saved.path)
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    with Workspace.open(resolve_location(db), daily_backup=False) as ws:
        assert Services(ws).accounts.list()[0].industry is None
