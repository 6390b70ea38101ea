"""The Risks tab, and open risks in Today and Renewals, driven through the window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from csdesk.models import RiskSeverity
from csdesk.services import Services
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import press_ok, settled, shown_window

TODAY = date(2026, 11, 23)


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    services.accounts.create(name="Acme", arr_cents=120_000_00, contract_start=date(2026, 1, 5),
                             renewal_date=TODAY + timedelta(days=60))
    win = shown_window(qtbot, services, TODAY)
    yield win
    win.runner.wait()


def _acme(window: MainWindow) -> int:
    return window.services.accounts.find("Acme").id


def test_accepting_an_early_warning_records_a_risk(qtbot, window: MainWindow) -> None:
    window.open_account(_acme(window), "risks")
    settled(window)
    tab = window.account_view.risks
    warnings = [tab.warning_model.row_at(r).rule for r in range(tab.warning_model.rowCount())]
    assert "no_meeting" in warnings
    assert not tab.accept_button.isEnabled() and not tab.dismiss_button.isEnabled()
    tab.warnings.select_where(lambda p: p.rule == "no_meeting")
    assert tab.accept_button.isEnabled() and tab.dismiss_button.isEnabled()
    dialog = tab.accept_selected()
    assert dialog.widgets["title"].text() == "No recent meeting"
    dialog.widgets["owner"].setText("Alex")
    dialog.widgets["arr_at_risk"].setText("$40,000")
    press_ok(qtbot, dialog)
    risks = window.services.risks.for_account(_acme(window))
    assert [(r.title, r.owner, r.arr_at_risk_cents, r.rule) for r in risks] == [
        ("No recent meeting", "Alex", 40_000_00, "no_meeting")]
    assert tab.risk_model.rowCount() == 1
    # The buttons that act on a risk wait for one to be selected
    risk_buttons = [tab.edit_button, tab.escalate_button, tab.action_button, tab.delete_button]
    assert not any(b.isEnabled() for b in risk_buttons) and tab.new_button.isEnabled()
    tab.risks.select_where(lambda r: r.title == "No recent meeting")
    assert all(b.isEnabled() for b in risk_buttons)
    assert "no_meeting" not in [tab.warning_model.row_at(r).rule
                                for r in range(tab.warning_model.rowCount())]
    assert "1 open risk (medium)" in window.account_view.facts.text()  # the header


def test_dismissing_needs_a_reason(qtbot, window: MainWindow) -> None:
    window.open_account(_acme(window), "risks")
    settled(window)
    tab = window.account_view.risks
    tab.warnings.select_where(lambda p: p.rule == "no_meeting")
    dialog = tab.dismiss_selected()
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and "reason is required" in dialog.errors["reason"].text()
    dialog.widgets["reason"].setPlainText("On holiday until December")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert "no_meeting" not in [tab.warning_model.row_at(r).rule
                                for r in range(tab.warning_model.rowCount())]


def test_a_new_risk_escalated_with_an_action_shows_in_today_and_renewals(
        qtbot, window: MainWindow) -> None:
    window.open_account(_acme(window), "risks")
    settled(window)
    tab = window.account_view.risks
    dialog = tab.edit_risk(None)
    dialog.widgets["title"].setText("Competitor pilot")
    dialog.widgets["severity"].setCurrentIndex(
        dialog.widgets["severity"].findData(RiskSeverity.HIGH))
    dialog.widgets["arr_at_risk"].setText("twelve")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.errors["arr_at_risk"].text()  # refused at the field
    dialog.widgets["arr_at_risk"].setText("12000")
    press_ok(qtbot, dialog)
    risk = window.services.risks.for_account(_acme(window))[0]
    escalate = tab.escalate(risk)
    escalate.widgets["people"].setPlainText("Their CMO")
    press_ok(qtbot, escalate)
    action = tab.add_action(window.services.risks.get(risk.id))
    action.findChild(QLineEdit, "text").setText("Book the scoring demo")
    action.widgets["due_date"].set_value(TODAY + timedelta(days=2))
    press_ok(qtbot, action)
    assert tab.risk_model.index(0, 0).data() == "Mitigating"
    assert tab.risk_model.index(0, 7).data().startswith("Raised internally")
    window.show_view("today")
    settled(window)
    assert window.today_view.risk_model.index(0, 2).data() == "Competitor pilot  (escalated)"
    assert "Book the scoring demo" in [window.today_view.due_model.row_at(r).text
                                       for r in range(window.today_view.due_model.rowCount())]
    assert "1 open risk" in window.today_view.title.text()
    window.show_view("renewals")
    settled(window)
    model = window.renewals_view.model
    column = [model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(model.columnCount())].index("Open risks")
    assert model.index(0, column).data() == "1 (high)"
    assert isinstance(escalate.widgets["people"], QPlainTextEdit)


def test_the_screenshot_command_knows_every_view_and_account_tab() -> None:
    from csdesk.ui.account.workspace import TABS
    from csdesk.ui.main_window import VIEWS
    from csdesk.ui.screenshot import TABS as SCREENSHOT_TABS
    from csdesk.ui.screenshot import VIEW_NAMES

    assert SCREENSHOT_TABS[:len(TABS)] == TABS and VIEW_NAMES == VIEWS


def test_rules_are_switched_and_tuned_in_their_dialog(qtbot, window: MainWindow) -> None:
    window.open_account(_acme(window), "risks")
    settled(window)
    tab = window.account_view.risks
    assert "no_meeting" in [tab.warning_model.row_at(r).rule
                            for r in range(tab.warning_model.rowCount())]
    tab.rules_button.click()
    settled(window)  # the rules are read off the GUI thread, then the dialog opens
    dialog = window.tools.rules_dialog
    dialog.enabled["no_meeting"].setChecked(False)
    dialog.days["milestone_slip"].setValue(30)
    assert dialog.enabled["milestone_slip"].text() == "A milestone slipping more than 30 days"
    press_ok(qtbot, dialog)
    settled(window)  # the tab reads the warnings again
    settings = window.services.early_warning.settings()
    assert not settings["no_meeting"].enabled and settings["milestone_slip"].days == 30
    assert "no_meeting" not in [tab.warning_model.row_at(r).rule
                                for r in range(tab.warning_model.rowCount())]


def test_a_churned_account_says_why_it_has_no_early_warnings(qtbot, window: MainWindow) -> None:
    window.services.accounts.update(_acme(window), status="churned")
    window.open_account(_acme(window), "risks")
    settled(window)
    tab = window.account_view.risks
    assert tab.warning_model.rowCount() == 0  # no meeting in months, yet nothing to warn of
    assert tab.warnings.currentWidget() is tab.warnings.empty
    assert "the account has churned" in tab.warnings.empty.text()
