"""The renewal pipeline: checkpoints before each renewal, expected ARR by health, ARR at risk,
and the "start renewal" action item created once at 90 days (DOMAIN.md): when the app opens,
once a day while it runs, and in the same transaction as any write that can bring a renewal
into the window (an account created or edited, an import)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from csdesk.models import Account, AccountStatus, ActionItem, ActivityAction, RiskSeverity, Side
from csdesk.services.base import Service, record
from csdesk.services.health_score import Band, band_of

CHECKPOINTS = (180, 90, 60, 30)
CHECKPOINT_WORDS = {180: "plan the renewal", 90: "start renewal", 60: "confirm terms",
                    30: "close the renewal"}
START_RENEWAL_DAYS = 90
# Share of ARR expected to renew, by health band (no score yet counts as at risk).
RENEWAL_LIKELIHOOD = {Band.HEALTHY: Decimal("0.95"), Band.AT_RISK: Decimal("0.75"),
                      Band.UNHEALTHY: Decimal("0.40"), None: Decimal("0.75")}


START_RENEWAL_PREFIX = "Start renewal (renews "


def start_renewal_text(renewal: date) -> str:
    return f"{START_RENEWAL_PREFIX}{renewal.isoformat()})"


@dataclass(frozen=True)
class PipelineRow:
    account_id: int
    account_name: str
    segment: str
    renewal_date: date
    days_left: int
    arr_cents: int
    currency: str
    health_score: int | None
    band: Band | None
    checkpoint: int | None  # the last checkpoint reached (180, 90, 60, 30), None before 180
    next_checkpoint: date | None
    expected_cents: int
    open_risks: int = 0
    worst_risk: RiskSeverity | None = None
    owner: str | None = None  # the CSM who owns the account

    @property
    def risks_label(self) -> str:
        if not self.open_risks:
            return "—"
        worst = f" ({self.worst_risk.label.lower()})" if self.worst_risk else ""
        return f"{self.open_risks}{worst}"

    @property
    def checkpoint_label(self) -> str:
        if self.checkpoint is None:
            return "—"
        return f"T-{self.checkpoint}: {CHECKPOINT_WORDS[self.checkpoint]}"

    @property
    def at_risk(self) -> bool:
        """Not healthy (or not scored yet), or with an open high or critical risk."""
        serious = self.worst_risk in (RiskSeverity.HIGH, RiskSeverity.CRITICAL)
        return self.band in (Band.AT_RISK, Band.UNHEALTHY) or self.band is None or serious


@dataclass(frozen=True)
class Pipeline:
    rows: list[PipelineRow]

    def totals(self) -> dict[str, dict[str, int]]:
        """Per currency: ARR up for renewal, expected to renew, and at risk."""
        sums: dict[str, dict[str, int]] = {}
        for row in self.rows:
            bucket = sums.setdefault(row.currency, {"due": 0, "expected": 0, "at_risk": 0})
            bucket["due"] += row.arr_cents
            bucket["expected"] += row.expected_cents
            bucket["at_risk"] += row.arr_cents if row.at_risk else 0
        return sums


def checkpoint_for(days_left: int) -> int | None:
    reached = [c for c in CHECKPOINTS if days_left <= c]
    return min(reached) if reached else None


def next_checkpoint(renewal: date, today: date) -> date | None:
    upcoming = [renewal - timedelta(days=c) for c in CHECKPOINTS
                if renewal - timedelta(days=c) > today]
    return min(upcoming) if upcoming else None


class RenewalService(Service):
    def pipeline(self, today: date, days: int = 180) -> Pipeline:
        with self._uow() as session:
            accounts = list(session.scalars(
                select(Account).where(Account.archived_at.is_(None),
                                      Account.status == AccountStatus.ACTIVE,
                                      Account.renewal_date >= today,
                                      Account.renewal_date <= today + timedelta(days=days))
                .order_by(Account.renewal_date, Account.name_key)))
        from csdesk.services.risks import RiskService

        risks = RiskService(self._workspace).open_by_account([a.id for a in accounts])
        rows = []
        for a in accounts:
            days_left = (a.renewal_date - today).days
            band = band_of(a.health_score)
            # An estimate: in whole currency units (no false cents), half up
            expected = int((Decimal(a.arr_cents) * RENEWAL_LIKELIHOOD[band] / 100)
                           .to_integral_value(ROUND_HALF_UP)) * 100
            rows.append(PipelineRow(a.id, a.name, a.segment.label, a.renewal_date, days_left,
                                    a.arr_cents, a.currency, a.health_score, band,
                                    checkpoint_for(days_left),
                                    next_checkpoint(a.renewal_date, today), expected,
                                    risks[a.id].count if a.id in risks else 0,
                                    risks[a.id].worst if a.id in risks else None, a.owner))
        return Pipeline(rows)

    def ensure_start_renewal_actions(self, today: date,
                                     account_ids: Iterable[int] | None = None) -> int:
        """Once per renewal, when it is 90 days away or less: an action item to start it.
        Returns how many were added (see `ensure_start_renewal_items`)."""
        with self._uow() as session:
            return ensure_start_renewal_items(session, today, account_ids)


def ensure_start_renewal_items(session: Session, today: date,
                               account_ids: Iterable[int] | None = None) -> int:
    """In the caller's transaction: the "Start renewal (renews DATE)" action item of every
    active, unarchived account renewing from ``today`` to 90 days ahead, once per renewal
    date (done or not, an item with that text already there counts). ``account_ids`` limits
    the check to those accounts (an edit, an import); None checks the whole book.

    When the renewal date has moved, the account's open start-renewal item follows it (its
    text and due date) instead of a second item being added; for the accounts named in
    ``account_ids`` that is so even when the new date lies beyond the 90 days (the item is
    then due 90 days before it). Churned and archived accounts are left alone. Returns how
    many items were added."""
    horizon = today + timedelta(days=START_RENEWAL_DAYS)
    live = and_(Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE,
                Account.renewal_date.is_not(None), Account.renewal_date >= today)
    renewals: dict[int, date] = {}
    owners: dict[int, str | None] = {}  # the account's owner starts its renewal
    existing: dict[int, list[ActionItem]] = {}
    for ids in _chunks(account_ids):
        in_scope = live if ids is None else and_(live, Account.id.in_(ids))
        wanted = in_scope if ids is not None else and_(in_scope,
                                                       Account.renewal_date <= horizon)
        for row in session.execute(select(Account.id, Account.renewal_date, Account.owner)
                                   .where(wanted)):
            renewals[row.id] = row.renewal_date
            owners[row.id] = row.owner
        for item in session.scalars(
                select(ActionItem).join(Account, Account.id == ActionItem.account_id)
                .where(wanted, ActionItem.text.startswith(START_RENEWAL_PREFIX,
                                                          autoescape=True))
                .order_by(ActionItem.id)):
            existing.setdefault(item.account_id, []).append(item)
    added: list[ActionItem] = []
    for account_id, renewal in sorted(renewals.items()):
        text = start_renewal_text(renewal)
        items = existing.get(account_id, [])
        if any(item.text == text for item in items):
            continue
        due = max(today, renewal - timedelta(days=START_RENEWAL_DAYS))
        moved = next((item for item in items if item.done_on is None), None)
        if moved is not None:  # the renewal date changed: its open item follows it
            old, moved.text, moved.due_date = moved.text, text, due
            record(session, account_id=account_id, entity="action_item", entity_id=moved.id,
                   action=ActivityAction.UPDATED,
                   summary=f"Renewal checkpoint T-90: '{old}' is now '{text}'")
        elif renewal <= horizon:
            item = ActionItem(account_id=account_id, text=text, owner=owners[account_id],
                              owner_side=Side.OURS, due_date=due)
            session.add(item)
            added.append(item)
    if added:
        session.flush()  # one flush for all, for their ids
    for item in added:
        record(session, account_id=item.account_id, entity="action_item", entity_id=item.id,
               action=ActivityAction.CREATED,
               summary=f"Renewal checkpoint T-90: '{item.text}' added")
    return len(added)


def _chunks(account_ids: Iterable[int] | None, size: int = 500
            ) -> Iterator[list[int] | None]:
    """The ids a few hundred at a time (a query's parameters are limited); None: the book."""
    if account_ids is None:
        yield None
        return
    ids = sorted(set(account_ids))
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
