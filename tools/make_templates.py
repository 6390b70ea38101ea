"""Build the default Word templates shipped in resources/templates (run after changing them):

    .venv/bin/python tools/make_templates.py

They are ordinary .docx files with docxtpl (Jinja2) tags: a CSM can copy one and restyle it in
Word. The fields are listed in docs/templates.md.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "resources" / "templates"
ACCENT = RGBColor(0x00, 0x55, 0x8C)
MUTED = RGBColor(0x59, 0x59, 0x59)


def base_document(footer_text: str = "{{ account.name }} · "):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 28), ("Heading 1", 16), ("Heading 2", 12.5)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
        style.font.bold = True
    styles["Heading 1"].paragraph_format.space_before = Pt(14)
    styles["Heading 1"].paragraph_format.keep_with_next = True
    styles["Heading 2"].paragraph_format.keep_with_next = True
    styles["Footer"].font.size = Pt(8.5)
    styles["Footer"].font.color.rgb = MUTED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, footer_text, size=8.5, colour=MUTED)
    _field(footer, "PAGE")
    _run(footer, " of ", size=8.5, colour=MUTED)
    _field(footer, "NUMPAGES")
    return doc


def _run(paragraph, text: str, size: float | None = None, colour=None, bold=False):
    run = paragraph.add_run(text)
    if size:
        run.font.size = Pt(size)
    if colour:
        run.font.color.rgb = colour
    run.bold = bold
    return run


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word and LibreOffice fill in the number."""
    run = paragraph.add_run()
    run.font.size = Pt(8.5)
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def title_page(doc, kind: str, subtitle: str) -> None:
    """The cover block and the executive summary share page 1: a VP reads it first."""
    doc.add_paragraph()
    title = doc.add_paragraph("{{ account.name }}", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.LEFT
    heading = doc.add_paragraph()
    _run(heading, kind, size=20, colour=ACCENT)
    details = doc.add_paragraph()
    _run(details, subtitle, size=11, colour=MUTED)
    prepared = doc.add_paragraph()
    _run(prepared, "Prepared by {{ prepared_by }}{% if csm.title %}, {{ csm.title }}{% endif %}"
                   "{% if csm.company %}, {{ csm.company }}{% endif %}",
         size=10, colour=MUTED)
    _run(doc.add_paragraph(), "{% if csm.email %}{{ csm.email }} · {% endif %}"
                              "{% if csm.phone %}{{ csm.phone }} · {% endif %}{{ date }}",
         size=10, colour=MUTED)
    doc.add_heading("Executive summary", level=1)
    bullets(doc, "summary", "s", "Nothing to summarise yet.")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def bullets(doc, items: str, item: str, empty: str, *, control: bool = False) -> None:
    """A bulleted list; ``control``: each item a content control the import reads back."""
    doc.add_paragraph(f"{{%p for {item} in {items} %}}")
    doc.add_paragraph(f"{{{{ {item}|control }}}}" if control else f"{{{{ {item} }}}}",
                      style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph(f"{{%p if not {items} %}}")
    _run(doc.add_paragraph(), empty, colour=MUTED)
    doc.add_paragraph("{%p endif %}")


def table(doc, items: str, item: str, columns: list[tuple[str, str, float]],
          empty: str, *, controls: frozenset[str] = frozenset()) -> None:
    """A table with a row per item; the columns named in ``controls`` are content controls
    the import reads back."""
    doc.add_paragraph(f"{{%p if {items} %}}")
    grid = doc.add_table(rows=4, cols=len(columns))
    grid.style = doc.styles["Table Grid"]
    _flush(grid)
    _look(grid, first_row=True)
    grid.autofit = False
    for index, (_title, _expression, width) in enumerate(columns):
        grid.columns[index].width = Cm(width)
    for index, (title, expression, width) in enumerate(columns):
        header = grid.cell(0, index)
        header.text = title
        run = header.paragraphs[0].runs[0]
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(header, "00558C")
        value = f"{item}.{expression}" + ("|control" if expression in controls else "")
        grid.cell(2, index).text = f"{{{{ {value} }}}}"
        for row in range(4):
            grid.cell(row, index).width = Cm(width)
    grid.cell(1, 0).text = f"{{%tr for {item} in {items} %}}"
    grid.cell(3, 0).text = "{%tr endfor %}"
    _repeat_header(grid.rows[0])
    doc.add_paragraph("{%p else %}")
    _run(doc.add_paragraph(), empty, colour=MUTED)
    doc.add_paragraph("{%p endif %}")


def _flush(table) -> None:
    """Every table starts at the left margin, like the text (none centred or indented)."""
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblInd")):
        properties.remove(old)
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), "0")
    indent.set(qn("w:type"), "dxa")
    properties.append(indent)


def _shade(cell, fill: str) -> None:
    """Direct cell shading: Word and LibreOffice both honour it, unlike table-style looks."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _look(table, first_row: bool) -> None:
    """Header row emphasised (or not); no bold first column, banded rows only."""
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblLook")):
        properties.remove(old)
    look = OxmlElement("w:tblLook")
    for key, value in (("firstRow", first_row), ("lastRow", False), ("firstColumn", False),
                       ("lastColumn", False), ("noHBand", False), ("noVBand", True)):
        look.set(qn(f"w:{key}"), "1" if value else "0")
    look.set(qn("w:val"), "04A0" if first_row else "0420")
    properties.append(look)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def chart(doc, name: str, caption: str) -> None:
    doc.add_paragraph(f"{{%p if {name} %}}")
    picture = doc.add_paragraph(f"{{{{ {name} }}}}")
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True  # its caption on the same page
    _run(doc.add_paragraph(), caption, size=8.5, colour=MUTED)
    doc.add_paragraph("{%p endif %}")


def path_lines(doc) -> None:
    """The path's summary and next milestone, kept on the page of the chart below them
    (a heading and two lines alone at the foot of a page read as a lost section)."""
    for text in ("{{ path_summary }}", "Next milestone: {{ next_milestone }}."):
        doc.add_paragraph(text).paragraph_format.keep_with_next = True


def success_plan() -> None:
    doc = base_document()
    title_page(doc, "Success plan", "Objectives, milestones and measures of success")
    doc.add_heading("1. Customer highlights", level=1)
    doc.add_paragraph("{%p if account.highlights %}")
    doc.add_paragraph("{{ account.highlights }}")
    doc.add_paragraph("{%p endif %}")
    facts = doc.add_table(rows=4, cols=4)
    facts.style = doc.styles["Table Grid"]
    _flush(facts)
    _look(facts, first_row=False)
    facts.autofit = False
    for index, width in enumerate((3.4, 5.1, 3.4, 5.1)):  # 17 cm: the text's width
        facts.columns[index].width = Cm(width)
        for row in facts.rows:
            row.cells[index].width = Cm(width)
    pairs = [("Industry", "account.industry"), ("Website", "account.website"),
             ("Employees", "account.employees"), ("Offices", "account.offices"),
             ("Founded", "account.founded"), ("Edition", "account.edition"),
             ("Contract start", "account.contract_start"),
             ("Renewal date", "account.renewal_date")]
    for index, (label, field) in enumerate(pairs):
        row, column = index // 2, (index % 2) * 2
        facts.cell(row, column).text = label
        facts.cell(row, column).paragraphs[0].runs[0].bold = True
        _shade(facts.cell(row, column), "E8EEF4")
        facts.cell(row, column + 1).text = f"{{{{ {field} }}}}"
    doc.add_heading("Stakeholders", level=2)
    table(doc, "stakeholders", "p", [("Name", "name", 5.5), ("Role", "role", 5.0),
                                     ("Title", "title", 6.5)], "No stakeholders recorded yet.")
    doc.add_heading("2. Objectives", level=1)
    bullets(doc, "objectives", "o", "No objectives agreed yet.", control=True)
    doc.add_heading("3. Key challenges", level=1)
    bullets(doc, "challenges", "c", "No challenges recorded.", control=True)
    doc.add_heading("4. Key benefits", level=1)
    bullets(doc, "benefits", "b", "No benefits recorded.", control=True)
    doc.add_heading("5. Milestones, actions and dates", level=1)
    doc.add_paragraph("{{ path_summary }}")
    table(doc, "milestones", "m", [("Milestone", "name", 5.0), ("Owner", "owner", 3.4),
                                   ("Due", "planned", 2.7), ("Actual", "actual", 2.7),
                                   ("Status", "status", 3.2)], "No milestones planned yet.",
          controls=frozenset({"name", "owner", "planned", "actual", "status"}))
    chart(doc, "critical_path_chart", "Planned and actual progress along the critical path.")
    doc.add_heading("6. Success criteria", level=1)
    bullets(doc, "success_criteria", "c", "No success criteria agreed yet.", control=True)
    doc.add_heading("7. Measures of success", level=1)
    table(doc, "kpis", "k", [("KPI", "name", 4.3), ("Baseline", "baseline", 2.6),
                             ("Target", "target", 2.6), ("Current", "current", 2.6),
                             ("Progress", "progress", 2.3), ("By", "target_date", 2.6)],
          "No measures of success agreed yet.",
          controls=frozenset({"name", "baseline", "target"}))
    doc.save(OUT / "success_plan.docx")


def qbr() -> None:
    doc = base_document()
    title_page(doc, "Quarterly business review · {{ quarter }}",
               "Agenda and pre-read · since {{ since }}")
    doc.add_heading("1. Introduction", level=1)
    doc.add_heading("{{ account.name }}", level=2)
    table(doc, "customer_attendees", "p", [("Name", "name", 5.5), ("Role", "role", 5.0),
                                           ("Title", "title", 6.5)], "Attendees to confirm.")
    doc.add_heading("Our team", level=2)
    table(doc, "our_attendees", "p", [("Name", "name", 8.5), ("Role", "role", 8.5)],
          "Our attendees to confirm.")
    doc.add_heading("2. Objectives and measures", level=1)
    bullets(doc, "objectives", "o", "No objectives agreed yet.")
    table(doc, "kpis", "k", [("KPI", "name", 4.3), ("Baseline", "baseline", 2.6),
                             ("Target", "target", 2.6), ("Current", "current", 2.6),
                             ("Progress", "progress", 2.3), ("By", "target_date", 2.6)],
          "No measures of success agreed yet.")
    doc.add_heading("3. Review of past actions", level=1)
    doc.add_heading("Completed since {{ since }}", level=2)
    table(doc, "actions_done", "a", [("Action", "text", 9.4), ("Owner", "owner", 3.8),
                                     ("Done", "done", 3.8)], "Nothing completed in this period.")
    doc.add_heading("Outstanding", level=2)
    table(doc, "actions_open", "a", [("Action", "text", 9.4), ("Owner", "owner", 3.8),
                                     ("Due", "due", 3.8)], "Nothing outstanding.")
    doc.add_heading("4. Success plan progress", level=1)
    path_lines(doc)
    chart(doc, "critical_path_chart", "Planned and actual progress along the critical path.")
    doc.add_paragraph("{%p for image in kpi_charts %}")
    picture = doc.add_paragraph("{{ image }}")
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("5. Benchmarking", level=1)
    bullets(doc, "benchmarks", "b", "Not enough comparable accounts to benchmark yet.")
    doc.add_heading("6. Insights", level=1)
    bullets(doc, "insights", "i", "No insights for this review.")
    doc.add_heading("What changed since the last review", level=2)
    bullets(doc, "changes", "c", "The review of past actions (part 3) lists what was done "
                                 "since {{ since }}.")
    doc.add_heading("7. Product roadmap", level=1)
    table(doc, "roadmap", "r", [("Item", "title", 5.5), ("When", "horizon", 3.5),
                                ("What it brings", "description", 8.0)],
          "No roadmap items selected.")
    doc.add_heading("8. The next 90 days", level=1)
    table(doc, "plan_90", "p", [("Action", "what", 9.4), ("Owner", "owner", 3.8),
                                ("When", "when", 3.8)], "The plan is agreed in the meeting.")
    doc.save(OUT / "qbr.docx")


def brief() -> None:
    """The internal brief: what the CSM and their manager need before the review."""
    doc = base_document("Internal, not for the customer · {{ account.name }} · ")
    title_page(doc, "Internal QBR brief · {{ quarter }}",
               "For the CSM and their manager; not for the customer · since {{ since }}")
    doc.add_heading("1. Health", level=1)
    doc.add_paragraph("Health score: {{ health }}")
    table(doc, "health_components", "h", [("Component", "label", 4.4), ("Score", "score", 1.7),
                                          ("Weight points", "weight", 2.1), ("Why", "reason", 8.8)],
          "No health components.")
    doc.add_heading("2. Open risks", level=1)
    table(doc, "risks", "r", [("Risk", "title", 4.2), ("Severity", "severity", 2.0),
                              ("ARR at risk", "arr_at_risk", 2.6), ("Owner", "owner", 2.4),
                              ("Mitigation", "mitigation", 3.8),
                              ("Escalated", "escalation", 2.0)], "No open risks.")
    doc.add_heading("3. People and sentiment", level=1)
    doc.add_paragraph("Your sentiment: {{ csm_sentiment }}")
    doc.add_paragraph("Success assessment: likelihood of success {{ likelihood }}."
                      "{% if assessment %} {{ assessment }}{% endif %}")
    table(doc, "stakeholders", "p", [("Name", "name", 4.0), ("Role", "role", 3.5),
                                     ("Title", "title", 3.5), ("Our notes", "notes", 6.0)],
          "No contacts recorded yet.")
    doc.add_heading("4. Commercials and negotiation", level=1)
    bullets(doc, "commercials", "c", "Nothing recorded.")
    doc.add_heading("5. What the customer reads", level=1)
    doc.add_heading("Their executive summary", level=2)
    bullets(doc, "customer_summary", "s", "Nothing to summarise yet.")
    doc.add_heading("Measures of success", level=2)
    table(doc, "kpis", "k", [("KPI", "name", 4.3), ("Baseline", "baseline", 2.6),
                             ("Target", "target", 2.6), ("Current", "current", 2.6),
                             ("Progress", "progress", 2.3), ("By", "target_date", 2.6)],
          "No measures of success agreed yet.")
    doc.add_heading("Success plan progress", level=2)
    path_lines(doc)
    chart(doc, "critical_path_chart", "Planned and actual progress along the critical path.")
    doc.add_heading("Insights", level=2)
    bullets(doc, "insights", "i", "No insights for this review.")
    doc.add_heading("Outstanding actions", level=2)
    table(doc, "actions_open", "a", [("Action", "text", 9.4), ("Owner", "owner", 3.8),
                                     ("Due", "due", 3.8)], "Nothing outstanding.")
    doc.add_heading("The next 90 days", level=2)
    table(doc, "plan_90", "p", [("Action", "what", 9.4), ("Owner", "owner", 3.8),
                                ("When", "when", 3.8)], "The plan is agreed in the meeting.")
    doc.save(OUT / "qbr_brief.docx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    success_plan()
    qbr()
    brief()
    print(f"wrote success_plan.docx, qbr.docx and qbr_brief.docx in {OUT}")
