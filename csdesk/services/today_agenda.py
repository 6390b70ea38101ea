"""Today's lists: the action items and milestones late or due within the week, the renewals of
the next 90 days, the meetings of the last week without notes, and the open risks.

A large book has tens of thousands of such rows (about 36,000 due at 20,000 accounts); nobody
reads them all, and building and sorting every one took most of a second. So each list is read
narrow (ids, accounts and what it sorts by), kept to the live accounts in scope, counted, and
only its first ``limit`` rows are read whole and built. Without a limit every row comes back.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, or_, select

from csdesk.models import (
    Account,
    AccountStatus,
    ActionItem,
    Meeting,
    Milestone,
    Risk,
    RiskSeverity,
    RiskStatus,
    SuccessPlan,
)
from csdesk.services.book_queries import (
    RENEWAL_WINDOW_DAYS,
    RenewalRow,
    days_of,
    driver_rows,
    is_renewal_stage,
    open_milestone,
    renewal_rows,
)
from csdesk.services.schedule import DueState, days_late, due_state

TODAY_AHEAD_DAYS = 7
MEETING_NOTES_LOOKBACK_DAYS = 7
TODAY_ROWS = 300  # the rows of each list Today shows at first; all of them when asked
_IDS_PER_QUERY = 1000  # beyond this many, a list's rows are read by its filter, not by id


@dataclass(frozen=True)
class AgendaItem:
    """An action item or a milestone due soon or overdue, for Today."""

    kind: str  # "action" or "milestone"
    id: int
    account_id: int
    account_name: str
    text: str
    owner: str | None
    due: date  # the due date (a milestone's planned end, DOMAIN.md)
    state: DueState
    days_late: int | None = None  # today − due, when positive


@dataclass(frozen=True)
class MeetingWithoutNotes:
    meeting_id: int
    account_id: int
    account_name: str
    title: str
    held_on: date


@dataclass(frozen=True)
class RiskRow:
    """An open risk, for Today."""

    risk_id: int
    account_id: int
    account_name: str
    title: str
    severity: RiskSeverity
    status: RiskStatus
    detected_on: date
    escalated: bool


@dataclass(frozen=True)
class TodayCounts:
    """How many rows each list has in all, shown or not."""

    due: int = 0
    late: int = 0
    renewals: int = 0
    meetings: int = 0
    risks: int = 0


@dataclass(frozen=True)
class TodayAgenda:
    due: list[AgendaItem]
    renewals: list[RenewalRow]
    meetings_without_notes: list[MeetingWithoutNotes]
    risks: list[RiskRow] = field(default_factory=list)
    counts: TodayCounts = field(default_factory=TodayCounts)

    @property
    def complete(self) -> bool:
        """Every row of every list is here (none was left out by the limit)."""
        counts = self.counts
        return (counts.due, counts.renewals, counts.meetings, counts.risks) == (
            len(self.due), len(self.renewals), len(self.meetings_without_notes),
            len(self.risks))


def read_today(connection: Connection, today: date, *, owner: str | None = None,
               limit: int | None = None) -> TodayAgenda:
    """Today's lists for the accounts ``owner`` owns (the whole book when None), each with its
    first ``limit`` rows (all when None) and how many it has in all."""
    # The live accounts, read once in one pass (a filter on each list instead made SQLite
    # scan the wide accounts table once per list); each list is read from its own table.
    live = driver_rows(connection, (
        select(Account.id, Account.name, Account.owner, Account.renewal_date)
        .where(Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE)))
    if owner is not None:  # compared as My book compares them (ui/views/book_scope.py)
        mine = owner.strip().casefold()
        live = [row for row in live if (row[2] or "").casefold() == mine]
    names = {account_id: name for account_id, name, _owner, _renewal in live}
    renewals_on = days_of(row[3] for row in live)
    due, due_count, late = _due(connection, today, names,
                                {row[0]: renewals_on[row[3]] for row in live
                                 if row[3] is not None}, limit)
    meetings, meeting_count = _meetings(connection, today, names, limit)
    risks, risk_count = _risks(connection, names, limit)
    renewals, renewal_count = renewal_rows(
        connection, today, RENEWAL_WINDOW_DAYS,
        accepts=None if owner is None else names.__contains__, limit=limit)
    return TodayAgenda(due=due, renewals=renewals, meetings_without_notes=meetings,
                       risks=risks,
                       counts=TodayCounts(due=due_count, late=late, renewals=renewal_count,
                                          meetings=meeting_count, risks=risk_count))


def _due(connection: Connection, today: date, names: dict[int, str],
         renewal_dates: dict[int, date], limit: int | None
         ) -> tuple[list[AgendaItem], int, int]:
    """The open action items and milestones overdue or due within the week, by due date, then
    account, action items before milestones: the first ``limit``, how many in all, how many
    late."""
    horizon = today + timedelta(days=TODAY_AHEAD_DAYS)
    # Each row narrow (the index of open items holds their due dates and accounts)
    open_items = (ActionItem.done_on.is_(None), ActionItem.due_date <= horizon)
    actions = [row for row in driver_rows(connection, select(
        ActionItem.id, ActionItem.account_id, ActionItem.due_date).where(*open_items))
        if row[1] in names and row[2] is not None]
    is_renewal = is_renewal_stage()
    stages = driver_rows(connection, (
        select(Milestone.id, SuccessPlan.account_id, Milestone.due_date, is_renewal,
               Milestone.planned_date)
        .join(SuccessPlan, SuccessPlan.id == Milestone.plan_id)
        # Due by their own dates, or a Renewal stage (due on the renewal date): the rest of
        # the open milestones are never joined to their plan. The index of open milestones
        # holds all it tests (migration 0015): their rows are not read.
        .where(open_milestone(), or_(Milestone.due_date <= horizon, is_renewal))))
    on = days_of([row[2] for row in stages] + [row[4] for row in stages])
    milestones = []  # (due, planned date, id, account)
    for item_id, account_id, own_due, renewal_stage, planned_on in stages:
        if account_id not in names:
            continue
        when = on[own_due]
        if renewal_stage and account_id in renewal_dates:
            when = renewal_dates[account_id]  # an open Renewal stage: the renewal date
        if when is not None and when <= horizon:
            milestones.append((when, on[planned_on], item_id, account_id))
    # Counted by day: how many are late, and the day the first ``limit`` end on. Only the
    # rows due by that day can be among them: only those are sorted.
    per_stored_day = Counter(row[2] for row in actions)
    on = days_of(per_stored_day)
    per_day: Counter[date] = Counter()
    for stored, count in per_stored_day.items():
        per_day[on[stored]] += count
    per_day.update(row[0] for row in milestones)
    late = sum(count for day, count in per_day.items() if day < today)
    last = _last_day(per_day, limit)
    if last is not None:
        kept = {stored for stored, day in on.items() if day <= last}
        shown_actions = [row for row in actions if row[2] in kept]
        shown_milestones = [row for row in milestones if row[0] <= last]
    else:
        shown_actions, shown_milestones = actions, milestones
    folded = {account_id: names[account_id].casefold() for account_id in
              {row[1] for row in shown_actions} | {row[3] for row in shown_milestones}}
    # In the order they sort: due, account, kind, then the order they have always come in
    # (action items by id; milestones by planned date, undated first, then id).
    candidates: list[tuple[Any, ...]] = [
        (on[when], folded[account_id], "action", False, today, item_id, account_id)
        for item_id, account_id, when in shown_actions]
    candidates += [(when, folded[account_id], "milestone", planned is not None,
                    planned or today, item_id, account_id)
                   for when, planned, item_id, account_id in shown_milestones]
    chosen = sorted(candidates)[:limit]
    texts = _by_id(connection, (ActionItem.id, ActionItem.text, ActionItem.owner),
                   [c[5] for c in chosen if c[2] == "action"], *open_items)
    texts_of_stages = _by_id(connection, (Milestone.id, Milestone.name, Milestone.owner),
                             [c[5] for c in chosen if c[2] == "milestone"],
                             Milestone.actual_date.is_(None))
    states: dict[date, tuple[DueState, int | None]] = {}
    due = []
    for when, _name, kind, _undated, _planned, item_id, account_id in chosen:
        state = states.get(when)
        if state is None:
            state = states[when] = (due_state(when, False, today), days_late(when, today))
        text, item_owner = (texts if kind == "action" else texts_of_stages)[item_id]
        due.append(AgendaItem(kind, item_id, account_id, names[account_id], text, item_owner,
                              when, *state))
    return due, len(actions) + len(milestones), late


def _last_day(per_day: Counter[date], limit: int | None) -> date | None:
    """The day the first ``limit`` rows by due date reach (None: all of them are wanted,
    or there are no more than ``limit``)."""
    if limit is None:
        return None
    reached = 0
    for day in sorted(per_day):
        reached += per_day[day]
        if reached >= limit:
            return day
    return None


def _meetings(connection: Connection, today: date, names: dict[int, str],
              limit: int | None) -> tuple[list[MeetingWithoutNotes], int]:
    """The meetings of the last week still without notes, the latest first."""
    rows = [row for row in driver_rows(connection, (
        select(Meeting.id, Meeting.account_id, Meeting.title, Meeting.held_on)
        .where(Meeting.held_on <= today,
               Meeting.held_on >= today - timedelta(days=MEETING_NOTES_LOOKBACK_DAYS),
               or_(Meeting.notes.is_(None), Meeting.notes == ""))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc()))) if row[1] in names]
    shown = rows[:limit]
    on = days_of(row[3] for row in shown)
    return [MeetingWithoutNotes(meeting_id, account_id, names[account_id], title, on[held_on])
            for meeting_id, account_id, title, held_on in shown], len(rows)


def _risks(connection: Connection, names: dict[int, str], limit: int | None
           ) -> tuple[list[RiskRow], int]:
    """The open and mitigating risks, the most severe first, then the longest open (then in
    the order they are read: by status, then id)."""
    # Read as the driver gives them (severity as its stored value): the most severe first
    rank = {severity.value: -number for number, severity in enumerate(RiskSeverity)}
    open_risks = Risk.status.in_([RiskStatus.OPEN, RiskStatus.MITIGATING])
    rows = driver_rows(connection, select(Risk.id, Risk.account_id, Risk.severity,
                                          Risk.detected_on)
                       .where(open_risks).order_by(Risk.status, Risk.id))
    on = days_of(row[3] for row in rows)
    # Each position is unique, so the stored severity after it is never compared
    candidates = [(rank[severity], on[detected_on], position, risk_id, account_id, severity)
                  for position, (risk_id, account_id, severity, detected_on) in enumerate(rows)
                  if account_id in names]
    chosen = sorted(candidates) if limit is None else heapq.nsmallest(limit, candidates)
    details = _by_id(connection, (Risk.id, Risk.title, Risk.status,
                                  Risk.escalated_on.is_not(None)),
                     [c[3] for c in chosen], open_risks)
    rows = []
    for _rank, detected_on, _position, risk_id, account_id, severity in chosen:
        title, status, escalated = details[risk_id]
        rows.append(RiskRow(risk_id, account_id, names[account_id], title,
                            RiskSeverity(severity), status, detected_on, escalated))
    return rows, len(candidates)


def _by_id(connection: Connection, columns: tuple[Any, ...], ids: list[int],
           *where: Any) -> dict[int, tuple[Any, ...]]:
    """The other columns of these rows, by id: a few hundred by their ids; more (a list shown
    whole) by the list's own filter, which reads the table once."""
    if not ids:
        return {}
    query = select(*columns)
    query = query.where(columns[0].in_(ids)) if len(ids) <= _IDS_PER_QUERY \
        else query.where(*where)
    return {row[0]: tuple(row[1:]) for row in connection.execute(query)}
