"""The Critical path tab, the Portfolio view and the templates dialog, driven as a user would."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from csdesk.services import Services
from csdesk.services.tracking import PathHealth
from csdesk.ui.dialogs.templates_dialog import NAME, TemplatesDialog
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import settled, type_into

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

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
    account = window.services.accounts.create(name="Acme", renewal_date=date(2027, 6, 1))
    window.refresh()
    settled(window)
    return account.id


def _stage_row(tab, name: str) -> int:
    return next(r for r in range(tab.model.rowCount()) if tab.model.row_at(r).stage.name == name)


def test_plan_track_and_undo_a_critical_path(qtbot, window: MainWindow, acme: int) -> None:
    window.open_account(acme, "path")
    settled(window)
    tab = window.account_view.path
    assert tab.stages.currentWidget() is tab.stages.empty
    assert window.account_view.current_tab() == "path"
    tab.template.setCurrentIndex(tab.template.findText("SaaS onboarding (90 days) · 8 stages"))
    type_into(qtbot, tab.kickoff, (TODAY - timedelta(weeks=5)).isoformat())
    qtbot.mouseClick(tab.apply_button, Qt.MouseButton.LeftButton)
    settled(window)  # saved off the GUI thread
    assert tab.model.rowCount() == 8 and tab.apply_button.text() == "Re-plan"
    assert tab.chart.figure is not None
    # Weeks 0, 1 and 2 are behind us and not done: overdue
    assert tab.track.health is PathHealth.OFF_TRACK
    assert "Off track" in tab.health.text()
    # Record the first stage's actual date in place
    row = _stage_row(tab, "Sales handover")
    model = tab.model
    model.setData(model.index(row, 2), (TODAY - timedelta(weeks=5)).isoformat(),
                  Qt.ItemDataRole.EditRole)
    settled(window)  # saved off the GUI thread, and the tab reloaded
    row = _stage_row(tab, "Sales handover")
    assert model.row_at(row).status.label == "Done on time"
    # A date that is not a date is refused at the tab, nothing changes
    model.setData(model.index(_stage_row(tab, "Go-live"), 2), "next Tuesday",
                  Qt.ItemDataRole.EditRole)
    assert "is not a date" in tab.error.text()
    assert model.row_at(_stage_row(tab, "Go-live")).stage.actual is None
    # Tick an exit criterion and add a barrier on the selected stage
    tab.stages.table.selectRow(_stage_row(tab, "Account configuration"))
    details = tab.details
    details.criteria.item(0).setCheckState(Qt.CheckState.Checked)
    type_into(qtbot, details.barrier_text, "Their IT is slow to open the firewall")
    qtbot.keyClick(details.barrier_text, Qt.Key.Key_Return)
    settled(window)  # both saved off the GUI thread
    plan = window.services.plans.get(acme)
    stage = next(m for m in window.services.critical_path.milestones(plan.id)
                 if m.name == "Account configuration")
    assert stage.exit_criteria[0] == {"text": "Account configured", "done": True}
    assert [b.description for b in stage.barriers] == ["Their IT is slow to open the firewall"]
    # Undo everything back to no path at all
    for _ in range(4):
        window.undo_action.trigger()
        settled(window)
    assert window.services.critical_path.milestones(plan.id) == []
    assert window.services.plans.get(acme).template_id is None
    window.redo_action.trigger()
    settled(window)
    assert len(window.services.critical_path.milestones(plan.id)) == 8


def test_moving_the_kickoff_replans_but_keeps_what_was_achieved(qtbot, window, acme) -> None:
    services = window.services
    plan = services.plans.get(acme)
    saas = services.templates.find("SaaS onboarding (90 days)")
    services.critical_path.apply_template(plan.id, saas.id, date(2026, 11, 2))
    first = services.critical_path.milestones(plan.id)[0]
    services.critical_path.update_milestone(first.id, actual_date=date(2026, 11, 3))
    window.open_account(acme, "path")
    settled(window)
    tab = window.account_view.path
    type_into(qtbot, tab.kickoff, "2026-11-16")
    qtbot.mouseClick(tab.apply_button, Qt.MouseButton.LeftButton)
    settled(window)  # saved off the GUI thread
    stages = {m.name: m for m in services.critical_path.milestones(plan.id)}
    assert stages["Sales handover"].actual_date == date(2026, 11, 3)
    assert stages["Sales handover"].planned_date == date(2026, 11, 2)
    assert stages["Go-live"].planned_date == date(2026, 11, 16) + timedelta(weeks=8)


def test_portfolio_view_lists_and_charts_every_account(qtbot, demo_services,
                                                       window: MainWindow) -> None:
    window.show_view("portfolio")
    settled(window)
    view = window.portfolio_view
    rows = window.services.critical_path.portfolio(TODAY)
    assert view.model.rowCount() == len(rows) > 0
    assert view.chart.figure is not None
    first = view.table.row_of(view.table.proxy.index(0, 0))
    from csdesk.ui.views.portfolio import HEALTH_ORDER

    worst = min(HEALTH_ORDER[r.track.health] for r in rows)
    assert HEALTH_ORDER[first.track.health] == worst  # the accounts in trouble come first
    view.table.table.activated.emit(view.table.proxy.index(0, 0))
    assert window.pages.currentWidget() is window.account_view
    assert window.account_view.current_tab() == "path"
    assert window.account_view.account_id == first.account_id


def test_portfolio_is_empty_until_a_path_exists(window: MainWindow, acme: int) -> None:
    window.show_view("portfolio")
    settled(window)
    view = window.portfolio_view
    assert view.table.currentWidget() is view.table.empty
    assert view.chart.figure is None


def test_chart_hover_shows_the_stage_details(qtbot, window: MainWindow, acme: int) -> None:
    from matplotlib.backend_bases import MouseEvent

    services = window.services
    plan = services.plans.get(acme)
    saas = services.templates.find("SaaS onboarding (90 days)")
    services.critical_path.apply_template(plan.id, saas.id, TODAY - timedelta(weeks=3))
    window.open_account(acme, "path")
    settled(window)
    chart = window.account_view.path.chart
    chart.canvas.draw()
    artist, text = next((a, t) for a, t in chart.figure.csdesk_hover if "days late" in t)
    box = artist.get_window_extent()
    event = MouseEvent("motion_notify_event", chart.canvas, (box.x0 + box.x1) / 2,
                       (box.y0 + box.y1) / 2)
    assert chart.hover_text(event) == text
    assert "Sales handover\nwas due" in text


def test_chart_can_be_saved(tmp_path, window: MainWindow, acme: int) -> None:
    services = window.services
    plan = services.plans.get(acme)
    services.critical_path.apply_template(plan.id, services.templates.list()[0].id, TODAY)
    window.open_account(acme, "path")
    settled(window)
    saved = window.account_view.path.chart.save_as(str(tmp_path / "path.svg"))
    assert saved and b"<svg" in saved.read_bytes()[:400]


def test_templates_dialog_create_edit_import_export(qtbot, services: Services,
                                                    tmp_path) -> None:
    dialog = TemplatesDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_button.isEnabled()  # a shipped template is selected: read-only
    assert dialog.read_only.isVisible()
    dialog.new_template()
    assert dialog.save_button.isEnabled()
    type_into(qtbot, dialog.name, "Enterprise rollout")
    dialog.add_stage()
    row = dialog.stages.rowCount() - 1
    dialog.stages.item(row, NAME).setText("Security review")
    dialog.stages.cellWidget(row, 1).setValue(10)
    dialog.stages.setCurrentCell(row, NAME)
    dialog.criteria.setPlainText("Pen test passed\nDPA signed")
    dialog.move_stage(-1)  # before "First value" (week 6)? weeks must stay in order...
    dialog.save()
    assert "in order of their week" in dialog.error.text()
    dialog.move_stage(1)
    dialog.save()
    assert dialog.error.isHidden()
    template = services.templates.find("Enterprise rollout")
    assert [s.name for s in template.stages] == ["Kick-off", "First value", "Security review"]
    assert template.stages[2].exit_criteria == ["Pen test passed", "DPA signed"]
    out = tmp_path / "rollout.json"
    dialog.export_template(str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["name"] == "Enterprise rollout"
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "X", "stages": [{"name": "A"}]}', encoding="utf-8")
    dialog.import_template(str(bad))
    assert "Not imported: bad.json: stage 1: week must be" in dialog.error.text()
    dialog.import_template(str(out))
    assert dialog.template.name == "Enterprise rollout (2)"
    dialog.copy_template()
    assert dialog.template.name == "Enterprise rollout (2) (copy)"
