"""Chart 2: every account along its path. Across: how far along (share of stages done); up and
down: days ahead of or behind plan. Accounts in trouble sit low, in vermillion, named."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from csdesk.charts.data import PortfolioChart
from csdesk.charts.drawing import drawing
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
    outside_legend,
    short,
    style_axes,
)

LINEAR_DAYS = 120  # beyond this many days ahead or behind, the scale compresses
LABELLED = 14  # at most this many accounts named on the chart: the worst ones


@drawing
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
        ys = [p.days_ahead for p in group]
        scatter = axes.scatter(xs, ys, s=46, marker=HEALTH_MARKERS[health],
                               color=HEALTH_COLOURS[health], edgecolors=INK, linewidths=0.5,
                               label=f"{HEALTH_LABELS[health]} ({len(group)})", zorder=3)
        add_hover(figure, scatter, [_describe(p) for p in group])
    axes.set_xlim(-0.04, 1.04)
    low = min(min(p.days_ahead for p in points), -10)
    high = max(max(p.days_ahead for p in points), 10)
    if max(-low, high) > LINEAR_DAYS:
        # Far-out accounts on a scale that compresses beyond a month, so each sits where it
        # is (none pinned to the edge) and the near ones stay apart.
        axes.set_yscale("symlog", linthresh=30, linscale=1.5)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        axes.set_ylim(low * 1.25, high * 1.25)
    else:
        axes.set_ylim(low - 8, high + 8)
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_xlabel("Progress along the critical path (stages done)", fontsize=FONT_SIZE)
    axes.set_ylabel("Days ahead (+) or behind (−) plan", fontsize=FONT_SIZE)
    outside_legend(figure, axes)
    # The plot where it will be (the layout done), so the names are placed in its pixels.
    engine = figure.get_layout_engine()
    if engine is not None:  # new_figure's constrained layout
        engine.execute(figure)
    _label_the_worst(axes, points, spread)
    return figure


def _label_the_worst(axes, points: list, spread: dict[int, float]) -> None:
    """Name the accounts furthest behind. Accounts at one spot share a label. A label goes
    beside its accounts (right, under or left), on their line or the nearest line below where
    it covers no label already placed and no account's marker, within the plot. Placed in
    pixels, so it holds on the compressed scale too."""
    worst = sorted((p for p in points if p.health in ("off_track", "at_risk")),
                   key=lambda p: p.days_ahead)[:LABELLED]
    spots: dict[tuple[float, int], list] = {}
    for point in worst:
        spots.setdefault((round(point.progress, 3), point.days_ahead), []).append(point)
    to_px = axes.transData.transform
    from_px = axes.transData.inverted().transform
    box = axes.get_window_extent()
    size_px = (FONT_SIZE - 0.5) * axes.figure.dpi / 72
    line, char, marker = 1.35 * size_px, 0.58 * size_px, 5.0
    markers = [tuple(to_px((spread[id(p)], p.days_ahead))) for p in points]
    placed: list[tuple[float, float, float]] = []  # each label's left, right and y, in px

    def blocked(left: float, right: float, y: float) -> bool:
        return any(left < pr and pl < right and abs(y - py) < line for pl, pr, py in placed) \
            or any(left - marker < mx < right + marker and abs(y - my) < line / 2 + marker
                   for mx, my in markers)

    for (_progress, days), group in sorted(spots.items(), key=lambda item: -item[0][1]):
        names = [short(p.account, 22) for p in group]
        label = ", ".join(names[:3]) + (f" +{len(names) - 3} more" if len(names) > 3 else "")
        xs = [spread[id(p)] for p in group]
        x_px, y_px = to_px((max(xs), days))
        width = len(label) * char
        right_of = x_px + marker + 3
        left_of = to_px((min(xs), days))[0] - marker - 3 - width
        under = (x_px + to_px((min(xs), days))[0] - width) / 2
        # Right of the spot, under it or left of it, on its line or the nearest free one below.
        candidates = [(side, y_px - step * line) for step in range(12)
                      for side in (right_of, under, left_of) if box.x0 <= side
                      and side + width <= box.x1]
        left, text_y = next(((side, y) for side, y in candidates
                             if y > box.y0 and not blocked(side, side + width, y)),
                            (right_of, y_px))
        placed.append((left, left + width, text_y))
        x_text, y_text = from_px((left, text_y))
        axes.text(x_text, y_text, label, fontsize=FONT_SIZE - 0.5, color=INK, va="center")
        if text_y != y_px:  # moved down: a thin leader line back to the account
            near = min(max(x_px, left), left + width)  # the nearest end of the text
            axes.plot([from_px((x_px, y_px))[0], from_px((near, text_y))[0]], [days, y_text],
                      color=GREY, linewidth=0.6, zorder=2)


def _spread(points: list) -> dict[int, float]:
    """Accounts at the same spot are fanned out a little, so each can be seen and hovered."""
    at: dict[tuple[float, int], list] = {}
    for point in points:
        at.setdefault((round(point.progress, 3), point.days_ahead), []).append(point)
    spread = {}
    for group in at.values():
        offsets = [(index - (len(group) - 1) / 2) * 0.012 for index in range(len(group))]
        # kept within 0–100%: a path all done is not drawn past its end
        shift = max(0.0, -(group[0].progress + offsets[0])) - \
            max(0.0, group[0].progress + offsets[-1] - 1.0)
        for point, offset in zip(group, offsets, strict=True):
            spread[id(point)] = point.progress + offset + shift
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
