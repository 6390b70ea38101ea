"""matplotlib is not thread-safe: every chart is built, saved and drawn holding one lock, so
an export drawing on a worker thread never runs beside the window drawing (it crashed the
process: a segmentation fault in FreeType's text measuring)."""

from __future__ import annotations

import threading
from datetime import date

from csdesk.charts.data import KpiChart
from csdesk.charts.drawing import DRAWING
from csdesk.charts.export import figure_bytes
from csdesk.charts.kpi import kpi_figure

CHART = KpiChart("Active users", "users", 40, 150, [(date(2026, 3, 1), 60.0)],
                 start=date(2026, 1, 1), target_date=date(2026, 12, 31))


def _waits_for_the_lock(work) -> None:
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        with DRAWING:
            held.set()
            release.wait(30)

    holding = threading.Thread(target=holder)
    holding.start()
    held.wait(30)
    worker = threading.Thread(target=work)
    worker.start()
    worker.join(0.3)
    assert worker.is_alive()  # it cannot have drawn: the lock is someone else's
    release.set()
    worker.join(30)
    holding.join(30)
    assert not worker.is_alive()


def test_building_and_saving_a_chart_wait_for_the_lock() -> None:
    _waits_for_the_lock(lambda: kpi_figure(CHART))
    figure = kpi_figure(CHART)
    _waits_for_the_lock(lambda: figure_bytes(figure))


def test_the_window_draws_its_charts_holding_the_lock(qtbot) -> None:
    from csdesk.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    figure = kpi_figure(CHART)
    owned: list[bool] = []
    draw = figure.draw
    figure.draw = lambda renderer: (owned.append(DRAWING._is_owned()), draw(renderer))[1]
    view.show_figure(figure)
    view.resize(500, 300)
    view.show()
    view.canvas.draw()
    assert owned and all(owned)
