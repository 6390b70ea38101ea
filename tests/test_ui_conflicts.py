"""Two people editing one account: the second save shows both versions instead of losing one."""

from __future__ import annotations

from datetime import date

from csdesk.services import Services
from tests.ui_helpers import shown_window

TODAY = date(2026, 11, 23)


def _window(qtbot, services: Services):  # noqa: ANN001, ANN202
    return shown_window(qtbot, services, TODAY)


def test_a_conflicting_save_shows_both_versions_and_keeps_theirs_if_asked(
        qtbot, services: Services) -> None:
    account = services.accounts.create(name="Acme", industry="Banking")
    window = _window(qtbot, services)
    dialog = window.edit_account(account.id)
    services.accounts.update(account.id, industry="Aviation")  # someone else saves meanwhile
    shown = []
    window.keep_mine = lambda conflict: shown.append(conflict.fields) or False
    dialog.form.widgets["industry"].setText("Retail")
    dialog.accept()
    assert shown == [{"industry": ("Banking", "Aviation", "Retail")}]
    assert services.accounts.get(account.id).industry == "Aviation"  # theirs kept
    again = window.edit_account(account.id)
    services.accounts.update(account.id, industry="Media")
    window.keep_mine = lambda conflict: True
    again.form.widgets["industry"].setText("Retail")
    again.accept()
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
