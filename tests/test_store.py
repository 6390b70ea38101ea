"""The workspace file: settings, damage detection, the instance lock, backups and restore."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from csdesk.errors import DamagedWorkspaceError, WorkspaceError, WorkspaceLockedError
from csdesk.services import Services
from csdesk.store import Workspace, backup, resolve_location
from csdesk.store.integrity import check_file
from csdesk.store.paths import WorkspaceLocation

pytestmark = pytest.mark.sqlite_only  # the workspace file itself: WAL, damage, locks, backups


def _open(path: Path, **kwargs: object) -> Workspace:
    return Workspace.open(resolve_location(path), **kwargs)


def test_new_workspace_uses_wal_foreign_keys_full_sync_and_busy_timeout(workspace) -> None:
    with workspace.engine.connect() as connection:
        pragma = lambda name: connection.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") >= 5000
    assert workspace.report.created


def test_a_zero_byte_file_is_reported_damaged_and_left_alone(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with pytest.raises(DamagedWorkspaceError, match="0 bytes"):
        _open(db_path)
    assert db_path.stat().st_size == 0  # never silently turned into a new, empty workspace


def test_a_file_that_is_not_a_database_is_reported(db_path: Path) -> None:
    db_path.write_text("name,arr\nAcme,100\n", encoding="utf-8")
    with pytest.raises(DamagedWorkspaceError, match="not a csdesk workspace"):
        _open(db_path)
    assert db_path.read_text(encoding="utf-8").startswith("name,arr")


def _make_demo(path: Path, accounts: int = 6) -> None:
    from csdesk.services.demo import DemoService

    with _open(path) as ws:
        DemoService(ws).create_book(accounts, today=date(2026, 11, 23))


def _checkpointed(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()


def test_a_database_with_damaged_pages_is_reported(db_path: Path) -> None:
    _make_demo(db_path)
    _checkpointed(db_path)
    data = bytearray(db_path.read_bytes())
    page = 4096
    for start in range(page * 2, len(data) - page, page * 3):  # scribble over b-tree pages
        data[start:start + 64] = b"\xde\xad\xbe\xef" * 16
    db_path.write_bytes(bytes(data))
    with pytest.raises(DamagedWorkspaceError):
        _open(db_path)


def test_a_truncated_database_is_reported(db_path: Path) -> None:
    _make_demo(db_path)
    _checkpointed(db_path)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedWorkspaceError):
        _open(db_path)


def test_another_application_database_is_refused(db_path: Path) -> None:
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(WorkspaceError, match="not a csdesk workspace"):
        _open(db_path)


def test_a_missing_workspace_is_not_created_when_asked_not_to(db_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="no workspace"):
        _open(db_path, create=False)
    assert not db_path.exists()


def test_second_instance_gets_a_clear_message(db_path: Path) -> None:
    first = _open(db_path, lock=True)
    try:
        with pytest.raises(WorkspaceLockedError, match=f"process {os.getpid()}"):
            _open(db_path, lock=True)
    finally:
        first.close()
    _open(db_path, lock=True).close()  # free again once the first one closed


def test_a_crashed_instance_never_locks_the_user_out(db_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys, time
        from csdesk.store import Workspace, resolve_location
        ws = Workspace.open(resolve_location({str(db_path)!r}), lock=True)
        print("locked", flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env={**os.environ})
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(WorkspaceLockedError):
            _open(db_path, lock=True)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert (db_path.parent / (db_path.name + ".lock-owner")).exists()  # stale owner file left
    _open(db_path, lock=True).close()  # ...and it does not matter


def test_daily_backup_is_made_once_a_day_and_verified(db_path: Path) -> None:
    _make_demo(db_path)
    assert backup.list_backups(db_path) == []  # a brand-new workspace has nothing to protect
    _open(db_path, today=date(2026, 11, 23)).close()
    _open(db_path, today=date(2026, 11, 23)).close()
    daily = [b for b in backup.list_backups(db_path) if b.reason == "daily"]
    assert len(daily) == 1
    assert check_file(daily[0].path, full=True) == []
    with _open(daily[0].path, daily_backup=False) as restored:
        assert Services(restored).accounts.count() == 6


def test_daily_backups_are_rotated_to_the_last_seven(db_path: Path) -> None:
    _make_demo(db_path, accounts=1)
    start = datetime(2026, 11, 1, 9, tzinfo=UTC)
    for day in range(10):
        backup.make_backup(db_path, "daily", now=start + timedelta(days=day))
    manual = backup.make_backup(db_path, "manual", now=start)
    kept = backup.list_backups(db_path)
    daily = [b.taken_at.date() for b in kept if b.reason == "daily"]
    assert daily == [date(2026, 11, d) for d in range(10, 3, -1)]
    assert manual.path.exists()  # manual backups are the user's, never rotated away


def test_no_backup_is_made_from_a_damaged_database(db_path: Path) -> None:
    _make_demo(db_path)
    _checkpointed(db_path)
    data = bytearray(db_path.read_bytes())
    data[4096 * 3: 4096 * 3 + 512] = b"\x00\xff" * 256
    db_path.write_bytes(bytes(data))
    with pytest.raises(DamagedWorkspaceError):
        backup.make_backup(db_path, "manual")
    assert backup.list_backups(db_path) == []


def test_restore_keeps_the_current_file_aside(db_path: Path) -> None:
    _make_demo(db_path, accounts=3)
    saved = backup.make_backup(db_path, "manual")
    with _open(db_path) as ws:
        Services(ws).accounts.create(name="Added after the backup")
    aside = backup.restore(db_path, saved.path)
    assert aside is not None and aside.exists()
    with _open(db_path, daily_backup=False) as ws:
        names = [a.name for a in Services(ws).accounts.list()]
    assert "Added after the backup" not in names and len(names) == 3
    with _open(aside, daily_backup=False) as ws:
        assert "Added after the backup" in [a.name for a in Services(ws).accounts.list()]


def test_a_damaged_backup_is_refused_and_nothing_changes(db_path: Path, tmp_path: Path) -> None:
    _make_demo(db_path, accounts=2)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    before = db_path.read_bytes()
    with pytest.raises(WorkspaceError):
        backup.restore(db_path, bad)
    assert db_path.read_bytes() == before


def test_location_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CSDESK_DATA_DIR", str(tmp_path / "data"))
    assert resolve_location().path == tmp_path / "data" / "workspace.db"
    monkeypatch.setenv("CSDESK_DB", str(tmp_path / "env.db"))
    assert resolve_location().path == tmp_path / "env.db"
    monkeypatch.setenv("CSDESK_DATABASE_URL", "postgresql+psycopg://u:secret@host/db")
    location = resolve_location()
    assert location.url and "secret" not in location.describe()
    assert resolve_location(tmp_path / "flag.db") == WorkspaceLocation(path=tmp_path / "flag.db")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_workspace_files_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "csdesk"
    db = folder / "workspace.db"
    _make_demo(db, accounts=1)
    ws = _open(db)
    ws.close()
    saved = backup.make_backup(db, "manual")
    mode = lambda p: p.stat().st_mode & 0o777  # noqa: E731
    assert mode(folder) == 0o700
    assert mode(db) == 0o600
    assert mode(saved.path) == 0o600 and mode(saved.path.parent) == 0o700
    backup.restore(db, saved.path)
    assert mode(db) == 0o600
