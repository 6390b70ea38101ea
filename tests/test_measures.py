"""A KPI's numbers at the KPI's own precision: as many decimals as its baseline and target
use, whatever the readings carry; progress stays a whole percentage."""

from __future__ import annotations

from decimal import Decimal

import pytest

from csdesk.services import Services
from csdesk.services.measures import number_text, places_of, progress_text


@pytest.mark.parametrize(("values", "places"), [
    (("50", "200"), 0),
    (("2.5", "4.25"), 2),
    (("2.50", "4"), 2),  # a trailing zero typed after the point counts
    (("5E+1", "1E+3"), 0),
    (("-3.125", "0"), 3),
    ((), 0),
])
def test_places_of_a_kpi(values: tuple[str, ...], places: int) -> None:
    assert places_of(*(Decimal(value) for value in values)) == places
    assert places_of(None, *(Decimal(value) for value in values)) == places


@pytest.mark.parametrize(("value", "unit", "places", "shown"), [
    ("88.8", "users", 0, "89 users"),
    ("88.5", "users", 0, "89 users"),  # half up, as people round
    ("-88.5", "users", 0, "-89 users"),
    ("3.14159", "days", 2, "3.14 days"),
    ("3", "days", 2, "3.00 days"),
    ("1234567.891", None, 1, "1,234,567.9"),
    ("42.45", "%", 1, "42.5%"),
    ("-0.4", "points", 0, "0 points"),  # never "-0"
    ("1E+20", "visits", 2, "100,000,000,000,000,000,000.00 visits"),
])
def test_number_text_at_a_precision(value: str, unit: str | None, places: int,
                                    shown: str) -> None:
    assert number_text(Decimal(value), unit, places) == shown


def test_number_text_without_a_precision_is_as_before() -> None:
    assert number_text(Decimal("88.8"), "users") == "88.8 users"
    assert number_text(Decimal("18876"), "visits") == "18,876 visits"
    assert number_text(Decimal("12.5"), "%") == "12.5%"
    assert number_text(None, "users", 0) == number_text(None) == "—"


def test_progress_keeps_its_own_rounding() -> None:
    """Progress is computed from the exact values and shown in whole percent, whatever the
    KPI's precision."""
    baseline, target, reading = Decimal("0"), Decimal("10"), Decimal("0.6")
    assert number_text(reading, None, places_of(baseline, target)) == "1"
    assert progress_text(baseline, target, reading) == "6%"  # not the 10% of the shown "1"
    assert progress_text(Decimal("0"), Decimal("8"), Decimal("1")) == "12%"  # 12.5, as before


def test_precision_as_stored(services: Services) -> None:
    """As the database gives the values back: whole numbers without a point, decimals as
    typed (DecimalText)."""
    account = services.accounts.create(name="Acme")
    plan_id = services.plans.get(account.id).id
    whole = services.plans.add_kpi(plan_id, name="Active users", unit="users",
                                   baseline="50.0", target=200)
    fine = services.plans.add_kpi(plan_id, name="Rating", baseline="2.50", target="4.25")
    kpis = {kpi.name: kpi for kpi in services.plans.get(account.id).kpis}
    assert {whole.name, fine.name} == set(kpis)
    users, rating = kpis["Active users"], kpis["Rating"]
    assert places_of(users.baseline, users.target) == 0
    assert places_of(rating.baseline, rating.target) == 2
    assert number_text(Decimal("88.8"), users.unit, places_of(users.baseline,
                                                               users.target)) == "89 users"
    assert number_text(rating.baseline, None, places_of(rating.baseline,
                                                         rating.target)) == "2.50"
