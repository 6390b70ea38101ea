"""The team server goes away in the middle of the day (network gone, server restarted): the app
says so plainly, and nothing the user typed is lost. A PostgreSQL server of the test's own is
halted and resumed while the real window is in use."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from csdesk.errors import ServerUnreachableError
from csdesk.services import Services
from csdesk.store.paths import WorkspaceLocation
from csdesk.store.workspace import Workspace
from tests.ui_helpers import press_ok, settled, shown_window

TODAY = date(2026, 11, 23)


@pytest.fixture
def team(own_pg_server):
    workspace = Workspace.open(WorkspaceLocation(url=own_pg_server.new_database()))
    yield own_pg_server, Services(workspace)
    workspace.close()


def _not_saved_box(window) -> QMessageBox:
    boxes = [b for b in window.findChildren(QMessageBox) if b.objectName() == "notSaved"
             and b.isVisible()]
    assert boxes, "no message said the change was not saved"
    return boxes[-1]


def _show_meeting(window, account_id: int, meeting_id: int):
    window.open_account(account_id, "meetings")
    settled(window)
    window.account_view.meetings.select(meeting_id)
    return window.account_view.meetings.editor


def _meeting_open(qtbot, services: Services):
    """A window with the Kick-off meeting of Acme open in the meeting editor."""
    account = services.accounts.create(name="Acme")
    meeting = services.meetings.create(account.id, title="Kick-off", held_on=TODAY)
    window = shown_window(qtbot, services, TODAY)
    return window, account, meeting, _show_meeting(window, account.id, meeting.id)


def test_a_save_while_the_server_is_down_keeps_the_dialog_and_says_why(qtbot, team) -> None:
    server, services = team
    account = services.accounts.create(name="Acme", industry="Banking")
    window = shown_window(qtbot, services, TODAY)
    window.accounts.edit_account(account.id)
    settled(window)  # the account is read off the GUI thread
    dialog = window.accounts.edit_dialog
    dialog.form.widgets["industry"].setText("Retail")
    server.halt()
    with pytest.raises(ServerUnreachableError, match="cannot be reached"):
        services.accounts.get(account.id)  # reads say so too, within the connect timeout
    press_ok(qtbot, dialog)
    box = _not_saved_box(dialog)
    assert "cannot be reached" in box.text() and "still in this window" in box.informativeText()
    assert dialog.isVisible() and dialog.form.widgets["industry"].text() == "Retail"
    box.close()
    server.resume()
    press_ok(qtbot, dialog)  # the same save, once the server is back
    assert not dialog.isVisible()
    assert services.accounts.get(account.id).industry == "Retail"


def test_notes_typed_while_the_server_is_down_survive_closing_the_app(qtbot, team) -> None:
    server, services = team
    window, account, meeting, editor = _meeting_open(qtbot, services)
    server.halt()
    editor.notes.setPlainText("Budget approved\nAI: send the roadmap @Dana due 2026-12-01")
    assert editor.save_notes() is False
    assert "Not saved yet" in editor.notes_message.text()
    assert editor.notes.toPlainText().startswith("Budget approved")  # still on screen
    window.close()  # tries again on close; still down: the draft stays on this computer
    assert services.meetings.drafts.get(meeting.id).text.startswith("Budget approved")

    server.resume()
    again = shown_window(qtbot, services, TODAY)
    restored = _show_meeting(again, account.id, meeting.id)
    assert restored.notes.toPlainText().startswith("Budget approved")
    assert "not saved yet" in restored.notes_message.text()
    qtbot.waitUntil(lambda: services.meetings.get(meeting.id).notes is not None, timeout=5000)
    settled(again)  # the save (off the GUI thread) has landed and dropped the draft
    assert services.meetings.get(meeting.id).notes.startswith("Budget approved")
    assert [a.text for a in services.meetings.actions_for_account(account.id)] == [
        "send the roadmap"]
    assert services.meetings.drafts.get(meeting.id) is None


def test_someone_elses_notes_saved_while_i_was_offline_are_not_overwritten(qtbot, team) -> None:
    server, services = team
    window, account, meeting, editor = _meeting_open(qtbot, services)
    server.halt()
    editor.notes.setPlainText("Mine, typed offline")
    assert editor.save_notes() is False
    server.resume()
    services.meetings.save_notes(meeting.id, "Sam's notes")  # a colleague, meanwhile
    asked = []
    editor.resolve_notes = lambda theirs, mine: asked.append((theirs, mine)) or "both"
    assert editor.save_notes() is True
    assert asked == [("Sam's notes", "Mine, typed offline")]
    saved = services.meetings.get(meeting.id).notes
    assert "Sam's notes" in saved and "Mine, typed offline" in saved


def test_a_read_that_fails_while_showing_a_meeting_leaves_the_editor_usable(
        qtbot, services: Services, monkeypatch) -> None:
    window, account, meeting, editor = _meeting_open(qtbot, services)
    other = services.meetings.create(account.id, title="QBR", held_on=TODAY)
    shown = services.meetings.get(other.id)
    real_contacts = services.contacts.for_account

    def server_gone(account_id: int):
        raise ServerUnreachableError("the team workspace cannot be reached")

    monkeypatch.setattr(services.contacts, "for_account", server_gone)
    editor.account_contacts = None  # the attendees to tick are read as the meeting shows
    with pytest.raises(ServerUnreachableError):
        editor.show_meeting(shown)
    monkeypatch.setattr(services.contacts, "for_account", real_contacts)  # the server is back
    editor.notes.setPlainText("Agreed the QBR date")
    assert editor.save_notes() is True  # not stuck half-loaded: the notes are saved
    assert services.meetings.get(other.id).notes == "Agreed the QBR date"
