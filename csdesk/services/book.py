"""Read models across the whole book: the accounts table, Today and the renewals list.

Each is computed in a handful of queries, whatever the size of the book, and returned as plain
frozen dataclasses ready for a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from sqlalchemy import func, select

from csdesk.models import (
    Account,
    AccountStatus,
    ActionItem,
    LifecycleStage,
    Milestone,
    Segment,
    SuccessPlan,
)
from csdesk.services.base import Service
from csdesk.services.book_queries import (
    RENEWAL_WINDOW_DAYS,
    RenewalRow,
    is_renewal_stage,
    open_milestone,
    renewal_rows,
)
from csdesk.services.schedule import DueState, days_until, due_state
from csdesk.services.today_agenda import TodayAgenda, read_today


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
                       Milestone.due_date, is_renewal_stage())
                .join(SuccessPlan, SuccessPlan.id == Milestone.plan_id)
                .where(Milestone.id.in_(not_reached), open_milestone())).all()
        # The next milestone of each account: its earliest open stage by due date (a Renewal
        # stage is due on the contract's renewal date, as is_renewal_stage() says), then position.
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
            return renewal_rows(session.connection(), today, days)[0]

    def today(self, today: date, *, owner: str | None = None,
              limit: int | None = None) -> TodayAgenda:
        """Today's lists (services/today_agenda.py): the late and due work, the renewals,
        the meetings without notes and the open risks of the accounts ``owner`` owns (all
        when None), the first ``limit`` rows of each (all when None) with the count of each
        list, in one transaction."""
        with self._uow() as session:
            return read_today(session.connection(), today, owner=owner, limit=limit)
