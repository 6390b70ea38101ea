"""Reading a success plan the customer sent back: which workspace, account and export it came
from (its custom properties), the value of each content control (documents/controls.py), and
the rows and statements the customer added where csdesk's were (a new bullet among the
objectives, a new row in the milestones table)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from csdesk.documents.controls import has_tracked_changes, read_controls, visible_text
from csdesk.documents.custom_properties import custom_properties_of
from csdesk.errors import CsdeskError
from csdesk.services.document_exports import ACCOUNT, EXPORT, WORKSPACE

MAX_BYTES = 50_000_000  # a plan of a few pages is well under this


@dataclass(frozen=True)
class AddedRow:
    """What the customer added: a statement next to ``anchor`` (a canvas statement's ref),
    or a row of the table of ``kind`` with its cells by field."""

    kind: str  # "canvas" or "milestone"
    anchor: str  # the ref of the statement or row it follows
    fields: dict[str, str]


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


def read_plan(path: Path) -> PlanReading:
    """What ``path`` says; a file that is not a Word .docx is refused, saying what it is."""
    from docx import Document

    _check_file(path)
    try:
        document = Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a damaged package
        raise CsdeskError(f"{path.name} could not be read as a Word document ({error})") \
            from None
    properties = custom_properties_of(document)
    body = document.element.body
    account = properties.get(ACCOUNT, "")
    reading = PlanReading(path.name, workspace=properties.get(WORKSPACE, ""),
                          account_id=int(account) if account.isdigit() else None,
                          export_uid=properties.get(EXPORT, ""),
                          tracked_changes=has_tracked_changes(body))
    for value in read_controls(body):
        reading.values.setdefault(value.ref, value.text)
    reading.added = _added_statements(body) + _added_rows(body)
    reading.loose = {fold(visible_text(element)) for element in body.iter(qn("w:p"), qn("w:tc"))
                     if not _refs_in(element)}
    return reading


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


def _refs_in(element: Any) -> list[str]:
    return [value.ref for value in read_controls(element)]


def _added_statements(body: Any) -> list[AddedRow]:
    """Paragraphs without a control, of the same style as the statement before them, right
    after csdesk's statements: a bullet the customer added to a list."""
    added: list[AddedRow] = []
    anchor, style = None, None
    for paragraph in body.iterchildren(qn("w:p")):
        refs = [ref for ref in _refs_in(paragraph) if ref.startswith("canvas:")]
        this_style = _style_of(paragraph)
        if refs:
            anchor, style = refs[-1], this_style
            continue
        text = visible_text(paragraph)
        if anchor is None or this_style != style:
            anchor = None  # the list ended
            continue
        if text:
            added.append(AddedRow("canvas", anchor, {"text": text}))
    return added


def _style_of(paragraph: Any) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""


def _added_rows(body: Any) -> list[AddedRow]:
    """Rows without a control in a table of csdesk's milestones (after its header row)."""
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
            if refs:
                anchor = ":".join(refs[0].split(":")[:2])
                continue
            cells = [visible_text(cell) for cell in row.iterchildren(qn("w:tc"))]
            fields = {columns[i]: text for i, text in enumerate(cells) if i in columns and text}
            if fields:
                added.append(AddedRow("milestone", anchor, fields))
    return added
