"""Health breakdown, sentiment, revenue and feedback entry, Renewals and the dashboard, driven
through the real widgets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from csdesk.services import Services
from csdesk.ui.dialogs.weights_dialog import WeightsDialog
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import press_ok, settled, type_into

TODAY = date(2026, 11, 23)


@pytest.fixture
def window(qtbot, services: Services):
    win = MainWindow(services, today=lambda: TODAY, remember_layout=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.wait()


@pytest.fixture
def acme(window: MainWindow) -> int:
    account = window.services.accounts.create(name="Acme", renewal_date=TODAY + timedelta(50),
                                              arr_cents=120_000_00)
    window.services.meetings.create(account.id, title="Check-in", held_on=TODAY - timedelta(3))
    # A KPI at its target: with the meeting and the action items, enough data for a score.
    kpi = window.services.plans.add_kpi(window.services.plans.get(account.id).id,
                                        name="Active users", baseline=10, target=50)
    window.services.plans.record_reading(kpi.id, TODAY - timedelta(5), 50)
    window.refresh()
    settled(window)
    return account.id


def test_health_breakdown_and_sentiment_with_undo(qtbot, window, acme) -> None:
    window.open_account(acme, "overview")
    settled(window)
    panel = window.account_view.overview.health
    reasons = {c.key: c.reason for c in panel.model.rows}
    assert reasons["engagement"] == "last meeting 3 days ago"
    assert reasons["sentiment"] == "not set"
    assert "Healthy" in panel.summary.text()
    panel.sentiment.setValue(20)
    qtbot.mouseClick(panel.set_button, Qt.MouseButton.LeftButton)
    settled(window)  # refused on the write thread, shown at the panel
    assert "needs a note" in panel.error.text()
    assert window.services.accounts.get(acme).sentiment is None
    type_into(qtbot, panel.sentiment_note, "Sponsor is unhappy with support")
    qtbot.mouseClick(panel.set_button, Qt.MouseButton.LeftButton)
    settled(window)  # saved, then health follows, in the background
    assert window.services.accounts.get(acme).sentiment == 20
    assert panel.error.text() == "" or not panel.error.isVisible()
    reasons = {c.key: (c.score, c.reason) for c in panel.model.rows}
    assert reasons["sentiment"] == (20, "Sponsor is unhappy with support")
    assert window.services.accounts.get(acme).health_score < 100  # recomputed on the edit
    assert len(window.services.health.history(acme)) == 1
    window.undo_action.trigger()
    settled(window)
    assert window.services.accounts.get(acme).sentiment is None


def test_recording_arr_and_responses_on_the_overview(qtbot, window, acme) -> None:
    window.open_account(acme, "overview")
    settled(window)
    overview = window.account_view.overview
    arr = overview.arr_history
    type_into(qtbot, arr.when, "2026-01-01")
    type_into(qtbot, arr.arr, "$120,000")
    qtbot.keyClick(arr.arr, Qt.Key.Key_Return)
    settled(window)  # recorded off the GUI thread
    assert arr.arr.text() == ""  # cleared for the next
    history = window.services.signals.arr_history(acme)
    assert [(h.effective_on, h.arr_cents) for h in history] == [(date(2026, 1, 1), 120_000_00)]
    assert arr.model.rowCount() == 1
    responses = overview.responses
    type_into(qtbot, responses.score, "12")
    qtbot.keyClick(responses.comment, Qt.Key.Key_Return)
    settled(window)
    assert "NPS scores run from 0 to 10" in responses.error.text()
    type_into(qtbot, responses.score, "9")
    qtbot.keyClick(responses.comment, Qt.Key.Key_Return)
    settled(window)
    assert [r.score for r in window.services.signals.responses(acme)] == [9]
    reasons = {c.key: c.reason for c in overview.health.model.rows}
    assert reasons["voice"] == "NPS average 9.0"


def test_accounts_table_and_header_show_the_band(qtbot, window, acme) -> None:
    window.services.health.refresh(TODAY)
    window.show_view("accounts")
    settled(window)
    row = window.accounts_view.table.visible_rows()[0]
    column = [c.title for c in window.accounts_view.model.columns].index("Health")
    text = window.accounts_view.model.index(0, column).data()
    assert text.endswith(("Healthy", "At risk", "Unhealthy")) and row.health_score is not None
    window.open_account(acme, "")
    settled(window)
    assert "health " + text in window.account_view.facts.text()


def test_renewals_pipeline_view(qtbot, window, acme) -> None:
    window.services.accounts.create(name="Later", renewal_date=TODAY + timedelta(150),
                                    arr_cents=50_000_00)
    window.show_view("renewals")
    settled(window)
    view = window.renewals_view
    assert [r.account_name for r in view.model.rows] == ["Acme"]
    assert view.model.rows[0].checkpoint_label == "T-60: confirm terms"
    assert "$120,000 up for renewal" in view.title.text()
    view.window.setCurrentIndex(1)
    view.window.activated.emit(1)
    settled(window)
    assert [r.account_name for r in view.model.rows] == ["Acme", "Later"]
    assert "next 180 days" in view.title.text()


def test_opening_creates_the_start_renewal_action_once(qtbot, window, acme) -> None:
    window.start_daily_work()
    window.runner.wait()
    qtbot.waitUntil(lambda: any(a.text.startswith("Start renewal") for a in
                                window.services.meetings.actions_for_account(acme)))
    window.start_daily_work()
    window.runner.wait()
    starts = [a for a in window.services.meetings.actions_for_account(acme)
              if a.text.startswith("Start renewal")]
    assert len(starts) == 1


def test_dashboard_tiles_match_the_metrics(qtbot, demo_services, window) -> None:
    window.show_view("portfolio")
    settled(window)
    panel = window.portfolio_view.dashboard
    metrics = window.services.metrics.compute(TODAY - timedelta(days=364), TODAY)
    assert f"{metrics.nrr * 100:.1f}%" in panel.tiles["nrr"].value.text()
    assert f"{metrics.customers_lost} of {metrics.customers_start}" in \
        panel.tiles["churn"].note.text()
    assert panel.bridge.figure is not None and panel.health.figure is not None
    panel.period.setCurrentText("Last 30 days")
    panel.period.activated.emit(0)
    settled(window)
    assert "(30 days)" in panel.range.text()


def test_dashboard_on_an_empty_book(qtbot, window, acme) -> None:
    window.services.accounts.update(acme, arr_cents=0)
    window.show_view("portfolio")
    settled(window)
    panel = window.portfolio_view.dashboard
    assert "—" in panel.tiles["nrr"].value.text()


def test_weights_dialog(qtbot, window, acme) -> None:
    window.weights_action.trigger()
    settled(window)  # the weights are read off the GUI thread, then the dialog opens
    dialog = window.findChild(WeightsDialog)
    for box in dialog.boxes.values():
        box.setValue(0)
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and "at least one" in dialog.error.text()
    dialog.boxes["engagement"].setValue(100)
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert window.services.health.weights()["engagement"] == 100
    assert window.services.accounts.get(acme).health_score == 100  # only engagement counts
