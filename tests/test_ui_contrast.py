"""Check boxes can be seen in both schemes: measured from the rendered pixels, the edge of a
check box in a form and in a list (Today's Done) stands out from what is around it by at
least the 3:1 WCAG asks of a control (1.4.11), light and dark."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QCheckBox, QTableView, QVBoxLayout, QWidget

from csdesk.ui.check_style import CheckStyle
from csdesk.ui.palette import dark_palette


def _luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + \
        0.0722 * channel(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _strongest_edge(image, left: int, top: int, width: int, height: int) -> float:
    """The most any pixel of the region stands out from the region's most common colour."""
    counts: dict[int, int] = {}
    pixels = [image.pixel(x, y) for x in range(left, left + width)
              for y in range(top, top + height)]
    for pixel in pixels:
        counts[pixel] = counts.get(pixel, 0) + 1
    background = QColor(max(counts, key=counts.__getitem__))
    return max(contrast(QColor(pixel), background) for pixel in pixels)


@pytest.fixture
def check_style(qapp):
    original = qapp.style().name()
    qapp.setStyle(CheckStyle())  # as the app runs (csdesk/ui/app.py)
    yield
    qapp.setStyle(original)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_check_boxes_stand_out_in_both_schemes(qtbot, check_style, scheme) -> None:
    page = QWidget()
    if scheme == "dark":
        page.setPalette(dark_palette())
    else:
        page.setPalette(QApplication.style().standardPalette())
    box = QCheckBox("Exit criterion met")
    model = QStandardItemModel(1, 1)
    done = QStandardItem()
    done.setCheckable(True)
    model.setItem(0, 0, done)
    table = QTableView()
    table.setModel(model)
    layout = QVBoxLayout(page)
    layout.addWidget(box)
    layout.addWidget(table)
    qtbot.addWidget(page)
    page.resize(300, 200)
    page.show()
    qtbot.waitExposed(page)
    image = page.grab().toImage()
    corner = box.mapTo(page, box.rect().topLeft())
    assert _strongest_edge(image, corner.x(), corner.y(), 22, box.height()) >= 3.0, "form"
    cell = table.visualRect(model.index(0, 0))
    origin = table.viewport().mapTo(page, cell.topLeft())
    assert _strongest_edge(image, origin.x(), origin.y(), 24, cell.height()) >= 3.0, "list"
