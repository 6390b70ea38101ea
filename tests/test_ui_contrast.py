"""Check boxes and status colours can be seen in both schemes, measured from the rendered
pixels, light and dark: the edge of a check box in a form and in a list (Today's Done)
stands out from what is around it by at least the 3:1 WCAG asks of a control (1.4.11); a
status in a list (late, at risk, on track) and an error under a field by the 4.5:1 it asks
of text (1.4.3); a chart's paper and text follow the palette."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from csdesk.ui.check_style import CheckStyle
from csdesk.ui.palette import dark_palette, light_palette, scheme_palette
from csdesk.ui.status_colours import contrast  # WCAG 2's formula


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
        page.setPalette(light_palette(QApplication.instance()))
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
    # the box alone, not its label's text (which would pass whatever the box looked like)
    indicator = box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)
    assert _strongest_edge(image, corner.x(), corner.y(), indicator, box.height()) >= 3.0, \
        "form"
    cell = table.visualRect(model.index(0, 0))
    origin = table.viewport().mapTo(page, cell.topLeft())
    assert _strongest_edge(image, origin.x(), origin.y(), 24, cell.height()) >= 3.0, "list"


def _scheme(qapp, scheme: str):
    qapp.setPalette(scheme_palette(qapp, scheme))


@pytest.fixture
def app_palette(qapp):
    before = qapp.palette()
    yield qapp
    qapp.setPalette(before)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_status_colours_read_as_text_in_both_schemes(qtbot, app_palette, scheme) -> None:
    from csdesk.ui.table_model import ALERT, GOOD, WARN, Column, RowsTableModel
    from csdesk.ui.widgets import TableWithEmptyState, error_label, show_error

    _scheme(app_palette, scheme)
    statuses = [("Off track", ALERT, True), ("At risk", WARN, False), ("On track", GOOD, False),
                ("Due within 7 days", WARN, False), ("Done on time", GOOD, False)]
    model = RowsTableModel([Column("Status", lambda r: r[0], colour=lambda r: r[1],
                                   bold=lambda r: r[2])])
    model.set_rows(statuses)
    table = TableWithEmptyState(model, "none")
    error = error_label()
    show_error(error, "Kick-off date '2026-13-01' is not a date")
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addWidget(table)
    layout.addWidget(error)
    qtbot.addWidget(page)
    page.resize(400, 320)
    page.show()
    qtbot.waitExposed(page)
    image = page.grab().toImage()
    view = table.table
    for row, (text, _colour, _bold) in enumerate(statuses):
        cell = view.visualRect(view.model().index(row, 0))
        origin = view.viewport().mapTo(page, cell.topLeft())
        measured = _strongest_edge(image, origin.x(), origin.y(), cell.width(), cell.height())
        assert measured >= 4.5, (scheme, text, round(measured, 2))
    corner = error.mapTo(page, error.rect().topLeft())
    measured = _strongest_edge(image, corner.x(), corner.y(), error.width(), error.height())
    assert measured >= 4.5, (scheme, "error", round(measured, 2))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_in_the_app_follow_the_palette(qtbot, app_palette, scheme, tmp_path) -> None:
    from csdesk.charts.data import PortfolioChart, PortfolioPoint
    from csdesk.charts.portfolio import portfolio_figure
    from csdesk.ui.chart_view import ChartView

    _scheme(app_palette, "light")
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show_figure(portfolio_figure(PortfolioChart("", [
        PortfolioPoint("Late Ltd", 0.25, -40, "off_track")])))
    view.show()
    qtbot.waitExposed(view)
    _scheme(app_palette, scheme)  # the system's scheme changes while the chart is shown
    qtbot.wait(50)
    view.canvas.draw()
    image = view.grab().toImage()
    base = view.palette().color(view.palette().ColorRole.Base)
    paper = QColor(image.pixel(image.width() - 5, 5))
    assert contrast(paper, base) < 1.1, (paper.name(), base.name())  # the window's paper
    name = next(t for t in view.figure.axes[0].texts if t.get_text() == "Late Ltd")
    box = name.get_window_extent()
    ratio = view.canvas.devicePixelRatioF() or 1
    left, top = int(box.x0 / ratio), int(view.height() - box.y1 / ratio)
    measured = _strongest_edge(image, left, top, int(box.width / ratio) + 1,
                               int(box.height / ratio) + 1)
    assert measured >= 4.5, (scheme, round(measured, 2))  # its names can be read
    saved = view.save_as(str(tmp_path / "chart.png"))  # a saved chart is light, as printed
    from PySide6.QtGui import QImage

    assert QImage(str(saved)).pixelColor(3, 3).lightness() > 240
    if scheme == "dark":
        assert view.figure.get_facecolor()[0] < 0.3  # and the app's stays dark after saving
