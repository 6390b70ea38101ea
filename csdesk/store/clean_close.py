"""Remembering that a workspace was closed cleanly, so the next open can skip the integrity check.

`PRAGMA quick_check` reads the whole file: 0.6 s at 5,000 accounts, most of a cold start. It
only finds something when the file changed behind csdesk's back (a crash mid-write, a disk
error, another program), so it is skipped when the last session closed cleanly and the file is
exactly as that close left it. "Exactly" is the file's identity and times: size, inode, and the
modification and change times in nanoseconds. `os.utime` cannot reset the change time, and
copying or restoring a file gives it a new inode, so neither passes for unchanged.

The marker is removed as soon as a workspace opens, so a session that crashes leaves none and
the next open checks the file. The daily backup and `csdesk check` always check in full.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

from csdesk.files import replace_file

# Some file systems keep times in coarse ticks (a few ms on older Linux kernels). A write in the
# same tick as the close would keep the recorded times, so the marker is written only after the
# tick has passed: any later write then gets a later time.
TICK_NS = 20_000_000


def marker_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".clean")


def _fingerprint(db_path: Path) -> dict[str, int]:
    stat = db_path.stat()
    return {"size": stat.st_size, "inode": stat.st_ino, "device": stat.st_dev,
            "modified_ns": stat.st_mtime_ns, "changed_ns": stat.st_ctime_ns}


def _has_pending_log(db_path: Path) -> bool:
    wal = Path(f"{db_path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def mark_clean(db_path: Path) -> None:
    """Record that the workspace was closed cleanly (call once every connection is closed)."""
    if not db_path.is_file() or _has_pending_log(db_path):
        return  # another connection is still open, or the close did not finish: check next time
    latest = max(db_path.stat().st_mtime_ns, db_path.stat().st_ctime_ns)
    wait_ns = latest + TICK_NS - time.time_ns()
    if wait_ns > 0:
        time.sleep(min(wait_ns, TICK_NS) / 1e9)
    # Only a hint, written at every close: no fsync (a marker lost in a power cut, or not
    # written at all, only means the next open checks the file).
    with contextlib.suppress(OSError):
        fingerprint = json.dumps(_fingerprint(db_path)).encode("utf-8")
        replace_file(marker_path(db_path), fingerprint, private=True, sync=False)


def closed_cleanly_and_unchanged(db_path: Path) -> bool:
    """True if the last close was clean and nothing has touched the file since."""
    try:
        recorded = json.loads(marker_path(db_path).read_text(encoding="utf-8"))
        return recorded == _fingerprint(db_path) and not _has_pending_log(db_path)
    except (OSError, ValueError):
        return False


def forget(db_path: Path) -> None:
    """The workspace is open and may be written: only a clean close vouches for it again."""
    with contextlib.suppress(OSError):
        marker_path(db_path).unlink(missing_ok=True)
