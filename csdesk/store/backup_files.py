"""Where a workspace's backups are, and which there are: one file each, named by the time it
was taken and why (``<stem>-YYYYmmdd-HHMMSS[-n]-<reason>.db``). Making, rotating and restoring
them is store/backup.py; encrypting them with the workspace is store/encrypting.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z-]+)\.db$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str


def backup_dir(db_path: Path) -> Path:
    """Where new backups go: the backup folder of the settings, or beside the workspace."""
    from csdesk.settings import load

    folder = load().backup_folder
    base = Path(folder).expanduser() if folder else db_path.parent
    return base / f"{db_path.stem}-backups"


def backup_dirs(db_path: Path) -> list[Path]:
    """Every folder this workspace's backups may be in (the setting may have changed)."""
    beside = db_path.with_name(f"{db_path.stem}-backups")
    chosen = backup_dir(db_path)
    return [chosen] if chosen == beside else [chosen, beside]


def list_backups(db_path: Path) -> list[BackupInfo]:
    """This workspace's backups, newest first."""
    found = []
    paths = [p for folder in backup_dirs(db_path) if folder.is_dir()
             for p in folder.glob("*.db")]
    for path in paths:
        match = _NAME.match(path.name)
        if not match or match["stem"] != db_path.stem:
            continue
        taken = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
        found.append((taken, int(match["n"] or 0), BackupInfo(path, taken, match["reason"])))
    # Newest first; within one second, the later copy has the higher number.
    return [info for _t, _n, info in sorted(found, key=lambda f: (f[0], f[1]), reverse=True)]
