"""Chart 2: every account along its path. Across: how far along (share of stages done); up and
down: days ahead of or behind plan. Accounts in trouble sit low, in vermillion, named."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from csdesk.charts.data import PortfolioChart
from csdesk.charts.style import (
    FONT_SIZE,
    GREY,
    HEALTH_COLOURS,
    HEALTH_LABELS,
    HEALTH_MARKERS,
    INK,
    add_hover,
    empty_message,
    new_figure,
    short,
    style_axes,
)

CLIP_DAYS = 120
LABELLED = 14  # at most this many accounts named on the chart: the worst ones


def portfolio_figure(chart: PortfolioChart, width: float = 9.0, height: float = 5.2) -> Figure:
    figure = new_figure(width, height)
    axes = figure.add_subplot()
    if chart.title:
        figure.suptitle(chart.title, x=0.01, ha="left", fontsize=FONT_SIZE + 3,
                        fontweight="bold",
                        color=INK)
    points = chart.points
    if not points:
        empty_message(axes, "No account has a critical path yet.")
        return figure
    style_axes(axes)
    axes.grid(axis="y", color="#EEEEEE", linewidth=0.6)
    axes.axhline(0, color=GREY, linewidth=1, label="On plan")  # named in the legend
    spread = _spread(points)
    for health in ("on_track", "at_risk", "off_track", "not_planned"):
        group = [p for p in points if p.health == health]
        if not group:
            continue
        xs = [spread[id(p)] for p in group]
        ys = [max(-CLIP_DAYS, min(CLIP_DAYS, p.days_ahead)) for p in group]
        scatter = axes.scatter(xs, ys, s=46, marker=HEALTH_MARKERS[health],
                               color=HEALTH_COLOURS[health], edgecolors=INK, linewidths=0.5,
                               label=f"{HEALTH_LABELS[health]} ({len(group)})", zorder=3)
        add_hover(figure, scatter, [_describe(p) for p in group])
    axes.set_xlim(-0.04, 1.08)
    low = min(min(p.days_ahead for p in points), -10)
    high = max(max(p.days_ahead for p in points), 10)
    axes.set_ylim(max(low, -CLIP_DAYS) - 8, min(high, CLIP_DAYS) + 8)
    _label_the_worst(axes, points, spread)
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_xlabel("Progress along the critical path (stages done)", fontsize=FONT_SIZE)
    axes.set_ylabel("Days ahead (+) or behind (−) plan", fontsize=FONT_SIZE)
    axes.legend(loc="upper left", fontsize=FONT_SIZE, frameon=False)
    return figure


def _label_the_worst(axes, points: list, spread: dict[int, float]) -> None:
    """Name the accounts furthest behind. Accounts at one spot share a label; a label that
    would sit on the one above it moves down a line."""
    worst = sorted((p for p in points if p.health in ("off_track", "at_risk")),
                   key=lambda p: p.days_ahead)[:LABELLED]
    spots: dict[tuple[float, int], list] = {}
    for point in worst:
        spots.setdefault((round(point.progress, 3), point.days_ahead), []).append(point)
    # One line and one character of label text, in data units (progress, days).
    box = axes.get_window_extent()
    size_px = (FONT_SIZE - 0.5) * axes.figure.dpi / 72
    (x_low, x_high), (low, high) = axes.get_xlim(), axes.get_ylim()
    line = 1.35 * size_px / box.height * (high - low)
    char = 0.62 * size_px / box.width * (x_high - x_low)
    placed: list[tuple[float, float, float]] = []  # each label's left, right and y so far
    for (_progress, days), group in sorted(spots.items(), key=lambda item: -item[0][1]):
        y = max(-CLIP_DAYS, min(CLIP_DAYS, days))
        names = [short(p.account, 22) for p in group]
        label = ", ".join(names[:3]) + (f" +{len(names) - 3} more" if len(names) > 3 else "")
        if y != days:  # clipped to keep the chart readable: say by how much
            label += f" ({days:+d} d)"
        x = max(spread[id(p)] for p in group)
        left, right = x + 0.012, x + 0.012 + len(label) * char
        text_y = y
        while any(left < pr and pl < right and abs(text_y - py) < line for pl, pr, py in placed):
            text_y -= line
        placed.append((left, right, text_y))
        axes.text(left, text_y, label, fontsize=FONT_SIZE - 0.5, color=INK, va="center")
        if text_y != y:  # moved down: a thin leader line back to the account
            axes.plot([x, left], [y, text_y], color=GREY, linewidth=0.6, zorder=2)


def _spread(points: list) -> dict[int, float]:
    """Accounts at the same spot are fanned out a little, so each can be seen and hovered."""
    at: dict[tuple[float, int], list] = {}
    for point in points:
        at.setdefault((round(point.progress, 3), point.days_ahead), []).append(point)
    spread = {}
    for group in at.values():
        for index, point in enumerate(group):
            spread[id(point)] = point.progress + (index - (len(group) - 1) / 2) * 0.012
    return spread


def _describe(point) -> str:
    where = f"reached {point.stage_reached}" if point.stage_reached else "not started"
    nxt = f"; next: {point.next_stage}" if point.next_stage else ""
    if point.days_ahead < 0:
        pace = f"{-point.days_ahead} days behind"
    elif point.days_ahead > 0:
        pace = f"{point.days_ahead} days ahead"
    else:
        pace = "on plan"
    return f"{point.account}\n{where}{nxt}\n{pace} · {HEALTH_LABELS[point.health]}"
