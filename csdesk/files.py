"""Writing a file the user asked for (or csdesk keeps) so that it is whole or untouched.

``replace_file`` is the one place csdesk writes a file beside its target and renames it into
place (a backup checks its copy inside the writer it gives); only the store's swaps of a whole
workspace database (restore, encryption) rename on their own, as they move several files.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from csdesk.errors import CsdeskError

PRIVATE_FILE = 0o600  # as store/privacy.py: readable by its owner only (POSIX)


class FileWriteError(CsdeskError, OSError):
    """A file could not be written. A CsdeskError whose message names the file, and still the
    OSError it was (``errno`` kept) for code that asks why, a full disk say."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(f"cannot write {path}: {error.strerror or error}")
        self.errno = error.errno  # only errno: OSError's str() stays the message above


def replace_file(path: Path, data: bytes | Callable[[Path], object], *,
                 private: bool = False, sync: bool = True, hidden: bool = False) -> Path:
    """Write ``data`` beside ``path`` and move it into place: the target is replaced only by a
    complete file, and a failed write leaves it as it was (FileWriteError says why).

    ``data`` is the bytes, or a function that writes the file at the path it is given (a
    library's ``save``). ``private``: the file is readable by its owner only (POSIX).
    ``sync``: the file is on the disk before the rename and the rename after it (a file that
    is only a hint, rewritten often, can skip it). ``hidden``: the half-written file is named
    ``.<name>.partial`` instead of ``<name>.partial``, out of sight in the user's folder.
    Whatever stops the write, the half-written file is removed."""
    partial = path.with_name(f".{path.name}.partial" if hidden else f"{path.name}.partial")
    try:
        if callable(data):
            data(partial)
            if sync:
                fsync_file(partial)
        else:
            with partial.open("wb") as handle:
                handle.write(data)
                if sync:
                    handle.flush()
                    os.fsync(handle.fileno())
        if private and os.name == "posix":
            with suppress(OSError):  # not ours to change (a shared folder): leave it
                os.chmod(partial, PRIVATE_FILE)
        os.replace(partial, path)
    except BaseException as error:
        with suppress(OSError):  # what can be cleaned up is; the message is about the target
            partial.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise FileWriteError(path, error) from None
        raise
    if sync:
        fsync_folder(path.parent)
    return path


def fsync_file(path: Path) -> None:
    """The file's content is on the disk (opened for writing: Windows flushes only such)."""
    with path.open("r+b") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """A rename in ``folder`` is on the disk (best effort)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its renames are durable enough
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
