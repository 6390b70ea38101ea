"""Read models across the whole book: the accounts table, Today and the renewals list.

Each is computed in a handful of queries, whatever the size of the book, and returned as plain
frozen dataclasses ready for a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, func, or_, select

from csdesk.models import (
    Account,
    AccountStatus,
    ActionItem,
    LifecycleStage,
    Meeting,
    Milestone,
    MilestoneStatus,
    Risk,
    RiskSeverity,
    RiskStatus,
    Segment,
    SuccessPlan,
)
from csdesk.services.base import Service
from csdesk.services.schedule import DueState, days_late, days_until, due_state
from csdesk.services.tracking import RENEWAL_STAGE_NAMES

RENEWAL_WINDOW_DAYS = 90
TODAY_AHEAD_DAYS = 7
MEETING_NOTES_LOOKBACK_DAYS = 7


@dataclass(frozen=True)
class AccountSummary:
    id: int
    name: str
    segment: str
    lifecycle_stage: str
    industry: str | None
    arr_cents: int
    currency: str
    renewal_date: date | None
    days_to_renewal: int | None
    next_milestone: str | None
    next_milestone_date: date | None
    next_milestone_state: DueState | None
    open_actions: int
    health_score: int | None
    archived: bool
    owner: str | None = None


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
class RenewalRow:
    account_id: int
    account_name: str
    segment: str
    renewal_date: date
    days_left: int
    arr_cents: int
    currency: str
    health_score: int | None


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
class TodayAgenda:
    due: list[AgendaItem]
    renewals: list[RenewalRow]
    meetings_without_notes: list[MeetingWithoutNotes]
    risks: list[RiskRow] = field(default_factory=list)
    owners: dict[int, str] = field(default_factory=dict)  # account id -> its owner, if any

    def owner_of(self, row: object) -> str | None:
        """The owner of a row's account (every row here has an ``account_id``)."""
        return self.owners.get(row.account_id)  # type: ignore[attr-defined]


def _is_renewal_stage() -> Any:
    """A milestone named as a Renewal stage (services/tracking.py), in SQL's words."""
    return func.lower(func.trim(Milestone.name)).in_(RENEWAL_STAGE_NAMES)


def _stage_due() -> Any:
    """A milestone's due date as the path tab reckons it: an open Renewal stage is due on the
    contract's renewal date (services/tracking.py); any other on its planned end or date.
    Needs Account joined."""
    return case((_is_renewal_stage(), func.coalesce(Account.renewal_date, Milestone.due_date)),
                else_=Milestone.due_date)


def _open_milestone() -> ColumnElement[bool]:
    return and_(Milestone.actual_date.is_(None),
                Milestone.status.not_in([MilestoneStatus.DONE, MilestoneStatus.SKIPPED]))


class BookService(Service):
    def account_summaries(self, today: date, *, include_archived: bool = False
                          ) -> list[AccountSummary]:
        """Every account (not the archived ones unless asked) with its next milestone and
        open action items, by name. Three queries as Core rows; the next milestones are
        picked here from the open ones, read in the order they are stored, each with its
        plan's account only (a window over every open milestone joined to its wide account
        row cost most of the time of opening a large book)."""
        with self._uow() as session:
            connection = session.connection()
            # Columns, not ORM objects: building 20,000 Account objects took most of the time.
            query = select(Account.id, Account.name, Account.segment, Account.lifecycle_stage,
                           Account.industry, Account.arr_cents, Account.currency,
                           Account.renewal_date, Account.health_score,
                           Account.archived_at, Account.owner, Account.status, Account.name_key)
            if not include_archived:
                query = query.where(Account.archived_at.is_(None))
            by_code_point = connection.dialect.name == "sqlite"
            if not by_code_point:  # a server sorts by its collation
                query = query.order_by(Account.name_key)
            accounts = connection.execute(query).all()
            if by_code_point:  # SQLite compares text by code point, as Python does; one
                # pass over the table and a sort here beat reading it in name order
                accounts.sort(key=itemgetter(12))  # name_key, unique: a total order
            open_actions = dict(connection.execute(
                select(ActionItem.account_id, func.count())
                .where(ActionItem.done_on.is_(None)).group_by(ActionItem.account_id)).all())
            not_reached = select(Milestone.id).where(Milestone.actual_date.is_(None))
            stages = connection.execute(
                select(SuccessPlan.account_id, Milestone.id, Milestone.name, Milestone.position,
                       Milestone.due_date, _is_renewal_stage())
                .join(SuccessPlan, SuccessPlan.id == Milestone.plan_id)
                .where(Milestone.id.in_(not_reached), _open_milestone())).all()
        # The next milestone of each account: its earliest open stage by due date (a Renewal
        # stage is due on the contract's renewal date, as _stage_due() says), then position.
        renewal_dates = {account[0]: account[7] for account in accounts}
        next_milestones: dict[int, tuple[date, int, int, str]] = {}
        for account_id, stage_id, name, position, due, renewal_stage in stages:
            if account_id not in renewal_dates:
                continue
            if renewal_stage and renewal_dates[account_id] is not None:
                due = renewal_dates[account_id]
            if due is None:
                continue
            candidate = (due, position, stage_id, name)
            found = next_milestones.get(account_id)
            if found is None or candidate < found:
                next_milestones[account_id] = candidate
        states: dict[date, DueState] = {}
        rows = []
        labels = {member: member.label for member in (*Segment, *LifecycleStage)}
        for (account_id, name, segment, stage, industry, arr_cents, currency, renewal,
             health, archived_at, owner, status, _key) in accounts:
            milestone = next_milestones.get(account_id)
            state = None
            if milestone is not None:
                state = states.get(milestone[0])
                if state is None:
                    state = states[milestone[0]] = due_state(milestone[0], False, today)
            # A churned account renews no more, and its health is no longer judged.
            churned = status is AccountStatus.CHURNED
            rows.append(AccountSummary(
                id=account_id, name=name, segment=labels[segment],
                lifecycle_stage=labels[stage], industry=industry, arr_cents=arr_cents,
                currency=currency, renewal_date=renewal,
                days_to_renewal=None if churned else days_until(renewal, today),
                next_milestone=milestone[3] if milestone else None,
                next_milestone_date=milestone[0] if milestone else None,
                next_milestone_state=state,
                open_actions=open_actions.get(account_id, 0),
                health_score=None if churned else health,
                archived=archived_at is not None, owner=owner))
        return rows

    def renewals(self, today: date, days: int = RENEWAL_WINDOW_DAYS) -> list[RenewalRow]:
        """Active accounts renewing from today to ``days`` ahead, soonest first."""
        with self._uow() as session:
            return _renewal_rows(session.connection(), today, days)

    def today(self, today: date) -> TodayAgenda:
        """The book's late and due work, renewals, meetings without notes and open risks.

        The live accounts (not archived, not churned) are read once, in one pass over the
        accounts table; each list is read from its own table alone and kept to the live
        accounts here (joining each candidate row to its wide account row cost most of the
        time on a large book). Open action items and milestones are read in the order they
        are stored (by id), so each page of the table is read once, not once per row; the
        list is sorted here anyway. Rows are plain Core rows (``connection.execute``): the
        ORM's handling of column rows cost a third as much again."""
        horizon = today + timedelta(days=TODAY_AHEAD_DAYS)
        with self._uow() as session:
            connection = session.connection()
            live = connection.execute(
                select(Account.id, Account.name, Account.owner, Account.renewal_date)
                .where(Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE)
            ).all()
            open_items = (select(ActionItem.id)
                          .where(ActionItem.done_on.is_(None), ActionItem.due_date <= horizon))
            actions = connection.execute(
                select(ActionItem.id, ActionItem.account_id, ActionItem.text, ActionItem.owner,
                       ActionItem.due_date)
                .where(ActionItem.id.in_(open_items))).all()
            is_renewal = _is_renewal_stage()
            not_reached = select(Milestone.id).where(Milestone.actual_date.is_(None))
            milestones = connection.execute(
                select(Milestone.id, SuccessPlan.account_id, Milestone.name, Milestone.owner,
                       Milestone.due_date, is_renewal, Milestone.planned_date)
                .join(SuccessPlan, SuccessPlan.id == Milestone.plan_id)
                # Due by their own dates, or a Renewal stage (due on the renewal date): the
                # rest of the open milestones are never joined to their plan.
                .where(Milestone.id.in_(not_reached), _open_milestone(),
                       or_(Milestone.due_date <= horizon, is_renewal))).all()
            meetings = connection.execute(
                select(Meeting.id, Meeting.account_id, Meeting.title, Meeting.held_on)
                .where(Meeting.held_on <= today,
                       Meeting.held_on >= today - timedelta(days=MEETING_NOTES_LOOKBACK_DAYS),
                       or_(Meeting.notes.is_(None), Meeting.notes == ""))
                .order_by(Meeting.held_on.desc())).all()
            risks = connection.execute(
                select(Risk.id, Risk.account_id, Risk.title, Risk.severity, Risk.status,
                       Risk.detected_on, Risk.escalated_on.is_not(None))
                .where(Risk.status.in_([RiskStatus.OPEN, RiskStatus.MITIGATING]))).all()
            renewals = _renewal_rows(connection, today, RENEWAL_WINDOW_DAYS)
        names = {account_id: name for account_id, name, _owner, _renewal in live}
        renewal_dates = {account_id: renewal for account_id, _name, _owner, renewal in live}
        states: dict[date, tuple[DueState, int | None]] = {}

        def state_of(when: date) -> tuple[DueState, int | None]:
            found = states.get(when)
            if found is None:
                found = states[when] = (due_state(when, False, today), days_late(when, today))
            return found

        due = [AgendaItem("action", item_id, account_id, names[account_id], text, owner,
                          when, *state_of(when))
               for item_id, account_id, text, owner, when in actions
               if when is not None and account_id in names]
        # The milestones in the order of their index (planned date, then id), as ties in
        # the sort below have always come.
        stages = sorted((planned is not None, planned or today, item_id, account_id, name,
                         owner, when, renewal_stage)
                        for item_id, account_id, name, owner, when, renewal_stage, planned
                        in milestones if account_id in names)
        for *_order, item_id, account_id, name, owner, when, renewal_stage in stages:
            renewal = renewal_dates[account_id]
            if renewal_stage and renewal is not None:
                when = renewal  # as _stage_due(): the contract's renewal date
            if when is not None and when <= horizon:
                due.append(AgendaItem("milestone", item_id, account_id, names[account_id],
                                      name, owner, when, *state_of(when)))
        folded = {account_id: name.casefold() for account_id, name in names.items()}
        due.sort(key=lambda a: (a.due, folded[a.account_id], a.kind))
        severities = {severity: -number for number, severity in enumerate(RiskSeverity)}
        return TodayAgenda(
            due=due, renewals=renewals,
            meetings_without_notes=[MeetingWithoutNotes(meeting_id, account_id,
                                                        names[account_id], title, held_on)
                                    for meeting_id, account_id, title, held_on in meetings
                                    if account_id in names],
            risks=sorted((RiskRow(risk_id, account_id, names[account_id], *rest)
                          for risk_id, account_id, *rest in risks if account_id in names),
                         key=lambda r: (severities[r.severity], r.detected_on)),
            owners={account_id: owner for account_id, _name, owner, _renewal in live
                    if owner is not None})


def _renewal_rows(connection: Connection, today: date, days: int) -> list[RenewalRow]:
    accounts = connection.execute(
        select(Account.id, Account.name, Account.segment, Account.renewal_date,
               Account.arr_cents, Account.currency, Account.health_score)
        .where(Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE,
               Account.renewal_date >= today,
               Account.renewal_date <= today + timedelta(days=days))
        .order_by(Account.renewal_date, Account.name_key))
    return [RenewalRow(a.id, a.name, a.segment.label, a.renewal_date,
                       (a.renewal_date - today).days, a.arr_cents, a.currency, a.health_score)
            for a in accounts if a.renewal_date is not None]
