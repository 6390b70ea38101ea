"""What customers do to a success plan that is not a clean edit: comments on what they changed,
fields Word or LibreOffice lost, values csdesk cannot set, stray characters, an older export,
a file that unpacks to far more than a plan; and a redo after undoing a deleted row."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from csdesk.errors import CsdeskError
from tests.conftest import TODAY
from tests.test_plan_edits import _account, _control, _delete_row, _set

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM


def _comment(doc, ref: str, text: str, author: str = "Dana Whitfield") -> None:
    """A comment on the text of the control ``ref``, as Word's Review → New Comment makes."""
    sdt = _control(doc, ref)
    runs = list(sdt.iter(qn("w:r")))
    paragraph = Paragraph(runs[0].getparent().getparent().getparent(), None)
    doc.add_comment([Run(runs[0], paragraph), Run(runs[-1], paragraph)], text, author)


def _unwrap(doc, ref: str) -> None:
    """The control and its bookmark lost, its text kept: what some editors do."""
    sdt = _control(doc, ref)
    parent, content = sdt.getparent(), sdt.find(qn("w:sdtContent"))
    at = parent.index(sdt)
    for child in list(content):
        if child.tag not in (qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
            parent.insert(at, child)
            at += 1
    parent.remove(sdt)


def _replace_text(doc, old: str, new: str) -> None:
    texts = [t for t in doc.element.body.iter(qn("w:t")) if t.text and old in t.text]
    assert texts, old
    texts[0].text = texts[0].text.replace(old, new)


def test_a_comment_shows_beside_the_change_it_sits_on(demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    statement, milestone = plan.items[0], plan.milestones[0]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"canvas:{statement.id}", "Reworded by the customer")
    _comment(doc, f"canvas:{statement.id}", "Our CFO asked for this wording")
    _comment(doc, f"milestone:{milestone.id}:name", "Can we move this?", "Lee")
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    [change] = edits.changes
    assert change.record == f"canvas:{statement.id}"
    assert change.comments == ["Dana Whitfield: Our CFO asked for this wording"]
    # a comment on a value nobody changed is not lost: it is in the notes, naming the value
    assert [note for note in edits.notes if note.startswith("Comment")] == [
        f"Comment on Milestone “{milestone.name}”: name: Lee: Can we move this?"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_comment_survives_a_libreoffice_save(demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    statement = services.plans.get(account).items[0]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"canvas:{statement.id}", "Reworded by the customer")
    _comment(doc, f"canvas:{statement.id}", "Our CFO asked for this wording")
    doc.save(str(out))
    saved = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "docx", "--outdir", str(saved), str(out)],
                   check=True, capture_output=True, timeout=180)
    edits = services.plan_edits.propose(saved / "plan.docx", TODAY)
    [change] = edits.changes
    assert change.theirs == "Reworded by the customer"
    assert change.comments == ["Dana Whitfield: Our CFO asked for this wording"]


def _sections(plan) -> list[list]:
    by_kind: dict = {}
    for item in plan.items:
        by_kind.setdefault(item.kind, []).append(item)
    return sorted(by_kind.values(), key=len, reverse=True)


def test_values_whose_fields_were_lost_are_read_by_their_place(demo_services,
                                                              tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    first, second, third = _sections(plan)[0][:3]  # a list of three statements or more
    milestone, kpi = plan.milestones[0], plan.kpis[0]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"milestone:{milestone.id}:owner", "Priya Natarajan")
    _unwrap(doc, f"milestone:{milestone.id}:owner")  # a cell: read by its column
    _set(doc, f"canvas:{first.id}", "Reworded, its field lost")
    _unwrap(doc, f"canvas:{first.id}")  # statements: read before the one that kept its field
    _unwrap(doc, f"canvas:{second.id}")  # unchanged and lost: no change
    _unwrap(doc, f"kpi:{kpi.id}:target")  # a KPI's value, not placed: said, left as it is
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    assert sorted((c.kind, c.record, c.field, c.theirs) for c in edits.changes) == sorted([
        ("changed", f"milestone:{milestone.id}", "owner", "Priya Natarajan"),
        ("changed", f"canvas:{first.id}", "text", "Reworded, its field lost")])
    assert [note for note in edits.notes if "lost" in note] == [
        f"Left as csdesk has them, their csdesk fields lost and their place not sure: "
        f"KPI “{kpi.name}”: target."]
    services.plan_edits.apply(edits, edits.changes, TODAY)
    after = services.plans.get(account)
    assert next(i for i in after.items if i.id == first.id).text == "Reworded, its field lost"
    assert len(after.items) == len(plan.items)  # changed in place, nothing added or removed
    assert third.text in [item.text for item in after.items]


def test_a_list_whose_every_field_was_lost_is_never_read_as_deleted(demo_services,
                                                                   tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    section = _sections(plan)[-1]  # every statement of one list
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"canvas:{section[0].id}", "Reworded where csdesk cannot tell")
    for item in section:
        _unwrap(doc, f"canvas:{item.id}")
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    assert [c for c in edits.changes if c.kind == "removed"] == []
    assert any("lost their csdesk fields" in note for note in edits.notes)


@pytest.mark.sqlite_only  # the command opens the workspace by its file
def test_values_csdesk_cannot_set_are_said_before_anything_is_applied(demo_services,
                                                                      tmp_path: Path,
                                                                      capsys) -> None:
    from csdesk import cli

    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    m1, m2, m3 = plan.milestones[:3]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"canvas:{plan.items[0].id}", "Reworded by the customer")
    _set(doc, f"milestone:{m1.id}:planned", "sometime soon")
    _set(doc, f"milestone:{m2.id}:planned", "03/04/2027")  # March 4 or 3 April?
    _set(doc, f"milestone:{m3.id}:status", "In progress")
    _set(doc, f"kpi:{plan.kpis[0].id}:target", "much higher")
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    problems = {c.record + ":" + c.field: c.problem for c in edits.changes}
    assert problems[f"canvas:{plan.items[0].id}:text"] == ""
    assert "'sometime soon' is not a date" in problems[f"milestone:{m1.id}:planned"]
    assert "03/04/2027" in problems[f"milestone:{m2.id}:planned"]
    assert "write Done" in problems[f"milestone:{m3.id}:status"]
    assert "has no number" in problems[f"kpi:{plan.kpis[0].id}:target"]
    db = str(services.workspace.path)
    capsys.readouterr()
    assert cli.main(["import", "plan", str(out), "--db", db, "--dry-run", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sum(1 for c in listed if c["problem"]) == 4
    assert cli.main(["import", "plan", str(out), "--db", db]) == 0
    said = capsys.readouterr().out
    assert "cannot apply: " in said and "Applied 1 change" in said
    assert "4 csdesk cannot apply as written" in said
    after = services.plans.get(account)
    assert after.items[0].text == "Reworded by the customer"  # what can be applied, is
    assert [m.planned_date for m in after.milestones[:3]] == [m.planned_date for m in (m1, m2, m3)]


def test_private_use_characters_never_reach_the_plan(demo_services,
                                                                tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    statement = services.plans.get(account).items[0]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    # a symbol font's bullet and csdesk's own markers, as pasted
    _set(doc, f"canvas:{statement.id}",
         "\uf0b7 Faster \ue000canvas:1\ue001onboarding\ue002 for new teams")
    doc.save(str(out))
    [change] = services.plan_edits.propose(out, TODAY).changes
    assert change.theirs == "Faster canvas:1onboarding for new teams"


def test_a_document_exported_before_the_last_one_is_compared_with_its_own_export(
        demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    first, second = plan.items[0], plan.items[1]
    older = services.documents.export_plan(account, tmp_path / "older.docx", TODAY)
    services.plans.update_item(first.id, text="The CSM's wording since")
    services.documents.export_plan(account, tmp_path / "newer.docx", TODAY)
    doc = Document(str(older))
    _set(doc, f"canvas:{second.id}", "The customer's wording")  # first left as it was sent
    doc.save(str(older))
    edits = services.plan_edits.propose(older, TODAY)
    # the CSM's later change is not undone by the older copy, and is no conflict
    assert [(c.kind, c.record, c.theirs) for c in edits.changes] == [
        ("changed", f"canvas:{second.id}", "The customer's wording")]
    doc = Document(str(older))
    _set(doc, f"canvas:{first.id}", "The customer's wording too")
    doc.save(str(older))
    conflict = next(c for c in services.plan_edits.propose(older, TODAY).changes
                    if c.record == f"canvas:{first.id}")
    assert (conflict.kind, conflict.exported, conflict.ours) == (
        "conflict", first.text, "The CSM's wording since")


def test_a_file_that_unpacks_to_far_more_than_a_plan_is_not_read(demo_services,
                                                                 tmp_path: Path,
                                                                 monkeypatch) -> None:
    from csdesk.services import plan_reading

    services = demo_services
    many = tmp_path / "many.docx"
    with zipfile.ZipFile(many, "w") as package:
        for number in range(plan_reading.MAX_PARTS + 1):
            package.writestr(f"word/media/p{number}.xml", "")
    with pytest.raises(CsdeskError, match="unpacks to more than a success plan can hold"):
        services.plan_edits.propose(many, TODAY)
    account = _account(services)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    monkeypatch.setattr(plan_reading, "MAX_UNPACKED", 10_000)  # a bomb, scaled down
    with pytest.raises(CsdeskError, match="bytes\\): not read"):
        services.plan_edits.propose(out, TODAY)


def test_a_redo_deletes_the_row_its_undo_brought_back(demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    gone = plan.milestones[-1]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _delete_row(doc, f"milestone:{gone.id}:name")
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    assert [c.kind for c in edits.changes] == ["removed"]
    undo = services.plan_edits.apply(edits, edits.changes, TODAY)
    undo()
    assert gone.name in [m.name for m in services.plans.get(account).milestones]
    undo = services.plan_edits.apply(edits, edits.changes, TODAY)  # the redo
    assert gone.name not in [m.name for m in services.plans.get(account).milestones]
    undo()
    assert gone.name in [m.name for m in services.plans.get(account).milestones]


# After an independent review of the import


def test_the_renewal_date_is_the_contracts_not_the_customers_to_move(demo_services,
                                                                    tmp_path: Path) -> None:
    services = demo_services
    account = services.accounts.list()[0].id
    plan = services.plans.get(account)
    renewal = services.critical_path.add_milestone(plan.id, name="Renewal",
                                                   planned_date=TODAY + timedelta(days=200))
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    with pytest.raises(StopIteration):  # its due date is not a field to edit
        _control(doc, f"milestone:{renewal.id}:planned")


def test_too_long_values_are_said_and_the_rest_applied(demo_services, tmp_path: Path,
                                                       capsys) -> None:
    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    first, second = plan.milestones[:2]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"milestone:{first.id}:owner", "O" * 300)
    _set(doc, f"canvas:{plan.items[0].id}", "S" * 6000)
    _set(doc, f"milestone:{second.id}:owner", "Priya Natarajan")
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    problems = {(c.record, c.field): c.problem for c in edits.changes}
    assert "owner is too long (300 characters; at most 200)" in \
        problems[(f"milestone:{first.id}", "owner")]
    assert "too long (6,000 characters; at most 5,000)" in \
        problems[(f"canvas:{plan.items[0].id}", "text")]
    assert problems[(f"milestone:{second.id}", "owner")] == ""


@pytest.mark.sqlite_only  # the command opens the workspace by its file
def test_json_output_is_only_json_even_when_applying(demo_services, tmp_path: Path,
                                                     capsys) -> None:
    from csdesk import cli

    services = demo_services
    account = _account(services)
    plan = services.plans.get(account)
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"canvas:{plan.items[0].id}", "Reworded by the customer")
    _comment(doc, f"milestone:{plan.milestones[0].id}:name", "Can we move this?", "Lee")
    doc.save(str(out))
    capsys.readouterr()
    assert cli.main(["import", "plan", str(out), "--db", str(services.workspace.path),
                     "--json"]) == 0
    said = capsys.readouterr()
    assert [c["theirs"] for c in json.loads(said.out)] == ["Reworded by the customer"]
    assert "note: Comment on Milestone" in said.err and "Applied 1 change" in said.err


def test_a_field_claimed_twice_is_said_and_never_applied(demo_services,
                                                         tmp_path: Path) -> None:
    import copy

    services = demo_services
    account = _account(services)
    kpi = services.plans.get(account).kpis[0]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    name = _control(doc, f"kpi:{kpi.id}:name")  # copied, retagged as the target
    forged = copy.deepcopy(name)
    forged.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").set(qn("w:val"), f"csdesk:kpi:{kpi.id}:target")
    name.addnext(forged)
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    assert edits.changes == []
    assert any("holds two fields for KPI" in note and "target" in note for note in edits.notes)


def test_a_retagged_field_keeps_its_bookmarks_value(demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = _account(services)
    statement = services.plans.get(account).items[0]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _control(doc, f"canvas:{statement.id}").find(f"{qn('w:sdtPr')}/{qn('w:tag')}").set(
        qn("w:val"), "csdesk:canvas:99999999")
    doc.save(str(out))
    edits = services.plan_edits.propose(out, TODAY)
    assert [c for c in edits.changes if c.kind == "removed"] == []


def test_a_damaged_package_is_said_in_words_not_internals(demo_services,
                                                          tmp_path: Path) -> None:
    services = demo_services
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(bad, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(CsdeskError) as refused:
        services.plan_edits.propose(bad, TODAY)
    assert "could not be read as a Word document" in str(refused.value)
    assert "lxml" not in str(refused.value) and "attribute" not in str(refused.value)
