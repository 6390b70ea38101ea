"""Telling a healthy workspace file from a damaged one, before and after opening it."""

from __future__ import annotations

from pathlib import Path

from csdesk.errors import DamagedWorkspaceError, WorkspaceError
from csdesk.store.encryption import SQLITE_HEADER, connect


def sniff_file(path: Path, encrypted: bool = False) -> bool:
    """True if ``path`` holds a SQLite database, False if there is no file yet.

    A 0-byte or non-SQLite file raises: it must never be opened as a new, empty workspace.
    """
    if not path.exists():
        return False
    if path.is_dir():
        raise DamagedWorkspaceError(f"{path} is a folder, not a workspace file")
    size = path.stat().st_size
    if size == 0:
        raise DamagedWorkspaceError(f"{path} is empty (0 bytes): the workspace file is damaged")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER and not encrypted:  # SQLCipher files look like random bytes
        hint = ("" if path.with_name(path.name + ".keyid").exists() else
                f"; if it was encrypted, its key file {path.name}.keyid is missing beside it")
        raise DamagedWorkspaceError(
            f"{path} is not a csdesk workspace (not a SQLite database){hint}")
    return True


def check_file(path: Path, *, full: bool = False, key: str | None = None) -> list[str]:
    """Run SQLite's quick (or full) integrity check; return the problems found, [] when healthy."""
    pragma = "integrity_check" if full else "quick_check"
    if not path.is_file():
        return [f"{path} does not exist"]
    try:
        # Read-write on purpose: a read-only open cannot replay a WAL left by a crash.
        connection = connect(path, key)
    except Exception as error:
        return [f"cannot open: {error}"]
    try:
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
        problems = [str(row[0]) for row in rows if row[0] != "ok"]
        if full and not problems:
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            problems = [f"row {row[1]} of {row[0]} refers to a missing {row[2]}" for row in broken]
        return problems
    except Exception as error:  # sqlite3 or SQLCipher: damaged, or the wrong key
        return [str(error)]
    finally:
        connection.close()


def storage_reason(text: str, path: Path) -> str | None:
    """A full disk, a read-only file or a failing disk, in the user's words, from SQLite's
    message; None when the message is about something else (real damage)."""
    text = text.lower()
    if "disk is full" in text or "no space left" in text:
        return f"the disk holding {path.parent} is full"
    if "readonly" in text or "read-only" in text or "unable to open database file" in text:
        return f"{path} cannot be written (it or its folder is read-only)"
    if "disk i/o error" in text:
        return f"the disk reported an error reading or writing {path} (is it full?)"
    return None


def ensure_healthy(path: Path, *, full: bool = False, key: str | None = None) -> None:
    """Raise DamagedWorkspaceError for damage; a storage problem (full, read-only) is not
    damage and is said as itself, so no restore is ever offered for a healthy file."""
    problems = check_file(path, full=full, key=key)
    storage = storage_reason(problems[0], path) if problems else None
    if storage:
        raise WorkspaceError(f"{storage}; {path.name} was not changed: free some space (or "
                             "make it writable) and try again")
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise DamagedWorkspaceError(f"{path} is damaged: {first}{more}")
