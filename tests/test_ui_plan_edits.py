"""Account → Import the customer's edits…: the customer's Word copy of the success plan is read
off the GUI thread, each change shown side by side, the accepted ones applied as one step that
Ctrl+Z undoes, a conflict starting rejected; a wrong file says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from csdesk.ui.dialogs.plan_edits_dialog import ACCEPT, KIND, NOTES, THEIRS
from tests.conftest import TODAY
from tests.test_plan_edits import _account, _set
from tests.test_plan_edits_robust import _comment
from tests.ui_helpers import settled, shown_window

pytestmark = pytest.mark.usefixtures("signed")


@pytest.fixture
def window(qtbot, demo_services):
    return shown_window(qtbot, demo_services, TODAY)


def test_the_customers_edits_are_reviewed_applied_and_undone(qtbot, window,
                                                             tmp_path: Path) -> None:
    services = window.services
    account = _account(services)
    plan = services.plans.get(account)
    first, second, third = plan.items[:3]
    out = services.documents.export_plan(account, tmp_path / "Acme plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"canvas:{first.id}", "Accepted wording")
    _set(doc, f"canvas:{second.id}", "Rejected wording")
    _set(doc, f"canvas:{third.id}", "The customer's wording")
    doc.save(str(out))
    services.plans.update_item(third.id, text="The CSM's wording since")  # both sides: conflict
    window.open_account(account, "plan")
    settled(window)
    window.documents.import_customer_edits(str(out))
    settled(window)  # read off the GUI thread, then shown
    dialog = window.documents.edits_dialog
    assert dialog is not None and dialog.isVisible()
    rows = {dialog.table.item(r, THEIRS).text(): r for r in range(dialog.table.rowCount())}
    assert set(rows) == {"Accepted wording", "Rejected wording", "The customer's wording"}
    conflict = dialog.table.item(rows["The customer's wording"], ACCEPT)
    assert conflict.checkState() == Qt.CheckState.Unchecked  # a conflict starts rejected
    dialog.table.item(rows["Rejected wording"], ACCEPT).setCheckState(Qt.CheckState.Unchecked)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.text() == "Apply 1 change"
    ok.click()
    settled(window)
    texts = {item.id: item.text for item in services.plans.get(account).items}
    assert texts[first.id] == "Accepted wording"
    assert texts[second.id] == second.text and texts[third.id] == "The CSM's wording since"
    window.undo_action.trigger()
    settled(window)
    assert {item.id: item.text for item in services.plans.get(account).items}[first.id] == \
        first.text


def test_a_pdf_is_refused_with_what_to_ask_for(qtbot, window, monkeypatch,
                                               tmp_path: Path) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    window.open_account(window.services.accounts.list()[0].id, "plan")
    settled(window)
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    window.documents.import_customer_edits(str(pdf))
    settled(window)
    assert said and "plan.pdf is a PDF" in said[0] and "Word file (.docx)" in said[0]


def test_a_change_csdesk_cannot_apply_says_why_and_cannot_be_chosen(qtbot, window,
                                                                     tmp_path: Path) -> None:
    services = window.services
    account = _account(services)
    plan = services.plans.get(account)
    statement, milestone = plan.items[0], plan.milestones[0]
    out = services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    doc = Document(str(out))
    _set(doc, f"canvas:{statement.id}", "Reworded by the customer")
    _comment(doc, f"canvas:{statement.id}", "Our CFO asked for this wording")
    _set(doc, f"milestone:{milestone.id}:planned", "when IT is ready")
    doc.save(str(out))
    window.open_account(account, "plan")
    settled(window)
    window.documents.import_customer_edits(str(out))
    settled(window)
    dialog = window.documents.edits_dialog
    table = dialog.table
    rows = {table.item(r, THEIRS).text(): r for r in range(table.rowCount())}
    bad, good = rows["when IT is ready"], rows["Reworded by the customer"]
    assert table.item(bad, KIND).text() == "Changed\n(cannot apply)"
    assert "'when IT is ready' is not a date" in table.item(bad, NOTES).text()
    assert not table.item(bad, ACCEPT).flags() & Qt.ItemFlag.ItemIsEnabled
    assert not table.isColumnHidden(NOTES)
    assert table.item(good, NOTES).text() == \
        "Comment by Dana Whitfield: Our CFO asked for this wording"
    dialog.set_all(True)  # Accept all leaves out what cannot be applied
    assert table.item(bad, ACCEPT).checkState() == Qt.CheckState.Unchecked
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.text() == "Apply 1 change"
    ok.click()
    settled(window)
    after = services.plans.get(account)
    assert next(i for i in after.items if i.id == statement.id).text == \
        "Reworded by the customer"
    assert next(m for m in after.milestones if m.id == milestone.id).planned_date == \
        milestone.planned_date
