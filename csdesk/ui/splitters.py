"""Splitters that open with their first pane as tall as its contents, unless the CSM's own
split was remembered (window_state restores it and marks it)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QSplitter

_KEPT = "csdesk_split_kept"  # the split is the CSM's (restored) or was fitted once already
LEAST = 120  # px the second pane keeps, so its own contents stay usable


def restore(splitter: QSplitter, state: QByteArray) -> None:
    """Put back a remembered split; it is then never fitted over."""
    if splitter.restoreState(state):
        splitter.setProperty(_KEPT, True)


def fit_first_pane(splitter: QSplitter, wanted: int) -> None:
    """Give the first pane ``wanted`` px (say, a table's every row), once, within what the
    other panes must keep; they share the rest as they shared the whole. Done when the
    splitter has its real size; before, nothing."""
    sizes = splitter.sizes()
    total, others = sum(sizes), len(sizes) - 1
    if splitter.property(_KEPT) or others < 1 or total < (others + 1) * LEAST:
        return
    first = max(LEAST, min(wanted, total - others * LEAST))
    rest = sum(sizes[1:]) or others
    shares = [max(LEAST, (total - first) * size // rest) for size in sizes[1:]]
    splitter.setSizes([first, *shares])
    splitter.setProperty(_KEPT, True)
