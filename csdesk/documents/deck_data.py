"""The plain data a slide deck is written from (documents/deck_render.py lays it out): slides
of bullets, a table or native charts, each with the speaker notes that carry its talking
points and the numbers behind its charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class ChartData:
    """A chart the customer's team can restyle and edit: its data travel inside it."""

    kind: str  # "bar": horizontal bars by category; "line": values over dates
    title: str
    categories: list[str] | list[date]
    series: list[tuple[str, list[float | None]]]
    number_format: str = "0"  # Excel's, for the axis and the data labels
    axis_title: str = ""
    labels: bool = True  # the values printed on the bars
    minimum: float | None = None  # the value axis's ends (None: the chart's own choice)
    maximum: float | None = None


@dataclass
class TableData:
    columns: list[tuple[str, float]]  # heading and share of the width
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class SlideData:
    title: str
    bullets: list[str] = field(default_factory=list)
    table: TableData | None = None
    charts: list[ChartData] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # talking points and the numbers
    empty: str = ""  # said on the slide when it has nothing else
    numbered: bool = False  # the items carry their own numbers: no bullets


@dataclass
class DeckData:
    title: str  # "Quarterly business review 2026Q4"
    subtitle: str  # the account, the day, who presents
    account: str
    quarter: str
    slides: list[SlideData] = field(default_factory=list)
    footer: str = ""  # the account's name, then " · QBR quarter · slide number"
