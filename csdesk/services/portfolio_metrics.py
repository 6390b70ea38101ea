"""Metrics for a period from the workspace (computed by the pure services/metrics.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

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
            responses = [Response(kind.value, day, score) for kind, day, score in
                         session.execute(select(SurveyResponse.kind,
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
