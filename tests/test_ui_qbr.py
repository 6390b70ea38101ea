"""The QBR tab, the document templates dialog and the roadmap dialog, driven as a user would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt

from csdesk.models import MeetingKind
from csdesk.services import Services
from csdesk.ui.account.qbr_lines import parse_plan_lines
from csdesk.ui.dialogs.documents_dialog import DocumentTemplatesDialog
from csdesk.ui.dialogs.roadmap_dialog import RoadmapDialog
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import settled, type_into

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

TODAY = date(2026, 11, 23)


@pytest.fixture
def window(qtbot, demo_services: Services):
    demo_services.roadmap.add(title="Attribution v2", horizon="three_months")
    win = MainWindow(demo_services, today=lambda: TODAY, remember_layout=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.wait()


@pytest.fixture
def account(window: MainWindow) -> int:
    return window.services.accounts.list()[0].id


def test_draft_edit_preview_save_and_export(qtbot, window, account, tmp_path) -> None:
    window.open_account(account, "")
    settled(window)
    tab = window.account_view.qbr
    arrived = tab._show_draft
    editable_meanwhile: list[bool] = []
    tab._show_draft = lambda *args: (editable_meanwhile.append(tab.summary.isEnabled()),
                                     arrived(*args))
    window.export_qbr_action.trigger()
    assert window.account_view.current_tab() == "qbr"
    settled(window)
    assert editable_meanwhile == [False]  # drafted off the GUI thread, the editors waiting
    assert not tab.drafting and tab.summary.isEnabled()
    html = tab.preview.toPlainText()
    for part in ("1. Introduction", "2. Objectives and measures", "3. Review of past actions",
                 "4. Success plan progress", "5. Benchmarking", "6. Insights",
                 "7. Product roadmap", "8. The next 90 days"):
        assert part in html
    assert "Attribution v2" in html
    tab.insights.appendPlainText("Champion wants a <b>second team</b> & more seats")
    tab.roadmap.item(0).setCheckState(Qt.CheckState.Unchecked)
    tab.apply_edits()
    html = tab.preview.toPlainText()
    assert "Champion wants a <b>second team</b> & more seats" in html  # escaped, not markup
    assert "Attribution v2" not in html
    tab.plan.setPlainText("Run the pilot — Dana — 2026-12-15")
    tab.apply_edits()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    settled(window)  # saved off the GUI thread
    meeting = window.services.meetings.for_account(account)[0]
    assert (meeting.kind, meeting.title) == (MeetingKind.QBR, "QBR 2026Q4")
    full = window.services.meetings.get(meeting.id)
    assert "8. The next 90 days\n- Run the pilot — Dana — 2026-12-15" in full.agenda
    assert "Champion wants a <b>second team</b>" in full.agenda
    out = tmp_path / "qbr.docx"
    tab.export("qbr", str(out))
    qtbot.waitUntil(lambda: out.exists(), timeout=30000)
    window.runner.wait()
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Champion wants a <b>second team</b> & more seats" in text
    tables = Document(str(out)).tables
    assert any(t.rows[1].cells[0].text == "Run the pilot" for t in tables if len(t.rows) > 1)
    qtbot.waitUntil(lambda: getattr(tab, "last_written", None) == out)
    window.undo_action.trigger()  # the saved meeting can be undone
    settled(window)
    assert all(m.kind is not MeetingKind.QBR or m.id != meeting.id
               for m in window.services.meetings.for_account(account))


def test_the_summary_is_edited_and_the_brief_is_previewed_and_exported(
        qtbot, window, account, tmp_path) -> None:
    """The executive summary is drafted and edited in the tab; the preview says which
    document it shows; the internal brief exports with health and the customer's pre-read
    never does."""
    window.open_account(account, "qbr")
    settled(window)
    tab = window.account_view.qbr
    assert tab.summary.toPlainText().strip()  # drafted from the data
    assert "The customer's pre-read" in tab.preview.toPlainText()
    tab.summary.setPlainText("Go-live is on plan for January.")
    tab.apply_edits()
    assert "Go-live is on plan for January." in tab.preview.toPlainText()
    tab.audience.setCurrentIndex(tab.audience.findData("brief"))
    tab.audience.activated.emit(tab.audience.currentIndex())
    settled(window)  # the brief is read off the GUI thread
    preview = tab.preview.toPlainText()
    assert "Your internal brief" in preview and "Health score:" in preview
    assert "Go-live is on plan for January." in preview  # the pre-read it accompanies
    brief, qbr = tmp_path / "brief.docx", tmp_path / "qbr.docx"
    tab.export("brief", str(brief))
    qtbot.waitUntil(lambda: brief.exists(), timeout=30000)
    tab.export("qbr", str(qbr))
    qtbot.waitUntil(lambda: qbr.exists(), timeout=30000)
    window.runner.wait()
    brief_text = "\n".join(p.text for p in Document(str(brief)).paragraphs)
    qbr_text = "\n".join(p.text for p in Document(str(qbr)).paragraphs)
    assert "Internal QBR brief" in brief_text and "Health score:" in brief_text
    assert "Go-live is on plan for January." in qbr_text and "Health" not in qbr_text


def test_the_first_export_asks_who_signs(qtbot, window, account, tmp_path,
                                         monkeypatch) -> None:
    """With no name in Settings, exporting asks for one; cancelling writes nothing."""
    from csdesk import settings as user_settings
    from csdesk.ui.dialogs import profile_dialog

    user_settings.save(user_settings.Settings())
    asked = []
    monkeypatch.setattr(profile_dialog.SignatureDialog, "exec",
                        lambda dialog: asked.append(dialog.windowTitle()) or 0)
    window.open_account(account, "qbr")
    settled(window)
    out = tmp_path / "q.docx"
    window.account_view.qbr.export("qbr", str(out))  # waits for the draft, then asks
    settled(window)
    window.runner.wait()
    assert asked and not out.exists()


def test_export_the_success_plan_from_the_account(qtbot, window, account, tmp_path) -> None:
    window.open_account(account, "plan")
    settled(window)
    tab = window.account_view.qbr
    out = tmp_path / "plan.docx"
    tab.export("plan", str(out))
    qtbot.waitUntil(lambda: out.exists(), timeout=30000)
    window.runner.wait()
    name = window.services.accounts.get(account).name
    assert any(p.text == name for p in Document(str(out)).paragraphs)


def test_a_broken_template_is_reported_in_the_tab(qtbot, window, account, tmp_path) -> None:
    broken = tmp_path / "broken.docx"
    document = Document()
    document.add_paragraph("{{ nonsense.field }}")
    document.save(str(broken))
    window.services.documents.set_default_template("plan", broken)
    window.open_account(account, "qbr")
    settled(window)
    tab = window.account_view.qbr
    out = tmp_path / "plan.docx"
    tab.export("plan", str(out))
    qtbot.waitUntil(lambda: tab.error.isVisible(), timeout=30000)
    assert "broken.docx: unknown field" in tab.error.text() and not out.exists()


def test_plan_lines_are_read_leniently() -> None:
    lines = parse_plan_lines("Run the pilot — Dana — 2026-12-15\nJust a thing\n\n"
                             "Train admins - Sam - 2027-01-10")
    assert [(p.what, p.owner, p.when) for p in lines] == [
        ("Run the pilot", "Dana", "2026-12-15"), ("Just a thing", "", ""),
        ("Train admins", "Sam", "2027-01-10")]


def test_document_templates_dialog(qtbot, services: Services, tmp_path: Path) -> None:
    dialog = DocumentTemplatesDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "default shipped" in dialog.labels["plan"].text()
    copy = tmp_path / "mine.docx"
    dialog.copy_default("plan", str(copy))
    assert copy.read_bytes() == services.documents.builtin_template("plan").read_bytes()
    dialog.choose("plan", str(copy))
    assert dialog.labels["plan"].text() == str(copy)
    assert services.documents.template_for("plan") == copy
    dialog.choose("qbr", str(tmp_path / "missing.docx"))
    assert "no template at" in dialog.error.text()
    assert {dialog.tabs.tabText(i) for i in range(dialog.tabs.count())} >= {
        "Fields: Internal QBR brief", "Check"}
    dialog.use_default("plan")
    assert services.documents.template_for("plan").name == "success_plan.docx"


def test_roadmap_dialog(qtbot, services: Services) -> None:
    dialog = RoadmapDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.currentWidget() is dialog.table.empty
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)
    assert "title is required" in dialog.error.text()
    type_into(qtbot, dialog.title, "SSO for everyone")
    dialog.horizon.setCurrentIndex(2)
    type_into(qtbot, dialog.description, "Log in with your identity provider")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)
    items = services.roadmap.list()
    assert [(i.title, i.horizon.label) for i in items] == [("SSO for everyone", "In 6 months")]
    dialog.table.table.selectRow(0)
    dialog.remove()
    assert services.roadmap.list() == []


def _drafting(window, tab) -> None:
    """The tab with a draft under way: its result reaches the window only when events are
    next processed, so the test acts while drafting whatever the machine's speed (waiting for
    the first draft to be seen under way missed it when it was quick)."""
    settled(window)
    tab.redraft()
    assert tab.drafting


def test_a_quarter_chosen_while_drafting_is_the_one_exported(qtbot, window, account) -> None:
    window.open_account(account, "qbr")
    tab = window.account_view.qbr
    _drafting(window, tab)
    other = next(tab.quarter.itemText(i) for i in range(tab.quarter.count())
                 if tab.quarter.itemText(i) != tab.quarter.currentText())
    tab.quarter.setCurrentText(other)
    tab.quarter.activated.emit(tab.quarter.currentIndex())
    tab.refresh()  # what the menu's export does before it asks for the document
    settled(window)
    assert (tab.quarter.currentText(), tab.draft.quarter) == (other, other)


def test_an_export_left_behind_by_another_account_says_so(qtbot, window, account) -> None:
    window.open_account(account, "qbr")
    tab = window.account_view.qbr
    _drafting(window, tab)
    tab.export("qbr", "/nonexistent/never.docx")  # waits for the draft
    other = next(a.id for a in window.services.accounts.list() if a.id != account)
    window.open_account(other, "overview")
    settled(window)
    assert "was not written: another account was opened" in tab.error.text()
