"""Book-wide read models (accounts table, Today, renewals), search, notes and undo restores."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from csdesk.models import CanvasItemKind
from csdesk.services import AttendeeInput, Services
from csdesk.services.notes import parse_actions
from csdesk.services.schedule import DueState, countdown
from csdesk.store import fulltext

TODAY = date(2026, 11, 23)


@pytest.fixture
def book(services: Services) -> Services:
    acme = services.accounts.create(name="Acme", renewal_date=TODAY + timedelta(days=30),
                                    arr_cents=50_000_00)
    beta = services.accounts.create(name="Beta", renewal_date=TODAY + timedelta(days=120))
    services.accounts.create(name="Gamma", renewal_date=TODAY + timedelta(days=5))
    old = services.accounts.create(name="Archived Co", renewal_date=TODAY + timedelta(days=3))
    services.accounts.archive(old.id)
    plan = services.plans.get(acme.id)
    services.critical_path.add_milestone(plan.id, name="Go-live",
                                         planned_date=TODAY - timedelta(days=2))
    services.critical_path.add_milestone(plan.id, name="Wrap-up",
                                         planned_date=TODAY + timedelta(days=20))
    services.meetings.add_action(acme.id, text="Send roadmap", due_date=TODAY - timedelta(days=1))
    services.meetings.add_action(acme.id, text="Book training", due_date=TODAY + timedelta(days=6))
    services.meetings.add_action(acme.id, text="Later thing", due_date=TODAY + timedelta(days=30))
    done = services.meetings.add_action(beta.id, text="Done thing", due_date=TODAY)
    services.meetings.complete_action(done.id)
    services.meetings.create(acme.id, title="Check-in", held_on=TODAY - timedelta(days=2))
    services.meetings.create(beta.id, title="Old check-in", held_on=TODAY - timedelta(days=20))
    return services


def test_account_summaries_show_next_milestone_and_open_actions(book: Services) -> None:
    rows = {r.name: r for r in book.book.account_summaries(TODAY)}
    assert set(rows) == {"Acme", "Beta", "Gamma"}
    acme = rows["Acme"]
    assert (acme.next_milestone, acme.next_milestone_state) == ("Go-live", DueState.OVERDUE)
    # Three of its own and its "Start renewal" item (it renews within 90 days)
    assert (acme.open_actions, acme.days_to_renewal) == (4, 30)
    assert rows["Beta"].open_actions == 0 and rows["Beta"].next_milestone is None
    with_archived = book.book.account_summaries(TODAY, include_archived=True)
    assert [r.name for r in with_archived if r.archived] == ["Archived Co"]


def test_today_lists_what_is_due_renewals_and_meetings_without_notes(book: Services) -> None:
    agenda = book.book.today(TODAY)
    assert [(i.kind, i.text, i.state) for i in agenda.due] == [
        ("milestone", "Go-live", DueState.OVERDUE),
        ("action", "Send roadmap", DueState.OVERDUE),
        ("action", "Start renewal (renews 2026-12-23)", DueState.DUE),  # Acme's, due today
        ("action", "Start renewal (renews 2026-11-28)", DueState.DUE),  # Gamma's
        ("action", "Book training", DueState.DUE),
    ]  # not Archived Co's (archived)
    assert [r.account_name for r in agenda.renewals] == ["Gamma", "Acme"]
    assert [(m.account_name, m.title) for m in agenda.meetings_without_notes] == [
        ("Acme", "Check-in")]


def test_renewals_are_the_next_90_days_soonest_first(book: Services) -> None:
    rows = book.book.renewals(TODAY)
    assert [(r.account_name, r.days_left) for r in rows] == [("Gamma", 5), ("Acme", 30)]


@pytest.mark.parametrize(("days", "text"), [(0, "renews today"), (1, "renews tomorrow"),
                                            (34, "renews in 34 days"),
                                            (-3, "renewal was 3 days ago")])
def test_renewal_countdown_words(days: int, text: str) -> None:
    assert countdown(TODAY + timedelta(days=days), TODAY) == text


def test_search_finds_names_notes_canvas_and_actions_by_prefix(book: Services) -> None:
    acme = book.accounts.find("Acme")
    book.plans.add_item(book.plans.get(acme.id).id, CanvasItemKind.OBJECTIVE,
                        "Grow the qualified pipeline")
    book.contacts.add(acme.id, name="Zoë Müller", role="champion")
    meeting = book.meetings.for_account(acme.id)[0]
    book.meetings.update(meeting.id, notes="Discussed the attribution report")
    kinds = lambda q: {(h.kind, h.account_name) for h in book.search.query(q)}  # noqa: E731
    assert kinds("pipel") == {("canvas", "Acme")}
    assert kinds("zoe muller") == {("contact", "Acme")}  # accents do not matter
    assert kinds("attribution") == {("meeting", "Acme")}
    assert kinds("roadmap") == {("action", "Acme")}
    assert ("account", "Beta") in kinds("bet")
    assert kinds('"unbalanced (quote* OR') == set()  # FTS syntax is never an error
    groups = book.search.grouped("acme")
    assert groups[0][0] == "Accounts"


def test_search_forgets_deleted_and_archived_things(book: Services) -> None:
    acme = book.accounts.find("Acme")
    item = book.meetings.actions_for_account(acme.id)[0]
    book.meetings.remove_action(item.id)
    assert not [h for h in book.search.query(item.text) if h.ref_id == item.id]
    book.accounts.archive(acme.id)
    assert book.search.query("acme") == []


def test_search_falls_back_to_plain_sql_without_fts(book: Services, monkeypatch) -> None:
    monkeypatch.setattr(fulltext, "_has_index", lambda connection: False)
    assert {(h.kind, h.account_name) for h in book.search.query("roadmap")} == {
        ("action", "Acme")}


def test_notes_lines_become_action_items(book: Services) -> None:
    acme = book.accounts.find("Acme")
    meeting = book.meetings.for_account(acme.id)[0]
    notes = ("Good call.\nAI: send the roadmap @Dana due 2026-12-01\n"
             "- TODO: book training @\"Sam Lee\"\nAI: fix it due 2026-13-01\n")
    saved = book.meetings.save_notes(meeting.id, notes)
    assert [(a.text, a.owner, a.due_date) for a in saved.created] == [
        ("send the roadmap", "Dana", date(2026, 12, 1)), ("book training", "Sam Lee", None)]
    assert [p.message for p in saved.problems] == [
        "line 4: due date '2026-13-01' is no such date"]
    assert book.meetings.get(meeting.id).notes == notes.strip()
    again = book.meetings.save_notes(meeting.id, notes + "More notes")
    assert again.created == []  # saving again does not duplicate the items


def test_parse_actions_ignores_ordinary_lines() -> None:
    actions, problems = parse_actions("Email: hello\nAIR quality\nAction: call back")
    assert [a.text for a in actions] == ["call back"] and problems == []


def test_a_deleted_meeting_comes_back_with_its_id_attendees_and_links(book: Services) -> None:
    acme = book.accounts.find("Acme")
    dana = book.contacts.add(acme.id, name="Dana", role="champion")
    meeting = book.meetings.create(acme.id, title="QBR", held_on=TODAY, kind="qbr",
                                   attendees=[AttendeeInput("", contact_id=dana.id)])
    item = book.meetings.add_action(acme.id, text="Follow up", meeting_id=meeting.id)
    snapshot = book.restore.snapshot("Meeting", meeting.id)
    book.meetings.delete(meeting.id)
    book.restore.restore(snapshot, account_id=acme.id, summary="Meeting QBR restored")
    back = book.meetings.get(meeting.id)
    assert back.title == "QBR" and [a.contact_id for a in back.attendees] == [dana.id]
    assert [a.id for a in back.action_items] == [item.id]
    assert ("meeting", "Acme") in {(h.kind, h.account_name) for h in book.search.query("QBR")}


def test_a_deleted_contact_comes_back_and_is_attendee_again(book: Services) -> None:
    acme = book.accounts.find("Acme")
    dana = book.contacts.add(acme.id, name="Dana", role="champion")
    meeting = book.meetings.create(acme.id, title="Sync", held_on=TODAY,
                                   attendees=[AttendeeInput("", contact_id=dana.id)])
    snapshot = book.restore.snapshot("Contact", dana.id)
    book.contacts.remove(dana.id)
    assert book.meetings.get(meeting.id).attendees[0].contact_id is None
    book.restore.restore(snapshot, account_id=acme.id, summary="Contact Dana restored")
    assert book.meetings.get(meeting.id).attendees[0].contact_id == dana.id


def test_a_whole_account_comes_back_exactly_after_delete(demo_services: Services) -> None:
    services = demo_services
    account = services.accounts.list()[0]
    before = _account_tree(services, account.id)
    snapshot = services.restore.snapshot("Account", account.id)
    services.accounts.delete(account.id)
    services.restore.restore(snapshot, account_id=account.id, summary="restored")
    assert _account_tree(services, account.id) == before


def _account_tree(services: Services, account_id: int) -> tuple:
    plan = services.plans.get(account_id)
    milestones = services.critical_path.milestones(plan.id)
    return (
        services.accounts.get(account_id).name,
        [(c.id, c.name) for c in services.contacts.for_account(account_id)],
        [(i.id, i.kind, i.position, i.text) for i in plan.items],
        [(k.id, [(r.taken_on, r.value) for r in k.readings]) for k in plan.kpis],
        [(m.id, m.actual_date, [b.id for b in m.barriers], [a.id for a in m.actions])
         for m in milestones],
        [(m.id, [a.name for a in m.attendees]) for m in services.meetings.for_account(account_id)],
        [(a.id, a.meeting_id, a.done_on) for a in services.meetings.actions_for_account(
            account_id)],
        [(r.id, r.score) for r in services.signals.responses(account_id)],
        [(c.id, c.arr_cents) for c in services.signals.arr_history(account_id)],
    )
