"""Reading a written deck as the customer's PowerPoint shows it: each slide's texts, and the
text frames whose text is taller than their shape (measured with the widest of the fonts a
deck falls back to, as the deck is written)."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

from csdesk.documents.deck_text import LINE, points, wrap

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def slide_texts(path: Path) -> list[tuple[str, str, str]]:
    """(title, every other text on the slide but its footer, its speaker notes) of each
    slide."""
    deck = Presentation(str(path))
    slides = []
    for slide in deck.slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        texts = []
        for shape in slide.shapes:
            if shape == slide.shapes.title or shape.name == "Footer":
                continue
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append((title, "\n".join(texts), notes))
    return slides


def overflowing(path: Path) -> list[str]:
    """Every text frame (and table row) of the deck whose text needs more height than it has."""
    deck = Presentation(str(path))
    bullet_indent = _master_indent(deck)
    found = []
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                frame = shape.text_frame
                inner = points(shape.width) - points(frame.margin_left + frame.margin_right)
                needed = _height(frame, inner, bullet_indent if shape.is_placeholder else 0)
                room = points(shape.height) - points(frame.margin_top + frame.margin_bottom)
                if needed > room + 0.5:
                    found.append(f"slide {number}, {shape.name}: {needed:.0f} pt of text in "
                                 f"{room:.0f} pt")
                if shape.left + shape.width > deck.slide_width or \
                        shape.top + shape.height > deck.slide_height:
                    found.append(f"slide {number}, {shape.name}: off the slide")
            if shape.has_table:
                table = shape.table
                for row_number, row in enumerate(table.rows):
                    for column, cell in enumerate(row.cells):
                        inner = points(table.columns[column].width) - points(
                            cell.margin_left + cell.margin_right)
                        needed = _height(cell.text_frame, inner, 0) + points(
                            cell.margin_top + cell.margin_bottom)
                        if needed > points(row.height) + 0.5:
                            found.append(f"slide {number}, table row {row_number}: "
                                         f"{needed:.0f} pt in {points(row.height):.0f} pt")
                if shape.top + sum(row.height for row in table.rows) > deck.slide_height:
                    found.append(f"slide {number}, {shape.name}: the table runs off the slide")
    return found


def _height(frame, width: float, indent: float) -> float:
    total = 0.0
    for paragraph in frame.paragraphs:
        runs = paragraph.runs
        if not runs:
            continue
        size = runs[0].font.size.pt if runs[0].font.size is not None else 18.0
        bold = bool(runs[0].font.bold)
        properties = paragraph._p.pPr
        no_bullet = properties is not None and properties.find(f"{A}buNone") is not None
        room = width - (0 if no_bullet else indent)
        total += len(wrap(paragraph.text, room, size, bold)) * size * LINE
        if paragraph.space_before is not None:
            total += paragraph.space_before.pt
    return total


def _master_indent(deck) -> float:
    level = deck.slide_master._element.find(f"{P}txStyles/{P}bodyStyle/{A}lvl1pPr")
    value = level.get("marL") if level is not None else None
    return points(Emu(int(value))) if value else 27.0
