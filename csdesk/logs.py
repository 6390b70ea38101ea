"""One rotating log file in the user log folder, for the details of unexpected errors."""

from __future__ import annotations

import logging
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from csdesk.store.paths import log_dir

LOG_NAME = "csdesk.log"
MAX_BYTES = 1_000_000
KEEP = 5


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
        details = "".join(traceback.format_exception(error))
        logger.error(f"{where}\n{details}" if where else details)
    finally:
        logger.removeHandler(handler)
        handler.close()
    return path
