"""Meetings with attendees, notes and decisions, and the action items tracked until done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from csdesk import clock
from csdesk.errors import ConflictError, ValidationError
from csdesk.models import (
    Account,
    ActionItem,
    ActivityAction,
    Attendee,
    Contact,
    Meeting,
    MeetingKind,
    Milestone,
    Side,
)
from csdesk.services import validation as v
from csdesk.services.base import (
    Service,
    apply_changes,
    date_validator,
    enum_validator,
    field_names,
    get_or_raise,
    get_to_change,
    record,
    refuse_overwrite,
    validate_fields,
)
from csdesk.services.notes import NoteProblem, parse_actions
from csdesk.store.drafts import NoteDrafts


def _duration(value: Any) -> int | None:
    minutes = v.non_negative_int(value, "duration", 24 * 60)
    if minutes == 0:
        raise ValueError("duration must be at least one minute")
    return minutes


MEETING_VALIDATORS = {
    "kind": enum_validator(MeetingKind, "meeting type"),
    "title": lambda x: v.required_line(x, "title"),
    "held_on": date_validator("meeting date", required=True),
    "duration_minutes": _duration,
    "agenda": lambda x: v.optional_block(x, "agenda"),
    "notes": lambda x: v.optional_block(x, "notes"),
    "decisions": lambda x: v.optional_block(x, "decisions"),
}

ACTION_VALIDATORS = {
    "text": lambda x: v.required_block(x, "action", 5000),
    "owner": lambda x: v.optional_line(x, "owner"),
    "owner_side": enum_validator(Side, "owner side"),
    "due_date": date_validator("due date"),
    "done_on": date_validator("done on"),
    "meeting_id": lambda x: x,
    "milestone_id": lambda x: x,
}


@dataclass(frozen=True)
class NotesSaved:
    meeting: Meeting
    created: list[ActionItem]
    problems: list[NoteProblem]


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    side: Side = Side.CUSTOMER
    role: str | None = None
    contact_id: int | None = None


ANY_NOTES = object()  # save_notes without a conflict check


class MeetingService(Service):
    @property
    def drafts(self) -> NoteDrafts:
        """Notes typed here that could not be saved yet, kept on this computer."""
        return NoteDrafts.for_workspace(self._workspace.location)

    def create(self, account_id: int, attendees: list[AttendeeInput] | None = None,
               **fields: Any) -> Meeting:
        cleaned = validate_fields(fields, MEETING_VALIDATORS)
        for required in ("title", "held_on"):
            if required not in cleaned:
                raise ValidationError({required: f"{required.replace('_', ' ')} is required"})
        with self._uow() as session:
            account = get_or_raise(session, Account, account_id, "account")
            people = _attendees(session, account_id, attendees or [])
            meeting = Meeting(account=account, attendees=people, **cleaned)
            session.add(meeting)
            session.flush()
            record(session, account_id=account.id, entity="meeting", entity_id=meeting.id,
                   action=ActivityAction.CREATED,
                   summary=f"{meeting.kind.label} '{meeting.title}' on "
                           f"{meeting.held_on.isoformat()} added")
        return meeting

    def update(self, meeting_id: int, attendees: list[AttendeeInput] | None = None, *,
               originals: dict[str, Any] | None = None, **changes: Any) -> Meeting:
        """``originals``: the values the edit began from (see refuse_overwrite); its
        ``attendees`` (a list of AttendeeInput) guards the attendee list the same way."""
        cleaned = validate_fields(changes, MEETING_VALIDATORS)
        originals = dict(originals or {}) if originals is not None else None
        attendees_then = originals.pop("attendees", None) if originals is not None else None
        with self._uow() as session:
            meeting = get_to_change(session, Meeting, meeting_id, "meeting", options=[
                selectinload(Meeting.attendees)] if attendees is not None else [])
            what = f"The meeting '{meeting.title}'"
            if attendees is not None and attendees_then is not None:
                _refuse_attendee_overwrite(meeting, attendees_then, attendees, what)
            refuse_overwrite(meeting, cleaned, originals, MEETING_VALIDATORS, what)
            diff = apply_changes(meeting, cleaned)
            if attendees is not None:
                before = [a.name for a in meeting.attendees]
                meeting.attendees = _attendees(session, meeting.account_id, attendees)
                after = [a.name for a in meeting.attendees]
                if before != after:
                    diff["attendees"] = [before, after]
            if diff:
                record(session, account_id=meeting.account_id, entity="meeting",
                       entity_id=meeting.id, action=ActivityAction.UPDATED,
                       summary=f"Meeting '{meeting.title}': "
                               f"{field_names(diff)} changed",
                       changes=diff)
        return meeting

    def save_notes(self, meeting_id: int, notes: str | None,
                   expected: str | None | object = ANY_NOTES) -> NotesSaved:
        """Save the notes and turn each new `AI: ... @owner due YYYY-MM-DD` line into an action
        item of this meeting (a line whose item already exists is left alone). A line that
        cannot be read is reported; the notes are saved all the same.

        ``expected``: the notes this edit started from. If someone else has saved different
        notes since, ConflictError gives both versions instead of overwriting theirs."""
        clean = validate_fields({"notes": notes}, MEETING_VALIDATORS)["notes"]
        parsed, problems = parse_actions(clean)
        created: list[ActionItem] = []
        with self._uow() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "meeting",
                                   options=[selectinload(Meeting.action_items)])
            current = meeting.notes or ""
            if expected is not ANY_NOTES and current != (expected or "") \
                    and current != (clean or ""):
                raise ConflictError(f"The notes of '{meeting.title}'",
                                    {"notes": (expected, meeting.notes, clean)})
            diff = apply_changes(meeting, {"notes": clean})
            if diff:
                record(session, account_id=meeting.account_id, entity="meeting",
                       entity_id=meeting.id, action=ActivityAction.UPDATED,
                       summary=f"Notes of '{meeting.title}' changed", changes=diff)
            existing = {item.text.casefold() for item in meeting.action_items}
            for action in parsed:
                if action.text.casefold() in existing:
                    continue
                existing.add(action.text.casefold())
                item = ActionItem(account_id=meeting.account_id, meeting=meeting,
                                  text=action.text, owner=action.owner, due_date=action.due)
                session.add(item)
                session.flush()
                created.append(item)
                record(session, account_id=meeting.account_id, entity="action_item",
                       entity_id=item.id, action=ActivityAction.CREATED,
                       summary=f"Action item from the notes of '{meeting.title}': {item.text}")
        return NotesSaved(meeting, created, problems)

    def delete(self, meeting_id: int) -> None:
        """Delete a meeting; its action items stay on the account, unlinked from it."""
        with self._uow() as session:
            meeting = get_or_raise(session, Meeting, meeting_id, "meeting")
            record(session, account_id=meeting.account_id, entity="meeting",
                   entity_id=meeting.id, action=ActivityAction.DELETED,
                   summary=f"Meeting '{meeting.title}' of {meeting.held_on.isoformat()} deleted")
            session.delete(meeting)

    def get(self, meeting_id: int) -> Meeting:
        with self._uow() as session:
            query = (select(Meeting).where(Meeting.id == meeting_id)
                     .options(selectinload(Meeting.attendees), selectinload(Meeting.action_items)))
            meeting = session.scalar(query)
            if meeting is None:
                return get_or_raise(session, Meeting, meeting_id, "meeting")
            return meeting

    def for_account(self, account_id: int) -> list[Meeting]:
        with self._uow() as session:
            query = (select(Meeting).where(Meeting.account_id == account_id)
                     .order_by(Meeting.held_on.desc(), Meeting.id.desc())
                     .options(selectinload(Meeting.attendees)))
            return list(session.scalars(query))

    # Action items

    def add_action(self, account_id: int, **fields: Any) -> ActionItem:
        cleaned = validate_fields(fields, ACTION_VALIDATORS)
        if "text" not in cleaned:
            raise ValidationError({"text": "action is required"})
        with self._uow() as session:
            account = get_or_raise(session, Account, account_id, "account")
            _check_links(session, account_id, cleaned)
            item = ActionItem(account=account, **cleaned)
            session.add(item)
            session.flush()
            due = f" (due {item.due_date.isoformat()})" if item.due_date else ""
            owner = f" for {item.owner}" if item.owner else ""
            record(session, account_id=account.id, entity="action_item", entity_id=item.id,
                   action=ActivityAction.CREATED,
                   summary=f"Action item added{owner}: {item.text[:80]}{due}")
        return item

    def update_action(self, item_id: int, *, originals: dict[str, Any] | None = None,
                      **changes: Any) -> ActionItem:
        """``originals``: the values the edit began from (see refuse_overwrite)."""
        cleaned = validate_fields(changes, ACTION_VALIDATORS)
        with self._uow() as session:
            item = get_to_change(session, ActionItem, item_id, "action item")
            refuse_overwrite(item, cleaned, originals, ACTION_VALIDATORS,
                             f"The action item '{item.text[:60]}'")
            _check_links(session, item.account_id, cleaned)
            diff = apply_changes(item, cleaned)
            if diff:
                if set(diff) == {"done_on"}:
                    state = "done" if item.done_on else "reopened"
                    summary = f"Action item {state}: {item.text[:80]}"
                else:
                    summary = f"Action item changed: {item.text[:80]}"
                record(session, account_id=item.account_id, entity="action_item",
                       entity_id=item.id, action=ActivityAction.UPDATED, summary=summary,
                       changes=diff)
        return item

    def complete_action(self, item_id: int, on: date | None = None) -> ActionItem:
        return self.update_action(item_id, done_on=on or clock.today())

    def reopen_action(self, item_id: int) -> ActionItem:
        return self.update_action(item_id, done_on=None)

    def remove_action(self, item_id: int) -> None:
        with self._uow() as session:
            item = get_or_raise(session, ActionItem, item_id, "action item")
            record(session, account_id=item.account_id, entity="action_item",
                   entity_id=item.id, action=ActivityAction.DELETED,
                   summary=f"Action item removed: {item.text[:80]}")
            session.delete(item)

    def actions_for_account(self, account_id: int, *, open_only: bool = False) -> list[ActionItem]:
        with self._uow() as session:
            query = select(ActionItem).where(ActionItem.account_id == account_id)
            if open_only:
                query = query.where(ActionItem.done_on.is_(None))
            query = query.order_by(ActionItem.done_on.is_not(None), ActionItem.due_date,
                                   ActionItem.id)
            return list(session.scalars(query))


def _attendee_key(people: list[Any]) -> list[tuple[Any, ...]]:
    """Who attended, comparable whether read from the workspace or typed in a form."""
    return sorted((p.contact_id or 0, "" if p.contact_id else v.clean_line(p.name) or "",
                   Side(p.side).value) for p in people)


def _refuse_attendee_overwrite(meeting: Meeting, then: list[AttendeeInput],
                               mine: list[AttendeeInput], what: str) -> None:
    now = _attendee_key(meeting.attendees)
    if now not in (_attendee_key(then), _attendee_key(mine)):
        def names(people: list[Any]) -> str:
            return ", ".join(p.name for p in people) or "nobody"

        raise ConflictError(what, {"attendees": (names(then), names(meeting.attendees),
                                                 names(mine))})


def _attendees(session: Any, account_id: int, people: list[AttendeeInput]) -> list[Attendee]:
    result = []
    for person in people:
        contact = None
        if person.contact_id is not None:
            contact = get_or_raise(session, Contact, person.contact_id, "contact")
            if contact.account_id != account_id:
                raise ValidationError({"attendees": f"{contact.name} is a contact of another "
                                                    "account"})
        name = v.clean_line(person.name) or (contact.name if contact else "")
        if not name:
            raise ValidationError({"attendees": "an attendee needs a name"})
        result.append(Attendee(name=name[:200], side=person.side, contact=contact,
                               role=v.optional_line(person.role, "attendee role")))
    return result


def _check_links(session: Any, account_id: int, cleaned: dict[str, Any]) -> None:
    """An action item may only point at a meeting or milestone of its own account."""
    if cleaned.get("meeting_id") is not None:
        meeting = get_or_raise(session, Meeting, cleaned["meeting_id"], "meeting")
        if meeting.account_id != account_id:
            raise ValidationError({"meeting_id": "that meeting belongs to another account"})
    if cleaned.get("milestone_id") is not None:
        milestone = get_or_raise(session, Milestone, cleaned["milestone_id"], "milestone",
                                 options=[joinedload(Milestone.plan)])
        if milestone.plan.account_id != account_id:
            raise ValidationError({"milestone_id": "that milestone belongs to another account"})
