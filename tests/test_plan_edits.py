"""The customer's edits to an exported success plan come back as proposed changes: edited
values, added bullets and rows, deleted rows and conflicts, compared three ways (as exported,
as csdesk has it now, as the document says); a document of another workspace or account, or a
file that is not a .docx, is refused with a clear message."""

from __future__ import annotations

import copy
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from csdesk.errors import CsdeskError
from tests.conftest import TODAY

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM


def _account(services) -> int:
    return next(a.id for a in services.accounts.list()
                if services.plans.get(a.id).kpis and len(services.plans.get(a.id).milestones) > 2
                and len(services.plans.get(a.id).items) > 2)


def _control(doc, ref: str):
    return next(sdt for sdt in doc.element.body.iter(qn("w:sdt"))
                if sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")) == f"csdesk:{ref}")


def _set(doc, ref: str, text: str) -> None:
    texts = list(_control(doc, ref).iter(qn("w:t")))
    texts[0].text = text
    for other in texts[1:]:
        other.text = ""


def _delete_row(doc, ref: str) -> None:
    """The table row holding the control ``ref``, deleted as in Word's Delete Rows."""
    row = _control(doc, ref)
    while row.tag != qn("w:tr"):
        row = row.getparent()
    row.getparent().remove(row)


def _edited_as_a_customer_would(path: Path, plan) -> tuple[str, str]:
    """A statement reworded, a milestone's owner named, a new bullet after the first
    objective, a new milestone row, a milestone row deleted."""
    doc = Document(str(path))
    statement, milestone = plan.items[0], plan.milestones[0]
    _set(doc, f"canvas:{statement.id}", "Reworded by the customer")
    _set(doc, f"milestone:{milestone.id}:owner", "Priya Natarajan")
    bullet = _control(doc, f"canvas:{statement.id}").getparent()
    added = copy.deepcopy(bullet)
    for sdt in list(added.iter(qn("w:sdt"))):
        sdt.getparent().remove(sdt)
    run = added.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "A new objective from the customer"
    run.append(text)
    added.append(run)
    bullet.addnext(added)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Milestone")
    new_row = copy.deepcopy(table.rows[1]._tr)
    for sdt in list(new_row.iter(qn("w:sdt"))):
        sdt.getparent().remove(sdt)
    table._tbl.append(new_row)
    cells = new_row.findall(qn("w:tc"))
    for cell, value in zip(cells[:3], ["Security review", "Customer IT", "2027-03-01"],
                           strict=True):
        paragraph = cell.find(qn("w:p"))
        run = paragraph.makeelement(qn("w:r"), {})
        t = run.makeelement(qn("w:t"), {})
        t.text = value
        run.append(t)
        paragraph.append(run)
    gone = plan.milestones[-1]
    _delete_row(doc, f"milestone:{gone.id}:name")
    doc.save(str(path))
    return statement.text, gone.name


def _summary(edits) -> list[tuple[str, str, str, str | None]]:
    return sorted((c.kind, c.record, c.field, c.theirs) for c in edits.changes)


def test_a_customers_edits_are_proposed_once_each(demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    _edited_as_a_customer_would(out, plan)
    edits = services.plan_edits.propose(out, TODAY)
    statement, milestone, gone = plan.items[0], plan.milestones[0], plan.milestones[-1]
    assert _summary(edits) == sorted([
        ("changed", f"canvas:{statement.id}", "text", "Reworded by the customer"),
        ("changed", f"milestone:{milestone.id}", "owner", "Priya Natarajan"),
        ("added", statement.kind.value, "text", "A new objective from the customer"),
        ("added", "milestone", "", "Security review (owner Customer IT, due date 2027-03-01)"),
        ("removed", f"milestone:{gone.id}", "", None)])
    changed = next(c for c in edits.changes if c.field == "owner")
    assert changed.exported == changed.ours and changed.label.startswith("Milestone “")
    assert edits.account_id == account and edits.notes == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_same_edits_after_libreoffice_saved_the_document(demo_services,
                                                             tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    _edited_as_a_customer_would(out, plan)
    before = _summary(services.plan_edits.propose(out, TODAY))
    saved = tmp_path / "saved"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "docx", "--outdir", str(saved), str(out)],
                   check=True, capture_output=True, timeout=180)
    assert _summary(services.plan_edits.propose(saved / "plan.docx", TODAY)) == before


def test_a_value_changed_on_both_sides_is_a_conflict(demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    statement = plan.items[1]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"canvas:{statement.id}", "The customer's wording")
    doc.save(str(out))
    services.plans.update_item(statement.id, text="The CSM's wording since")
    edits = services.plan_edits.propose(out, TODAY)
    assert [(c.kind, c.ours, c.theirs, c.exported) for c in edits.changes] == [
        ("conflict", "The CSM's wording since", "The customer's wording", statement.text)]


def test_an_untouched_document_proposes_nothing_even_after_csdesk_changed(
        demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    services.plans.update_item(plan.items[0].id, text="Changed in csdesk after the export")
    assert services.plan_edits.propose(out, TODAY).changes == []


def test_a_document_of_another_account_or_workspace_is_refused(demo_services,
                                                               tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    other = next(a for a in services.accounts.list() if a.id != account)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    with pytest.raises(CsdeskError, match="is the success plan of .*, not of the account"):
        services.plan_edits.propose(out, TODAY, account_id=other.id)
    from csdesk.documents.custom_properties import set_custom_properties

    doc = Document(str(out))
    set_custom_properties(doc, {"csdesk.workspace": "0" * 32})
    doc.save(str(out))
    with pytest.raises(CsdeskError, match="was exported from another workspace"):
        services.plan_edits.propose(out, TODAY)


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.7 ...", "is a PDF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word document"),
    (b"plain text", "is not a Word document")])
def test_a_file_that_is_not_a_docx_says_what_it_is(demo_services, tmp_path: Path,
                                                   content: bytes, message: str) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(content)
    with pytest.raises(CsdeskError, match=message):
        demo_services.plan_edits.propose(path, TODAY)


# Applying what was accepted: one transaction, one undo, noted in Activity


def test_accepted_edits_apply_as_one_step_and_undo_as_one(demo_services,
                                                          tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    statement_text, gone_name = _edited_as_a_customer_would(out, plan)
    doc = Document(str(out))
    milestone = plan.milestones[1]
    _set(doc, f"milestone:{milestone.id}:planned", "30 June 2027")  # as the customer types
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    undo = services.plan_edits.apply(edits, edits.changes, TODAY)
    after = services.plans.get(account)
    texts = [item.text for item in after.items]
    assert "Reworded by the customer" in texts and statement_text not in texts
    assert "A new objective from the customer" in texts
    names = [m.name for m in after.milestones]
    assert "Security review" in names and gone_name not in names
    first = next(m for m in after.milestones if m.id == plan.milestones[0].id)
    assert first.owner == "Priya Natarajan"
    moved = next(m for m in after.milestones if m.id == milestone.id)
    assert date(2027, 6, 30) in (moved.planned_date, moved.planned_end_date)
    activity = [e.summary for e in services.activity.for_account(account)]
    assert any("changes from the customer's document of" in s for s in activity)
    undo()
    back = services.plans.get(account)
    assert sorted(i.text for i in back.items) == sorted(i.text for i in plan.items)
    assert sorted(m.name for m in back.milestones) == sorted(m.name for m in plan.milestones)
    assert next(m for m in back.milestones if m.id == plan.milestones[0].id).owner == \
        plan.milestones[0].owner


def test_a_date_csdesk_cannot_read_is_refused_and_nothing_is_applied(demo_services,
                                                                     tmp_path: Path) -> None:
    from csdesk.errors import ValidationError

    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"canvas:{plan.items[0].id}", "Reworded")
    _set(doc, f"milestone:{plan.milestones[0].id}:planned", "sometime soon")
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    with pytest.raises(ValidationError, match="'sometime soon' is not a date"):
        services.plan_edits.apply(edits, edits.changes, TODAY)
    assert services.plans.get(account).items[0].text == plan.items[0].text  # all or nothing


@pytest.mark.sqlite_only  # the command opens the workspace by its file
def test_the_command_lists_the_changes_as_json_then_applies_them(demo_services, tmp_path: Path,
                                                                 capsys) -> None:
    import json

    from csdesk import cli

    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"canvas:{plan.items[0].id}", "Reworded by the customer")
    doc.save(str(out))
    db = str(services.workspace.path)
    capsys.readouterr()
    assert cli.main(["import", "plan", str(out), "--db", db, "--dry-run", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["kind"], c["record"], c["field"], c["ours"], c["theirs"]) for c in listed] == [
        ("changed", f"canvas:{plan.items[0].id}", "text", plan.items[0].text,
         "Reworded by the customer")]
    assert services.plans.get(account).items[0].text == plan.items[0].text  # a dry run
    assert cli.main(["import", "plan", str(out), "--db", db]) == 0
    said = capsys.readouterr().out
    assert "Applied 1 change to" in said
    assert services.plans.get(account).items[0].text == "Reworded by the customer"
    bad = tmp_path / "plan.pdf"
    bad.write_bytes(b"%PDF-1.4")
    assert cli.main(["import", "plan", str(bad), "--db", db, "--dry-run"]) == 1
    assert "plan.pdf is a PDF" in capsys.readouterr().err


# After an independent review: what a customer's document must never do


def test_importing_the_same_document_again_proposes_nothing(demo_services,
                                                            tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    _edited_as_a_customer_would(out, plan)
    doc = Document(str(out))
    _set(doc, f"milestone:{plan.milestones[1].id}:planned", "30 June 2027")
    kpi = plan.kpis[0]
    _set(doc, f"kpi:{kpi.id}:target", "250 leads")  # with a unit, as the document prints it
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    services.plan_edits.apply(edits, edits.changes, TODAY)
    assert services.plans.get(account).kpis[0].target == 250
    again = services.plan_edits.propose(out, TODAY)
    assert again.changes == []  # no duplicate rows, no date or figure "changed" by its form
    assert any("no longer in csdesk's plan" in note for note in again.notes)  # the deleted row


def test_fields_stripped_from_the_document_never_delete_the_plan(demo_services,
                                                                 tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)

    def strip(path: Path, keep: str) -> None:  # the controls unwrapped, their text kept
        doc = Document(str(path))
        for sdt in list(doc.element.body.iter(qn("w:sdt"))):
            if keep and keep in sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")):
                continue
            parent, content = sdt.getparent(), sdt.find(qn("w:sdtContent"))
            at = parent.index(sdt)
            for child in list(content):
                if child.tag in (qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
                    continue
                parent.insert(at, child)
                at += 1
            parent.remove(sdt)
        doc.save(str(path))

    every = tmp_path / "every.docx"
    shutil.copy(out, every)
    strip(every, "")
    with pytest.raises(CsdeskError, match="no longer holds csdesk's fields"):
        services.plan_edits.propose(every, TODAY)
    some = tmp_path / "some.docx"
    shutil.copy(out, some)
    strip(some, "kpi:")  # only the KPIs' controls kept
    edits = services.plan_edits.propose(some, TODAY)
    assert [c for c in edits.changes if c.kind == "removed"] == []
    assert any("lost their csdesk fields" in note for note in edits.notes)


def test_a_deleted_kpi_row_is_said_not_applied(demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    kpi = services.plans.get(account).kpis[0]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _delete_row(doc, f"kpi:{kpi.id}:name")
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    assert edits.changes == []
    assert any("is removed in the Success plan tab" in note for note in edits.notes)


def test_a_document_whose_account_was_changed_is_refused(demo_services,
                                                         tmp_path: Path) -> None:
    from csdesk.documents.custom_properties import set_custom_properties

    services = demo_services
    account = _account(services)
    other = next(a for a in services.accounts.list() if a.id != account)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    set_custom_properties(doc, {"csdesk.account": str(other.id)})
    doc.save(str(out))
    with pytest.raises(CsdeskError, match="its export was of another account"):
        services.plan_edits.propose(out, TODAY)
