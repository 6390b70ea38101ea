"""Chart 3: a measure of success over time: baseline, target, the plan between, readings."""

from __future__ import annotations

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from csdesk.charts.data import KpiChart
from csdesk.charts.drawing import drawing
from csdesk.charts.style import (
    BLUE,
    FONT_SIZE,
    GREEN,
    GREY,
    INK,
    TEXT_COLOURS,
    add_hover,
    empty_message,
    new_figure,
    outside_legend,
    style_axes,
)


@drawing
def kpi_figure(chart: KpiChart, width: float = 7.0, height: float = 3.6) -> Figure:
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    unit = f" ({chart.unit})" if chart.unit else ""
    if chart.title:
        figure.suptitle(f"{chart.title}{unit}", x=0.01, ha="left", fontsize=FONT_SIZE + 2,
                        fontweight="bold", color=INK)
    if not chart.readings and not chart.target_date:
        empty_message(axes, "No readings yet: record the KPI's value to see its progress.")
        return figure
    style_axes(axes)
    axes.grid(axis="y", color="#EEEEEE", linewidth=0.6)
    axes.axhline(chart.baseline, color=GREY, linestyle="--", linewidth=1)
    axes.axhline(chart.target, color=GREEN, linestyle="--", linewidth=1.2)
    # At the right end: the plan line and the first readings start on the left.
    axes.annotate(f"baseline {chart.baseline:,g}", (1.0, chart.baseline),
                  xycoords=("axes fraction", "data"), xytext=(-3, 3), textcoords="offset points",
                  ha="right", fontsize=FONT_SIZE, color=TEXT_COLOURS[GREY])
    axes.annotate(f"target {chart.target:,g}", (0.0, chart.target),
                  xycoords=("axes fraction", "data"), xytext=(3, 3), textcoords="offset points",
                  fontsize=FONT_SIZE, color=TEXT_COLOURS[GREEN])
    if chart.start and chart.target_date:
        axes.plot([mdates.date2num(chart.start), mdates.date2num(chart.target_date)],
                  [chart.baseline, chart.target], color=GREY, linestyle=":", linewidth=1,
                  label="Plan")
        axes.axvline(mdates.date2num(chart.target_date), color=GREEN, linestyle=":",
                     linewidth=1)
    if chart.readings:
        xs = [mdates.date2num(d) for d, _v in chart.readings]
        ys = [v for _d, v in chart.readings]
        line = axes.plot(xs, ys, color=BLUE, marker="o", markersize=4, linewidth=1.6,
                         label="Readings")[0]
        add_hover(figure, line, [f"{d.isoformat()}: {v:g}{' ' + chart.unit if chart.unit else ''}"
                                 for d, v in chart.readings])
    else:
        empty_message(axes, "No readings yet.")
        axes.set_axis_on()
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.6g}"))
    outside_legend(figure, axes)
    return figure
