"""Reading a success plan the customer sent back: which workspace, account and export it came
from (its custom properties), the value of each content control (documents/controls.py), and
the rows and statements the customer added where csdesk's were (a new bullet among the
objectives, a new row in the milestones table)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from csdesk.documents.controls import has_tracked_changes, read_controls, visible_text
from csdesk.documents.custom_properties import custom_properties_of
from csdesk.errors import CsdeskError
from csdesk.services.document_exports import ACCOUNT, EXPORT, WORKSPACE
from csdesk.services.plan_comments import PlanComments, read_comments
from csdesk.services.validation import clean_block

MAX_BYTES = 50_000_000  # a plan of a few pages is well under this
MAX_UNPACKED = 300_000_000  # what it unpacks to: a small file that unpacks to gigabytes is not
MAX_PARTS = 5_000  # a plan; reading it would exhaust the memory of the laptop
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


@dataclass(frozen=True)
class AddedRow:
    """What the customer added: a statement next to ``anchor`` (a canvas statement's ref),
    or a row of the table of ``kind`` with its cells by field."""

    kind: str  # "canvas" or "milestone"
    anchor: str  # the ref of the statement or row it follows ("" for a list's first)
    fields: dict[str, str]
    before: str = ""  # the ref of the statement it comes right before, if any


@dataclass
class PlanReading:
    file_name: str
    workspace: str = ""
    account_id: int | None = None
    export_uid: str = ""
    values: dict[str, str] = field(default_factory=dict)  # ref -> text the document says
    added: list[AddedRow] = field(default_factory=list)
    tracked_changes: bool = False  # changes nobody accepted: read as if accepted
    # The text of each paragraph and table cell that holds no csdesk field, folded: where a
    # value whose field was lost still stands
    loose: set[str] = field(default_factory=set)
    by_place: set[str] = field(default_factory=set)  # refs read by their place, not a field
    doubled: set[str] = field(default_factory=set)  # refs two fields claim, with two texts
    comments: PlanComments = field(default_factory=PlanComments)


def read_plan(path: Path) -> PlanReading:
    """What ``path`` says; a file that is not a Word .docx is refused, saying what it is."""
    from docx import Document

    _check_file(path)
    try:
        document = Document(str(path))
    except Exception as error:  # python-docx and lxml raise many kinds for a damaged file
        raise CsdeskError(f"{path.name} could not be read as a Word document: "
                          f"{_what_is_wrong(error)}") from None
    properties = custom_properties_of(document)
    body = document.element.body
    account = properties.get(ACCOUNT, "")
    reading = PlanReading(path.name, workspace=properties.get(WORKSPACE, ""),
                          account_id=int(account) if account.isdigit() else None,
                          export_uid=properties.get(EXPORT, ""),
                          tracked_changes=has_tracked_changes(body))
    controls = read_controls(body)
    for value in controls:
        text = customer_text(value.text)
        if value.ref in reading.values and not _same_text(reading.values[value.ref], text):
            reading.doubled.add(value.ref)  # two fields claim one value: neither is trusted
        reading.values.setdefault(value.ref, text)
    for ref in reading.doubled:
        del reading.values[ref]
    reading.added = _added_statements(body) + _added_rows(body, reading)
    reading.loose = {fold(customer_text(visible_text(element)))
                     for element in body.iter(qn("w:p"), qn("w:tc")) if not _refs_in(element)}
    reading.comments = read_comments(document, controls, customer_text)
    return reading


def _same_text(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def customer_text(text: str) -> str:
    """The customer's text as csdesk keeps it: no control or private-use characters (a
    symbol font's glyphs, or csdesk's own markers), spacing as a reader sees it."""
    return _PRIVATE.sub("", clean_block(text)).strip()


def _what_is_wrong(error: Exception) -> str:
    """Why a file could not be read, in the CSM's words (never the library's internals)."""
    from lxml.etree import XMLSyntaxError

    if isinstance(error, XMLSyntaxError):
        return ("its contents are damaged, or built to be too deep or too large to read "
                "safely. Ask for the document again, saved from Word")
    if "not a Word file" in str(error) or "content type" in str(error):
        return "it is another kind of Office file"
    return "it is damaged or not a .docx. Ask for the document again, saved from Word"


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(8)
    except OSError as error:
        raise CsdeskError(f"cannot read {path}: {error.strerror or error}") from None
    if head.startswith(b"%PDF"):
        raise CsdeskError(f"{path.name} is a PDF: csdesk reads the customer's edits from the "
                          "Word file (.docx). Ask for the .docx, or save it as one in Word.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsdeskError(f"{path.name} is an old Word document (.doc): open it in Word or "
                          "LibreOffice and save it as a Word document (.docx), then import "
                          "that.")
    if size > MAX_BYTES:
        raise CsdeskError(f"{path.name} is too large for a success plan ({size:,} bytes)")
    if not zipfile.is_zipfile(path):
        raise CsdeskError(f"{path.name} is not a Word document (.docx)")
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise CsdeskError(f"{path.name} is a damaged Word document ({error})") from None
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED:
        raise CsdeskError(f"{path.name} unpacks to more than a success plan can hold "
                          f"({len(parts):,} parts, "
                          f"{sum(part.file_size for part in parts):,} bytes): not read")


def _refs_in(element: Any) -> list[str]:
    return [value.ref for value in read_controls(element)]


def _added_statements(body: Any) -> list[AddedRow]:
    """Paragraphs without a control, in the style of csdesk's statements next to them: a
    bullet the customer added to a list, or a statement whose field was lost (placed by the
    statement before it, ``anchor``, and after it, ``before``)."""
    paragraphs = []  # (canvas refs, style, text) in document order
    for paragraph in body.iterchildren(qn("w:p")):
        refs = [ref for ref in _refs_in(paragraph) if ref.startswith("canvas:")]
        paragraphs.append((refs, _style_of(paragraph),
                           "" if refs else customer_text(visible_text(paragraph))))
    before_of = _nearest(paragraphs, reverse=False)
    after_of = _nearest(paragraphs, reverse=True)
    added: list[AddedRow] = []
    for index, (refs, style, text) in enumerate(paragraphs):
        if refs or not text:
            continue
        anchor, before = before_of[index], after_of[index]
        # a list's first bullet is only known by its style: plain paragraphs (no style)
        # before a list are the template's own text
        if anchor or (before and style):
            added.append(AddedRow("canvas", anchor, {"text": text}, before=before))
    return added


def _nearest(paragraphs: list[tuple[list[str], str, str]], reverse: bool) -> list[str]:
    """For each paragraph, the statement nearest it before it (after it, ``reverse``) through
    paragraphs of its own style only: the list it is part of. One pass, however long."""
    nearest = [""] * len(paragraphs)
    order = range(len(paragraphs) - 1, -1, -1) if reverse else range(len(paragraphs))
    last_ref, last_style = "", None
    for index in order:
        refs, style, _text = paragraphs[index]
        nearest[index] = last_ref if style == last_style else ""
        if refs:
            last_ref = refs[0] if reverse else refs[-1]
        elif style != last_style:
            last_ref = ""
        last_style = style
    return nearest


def _style_of(paragraph: Any) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""


def _added_rows(body: Any, reading: PlanReading) -> list[AddedRow]:
    """Rows without a control in a table of csdesk's milestones (after its header row); in a
    row that has them, a cell whose control was lost is read by its column."""
    added: list[AddedRow] = []
    for table in body.iter(qn("w:tbl")):
        rows = list(table.iterchildren(qn("w:tr")))
        columns: dict[int, str] = {}  # cell position -> the field csdesk's rows hold there
        for row in rows:
            for position, cell in enumerate(row.iterchildren(qn("w:tc"))):
                for ref in _refs_in(cell):
                    kind, _, rest = ref.partition(":")
                    if kind == "milestone" and ":" in rest:
                        columns.setdefault(position, rest.partition(":")[2])
        if not columns:
            continue
        anchor = ""
        for row in rows[1:]:  # the first row holds the column titles
            refs = _refs_in(row)
            cells = [customer_text(visible_text(cell)) for cell in row.iterchildren(qn("w:tc"))]
            if refs:
                anchor = ":".join(refs[0].split(":")[:2])
                _read_by_column(row, anchor, columns, cells, reading)
                continue
            fields = {columns[i]: text for i, text in enumerate(cells) if i in columns and text}
            if fields:
                added.append(AddedRow("milestone", anchor, fields))
    return added


def _read_by_column(row: Any, record: str, columns: dict[int, str], cells: list[str],
                    reading: PlanReading) -> None:
    if not record.startswith("milestone:"):
        return
    for position, cell in enumerate(row.iterchildren(qn("w:tc"))):
        ref = f"{record}:{columns[position]}" if position in columns else ""
        if ref and ref not in reading.values and not _refs_in(cell):
            reading.values[ref] = cells[position]
            reading.by_place.add(ref)
