"""Charts are pure functions of plain data: drawn correctly for the awkward cases too."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from csdesk.charts.critical_path import LABEL_CHARS, critical_path_figure
from csdesk.charts.data import KpiChart, PortfolioChart, PortfolioPoint
from csdesk.charts.export import figure_bytes, save_figure
from csdesk.charts.kpi import kpi_figure
from csdesk.charts.portfolio import portfolio_figure
from csdesk.errors import CsdeskError
from csdesk.services.chart_data import critical_path_chart
from csdesk.services.tracking import Stage, track

KICKOFF = date(2026, 1, 5)
TODAY = date(2026, 2, 2)


def _chart(stages: list[Stage], today: date = TODAY, renewal: date | None = None):
    return critical_path_chart("Acme", track(KICKOFF, stages, today, renewal))


def _texts(figure: Figure) -> str:
    texts = [t.get_text() for t in figure.texts]
    for axes in figure.axes:
        texts += [t.get_text() for t in axes.texts]
        texts += [t.get_text() for t in axes.get_yticklabels()]
        texts.append(axes.get_title(loc="left"))
    return "\n".join(texts)


def _render(figure: Figure) -> bytes:
    data = figure_bytes(figure, "png")
    assert data.startswith(b"\x89PNG")
    return data


def test_the_account_chart_marks_late_forecast_first_value_today_and_renewal() -> None:
    stages = [Stage(1, "Set-up", KICKOFF + timedelta(weeks=1), actual=date(2026, 1, 19)),
              Stage(2, "Oriented", KICKOFF + timedelta(weeks=2)),
              Stage(3, "Initial value", KICKOFF + timedelta(weeks=8), first_value=True)]
    chart = _chart(stages, renewal=date(2026, 4, 1))
    states = [bar.state for bar in chart.stages]
    assert states == ["done_late", "overdue", "upcoming"]
    assert chart.stages[2].forecast_end == date(2026, 4, 27)
    figure = critical_path_figure(chart)
    text = _texts(figure)
    assert "Today" in text and "Renewal" in text and "First value" in text
    assert "★ Initial value" in text and "Off track" in text
    hovers = [h for _artist, h in figure.csdesk_hover]
    assert any("done 2026-01-19, 7 days late" in h for h in hovers)
    assert any("was due 2026-01-19 and is 14 days late" in h for h in hovers)
    assert any("forecast 2026-04-27" in h for h in hovers)
    _render(figure)


@pytest.mark.parametrize("count", [1, 30])
def test_one_or_thirty_stages_with_long_names(count: int) -> None:
    stages = [Stage(i, f"Stage {i} with a very long name that goes on and on and on",
                    KICKOFF + timedelta(weeks=i)) for i in range(1, count + 1)]
    figure = critical_path_figure(_chart(stages))
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    # on at most two lines of a label's width, cut with "…" only beyond them
    assert len(labels) == count and all(
        len(lines := label.split("\n")) <= 2 and max(map(len, lines)) <= LABEL_CHARS
        for label in labels)
    assert labels[0].startswith("Stage 1 with a very") and labels[0].endswith("…")
    width, height = figure.get_size_inches()
    assert 2.8 <= height <= 16 and (count == 1 or height > 8)
    _render(figure)


def test_no_dates_yet_says_what_to_do() -> None:
    figure = critical_path_figure(critical_path_chart("Acme", track(None, [
        Stage(1, "Set-up", None)], TODAY)))
    assert "No planned dates yet" in _texts(figure)
    _render(figure)


def test_all_done_has_no_forecast() -> None:
    stages = [Stage(1, "Set-up", KICKOFF + timedelta(weeks=1), actual=KICKOFF + timedelta(6)),
              Stage(2, "Go-live", KICKOFF + timedelta(weeks=4), actual=KICKOFF + timedelta(30),
                    first_value=True)]
    chart = _chart(stages)
    assert all(bar.forecast_end is None for bar in chart.stages)
    assert "all 2 stages done" in chart.subtitle and "reached in 30 days" in chart.subtitle
    _render(critical_path_figure(chart))


def test_portfolio_names_the_accounts_in_trouble() -> None:
    points = [PortfolioPoint("Fine Co", 1.0, 0, "on_track"),
              PortfolioPoint("Also Fine", 1.0, 0, "on_track"),
              PortfolioPoint("Late Ltd", 0.25, -40, "off_track", "Set-up", "Go-live"),
              PortfolioPoint("Way Late", 0.5, -400, "off_track"),
              PortfolioPoint("Slow Inc", 0.5, -5, "at_risk")]
    figure = portfolio_figure(PortfolioChart("Portfolio", points))
    text = _texts(figure)
    assert "Late Ltd" in text and "Slow Inc" in text and "Fine Co" not in text
    assert "Way Late" in text
    # every account where it is: none pinned to the edge of the plot
    low, high = figure.axes[0].get_ylim()
    assert low < -400 and high > 0
    xs = [x for collection in figure.axes[0].collections for x, _y in collection.get_offsets()]
    assert all(0.0 <= x <= 1.0 for x in xs)  # none past the path's end
    hovers = [t for _a, texts in figure.csdesk_hover for t in texts]
    assert any("Late Ltd\nreached Set-up; next: Go-live\n40 days behind" in h for h in hovers)
    xs = sorted(x for collection in figure.axes[0].collections
                for x, y in collection.get_offsets() if y == 0)
    assert len(xs) == 2 and xs[0] != xs[1]  # two accounts on the same spot are both visible
    _render(figure)


def test_portfolio_labels_never_sit_on_each_other() -> None:
    points = [PortfolioPoint("Gringotts Motors", 0.75, -52, "at_risk"),
              PortfolioPoint("Sirius Bank", 0.75, -52, "off_track"),
              PortfolioPoint("Soylent Studios", 0.75, -52, "at_risk"),
              PortfolioPoint("Nakatomi Capital", 0.25, -11, "off_track"),
              PortfolioPoint("Vandelay Analytics", 0.375, -16, "off_track"),
              PortfolioPoint("Monarch Telecom", 0.25, -14, "off_track"),
              PortfolioPoint("Acme Retail", 0.75, -50, "off_track")]
    figure = portfolio_figure(PortfolioChart("Portfolio", points))
    labels = [t for t in figure.axes[0].texts if t.get_text()]
    # Accounts at one spot share one label, in a stable order.
    assert "Gringotts Motors, Sirius Bank, Soylent Studios" in [t.get_text() for t in labels]
    figure.canvas.draw()
    boxes = [t.get_window_extent() for t in labels]
    for i, one in enumerate(boxes):
        for other in boxes[i + 1:]:
            assert not one.overlaps(other), (one, other)


def test_empty_portfolio_and_kpi_without_readings() -> None:
    assert "No account has a critical path" in _texts(portfolio_figure(PortfolioChart("P")))
    figure = kpi_figure(KpiChart("Leads", "leads", 100, 200, []))
    assert "No readings yet" in _texts(figure)
    _render(figure)


def test_kpi_chart_shows_baseline_target_plan_and_readings() -> None:
    figure = kpi_figure(KpiChart("Leads", "leads", 100, 200,
                                 [(date(2026, 2, 1), 120.0), (date(2026, 3, 1), 150.5)],
                                 start=date(2026, 1, 1), target_date=date(2026, 12, 31)))
    text = _texts(figure)
    assert "baseline 100" in text and "target 200" in text
    labels = [line.get_label() for line in figure.axes[0].get_lines()]
    assert "Plan" in labels and "Readings" in labels
    hovers = figure.csdesk_hover[0][1]
    assert hovers == ["2026-02-01: 120 leads", "2026-03-01: 150.5 leads"]
    _render(figure)


def test_export_png_and_svg_and_refuse_other_formats(tmp_path: Path) -> None:
    figure = kpi_figure(KpiChart("Leads", None, 1, 2, [(date(2026, 1, 1), 1.5)]))
    png = save_figure(figure, tmp_path / "k.png")
    svg = save_figure(figure, tmp_path / "k.svg")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in svg.read_bytes()[:400]
    with pytest.raises(CsdeskError, match=".png or .svg"):
        save_figure(figure, tmp_path / "k.jpg")
    assert not (tmp_path / "k.jpg").exists()


def test_a_stage_name_that_fits_two_lines_is_whole() -> None:
    stages = [Stage(1, "Discovery and success definition", KICKOFF + timedelta(weeks=1))]
    label = critical_path_figure(_chart(stages)).axes[0].get_yticklabels()[0].get_text()
    assert label.replace("\n", " ") == "Discovery and success definition"


def test_a_path_done_long_ago_keeps_its_stages_wide_and_marks_today_at_the_edge() -> None:
    import matplotlib.dates as mdates

    stages = [Stage(i, f"Stage {i}", KICKOFF + timedelta(weeks=2 * i),
                    actual=KICKOFF + timedelta(weeks=2 * i)) for i in range(1, 6)]
    today = KICKOFF + timedelta(days=700)
    figure = critical_path_figure(_chart(stages, today=today,
                                         renewal=today + timedelta(days=200)))
    low, high = (mdates.num2date(x).date() for x in figure.axes[0].get_xlim())
    assert high < today and (high - low).days < 150  # the stages, not two empty years
    text = _texts(figure)
    assert f"Today {today.isoformat()} →" in text and "Renewal" in text
    ongoing = critical_path_figure(_chart(stages[:3] + [Stage(9, "Open", today)], today=today))
    assert mdates.num2date(ongoing.axes[0].get_xlim()[1]).date() > today  # open work: today in
    _render(figure)
