"""Where one account stands among comparable accounts (same segment), as percentiles.

Peers are never named: only counts, medians and the account's percentile come out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import median

from sqlalchemy import select

from csdesk.models import Account, AccountStatus
from csdesk.services.base import Service, get_or_raise
from csdesk.services.health import HealthService

MIN_PEERS = 3
# A customer sees a comparison only against this many comparable customers or more, and only
# for what is theirs to act on: not our internal health score, and no percentile ranking.
CUSTOMER_MIN_PEERS = 5
CUSTOMER_METRICS = {"ttfv_days": ("Time to first value", "{:,.0f} days"),
                    "kpi_progress": ("Progress towards your KPI targets", "{:,.0f}%")}


@dataclass(frozen=True)
class Benchmark:
    metric: str  # health, ttfv_days, kpi_progress
    label: str
    value: float | None
    percentile: int | None  # share of peers this account does better than, 0–100
    peers: int
    peer_median: float | None
    higher_is_better: bool

    def sentence(self) -> str:
        if self.value is None:
            return f"{self.label}: no value yet for this account"
        if self.percentile is None:
            return f"{self.label}: too few comparable accounts ({self.peers}) to compare"
        return (f"{self.label}: better than {self.percentile}% of {self.peers} comparable "
                f"accounts (their median {self.peer_median:g})")

    def customer_sentence(self) -> str | None:
        """The comparison framed for the customer (their figure against the median of
        comparable customers), or None when it is not one to show them."""
        if self.metric not in CUSTOMER_METRICS or self.value is None or \
                self.peer_median is None or self.peers < CUSTOMER_MIN_PEERS:
            return None
        label, form = CUSTOMER_METRICS[self.metric]
        return (f"{label}: {form.format(self.value)} for you; the median of {self.peers} "
                f"comparable customers is {form.format(self.peer_median)}")


def percentile_of(value: float, others: list[float], higher_is_better: bool) -> int:
    """Share of the others this value beats (ties count half)."""
    if not others:
        return 0
    better = sum(1 for o in others if (value > o if higher_is_better else value < o))
    ties = sum(1 for o in others if o == value)
    return round(100 * (better + ties / 2) / len(others))


class BenchmarkService(Service):
    def for_account(self, account_id: int, today: date) -> list[Benchmark]:
        with self._uow() as session:
            account = get_or_raise(session, Account, account_id, "account")
            segment = account.segment
            peers = list(session.scalars(
                select(Account.id).where(Account.segment == segment,
                                         Account.status == AccountStatus.ACTIVE,
                                         Account.archived_at.is_(None))))
        if account_id not in peers:
            peers.append(account_id)
        facts = HealthService(self._workspace)._facts(today, peers)
        with self._uow() as session:
            scores = dict(session.execute(select(Account.id, Account.health_score)
                                          .where(Account.id.in_(peers))).all())
        measures = {
            "health": ("Health score", True,
                       {i: scores.get(i) for i in peers}),
            "ttfv_days": ("Time to first value (days)", False,
                          {i: facts[i].ttfv_days if i in facts else None for i in peers}),
            "kpi_progress": ("KPI progress (% of the way to target)", True,
                             {i: _pct(facts[i].kpi_progress) if i in facts else None
                              for i in peers}),
        }
        result = []
        for metric, (label, higher, values) in measures.items():
            mine = values.get(account_id)
            others = [float(v) for i, v in values.items() if i != account_id and v is not None]
            enough = len(others) >= MIN_PEERS
            result.append(Benchmark(
                metric, label, None if mine is None else float(mine),
                percentile_of(float(mine), others, higher) if mine is not None and enough
                else None, len(others), float(median(others)) if others else None, higher))
        return result


def _pct(share: Decimal | None) -> float | None:
    return None if share is None else round(float(share) * 100, 1)
