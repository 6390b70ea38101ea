"""The renewal pipeline: checkpoints before each renewal, expected ARR by health, ARR at risk,
and the "start renewal" action item created once at 90 days (DOMAIN.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

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


def start_renewal_text(renewal: date) -> str:
    return f"Start renewal (renews {renewal.isoformat()})"


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
            expected = int((Decimal(a.arr_cents) * RENEWAL_LIKELIHOOD[band])
                           .to_integral_value())
            rows.append(PipelineRow(a.id, a.name, a.segment.label, a.renewal_date, days_left,
                                    a.arr_cents, a.currency, a.health_score, band,
                                    checkpoint_for(days_left),
                                    next_checkpoint(a.renewal_date, today), expected,
                                    risks[a.id].count if a.id in risks else 0,
                                    risks[a.id].worst if a.id in risks else None, a.owner))
        return Pipeline(rows)

    def ensure_start_renewal_actions(self, today: date) -> int:
        """Once per renewal, when it is 90 days away or less: an action item to start it."""
        created = 0
        with self._uow() as session:
            accounts = list(session.scalars(
                select(Account).where(
                    Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE,
                    Account.renewal_date >= today,
                    Account.renewal_date <= today + timedelta(days=START_RENEWAL_DAYS))))
            for account in accounts:
                text = start_renewal_text(account.renewal_date)
                exists = session.scalar(select(ActionItem.id).where(
                    ActionItem.account_id == account.id, ActionItem.text == text))
                if exists:
                    continue
                due = max(today, account.renewal_date - timedelta(days=START_RENEWAL_DAYS))
                item = ActionItem(account_id=account.id, text=text, owner_side=Side.OURS,
                                  due_date=due)
                session.add(item)
                session.flush()
                record(session, account_id=account.id, entity="action_item",
                       entity_id=item.id, action=ActivityAction.CREATED,
                       summary=f"Renewal checkpoint T-90: '{text}' added")
                created += 1
        return created
