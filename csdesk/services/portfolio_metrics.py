"""Metrics for a period from the workspace (computed by the pure services/metrics.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import String, select, type_coerce

from csdesk.models import Account, ArrChange, SurveyResponse
from csdesk.services.base import Service
from csdesk.services.metrics import (
    DEFAULT_GROSS_MARGIN,
    AccountRevenue,
    Metrics,
    Response,
    compute_metrics,
)


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = (date(day.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
           - timedelta(days=1))
    return start, end


def parse_quarter(text: str) -> tuple[date, date]:
    """'2026Q4' → (2026-10-01, 2026-12-31)."""
    cleaned = text.strip().upper().replace("-", "")
    if len(cleaned) != 6 or cleaned[4] != "Q" or not cleaned[:4].isdigit() \
            or cleaned[5] not in "1234":
        raise ValueError(f"'{text}' is not a quarter such as 2026Q4")
    return quarter_of(date(int(cleaned[:4]), 3 * int(cleaned[5]) - 2, 1))


class MetricsService(Service):
    def revenue_book(self) -> tuple[list[AccountRevenue], list[Response]]:
        """Every account's ARR history (archived and churned ones too: they count in churn).
        An account with ARR but no recorded history counts its ARR from its contract start."""
        with self._uow() as session:
            changes: dict[int, list[tuple[date, int]]] = defaultdict(list)
            for account_id, effective, cents in session.execute(
                    select(ArrChange.account_id, ArrChange.effective_on, ArrChange.arr_cents)):
                changes[account_id].append((effective, cents))
            book = []
            for account_id, arr, start, renewal in session.execute(
                    select(Account.id, Account.arr_cents, Account.contract_start,
                           Account.renewal_date)):
                history = changes.get(account_id)
                if not history and arr:
                    history = [(start or date(1900, 1, 1), arr)]
                book.append(AccountRevenue(account_id, history or [], renewal))
            # The kind as its stored text: turning tens of thousands of values into enum
            # members and back cost a third of the whole computation.
            responses = [Response(kind, day, score) for kind, day, score in
                         session.execute(select(type_coerce(SurveyResponse.kind, String),
                                                SurveyResponse.responded_on,
                                                SurveyResponse.score))]
        return book, responses

    def compute(self, start: date, end: date,
                gross_margin: Decimal = DEFAULT_GROSS_MARGIN) -> Metrics:
        book, responses = self.revenue_book()
        return compute_metrics(book, responses, start, end, gross_margin)

    def by_quarter(self, end: date, quarters: int = 4) -> list[tuple[str, Metrics]]:
        """The last ``quarters`` quarters up to the one containing ``end`` (it may be partial)."""
        book, responses = self.revenue_book()
        result = []
        start, stop = quarter_of(end)
        for _ in range(quarters):
            label = f"{start.year}Q{(start.month - 1) // 3 + 1}"
            result.append((label, compute_metrics(book, responses, start, min(stop, end))))
            start, stop = quarter_of(start - timedelta(days=1))
        return list(reversed(result))


PERIODS = ("Last 30 days", "Last 90 days", "This quarter", "Last quarter", "Year to date",
           "Last 12 months")


def period_dates(name: str, today: date) -> tuple[date, date]:
    if name == "Last 30 days":
        return today - timedelta(days=29), today
    if name == "Last 90 days":
        return today - timedelta(days=89), today
    if name == "This quarter":
        return quarter_of(today)[0], today
    if name == "Last quarter":
        return quarter_of(quarter_of(today)[0] - timedelta(days=1))
    if name == "Year to date":
        return date(today.year, 1, 1), today
    if name == "Last 12 months":
        return today - timedelta(days=364), today
    raise ValueError(f"unknown period '{name}'")


@dataclass(frozen=True)
class Dashboard:
    metrics: Metrics
    quarters: list[tuple[str, Metrics]]
    scores: list[int]  # health scores of active accounts (not churned, not archived)
    unhealthy: int
    renewals_90: int
    renewals_90_cents: int
    currency: str
    not_scored: int = 0  # active accounts not scored yet: out of the distribution and the share

    @property
    def unhealthy_share(self) -> Decimal | None:
        """Unhealthy accounts among the scored active ones (None when none is scored)."""
        return None if not self.scores else Decimal(self.unhealthy) / len(self.scores)


def dashboard(metrics_service: MetricsService, today: date, start: date, end: date) -> Dashboard:
    from csdesk.models import AccountStatus
    from csdesk.services.health_score import Band, band_of
    from csdesk.services.renewals import RenewalService

    metrics = metrics_service.compute(start, end)
    quarters = metrics_service.by_quarter(end, 4)
    with metrics_service._uow() as session:
        rows = session.execute(select(Account.health_score, Account.currency)
                               .where(Account.archived_at.is_(None),
                                      Account.status == AccountStatus.ACTIVE)).all()
    # Churned and archived accounts are out of the book; one not scored yet has no score.
    scores = [score for score, _c in rows if score is not None]
    currencies = [c for _s, c in rows]
    currency = max(set(currencies), key=currencies.count) if currencies else "USD"
    pipeline = RenewalService(metrics_service._workspace).pipeline(today, 90)
    return Dashboard(metrics, quarters, scores,
                     sum(1 for s in scores if band_of(s) is Band.UNHEALTHY),
                     len(pipeline.rows), sum(r.arr_cents for r in pipeline.rows), currency,
                     len(rows) - len(scores))
