"""Getting back to work after a damaged workspace: the newest backup that passes a full
integrity check replaces it; the damaged file is moved aside with its -wal/-shm, never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csdesk.store import backup
from csdesk.store.integrity import check_file


@dataclass(frozen=True)
class Recovery:
    restored_from: Path
    damaged_kept_at: Path | None  # None: there was no file left to keep


def newest_good_backup(db_path: Path) -> backup.BackupInfo | None:
    from csdesk.store.encryption import key_for_file

    for info in backup.list_backups(db_path):  # newest first
        key = key_for_file(info.path, db_path)  # a backup says itself whether it is encrypted
        if not check_file(info.path, full=True, key=key):
            try:
                backup.verify_backup(info.path, key)
            except Exception:  # too new, or not a workspace: try the next one
                continue
            return info
    return None


def recover(db_path: Path, good: backup.BackupInfo) -> Recovery:
    aside = backup.restore(db_path, good.path, label="damaged")
    return Recovery(good.path, aside)
