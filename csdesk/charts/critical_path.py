"""Chart 1: an account's critical path. One row per stage: the planned span above, what
happened (or is forecast) below, today's line, late work marked, first value and renewal."""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from csdesk.charts.data import CriticalPathChart, StageBar
from csdesk.charts.drawing import drawing
from csdesk.charts.style import (
    FONT_SIZE,
    GREEN,
    GREY,
    INK,
    LIGHT,
    ORANGE,
    PURPLE,
    SKY,
    TEXT_COLOURS,
    VERMILLION,
    add_hover,
    empty_message,
    new_figure,
    short,
    style_axes,
)

ACTUAL_COLOURS = {"done_on_time": GREEN, "done_late": VERMILLION, "skipped": LIGHT}
ROW_HEIGHT_IN = 0.36
# How far past the plan (or today) the chart's window reaches for a forecast.
FORECAST_BEYOND_DAYS = 120


LABEL_CHARS = 22  # a stage name's line: the plot keeps most of the width


def _stage_label(stage) -> str:
    """A stage's name on up to two lines, whole when it fits in them (\"Discovery and
    success definition\"), cut with "…" only beyond."""
    name = ("★ " if stage.first_value else "") + " ".join(stage.name.split())
    lines = textwrap.wrap(name, LABEL_CHARS)
    if len(lines) > 2:
        lines = [lines[0], short(" ".join(lines[1:]), LABEL_CHARS)]
    return "\n".join(lines)


@drawing
def critical_path_figure(chart: CriticalPathChart, width: float = 9.0) -> Figure:
    stages = chart.stages
    height = min(1.6 + ROW_HEIGHT_IN * max(len(stages), 1), 16.0)
    figure = new_figure(width, max(height, 2.8))
    axes = figure.add_subplot()
    if chart.title:
        figure.suptitle(chart.title, x=0.01, ha="left", fontsize=FONT_SIZE + 3,
                        fontweight="bold",
                        color=INK)
    if chart.subtitle:
        # Over the plot, which starts after the stage names: a part a line, wrapped to what
        # the narrowest plot (the app's path tab) holds.
        fits = max(36, int(width * 9) - 24)
        subtitle = "\n".join(textwrap.fill(part, fits) for part in chart.subtitle.split(" · "))
        axes.set_title(subtitle, loc="left", fontsize=FONT_SIZE + 0.5, color=INK)
    if not stages or not any(s.planned_end for s in stages):
        empty_message(axes, "No planned dates yet: apply a critical-path template with a "
                            "kick-off date to plan the stages.")
        return figure
    style_axes(axes)
    to_num = mdates.date2num
    for row, stage in enumerate(stages):
        _draw_stage(figure, axes, row, stage, chart.today, to_num)
    axes.set_yticks(range(len(stages)))
    axes.set_yticklabels([_stage_label(s) for s in stages], fontsize=FONT_SIZE)
    axes.set_ylim(len(stages) - 0.4, -1.1)
    low, high = _set_date_axis(axes, chart)
    beyond = max((s.forecast_end for s in stages if s.forecast_end and s.forecast_end > high),
                 default=None)
    if beyond:
        axes.annotate(f"forecast runs to {beyond.isoformat()} →", (0.995, len(stages) - 0.55),
                      xycoords=("axes fraction", "data"), ha="right", va="bottom",
                      fontsize=FONT_SIZE, color=TEXT_COLOURS[SKY], zorder=6,
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
    if chart.today <= high:
        axes.axvline(to_num(chart.today), color=INK, linewidth=1.2, zorder=5)
        axes.annotate(" Today", (to_num(chart.today), -1.05), ha="left", va="top",
                      fontsize=FONT_SIZE, color=INK)
    else:  # the path ended long ago
        axes.annotate(f"Today {chart.today.isoformat()} →", (0.995, -1.05),
                      xycoords=("axes fraction", "data"), ha="right", va="top",
                      fontsize=FONT_SIZE, color=INK, zorder=6)
    if chart.renewal and chart.renewal <= high:
        axes.axvline(to_num(chart.renewal), color=PURPLE, linewidth=1.2, linestyle="--",
                     zorder=4)
        axes.annotate(" Renewal", (to_num(chart.renewal), -1.05), ha="left", va="top",
                      fontsize=FONT_SIZE, color=TEXT_COLOURS[PURPLE])
    elif chart.renewal:  # far beyond the path: say when, without squashing the stages
        # A line below "Today", so the two never overlap when today is near the right edge.
        axes.annotate(f"Renewal {chart.renewal.isoformat()} →", (0.995, -0.62),
                      xycoords=("axes fraction", "data"), ha="right", va="top",
                      fontsize=FONT_SIZE, color=TEXT_COLOURS[PURPLE], zorder=6,
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
    _legend(figure, axes)
    return figure


def _checkpoint(axes, x: float, y: float, face: str, edge: str) -> None:
    """A stage planned (or done, or forecast) on a single day is a diamond, not a sliver."""
    axes.plot(x, y, marker="D", markersize=6, markerfacecolor=face, markeredgecolor=edge,
              markeredgewidth=1, zorder=4)


def _draw_stage(figure: Figure, axes, row: int, stage: StageBar, today: date,
                to_num) -> None:
    if stage.planned_end:
        start = stage.planned_start or stage.planned_end
        width = max(to_num(stage.planned_end) - to_num(start), 1.0)
        bar = axes.barh(row - 0.2, width, left=to_num(start), height=0.28, color="white",
                        edgecolor=GREY, linewidth=0.9, zorder=2)
        if width <= 1.0:
            _checkpoint(axes, to_num(stage.planned_end), row - 0.2, "white", GREY)
        add_hover(figure, bar.patches[0],
                  f"{stage.name}\nplanned {_span(stage.planned_start, stage.planned_end)}")
    if stage.actual_end:
        start = stage.actual_start or stage.actual_end
        width = max(to_num(stage.actual_end) - to_num(start), 1.0)
        colour = ACTUAL_COLOURS.get(stage.state, GREEN)
        bar = axes.barh(row + 0.15, width, left=to_num(start), height=0.34, color=colour,
                        zorder=3)
        if width <= 1.0:
            _checkpoint(axes, to_num(stage.actual_end), row + 0.15, colour, colour)
        late = f", {stage.late_days} days late" if stage.late_days else ", on time"
        add_hover(figure, bar.patches[0],
                  f"{stage.name}\ndone {stage.actual_end.isoformat()}{late}")
    if stage.state == "overdue" and stage.planned_end:
        width = max(to_num(today) - to_num(stage.planned_end), 1.0)
        bar = axes.barh(row + 0.15, width, left=to_num(stage.planned_end), height=0.34,
                        color="white", edgecolor=VERMILLION, hatch="xxx", linewidth=0.9,
                        zorder=3)
        add_hover(figure, bar.patches[0],
                  f"{stage.name}\nwas due {stage.planned_end.isoformat()} and is "
                  f"{(today - stage.planned_end).days} days late")
    if stage.forecast_end and stage.state != "overdue":
        start = stage.forecast_start or today
        width = max(to_num(stage.forecast_end) - to_num(start), 1.0)
        bar = axes.barh(row + 0.15, width, left=to_num(start), height=0.34, color="white",
                        edgecolor=SKY, hatch="////", linewidth=0.9, linestyle="--", zorder=3)
        if width <= 1.0:
            _checkpoint(axes, to_num(stage.forecast_end), row + 0.15, "white", SKY)
        add_hover(figure, bar.patches[0],
                  f"{stage.name}\nforecast {stage.forecast_end.isoformat()}"
                  f"{_forecast_words(stage.forecast_slip_days)}")
    elif stage.forecast_end and stage.state == "overdue" and stage.forecast_end > today:
        width = to_num(stage.forecast_end) - to_num(today)
        axes.barh(row + 0.15, width, left=to_num(today), height=0.34, color="white",
                  edgecolor=SKY, hatch="////", linewidth=0.9, linestyle="--", zorder=3)
    if stage.first_value:
        when = stage.actual_end or stage.forecast_end or stage.planned_end
        if when:
            axes.plot(to_num(when), row + 0.15, marker="*", markersize=13, color=ORANGE,
                      markeredgecolor=INK, markeredgewidth=0.6, zorder=6)
            axes.annotate("First value", (to_num(when), row + 0.15), xytext=(8, -2),
                          textcoords="offset points", fontsize=FONT_SIZE, color=INK,
                          va="center", zorder=6)


def _set_date_axis(axes, chart: CriticalPathChart) -> tuple[date, date]:
    """A window on the plan, what happened and today; a forecast far beyond the plan does not
    squeeze the stages into a few pixels: it is marked at the right edge instead."""
    days = [d for s in chart.stages for d in (s.planned_start, s.planned_end, s.actual_start,
                                              s.actual_end) if d]
    days += [chart.kickoff] if chart.kickoff else []
    # Today is on the chart while there is open work, or soon after the path ended; a path
    # done long ago is not squeezed into its first pixels to reach it (marked at the edge).
    open_work = any(s.actual_end is None for s in chart.stages)
    path_span = (max(days) - min(days)).days if days else 0
    if not days or open_work or (chart.today - max(days)).days <= max(60, path_span // 2):
        days.append(chart.today)
    edge = max(days) + timedelta(days=FORECAST_BEYOND_DAYS)
    days += [s.forecast_end for s in chart.stages if s.forecast_end and s.forecast_end <= edge]
    if chart.renewal and (chart.renewal - max(days)).days < 60:
        days.append(chart.renewal)
    span = (max(days) - min(days)).days
    low = min(days) - timedelta(days=max(3, span // 40))
    high = max(days) + timedelta(days=max(10, span // 8))  # room for the "First value" label
    axes.set_xlim(mdates.date2num(low), mdates.date2num(high))
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    return low, high


def _legend(figure: Figure, axes) -> None:
    handles = [
        Patch(facecolor="white", edgecolor=GREY, label="Planned"),
        Patch(facecolor=GREEN, label="Done on time"),
        Patch(facecolor=VERMILLION, label="Done late"),
        Patch(facecolor="white", edgecolor=VERMILLION, hatch="xxx", label="Late"),
        Patch(facecolor="white", edgecolor=SKY, hatch="////", linestyle="--", label="Forecast"),
        Line2D([], [], marker="*", color="none", markerfacecolor=ORANGE,
               markeredgecolor=INK, markersize=11, label="First value"),
    ]
    columns = 6 if figure.get_figwidth() >= 8.5 else 3
    figure.legend(handles=handles, loc="outside lower center", ncols=columns, frameon=False,
                  fontsize=FONT_SIZE)


def _span(start: date | None, end: date | None) -> str:
    if start and end and start != end:
        return f"{start.isoformat()} to {end.isoformat()}"
    day = end or start
    return day.isoformat() if day else "—"


def _forecast_words(slip: int | None) -> str:
    """A forecast is an estimate: it is 'after plan', never 'late'."""
    if not slip:
        return ", on plan" if slip == 0 else ""
    return f", {slip} days after plan" if slip > 0 else f", {-slip} days before plan"
