"""A matplotlib figure inside the app, with hover details and Save as PNG/SVG.

matplotlib is imported only when the first chart is shown, so it does not slow down start-up.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import QFileDialog, QLabel, QStackedWidget, QToolTip, QVBoxLayout, QWidget

from csdesk.errors import CsdeskError


class ChartView(QWidget):
    def __init__(self, empty_text: str = "Nothing to chart yet.", parent: QWidget | None = None,
                 file_stem: str = "chart") -> None:
        super().__init__(parent)
        self.figure = None
        self.canvas = None
        self._drawn: dict[str, str] | None = None  # the figure's colours now (chart_colours)
        self.file_stem = file_stem
        self.empty = QLabel(empty_text)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.save_action = QAction("Save chart as…", self)
        self.save_action.triggered.connect(lambda: self.save_as())
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.addAction(self.save_action)

    def show_figure(self, figure) -> None:
        if self.canvas is not None:
            self.stack.removeWidget(self.canvas)
            self.canvas.deleteLater()
        from csdesk.ui.chart_colours import recolour

        self.figure = figure
        self._drawn = recolour(figure, self.palette())
        self.canvas = _canvas_class()(figure)
        self.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.stack.addWidget(self.canvas)
        self.stack.setCurrentWidget(self.canvas)
        self.canvas.draw_idle()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.figure is not None:
            from csdesk.ui.chart_colours import recolour  # the system went dark, or light

            self._drawn = recolour(self.figure, self.palette(), self._drawn)
            if self.canvas is not None:
                self.canvas.draw_idle()

    def hover_text(self, event) -> str | None:
        """The details for what is under the pointer (charts attach them as csdesk_hover)."""
        for artist, text in getattr(self.figure, "csdesk_hover", []):
            hit, info = artist.contains(event)
            if not hit:
                continue
            if isinstance(text, list):
                indices = info.get("ind", [])
                return text[indices[0]] if len(indices) else None
            return text
        return None

    def _on_motion(self, event) -> None:
        text = self.hover_text(event) if event.inaxes else None
        if text:
            QToolTip.showText(QCursor.pos(), text, self.canvas)
        else:
            QToolTip.hideText()

    def save_as(self, path: str | None = None) -> Path | None:
        if self.figure is None:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save chart", str(Path.home() / f"{self.file_stem}.png"),
                "PNG image (*.png);;SVG image (*.svg)")
        if not path:
            return None
        from csdesk.charts.export import save_figure
        from csdesk.ui.chart_colours import recolour

        light = recolour(self.figure, None, self._drawn)  # a saved chart is light, as printed
        try:
            return save_figure(self.figure, Path(path))
        except CsdeskError as error:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "The chart was not saved", str(error))
            return None
        finally:
            self._drawn = recolour(self.figure, self.palette(), light)


@functools.cache
def _canvas_class() -> type:
    """Qt's matplotlib canvas, drawing while it holds the one matplotlib lock (an export may
    be drawing a chart on another thread: see csdesk/charts/drawing.py)."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    from csdesk.charts.drawing import DRAWING

    class LockedCanvas(FigureCanvasQTAgg):
        def draw(self) -> None:
            with DRAWING:
                super().draw()

    return LockedCanvas
