"""The last pass over a rendered Word document, in memory, just before it is saved: how it
prints, and what the file says about itself.

- Tables: rows never split across pages, and a table never leaves its last row alone on the
  next page (keep-with-next on the rows' paragraphs, which Word and LibreOffice both honour).
- Web addresses: no line break right after "https://" (word joiners glue the scheme to the
  host), and long ones get break points after the host's dots and the path's slashes
  (zero-width spaces). Only the visible text changes; hyperlink targets stay as they are.
- Right-to-left: a paragraph mostly in Arabic or Hebrew is marked right-to-left (w:bidi), and
  its Arabic or Hebrew runs too (w:rtl), in the body and its tables.
- Properties: title, subject, author, company and dates from the caller, not python-docx's
  template ("python-docx", 2013-12-23), and no blank thumbnail.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.package import OpcPackage
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.package import Package
from lxml import etree

# A table this short moves to the next page whole rather than split; a longer one keeps its
# header row with the first row and its last TAIL_ROWS rows together.
SHORT_TABLE_ROWS = 12
TAIL_ROWS = 3
# The paragraph just before a short table, when no longer than this, introduces it and moves
# with it.
INTRODUCTION_CHARS = 300
# Word clips a row that may not split and is taller than a page: a row with this much text
# may split.
UNSPLITTABLE_ROW_CHARS = 1_500
# Addresses longer than this get break points after the host's dots and the path's slashes.
LONG_ADDRESS = 16

WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"

_ADDRESS = re.compile(r"(?<![\w.@/-])(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_SENTENCE_END = ".,;:!?)]}'\u2019\u201d"  # after an address: the sentence's, not the address's
_MAYBE_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff"
                        "\U0001e800-\U0001efff]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_EMPTY_APP_XML = (f'<Properties xmlns="{_EXTENDED}" xmlns:vt="http://schemas.openxmlformats.org'
                  '/officeDocument/2006/docPropsVTypes"/>')
# Schema order: what may follow w:cantSplit in w:trPr and w:bidi in w:pPr.
_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
                     "w:ins", "w:del", "w:trPrChange")
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
# Word draws a right-to-left run with the complex-script twin of each property.
_COMPLEX_SCRIPT_TWINS = (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs"))


@dataclass(frozen=True)
class DocumentProperties:
    """What the file says about itself (File → Properties, a PDF's metadata)."""

    title: str
    subject: str
    author: str  # the CSM, also the last to modify it
    company: str
    created: datetime  # timezone-aware, from the program's clock; also the modified time

    def __post_init__(self) -> None:
        if self.created.tzinfo is None or self.created.utcoffset() is None:
            raise ValueError("DocumentProperties.created must be timezone-aware")


def finish_document(doc: Document, properties: DocumentProperties) -> None:
    """Fix the layout and the file properties of a rendered document, in place."""
    body = doc.element.body
    for table in body.iter(qn("w:tbl")):
        _keep_rows_together(table)
    for text in body.iter(qn("w:t")):
        _break_addresses_sensibly(text)
    # The body only: a footer is the template's words around the account's name ("NAME ·
    # 1 of 3"), which a right-to-left paragraph would turn into "3 of 1".
    for paragraph in body.iter(qn("w:p")):
        _mark_right_to_left(paragraph)
    _set_core_properties(doc, properties)
    _set_company(doc.part.package, properties.company)
    _drop_thumbnail(doc.part.package)


# Tables


def _keep_rows_together(table: CT_Tbl) -> None:
    rows = table.xpath("./w:tr | ./w:sdt/w:sdtContent/w:tr")
    for row in rows:
        if len(_text_of(row)) <= UNSPLITTABLE_ROW_CHARS:
            _forbid_split(row)
    # Keep-with-next on a row's paragraphs keeps the row on the page of the next row.
    short = len(rows) <= SHORT_TABLE_ROWS
    kept = rows[:-1] if short else [rows[0], *rows[-TAIL_ROWS:-1]]
    for row in kept:
        for paragraph in row.iter(qn("w:p")):
            paragraph.get_or_add_pPr().keepNext_val = True
    if short:
        _keep_introduction_with(table)


def _keep_introduction_with(table: CT_Tbl) -> None:
    """A heading and its sentence are not left at the foot of a page by the table they
    introduce."""
    before = table.getprevious()
    if before is not None and before.tag == qn("w:p") \
            and len(_text_of(before)) <= INTRODUCTION_CHARS:
        # a w:p is python-docx's CT_P (types-lxml types getprevious() as the table's class)
        cast(CT_P, before).get_or_add_pPr().keepNext_val = True


def _text_of(element: BaseOxmlElement) -> str:
    return "".join(text.text or "" for text in element.iter(qn("w:t")))


def _forbid_split(row: CT_Row) -> None:
    row_pr = row.get_or_add_trPr()
    cant_split = row_pr.find(qn("w:cantSplit"))
    if cant_split is None:
        # python-docx: OxmlElement() says BaseOxmlElement | _Element, this wants an ElementBase
        row_pr.insert_element_before(OxmlElement("w:cantSplit"),  # type: ignore[arg-type]
                                     *_AFTER_CANT_SPLIT)
    else:
        cant_split.attrib.pop(qn("w:val"), None)  # a val of "false" would allow the split


# Web addresses


def _break_addresses_sensibly(text: BaseOxmlElement) -> None:
    value = text.text
    if value and ("://" in value or "www." in value.lower()):
        text.text = _ADDRESS.sub(_breakable_address, value)


def _breakable_address(match: re.Match[str]) -> str:
    found = match.group(0)
    address = found.rstrip(_SENTENCE_END)
    bare = address.replace(WORD_JOINER, "").replace(ZERO_WIDTH_SPACE, "")  # finished twice
    return breakable_address(bare) + found[len(address):]


def breakable_address(address: str) -> str:
    """``address`` with no break possible right after its scheme and, when it is long, break
    points after the host's dots and the path's slashes."""
    scheme, separator, rest = address.partition("://")
    if not separator:
        scheme, rest = "", address
    host, slash, path = rest.partition("/")
    path = slash + path
    if len(address) > LONG_ADDRESS:
        host = host.replace(".", "." + ZERO_WIDTH_SPACE).rstrip(ZERO_WIDTH_SPACE)
        path = path.replace("/", "/" + ZERO_WIDTH_SPACE).rstrip(ZERO_WIDTH_SPACE)
    if not separator:
        return host + path
    # LibreOffice breaks after "//" (and, with a joiner after "//" alone, between the
    # slashes): join ":", both slashes and the host's first character.
    return scheme + WORD_JOINER.join([":", "/", "/", host[:1]]) + host[1:] + path


# Right-to-left


def _mark_right_to_left(paragraph: CT_P) -> None:
    # a w:r is python-docx's CT_R (types-lxml types iter() as the paragraph's class)
    runs = [cast(CT_R, run) for run in paragraph.iter(qn("w:r"))
            if _paragraph_of(run) is paragraph]
    text = "".join(t.text or "" for run in runs for t in run.iter(qn("w:t")))
    if not _MAYBE_RTL.search(text) or _rtl_balance(text) <= 0:
        return
    paragraph_pr = paragraph.get_or_add_pPr()
    if paragraph_pr.find(qn("w:bidi")) is None:
        # python-docx: OxmlElement() says BaseOxmlElement | _Element, this wants an ElementBase
        paragraph_pr.insert_element_before(OxmlElement("w:bidi"),  # type: ignore[arg-type]
                                           *_AFTER_BIDI)
    for run in runs:
        # Only the runs in Arabic or Hebrew: an English word, or digits ("1 of 3"), in a
        # right-to-left run would be laid out right to left.
        if _rtl_balance("".join(t.text or "" for t in run.iter(qn("w:t")))) > 0:
            _mark_run_right_to_left(run)


def _paragraph_of(run: BaseOxmlElement) -> BaseOxmlElement | None:
    return next(run.iterancestors(qn("w:p")), None)


def _rtl_balance(text: str) -> int:
    """Strong right-to-left characters minus strong left-to-right ones."""
    balance = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        balance += 1 if kind in ("R", "AL") else -1 if kind == "L" else 0
    return balance


def _mark_run_right_to_left(run: CT_R) -> None:
    run_pr = run.get_or_add_rPr()
    # python-docx makes w:rtl's accessors at run time (ZeroOrOne) and declares no type for them
    run_pr.get_or_add_rtl().val = True  # type: ignore[attr-defined]
    for latin, twin in _COMPLEX_SCRIPT_TWINS:
        element = run_pr.find(qn(latin))
        if element is not None and run_pr.find(qn(twin)) is None:
            copied = copy.deepcopy(element)
            copied.tag = qn(twin)
            element.addnext(copied)  # each twin directly follows its property in the schema


# File properties


def _set_core_properties(doc: Document, properties: DocumentProperties) -> None:
    core = doc.core_properties
    core.title = _property_text(properties.title)
    core.subject = _property_text(properties.subject)
    core.author = core.last_modified_by = _property_text(properties.author)
    core.comments = ""  # python-docx's template says "generated by python-docx"
    core.revision = 1
    # python-docx writes the digits followed by "Z": give it UTC.
    core.created = core.modified = properties.created.astimezone(UTC)


def _property_text(value: str) -> str:
    """Word's properties hold at most 255 characters, none of them control characters."""
    return _XML_INVALID.sub("", value)[:255]


def _set_company(package: Package, company: str) -> None:
    """<Company> in docProps/app.xml, a part python-docx reads as bytes: rebuilt and related
    again in place of the old one."""
    old = _related_part(package, RT.EXTENDED_PROPERTIES)
    root = parse_xml(old.blob if old is not None else _EMPTY_APP_XML)
    element = root.find(f"{{{_EXTENDED}}}Company")
    if element is None:
        element = etree.SubElement(root, f"{{{_EXTENDED}}}Company")
    element.text = _XML_INVALID.sub("", company)
    # The template's own statistics and authoring application would be stale or untrue: the
    # word processor that opens the file counts again.
    for stale in ("Application", "AppVersion", "Template", "Pages", "Words", "Characters",
                  "CharactersWithSpaces", "Lines", "Paragraphs", "TotalTime"):
        for old_element in root.findall(f"{{{_EXTENDED}}}{stale}"):
            root.remove(old_element)
    partname = old.partname if old is not None else PackURI("/docProps/app.xml")
    _unrelate(package, RT.EXTENDED_PROPERTIES)
    package.relate_to(Part(partname, CT.OFC_EXTENDED_PROPERTIES, serialize_part_xml(root),
                           package), RT.EXTENDED_PROPERTIES)


def _drop_thumbnail(package: OpcPackage) -> None:
    """python-docx's template carries a blank thumbnail; a part no relationship reaches is
    not saved."""
    _unrelate(package, RT.THUMBNAIL)


def _related_part(package: OpcPackage, reltype: str) -> Part | None:
    return next((rel.target_part for rel in package.rels.values()
                 if rel.reltype == reltype and not rel.is_external), None)


def _unrelate(package: OpcPackage, reltype: str) -> None:
    for rel_id in [rel.rId for rel in package.rels.values() if rel.reltype == reltype]:
        package.rels.pop(rel_id)
