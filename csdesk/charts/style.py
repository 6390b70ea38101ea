"""Shared look: Okabe-Ito colours (colour-blind safe), sizes readable at 150 dpi."""

from __future__ import annotations

from matplotlib.figure import Figure

DPI = 150
FONT_SIZE = 8.5
ORANGE, SKY, GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILLION, PURPLE, GREY = "#0072B2", "#D55E00", "#CC79A7", "#999999"
INK, LIGHT = "#222222", "#DDDDDD"
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
              color=GREY, wrap=True, transform=axes.transAxes)
