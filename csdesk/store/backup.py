"""Backups with SQLite's online backup API: verified, named by time and reason, rotated."""

from __future__ import annotations

import errno
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from csdesk import clock
from csdesk.errors import DamagedWorkspaceError, WorkspaceError
from csdesk.files import FileWriteError, fsync_file, fsync_folder, replace_file
from csdesk.store.backup_files import BackupInfo, backup_dir, list_backups
from csdesk.store.integrity import check_file, ensure_healthy, sniff_file
from csdesk.store.privacy import make_private, make_private_dir

DAILY_KEEP = 7  # the default of the backup_keep_daily setting
PRE_MIGRATION_KEEP = 5
PRE_IMPORT_KEEP = 10  # an import's backup, taken first: `csdesk restore` brings it back
REASONS = ("daily", "pre-migration", "pre-import", "manual")


class BackupWriteError(WorkspaceError):
    """The backup folder could not take the copy (full, read-only): not damage."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the backup could not be made: {reason}")
        self.reason = reason


def make_backup(db_path: Path, reason: str, *, now: datetime | None = None) -> BackupInfo:
    """Copy the live database (consistently, even while in use), verify the copy, then rotate.

    Refuses to back up a damaged database, so a good backup is never rotated out for a bad one.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason}")
    from csdesk.store.encryption import is_encrypted, require_key

    if not sniff_file(db_path, encrypted=is_encrypted(db_path)):
        raise WorkspaceError(f"no workspace at {db_path} to back up")
    key = require_key(db_path)  # a backup of an encrypted workspace is encrypted the same way
    ensure_healthy(db_path, key=key)
    now = now or clock.now()
    folder = backup_dir(db_path)
    target = _free_name(folder, db_path.stem, now, reason)

    def copy_and_check(partial: Path) -> None:
        """The copy is checked before it takes the backup's name; replace_file removes it if
        anything fails, and SQLite's files beside it are removed here."""
        try:
            _copy_database(db_path, partial, key)
            problems = check_file(partial, full=True, key=key)
            if problems:
                raise DamagedWorkspaceError(f"the backup copy failed its check: {problems[0]}")
        finally:
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{partial}{suffix}").unlink(missing_ok=True)

    try:
        make_private_dir(folder)
        replace_file(target, copy_and_check, private=True)
    except Exception as error:  # sqlite3's or SQLCipher's OperationalError, or an OSError
        if not isinstance(error, OSError) and type(error).__name__ != "OperationalError":
            raise
        raise BackupWriteError(write_failure(error, db_path)) from None
    rotate(db_path)
    return BackupInfo(target, now.replace(microsecond=0), reason)


def write_failure(error: BaseException, db_path: Path) -> str:
    """Why a backup could not be written, in the user's words, naming the folder."""
    folder = backup_dir(db_path)
    text = str(error).lower()
    if isinstance(error, OSError) and error.errno == errno.ENOSPC or "disk is full" in text \
            or "database or disk is full" in text:
        return f"the backup folder is full ({folder})"
    if isinstance(error, PermissionError) or "readonly" in text or "read-only" in text or \
            isinstance(error, FileWriteError) and error.errno in (errno.EACCES, errno.EPERM):
        return f"the backup folder cannot be written ({folder})"
    return f"{error} ({folder})"


def _free_name(folder: Path, stem: str, now: datetime, reason: str) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{stem}-{stamp}-{reason}.db"
    counter = 1
    while candidate.exists():
        candidate = folder / f"{stem}-{stamp}-{counter}-{reason}.db"
        counter += 1
    return candidate


def _copy_database(source: Path, target: Path, key: str | None = None) -> None:
    from csdesk.store.encryption import connect

    src = connect(source, key)
    dst = connect(target, key)
    try:
        src.backup(dst)
        # A backup is a single self-contained file: no WAL beside it.
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.commit()
    finally:
        dst.close()
        src.close()


def rotate(db_path: Path) -> list[Path]:
    """Keep the newest daily backups (as many as the settings say, DAILY_KEEP by default)
    and the newest PRE_MIGRATION_KEEP pre-migration and PRE_IMPORT_KEEP pre-import ones."""
    from csdesk.settings import load

    removed = []
    limits = {"daily": load().backup_keep_daily, "pre-migration": PRE_MIGRATION_KEEP,
              "pre-import": PRE_IMPORT_KEEP}
    for reason, keep in limits.items():
        of_reason = [b for b in list_backups(db_path) if b.reason == reason]
        for old in of_reason[keep:]:
            old.path.unlink(missing_ok=True)
            removed.append(old.path)
    return removed


def daily_backup_due(db_path: Path, today: date | None = None) -> bool:
    today = today or clock.today()
    return not any(b.reason == "daily" and b.taken_at.astimezone().date() == today
                   for b in list_backups(db_path))


def verify_backup(path: Path, key: str | None = None) -> None:
    """A backup can be restored only if it is a healthy csdesk workspace this version can open."""
    from csdesk.store.engine import make_engine
    from csdesk.store.migrate import ensure_not_newer, schema_state

    if not sniff_file(path, encrypted=key is not None):
        raise WorkspaceError(f"no backup at {path}")
    problems = check_file(path, full=True, key=key)
    if problems:
        raise DamagedWorkspaceError(f"{path} is damaged and cannot be restored: {problems[0]}")
    engine = make_engine(f"sqlite:///{path}", key=key, wal=False)  # a backup stays one file
    try:
        state = schema_state(engine)
    finally:
        engine.dispose()
    if state.empty:
        raise WorkspaceError(f"{path} is an empty database, not a csdesk backup")
    ensure_not_newer(state)


def restore(db_path: Path, backup: Path, label: str = "replaced") -> Path | None:
    """Replace the workspace with a verified backup, crash-safely: the backup is copied and
    checked beside the workspace (converted to the workspace's encryption if it differs), the
    current file is kept aside under a second name (a hard link, else a copy) while it still
    stands, and one atomic rename swaps the new file in, so at every instant the workspace
    name holds a whole workspace. Returns where the previous file was kept (None if none)."""
    from csdesk.store.encrypting import convert_file, ensure_space
    from csdesk.store.encryption import is_encrypted, key_for_file, marker, marker_key

    source_key = key_for_file(backup, db_path)
    verify_backup(backup, source_key)
    exists = db_path.exists()
    # Restoring keeps the workspace as it is stored: encrypted stays encrypted.
    target_key = (marker_key(db_path) if marker(db_path).is_file() and
                  (not exists or is_encrypted(db_path)) else None)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    ensure_space(db_path.parent, backup.stat().st_size, "restoring")
    staged = db_path.with_name(db_path.name + ".restoring")
    for leftover in (staged, Path(f"{staged}-wal"), Path(f"{staged}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        if source_key == target_key:
            shutil.copyfile(backup, staged)
        else:
            convert_file(backup, source_key, staged, target_key)
        make_private(staged)
        fsync_file(staged)
        if check_file(staged, key=target_key):
            raise DamagedWorkspaceError(f"the copy of {backup.name} failed its check")
        aside = _keep_aside(db_path, label) if exists else None
        try:
            os.replace(staged, db_path)
        except OSError as error:
            if aside is not None:
                _put_back(db_path, aside)
            raise WorkspaceError(f"{db_path} cannot be replaced ({error.strerror or error}); "
                                 "it was left as it was") from None
        fsync_folder(db_path.parent)
    finally:
        staged.unlink(missing_ok=True)
    return aside


def _put_back(db_path: Path, aside: Path) -> None:
    """Undo _keep_aside when the swap could not happen: the WAL back beside its file, and the
    second name gone."""
    for suffix in ("-wal", "-shm"):
        moved = Path(f"{aside}{suffix}")
        if moved.exists():
            os.replace(moved, Path(f"{db_path}{suffix}"))
    aside.unlink(missing_ok=True)


def _keep_aside(db_path: Path, label: str) -> Path:
    """Keep the current workspace under another name without ever taking its own name away:
    its WAL is folded in first when it can be, then a second name is made for the file."""
    from csdesk.store.encryption import connect, key_for

    try:
        connection = connect(db_path, key_for(db_path))
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    except Exception:
        pass
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.{label}-{stamp}")
    counter = 1
    while aside.exists():
        aside = db_path.with_name(f"{db_path.name}.{label}-{stamp}-{counter}")
        counter += 1
    try:
        os.link(db_path, aside)
    except OSError:  # a filesystem without hard links (FAT, some network shares)
        shutil.copy2(db_path, aside)
    for suffix in ("-wal", "-shm"):  # they belong to the file going aside, not the restored one
        companion = Path(f"{db_path}{suffix}")
        if companion.exists():
            os.replace(companion, Path(f"{aside}{suffix}"))
    return aside
