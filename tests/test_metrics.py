"""Portfolio metrics: the worked examples of DOMAIN.md, and the edge cases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csdesk.services.metrics import (
    AccountRevenue,
    Response,
    clv,
    compute_metrics,
    csat,
    nps,
    renews_within,
)

START, END = date(2026, 1, 1), date(2026, 12, 31)
BEFORE = date(2025, 6, 1)


def _book(renewing: int, lost: int, arr: int = 1_000_000_00) -> list[AccountRevenue]:
    """``renewing + lost`` customers at the start, each with ``arr`` cents; ``lost`` churn."""
    book = [AccountRevenue(i, [(BEFORE, arr)]) for i in range(renewing)]
    book += [AccountRevenue(1000 + i, [(BEFORE, arr), (date(2026, 6, 1), 0)])
             for i in range(lost)]
    return book


def test_logo_churn_100_customers_90_renew() -> None:
    m = compute_metrics(_book(90, 10), [], START, END)
    assert (m.customers_start, m.customers_lost) == (100, 10)
    assert m.logo_churn_rate == Decimal("0.1") and m.logo_retention_rate == Decimal("0.9")


def test_monthly_logo_churn_650_start_15_lost() -> None:
    m = compute_metrics(_book(635, 15), [], date(2026, 6, 1), date(2026, 6, 30))
    assert round(m.logo_churn_rate * 100, 1) == Decimal("2.3")


def test_revenue_churn_100m_start_95m_renewing() -> None:
    m = compute_metrics(_book(95, 5), [], START, END)  # 100 × $1M: $100M, renewing bring $95M
    assert m.arr_start == 100_000_000_00 and m.arr_churned == 5_000_000_00
    assert m.revenue_churn_rate == Decimal("0.05") and m.grr == Decimal("0.95")


def test_grr_nrr_expansion_and_net_mrr_churn() -> None:
    book = [AccountRevenue(1, [(BEFORE, 100_00), (date(2026, 3, 1), 150_00)]),  # +50 expansion
            AccountRevenue(2, [(BEFORE, 100_00), (date(2026, 3, 1), 80_00)]),  # -20 contraction
            AccountRevenue(3, [(BEFORE, 100_00), (date(2026, 3, 1), 0)]),  # -100 churned
            AccountRevenue(4, [(date(2026, 5, 1), 70_00)])]  # new, outside the cohort
    m = compute_metrics(book, [], START, END)
    assert (m.arr_start, m.arr_expansion, m.arr_contraction, m.arr_churned, m.arr_new) == (
        300_00, 50_00, 20_00, 100_00, 70_00)
    assert m.arr_end == 300_00 + 50_00 - 20_00 - 100_00 + 70_00
    assert m.grr == Decimal(180) / 300
    assert m.nrr == Decimal(230) / 300
    assert m.expansion_rate == Decimal(50) / 300
    assert m.net_mrr_churn_rate == Decimal(70) / 300
    assert (m.customers_start, m.customers_lost, m.customers_new) == (3, 1, 1)
    assert m.grr <= 1


def test_eligible_churn_20k_of_2m_due() -> None:
    book = [AccountRevenue(i, [(BEFORE, 200_000_00)], renewal_date=date(2026, 9, 1))
            for i in range(9)]
    book.append(AccountRevenue(9, [(BEFORE, 200_000_00), (date(2026, 9, 1), 180_000_00)],
                               renewal_date=date(2026, 9, 1)))  # renews smaller: not "lost"
    book.append(AccountRevenue(10, [(BEFORE, 20_000_00), (date(2026, 9, 1), 0)],
                               renewal_date=date(2025, 9, 15)))  # anniversary in the period
    book.append(AccountRevenue(11, [(BEFORE, 500_000_00)], renewal_date=date(2027, 3, 1)))
    m = compute_metrics(book, [], date(2026, 7, 1), date(2026, 9, 30))
    assert m.eligible_arr_due == 2_020_000_00 and m.eligible_arr_lost == 20_000_00
    assert round(m.eligible_churn_rate, 4) == Decimal("0.0099")
    exact = compute_metrics(book[:9] + book[10:11] + [
        AccountRevenue(20, [(BEFORE, 180_000_00)], renewal_date=date(2026, 8, 1))],
        [], date(2026, 7, 1), date(2026, 9, 30))
    assert exact.eligible_arr_due == 2_000_000_00
    assert exact.eligible_churn_rate == Decimal("0.01")


def test_clv_75_percent_of_500_over_1_percent() -> None:
    assert clv(Decimal("0.75"), Decimal(500), Decimal("0.01")) == Decimal(37500)
    assert clv(Decimal("0.75"), Decimal(500), Decimal(0)) is None


def test_clv_and_arpa_from_a_book() -> None:
    # 100 accounts at $6,000 ARR ($500 MRR), one lost over 365 days.
    m = compute_metrics(_book(99, 1, arr=6_000_00), [], START, END)
    assert m.arpa_monthly == Decimal(500_00)
    assert m.monthly_churn_rate == Decimal("0.01") * Decimal("30.4375") / 365
    assert round(m.clv / 100) == round(Decimal("0.75") * 500 / m.monthly_churn_rate)
    assert m.as_json()["clv"] == 449691.99  # 0.75 × 500 / (0.01 × 30.4375 / 365)


def test_nps_and_csat() -> None:
    assert nps([10, 9, 9, 10, 9, 8, 7, 8, 3, 6]) == 30
    assert nps([0, 0]) == -100 and nps([10]) == 100 and nps([]) is None
    assert csat([5, 4, 4, 3, 5, 4, 2, 5, 4, 4]) == Decimal("0.8") and csat([]) is None
    responses = [Response("nps", date(2026, 5, 1), 10), Response("nps", date(2025, 5, 1), 0),
                 Response("csat", date(2026, 5, 1), 2)]
    m = compute_metrics([], responses, START, END)
    assert (m.nps, m.nps_responses, m.csat, m.csat_responses) == (100, 1, 0, 1)


def test_empty_book_gives_nulls_not_errors() -> None:
    data = compute_metrics([], [], START, END).as_json()
    assert data["customers_start"] == 0 and data["arr_start"] == 0.0
    for key in ("logo_churn_rate", "grr", "nrr", "arpa_monthly", "clv", "nps", "csat",
                "eligible_churn_rate", "monthly_churn_rate"):
        assert data[key] is None, key


def test_all_churned() -> None:
    m = compute_metrics(_book(0, 4), [], START, END)
    assert m.logo_churn_rate == 1 and m.grr == 0 and m.nrr == 0 and m.arr_end == 0
    assert m.as_json()["customers_lost"] == 4 and m.clv > 0


def test_a_one_day_period() -> None:
    book = [AccountRevenue(1, [(BEFORE, 100_00), (date(2026, 3, 1), 0)]),
            AccountRevenue(2, [(BEFORE, 100_00)])]
    m = compute_metrics(book, [], date(2026, 3, 1), date(2026, 3, 1))
    assert m.period_days == 1 and m.customers_lost == 1
    assert m.monthly_churn_rate == Decimal("0.5") * Decimal("30.4375")
    before = compute_metrics(book, [], date(2026, 2, 28), date(2026, 2, 28))
    assert before.customers_lost == 0 and before.arr_end == 200_00


def test_a_change_on_the_first_day_belongs_to_the_period() -> None:
    book = [AccountRevenue(1, [(date(2026, 1, 1), 100_00)])]
    m = compute_metrics(book, [], START, END)
    assert (m.customers_start, m.customers_new, m.arr_new) == (0, 1, 100_00)


def test_bad_periods_and_margins_are_refused() -> None:
    with pytest.raises(ValueError, match="ends .* before it starts"):
        compute_metrics([], [], END, START)
    with pytest.raises(ValueError, match="gross margin"):
        compute_metrics([], [], START, END, gross_margin=Decimal("75"))


def test_renewal_anniversaries() -> None:
    assert renews_within(date(2024, 3, 10), date(2026, 3, 1), date(2026, 3, 31))
    assert not renews_within(date(2024, 3, 10), date(2026, 4, 1), date(2026, 4, 30))
    assert renews_within(date(2024, 2, 29), date(2026, 2, 28), date(2026, 2, 28))
    assert not renews_within(None, START, END)


@given(st.lists(st.lists(st.tuples(st.integers(-400, 400), st.integers(0, 10**9)),
                         max_size=5), max_size=30),
       st.integers(0, 200), st.integers(0, 400))
def test_the_arr_bridge_always_balances(histories, start_offset, length) -> None:
    base = date(2026, 1, 1)
    book = [AccountRevenue(i, [(base + timedelta(days=d), cents) for d, cents in history])
            for i, history in enumerate(histories)]
    start = base + timedelta(days=start_offset)
    m = compute_metrics(book, [], start, start + timedelta(days=length))
    assert m.arr_end == (m.arr_start + m.arr_expansion - m.arr_contraction - m.arr_churned
                         + m.arr_new)
    assert m.grr is None or 0 <= m.grr <= 1
    assert m.customers_lost <= m.customers_start
