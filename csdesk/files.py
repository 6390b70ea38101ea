"""Writing a file the user asked for (or csdesk keeps) so that it is whole or untouched."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from csdesk.errors import CsdeskError


def replace_file(path: Path, data: bytes) -> Path:
    """Write ``data`` beside ``path`` and move it into place: the target is replaced only by a
    complete file, and a failed write leaves it as it was (CsdeskError says why)."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as error:
        with suppress(OSError):  # what can be cleaned up is; the message is about the target
            partial.unlink(missing_ok=True)
        raise CsdeskError(f"cannot write {path}: {error.strerror or error}") from None
    return path
