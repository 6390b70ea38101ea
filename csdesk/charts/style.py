"""Shared look: Okabe-Ito colours (colour-blind safe), sizes readable at 150 dpi."""

from __future__ import annotations

from matplotlib.figure import Figure

DPI = 150
FONT_SIZE = 8.5
ORANGE, SKY, GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILLION, PURPLE, GREY = "#0072B2", "#D55E00", "#CC79A7", "#999999"
INK, LIGHT = "#222222", "#DDDDDD"
# Words in a colour: the same hues darkened to read at 4.5:1 on white (WCAG AA for text);
# the marks and lines keep the brighter ones.
TEXT_COLOURS = {PURPLE: "#BA4C8A", SKY: "#177BB1", GREEN: "#008660", ORANGE: "#9E6C00",
                VERMILLION: "#BE5200", GREY: "#757575"}
NARROWEST_IN = 3.4  # inches: the narrowest a chart is shown in the app
# What a figure shows under the pointer: a list of (artist, text) on the figure (add_hover)
HOVER_ATTRIBUTE = "csdesk_hover"

HEALTH_COLOURS = {"on_track": GREEN, "at_risk": ORANGE, "off_track": VERMILLION,
                  "not_planned": GREY}
HEALTH_MARKERS = {"on_track": "o", "at_risk": "s", "off_track": "X", "not_planned": "."}
HEALTH_LABELS = {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track",
                 "not_planned": "Not planned"}


def new_figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    figure.set_facecolor("white")
    return figure


def style_axes(axes) -> None:
    axes.tick_params(labelsize=FONT_SIZE, color=GREY)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(GREY)
    axes.grid(axis="x", color=LIGHT, linewidth=0.6)
    axes.set_axisbelow(True)


def outside_legend(figure: Figure, axes, narrow: bool = False) -> None:
    """The axes' legend under the plot, in rows: a legend inside may cover the data. A
    ``narrow`` chart may be shown as narrow as a third of a laptop's window."""
    handles, labels = axes.get_legend_handles_labels()
    if not handles:
        return
    # As many entries a row as fit: an entry is its marker and gap (0.45 in) and its text
    # (about 0.6 em a letter).
    room = min(figure.get_figwidth(), NARROWEST_IN) if narrow else figure.get_figwidth() * 0.9
    entries = [0.45 + len(label) * 0.6 * FONT_SIZE / 72 for label in labels]
    columns = len(entries)
    while columns > 1 and max(sum(entries[i:i + columns])
                              for i in range(0, len(entries), columns)) > room:
        columns -= 1
    figure.legend(handles, labels, loc="outside lower center", ncols=columns,
                  fontsize=FONT_SIZE, frameon=False)


def short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def add_hover(figure: Figure, artist, text) -> None:
    """Remember what to show when the pointer is over an artist (the app shows it as a
    tooltip). ``text`` is a string, or a list with one string per point of a scatter."""
    hovers = getattr(figure, HOVER_ATTRIBUTE, [])
    hovers.append((artist, text))
    setattr(figure, HOVER_ATTRIBUTE, hovers)  # an attribute of ours: Figure does not declare it


def empty_message(axes, message: str) -> None:
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=FONT_SIZE + 1,
              color=TEXT_COLOURS[GREY], wrap=True, transform=axes.transAxes)
