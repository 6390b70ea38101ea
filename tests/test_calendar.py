"""Calendars: .ics export with stable UIDs, and meetings imported from Outlook/Google files."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from csdesk import cli
from csdesk.errors import CsdeskError
from csdesk.services import Services
from csdesk.services.calendar_reading import parse_ics, read_ics

TODAY = date(2026, 11, 23)
DATA = Path(__file__).parent / "data"


def _events(data: bytes) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


@pytest.fixture
def acme(services: Services) -> int:
    account = services.accounts.create(name="Acme", website="https://www.acme.example/",
                                       renewal_date=TODAY + timedelta(days=100))
    services.contacts.add(account.id, name="Maria Lopez", email="maria.lopez@acme.example")
    return account.id


@pytest.fixture
def globex(services: Services) -> int:
    account = services.accounts.create(name="Globex", website="globex.example")
    return account.id


def test_an_account_calendar_round_trips_with_stable_uids(demo_services: Services) -> None:
    account = demo_services.accounts.list()[0]
    first = demo_services.calendar.calendar_bytes(TODAY, account.id)
    events = _events(first)
    summaries = [str(e["summary"]) for e in events.values()]
    assert any(": renewal" in s for s in summaries)
    assert any(": milestone " in s for s in summaries)
    assert all(s.startswith(account.name) for s in summaries)
    # Renewal checkpoints still ahead only, each as an all-day event.
    for event in events.values():
        start = event["dtstart"].dt
        assert isinstance(start, date) and event["dtend"].dt == start + timedelta(days=1)
    again = _events(demo_services.calendar.calendar_bytes(TODAY, account.id))
    assert set(again) == set(events)  # the same UIDs: calendars update instead of duplicating
    book = _events(demo_services.calendar.calendar_bytes(TODAY))
    assert set(events) < set(book)


def test_a_changed_record_gets_a_higher_sequence(services: Services, acme: int) -> None:
    meeting = services.meetings.create(acme, title="Check-in", held_on=TODAY)
    before = _events(services.calendar.calendar_bytes(TODAY, acme))
    uid = next(u for u in before if u.startswith(f"meeting-{meeting.id}-"))
    time.sleep(1.1)  # the sequence counts seconds
    services.meetings.update(meeting.id, title="Check-in (moved)", held_on=TODAY + timedelta(1))
    after = _events(services.calendar.calendar_bytes(TODAY, acme))[uid]
    assert str(after["summary"]) == "Acme: Check-in (moved)"
    assert after["dtstart"].dt == TODAY + timedelta(1)
    assert int(after["sequence"]) > int(before[uid]["sequence"])


def test_export_writes_the_file_or_nothing(services: Services, acme: int,
                                           tmp_path: Path) -> None:
    target = tmp_path / "acme.ics"
    services.calendar.export(target, TODAY, acme)
    assert _events(target.read_bytes())
    with pytest.raises(CsdeskError, match=r"\.ics"):
        services.calendar.export(tmp_path / "acme.txt", TODAY, acme)
    with pytest.raises(CsdeskError, match="cannot write"):
        services.calendar.export(tmp_path / "missing" / "acme.ics", TODAY, acme)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_google_and_outlook_events_are_read(tmp_path: Path) -> None:
    google = read_ics(DATA / "google_calendar.ics").events
    # Soonest first, and the cancelled event left out.
    assert [e.title for e in google] == ["Acme QBR", "Globex kick-off", "Team sync"]
    qbr = google[0]
    assert qbr.duration_minutes == 45
    assert [(a.name, a.email) for a in qbr.attendees] == [
        ("Alex CSM", "alex@ourco.example"), ("Maria Lopez", "maria.lopez@acme.example")]
    assert google[1].day == date(2026, 11, 19) and google[1].duration_minutes is None
    outlook = read_ics(DATA / "outlook_calendar.ics").events
    assert [e.title for e in outlook] == ["Acme weekly check-in", "Joint escalation call"]
    assert outlook[0].recurring and outlook[1].duration_minutes == 60


@pytest.mark.parametrize("content, message", [
    (b"", "not a calendar file"),
    (b"name,date\nAcme,2026-01-01\n", "not a calendar file"),
    (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n", "not a readable calendar"),
])
def test_a_file_that_is_not_a_calendar_is_named(content: bytes, message: str) -> None:
    with pytest.raises(CsdeskError, match=message):
        parse_ics(content, "bad.ics")


def test_a_broken_event_is_skipped_with_its_reason_and_the_rest_kept() -> None:
    calendar = parse_ics(
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Broken\nDTSTART:notadate\nEND:VEVENT\n"
        b"BEGIN:VEVENT\nSUMMARY:No start\nEND:VEVENT\n"
        b"BEGIN:VEVENT\nSUMMARY:Fine\nDTSTART;VALUE=DATE:20261201\nEND:VEVENT\n"
        b"END:VCALENDAR\n", "odd.ics")
    assert [e.title for e in calendar.events] == ["Fine"]
    assert calendar.skipped == ["event 1 (Broken): Wrong date format notadate",
                                "event 2 (No start): it has no start date"]


def test_events_match_accounts_by_attendee_domains(services: Services, acme: int,
                                                   globex: int) -> None:
    matches = {m.event.title: m for m in services.calendar.match_events(
        read_ics(DATA / "google_calendar.ics").events
        + read_ics(DATA / "outlook_calendar.ics").events)}
    assert matches["Acme QBR"].account_id == acme  # a contact's e-mail
    assert matches["Globex kick-off"].account_id == globex  # the website; gmail ignored
    assert matches["Team sync"].account_id is None  # only our own people
    escalation = matches["Joint escalation call"]  # one attendee from each: a tie
    assert escalation.account_id is None and set(escalation.candidates) == {acme, globex}


def test_importing_creates_meetings_ready_for_notes_once(services: Services, acme: int,
                                                         globex: int) -> None:
    events = read_ics(DATA / "google_calendar.ics").events
    chosen = [(m.event, m.account_id) for m in services.calendar.match_events(events)
              if m.account_id]
    result = services.calendar.create_meetings(chosen)
    assert (result.created, result.skipped) == (2, 0)
    meeting = next(m for m in services.meetings.for_account(acme) if m.title == "Acme QBR")
    assert meeting.held_on == date(2026, 11, 17) and meeting.duration_minutes == 45
    assert meeting.kind.value == "qbr" and meeting.notes is None
    assert "adoption review" in meeting.agenda
    people = {a.name: (a.side.value, a.contact_id is not None) for a in meeting.attendees}
    assert people == {"Maria Lopez": ("customer", True), "Alex CSM": ("ours", False)}
    again = services.calendar.create_meetings(chosen)
    assert (again.created, again.skipped) == (0, 2)
    assert all(m.already_imported for m in services.calendar.match_events(events)
               if m.account_id)
    assert len(services.meetings.for_account(acme)) == 1


@pytest.mark.sqlite_only
def test_import_meetings_command(services: Services, acme: int, globex: int, db_path: Path,
                                 capsys) -> None:
    services.workspace.close()
    file = str(DATA / "outlook_calendar.ics")
    assert cli.main(["import", "meetings", file, "--db", str(db_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Acme weekly check-in  →  Acme" in out
    assert "several accounts: skipped" in out and "Dry run: 1 of 2" in out
    assert cli.main(["import", "meetings", file, "--db", str(db_path), "--account",
                     "Globex"]) == 0
    assert "2 meetings created" in capsys.readouterr().out
    assert cli.main(["export", "calendar", "Globex", "--db", str(db_path), "-o",
                     str(db_path.parent / "globex.ics"), "--today", TODAY.isoformat()]) == 0
    exported = _events((db_path.parent / "globex.ics").read_bytes())
    assert sum(1 for uid in exported if uid.startswith("meeting-")) == 2
    assert cli.main(["import", "meetings", str(DATA / "google_calendar.ics"), "--db",
                     str(db_path), "--from", "2027-01-01"]) == 1
    assert "no events to import in those dates" in capsys.readouterr().err


def test_a_period_start_and_impossible_years_are_read_or_named() -> None:
    calendar = parse_ics(
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Period\n"
        b"DTSTART;VALUE=PERIOD:20261201T090000Z/20261201T100000Z\nEND:VEVENT\n"
        b"BEGIN:VEVENT\nSUMMARY:Far\nDTSTART;VALUE=DATE:99990101\nEND:VEVENT\n"
        b"BEGIN:VEVENT\nSUMMARY:Early\nDTSTART;VALUE=DATE:00010101\nEND:VEVENT\n"
        b"END:VCALENDAR\n", "odd.ics")
    assert [e.title for e in calendar.events] == ["Period"]  # read from the period's start
    assert calendar.events[0].day.year == 2026
    assert calendar.skipped[0] == "event 2 (Far): its start 9999-01-01 is outside 1900–2200"
    assert calendar.skipped[1].startswith("event 3 (Early): ")
