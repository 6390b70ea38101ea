"""The integrity check on open is skipped only when the last session closed cleanly and the file
is exactly as it left it; anything else (a crash, a change behind csdesk's back) is checked."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from csdesk.errors import DamagedWorkspaceError
from csdesk.services.demo import DemoService
from csdesk.store import Workspace, clean_close, integrity, resolve_location


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files the open-time integrity check looked at."""
    seen: list[Path] = []
    real = integrity.check_file

    def counting(path: Path, **kwargs: object) -> list[str]:
        seen.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(integrity, "check_file", counting)
    return seen


def _open(path: Path) -> Workspace:
    return Workspace.open(resolve_location(path), daily_backup=False)


def _book(path: Path) -> None:
    with _open(path) as workspace:
        DemoService(workspace).create_book(4, today=date(2026, 11, 23))


def test_reopening_after_a_clean_close_skips_the_check(db_path: Path, checks: list[Path]) -> None:
    _book(db_path)
    assert clean_close.marker_path(db_path).exists()
    with _open(db_path) as workspace:
        assert not clean_close.marker_path(db_path).exists()  # open: nothing vouches for it now
        workspace.engine.dispose()
    assert checks == []


def test_a_session_that_did_not_close_is_checked_next_time(db_path: Path,
                                                             checks: list[Path]) -> None:
    _book(db_path)
    crashed = _open(db_path)
    with crashed.session() as session:
        session.execute(text("UPDATE accounts SET industry = 'Retail'"))
    crashed.engine.dispose()  # the process "dies": no close, so no marker
    _open(db_path).close()
    assert checks == [db_path]


def test_damage_behind_csdesks_back_is_caught_even_with_the_times_put_back(db_path: Path) -> None:
    _book(db_path)
    before = db_path.stat()
    data = bytearray(db_path.read_bytes())
    # Pages in the second half only, which opening the workspace does not read itself.
    for start in range(len(data) // 8192 * 4096, len(data) - 4096, 4096 * 3):
        data[start:start + 64] = b"\xde\xad\xbe\xef" * 16
    with db_path.open("r+b") as handle:  # in place: same size, same inode
        handle.write(bytes(data))
    os.utime(db_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert db_path.stat().st_size == before.st_size
    assert db_path.stat().st_mtime_ns == before.st_mtime_ns
    with pytest.raises(DamagedWorkspaceError):
        _open(db_path)


def test_a_write_right_after_the_close_is_noticed(db_path: Path, checks: list[Path]) -> None:
    _book(db_path)
    with db_path.open("r+b") as handle:  # the same bytes, a moment after the close
        handle.seek(100)
        byte = handle.read(1)
        handle.seek(100)
        handle.write(byte)
    _open(db_path).close()
    assert checks == [db_path]


def test_a_garbled_marker_means_a_check(db_path: Path, checks: list[Path]) -> None:
    _book(db_path)
    clean_close.marker_path(db_path).write_text("{not json", encoding="utf-8")
    _open(db_path).close()
    assert checks == [db_path]
