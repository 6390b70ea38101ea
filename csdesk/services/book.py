"""Read models across the whole book: the accounts table, Today and the renewals list.

Each is computed in a handful of queries, whatever the size of the book, and returned as plain
frozen dataclasses ready for a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from csdesk.models import (
    Account,
    AccountStatus,
    ActionItem,
    Meeting,
    Milestone,
    MilestoneStatus,
    Risk,
    RiskSeverity,
    RiskStatus,
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


def _stage_due() -> Any:
    """A milestone's due date as the path tab reckons it: an open Renewal stage is due on the
    contract's renewal date (services/tracking.py); any other on its planned end or date.
    Needs Account joined."""
    is_renewal = func.lower(func.trim(Milestone.name)).in_(RENEWAL_STAGE_NAMES)
    return case((is_renewal, func.coalesce(Account.renewal_date, Milestone.due_date)),
                else_=Milestone.due_date)


def _open_milestone() -> object:
    return and_(Milestone.actual_date.is_(None),
                Milestone.status.not_in([MilestoneStatus.DONE, MilestoneStatus.SKIPPED]))


class BookService(Service):
    def account_summaries(self, today: date, *, include_archived: bool = False
                          ) -> list[AccountSummary]:
        with self._uow() as session:
            # Columns, not ORM objects: building 20,000 Account objects took most of the time.
            query = select(Account.id, Account.name, Account.segment, Account.lifecycle_stage,
                           Account.industry, Account.arr_cents, Account.currency,
                           Account.renewal_date, Account.health_score,
                           Account.archived_at, Account.owner, Account.status
                           ).order_by(Account.name_key)
            if not include_archived:
                query = query.where(Account.archived_at.is_(None))
            accounts = session.execute(query).all()
            open_actions = dict(session.execute(
                select(ActionItem.account_id, func.count())
                .where(ActionItem.done_on.is_(None)).group_by(ActionItem.account_id)).all())
            # The next milestone of each account: its earliest open stage by due date.
            due = _stage_due()
            ranked = (select(SuccessPlan.account_id, Milestone.name, due.label("due_date"),
                             func.row_number().over(
                                 partition_by=SuccessPlan.account_id,
                                 order_by=(due, Milestone.position)
                             ).label("rank"))
                      .join(SuccessPlan, SuccessPlan.id == Milestone.plan_id)
                      .join(Account, Account.id == SuccessPlan.account_id)
                      .where(_open_milestone(), due.is_not(None))
                      .subquery())
            next_milestones = {row.account_id: row for row in session.execute(
                select(ranked).where(ranked.c.rank == 1))}
        rows = []
        for account in accounts:
            milestone = next_milestones.get(account.id)
            # A churned account renews no more, and its health is no longer judged.
            churned = account.status is AccountStatus.CHURNED
            rows.append(AccountSummary(
                id=account.id, name=account.name, segment=account.segment.label,
                lifecycle_stage=account.lifecycle_stage.label, industry=account.industry,
                arr_cents=account.arr_cents, currency=account.currency,
                renewal_date=account.renewal_date,
                days_to_renewal=None if churned else days_until(account.renewal_date, today),
                next_milestone=milestone.name if milestone else None,
                next_milestone_date=milestone.due_date if milestone else None,
                next_milestone_state=(due_state(milestone.due_date, False, today)
                                      if milestone else None),
                open_actions=open_actions.get(account.id, 0),
                health_score=None if churned else account.health_score,
                archived=account.archived_at is not None,
                owner=account.owner))
        return rows

    def renewals(self, today: date, days: int = RENEWAL_WINDOW_DAYS) -> list[RenewalRow]:
        """Active accounts renewing from today to ``days`` ahead, soonest first."""
        with self._uow() as session:
            accounts = session.execute(
                select(Account.id, Account.name, Account.segment, Account.renewal_date,
                       Account.arr_cents, Account.currency, Account.health_score)
                .where(Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE,
                       Account.renewal_date >= today,
                       Account.renewal_date <= today + timedelta(days=days))
                .order_by(Account.renewal_date, Account.name_key))
            return [RenewalRow(a.id, a.name, a.segment.label, a.renewal_date,
                               (a.renewal_date - today).days, a.arr_cents, a.currency,
                               a.health_score)
                    for a in accounts if a.renewal_date is not None]

    def today(self, today: date) -> TodayAgenda:
        horizon = today + timedelta(days=TODAY_AHEAD_DAYS)
        with self._uow() as session:
            live = and_(Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE)
            # Columns, not ORM objects: a book of thousands has thousands of overdue items.
            actions = session.execute(
                select(ActionItem.id, ActionItem.account_id, Account.name, ActionItem.text,
                       ActionItem.owner, ActionItem.due_date)
                .join(Account, Account.id == ActionItem.account_id)
                .where(live, ActionItem.done_on.is_(None), ActionItem.due_date <= horizon)
            ).all()  # no ORDER BY: both kinds are merged and sorted once, below
            milestones = session.execute(
                select(Milestone.id, Account.id, Account.name, Milestone.name, Milestone.owner,
                       _stage_due())
                .join(SuccessPlan, SuccessPlan.id == Milestone.plan_id)
                .join(Account, Account.id == SuccessPlan.account_id)
                .where(live, _open_milestone(), _stage_due() <= horizon)).all()
            meetings = session.execute(
                select(Meeting.id, Meeting.account_id, Account.name, Meeting.title,
                       Meeting.held_on)
                .join(Account, Account.id == Meeting.account_id)
                .where(live, Meeting.held_on <= today,
                       Meeting.held_on >= today - timedelta(days=MEETING_NOTES_LOOKBACK_DAYS),
                       or_(Meeting.notes.is_(None), Meeting.notes == ""))
                .order_by(Meeting.held_on.desc())).all()
            risks = session.execute(
                select(Risk.id, Risk.account_id, Account.name, Risk.title, Risk.severity,
                       Risk.status, Risk.detected_on, Risk.escalated_on.is_not(None))
                .join(Account, Account.id == Risk.account_id)
                .where(live, Risk.status.in_([RiskStatus.OPEN, RiskStatus.MITIGATING]))).all()
            owners = dict(session.execute(select(Account.id, Account.owner)
                                          .where(live, Account.owner.is_not(None))).all())
        severities = list(RiskSeverity)
        risk_rows = sorted((RiskRow(*row) for row in risks),
                           key=lambda r: (-severities.index(r.severity), r.detected_on))
        due = [AgendaItem(kind, *row, due_state(row[-1], False, today), days_late(row[-1], today))
               for kind, rows in (("action", actions), ("milestone", milestones))
               for row in rows if row[-1] is not None]
        due.sort(key=lambda a: (a.due, a.account_name.casefold(), a.kind))
        return TodayAgenda(
            due=due, renewals=self.renewals(today),
            meetings_without_notes=[MeetingWithoutNotes(*row) for row in meetings],
            risks=risk_rows, owners=owners)
