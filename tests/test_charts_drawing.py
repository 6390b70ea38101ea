"""matplotlib is not thread-safe: every chart is built, saved and drawn holding one lock, so
an export drawing on a worker thread never runs beside the window drawing (it crashed the
process: a segmentation fault in FreeType's text measuring).

Each test looks at whether the lock is held while matplotlib draws, not at how long a thread
waits: a timed wait that must run out never does under libfaketime (the CI's shifted-clock
passes)."""

from __future__ import annotations

from datetime import date

import pytest

from csdesk.charts import drawing, kpi
from csdesk.charts.data import KpiChart
from csdesk.charts.export import figure_bytes

CHART = KpiChart("Active users", "users", 40, 150, [(date(2026, 3, 1), 60.0)],
                 start=date(2026, 1, 1), target_date=date(2026, 12, 31))


def _drawn_holding_the_lock(figure) -> list[bool]:
    """Each time ``figure`` is drawn from now on: whether this thread held the lock."""
    owned: list[bool] = []
    draw = figure.draw
    figure.draw = lambda renderer: (owned.append(drawing.DRAWING._is_owned()), draw(renderer))[1]
    return owned


def test_building_and_saving_a_chart_hold_the_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[bool] = []
    new_figure = kpi.new_figure
    monkeypatch.setattr(kpi, "new_figure", lambda *args, **kwargs: (
        built.append(drawing.DRAWING._is_owned()), new_figure(*args, **kwargs))[1])
    figure = kpi.kpi_figure(CHART)
    assert built == [True] and not drawing.DRAWING._is_owned()
    owned = _drawn_holding_the_lock(figure)
    figure_bytes(figure)
    assert owned and all(owned)


def test_the_window_draws_its_charts_holding_the_lock(qtbot) -> None:
    from csdesk.ui.chart_view import ChartView

    view = ChartView()
    qtbot.addWidget(view)
    figure = kpi.kpi_figure(CHART)
    owned = _drawn_holding_the_lock(figure)
    view.show_figure(figure)
    view.resize(500, 300)
    view.show()
    view.canvas.draw()
    assert owned and all(owned)
