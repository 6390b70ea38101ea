"""Measuring text for slides, so that nothing overflows its shape: lines wrapped as a slide
wraps them, the height they take, a text shortened to the lines it may have, and lists cut
into slides.

Widths are measured with DejaVu Sans (shipped with matplotlib), wider than the fonts decks
use (Calibri, Carlito, Arial, Helvetica, Inter) and the one LibreOffice falls back to where a
font is missing: text measured to fit with it fits with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

EMU_PER_POINT = 12_700
LINE = 1.2  # a line's height, as a multiple of the font size (single spacing)
ELLIPSIS = "…"


@lru_cache(maxsize=16)
def _font(size: float, bold: bool) -> Any:
    import matplotlib
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    # measured at 10× the size, for sub-point precision
    return ImageFont.truetype(str(path), round(size * 10))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size`` points."""
    return float(_font(size, bold).getlength(text)) / 10


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in the lines a box ``width`` points wide shows at ``size`` points: broken at
    spaces, a word longer than the line broken where it must; line breaks kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while text_width(line, size, bold) > width and len(line) > 1:
                cut = _longest_prefix(line, width, size, bold)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _longest_prefix(word: str, width: float, size: float, bold: bool) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle], size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def height_of(text: str, width: float, size: float, bold: bool = False) -> float:
    """The height in points ``text`` takes in a box ``width`` points wide."""
    return len(wrap(text, width, size, bold)) * size * LINE


def shorten(text: str, width: float, size: float, max_lines: int,
            bold: bool = False) -> str:
    """``text`` as it fits in ``max_lines`` lines, ending with "…" when it was cut (at a word
    where it can be)."""
    text = " ".join(text.split())
    if len(wrap(text, width, size, bold)) <= max_lines:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with its ellipsis
        middle = (low + high + 1) // 2
        if len(wrap(text[:middle].rstrip() + ELLIPSIS, width, size, bold)) <= max_lines:
            low = middle
        else:
            high = middle - 1
    cut = text[:low]
    if " " in cut and not text[low:low + 1].isspace():
        cut = cut[:cut.rfind(" ")] or cut
    return cut.rstrip(" ,;:—-") + ELLIPSIS


@dataclass(frozen=True)
class Box:
    """Where text goes, in points: its width and height inside the margins."""

    width: float
    height: float


def paginate(heights: list[float], room: float) -> list[list[int]]:
    """The items (by index) on each slide, in order, each slide's ``heights`` adding up to no
    more than ``room``; an item taller than the room has a slide of its own."""
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, height in enumerate(heights):
        if pages[-1] and used + height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += height
    return [page for page in pages if page] or [[]]


def points(emu: int | float) -> float:
    return float(emu) / EMU_PER_POINT
