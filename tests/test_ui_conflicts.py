"""Two people editing one account: the second save shows both versions instead of losing one."""

from __future__ import annotations

from datetime import date

from csdesk.services import Services
from tests.ui_helpers import settled, shown_window

TODAY = date(2026, 11, 23)


def _window(qtbot, services: Services):
    return shown_window(qtbot, services, TODAY)


def test_a_conflicting_save_shows_both_versions_and_keeps_theirs_if_asked(
        qtbot, services: Services) -> None:
    account = services.accounts.create(name="Acme", industry="Banking")
    window = _window(qtbot, services)
    window.accounts.edit_account(account.id)
    settled(window)  # the account is read off the GUI thread
    dialog = window.accounts.edit_dialog
    services.accounts.update(account.id, industry="Aviation")  # someone else saves meanwhile
    shown = []
    window.keep_mine = lambda conflict: shown.append(conflict.fields) or False
    dialog.form.widgets["industry"].setText("Retail")
    dialog.accept()
    settled(window)  # saved off the GUI thread
    assert shown == [{"industry": ("Banking", "Aviation", "Retail")}]
    assert services.accounts.get(account.id).industry == "Aviation"  # theirs kept
    window.accounts.edit_account(account.id)
    settled(window)  # the account is read off the GUI thread
    again = window.accounts.edit_dialog
    services.accounts.update(account.id, industry="Media")
    window.keep_mine = lambda conflict: True
    again.form.widgets["industry"].setText("Retail")
    again.accept()
    settled(window)  # saved off the GUI thread
    assert services.accounts.get(account.id).industry == "Retail"  # mine, knowingly


def test_meeting_notes_saved_meanwhile_by_someone_else_are_not_lost(
        qtbot, services: Services) -> None:
    import pytest

    from csdesk.errors import ConflictError

    account = services.accounts.create(name="Acme")
    meeting = services.meetings.create(account.id, title="Kick-off", held_on=TODAY)
    with pytest.raises(ConflictError):  # the service itself refuses a blind overwrite
        services.meetings.save_notes(meeting.id, "mine", expected="what I started from")
    window = _window(qtbot, services)
    window.open_account(account.id, "meetings")
    settled(window)
    tab = window.account_view.meetings
    tab.select(meeting.id)
    editor = tab.editor
    answers = iter(["theirs", "both"])
    editor.resolve_notes = lambda theirs, mine: next(answers)
    editor.notes.setPlainText("Agreed the roadmap")
    services.meetings.save_notes(meeting.id, "Sam: budget approved")  # someone else, meanwhile
    editor.save_notes()
    assert editor.notes.toPlainText() == "Sam: budget approved"  # theirs taken, on screen
    assert services.meetings.get(meeting.id).notes == "Sam: budget approved"
    editor.notes.setPlainText("Sam: budget approved\nAgreed the roadmap")
    editor.save_notes()  # no one else wrote since: saved without a question
    assert services.meetings.get(meeting.id).notes.endswith("Agreed the roadmap")
    services.meetings.save_notes(meeting.id, "Dana: champion leaves")  # and again, meanwhile
    editor.notes.setPlainText("Next QBR in March")
    editor.save_notes()  # keep both
    saved = services.meetings.get(meeting.id).notes
    assert "Next QBR in March" in saved and "Dana: champion leaves" in saved


def _visible_form(window):
    from csdesk.ui.dialogs.simple_form import FormDialog

    return [d for d in window.findChildren(FormDialog) if d.isVisible()][-1]


def test_a_stakeholder_edited_meanwhile_asks_and_keeps_theirs_if_told(
        qtbot, services: Services) -> None:
    from PySide6.QtCore import Qt

    from csdesk.models import StakeholderRole

    account = services.accounts.create(name="Acme")
    contact = services.contacts.add(account.id, name="Dana Reyes", title="VP Ops",
                                    role=StakeholderRole.CHAMPION)
    window = _window(qtbot, services)
    window.open_account(account.id, "overview")
    settled(window)
    window.account_view.overview.edit_contact(contact)
    dialog = _visible_form(window)
    services.contacts.update(contact.id, title="COO")  # someone else, meanwhile
    asked = []
    window.keep_mine = lambda conflict: asked.append(conflict.fields) or False
    dialog.widgets["title"].setText("Head of Operations")
    dialog.accept()
    settled(window)  # saved off the GUI thread
    assert asked == [{"title": ("VP Ops", "COO", "Head of Operations")}]
    assert services.contacts.for_account(account.id)[0].title == "COO"
    assert not dialog.isVisible()  # closed on what is saved: theirs
    shown = window.account_view.overview.contacts.table.model().index(0, 0)
    assert shown.data(Qt.ItemDataRole.ToolTipRole) == "COO"  # the job title, theirs


def test_a_canvas_statement_edited_meanwhile_is_not_overwritten(qtbot, services: Services) -> None:
    from csdesk.models import CanvasItemKind

    account = services.accounts.create(name="Acme")
    plan = services.plans.get(account.id)
    item = services.plans.add_item(plan.id, CanvasItemKind.OBJECTIVE, "Cut onboarding time")
    window = _window(qtbot, services)
    window.open_account(account.id, "plan")
    settled(window)
    objectives = window.account_view.plan.lists[CanvasItemKind.OBJECTIVE]
    services.plans.update_item(item.id, "Cut onboarding time by half")  # someone else
    asked = []
    window.keep_mine = lambda conflict: asked.append(conflict.fields["text"]) or False
    objectives.list.item(0).setText("Cut onboarding to 30 days")  # what I typed in place
    settled(window)  # saved off the GUI thread
    assert asked == [("Cut onboarding time", "Cut onboarding time by half",
                      "Cut onboarding to 30 days")]
    assert services.plans.get(account.id).items[0].text == "Cut onboarding time by half"
    assert objectives.list.item(0).text() == "Cut onboarding time by half"  # theirs on screen
    window.keep_mine = lambda conflict: True
    services.plans.update_item(item.id, "Halve onboarding time")  # and again
    objectives.list.item(0).setText("Cut onboarding to 30 days")
    settled(window)
    assert services.plans.get(account.id).items[0].text == "Cut onboarding to 30 days"


def test_undo_does_not_overwrite_a_change_made_after_it(qtbot, services: Services) -> None:
    account = services.accounts.create(name="Acme")
    meeting = services.meetings.create(account.id, title="Kick-off", held_on=TODAY)
    window = _window(qtbot, services)
    window.open_account(account.id, "meetings")
    settled(window)
    editor = window.account_view.meetings.editor
    window.account_view.meetings.select(meeting.id)
    editor.title.setText("Kick-off workshop")
    editor.title.editingFinished.emit()
    settled(window)
    assert services.meetings.get(meeting.id).title == "Kick-off workshop"
    services.meetings.update(meeting.id, title="Kick-off workshop (moved)")  # someone else
    failures = []
    window.editor.failed.disconnect()
    window.editor.failed.connect(failures.append)
    window.editor.stack.undo()
    settled(window)  # the undo runs off the GUI thread too
    assert services.meetings.get(meeting.id).title == "Kick-off workshop (moved)"
    assert failures and "changed by someone else" in failures[0]


def test_sentiment_and_kpi_readings_set_meanwhile_are_asked_about(qtbot,
                                                                  services: Services) -> None:
    from decimal import Decimal

    from PySide6.QtCore import Qt

    from tests.ui_helpers import type_into

    account = services.accounts.create(name="Acme")
    kpi = services.plans.add_kpi(services.plans.get(account.id).id, name="Adoption",
                                 baseline=10, target=60)
    window = _window(qtbot, services)
    window.open_account(account.id, "overview")
    settled(window)
    panel = window.account_view.overview.health
    services.health.set_sentiment(account.id, 30, "Champion left", TODAY)  # a colleague
    asked = []
    window.keep_mine = lambda conflict: asked.append(conflict.fields) or False
    panel.sentiment.setValue(80)
    type_into(qtbot, panel.sentiment_note, "Great QBR")
    qtbot.mouseClick(panel.set_button, Qt.MouseButton.LeftButton)
    settled(window)
    assert asked and asked[0]["sentiment"] == (None, 30, 80)
    assert services.accounts.get(account.id).sentiment == 30

    window.open_account(account.id, "plan")
    settled(window)
    measures = window.account_view.plan.measures
    services.plans.record_reading(kpi.id, TODAY, 42)  # a colleague, the same day
    window.keep_mine = lambda conflict: asked.append(conflict.fields) or True
    measures.table.table.selectRow(0)
    type_into(qtbot, measures.reading_value, "45")
    qtbot.keyClick(measures.reading_value, Qt.Key.Key_Return)
    settled(window)  # refused off the GUI thread, asked, then mine saved knowingly
    assert measures.reading_value.text() == ""  # saved: cleared for the next
    assert asked[-1] == {"reading": (None, "42", "45")}
    kpi_now = services.plans.get(account.id).kpis[0]
    assert [r.value for r in kpi_now.readings] == [Decimal(45)]  # mine, knowingly
    window.undo_action.trigger()  # undo puts theirs back
    settled(window)
    assert [r.value for r in services.plans.get(account.id).kpis[0].readings] == [Decimal(42)]
