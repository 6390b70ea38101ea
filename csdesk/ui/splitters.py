"""Splitters that give their first pane what its contents need (a table's every row, its
columns whole) each time new contents arrive, until the CSM moves the split themselves or
their split was remembered (window_state restores it): from then on the split is theirs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QSplitter

_THEIRS = "csdesk_split_theirs"  # restored, or moved by hand: never fitted over
_WATCHED = "csdesk_split_watched"
LEAST = 120  # px the other panes keep, so their own contents stay usable


def restore(splitter: QSplitter, state: QByteArray) -> None:
    """Put back a remembered split; it is then never fitted over."""
    if splitter.restoreState(state):
        splitter.setProperty(_THEIRS, True)


def fit_first_pane(splitter: QSplitter, wanted: int) -> None:
    """Give the first pane ``wanted`` px (see `fit_pane`)."""
    fit_pane(splitter, 0, wanted)


def fit_pane(splitter: QSplitter, pane: int, wanted: int, most: float = 1.0) -> None:
    """Give ``pane`` ``wanted`` px, at most ``most`` of the whole and within what the other
    panes must keep; they share the rest as they shared it before. Before the splitter has
    its real size, nothing."""
    if not splitter.property(_WATCHED):  # a drag by hand makes the split the CSM's
        splitter.setProperty(_WATCHED, True)
        splitter.splitterMoved.connect(lambda *_: splitter.setProperty(_THEIRS, True))
    sizes = splitter.sizes()
    total, others = sum(sizes), len(sizes) - 1
    if splitter.property(_THEIRS) or others < 1 or total < (others + 1) * LEAST:
        return
    given = max(LEAST, min(wanted, int(total * most), total - others * LEAST))
    rest = sum(sizes) - sizes[pane] or others
    shares = [given if index == pane else max(LEAST, (total - given) * size // rest)
              for index, size in enumerate(sizes)]
    splitter.setSizes(shares)
