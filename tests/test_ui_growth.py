"""The Growth tab and the book-wide Opportunities and Product gaps views, through the window."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtWidgets import QComboBox

from csdesk.models import OpportunityKind
from csdesk.services import Services
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import press_ok, settled, shown_window

TODAY = date(2026, 11, 23)


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    acme = services.accounts.create(name="Acme", arr_cents=120_000_00)
    services.accounts.create(name="Globex", arr_cents=30_000_00)
    maria = services.contacts.add(acme.id, name="Maria")
    services.signals.add_response(acme.id, kind="nps", score=10, responded_on=TODAY,
                                  contact_id=maria.id)
    win = shown_window(qtbot, services, TODAY)
    yield win
    win.runner.wait()


def _id(window: MainWindow, name: str) -> int:
    return window.services.accounts.find(name).id


def test_accepting_advocacy_and_adding_an_upsell(qtbot, window: MainWindow) -> None:
    window.open_account(_id(window, "Acme"), "growth")
    settled(window)
    tab = window.account_view.growth
    assert tab.proposal_model.rowCount() == 1
    tab.proposals.select_where(lambda p: True)
    dialog = tab.accept_selected()
    assert dialog.widgets["title"].text() == "Referral or testimonial from Maria"
    press_ok(qtbot, dialog)
    assert tab.proposal_model.rowCount() == 0
    dialog = tab.edit(None)
    dialog.widgets["title"].setText("Second team")
    dialog.widgets["expected_arr"].setText("$40,000")
    press_ok(qtbot, dialog)
    kinds = {tab.model.row_at(r).kind for r in range(tab.model.rowCount())}
    assert kinds == {OpportunityKind.REFERRAL, OpportunityKind.UPSELL}
    assert "2 open opportunities ($40,000)" in window.account_view.facts.text()
    tab.table.select_where(lambda o: o.title == "Second team")
    tab.qbr_button.click()
    settled(window)  # picked off the GUI thread
    picked = [o.title for o in window.services.growth.opportunities(_id(window, "Acme"))
              if o.in_qbr]
    assert picked == ["Second team"]
    window.show_view("opportunities")
    settled(window)
    view = window.opportunities_view
    assert view.model.rowCount() == 2 and "1 won" not in view.title.text()
    assert "2 open" in view.title.text()
    assert view.totals_model.rowCount() == 2  # one row per kind


def test_logging_feedback_links_similar_requests_to_one_gap(qtbot, window: MainWindow,
                                                            tmp_path) -> None:
    for name in ("Acme", "Globex"):
        window.open_account(_id(window, name), "growth")
        settled(window)
        tab = window.account_view.growth
        dialog = tab.log_feedback()
        gap = dialog.findChild(QComboBox, "gap")
        assert gap.currentText() == ""  # nothing chosen for the user
        dialog.widgets["quote"].setPlainText("Contractors need SSO to sign in")
        if name == "Acme":
            gap.setCurrentText("SSO for contractors")  # a new gap
        else:
            assert gap.currentText() == "SSO for contractors"  # the similar gap, suggested
        press_ok(qtbot, dialog)
        assert tab.request_model.rowCount() == 1
    window.show_view("gaps")
    settled(window)
    view = window.gaps_view
    assert view.model.rowCount() == 1
    assert [view.model.index(0, c).data() for c in range(3)] == ["SSO for contractors", "2",
                                                                 "$150,000"]
    window.files.export_table(str(tmp_path / "gaps.xlsx"))
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=10000)
    sheet = openpyxl.load_workbook(tmp_path / "gaps.xlsx").active
    assert [c.value for c in sheet[2]][:3] == ["SSO for contractors", 2, 150000]


def test_feedback_without_a_gap_is_refused_at_the_field(qtbot, window: MainWindow) -> None:
    window.open_account(_id(window, "Acme"), "growth")
    settled(window)
    dialog = window.account_view.growth.log_feedback()
    dialog.widgets["quote"].setPlainText("zzz qqq")  # nothing similar
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and "product gap" in dialog.errors["gap"].text()
