"""The window never waits: edits cost a few transactions, book views load off the GUI thread,
and the event loop keeps running under long work."""

from __future__ import annotations

import time
from datetime import date

import pytest
from PySide6.QtCore import QThread, QTimer
from sqlalchemy import event

from csdesk.ui.account.workspace import TABS
from tests.ui_helpers import leave, settled, shown_window, type_into

TODAY = date(2026, 3, 2)


@pytest.fixture
def window(qtbot, demo_services):
    return shown_window(qtbot, demo_services, TODAY)


def _transactions(services) -> list[int]:
    begins: list[int] = []
    event.listen(services.workspace.engine, "begin", lambda _c: begins.append(1))
    return begins


def test_an_edit_saves_and_refreshes_in_three_transactions(qtbot, window) -> None:
    account = window.services.accounts.list()[0]
    window.open_account(account.id, "overview")
    settled(window)
    begins = _transactions(window.services)
    field = window.account_view.overview.highlights.widgets["industry"]
    type_into(qtbot, field, "Logistics software")
    leave(field)
    settled(window)
    assert len(begins) <= 3  # the save, the open account's reload, its health
    assert window.services.accounts.get(account.id).industry == "Logistics software"
    assert "health" in window.account_view.facts.text()


def test_a_change_to_another_account_leaves_the_open_one_alone(qtbot, window) -> None:
    first, second = window.services.accounts.list()[:2]
    window.open_account(first.id, "overview")
    settled(window)
    reloads: list[str] = []
    overview = window.account_view.overview
    original = overview.show
    overview.show = lambda data: reloads.append("overview") or original(data)
    window.editor.set_fields("Rename", window.services.accounts.update, second.id,
                             {"name": second.name}, {"name": second.name + " Group"}, second.id)
    settled(window)
    assert reloads == []  # not shown here: nothing reloaded
    window.editor.set_fields("Rename", window.services.accounts.update, first.id,
                             {"name": first.name}, {"name": first.name + " Group"}, first.id)
    assert reloads == ["overview"]
    assert first.name + " Group" in window.account_view.name.text()


def test_a_book_view_loads_off_the_gui_thread(qtbot, window, monkeypatch) -> None:
    threads: list[QThread] = []
    book = window.services.book
    original = book.account_summaries
    monkeypatch.setattr(book, "account_summaries", lambda *a, **k: (
        threads.append(QThread.currentThread()) or original(*a, **k)))
    window.show_view("accounts")
    settled(window)
    assert threads and all(t is not QThread.currentThread() for t in threads)
    assert len(window.accounts_view.table.visible_rows()) == 12


def test_the_window_answers_while_the_daily_work_runs(qtbot, window, monkeypatch) -> None:
    health = window.services.health
    original = health.refresh

    def slow_refresh(*args, **kwargs):
        time.sleep(1.5)
        return original(*args, **kwargs)

    monkeypatch.setattr(health, "refresh", slow_refresh)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    window.start_daily_work()
    qtbot.waitUntil(lambda: window.operations.indicator.isVisible(), timeout=2000)
    assert "Refreshing health scores" in window.operations.indicator.label.text()
    window.show_view("renewals")  # navigating meanwhile works, and shows its rows
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.renewals_view)
    settled(window)
    timer.stop()
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 0.5
    assert not window.operations.indicator.isVisible()


def test_quickly_switching_views_shows_the_last_one_chosen(qtbot, window) -> None:
    for view in ("accounts", "renewals", "portfolio", "today"):
        window.show_view(view)
    settled(window)
    assert window.pages.currentWidget() is window.today_view
    assert window.today_view.due_model.rowCount() > 0


def test_an_account_and_its_tabs_load_off_the_gui_thread(qtbot, window, monkeypatch) -> None:
    """Opening an account reads its header and tab on the read thread, the tabs waiting
    (disabled) meanwhile; every tab reads there when it is shown."""
    threads: list[QThread] = []
    accounts = window.services.accounts
    original = accounts.get

    def slow_get(*args, **kwargs):
        threads.append(QThread.currentThread())
        time.sleep(0.2)
        return original(*args, **kwargs)

    first, second = accounts.list()[:2]
    monkeypatch.setattr(accounts, "get", slow_get)
    window.open_account(first.id, "overview")
    assert not window.account_view.tabs.isEnabled()  # nothing to act on before its data
    settled(window)
    assert window.account_view.tabs.isEnabled() and first.name in window.account_view.name.text()
    for tab in ("plan", "path", "meetings", "risks", "growth", "activity", "overview"):
        window.account_view.tabs.setCurrentIndex(TABS.index(tab))
        settled(window)
    assert threads and all(t is not QThread.currentThread() for t in threads)
    window.open_account(second.id, "plan")  # quickly to another: only the last one shows
    window.open_account(first.id, "plan")
    settled(window)
    assert first.name in window.account_view.name.text()
    assert window.account_view.plan.plan.id == window.services.plans.get(first.id).id


def test_opening_another_account_saves_the_field_being_typed_to_its_own(qtbot, window) -> None:
    first, second = window.services.accounts.list()[:2]
    window.open_account(first.id, "overview")
    settled(window)
    field = window.account_view.overview.highlights.widgets["industry"]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    qtbot.keyClicks(field, "Typed for the first")
    window.open_account(second.id, "overview")
    # Nothing acts on the next account before its data is on screen
    assert not window.account_view.tabs.isEnabled()
    assert not window.account_view.edit_button.isEnabled()
    settled(window)
    # Saved (off the GUI thread) to the account it was typed for
    assert window.services.accounts.get(first.id).industry == "Typed for the first"
    assert window.account_view.tabs.isEnabled() and window.account_view.edit_button.isEnabled()
    assert second.name in window.account_view.name.text()
    assert window.services.accounts.get(second.id).industry != "Typed for the first"


def test_an_account_deleted_elsewhere_closes_with_a_word(qtbot, window) -> None:
    account = window.services.accounts.list()[0]
    window.open_account(account.id, "plan")
    settled(window)
    window.services.accounts.delete(account.id)  # as another CSM of the team would
    window.account_view.tabs.setCurrentIndex(TABS.index("risks"))
    settled(window)
    assert window.pages.currentWidget() is window.accounts_view
    assert "no longer in the workspace" in window.statusBar().currentMessage()


def _slowed(monkeypatch, service, method: str, seconds: float) -> None:
    """``service.method`` takes ``seconds`` longer (a team workspace far away)."""
    original = getattr(service, method)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    slow.__qualname__ = original.__qualname__  # the Editor reads what it changes from it
    monkeypatch.setattr(service, method, slow)


def _recording_thread(monkeypatch, service, method: str) -> list[QThread]:
    threads: list[QThread] = []
    original = getattr(service, method)

    def recorded(*args, **kwargs):
        threads.append(QThread.currentThread())
        return original(*args, **kwargs)

    recorded.__qualname__ = original.__qualname__  # the Editor reads what it changes from it
    recorded.__self__ = service  # type: ignore[attr-defined]
    monkeypatch.setattr(service, method, recorded)
    return threads


def test_a_field_and_its_undo_save_off_the_gui_thread(qtbot, window, monkeypatch) -> None:
    account = window.services.accounts.list()[0]
    window.open_account(account.id, "overview")
    settled(window)
    threads = _recording_thread(monkeypatch, window.services.accounts, "update")
    field = window.account_view.overview.highlights.widgets["industry"]
    type_into(qtbot, field, "Cold chain logistics")
    leave(field)
    settled(window)
    assert window.services.accounts.get(account.id).industry == "Cold chain logistics"
    window.undo_action.trigger()
    settled(window)
    assert window.services.accounts.get(account.id).industry == account.industry
    assert field.text() == (account.industry or "")  # the undo is on screen
    assert len(threads) == 2 and all(t is not QThread.currentThread() for t in threads)
    window.redo_action.trigger()
    settled(window)
    assert field.text() == "Cold chain logistics"


def test_a_value_refused_after_saving_off_the_gui_thread_shows_at_its_field(
        qtbot, window) -> None:
    account = window.services.accounts.list()[0]
    assert account.contract_start is not None
    window.open_account(account.id, "overview")
    settled(window)
    commercials = window.account_view.overview.commercials
    renewal = commercials.widgets["renewal_date"]
    early = account.contract_start.replace(year=account.contract_start.year - 1)
    type_into(qtbot, renewal, early.isoformat())
    leave(renewal)
    settled(window)
    assert "before contract start" in commercials.errors["renewal_date"].text()
    assert window.services.accounts.get(account.id).renewal_date == account.renewal_date
    assert not window.editor.stack.canUndo()  # nothing saved, nothing to undo


def test_a_field_saved_twice_before_its_reload_asks_nobody(qtbot, window) -> None:
    account = window.services.accounts.list()[0]
    window.open_account(account.id, "overview")
    settled(window)
    asked: list[object] = []
    window.keep_mine = lambda conflict: asked.append(conflict) or False
    field = window.account_view.overview.highlights.widgets["industry"]
    for text in ("Freight", "Freight forwarding"):  # no reload between the two saves
        type_into(qtbot, field, text)
        field.editingFinished.emit()
    settled(window)
    assert asked == []  # my first save is not someone else's change
    assert window.services.accounts.get(account.id).industry == "Freight forwarding"
    window.undo_action.trigger()
    window.undo_action.trigger()
    settled(window)
    assert window.services.accounts.get(account.id).industry == account.industry


def test_the_window_answers_while_a_save_runs(qtbot, window, monkeypatch) -> None:
    account = window.services.accounts.list()[0]
    window.open_account(account.id, "overview")
    settled(window)
    accounts = window.services.accounts
    _slowed(monkeypatch, accounts, "update", 1.5)  # a team workspace far away
    field = window.account_view.overview.highlights.widgets["industry"]
    type_into(qtbot, field, "Retail banking")
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    leave(field)
    qtbot.waitUntil(lambda: window.operations.indicator.isVisible(), timeout=2000)
    assert "Change industry" in window.operations.indicator.label.text()
    assert accounts.get(account.id).industry != "Retail banking"  # still on its way
    qtbot.waitUntil(lambda: not window.editor.operations.busy(), timeout=5000)
    timer.stop()
    # The event loop kept turning through the save: a GUI thread held by it would show one
    # gap of 1.5 s (the margin is for a busy machine).
    assert len(ticks) > 20
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 0.9
    assert accounts.get(account.id).industry == "Retail banking"


def test_a_dialog_waits_for_its_save_and_closes_when_it_landed(qtbot, window,
                                                               monkeypatch) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    account = window.services.accounts.list()[0]
    accounts = window.services.accounts
    _slowed(monkeypatch, accounts, "update", 0.6)
    window.accounts.edit_account(account.id)
    settled(window)  # the account is read off the GUI thread
    dialog = window.accounts.edit_dialog
    type_into(qtbot, dialog.form.widgets["industry"], "Aerospace")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and not dialog.buttons.isEnabled()  # waiting, not frozen
    dialog.reject()  # Esc while it saves: the save finishes first
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    settled(window)
    assert accounts.get(account.id).industry == "Aerospace"
    assert window.editor.stack.undoText() == f"Edit account {account.name}"


def test_a_dialog_refused_after_saving_keeps_what_was_typed(qtbot, window) -> None:
    from tests.ui_helpers import press_ok

    account = window.services.accounts.list()[0]
    window.accounts.edit_account(account.id)
    settled(window)  # the account is read off the GUI thread
    dialog = window.accounts.edit_dialog
    type_into(qtbot, dialog.form.widgets["name"], window.services.accounts.list()[1].name)
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert "already" in dialog.form.errors["name"].text()  # refused on the write thread
    assert window.services.accounts.get(account.id).name == account.name


def test_deleting_a_risk_runs_off_the_gui_thread_and_is_undone(qtbot, window,
                                                               monkeypatch) -> None:
    account = next(a for a in window.services.accounts.list()
                   if window.services.risks.for_account(a.id))
    risk = window.services.risks.for_account(account.id)[0]
    window.open_account(account.id, "risks")
    settled(window)
    threads = _recording_thread(monkeypatch, window.services.risks, "delete")
    window.account_view.risks.delete(risk, confirm=False)
    settled(window)
    assert threads and threads[0] is not QThread.currentThread()
    assert risk.id not in [r.id for r in window.services.risks.for_account(account.id)]
    assert risk.title not in [r.title for r in window.account_view.risks.risks.model.rows]
    window.undo_action.trigger()
    settled(window)
    assert risk.id in [r.id for r in window.services.risks.for_account(account.id)]
    assert risk.title in [r.title for r in window.account_view.risks.risks.model.rows]


def test_notes_saved_after_a_pause_go_off_the_gui_thread_and_a_save_now_waits_for_them(
        qtbot, window, monkeypatch) -> None:
    account = window.services.accounts.list()[0]
    window.open_account(account.id, "meetings")
    settled(window)
    window.account_view.meetings.new_meeting()
    settled(window)
    editor = window.account_view.meetings.editor
    meeting_id = editor.meeting.id
    meetings = window.services.meetings
    original = meetings.save_notes
    threads: list[QThread] = []

    def slow_save(*args, **kwargs):
        threads.append(QThread.currentThread())
        time.sleep(0.4)
        return original(*args, **kwargs)

    monkeypatch.setattr(meetings, "save_notes", slow_save)
    asked: list[str] = []
    editor.resolve_notes = lambda theirs, mine: asked.append(theirs) or "mine"
    qtbot.keyClicks(editor.notes, "Budget approved")
    editor._idle.timeout.emit()  # the pause in typing: saved in the background
    qtbot.keyClicks(editor.notes, ". Roll-out in May")
    assert editor.save_notes()  # leaving now: waits for the first, then saves
    assert threads[0] is not QThread.currentThread() and asked == []
    assert meetings.get(meeting_id).notes == "Budget approved. Roll-out in May"
    settled(window)
    window.undo_action.trigger()  # the last save first
    settled(window)
    assert meetings.get(meeting_id).notes == "Budget approved"
    window.undo_action.trigger()
    settled(window)
    assert not meetings.get(meeting_id).notes


def test_new_health_weights_score_the_book_off_the_gui_thread(qtbot, window,
                                                              monkeypatch) -> None:
    from tests.ui_helpers import press_ok

    threads = _recording_thread(monkeypatch, window.services.health, "refresh")
    window.tools.open_weights()
    settled(window)  # the weights are read off the GUI thread, then the dialog opens
    dialog = window.tools.weights_dialog
    key, box = next(iter(dialog.boxes.items()))
    box.setValue(box.value() + 5 if box.value() <= 95 else 0)
    chosen = box.value()
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert window.services.health.weights()[key] == chosen
    assert threads and all(t is not QThread.currentThread() for t in threads)


def test_closing_the_window_saves_the_field_being_typed(qtbot, window) -> None:
    account = window.services.accounts.list()[0]
    window.open_account(account.id, "overview")
    settled(window)
    field = window.account_view.overview.highlights.widgets["industry"]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    qtbot.keyClicks(field, "Typed, then closed")
    window.close()  # before leaving the field
    assert window.services.accounts.get(account.id).industry == "Typed, then closed"


def _asked(window) -> list[object]:
    asked: list[object] = []
    window.keep_mine = lambda conflict: asked.append(conflict.fields) or True
    return asked


def _industry(qtbot, window, account_id: int):
    window.open_account(account_id, "overview")
    settled(window)
    return window.account_view.overview.highlights.widgets["industry"]


def _save(qtbot, field, text: str) -> None:
    type_into(qtbot, field, text)
    field.editingFinished.emit()


def test_many_quick_saves_undos_and_redos_of_one_field_ask_nobody(qtbot, window) -> None:
    account = window.services.accounts.list()[0]
    field, asked = _industry(qtbot, window, account.id), _asked(window)
    for text in ("A1", "A2", "A3", "A4"):  # no reload between them
        _save(qtbot, field, text)
    settled(window)
    assert window.services.accounts.get(account.id).industry == "A4" and field.text() == "A4"
    for _ in range(4):
        window.undo_action.trigger()  # pressed quickly, each on its way
    settled(window)
    assert window.services.accounts.get(account.id).industry == account.industry
    for _ in range(4):
        window.redo_action.trigger()
    settled(window)
    assert window.services.accounts.get(account.id).industry == "A4"
    assert asked == []  # my own saves are never someone else's change


def test_an_edit_after_an_undo_landed_or_on_its_way_asks_nobody(qtbot, window) -> None:
    account = window.services.accounts.list()[0]
    field, asked = _industry(qtbot, window, account.id), _asked(window)
    _save(qtbot, field, "B")
    settled(window)
    window.undo_action.trigger()
    settled(window)
    _save(qtbot, field, "C")  # after the undo landed
    settled(window)
    assert window.services.accounts.get(account.id).industry == "C"
    window.undo_action.trigger()
    _save(qtbot, field, "D")  # while the undo is on its way
    settled(window)
    assert window.services.accounts.get(account.id).industry == "D"
    assert asked == []


def test_undo_pressed_before_an_edit_landed_undoes_that_edit(qtbot, window,
                                                             monkeypatch) -> None:
    account = window.services.accounts.list()[0]
    field, asked = _industry(qtbot, window, account.id), _asked(window)
    _save(qtbot, field, "First")
    settled(window)
    accounts = window.services.accounts
    _slowed(monkeypatch, accounts, "update", 0.3)
    _save(qtbot, field, "Second")
    window.undo_action.trigger()  # before "Second" has landed
    settled(window)
    assert accounts.get(account.id).industry == "First"  # the second undone, not the first
    assert window.editor.stack.canRedo() and asked == []


def test_attendees_changed_quickly_three_times_ask_nobody(qtbot, window) -> None:
    account = window.services.accounts.list()[0]
    window.open_account(account.id, "meetings")
    settled(window)
    window.account_view.meetings.new_meeting()
    settled(window)
    editor, asked = window.account_view.meetings.editor, _asked(window)
    for names in ("Ann", "Ann, Bob", "Ann, Bob, Cy"):  # no reload between them
        editor.others.setText(names)
        editor.others.editingFinished.emit()
    settled(window)
    people = window.services.meetings.get(editor.meeting.id).attendees
    assert sorted(p.name for p in people if p.contact_id is None) == ["Ann", "Bob", "Cy"]
    assert asked == []


def test_a_value_refused_in_a_quick_chain_leaves_the_rest_right(qtbot, window) -> None:
    first, other = window.services.accounts.list()[:2]
    window.open_account(first.id, "overview")
    settled(window)
    field, asked = window.account_view.overview.highlights.widgets["name"], _asked(window)
    window.editor.failed.disconnect()
    failures: list[str] = []
    window.editor.failed.connect(failures.append)
    for name in ("N1", other.name, "N3"):  # the second is taken: refused on its way
        _save(qtbot, field, name)
    settled(window)
    assert window.services.accounts.get(first.id).name == "N3"
    assert asked == []  # the refused value is nobody's change
    for _ in range(2):
        window.undo_action.trigger()
    settled(window)
    assert window.services.accounts.get(first.id).name == first.name
    assert failures == []


def test_an_account_form_opened_as_an_undo_lands_saves_only_what_was_changed(
        qtbot, window) -> None:
    account = window.services.accounts.list()[0]
    field = _industry(qtbot, window, account.id)
    _save(qtbot, field, "Q1")
    settled(window)
    window.accounts.edit_account(account.id)
    window.undo_action.trigger()  # lands after the form read the account
    settled(window)
    dialog = window.accounts.edit_dialog
    type_into(qtbot, dialog.form.widgets["name"], account.name + " X")
    from tests.ui_helpers import press_ok

    press_ok(qtbot, dialog)
    stored = window.services.accounts.get(account.id)
    assert (stored.name, stored.industry) == (account.name + " X", account.industry)


def test_a_meeting_clicked_is_read_off_the_gui_thread_and_the_last_click_wins(
        qtbot, window, monkeypatch) -> None:
    account = next(a for a in window.services.accounts.list()
                   if len(window.services.meetings.for_account(a.id)) >= 3)
    window.open_account(account.id, "meetings")
    settled(window)
    tab = window.account_view.meetings
    rows = [tab.model.row_at(r) for r in range(tab.model.rowCount())]
    threads = _recording_thread(monkeypatch, window.services.meetings, "get")
    tab.list.table.selectRow(1)
    assert not tab.editor.isEnabled()  # waits for the meeting clicked
    tab.list.table.selectRow(2)  # clicked again before it came
    settled(window)
    assert tab.editor.isEnabled() and tab.editor.meeting.id == rows[2].id
    assert tab.editor.title.text() == rows[2].title
    assert threads and all(t is not QThread.currentThread() for t in threads)
