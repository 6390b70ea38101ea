"""Private scratch folders beside the workspace, for files csdesk writes on the way to somewhere
else (the success plans packed into a handover pack).

Never the system temporary folder: other users can list it, it is not encrypted with the
workspace, and a killed run leaves customer documents there for good. A scratch folder is
``<workspace folder>/<stem>-scratch/<pid>-<random>``: owner-only (0700, files 0600), removed when
the run ends, and what a killed run left is removed by ``remove_leftovers`` the next time the
workspace is opened.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from csdesk.store.privacy import make_private

SUFFIX = "-scratch"
# Where the process that made a folder cannot be asked whether it still runs (Windows), a
# folder this old is a leftover: no export takes a day.
STALE_AFTER_SECONDS = 24 * 3600

_in_use: set[Path] = set()  # this process's live scratch folders
_lock = threading.Lock()


def base_for(db_path: Path | None) -> Path:
    """What to pass as ``db_path`` for a workspace: its file, or for a team workspace (a
    server, no file) a name in the user's private data folder."""
    if db_path is not None:
        return db_path
    from csdesk.store.paths import data_dir

    return data_dir() / "team-workspace"


def scratch_root(db_path: Path) -> Path:
    """The folder holding a workspace's scratch folders (``ws.db`` → ``ws-scratch``)."""
    return db_path.parent / f"{db_path.stem}{SUFFIX}"


@contextlib.contextmanager
def scratch_dir(db_path: Path) -> Iterator[Path]:
    """A new private folder beside the workspace at ``db_path``, removed on exit whatever
    happens. Call ``private_file`` on each file written into it."""
    root = scratch_root(db_path)
    if root.is_symlink():  # ours is a plain folder: never follow a link somewhere else
        root.unlink()
    root.mkdir(parents=True, exist_ok=True)
    make_private(root)
    folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))  # 0700 by mkdtemp
    make_private(folder)
    with _lock:
        _in_use.add(folder)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with _lock:
            _in_use.discard(folder)
        with contextlib.suppress(OSError):  # another run's folder may still be in there
            root.rmdir()


def private_file(path: Path) -> Path:
    """Make a file written in a scratch folder owner-only (0600) and return it."""
    make_private(path)
    return path


def remove_leftovers(db_path: Path) -> int:
    """Delete the scratch folders that runs killed before their end left beside the workspace
    at ``db_path``; return how many were removed. Folders of runs still going (this process's,
    or another live process's) are kept. Safe to call on every open."""
    root = scratch_root(db_path)
    if not root.is_dir() or root.is_symlink():
        return 0
    removed = 0
    for entry in root.iterdir():
        if not _left_over(entry):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
        removed += not entry.exists()
    with contextlib.suppress(OSError):
        root.rmdir()  # only when empty
    return removed


def _left_over(entry: Path) -> bool:
    with _lock:
        if entry in _in_use:
            return False
    pid_text = entry.name.split("-", 1)[0]
    if os.name == "posix" and pid_text.isdigit():
        pid = int(pid_text)
        if pid == os.getpid() or not _running(pid):  # ours and not in use, or its run died
            return True
    try:  # a live process of that number may be another program that reused it
        return time.time() - entry.lstat().st_mtime > STALE_AFTER_SECONDS
    except OSError:
        return False


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # POSIX only: signal 0 asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, as another user's process
        return True
    except OSError:
        return False
    return True
