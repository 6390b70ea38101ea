"""documents/finish.py: tables that keep their rows together, web addresses that break only at
sensible points, right-to-left paragraphs and the file's properties; read back with
python-docx and, where LibreOffice is installed, as printed."""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from csdesk.documents.finish import (
    SHORT_TABLE_ROWS,
    TAIL_ROWS,
    WORD_JOINER,
    ZERO_WIDTH_SPACE,
    DocumentProperties,
    breakable_address,
    finish_document,
)
from tests.test_documents_as_printed import needs_libreoffice, pages_text, pdf_info, to_pdf

CREATED = datetime(2026, 11, 23, 10, 15, 30, tzinfo=timezone(timedelta(hours=2)))
PROPERTIES = DocumentProperties(title="Contoso Capital: success plan", subject="Success plan",
                                author="Dana Whitfield", company="Northstar Analytics",
                                created=CREATED)
WJ, ZW = WORD_JOINER, ZERO_WIDTH_SPACE
ARABIC = "خطة النجاح للربع الثالث"
HEBREW = "תוכנית הצלחה לרבעון השלישי"


def _finished(doc: Document) -> Document:
    finish_document(doc, PROPERTIES)
    return doc


def _saved(doc: Document, path: Path) -> Path:
    doc.save(str(path))
    return path


def _table(doc: Document, rows: int, label: str = "R", lines: int = 1) -> Table:
    """A table whose first cell in each row holds ``lines`` paragraphs, LABEL{row}a, b, ..."""
    table = doc.add_table(rows=rows, cols=3)
    table.style = "Table Grid"
    for number, row in enumerate(table.rows):
        row.cells[0].text = f"{label}{number}a"
        for line in "bcdefg"[:lines - 1]:
            row.cells[0].add_paragraph(f"{label}{number}{line}")
        row.cells[1].text = "cell"
    return table


def _keeps_next(paragraph: Paragraph) -> bool:
    return bool(paragraph.paragraph_format.keep_with_next)


def _row_keeps_next(row: _Row) -> bool:
    return all(_keeps_next(p) for cell in row.cells for p in cell.paragraphs)


def _cant_split(row: _Row) -> bool:
    return row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


# Tables


def test_rows_never_split_and_a_short_table_keeps_together() -> None:
    doc = docx.Document()
    heading = doc.add_paragraph("Milestones: 4 of 8 stages done.")
    table = _table(doc, SHORT_TABLE_ROWS)
    after = doc.add_paragraph("After the table")
    _finished(doc)
    assert all(_cant_split(row) for row in table.rows)
    assert all(_row_keeps_next(row) for row in table.rows[:-1])
    assert not _row_keeps_next(table.rows[-1])  # the table does not pull what follows
    assert _keeps_next(heading)  # the sentence introducing it goes with it
    assert not _keeps_next(after)


def test_a_long_table_keeps_its_header_and_its_last_rows_together() -> None:
    doc = docx.Document()
    doc.add_paragraph("x" * 400)  # a long paragraph before: text, not an introduction
    table = _table(doc, SHORT_TABLE_ROWS + 10)
    _finished(doc)
    kept = [index for index, row in enumerate(table.rows) if _row_keeps_next(row)]
    rows = len(table.rows)
    assert kept == [0, *range(rows - TAIL_ROWS, rows - 1)]
    assert all(_cant_split(row) for row in table.rows)
    assert not _keeps_next(doc.paragraphs[0])


def test_a_row_too_long_for_a_page_may_split() -> None:
    """Word would cut off a row that may not split and is taller than a page."""
    doc = docx.Document()
    table = _table(doc, 2)
    table.rows[1].cells[1].text = "word " * 400
    _finished(doc)
    assert _cant_split(table.rows[0]) and not _cant_split(table.rows[1])


def test_cant_split_goes_where_the_schema_puts_it() -> None:
    doc = docx.Document()
    table = _table(doc, 2)
    row_pr = table.rows[0]._tr.get_or_add_trPr()
    row_pr.append(OxmlElement("w:tblHeader"))
    allowed = OxmlElement("w:cantSplit")
    allowed.set(qn("w:val"), "false")
    table.rows[1]._tr.get_or_add_trPr().append(allowed)
    _finished(doc)
    assert [child.tag for child in row_pr] == [qn("w:cantSplit"), qn("w:tblHeader")]
    assert table.rows[1]._tr.trPr.find(qn("w:cantSplit")).get(qn("w:val")) is None


# Web addresses


@pytest.mark.parametrize(("address", "shown"), [
    ("https://acme.io", f"https:{WJ}/{WJ}/{WJ}acme.io"),
    ("http://acme.example/x/y", f"http:{WJ}/{WJ}/{WJ}acme.{ZW}example/{ZW}x/{ZW}y"),
    ("https://www.contosocapital.example",
     f"https:{WJ}/{WJ}/{WJ}www.{ZW}contosocapital.{ZW}example"),
    ("www.contosocapital.example/", f"www.{ZW}contosocapital.{ZW}example/"),
    ("https://", f"https:{WJ}/{WJ}/{WJ}"),
])
def test_an_address_cannot_break_after_its_scheme(address: str, shown: str) -> None:
    assert breakable_address(address) == shown
    assert breakable_address(address).replace(WJ, "").replace(ZW, "") == address


def test_addresses_in_text_change_only_what_is_shown() -> None:
    doc = docx.Document()
    paragraph = doc.add_paragraph("See https://docs.acme.example/guide/start. Or www.acme.io, "
                                  "not awww.acme.io nor mail@www.acme.io.")
    link = doc.add_paragraph()
    target = "https://docs.acme.example/guide/start"
    rel_id = link.part.relate_to(target, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = target
    run.append(text)
    hyperlink.append(run)
    link._p.append(hyperlink)
    field = doc.add_paragraph()
    instruction = OxmlElement("w:instrText")
    instruction.text = f' HYPERLINK "{target}" '
    field.add_run()._r.append(instruction)
    _finished(doc)
    assert paragraph.text == (f"See {breakable_address('https://docs.acme.example/guide/start')}"
                              ". Or www.acme.io, not awww.acme.io nor mail@www.acme.io.")
    assert link.part.rels[rel_id].target_ref == target
    assert text.text == breakable_address(target) != target
    assert instruction.text == f' HYPERLINK "{target}" '


def test_finishing_twice_changes_nothing_more() -> None:
    doc = docx.Document()
    doc.add_paragraph(f"Visit https://www.contosocapital.example/onboarding. {ARABIC}")
    _table(doc, 3)
    _finished(doc)
    once = doc.element.xml
    _finished(doc)
    assert doc.element.xml == once


# Right to left


def test_right_to_left_paragraphs_and_cells_are_marked() -> None:
    doc = docx.Document()
    arabic = doc.add_paragraph(f"{ARABIC} مع ")
    arabic.add_run("Acme").bold = True
    arabic.add_run(" 2026")
    size = arabic.add_run(" نص")
    size.font.size = Pt(11)
    size.bold = True
    english = doc.add_paragraph(f"The plan's title in Arabic is {ARABIC[:8]}, kept short.")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = HEBREW
    table.cell(0, 1).text = "Success manager"
    _finished(doc)

    def bidi(paragraph: Paragraph) -> bool:
        return paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:bidi")) is not None

    def rtl(run: Run) -> bool:
        return bool(run.font.rtl)

    assert bidi(arabic) and not bidi(english)
    assert [rtl(run) for run in arabic.runs] == [True, False, False, True]
    assert not any(rtl(run) for run in english.runs)
    assert bidi(table.cell(0, 0).paragraphs[0]) and rtl(table.cell(0, 0).paragraphs[0].runs[0])
    assert not bidi(table.cell(0, 1).paragraphs[0])
    # Word sets a right-to-left run in its complex-script size and weight: the same ones.
    run_pr = size._r.rPr
    assert run_pr.find(qn("w:bCs")) is not None
    assert run_pr.find(qn("w:szCs")).get(qn("w:val")) == run_pr.find(qn("w:sz")).get(qn("w:val"))
    order = [child.tag for child in run_pr]
    assert order.index(qn("w:b")) < order.index(qn("w:bCs")) < order.index(qn("w:sz")) \
        < order.index(qn("w:szCs")) < order.index(qn("w:rtl"))


def test_bidi_goes_where_the_schema_puts_it() -> None:
    doc = docx.Document()
    paragraph = doc.add_paragraph(ARABIC, style="List Bullet")
    paragraph.paragraph_format.keep_with_next = True
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _finished(doc)
    tags = [child.tag for child in paragraph._p.pPr]
    assert tags == [qn("w:pStyle"), qn("w:keepNext"), qn("w:bidi"), qn("w:jc")]


# File properties


def test_the_file_names_its_author_and_dates_not_python_docx(tmp_path: Path) -> None:
    path = _saved(_finished(docx.Document()), tmp_path / "plan.docx")
    core = docx.Document(str(path)).core_properties
    assert (core.title, core.subject) == (PROPERTIES.title, PROPERTIES.subject)
    assert core.author == core.last_modified_by == "Dana Whitfield"
    assert core.created == core.modified == CREATED
    assert core.created.utcoffset() == timedelta(0)  # in UTC, as the format has it
    assert core.revision == 1
    assert core.comments == ""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
        everything = b"".join(package.read(name) for name in names
                              if name.endswith((".xml", ".rels")))
    assert "<Company>Northstar Analytics</Company>" in app
    assert "Microsoft" not in app and "<Pages>" not in app  # no stale authoring statistics
    assert "docProps/thumbnail.jpeg" not in names
    assert b"thumbnail" not in everything and b"python-docx" not in everything


def test_properties_of_any_length_or_text_are_written(tmp_path: Path) -> None:
    doc = docx.Document()
    finish_document(doc, DocumentProperties(title="T\x07" + "x" * 300, subject="",
                                            author="Zoë Müller", company="A & B <Ltd>",
                                            created=CREATED))
    path = _saved(doc, tmp_path / "odd.docx")
    core = docx.Document(str(path)).core_properties
    assert core.title == "T" + "x" * 254 and core.author == "Zoë Müller"
    with zipfile.ZipFile(path) as package:
        assert "<Company>A &amp; B &lt;Ltd&gt;</Company>" in package.read("docProps/app.xml") \
            .decode()


def test_a_package_without_app_properties_gets_them(tmp_path: Path) -> None:
    doc = docx.Document()
    package = doc.part.package
    for rel_id in [r.rId for r in package.rels.values() if r.reltype == RT.EXTENDED_PROPERTIES]:
        package.rels.pop(rel_id)
    path = _saved(_finished(doc), tmp_path / "bare.docx")
    with zipfile.ZipFile(path) as saved:
        assert "<Company>Northstar Analytics</Company>" in saved.read("docProps/app.xml").decode()
        assert "docProps/app.xml" in saved.read("_rels/.rels").decode()


def test_created_must_say_its_timezone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        DocumentProperties("t", "s", "a", "c", datetime(2026, 11, 23, 10, 0))


# As printed by LibreOffice


def _row_pages(pages: list[str], label: str) -> dict[str, int]:
    """Page (1-based) of each token LABEL{row}{line} printed."""
    found: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for token in re.findall(rf"\b{label}\d+[a-g]\b", page):
            found.setdefault(token, number)
    return found


def _tables_down_pages(doc: Document, layouts: list[tuple[int, int]], lines: int,
                       prefix: str) -> list[str]:
    """One table per page for each (filler lines above it, rows): tables that start lower
    and lower, or grow longer, so that some table's end falls at every row of a page."""
    labels = []
    for number, (fillers, rows) in enumerate(layouts):
        doc.add_page_break()
        for _ in range(fillers):
            doc.add_paragraph("Filler line")
        labels.append(f"{prefix}{number}R")
        _table(doc, rows, labels[-1], lines)
    return labels


def _layout_faults(pages: list[str], labels: list[str], rows: list[int],
                   last: str) -> dict[str, list[str]]:
    faults: dict[str, list[str]] = {"last row alone": [], "header alone": [], "row split": []}
    for label, count in zip(labels, rows, strict=True):
        where = _row_pages(pages, label)
        if where[f"{label}{count - 1}a"] != where[f"{label}{count - 2}a"]:
            faults["last row alone"].append(label)
        if where[f"{label}0a"] != where[f"{label}1a"]:
            faults["header alone"].append(label)
        faults["row split"] += [f"{label}{row}" for row in range(count)
                                if where[f"{label}{row}a"] != where[f"{label}{row}{last}"]]
    return faults


@needs_libreoffice
@pytest.mark.slow
def test_as_printed_no_table_leaves_a_row_alone_or_splits_one(tmp_path: Path) -> None:
    # Short tables of rows three lines high, lower and lower down the page; long tables at
    # the top of a page, longer and longer (a page holds about 46 of their rows).
    short_layouts = [(fillers, 6) for fillers in range(32)]
    long_layouts = [(0, rows) for rows in range(36, 58)]
    documents = []
    for name, finish in (("as_rendered", False), ("finished", True)):
        doc = docx.Document()
        short = _tables_down_pages(doc, short_layouts, 3, "S")
        long_ = _tables_down_pages(doc, long_layouts, 1, "L")
        if finish:
            _finished(doc)
        documents.append(_saved(doc, tmp_path / f"{name}.docx"))
    as_rendered, finished = (pages_text(pdf) for pdf in to_pdf(documents, tmp_path / "pdf"))
    short_rows = [rows for _, rows in short_layouts]
    long_rows = [rows for _, rows in long_layouts]
    none: dict[str, list[str]] = {"last row alone": [], "header alone": [], "row split": []}

    # Without finishing, LibreOffice does leave rows alone and split them: the test sees it.
    before = _layout_faults(as_rendered, short, short_rows, "c")
    assert before["last row alone"] and before["header alone"] and before["row split"]
    assert _layout_faults(as_rendered, long_, long_rows, "a")["last row alone"]
    assert _layout_faults(finished, short, short_rows, "c") == none
    assert _layout_faults(finished, long_, long_rows, "a") == none


@needs_libreoffice
@pytest.mark.slow
def test_as_printed_an_address_never_breaks_after_its_scheme(tmp_path: Path) -> None:
    addresses = ["https://www.contosocapital.example",
                 "https://docs.alofuq-technology.example/help/getting-started/first-steps",
                 "http://acme.example/customers/onboarding"]
    documents = []
    for name, finish in (("as_rendered", False), ("finished", True)):
        doc = docx.Document()
        for width in (2.2, 2.8, 3.4, 4.0, 5.0):
            table = doc.add_table(rows=len(addresses), cols=2)
            table.style, table.autofit = "Table Grid", False
            table.columns[0].width = table.columns[1].width = Cm(width)
            for row, address in zip(table.rows, addresses, strict=True):
                for cell in row.cells:
                    cell.width = Cm(width)
                row.cells[0].text = f"Website {width}"
                row.cells[1].text = address
        for words in range(4, 14):
            doc.add_paragraph(" ".join(["word"] * words) + f" and {addresses[1]} here.")
        if finish:
            _finished(doc)
        documents.append(_saved(doc, tmp_path / f"{name}.docx"))
    as_rendered, finished = ("\n".join(pages_text(pdf))
                             for pdf in to_pdf(documents, tmp_path / "pdf"))

    def broken_after_scheme(text: str) -> list[str]:
        return [line for line in text.splitlines()
                if line.strip().endswith(("https://", "http://", "https:/", "http:/"))]

    assert broken_after_scheme(as_rendered)  # the narrow cells do it without finishing
    assert broken_after_scheme(finished) == []
    joined = re.sub(rf"[\s{WJ}{ZW}]", "", finished)
    assert all(address in joined for address in addresses)  # still there, whole


@needs_libreoffice
@pytest.mark.slow
def test_as_printed_arabic_and_hebrew_run_right_to_left(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("An English paragraph.")
    doc.add_paragraph(ARABIC)
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = HEBREW
    table.cell(0, 1).text = "Success manager"
    path = _saved(_finished(doc), tmp_path / "rtl.docx")
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "fodt", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, timeout=240, check=True)
    flat = (tmp_path / "rtl.fodt").read_text(encoding="utf-8")
    right_to_left = {match.group(1) for match in re.finditer(
        r'<style:style style:name="([^"]+)"[^>]*style:family="paragraph".*?</style:style>',
        flat, re.S) if 'writing-mode="rl-tb"' in match.group(0)}
    directions = {re.sub(r"<[^>]+>", "", text): style in right_to_left
                  for style, text in re.findall(
                      r'<text:p text:style-name="([^"]+)"[^>]*>(.*?)</text:p>', flat, re.S)}
    assert directions == {"An English paragraph.": False, ARABIC: True, HEBREW: True,
                          "Success manager": False}


@needs_libreoffice
@pytest.mark.slow
def test_as_printed_the_properties_are_the_callers(tmp_path: Path) -> None:
    path = _saved(_finished(docx.Document()), tmp_path / "props.docx")
    info = pdf_info(to_pdf([path], tmp_path / "pdf")[0])
    assert (info["Title"], info["Subject"], info["Author"]) == (
        PROPERTIES.title, PROPERTIES.subject, PROPERTIES.author)
