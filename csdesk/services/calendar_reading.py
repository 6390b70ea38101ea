"""Reading calendars: the events of an .ics file exported by Outlook or Google Calendar (each
occurrence of a series its own event, cancelled ones left out), with their attendees, and the
events that could not be read, each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from csdesk.errors import CsdeskError
from csdesk.services.validation import YEARS

MAX_ICS_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class CalendarAttendee:
    name: str
    email: str | None

    @property
    def domain(self) -> str | None:
        return email_domain(self.email)


@dataclass(frozen=True)
class CalendarEvent:
    """One event read from an .ics file."""

    uid: str
    title: str
    day: date
    duration_minutes: int | None
    attendees: list[CalendarAttendee]
    description: str = ""
    recurring: bool = False

    @property
    def key(self) -> str:
        """The event and its date: each occurrence of a series is its own meeting."""
        return f"{self.uid}/{self.day.isoformat()}"


def email_domain(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    return email.rsplit("@", 1)[1].strip().strip(">").lower() or None



@dataclass(frozen=True)
class CalendarFile:
    """The events read from an .ics file, soonest first, and the events that could not be read,
    each with its reason (they are left out; the rest can still be imported)."""

    events: list[CalendarEvent]
    skipped: list[str] = field(default_factory=list)


def read_ics(path: Path) -> CalendarFile:
    """Read an .ics file, with a clear message for a file that is not a calendar."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CsdeskError(f"cannot read {path}: {error.strerror or error}") from None
    if size > MAX_ICS_BYTES:
        raise CsdeskError(f"{path.name} is {size // (1024 * 1024)} MB: a calendar export is "
                          f"at most {MAX_ICS_BYTES // (1024 * 1024)} MB")
    return parse_ics(path.read_bytes(), path.name)


def parse_ics(data: bytes, name: str = "the file") -> CalendarFile:
    from icalendar import Calendar

    if b"BEGIN:VCALENDAR" not in data[:4096].upper():
        raise CsdeskError(f"{name} is not a calendar file (.ics): it has no BEGIN:VCALENDAR")
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise CsdeskError(f"{name} is not a readable calendar: {error}") from None
    events, skipped = [], []
    for number, component in enumerate(calendar.walk("VEVENT"), start=1):
        summary = _clean(str(component.get("summary") or "")) or "Meeting"
        try:
            event = _event_of(component, number, summary)
        except ValueError as error:  # icalendar reports a broken property when it is read
            skipped.append(f"event {number} ({summary}): {str(error).split(': ')[-1]}")
            continue
        if event is not None:
            events.append(event)
    events.sort(key=lambda e: (e.day, e.title.casefold()))
    return CalendarFile(events, skipped)


def _event_of(component, number: int, title: str) -> CalendarEvent | None:
    if str(component.get("status", "")).upper() == "CANCELLED":
        return None
    start = component.get("dtstart")
    if start is None:
        raise ValueError("it has no start date")
    when = start.dt
    if isinstance(when, tuple):  # DTSTART;VALUE=PERIOD: a period's start is its first item
        when = when[0]
    if not isinstance(when, date):
        raise ValueError("its start is not a date")
    day = when.date() if isinstance(when, datetime) else when
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(f"its start {day.isoformat()} is outside {YEARS[0]}–{YEARS[1]}")
    if isinstance(when, datetime) and when.tzinfo is not None:
        day = when.astimezone().date()  # the day it is here
    end = component.get("dtend")
    duration = None
    if end is not None and isinstance(when, datetime) and isinstance(end.dt, datetime):
        minutes = int((end.dt - when).total_seconds() // 60)
        duration = minutes if minutes > 0 else None
    uid = str(component.get("uid") or f"no-uid-{number}-{day.isoformat()}")
    return CalendarEvent(
        uid=uid[:400], title=title[:200], day=day, duration_minutes=duration,
        attendees=_attendees_of(component),
        description=_clean(str(component.get("description") or "")),
        recurring=component.get("rrule") is not None)


def _attendees_of(component) -> list[CalendarAttendee]:
    found = component.get("attendee") or []
    if not isinstance(found, list):
        found = [found]
    organizer = component.get("organizer")
    if organizer is not None:
        found = [organizer, *found]
    attendees: list[CalendarAttendee] = []
    seen: set[str] = set()
    for address in found:
        text = str(address)
        email = (text[7:] if text.lower().startswith("mailto:") else text).strip() or None
        params = getattr(address, "params", {})
        name = _clean(str(params.get("CN", ""))) or (email.split("@")[0] if email else "")
        key = (email or name).lower()
        if not name or key in seen:
            continue
        seen.add(key)
        attendees.append(CalendarAttendee(name[:200], email))
    return attendees


def _clean(text: str) -> str:
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()
