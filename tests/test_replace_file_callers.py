"""The files csdesk writes through csdesk.files.replace_file: each caller still says a failure in
its own words, leaves the old file as it was and no half-written file beside it."""

from __future__ import annotations

import errno
import zipfile
from pathlib import Path

import pytest

from csdesk.errors import CsdeskError, DamagedWorkspaceError
from csdesk.services import Services
from csdesk.store import Workspace, backup, resolve_location


def _partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".partial" in p.name)


def test_a_table_that_cannot_be_written_is_said_and_leaves_the_old_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from csdesk.services import spreadsheet
    from csdesk.services.spreadsheet import Table, write_table

    target = tmp_path / "t.csv"
    target.write_bytes(b"the old file")

    def full(_table: Table, path: Path) -> None:
        path.write_bytes(b"half a table")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spreadsheet, "_write_csv", full)
    with pytest.raises(CsdeskError, match=r"^cannot write .*t\.csv: No space left on device$"):
        write_table(Table("T", ["A"], [["one"]]), target)
    assert target.read_bytes() == b"the old file"
    assert _partials(tmp_path) == []


def test_rejected_rows_that_cannot_be_written_stop_the_import(tmp_path: Path) -> None:
    from csdesk.services.import_rows import ReadRows, Rejected

    read = ReadRows(source="book.csv", headers=["Name"], mapping=None)  # type: ignore[arg-type]
    read.rejected.append(Rejected(2, ["=bad"], ["no date"]))
    target = tmp_path / "book rejected rows.csv"
    target.mkdir()  # the rename is refused
    with pytest.raises(CsdeskError) as caught:
        read.write_rejects(tmp_path / "book.csv")
    message = str(caught.value)
    assert type(caught.value) is CsdeskError
    assert message.startswith(f"cannot write the rejected rows to {target}: ")
    assert message.endswith("; nothing was imported") and "cannot write /" not in message
    assert _partials(tmp_path) == []
    target.rmdir()
    assert read.write_rejects(tmp_path / "book.csv") == target
    assert target.read_text(encoding="utf-8-sig").splitlines() == [
        "Name,Problem", "'=bad,no date"]


def test_an_accounts_export_that_cannot_be_written_leaves_no_partial_file(
        services: Services, tmp_path: Path) -> None:
    services.accounts.create(name="Acme")
    target = tmp_path / "book.csv"
    target.mkdir()  # the rename is refused
    with pytest.raises(CsdeskError, match=r"cannot write .*book\.csv"):
        services.importing.export_accounts(target)
    assert _partials(tmp_path) == []
    target.rmdir()
    assert services.importing.export_accounts(target) == 1
    assert "Acme" in target.read_text(encoding="utf-8")


def test_a_pack_document_that_cannot_be_saved_is_said_and_leaves_no_partial_file(
        tmp_path: Path) -> None:
    from csdesk.services.handover import save_documents

    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("handover.json", "{}")
        archive.writestr("documents/Acme/Plan.docx", b"a document")
    folder = tmp_path / "documents"
    (folder / "Acme" / "Plan.docx").mkdir(parents=True)  # the rename is refused
    with pytest.raises(CsdeskError, match=r"^cannot save the documents of pack\.zip: "):
        save_documents(pack, folder)
    assert _partials(folder) == []
    (folder / "Acme" / "Plan.docx").rmdir()
    assert save_documents(pack, folder) == [folder / "Acme" / "Plan.docx"]
    assert (folder / "Acme" / "Plan.docx").read_bytes() == b"a document"


def _book(path: Path) -> None:
    with Workspace.open(resolve_location(path), daily_backup=False) as ws:
        Services(ws).accounts.create(name="Acme")


def test_a_backup_copy_that_fails_its_check_is_not_kept(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _book(db_path)
    monkeypatch.setattr(backup, "check_file", lambda *args, **kwargs: ["page 3 is damaged"])
    with pytest.raises(DamagedWorkspaceError, match="the backup copy failed its check"):
        backup.make_backup(db_path, "manual")
    assert list(backup.backup_dir(db_path).iterdir()) == []


def test_a_backup_that_cannot_take_its_name_is_a_write_failure(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _book(db_path)
    folder = backup.backup_dir(db_path)
    taken = folder / "w-taken-manual.db"
    taken.mkdir(parents=True)  # the rename is refused
    monkeypatch.setattr(backup, "_free_name", lambda *args: taken)
    with pytest.raises(backup.BackupWriteError, match=f"the backup could not be made: "
                       rf"cannot write .*w-taken-manual\.db: .* \({folder}\)"):
        backup.make_backup(db_path, "manual")
    assert [p.name for p in folder.iterdir()] == ["w-taken-manual.db"]
    assert backup.list_backups(db_path) == []


def test_a_backup_rename_refused_for_permission_says_the_folder_cannot_be_written(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from csdesk import files

    _book(db_path)
    real = files.os.replace

    def refused(source: object, target: object) -> None:
        if str(source).endswith(".partial"):
            raise PermissionError(errno.EACCES, "Permission denied")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "replace", refused)
    folder = backup.backup_dir(db_path)
    with pytest.raises(backup.BackupWriteError,
                       match=f"the backup folder cannot be written \\({folder}\\)"):
        backup.make_backup(db_path, "manual")
    assert list(folder.iterdir()) == []


def test_a_backup_is_private(db_path: Path) -> None:
    import os
    import stat

    _book(db_path)
    made = backup.make_backup(db_path, "manual")
    if os.name == "posix":
        assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert list(made.path.parent.iterdir()) == [made.path]


@pytest.mark.sqlite_only  # the command line opens the workspace by its file
def test_a_screenshot_that_cannot_be_saved_leaves_no_partial_file(
        tmp_path: Path, demo_services: Services, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from PySide6.QtGui import QPixmap

    from csdesk import cli

    out = tmp_path / "shots" / "today.png"
    out.parent.mkdir()
    out.write_bytes(b"the old picture")

    def refused(_pixmap: QPixmap, name: str, _format: str) -> bool:
        Path(name).write_bytes(b"half a picture")
        return False

    monkeypatch.setattr(QPixmap, "save", refused)
    assert cli.main(["screenshot", "--db", str(demo_services.workspace.path), "--view",
                     "today", "-o", str(out)]) == 1
    assert f"could not write {out}" in capsys.readouterr().err
    assert out.read_bytes() == b"the old picture"
    assert sorted(p.name for p in out.parent.iterdir()) == ["today.png"]
