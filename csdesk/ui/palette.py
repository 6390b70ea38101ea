"""Light and dark palettes that follow the system's colour scheme.

Qt reports the system's scheme on Windows, macOS and most Linux desktops, but not every
platform theme supplies a dark palette to match; when it does not, csdesk builds one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from csdesk.ui.status_colours import readable

_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1f1f1f", QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.ToolTipBase: "#3a3a3a", QPalette.ColorRole.ToolTipText: "#e8e8e8",
    QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e8e8e8", QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#3d7fc4", QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7fb3ff", QPalette.ColorRole.PlaceholderText: "#8a8a8a",
    QPalette.ColorRole.Mid: "#404040", QPalette.ColorRole.Dark: "#1a1a1a",
    QPalette.ColorRole.Light: "#4a4a4a",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    return readable_muted_text(palette)


def light_palette(app: QApplication) -> QPalette:
    """The style's own light palette, its muted text made readable."""
    return readable_muted_text(app.style().standardPalette())


def scheme_palette(app: QApplication, scheme: str) -> QPalette:
    """The palette csdesk uses for ``scheme`` ("light" or "dark")."""
    return dark_palette() if scheme == "dark" else light_palette(app)


def readable_muted_text(palette: QPalette) -> QPalette:
    """Hints, empty-state sentences and read-only values are drawn in the disabled text
    colour: made grey enough to look secondary, and dark (or light) enough to read at the
    4.5:1 WCAG AA asks of text. Fusion's light grey was 1.6:1."""
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    half_way = QColor((text.red() + window.red()) // 2, (text.green() + window.green()) // 2,
                      (text.blue() + window.blue()) // 2)
    muted = readable(half_way, palette)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return palette


def apply_scheme(app: QApplication) -> None:
    """Use the platform's palette, unless it stays light while the system is dark."""
    scheme = app.styleHints().colorScheme()
    standard = app.style().standardPalette()
    light = standard.color(QPalette.ColorRole.Window).lightness() > 128
    if scheme == Qt.ColorScheme.Dark and light:
        app.setPalette(dark_palette())
    else:
        app.setPalette(readable_muted_text(standard))


def follow_system_scheme(app: QApplication) -> None:
    apply_scheme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_scheme(app))
