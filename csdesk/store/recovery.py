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
    damaged_kept_at: Path


def newest_good_backup(db_path: Path) -> backup.BackupInfo | None:
    from csdesk.store.encryption import key_for

    key = key_for(db_path)
    for info in backup.list_backups(db_path):  # newest first
        if not check_file(info.path, full=True, key=key):
            try:
                backup.verify_backup(info.path, key)
            except Exception:  # too new, or not a workspace: try the next one
                continue
            return info
    return None


def recover(db_path: Path, good: backup.BackupInfo) -> Recovery:
    aside = backup.set_aside(db_path, "damaged")
    backup.restore(db_path, good.path)
    return Recovery(good.path, aside)
