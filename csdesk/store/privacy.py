"""Customer data on disk is readable by its owner only (POSIX): folders 0700, files 0600."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def make_private_dir(folder: Path) -> None:
    """Create the folder (and parents) if needed; the folder itself is made owner-only when
    csdesk creates it or it is csdesk's own data folder."""
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix" and (created or folder.name in ("csdesk",) or
                               folder.name.endswith("-backups")):
        _chmod(folder, PRIVATE_DIR)


def make_private_files(db_path: Path) -> None:
    """The database and its -wal/-shm companions, owner read/write only."""
    if os.name != "posix":
        return
    for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        if path.exists():
            _chmod(path, PRIVATE_FILE)


def make_private(path: Path) -> None:
    if os.name == "posix" and path.exists():
        _chmod(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):  # not ours to change (a shared folder): leave it
        os.chmod(path, mode)
