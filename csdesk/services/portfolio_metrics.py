"""Metrics for a period from the workspace (computed by the pure services/metrics.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, String, and_, case, cast, extract, func, select, type_coerce
from sqlalchemy.orm import aliased

from csdesk.models import Account, ArrChange, SurveyResponse
from csdesk.services.base import Service
from csdesk.services.metrics import (
    DEFAULT_GROSS_MARGIN,
    AccountRevenue,
    Metrics,
    Response,
    check_period,
    csat,
    nps,
    renews_within,
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
        """The metrics of a period, as ``compute_metrics`` defines them (services/metrics.py),
        with the ARR roll-up summed in SQL: each account's ARR at the start and at the end
        is found in one pass over the ARR changes, and the accounts are summed by the day and
        month of their renewal date (all a renewal in the period depends on), so a few hundred
        rows come back whatever the size of the book, not every account's history."""
        check_period(start, end, gross_margin)
        with self._uow() as session:
            connection = session.connection()
            groups = connection.execute(_roll_up(start, end)).all()
            # Counted in one pass over the responses: for a period of months, looking each
            # one up from the date index cost twice as much.
            in_period = and_(SurveyResponse.responded_on >= start,
                             SurveyResponse.responded_on <= end)
            scores = connection.execute(
                select(type_coerce(SurveyResponse.kind, String), SurveyResponse.score,
                       func.sum(case((in_period, 1), else_=0)))
                .group_by(SurveyResponse.kind, SurveyResponse.score)).all()
        total = dict.fromkeys(_SUMS, 0)
        due = due_lost = 0
        lost_ids: list[int] = []
        for month, day, *sums, lost in groups:
            figures = dict(zip(_SUMS, (int(value or 0) for value in sums), strict=True))
            for key, value in figures.items():
                total[key] += value
            if month is not None and renews_within(date(2000, int(month), int(day)), start,
                                                   end):  # 2000: a leap year, for 29 February
                due += figures["arr_start"]
                due_lost += figures["arr_churned"]
            lost_ids += [int(i) for i in lost.split(",")] if lost else []
        nps_scores = [score for kind, score, count in scores if kind == "nps"
                      for _ in range(int(count or 0))]
        csat_scores = [score for kind, score, count in scores if kind == "csat"
                       for _ in range(int(count or 0))]
        return Metrics(start, end, (end - start).days + 1, total["customers_start"],
                       total["customers_lost"], total["customers_new"], total["arr_start"],
                       total["arr_end"], total["arr_new"], total["arr_expansion"],
                       total["arr_contraction"], total["arr_churned"], due, due_lost,
                       gross_margin, nps(nps_scores), len(nps_scores), csat(csat_scores),
                       len(csat_scores), sorted(lost_ids))

    def by_quarter(self, end: date, quarters: int = 4) -> list[tuple[str, Metrics]]:
        """The last ``quarters`` quarters up to the one containing ``end`` (it may be partial)."""
        result = []
        start, stop = quarter_of(end)
        for _ in range(quarters):
            label = f"{start.year}Q{(start.month - 1) // 3 + 1}"
            result.append((label, self.compute(start, min(stop, end))))
            start, stop = quarter_of(start - timedelta(days=1))
        return list(reversed(result))


# What the roll-up sums, per group of accounts renewing on the same day and month.
_SUMS = ("customers_start", "arr_start", "arr_end", "customers_lost", "arr_churned",
         "arr_expansion", "arr_contraction", "customers_new", "arr_new")


def _roll_up(start: date, end: date) -> Select[Any]:
    """Per renewal day and month: the sums of ``_SUMS`` and the ids of the accounts lost.

    An account's ARR at the start is that of its last change dated before ``start``; at the
    end, of its last change dated on or before ``end``: the dates of both in one pass over
    the (account, date) index, then each change looked up by that unique pair. An account with
    ARR but no recorded history has its ARR from its contract start (or from 1900), as in
    ``revenue_book``."""
    last = (select(ArrChange.account_id,
                   func.max(case((ArrChange.effective_on < start, ArrChange.effective_on)))
                   .label("before_on"),
                   func.max(case((ArrChange.effective_on <= end, ArrChange.effective_on)))
                   .label("after_on"))
            .group_by(ArrChange.account_id).subquery())
    at_start, at_end = aliased(ArrChange), aliased(ArrChange)
    since = func.coalesce(Account.contract_start, date(1900, 1, 1))
    no_history = last.c.account_id.is_(None)

    def arr(change: Any, in_effect_from: Any) -> Any:
        return case((no_history, case((and_(Account.arr_cents > 0, in_effect_from),
                                       Account.arr_cents), else_=0)),
                    else_=func.coalesce(change.arr_cents, 0))

    per_account = (
        select(Account.id, Account.renewal_date,
               arr(at_start, since < start).label("before"),
               arr(at_end, since <= end).label("after"))
        .outerjoin(last, last.c.account_id == Account.id)
        .outerjoin(at_start, and_(at_start.account_id == last.c.account_id,
                                  at_start.effective_on == last.c.before_on))
        .outerjoin(at_end, and_(at_end.account_id == last.c.account_id,
                                at_end.effective_on == last.c.after_on))
        .subquery())
    b, a = per_account.c.before, per_account.c.after
    held, lost = b > 0, and_(b > 0, a == 0)

    def total(condition: Any, value: Any) -> Any:
        return func.sum(case((condition, value), else_=0))

    month = extract("month", per_account.c.renewal_date)
    day = extract("day", per_account.c.renewal_date)
    return (select(month, day,
                   total(held, 1), total(held, b), func.sum(a), total(lost, 1), total(lost, b),
                   total(and_(held, a > b), a - b), total(and_(held, a > 0, a <= b), b - a),
                   total(and_(~held, a > 0), 1), total(and_(~held, a > 0), a),
                   func.aggregate_strings(case((lost, cast(per_account.c.id, String))), ","))
            .group_by(month, day))


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
