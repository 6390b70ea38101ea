"""replace_file's options: a writer instead of bytes, a hidden or private file, fsync, and
what is left after a failure (tests/test_files.py has the basics)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from csdesk import files
from csdesk.errors import CsdeskError
from csdesk.files import FileWriteError, replace_file


def test_a_writer_writes_the_partial_file_and_it_is_moved_into_place(tmp_path: Path) -> None:
    target = tmp_path / "plan.docx"
    target.write_bytes(b"old")
    seen = []

    def save(partial: Path) -> None:
        seen.append(partial.name)
        partial.write_bytes(b"new")

    assert replace_file(target, save, hidden=True) == target
    assert target.read_bytes() == b"new"
    assert seen == [".plan.docx.partial"]
    assert [p.name for p in tmp_path.iterdir()] == ["plan.docx"]


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"),
                                   ValueError("the library failed")])
def test_whatever_stops_a_writer_the_partial_file_goes_and_the_target_stays(
        tmp_path: Path, error: Exception) -> None:
    target = tmp_path / "plan.docx"
    target.write_bytes(b"old")

    def save(partial: Path) -> None:
        partial.write_bytes(b"half")
        raise error

    with pytest.raises(CsdeskError if isinstance(error, OSError) else ValueError):
        replace_file(target, save)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.docx"]


def test_a_write_error_is_the_users_message_and_still_the_oserror_it_was(tmp_path: Path) -> None:
    (tmp_path / "x.json.partial").mkdir()
    with pytest.raises(OSError, match="cannot write .*x.json") as caught:
        replace_file(tmp_path / "x.json", b"{}")
    assert isinstance(caught.value, FileWriteError) and isinstance(caught.value, CsdeskError)
    assert caught.value.errno in (errno.EISDIR, errno.EACCES, errno.EPERM)
    assert str(caught.value).startswith("cannot write ")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_private_file_is_its_owners_only(tmp_path: Path) -> None:
    target = replace_file(tmp_path / "w.db.keyid", b"id\n", private=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_file_and_the_rename_are_synced_unless_told_not_to(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    replace_file(tmp_path / "a.json", b"{}")
    assert len(synced) == (2 if os.name == "posix" else 1)  # the file, then its folder
    synced.clear()
    replace_file(tmp_path / "b.json", lambda partial: partial.write_bytes(b"{}"))
    assert len(synced) == (2 if os.name == "posix" else 1)
    synced.clear()
    replace_file(tmp_path / "c.json", b"{}", sync=False)
    assert synced == []


def test_the_file_is_on_the_disk_before_the_rename(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (steps.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace",
                        lambda *a, **k: (steps.append("replace"), real_replace(*a, **k))[1])
    files.replace_file(tmp_path / "a.json", b"{}")
    assert steps[:2] == ["fsync", "replace"]
