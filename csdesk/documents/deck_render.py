"""Writing a deck (documents/deck_data.py) into the CSM's slide template with python-pptx:
the template's master and layouts (documents/deck_layouts.py) give the look; csdesk sets the
text sizes it measures with (documents/deck_text.py), so that no text leaves its shape: a list
too long for a slide continues on the next ("(continued)"), a text too long for its place is
shortened and given whole in the speaker notes, a table's rows are measured and split."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from csdesk.documents.deck_charts import add_chart
from csdesk.documents.deck_data import DeckData, SlideData, TableData
from csdesk.documents.deck_layouts import (
    Layouts,
    body_of,
    problems_of,
    remove_unused,
    title_of,
)
from csdesk.documents.deck_text import (
    LINE,
    height_of,
    paginate,
    points,
    shorten,
    text_width,
    wrap,
)
from csdesk.errors import CsdeskError

TITLE_SIZE, SUBTITLE_SIZE = 28, 20
BODY_SIZE, TABLE_SIZE, FOOTER_SIZE = 20, 14, 10
LIST_SIZES = (20, 18, 16)  # a list is made smaller to fit one slide, down to 16 points
CONTINUED_SIZE = 18  # ... else it continues on the next slides at this size
SPACE = 6  # points before each listed item
MAX_ITEM_LINES, MAX_CELL_LINES = 4, 3
INDENT = 27  # points of a list's hanging indent (PowerPoint's default is 0.375 in)
INSET_X, INSET_Y = 7.2, 3.6  # points: a text frame's default margins
CELL_X, CELL_Y = 7.2, 3.6
FOOTER_ROOM = Emu(457_200)  # 0.5 in kept at the bottom for the footer
GREY = RGBColor(0x6B, 0x6B, 0x6B)
CONTINUED = " (continued)"
MAX_TEMPLATE_BYTES = 100_000_000  # a template with a few pictures is far below
COVER_SIZES = (40, 36, 32, 28)  # the deck's title, smaller until it fits its box


@dataclass
class _Notes:
    lines: list[str]

    def whole(self, shortened: str, text: str) -> None:
        if shortened != text:
            self.lines.append(f"In full: {text}")


def render_deck(template: Path, deck: DeckData, output: Path) -> Path:
    """Write ``deck`` with ``template``'s master and layouts to ``output`` (replaced only
    by a complete file)."""
    from csdesk.files import replace_file

    presentation = open_template(template)
    _drop_slides(presentation)  # a template may carry example slides
    layouts = Layouts.of(presentation, template.name)
    problems = problems_of(layouts, presentation, template.name)
    if problems:
        raise CsdeskError("; ".join(problems))
    writer = _Writer(presentation, layouts, deck)
    writer.cover()
    for slide in deck.slides:
        writer.add(slide)
    return replace_file(output, lambda path: presentation.save(str(path)), hidden=True)


def open_template(path: Path) -> Any:
    """The slide template at ``path``; what is not one is refused, saying what it is."""
    import zipfile

    if path.suffix.lower() in (".ppt", ".pot", ".potx", ".pptm", ".potm"):
        raise CsdeskError(f"{path.name}: open it in PowerPoint or LibreOffice Impress and save "
                          "it as a PowerPoint presentation (.pptx), then use that")
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise CsdeskError(f"{path.name} is too large for a template "
                              f"({path.stat().st_size:,} bytes)")
        if not zipfile.is_zipfile(path):
            raise CsdeskError(f"{path.name} is not a PowerPoint presentation (.pptx)")
        return Presentation(str(path))
    except CsdeskError:
        raise
    except Exception as error:  # python-pptx raises several kinds for a damaged package
        reason = "a Word document" if "wordprocessingml" in str(error) else \
            "an Excel workbook" if "spreadsheetml" in str(error) else "damaged"
        raise CsdeskError(f"{path.name} is not a PowerPoint presentation (.pptx): it is "
                          f"{reason}") from None


def _drop_slides(presentation: Any) -> None:
    slides = presentation.slides._sldIdLst
    for slide in list(slides):
        presentation.part.drop_rel(slide.rId)
        slides.remove(slide)


class _Writer:
    def __init__(self, presentation: Any, layouts: Layouts, deck: DeckData) -> None:
        self.presentation, self.layouts, self.deck = presentation, layouts, deck
        self.number = 0

    def cover(self) -> None:
        slide = self._slide(self.layouts.title)
        title = title_of(slide)
        for size in COVER_SIZES:  # the largest size that shows the title whole
            width = points(title.width) - 2 * INSET_X
            lines = int((points(title.height) - 2 * INSET_Y) // (size * LINE))
            if lines and len(wrap(self.deck.title, width, size, True)) <= min(2, lines):
                break
        self._text(title, self.deck.title, size, max_lines=2, bold=True)
        subtitle = body_of(slide)
        keep = [title]
        if subtitle is not None:
            keep.append(subtitle)
            self._lines(subtitle, self.deck.subtitle.split("\n"), SUBTITLE_SIZE, bullets=False)
        remove_unused(slide, keep)
        slide.notes_slide.notes_text_frame.text = _clean(
            f"{self.deck.account}: quarterly business review {self.deck.quarter}.")

    def add(self, data: SlideData) -> None:
        if data.charts:
            self._chart_slides(data)
        elif data.table is not None and data.table.rows:
            self._table_slides(data, data.table)
        else:
            self._list_slides(data)

    # Lists

    def _list_slides(self, data: SlideData) -> None:
        items = data.bullets or [data.empty or "—"]
        body = body_of(self.layouts.content)  # its layout's size is every slide's
        width = points(body.width) - 2 * INSET_X - INDENT
        room = points(body.height) - 2 * INSET_Y
        for size in (*LIST_SIZES, CONTINUED_SIZE):
            shown = [shorten(item, width, size, MAX_ITEM_LINES) for item in items]
            heights = [height_of(text, width, size) + SPACE for text in shown]
            pages = paginate(heights, room)
            if len(pages) == 1:
                break
        for page, indexes in enumerate(pages):
            slide = self._slide(self.layouts.content)
            title, body = title_of(slide), body_of(slide)
            notes = _Notes(list(data.notes) if page == 0 else ["Continued."])
            self._title(title, data.title + (CONTINUED if page else ""), notes)
            self._lines(body, [shown[i] for i in indexes], size,
                        bullets=bool(data.bullets) and not data.numbered)
            for i in indexes:
                notes.whole(shown[i], items[i])
            remove_unused(slide, [title, body])
            self._finish(slide, notes)

    # Tables

    def _table_slides(self, data: SlideData, table: TableData) -> None:
        left, top, width, height = self._free_area()
        widths = [points(width) * share for _heading, share in table.columns]
        inner = [w - 2 * CELL_X for w in widths]
        rows = [[shorten(cell, inner[i], TABLE_SIZE, MAX_CELL_LINES)
                 for i, cell in enumerate(row)] for row in table.rows]
        header = [heading for heading, _share in table.columns]
        header_height = self._row_height(header, inner, bold=True)
        heights = [self._row_height(row, inner) for row in rows]
        room = points(height) - header_height
        for page, indexes in enumerate(paginate(heights, room)):
            slide = self._slide(self.layouts.title_only)
            title = title_of(slide)
            notes = _Notes(list(data.notes) if page == 0 else ["Continued."])
            self._title(title, data.title + (CONTINUED if page else ""), notes)
            shape = slide.shapes.add_table(len(indexes) + 1, len(header), left, top, width,
                                           Emu(int((header_height + sum(
                                               heights[i] for i in indexes)) * 12_700)))
            grid = shape.table
            for column, share in enumerate(table.columns):
                grid.columns[column].width = Emu(int(width * share[1]))
            self._row(grid, 0, header, header_height, bold=True)
            for row_number, i in enumerate(indexes, 1):
                self._row(grid, row_number, rows[i], heights[i])
                for shown, whole in zip(rows[i], table.rows[i], strict=True):
                    notes.whole(shown, whole)
            remove_unused(slide, [title])
            self._finish(slide, notes)

    def _row_height(self, cells: list[str], inner: list[float], bold: bool = False) -> float:
        lines = max(len(wrap(cell, inner[i], TABLE_SIZE, bold)) for i, cell in enumerate(cells))
        return lines * TABLE_SIZE * LINE + 2 * CELL_Y + 2

    def _row(self, grid: Any, number: int, cells: list[str], height: float,
             bold: bool = False) -> None:
        grid.rows[number].height = Emu(int(height * 12_700))
        for column, text in enumerate(cells):
            cell = grid.cell(number, column)
            cell.margin_left = cell.margin_right = Pt(CELL_X)
            cell.margin_top = cell.margin_bottom = Pt(CELL_Y)
            frame = cell.text_frame
            frame.word_wrap = True
            frame.text = _clean(text)
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(TABLE_SIZE)
                    run.font.bold = bold

    # Charts

    def _chart_slides(self, data: SlideData) -> None:
        slide = self._slide(self.layouts.title_only)
        title = title_of(slide)
        notes = _Notes(list(data.notes))
        self._title(title, data.title, notes)
        left, top, width, height = self._free_area()
        if data.bullets:  # one line of context above the chart
            line = shorten(data.bullets[0], points(width) - 2 * INSET_X, BODY_SIZE - 2, 2)
            notes.whole(line, data.bullets[0])
            box_height = Emu(int((height_of(line, points(width) - 2 * INSET_X,
                                            BODY_SIZE - 2) + 2 * INSET_Y + 2) * 12_700))
            box = slide.shapes.add_textbox(left, top, width, box_height)
            box.name = "Context"
            self._lines(box, [line], BODY_SIZE - 2, bullets=False)
            top, height = Emu(top + box_height), Emu(height - box_height)
        gap = Emu(182_880)
        each = Emu(int((width - gap * (len(data.charts) - 1)) / len(data.charts)))
        for number, chart in enumerate(data.charts):
            add_chart(slide, chart, Emu(left + number * (each + gap)), top, each, height)
        remove_unused(slide, [title])
        self._finish(slide, notes)

    # Shared

    def _slide(self, layout: Any) -> Any:
        return self.presentation.slides.add_slide(layout)

    def _free_area(self) -> tuple[Emu, Emu, Emu, Emu]:
        """Below the title of a title-only slide, above the footer."""
        title = title_of(self.layouts.title_only)
        left, width = title.left, title.width
        top = Emu(title.top + title.height + 91_440)
        height = Emu(self.presentation.slide_height - FOOTER_ROOM - top)
        return left, top, width, height

    def _title(self, shape: Any, text: str, notes: _Notes) -> None:
        shown = self._text(shape, text, TITLE_SIZE, max_lines=1, bold=True)
        notes.whole(shown, text)

    def _text(self, shape: Any, text: str, size: int, max_lines: int,
              bold: bool = False) -> str:
        width = points(shape.width) - 2 * INSET_X
        fits = int((points(shape.height) - 2 * INSET_Y) // (size * LINE)) or 1
        shown = shorten(text, width, size, min(max_lines, fits), bold=bold)
        self._lines(shape, [shown], size, bullets=False, bold=bold)
        return shown

    def _lines(self, shape: Any, lines: list[str], size: int, *, bullets: bool,
               bold: bool = False) -> None:
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Pt(INSET_X)
        frame.margin_top = frame.margin_bottom = Pt(INSET_Y)
        frame.text = ""
        for number, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            paragraph.space_before = Pt(SPACE if bullets else 0)
            paragraph.line_spacing = 1.0
            if not bullets:
                _no_bullet(paragraph)
            run = paragraph.add_run()
            run.text = _clean(line)
            run.font.size = Pt(size)
            run.font.bold = bold or None

    def _finish(self, slide: Any, notes: _Notes) -> None:
        self.number += 1
        slide.notes_slide.notes_text_frame.text = _clean("\n".join(notes.lines))
        footer_top = Emu(self.presentation.slide_height - FOOTER_ROOM + 91_440)
        left = title_of(slide).left if slide.placeholders else Emu(548_640)
        width = Emu(self.presentation.slide_width - 2 * left)
        box = slide.shapes.add_textbox(left, footer_top, width, Emu(274_320))
        box.name = "Footer"
        tail = f" · QBR {self.deck.quarter} · {self.number + 1}"  # always whole
        room = points(width) - 2 * INSET_X - text_width(tail, FOOTER_SIZE)
        self._lines(box, [shorten(self.deck.footer, room, FOOTER_SIZE, 1) + tail],
                    FOOTER_SIZE, bullets=False)
        paragraph = box.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT
        paragraph.runs[0].font.color.rgb = GREY


_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _clean(text: str) -> str:
    """No control characters and no bidi overrides: a pasted U+202E would turn the rest of a
    line around (dates read backwards); right-to-left text itself is left as it is."""
    return _UNSAFE.sub("", text)


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# what may come before a bullet's kind in a paragraph's properties (the schema's order)
_BEFORE_BULLET = {f"{_A}{name}" for name in (
    "lnSpc", "spcBef", "spcAft", "buClrTx", "buClr", "buSzTx", "buSzPct", "buSzPts",
    "buFontTx", "buFont")}


def _no_bullet(paragraph: Any) -> None:
    """A paragraph without the master's bullet, at the left edge."""
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", "0")
    properties.set("indent", "0")
    for old in properties.findall(f"{_A}buNone"):
        properties.remove(old)
    at = sum(1 for child in properties if child.tag in _BEFORE_BULLET)
    properties.insert(at, properties.makeelement(f"{_A}buNone", {}))
