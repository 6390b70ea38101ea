"""Status colours (late, at risk, healthy) that can be read in either scheme.

The Okabe-Ito hues stay; their lightness moves, darker on a light window and lighter on a
dark one, until the text stands out from the list's backgrounds by the 4.5:1 WCAG AA asks
of text (1.4.3). Orange on white was 2.1:1 before.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QGuiApplication, QPalette

AA_TEXT = 4.5
_BACKGROUNDS = (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase,
                QPalette.ColorRole.Window)


def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG 2)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + \
        0.0722 * channel(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@lru_cache(maxsize=256)
def _readable(rgb: int, backgrounds: tuple[int, ...]) -> int:
    colour = QColor.fromRgb(rgb)
    grounds = [QColor.fromRgb(b) for b in backgrounds]
    darker = sum(luminance(g) for g in grounds) / len(grounds) > 0.18  # a light window
    hue, saturation, lightness, _alpha = colour.getHsl()
    while min(contrast(colour, g) for g in grounds) < AA_TEXT + 0.05:
        lightness += -4 if darker else 4
        if not 0 <= lightness <= 255:
            return (QColor("#000000") if darker else QColor("#ffffff")).rgb()
        colour = QColor.fromHsl(max(hue, 0), saturation, lightness)
    return colour.rgb()


def readable(colour: QColor, palette: QPalette | None = None) -> QColor:
    """``colour`` as it can be read on ``palette``'s lists and window (default: the app's)."""
    palette = palette or QGuiApplication.palette()
    grounds = tuple(palette.color(role).rgb() for role in _BACKGROUNDS)
    return QColor.fromRgb(_readable(colour.rgb(), grounds))
