"""Native PowerPoint charts (python-pptx): the data travel inside the chart, so the customer's
team can restyle it and edit its figures in PowerPoint, Keynote, Google Slides or Impress.
Colours come from the template's theme (its accents), never from csdesk."""

from __future__ import annotations

from datetime import date
from typing import Any

from pptx.chart.data import CategoryChartData, XyChartData
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.dml import MSO_LINE
from pptx.util import Pt

from csdesk.documents.deck_data import ChartData
from csdesk.documents.deck_text import shorten

CHART_FONT = 12  # points: read from the back of a meeting room
LABEL_WIDTH = 200.0  # points a category's label may take before it is shortened
DASHES = {"Baseline": MSO_LINE.DASH, "Target": MSO_LINE.LONG_DASH}


EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of a spreadsheet's dates


def add_chart(slide: Any, chart: ChartData, left: int, top: int, width: int,
              height: int) -> Any:
    data: Any
    if chart.kind == "line":  # dates on a value axis: readings spaced as they were taken
        data = XyChartData(number_format=chart.number_format)
        for name, values in chart.series:
            series = data.add_series(name, number_format=chart.number_format)
            for day, value in zip(chart.categories, values, strict=True):
                if value is not None:
                    series.add_data_point((_serial(day)), value)
        kind = XL_CHART_TYPE.XY_SCATTER_LINES
    else:  # a long stage or KPI name is shortened on the axis (the notes have it whole)
        data = CategoryChartData(number_format=chart.number_format)
        data.categories = [shorten(str(c), LABEL_WIDTH, CHART_FONT, 2)
                           for c in chart.categories]
        for name, values in chart.series:
            if any(value is not None for value in values):
                data.add_series(name, values, number_format=chart.number_format)
        kind = XL_CHART_TYPE.BAR_CLUSTERED
    frame = slide.shapes.add_chart(kind, left, top, width, height, data)
    frame.name = chart.title
    drawn = frame.chart
    drawn.font.size = Pt(CHART_FONT)
    drawn.has_title = True
    drawn.chart_title.text_frame.text = chart.title
    drawn.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_FONT + 2)
    drawn.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    several = len(list(drawn.plots[0].series)) > 1
    drawn.has_legend = several
    if several:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
    value_axis = drawn.value_axis
    value_axis.has_major_gridlines = True
    value_axis.tick_labels.number_format = chart.number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if chart.minimum is not None:
        value_axis.minimum_scale = chart.minimum
    if chart.maximum is not None:
        value_axis.maximum_scale = chart.maximum
    if chart.axis_title:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = chart.axis_title
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_FONT - 1)
    category_axis = drawn.category_axis
    category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if chart.kind == "bar":
        category_axis.reverse_order = True  # the first category on top, as it is read
        plot = drawn.plots[0]
        plot.gap_width = 60
        if chart.labels:
            plot.has_data_labels = True
            labels = plot.data_labels
            labels.number_format = chart.number_format
            labels.number_format_is_linked = False
            labels.font.size = Pt(CHART_FONT - 1)
    else:
        category_axis.tick_labels.number_format = "mmm yyyy"
        category_axis.has_major_gridlines = False
        category_axis.tick_labels.number_format_is_linked = False
        for series in drawn.plots[0].series:
            series.smooth = False
            if series.name in DASHES:
                series.format.line.dash_style = DASHES[series.name]
                series.marker.style = XL_MARKER_STYLE.NONE
    return frame


def _serial(day: Any) -> float:
    return float((day - EXCEL_EPOCH).days) if isinstance(day, date) else float(day)
