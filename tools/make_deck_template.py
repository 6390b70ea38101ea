"""Build the default slide template shipped in resources/templates (run after changing it):

    .venv/bin/python tools/make_deck_template.py

It is python-pptx's own blank Office template, made 16:9 and restyled: a left-aligned title in
the accent colour under a thin accent bar, body text in dark grey, the theme's fonts (Calibri,
which Keynote, Google Slides and LibreOffice substitute with a metric twin). A CSM can copy it
and restyle its slide master in PowerPoint; the layouts csdesk uses are named in
docs/templates.md.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Inches, Pt

OUT = Path(__file__).resolve().parents[1] / "resources" / "templates" / "qbr_deck.pptx"
ACCENT = "00558C"  # the Word templates' accent
TEXT = "333333"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
WIDE = Emu(12_192_000)  # 13.333 in: 16:9
MARGIN = Inches(0.6)


def _scale_x(shapes, factor: float) -> None:
    for shape in shapes:  # only those placed by their own layout: the rest inherit
        if shape._element.spPr.find(f"{{{A}}}xfrm") is not None:
            shape.left, shape.width = Emu(int(shape.left * factor)), Emu(int(shape.width * factor))


def _text_style(master, style: str, size: int, colour: str, align: str | None = None,
                bold: bool = False) -> None:
    level = master._element.find(f"{{{P}}}txStyles/{{{P}}}{style}/{{{A}}}lvl1pPr")
    if align:
        level.set("algn", align)
    properties = level.find(f"{{{A}}}defRPr")
    properties.set("sz", str(size * 100))
    if bold:
        properties.set("b", "1")
    for old in properties.findall(f"{{{A}}}solidFill"):
        properties.remove(old)
    fill = etree.SubElement(properties, f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=colour)
    properties.insert(0, fill)  # the fill comes first among a run's properties


def _accent_bar(presentation, master, top: int, height: int) -> None:
    """A thin bar across the top of every slide, behind the placeholders."""
    scratch = presentation.slides.add_slide(presentation.slide_layouts[6])
    bar = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, top, presentation.slide_width,
                                   height)
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor.from_string(ACCENT)
    bar.line.fill.background()
    bar.name = "Accent bar"
    tree = master.shapes._spTree
    tree.insert(2, copy.deepcopy(bar._element))  # after the group's own properties
    slides = presentation.slides._sldIdLst
    presentation.part.drop_rel(slides[-1].rId)
    slides.remove(slides[-1])


def main() -> None:
    presentation = Presentation()
    factor = WIDE / presentation.slide_width
    presentation.slide_width = WIDE
    master = presentation.slide_master
    _scale_x(master.placeholders, factor)
    for layout in presentation.slide_layouts:
        _scale_x(layout.placeholders, factor)
    _text_style(master, "titleStyle", 30, ACCENT, align="l", bold=True)
    _text_style(master, "bodyStyle", 20, TEXT)
    for shape in master.placeholders:  # the title at the top, the body under it
        if shape.placeholder_format.type == 1:
            shape.top, shape.height = Inches(0.45), Inches(0.95)
        elif shape.placeholder_format.type == 2:
            shape.top, shape.height = Inches(1.55), Inches(5.1)
    for layout in presentation.slide_layouts:
        for shape in layout.placeholders:
            kind = shape.placeholder_format.type
            if layout.name in ("Title and Content", "Title Only") and kind == 1:
                shape.left, shape.width = MARGIN, WIDE - 2 * MARGIN
                shape.top, shape.height = Inches(0.45), Inches(0.95)
            elif layout.name == "Title and Content" and kind == 7:
                shape.left, shape.width = MARGIN, WIDE - 2 * MARGIN
                shape.top, shape.height = Inches(1.55), Inches(5.1)
            elif layout.name == "Title Slide" and kind == 3:
                shape.left, shape.width = Inches(0.9), Inches(11.5)
                shape.top, shape.height = Inches(2.2), Inches(1.5)
            elif layout.name == "Title Slide" and kind == 4:
                shape.left, shape.width = Inches(0.9), Inches(11.5)
                shape.top, shape.height = Inches(3.9), Inches(1.6)
    _accent_bar(presentation, master, 0, Pt(10))
    title_slide = presentation.slide_layouts[0]
    for shape in title_slide.placeholders:
        if shape.placeholder_format.type == 4:  # the subtitle: left, muted
            paragraph = shape.text_frame.paragraphs[0]
            paragraph.alignment = 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(OUT))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
