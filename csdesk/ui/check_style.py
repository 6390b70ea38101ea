"""Fusion with check boxes that can be seen in both schemes: Fusion frames a check box with a
shade of the window colour, which on a dark palette is near black on near black (and a light
grey on white), under the 3:1 contrast WCAG asks of a control's edge. Here each box also gets
a frame in the palette's text colour, in lists (Today's Done) and forms (exit criteria)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory

FRAME_ALPHA = 200  # of 255: the text colour, a little softened


class CheckStyle(QProxyStyle):
    def __init__(self, base: str = "Fusion") -> None:
        super().__init__(QStyleFactory.create(base))

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: Any,  # noqa: N802
                      painter: Any,
                      widget: Any = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element != QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            return  # an item view's check box is drawn as one of these too
        group = QPalette.ColorGroup.Disabled \
            if not option.state & QStyle.StateFlag.State_Enabled else QPalette.ColorGroup.Active
        colour = QColor(option.palette.color(group, QPalette.ColorRole.Text))
        colour.setAlpha(FRAME_ALPHA)
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(colour, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
        painter.restore()
