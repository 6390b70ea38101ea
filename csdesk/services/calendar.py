"""Calendars: export an account's (or the book's) dates as .ics, import meetings from an .ics.

Export. Milestones, meetings, open action items with a due date, the renewal date and the
renewal checkpoints still ahead (T-180, T-90, T-60, T-30) become all-day events. Each event's
UID is made of what it is, its id and this workspace's own id, so exporting again and importing
into Outlook or Google Calendar updates the events instead of adding copies; SEQUENCE and
LAST-MODIFIED follow the record's last change.

Import. Events from an .ics exported by Outlook or Google Calendar (read by
calendar_reading.py) are matched to accounts by their attendees' e-mail domains (the domains of
the account's contacts and of its website); the CSM picks which to create as meetings, ready
for notes. A meeting remembers its event, so importing the same file again creates nothing
twice.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from csdesk import __version__, clock
from csdesk.errors import CsdeskError
from csdesk.files import replace_file
from csdesk.models import (
    Account,
    AccountStatus,
    ActionItem,
    ActivityAction,
    Attendee,
    Contact,
    Meeting,
    MeetingKind,
    Milestone,
    Side,
    SuccessPlan,
    WorkspaceSetting,
)
from csdesk.services.base import Service, get_or_raise, record
from csdesk.services.calendar_reading import CalendarEvent, email_domain
from csdesk.services.renewals import CHECKPOINT_WORDS, CHECKPOINTS
from csdesk.services.tracking import RENEWAL_STAGE_NAMES

WORKSPACE_ID_KEY = "workspace_id"
# Personal mail providers say nothing about which customer someone works for.
FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "gmx.com", "gmx.de", "web.de", "mail.com", "zoho.com", "yandex.com"})
KIND_WORDS = ((MeetingKind.QBR, ("qbr", "quarterly business review")),
              (MeetingKind.EBR, ("ebr", "executive business review")),
              (MeetingKind.KICKOFF, ("kick-off", "kickoff", "kick off")),
              (MeetingKind.DISCOVERY, ("discovery",)),
              (MeetingKind.ESCALATION, ("escalation",)))


@dataclass
class EventMatch:
    event: CalendarEvent
    account_id: int | None  # the best match by attendees' domains, None if none or a tie
    account_name: str | None
    already_imported: bool = False
    candidates: list[int] = field(default_factory=list)  # every account a domain matched


@dataclass(frozen=True)
class MeetingsImport:
    created: int
    skipped: int

    def summary(self) -> str:
        skipped = f"; {self.skipped} already imported" if self.skipped else ""
        return f"{self.created} meeting{'s' if self.created != 1 else ''} created{skipped}"


def website_domain(website: str | None) -> str | None:
    if not website:
        return None
    host = re.sub(r"^[a-z]+://", "", website.strip().lower()).split("/")[0].split(":")[0]
    return host.removeprefix("www.") or None


# Export


class CalendarService(Service):
    def workspace_id(self) -> str:
        """This workspace's own id (made once), so UIDs never collide with another's."""
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, WORKSPACE_ID_KEY)
            if setting is None:
                setting = WorkspaceSetting(key=WORKSPACE_ID_KEY, value=uuid.uuid4().hex)
                session.add(setting)
            return str(setting.value)

    def calendar_bytes(self, today: date, account_id: int | None = None) -> bytes:
        from icalendar import Calendar

        workspace_id = self.workspace_id()
        calendar = Calendar()
        calendar.add("prodid", f"-//csdesk//csdesk {__version__}//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        with self._uow() as session:
            accounts = select(Account).where(Account.archived_at.is_(None))
            if account_id is not None:
                account = get_or_raise(session, Account, account_id, "account")
                accounts = select(Account).where(Account.id == account.id)
                calendar.add("x-wr-calname", f"csdesk: {account.name}")
            else:
                calendar.add("x-wr-calname", "csdesk: my book")
            names: dict[int, str] = {}
            for account in session.scalars(accounts):
                names[account.id] = account.name
                for event in _renewal_events(account, today, workspace_id):
                    calendar.add_component(event)
            ids = list(names)
            renewals = dict(session.execute(select(Account.id, Account.renewal_date)
                                            .where(Account.id.in_(ids))).all())
            for milestone, owner_account in session.execute(
                    select(Milestone, SuccessPlan.account_id)
                    .join(SuccessPlan, SuccessPlan.id == Milestone.plan_id)
                    .where(SuccessPlan.account_id.in_(ids), Milestone.due_date.is_not(None))):
                calendar.add_component(_milestone_event(milestone, names[owner_account],
                                                        workspace_id, renewals[owner_account]))
            for meeting in session.scalars(select(Meeting).where(Meeting.account_id.in_(ids))):
                calendar.add_component(_meeting_event(meeting, names[meeting.account_id],
                                                      workspace_id))
            for item in session.scalars(select(ActionItem).where(
                    ActionItem.account_id.in_(ids), ActionItem.done_on.is_(None),
                    ActionItem.due_date.is_not(None))):
                calendar.add_component(_action_event(item, names[item.account_id],
                                                     workspace_id))
        return calendar.to_ical()

    def export(self, path: Path, today: date, account_id: int | None = None) -> Path:
        """Write the calendar; the target is replaced only by a complete file."""
        if path.suffix.lower() != ".ics":
            raise CsdeskError(f"{path.name}: calendars are written as .ics")
        data = self.calendar_bytes(today, account_id)
        return replace_file(path, data)

    # Import

    def match_events(self, events: Sequence[CalendarEvent]) -> list[EventMatch]:
        """Each event with the account its attendees' domains point to."""
        with self._uow() as session:
            by_domain: dict[str, set[int]] = {}
            names = dict(session.execute(select(Account.id, Account.name)
                                         .where(Account.archived_at.is_(None))).all())
            for account_id, website in session.execute(
                    select(Account.id, Account.website).where(Account.archived_at.is_(None))):
                domain = website_domain(website)
                if domain and domain not in FREE_MAIL:
                    by_domain.setdefault(domain, set()).add(account_id)
            for account_id, email in session.execute(
                    select(Contact.account_id, Contact.email).where(Contact.email.is_not(None))):
                domain = email_domain(email)
                if domain and domain not in FREE_MAIL and account_id in names:
                    by_domain.setdefault(domain, set()).add(account_id)
            imported = {uid: account_id for account_id, uid in session.execute(
                select(Meeting.account_id, Meeting.calendar_uid)
                .where(Meeting.calendar_uid.is_not(None)))}
        matches = []
        for event in events:
            votes: Counter[int] = Counter()
            for attendee in event.attendees:
                for account_id in by_domain.get(attendee.domain or "", ()):
                    votes[account_id] += 1
            ranked = votes.most_common()
            best = None
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                best = ranked[0][0]
            if event.key in imported:  # into whichever account it went then
                best = imported[event.key]
            matches.append(EventMatch(event, best, names.get(best) if best else None,
                                      event.key in imported,
                                      [account_id for account_id, _ in ranked]))
        return matches

    def create_meetings(self, choices: Iterable[tuple[CalendarEvent, int]]) -> MeetingsImport:
        """Create a meeting for each (event, account) chosen, in one transaction; an event
        already imported into that account is skipped."""
        created = skipped = 0
        with self._uow() as session:
            for event, account_id in choices:
                get_or_raise(session, Account, account_id, "account")
                exists = session.scalar(select(Meeting.id).where(
                    Meeting.account_id == account_id, Meeting.calendar_uid == event.key))
                if exists is not None:
                    skipped += 1
                    continue
                meeting = _meeting_from(session, event, account_id)
                session.add(meeting)
                session.flush()
                record(session, account_id=account_id, entity="meeting", entity_id=meeting.id,
                       action=ActivityAction.CREATED,
                       summary=f"{meeting.kind.label} '{meeting.title}' on "
                               f"{meeting.held_on.isoformat()} imported from a calendar")
                created += 1
        return MeetingsImport(created, skipped)


def _kind_of(title: str) -> MeetingKind:
    lowered = title.lower()
    for kind, words in KIND_WORDS:
        if any(word in lowered for word in words):
            return kind
    return MeetingKind.CHECK_IN


def _meeting_from(session, event: CalendarEvent, account_id: int) -> Meeting:
    contacts = {email.lower(): contact_id for contact_id, email in session.execute(
        select(Contact.id, Contact.email).where(Contact.account_id == account_id,
                                                Contact.email.is_not(None)))}
    customer_domains = {email_domain(email) for email in contacts}
    website = session.scalar(select(Account.website).where(Account.id == account_id))
    customer_domains.add(website_domain(website))
    customer_domains.discard(None)
    meeting = Meeting(account_id=account_id, title=event.title, held_on=event.day,
                      duration_minutes=event.duration_minutes, kind=_kind_of(event.title),
                      agenda=event.description or None, calendar_uid=event.key)
    for attendee in event.attendees:
        email = (attendee.email or "").lower()
        side = Side.CUSTOMER if attendee.domain in customer_domains else Side.OURS
        meeting.attendees.append(Attendee(name=attendee.name, side=side,
                                          contact_id=contacts.get(email)))
    return meeting


# Events


def _uid(kind: str, record_id: int, workspace_id: str) -> str:
    return f"{kind}-{record_id}-{workspace_id}@csdesk"


def _all_day(uid: str, day: date, summary: str, description: str, changed: datetime | None,
             category: str):
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", clock.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("categories", ["csdesk", category])
    event.add("transp", "TRANSPARENT")  # a date to remember, not time taken
    if changed is not None:
        stamp = changed if changed.tzinfo else changed.replace(tzinfo=UTC)
        event.add("last-modified", stamp.astimezone(UTC))
        # Calendars apply an update when the sequence grows: seconds since 2020 always do.
        event.add("sequence", max(0, int((stamp - datetime(2020, 1, 1, tzinfo=UTC))
                                         .total_seconds())))
    return event


def _milestone_event(milestone: Milestone, account: str, workspace_id: str,
                     renewal: date | None = None):
    """On its due date (DOMAIN.md), as everywhere: an open Renewal stage on the contract's
    renewal date."""
    done = f"Done {milestone.actual_date.isoformat()}. " if milestone.actual_date else ""
    owner = f"Owner: {milestone.owner}. " if milestone.owner else ""
    due = renewal if renewal and not milestone.actual_date and \
        milestone.name.strip().casefold() in RENEWAL_STAGE_NAMES else milestone.due_date
    assert due is not None  # the calendar reads only milestones with a due date
    return _all_day(_uid("milestone", milestone.id, workspace_id), due,
                    f"{account}: milestone {milestone.name}" + (" ✓" if done else ""),
                    (done + owner).strip(), milestone.updated_at, "Milestone")


def _meeting_event(meeting: Meeting, account: str, workspace_id: str):
    return _all_day(_uid("meeting", meeting.id, workspace_id), meeting.held_on,
                    f"{account}: {meeting.title}", meeting.agenda or "", meeting.updated_at,
                    "Meeting")


def _action_event(item: ActionItem, account: str, workspace_id: str):
    owner = f"Owner: {item.owner}." if item.owner else ""
    assert item.due_date is not None  # the calendar reads only actions with a due date
    return _all_day(_uid("action", item.id, workspace_id), item.due_date,
                    f"{account}: due: {item.text[:120]}", owner, item.updated_at,
                    "Action item")


def _renewal_events(account: Account, today: date, workspace_id: str) -> list:
    if account.renewal_date is None or account.status is AccountStatus.CHURNED:
        return []  # a churned account renews no more
    renewal = account.renewal_date
    events = [_all_day(_uid("renewal", account.id, workspace_id), renewal,
                       f"{account.name}: renewal", "", account.updated_at, "Renewal")]
    for days in CHECKPOINTS:
        day = renewal - timedelta(days=days)
        if day >= today:
            events.append(_all_day(
                _uid(f"renewal-t{days}", account.id, workspace_id), day,
                f"{account.name}: renewal T-{days}, {CHECKPOINT_WORDS[days]}",
                f"Renewal on {renewal.isoformat()}.", account.updated_at, "Renewal"))
    return events
