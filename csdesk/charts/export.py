"""Saving a figure as PNG (150 dpi) or SVG; the target is only replaced by a complete file."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from csdesk.charts.drawing import drawing
from csdesk.charts.style import DPI
from csdesk.errors import CsdeskError
from csdesk.files import replace_file

FORMATS = {".png": "png", ".svg": "svg"}


@drawing
def figure_bytes(figure: Figure, fmt: str = "png", dpi: int = DPI) -> bytes:
    FigureCanvasAgg(figure)  # a canvas that needs no GUI
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=dpi, facecolor="white")
    return buffer.getvalue()


def save_figure(figure: Figure, path: Path, dpi: int = DPI) -> Path:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CsdeskError(f"{path.name}: charts are saved as .png or .svg")
    data = figure_bytes(figure, fmt, dpi)
    return replace_file(path, data)
