"""One rotating log file in the user log folder, for the details of unexpected errors."""

from __future__ import annotations

import logging
import re
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from csdesk.store.paths import log_dir

LOG_NAME = "csdesk.log"
MAX_BYTES = 1_000_000
KEEP = 5


# SQLAlchemy puts the statement in its message ("[SQL: INSERT …]"); the values are hidden by
# the engines (hide_parameters), and the statement goes too: it can quote a user's text.
_SQL = re.compile(r"\n?\[SQL: .*?\](?=\n\[parameters|\n\(Background|\n|$)", re.DOTALL)


def without_sql(text: str) -> str:
    return _SQL.sub("", text)


def short_reason(error: BaseException) -> str:
    """An unexpected error in one line for the user: its type and first words, no SQL."""
    lines = without_sql(str(error)).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def log_file() -> Path:
    return log_dir() / LOG_NAME


def log_exception(error: BaseException, where: str = "") -> Path | None:
    """Write the traceback to the log; returns the file, or None if it cannot be written."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=KEEP,
                                      encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("csdesk.crash")
    logger.addHandler(handler)
    try:
        details = without_sql("".join(traceback.format_exception(error)))
        logger.error(f"{where}\n{details}" if where else details)
    finally:
        logger.removeHandler(handler)
        handler.close()
    return path
