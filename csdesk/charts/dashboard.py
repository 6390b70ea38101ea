"""Portfolio dashboard charts: the ARR bridge, NRR and GRR by quarter, the health distribution,
and one account's health over time."""

from __future__ import annotations

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from csdesk.charts.data import (
    ArrBridgeChart,
    HealthDistributionChart,
    HealthHistoryChart,
    QuarterRates,
)
from csdesk.charts.drawing import drawing
from csdesk.charts.style import (
    BLUE,
    FONT_SIZE,
    GREEN,
    GREY,
    INK,
    ORANGE,
    SKY,
    VERMILLION,
    add_hover,
    empty_message,
    new_figure,
    outside_legend,
    style_axes,
)

BAND_COLOURS = ((70, GREEN, "Healthy"), (40, ORANGE, "At risk"), (0, VERMILLION, "Unhealthy"))


def _money_short(cents: int, currency: str) -> str:
    units = cents / 100
    sign = "−" if units < 0 else ""
    units = abs(units)
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, f"{currency} ")
    if units >= 1_000_000:
        return f"{sign}{symbol}{units / 1_000_000:.2f}M"
    if units >= 1_000:
        return f"{sign}{symbol}{units / 1_000:.0f}k"
    return f"{sign}{symbol}{units:.0f}"


def _title(figure: Figure, title: str) -> None:
    if title:
        figure.suptitle(title, x=0.01, ha="left", fontsize=FONT_SIZE + 2, fontweight="bold",
                        color=INK)


@drawing
def arr_bridge_figure(chart: ArrBridgeChart, width: float = 6.0, height: float = 3.4) -> Figure:
    """Start ARR, what expansion added and contraction and churn took, new business, end ARR."""
    figure = new_figure(width, height)
    _title(figure, chart.title)
    axes = figure.add_subplot()
    if not any((chart.start, chart.end, chart.new)):
        empty_message(axes, "No ARR recorded for this period.")
        return figure
    style_axes(axes)
    axes.grid(axis="x", visible=False)
    axes.grid(axis="y", color="#EEEEEE", linewidth=0.6)
    steps = [("Start", chart.start, BLUE, True), ("Expand", chart.expansion, GREEN, False),
             ("Contract", -chart.contraction, ORANGE, False),
             ("Churn", -chart.churned, VERMILLION, False), ("New", chart.new, SKY, False),
             ("End", chart.end, BLUE, True)]
    level = 0
    for x, (label, amount, colour, total) in enumerate(steps):
        bottom = 0 if total else (level if amount >= 0 else level + amount)
        height_ = amount if total else abs(amount)
        bar = axes.bar(x, height_ / 100, bottom=bottom / 100, color=colour, width=0.62,
                       edgecolor=INK if total else colour, linewidth=0.5)
        text = _money_short(amount, chart.currency)
        if not total and amount > 0:
            text = "+" + text
        axes.annotate(text, (x, (bottom + height_) / 100), xytext=(0, 3),
                      textcoords="offset points", ha="center", fontsize=FONT_SIZE - 1,
                      color=INK)
        add_hover(figure, bar.patches[0], f"{label}: {text}")
        level = amount if total else level + amount
    axes.set_xticks(range(len(steps)))
    narrow = width < 5.5  # six labels side by side would run into each other
    axes.set_xticklabels([s[0] for s in steps], fontsize=FONT_SIZE,
                         rotation=30 if narrow else 0, ha="right" if narrow else "center",
                         rotation_mode="anchor")
    axes.yaxis.set_major_formatter(FuncFormatter(
        lambda v, _p: _money_short(int(v * 100), chart.currency)))
    axes.margins(y=0.15)
    return figure


@drawing
def rates_by_quarter_figure(quarters: list[QuarterRates], title: str = "NRR and GRR by quarter",
                            width: float = 6.0, height: float = 3.4) -> Figure:
    figure = new_figure(width, height)
    _title(figure, title)
    axes = figure.add_subplot()
    if not any(q.nrr is not None for q in quarters):
        empty_message(axes, "No ARR at the start of these quarters.")
        return figure
    style_axes(axes)
    axes.grid(axis="x", visible=False)
    axes.grid(axis="y", color="#EEEEEE", linewidth=0.6)
    for offset, key, colour, label in ((-0.18, "nrr", BLUE, "NRR"), (0.18, "grr", SKY, "GRR")):
        xs = [i + offset for i, q in enumerate(quarters) if getattr(q, key) is not None]
        ys = [getattr(q, key) for q in quarters if getattr(q, key) is not None]
        bars = axes.bar(xs, ys, width=0.34, color=colour, label=label)
        for x, y, patch in zip(xs, ys, bars.patches, strict=True):
            # Upright, so two neighbours' figures never run together ("100%100%").
            axes.annotate(f"{y:.0%}", (x, y), xytext=(0, 2), textcoords="offset points",
                          ha="center", va="bottom", rotation=90, fontsize=FONT_SIZE - 1,
                          color=INK)
            add_hover(figure, patch, f"{label} {y:.1%}")
    axes.axhline(1.0, color=GREY, linewidth=1, linestyle="--")
    axes.set_xticks(range(len(quarters)))
    axes.set_xticklabels([q.label for q in quarters], fontsize=FONT_SIZE)
    axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    outside_legend(figure, axes, narrow=True)
    axes.margins(y=0.22)
    return figure


@drawing
def health_distribution_figure(chart: HealthDistributionChart, width: float = 6.0,
                               height: float = 3.4) -> Figure:
    figure = new_figure(width, height)
    _title(figure, chart.title)
    axes = figure.add_subplot()
    if not chart.scores:
        empty_message(axes, "No health scores yet.")
        return figure
    style_axes(axes)
    axes.grid(axis="x", visible=False)
    axes.grid(axis="y", color="#EEEEEE", linewidth=0.6)
    bins = list(range(0, 101, 10))
    counts = [sum(1 for s in chart.scores if low <= s < low + 10 or (low == 90 and s == 100))
              for low in bins[:-1]]
    for low, count in zip(bins[:-1], counts, strict=True):
        colour, label = next((c, lab) for floor, c, lab in BAND_COLOURS if low >= floor)
        bar = axes.bar(low + 5, count, width=9, color=colour)
        add_hover(figure, bar.patches[0], f"{count} accounts scored {low}–{low + 9} ({label})")
    total = len(chart.scores)
    for floor, colour, label in BAND_COLOURS:
        ceiling = {70: 101, 40: 70, 0: 40}[floor]
        share = sum(1 for s in chart.scores if floor <= s < ceiling) / total
        axes.bar(0, 0, color=colour, label=f"{label} {share:.0%}")
    axes.set_xlim(0, 100)
    axes.set_xlabel("Health score", fontsize=FONT_SIZE)
    axes.set_ylabel("Accounts", fontsize=FONT_SIZE)
    # matplotlib's stub gives Locator.set_params no parameters; at run time it takes **kwargs
    # (and the y axis's default locator, a MaxNLocator, uses integer)
    axes.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    outside_legend(figure, axes, narrow=True)
    return figure


@drawing
def health_history_figure(chart: HealthHistoryChart, width: float = 5.0,
                          height: float = 2.4) -> Figure:
    figure = new_figure(width, height)
    _title(figure, chart.title)
    axes = figure.add_subplot()
    if not chart.points:
        empty_message(axes, "No history yet: a point is added whenever the score changes.")
        return figure
    style_axes(axes)
    for low, high, colour in ((70, 100, GREEN), (40, 70, ORANGE), (0, 40, VERMILLION)):
        axes.axhspan(low, high, color=colour, alpha=0.08, linewidth=0)
    xs = [mdates.date2num(day) for day, _s in chart.points]
    ys = [score for _d, score in chart.points]
    line = axes.plot(xs, ys, color=INK, marker="o", markersize=3.5, linewidth=1.4,
                     drawstyle="steps-post")[0]
    add_hover(figure, line, [f"{day.isoformat()}: {score}" for day, score in chart.points])
    axes.set_ylim(0, 100)
    if len(xs) == 1:
        axes.set_xlim(xs[0] - 15, xs[0] + 15)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    return figure
