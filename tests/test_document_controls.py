"""Content controls: a value a template wraps with ``|control`` comes out of the rendered .docx
as a tagged Word content control with a bookmark, prints as plain text, and is read back, also
after the customer edited it in the document and after LibreOffice saved it."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from csdesk.documents.controls import (
    Tracked,
    has_tracked_changes,
    read_controls,
    strip_markers,
    tracked,
)
from csdesk.documents.render import render_docx


@dataclass
class Line:
    name: str
    owner: str


@dataclass
class Doc:
    title: str
    objectives: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


def _template(tmp_path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.add_paragraph("{%p for o in objectives %}")
    doc.add_paragraph("{{ o|control }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    table = doc.add_table(rows=4, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Milestone", "Owner"
    table.cell(1, 0).text = "{%tr for m in lines %}"
    table.cell(2, 0).text = "{{ m.name|control }}"
    table.cell(2, 1).text = "Owner: {{ m.owner|control }}."
    table.cell(3, 0).text = "{%tr endfor %}"
    doc.add_paragraph("Plain: {{ title|control }}")  # not tracked: stays plain text
    path = tmp_path / "t.docx"
    doc.save(path)
    return path


def _document() -> Doc:
    return Doc("Acme plan", [tracked("Cut churn by 10%", "canvas", 17),
                             tracked("Roll out to\nEMEA", "canvas", 18)],
               [Line(tracked("Kick-off", "milestone", 5, "name"),
                     tracked("Dana & Sam <ops>", "milestone", 5, "owner"))])


def _render(tmp_path: Path) -> Path:
    return render_docx(_template(tmp_path), _document(), tmp_path / "out.docx")


def test_tracked_values_become_tagged_controls_read_back_in_order(tmp_path: Path) -> None:
    out = _render(tmp_path)
    doc = Document(str(out))
    values = read_controls(doc.element.body)
    assert [(v.ref, v.text, v.found_by) for v in values] == [
        ("canvas:17", "Cut churn by 10%", "tag"), ("canvas:18", "Roll out to\nEMEA", "tag"),
        ("milestone:5:name", "Kick-off", "tag"),
        ("milestone:5:owner", "Dana & Sam <ops>", "tag")]
    # What a reader sees is the text alone: no markers, the words around a control kept
    texts = [p.text for p in doc.paragraphs]
    assert "Plain: Acme plan" in texts and not any("\ue000" in t for t in texts)
    cell = doc.tables[0].cell(1, 1)
    assert "".join(t.text for t in cell._tc.iter(qn("w:t"))) == "Owner: Dana & Sam <ops>."
    # No placeholder flag, no box: the control prints as normal text
    sdt = doc.element.body.find(f".//{qn('w:sdt')}")
    assert sdt.find(f".//{qn('w:showingPlcHdr')}") is None
    assert sdt.find(f".//{qn('w:bookmarkStart')}").get(qn("w:name")) == "csd_canvas__17"


def test_a_value_edited_in_the_document_is_read_as_edited(tmp_path: Path) -> None:
    out = _render(tmp_path)
    doc = Document(str(out))
    sdt = [s for s in doc.element.body.iter(qn("w:sdt"))][3]  # the owner
    texts = list(sdt.iter(qn("w:t")))
    texts[0].text = "Priya"
    for extra in texts[1:]:
        extra.text = ""
    doc.save(str(out))
    values = {v.ref: v.text for v in read_controls(Document(str(out)).element.body)}
    assert values["milestone:5:owner"] == "Priya"


def test_users_text_cannot_forge_a_control(tmp_path: Path) -> None:
    forged = "\ue000canvas:99\ue001evil\ue002"
    assert strip_markers(forged) == "canvas:99evil"
    document = Doc(forged, [tracked(forged, "canvas", 17)])
    out = render_docx(_template(tmp_path), document, tmp_path / "out.docx")
    values = read_controls(Document(str(out)).element.body)
    assert [(v.ref, v.text) for v in values] == [("canvas:17", "canvas:99evil")]


def test_a_reference_must_be_well_formed() -> None:
    with pytest.raises(ValueError):
        Tracked("x", "canvas:1:<script>")
    assert Tracked("x", "kpi:3:baseline").ref == "kpi:3:baseline"


def test_tracked_changes_are_read_as_if_accepted(tmp_path: Path) -> None:
    out = _render(tmp_path)
    doc = Document(str(out))
    assert not has_tracked_changes(doc.element.body)
    run = [s for s in doc.element.body.iter(qn("w:sdt"))][0].find(f".//{qn('w:r')}")
    # The customer deleted "10%" and typed "15%" with track changes on
    run.find(qn("w:t")).text = "Cut churn by "
    parent = run.getparent()
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    position = parent.index(run) + 1
    parent.insert(position, parse_xml(
        f'<w:del {ns} w:id="900" w:author="C"><w:r><w:delText>10%</w:delText></w:r></w:del>'))
    parent.insert(position + 1, parse_xml(
        f'<w:ins {ns} w:id="901" w:author="C"><w:r><w:t>15%</w:t></w:r></w:ins>'))
    doc.save(str(out))
    body = Document(str(out)).element.body
    assert has_tracked_changes(body)
    assert read_controls(body)[0].text == "Cut churn by 15%"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_controls_survive_a_libreoffice_save(tmp_path: Path) -> None:
    out = _render(tmp_path)
    saved = tmp_path / "saved"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "docx", "--outdir", str(saved), str(out)],
                   check=True, capture_output=True, timeout=180)
    values = read_controls(Document(str(saved / "out.docx")).element.body)
    assert [(v.ref, v.text) for v in values] == [
        ("canvas:17", "Cut churn by 10%"), ("canvas:18", "Roll out to\nEMEA"),
        ("milestone:5:name", "Kick-off"), ("milestone:5:owner", "Dana & Sam <ops>")]


# The shipped success plan: every statement, milestone and KPI value read back by record


@pytest.mark.usefixtures("signed")
def test_the_exported_plan_names_its_workspace_account_and_export(demo_services,
                                                                  tmp_path: Path) -> None:
    from sqlalchemy import select

    from csdesk.documents.custom_properties import custom_properties_of
    from csdesk.models import DocumentExport
    from tests.conftest import TODAY

    services = demo_services
    account = next(a for a in services.accounts.list() if services.plans.get(a.id).kpis)
    plan = services.plans.get(account.id)
    first = services.documents.export_plan(account.id, tmp_path / "one.docx", TODAY)
    again = services.documents.export_plan(account.id, tmp_path / "two.docx", TODAY)
    services.documents.export_qbr(account.id, tmp_path / "qbr.docx", TODAY)
    one, two = (custom_properties_of(Document(str(path))) for path in (first, again))
    assert one["csdesk.account"] == str(account.id)
    assert one["csdesk.workspace"] == two["csdesk.workspace"]  # the workspace's own id
    assert one["csdesk.export"] != two["csdesk.export"]  # each export its own
    values = {v.ref: v.text for v in read_controls(Document(str(first)).element.body)}
    assert {f"canvas:{item.id}" for item in plan.items} <= set(values)
    assert values[f"canvas:{plan.items[0].id}"] == plan.items[0].text
    milestone = plan.milestones[0]
    assert values[f"milestone:{milestone.id}:name"] == milestone.name
    kpi = plan.kpis[0]
    assert values[f"kpi:{kpi.id}:name"] == kpi.name and f"kpi:{kpi.id}:target" in values
    with services.workspace.session() as session:
        exports = session.scalars(select(DocumentExport).order_by(DocumentExport.id)).all()
        kept = [(e.uid, e.kind, e.account_id, e.file_name, e.values) for e in exports]
    # the plan's exports kept what they said; the QBR's template has no controls: nothing kept
    assert kept == [(one["csdesk.export"], "plan", account.id, "one.docx", values),
                    (two["csdesk.export"], "plan", account.id, "two.docx", values)]
