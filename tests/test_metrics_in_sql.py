"""Portfolio metrics summed in SQL (services/portfolio_metrics.py) give exactly the figures of
the pure definitions (services/metrics.py, `compute_metrics`) run over every account's ARR
history in Python: on the demo book, and on the odd cases: ARR without a recorded history
(with and without a contract start), changes on the first and last day of the period, a
renewal on 29 February, archived and churned accounts, responses on the period's edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from csdesk.models import (
    Account,
    AccountStatus,
    ArrChange,
    ArrChangeKind,
    SurveyKind,
    SurveyResponse,
)
from csdesk.services import Services
from csdesk.services.metrics import compute_metrics
from tests.conftest import TODAY

PERIODS = [(date(2025, 11, 24), TODAY), (date(2026, 1, 1), date(2026, 3, 31)),
           (date(2026, 3, 1), date(2026, 3, 1)), (date(2024, 2, 29), date(2024, 2, 29)),
           (date(2025, 2, 28), date(2025, 3, 1)), (date(2026, 6, 1), date(2026, 6, 30)),
           (date(2020, 1, 1), date(2030, 12, 31)), (date(1990, 1, 1), date(1990, 1, 1)),
           (TODAY, TODAY)]


def expected(services: Services, start: date, end: date):
    book, responses = services.metrics.revenue_book()
    return compute_metrics(book, responses, start, end)


@pytest.fixture
def odd_book(services: Services) -> Services:
    def change(account: Account, day: date, cents: int,
               kind: ArrChangeKind = ArrChangeKind.RENEWAL) -> ArrChange:
        return ArrChange(account=account, effective_on=day, arr_cents=cents, kind=kind)

    with services.workspace.session() as session:
        def account(name: str, **values: object) -> Account:
            made = Account(name=name, name_key=name.casefold(), **values)
            session.add(made)
            return made

        no_history = account("No history", arr_cents=12_000_00,
                             contract_start=date(2026, 3, 1), renewal_date=date(2027, 3, 1))
        account("No history, no start", arr_cents=7_000_00, renewal_date=date(2027, 6, 15))
        account("Nothing at all")
        leap = account("Leap renewal", arr_cents=30_000_00, renewal_date=date(2024, 2, 29))
        grew = account("Grew on the first day", arr_cents=60_000_00,
                       renewal_date=date(2027, 1, 1))
        lost = account("Lost on the last day", status=AccountStatus.CHURNED,
                       renewal_date=date(2026, 3, 31))
        archived = account("Archived", arr_cents=5_000_00, renewal_date=date(2026, 6, 30),
                           archived_at=datetime.combine(TODAY, time(9), tzinfo=UTC))
        shrank = account("Shrank", arr_cents=8_000_00, renewal_date=date(2026, 2, 14))
        session.add_all([
            change(leap, date(2023, 2, 28), 30_000_00, ArrChangeKind.NEW),
            change(grew, date(2025, 1, 1), 40_000_00, ArrChangeKind.NEW),
            change(grew, date(2026, 1, 1), 60_000_00, ArrChangeKind.EXPANSION),
            change(lost, date(2024, 3, 31), 20_000_00, ArrChangeKind.NEW),
            change(lost, date(2026, 3, 31), 0, ArrChangeKind.CHURN),
            change(archived, date(2025, 6, 30), 5_000_00, ArrChangeKind.NEW),
            change(shrank, date(2025, 2, 14), 10_000_00, ArrChangeKind.NEW),
            change(shrank, date(2026, 2, 14), 8_000_00, ArrChangeKind.CONTRACTION),
            change(shrank, date(2026, 6, 1), 8_000_00),  # renewed flat
        ])
        for day, kind, score in [(date(2026, 1, 1), SurveyKind.NPS, 10),
                                 (date(2026, 3, 31), SurveyKind.NPS, 6),
                                 (date(2025, 12, 31), SurveyKind.NPS, 0),
                                 (date(2026, 3, 1), SurveyKind.CSAT, 4),
                                 (date(2026, 3, 1), SurveyKind.CSAT, 2),
                                 (TODAY, SurveyKind.NPS, 8)]:
            session.add(SurveyResponse(account=no_history, kind=kind, responded_on=day,
                                       score=score))
    return services


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_the_odd_cases(odd_book: Services, start: date, end: date) -> None:
    assert odd_book.metrics.compute(start, end) == expected(odd_book, start, end)


def test_the_odd_cases_count_as_the_definitions_say(odd_book: Services) -> None:
    m = odd_book.metrics.compute(date(2026, 1, 1), date(2026, 3, 31))
    assert m.customers_lost == 1 and m.arr_churned == 20_000_00  # lost on the last day
    assert m.arr_expansion == 20_000_00  # grew on the first day: counted in the period
    assert m.arr_contraction == 2_000_00
    assert m.customers_new == 1 and m.arr_new == 12_000_00  # no history, from its start
    # Due in the period: renewing 1 January (40k at the start), 14 February (10k), on 29
    # February (28 February in 2026, 30k) and 31 March (20k)
    assert m.eligible_arr_due == 40_000_00 + 10_000_00 + 30_000_00 + 20_000_00
    assert m.eligible_arr_lost == 20_000_00
    assert (m.nps_responses, m.csat_responses) == (2, 2)
    leap = odd_book.metrics.compute(date(2025, 2, 28), date(2025, 2, 28))
    assert leap.eligible_arr_due == 30_000_00  # 29 February renews on the 28th in 2025


def test_quarters_as_the_definitions_say(odd_book: Services) -> None:
    quarters = odd_book.metrics.by_quarter(TODAY, 4)
    assert [label for label, _m in quarters] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    for _label, metrics in quarters:
        assert metrics == expected(odd_book, metrics.start, metrics.end)


def test_the_demo_book(demo_services: Services) -> None:
    for start, end in PERIODS + [(TODAY - timedelta(days=89), TODAY)]:
        assert demo_services.metrics.compute(start, end) == expected(demo_services, start, end)


def test_a_bad_period_is_refused_before_any_query(services: Services) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        services.metrics.compute(TODAY, TODAY - timedelta(days=1))
