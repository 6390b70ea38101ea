"""Charts in the window's colours. The charts are drawn light, as the documents print them;
in the app their paper, ink and grid lines take the palette's colours, so a dark window shows
dark charts. The data colours (Okabe-Ito) read on both and stay as they are."""

from __future__ import annotations

from typing import Any

from matplotlib.colors import to_hex, to_rgba
from matplotlib.text import Text
from PySide6.QtGui import QColor, QPalette

from csdesk.charts.style import INK, LIGHT
from csdesk.ui.status_colours import readable

PAPER = "#ffffff"
GRID = "#eeeeee"  # the portfolio's fainter grid
_DRAWN = "_csdesk_drawn_colour"  # a text's colour as the chart drew it
# The light colours a chart is drawn with, by the palette role that replaces them.
_ROLES = {PAPER: QPalette.ColorRole.Base, INK.lower(): QPalette.ColorRole.Text,
          "#000000": QPalette.ColorRole.Text, LIGHT.lower(): QPalette.ColorRole.Mid,
          GRID: QPalette.ColorRole.AlternateBase}


def chart_colours(palette: QPalette) -> dict[str, str]:
    """Each light colour of a chart → the palette's colour for it (hex, lower case)."""
    return {light: palette.color(role).name() for light, role in _ROLES.items()}


def recolour(figure: Any, palette: QPalette | None,
             drawn: dict[str, str] | None = None) -> dict[str, str]:
    """Repaint ``figure``'s paper, ink and grid in ``palette``'s colours (None: back to the
    light ones it was drawn with, as a saved chart has them). ``drawn`` is what they were
    painted in last (None: as drawn). Returns what they are painted in now, for the next
    change."""
    target = chart_colours(palette) if palette is not None else {light: light
                                                                  for light in _ROLES}
    if drawn is None:
        drawn = {light: light for light in target}
    swap = {drawn[light]: target[light] for light in target if drawn[light] != target[light]}
    for artist in figure.findobj():
        if isinstance(artist, Text):
            _recolour_words(artist, palette, target)
            box = artist.get_bbox_patch()
            if box is not None and swap:  # a label's box is not among the children
                _swap_colours(box, swap)
        elif swap:
            _swap_colours(artist, swap)
    return target


def _recolour_words(text: Text, palette: QPalette | None, target: dict[str, str]) -> None:
    """Words in ink take the palette's text colour; words in a colour (the renewal, a
    target) keep their hue, made readable on the palette's paper (AA). The colour they were
    drawn in is kept on the artist, so a saved chart gets it back."""
    drawn = text.__dict__.setdefault(_DRAWN, to_hex(text.get_color()))
    if palette is None:
        text.set_color(drawn)
    elif drawn in target:
        text.set_color(target[drawn])
    else:
        text.set_color(readable(QColor(drawn), palette).name())


_SETTERS = (("get_color", "set_color"), ("get_facecolor", "set_facecolor"),
            ("get_edgecolor", "set_edgecolor"), ("get_markerfacecolor", "set_markerfacecolor"),
            ("get_markeredgecolor", "set_markeredgecolor"))


def _swap_colours(artist: Any, swap: dict[str, str]) -> None:
    for getter, setter in _SETTERS:
        get, put = getattr(artist, getter, None), getattr(artist, setter, None)
        if get is None or put is None:
            continue
        try:
            value = get()
        except (TypeError, ValueError, AttributeError):
            continue
        changed = _swapped(value, swap)
        if changed is not None:
            put(changed)


def _swapped(value: Any, swap: dict[str, str]) -> Any:
    """``value`` (one colour, or an array of them as a scatter has) with the swaps made;
    None when nothing in it is swapped."""
    if isinstance(value, str) and value in ("none", "None", "auto"):
        return None
    try:
        if hasattr(value, "ndim") and value.ndim == 2:  # a collection's colours
            rows = [_one(tuple(row), swap) for row in value]
            if all(row is None for row in rows):
                return None
            return [row if row is not None else tuple(old) for row, old in zip(rows, value,
                                                                            strict=True)]
        return _one(value, swap)
    except (TypeError, ValueError):
        return None


def _one(colour: Any, swap: dict[str, str]) -> tuple[float, ...] | None:
    rgba = to_rgba(colour)
    new = swap.get(to_hex(rgba))
    if new is None or rgba[3] == 0:
        return None
    red, green, blue, _alpha = to_rgba(new)
    return red, green, blue, rgba[3]
