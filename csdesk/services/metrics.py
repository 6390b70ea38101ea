"""Portfolio metrics for a period, exactly as DOMAIN.md defines them: pure functions.

Period: ``start`` to ``end``, both inclusive. An account's ARR at the start is the ARR in effect
before any change dated on or after ``start``; at the end, after every change dated on or before
``end``. The cohort is the accounts with ARR at the start. Money is integer cents throughout;
rates are exact Decimals until they are printed. A rate whose denominator is zero is None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

DAYS_PER_MONTH = Decimal("30.4375")
DEFAULT_GROSS_MARGIN = Decimal("0.75")


@dataclass(frozen=True)
class AccountRevenue:
    account_id: int
    changes: Sequence[tuple[date, int]]  # (effective_on, ARR in cents from that day)
    renewal_date: date | None = None


@dataclass(frozen=True)
class Response:
    kind: str  # "nps" or "csat"
    responded_on: date
    score: int


@dataclass(frozen=True)
class Metrics:
    start: date
    end: date
    period_days: int
    customers_start: int
    customers_lost: int
    customers_new: int
    arr_start: int
    arr_end: int
    arr_new: int
    arr_expansion: int
    arr_contraction: int
    arr_churned: int
    eligible_arr_due: int
    eligible_arr_lost: int
    gross_margin: Decimal
    nps: Decimal | None
    nps_responses: int
    csat: Decimal | None
    csat_responses: int
    lost_account_ids: list[int] = field(default_factory=list)

    # Rates (fractions), None when their denominator is zero

    @property
    def logo_churn_rate(self) -> Decimal | None:
        return ratio(self.customers_lost, self.customers_start)

    @property
    def logo_retention_rate(self) -> Decimal | None:
        churn = self.logo_churn_rate
        return None if churn is None else 1 - churn

    @property
    def revenue_churn_rate(self) -> Decimal | None:
        return ratio(self.arr_churned, self.arr_start)

    @property
    def grr(self) -> Decimal | None:
        return ratio(self.arr_start - self.arr_contraction - self.arr_churned, self.arr_start)

    @property
    def nrr(self) -> Decimal | None:
        return ratio(self.arr_start + self.arr_expansion - self.arr_contraction
                     - self.arr_churned, self.arr_start)

    @property
    def expansion_rate(self) -> Decimal | None:
        return ratio(self.arr_expansion, self.arr_start)

    @property
    def net_mrr_churn_rate(self) -> Decimal | None:
        return ratio(self.arr_churned + self.arr_contraction - self.arr_expansion, self.arr_start)

    @property
    def eligible_churn_rate(self) -> Decimal | None:
        return ratio(self.eligible_arr_lost, self.eligible_arr_due)

    @property
    def monthly_churn_rate(self) -> Decimal | None:
        churn = self.logo_churn_rate
        return None if churn is None else churn * DAYS_PER_MONTH / self.period_days

    @property
    def mrr_start(self) -> Decimal:
        return Decimal(self.arr_start) / 12  # cents

    @property
    def arpa_monthly(self) -> Decimal | None:
        return None if not self.customers_start else self.mrr_start / self.customers_start

    @property
    def clv(self) -> Decimal | None:
        return clv(self.gross_margin, self.arpa_monthly, self.monthly_churn_rate)

    def as_json(self) -> dict[str, Any]:
        """Money in currency units with 2 decimals, rates as fractions, NPS −100..100."""
        def money(cents: Decimal | int | None) -> float | None:
            if cents is None:
                return None
            return float((Decimal(cents) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP))

        def rate(value: Decimal | None) -> float | None:
            return None if value is None else float(value.quantize(Decimal("0.000001"),
                                                                    ROUND_HALF_UP))

        return {
            "from": self.start.isoformat(), "to": self.end.isoformat(),
            "period_days": self.period_days, "customers_start": self.customers_start,
            "customers_lost": self.customers_lost, "customers_new": self.customers_new,
            "logo_churn_rate": rate(self.logo_churn_rate),
            "logo_retention_rate": rate(self.logo_retention_rate),
            "arr_start": money(self.arr_start), "arr_end": money(self.arr_end),
            "arr_new": money(self.arr_new), "arr_expansion": money(self.arr_expansion),
            "arr_contraction": money(self.arr_contraction),
            "arr_churned": money(self.arr_churned),
            "revenue_churn_rate": rate(self.revenue_churn_rate), "grr": rate(self.grr),
            "nrr": rate(self.nrr), "expansion_rate": rate(self.expansion_rate),
            "net_mrr_churn_rate": rate(self.net_mrr_churn_rate),
            "mrr_start": money(self.mrr_start), "arpa_monthly": money(self.arpa_monthly),
            "eligible_arr_due": money(self.eligible_arr_due),
            "eligible_arr_lost": money(self.eligible_arr_lost),
            "eligible_churn_rate": rate(self.eligible_churn_rate),
            "monthly_churn_rate": rate(self.monthly_churn_rate),
            "gross_margin": float(self.gross_margin), "clv": money(self.clv),
            "nps": None if self.nps is None else float(self.nps.quantize(Decimal("0.1"),
                                                                        ROUND_HALF_UP)),
            "nps_responses": self.nps_responses, "csat": rate(self.csat),
            "csat_responses": self.csat_responses,
        }


def ratio(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    return None if not whole else Decimal(part) / Decimal(whole)


def clv(gross_margin: Decimal, arpa_monthly: Decimal | None,
        monthly_churn: Decimal | None) -> Decimal | None:
    """Customer lifetime value = gross margin × average MRR per account / monthly churn."""
    if arpa_monthly is None or not monthly_churn:
        return None
    return gross_margin * arpa_monthly / monthly_churn


def arr_before(changes: Iterable[tuple[date, int]], day: date) -> int:
    """ARR in effect before any change dated on or after ``day``."""
    current = 0
    for effective, cents in sorted(changes):
        if effective >= day:
            break
        current = cents
    return current


def arr_on(changes: Iterable[tuple[date, int]], day: date) -> int:
    """ARR in effect after every change dated on or before ``day``."""
    current = 0
    for effective, cents in sorted(changes):
        if effective > day:
            break
        current = cents
    return current


def renews_within(renewal: date | None, start: date, end: date) -> bool:
    """Does an anniversary of the renewal date fall in the period (contracts renew yearly)?"""
    if renewal is None:
        return False
    for year in range(start.year - 1, end.year + 2):
        try:
            anniversary = renewal.replace(year=year)
        except ValueError:  # 29 February
            anniversary = date(year, 2, 28)
        if start <= anniversary <= end:
            return True
    return False


def nps(scores: Sequence[int]) -> Decimal | None:
    """% promoters (9–10) − % detractors (0–6), from −100 to +100."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return Decimal(promoters - detractors) * 100 / len(scores)


def csat(scores: Sequence[int]) -> Decimal | None:
    """Satisfied (4 or 5) / responses, as a fraction."""
    if not scores:
        return None
    return Decimal(sum(1 for s in scores if s >= 4)) / len(scores)


def check_period(start: date, end: date, gross_margin: Decimal) -> None:
    if end < start:
        raise ValueError(f"the period ends ({end.isoformat()}) before it starts "
                         f"({start.isoformat()})")
    if not Decimal(0) < gross_margin <= 1:
        raise ValueError("gross margin must be above 0 and at most 1 (0.75 means 75%)")


def compute_metrics(accounts: Iterable[AccountRevenue], responses: Iterable[Response],
                    start: date, end: date,
                    gross_margin: Decimal = DEFAULT_GROSS_MARGIN) -> Metrics:
    check_period(start, end, gross_margin)
    customers_start = lost = new = 0
    arr_start = arr_end = arr_new = expansion = contraction = churned = 0
    due = due_lost = 0
    lost_ids = []
    for account in accounts:
        before, after = arr_before(account.changes, start), arr_on(account.changes, end)
        arr_end += after
        if before > 0:
            customers_start += 1
            arr_start += before
            eligible = renews_within(account.renewal_date, start, end)
            due += before if eligible else 0
            if after == 0:
                lost += 1
                churned += before
                due_lost += before if eligible else 0
                lost_ids.append(account.account_id)
            elif after > before:
                expansion += after - before
            else:
                contraction += before - after
        elif after > 0:
            new += 1
            arr_new += after
    in_period = [r for r in responses if start <= r.responded_on <= end]
    nps_scores = [r.score for r in in_period if r.kind == "nps"]
    csat_scores = [r.score for r in in_period if r.kind == "csat"]
    return Metrics(start, end, (end - start).days + 1, customers_start, lost, new, arr_start,
                   arr_end, arr_new, expansion, contraction, churned, due, due_lost,
                   gross_margin, nps(nps_scores), len(nps_scores), csat(csat_scores),
                   len(csat_scores), lost_ids)
