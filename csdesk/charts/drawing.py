"""One lock for every piece of matplotlib work in the process.

matplotlib is not thread-safe, and its text measuring (FreeType) crashed the process when an
export drew a chart on a worker thread while the window drew one on the GUI thread. Building
a figure (labels are placed from measured text), saving one and the window's canvas drawing
one all hold this lock; each takes well under a second, so a wait for it is short.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["DRAWING", "drawing"]

DRAWING = threading.RLock()  # re-entrant: a builder may save, a save may measure

P = ParamSpec("P")
R = TypeVar("R")


def drawing(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` runs holding DRAWING."""
    @functools.wraps(function)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with DRAWING:
            return function(*args, **kwargs)
    return locked
