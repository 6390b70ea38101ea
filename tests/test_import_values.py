"""Values as CRMs write them: dates in any common order (an ambiguous one asks), money with
codes, suffixes and foreign separators (never floats), lifecycle stages and segments in each
vendor's words (prospects and unknown values said so, for the user to map)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from csdesk.models.enums import LifecycleStage, Segment
from csdesk.services.import_dates import AmbiguousDate, date_order_of, parse_any_date
from csdesk.services.import_values import (
    LIFECYCLE_VALUES,
    SEGMENT_VALUES,
    NotACustomer,
    UnknownValue,
    parse_any_money,
    parse_lifecycle,
    parse_segment,
    value_key,
)
from csdesk.services.table_files import open_table
from tests.test_table_files import CRM

JUNE_30 = date(2027, 6, 30)


# Dates ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2027-06-30", "2027-06-30 09:12", "2027-06-30T09:12:00Z", "2027-06-30T23:30:00.000-05:00",
    "2027/06/30", "6/30/2027", "06/30/2027 5:00 PM", "6/30/2027, 5:00 pm PDT", "6/30/27",
    "30.06.2027", "30.06.27", "30/06/2027", "30-06-2027", "06-30-2027", "Jun 30, 2027",
    "June 30th, 2027", "Wed, Jun 30, 2027", "30 Jun 2027", "30 June 2027", "30-Jun-27",
    "30th of June 2027", "  30  JUNE  2027 ", "46568", "46568.0", "46568.75",
])
def test_dates_as_crms_write_them_are_read(text) -> None:
    assert parse_any_date(text) == JUNE_30


def test_an_ambiguous_date_is_refused_until_the_order_is_chosen() -> None:
    with pytest.raises(AmbiguousDate) as caught:
        parse_any_date("03/04/2027")
    assert str(caught.value) == ("ambiguous: 03/04/2027 could be 4 March or 3 April; choose "
                                 "the date order")
    assert (caught.value.month_first, caught.value.day_first) == (date(2027, 3, 4),
                                                                  date(2027, 4, 3))
    assert isinstance(caught.value, ValueError)
    assert parse_any_date("03/04/2027", "mdy") == date(2027, 3, 4)
    assert parse_any_date("03/04/2027 10:00", "dmy") == date(2027, 4, 3)
    assert parse_any_date("05/05/2027") == date(2027, 5, 5)  # the same either way


def test_a_chosen_order_is_followed_but_dots_are_always_day_first() -> None:
    assert parse_any_date("01.02.2027", "mdy") == date(2027, 2, 1)
    with pytest.raises(ValueError, match=r"^no such date \(read as month/day/year\)$"):
        parse_any_date("30/06/2027", "mdy")
    with pytest.raises(ValueError, match=r"^no such date \(read as day/month/year\)$"):
        parse_any_date("6/30/2027", "dmy")


@pytest.mark.parametrize(("text", "expected"), [
    ("1/1/00", date(2000, 1, 1)), ("12/31/69", date(2069, 12, 31)),
    ("1/1/70", date(1970, 1, 1)), ("31.12.99", date(1999, 12, 31)),
])
def test_two_digit_years_pivot_at_70(text, expected) -> None:
    assert parse_any_date(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("", "not a date: write it like 2027-06-30, 6/30/2027, 30.06.2027 or 30 Jun 2027"),
    ("next week", "not a date: write it like 2027-06-30, 6/30/2027, 30.06.2027 or 30 Jun 2027"),
    ("Jun 2027", "not a date: write it like 2027-06-30, 6/30/2027, 30.06.2027 or 30 Jun 2027"),
    ("30 Juno 2027", "not a date: write it like 2027-06-30, 6/30/2027, 30.06.2027 or 30 Jun "
                     "2027"),
    ("46,568", "not a date: write it like 2027-06-30, 6/30/2027, 30.06.2027 or 30 Jun 2027"),
    ("2958466", "not a date: write it like 2027-06-30, 6/30/2027, 30.06.2027 or 30 Jun 2027"),
    ("2/30/2027", "no such date"), ("13/13/2027", "no such date"),
    ("6/30/2027 13:00 PM", "no such time: 13:00"),
    ("60", "not a date: write it like 2027-06-30, 6/30/2027, 30.06.2027 or 30 Jun 2027 (a "
           "number alone is read as an Excel day only from 10,000, 1927-05-18)"),
    ("2024", "not a date: write it like 2027-06-30, 6/30/2027, 30.06.2027 or 30 Jun 2027 (a "
             "number alone is read as an Excel day only from 10,000, 1927-05-18)"),
    ("9999-12-31", "outside 1900–2200"), ("1/1/1899", "outside 1900–2200"),
    ("2958465", "outside 1900–2200"),
])
def test_what_is_not_a_date_is_refused_saying_why(text, message) -> None:
    with pytest.raises(ValueError) as caught:
        parse_any_date(text)
    assert str(caught.value) == message


def test_excel_day_numbers_count_as_excel_does() -> None:
    """From 10,000 (1927): a smaller number in a date column is a year or a count, and
    "2024" must not become 16 July 1905."""
    assert parse_any_date("10000") == date(1927, 5, 18)
    assert parse_any_date("46568") == date(2027, 6, 30)
    assert parse_any_date("46568.0") == date(2027, 6, 30)


FORMATS = {
    "iso": (lambda d: d.isoformat(), "auto"),
    "iso-time": (lambda d: f"{d.isoformat()}T09:12:00Z", "auto"),
    "us": (lambda d: f"{d.month}/{d.day}/{d.year}", "mdy"),
    "us-time": (lambda d: f"{d.month:02d}/{d.day:02d}/{d.year} 5:00 PM", "mdy"),
    "eu-slash": (lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}", "dmy"),
    "eu-dash": (lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}", "dmy"),
    "eu-dot": (lambda d: f"{d.day}.{d.month}.{d.year}", "mdy"),  # dots ignore the order
    "month-name": (lambda d: f"{d:%b} {d.day}, {d.year}", "auto"),
    "day-month": (lambda d: f"{d.day} {d:%B} {d.year}", "auto"),
    "excel": (lambda d: str((d - date(1899, 12, 30)).days), "auto"),
}


@given(day=st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 12, 31)),
       style=st.sampled_from(sorted(FORMATS)))
def test_any_date_written_any_supported_way_reads_back(day, style) -> None:
    write, order = FORMATS[style]
    assume(style != "excel" or day >= date(1927, 5, 18))  # Excel days from 10,000
    assert parse_any_date(write(day), order) == day


@given(day=st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)))
def test_two_digit_years_read_back_within_the_pivot(day) -> None:
    assert parse_any_date(f"{day.month}/{day.day}/{day.year % 100:02d}", "mdy") == day


@pytest.mark.parametrize(("samples", "order"), [
    (["6/30/2027", "03/04/2027"], "mdy"),
    (["30/06/2027", "03/04/2027"], "dmy"),
    (["03/04/2027", "01/02/2026"], "ambiguous"),
    (["05/05/2027", "2027-06-30", "30.06.2027"], "none"),
    (["", "n/a", "2027-06-30"], "none"),
    ([], "none"),
])
def test_a_columns_date_order_is_decided_from_its_values(samples, order) -> None:
    assert date_order_of(samples) == order


def test_a_column_with_dates_written_both_ways_is_refused() -> None:
    with pytest.raises(ValueError) as caught:
        date_order_of(["6/30/2027", "31/12/2027 10:00"])
    assert str(caught.value) == ("the dates are written both ways: 31/12/2027 (day first) and "
                                 "6/30/2027 (month first)")


# Money ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("USD 1,200,000.00", (120_000_000, "USD")),
    ("USD 120,000.00", (12_000_000, "USD")),
    ("1.200.000,00 EUR", (120_000_000, "EUR")),
    ("1 200 000,00 €", (120_000_000, "EUR")),
    ("1\u202f200\u202f000,00\u00a0€", (120_000_000, "EUR")),
    ("CHF 1'200'000.50", (120_000_050, "CHF")),
    ("CHF 1’200’000.50", (120_000_050, "CHF")),
    ("1200000", (120_000_000, None)),
    ("1200000.5", (120_000_050, None)),
    ("$1.2M", (120_000_000, "USD")),
    ("1.5k", (150_000, None)),
    ("£2.25B", (225_000_000_000, "GBP")),
    ("$1.234MM", (123_400_000, "USD")),
    ("1,5 Mio. €", (150_000_000, "EUR")),
    ("usd 64,250.50", (6_425_050, "USD")),
    ("A$900", (90_000, "AUD")),
    ("CA$1,200", (120_000, "CAD")),
    ("$1,200 USD", (120_000, "USD")),
])
def test_amounts_as_crms_write_them_are_read_in_cents(text, expected) -> None:
    cents, code = parse_any_money(text)
    assert (cents, code) == expected and isinstance(cents, int)


@pytest.mark.parametrize(("text", "message"), [
    ("(1,200.00)", "cannot be negative"), ("-$1,200", "cannot be negative"),
    ("$-1,200", "cannot be negative"), ("1,200-", "cannot be negative"),
    ("USD −5", "cannot be negative"),
    ("€1,200 USD", "names two currencies: EUR and USD"),
    ("twelve", "not an amount of money"), ("", "not an amount of money"),
    ("12 kr", "not an amount of money"), ("1.5x", "not an amount of money"),
    ("M 12", "not an amount of money"),
    ("1.000001k", "has more than two decimal places"),
    ("12.3456", "has more than two decimal places"),
    ("9,999,999B", "is implausibly large"),
])
def test_what_is_not_an_amount_is_refused_saying_why(text, message) -> None:
    with pytest.raises(ValueError) as caught:
        parse_any_money(text)
    assert str(caught.value) == message


def _grouped(whole: int, thousands: str) -> str:
    return f"{whole:,}".replace(",", thousands)


MONEY_STYLES = {
    "salesforce": lambda w, c: f"USD {_grouped(w, ',')}.{c:02d}",
    "german": lambda w, c: f"{_grouped(w, '.')},{c:02d} EUR",
    "french": lambda w, c: f"{_grouped(w, ' ')},{c:02d} €",
    "swiss": lambda w, c: f"CHF {_grouped(w, chr(39))}.{c:02d}",
    "hubspot": lambda w, c: f"{w}.{c:02d}",
    "dollar": lambda w, c: f"${_grouped(w, ',')}.{c:02d}",
}
CODES = {"salesforce": "USD", "german": "EUR", "french": "EUR", "swiss": "CHF", "hubspot": None,
         "dollar": "USD"}


@given(cents=st.integers(min_value=0, max_value=10**14), style=st.sampled_from(
    sorted(MONEY_STYLES)))
def test_any_amount_written_any_supported_way_reads_back(cents, style) -> None:
    text = MONEY_STYLES[style](*divmod(cents, 100))
    assert parse_any_money(text) == (cents, CODES[style])


# Lifecycle stages and segments ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "stage"), [
    ("customer", LifecycleStage.ENGAGEMENT),  # HubSpot: paying, stage on the journey unknown
    ("Customer", LifecycleStage.ENGAGEMENT),
    ("evangelist", LifecycleStage.ADOPTION),
    ("Customer - Direct", LifecycleStage.ENGAGEMENT),
    ("Customer - Channel", LifecycleStage.ENGAGEMENT),
    ("Onboarding", LifecycleStage.ONBOARDING), ("Implementation", LifecycleStage.ONBOARDING),
    ("New Customer", LifecycleStage.ONBOARDING), ("Kicked Off", LifecycleStage.ONBOARDING),
    ("Live", LifecycleStage.ADOPTION), ("Adopting", LifecycleStage.ADOPTION),
    ("Renewal", LifecycleStage.RENEWAL), ("Expansion", LifecycleStage.EXPANSION),
    ("Churned", LifecycleStage.CHURNED), ("Churn", LifecycleStage.CHURNED),
    ("Former Customer", LifecycleStage.CHURNED), ("Active", LifecycleStage.ENGAGEMENT),
    ("Free Trial", LifecycleStage.FREE_TRIAL), ("TRIAL", LifecycleStage.FREE_TRIAL),
    ("free_trial", LifecycleStage.FREE_TRIAL), ("Engagement", LifecycleStage.ENGAGEMENT),
])
def test_lifecycle_stages_in_each_vendors_words(text, stage) -> None:
    assert parse_lifecycle(text) is stage


@pytest.mark.parametrize("text", ["Prospect", "lead", "marketingqualifiedlead",
                                  "Sales Qualified Lead", "opportunity", "subscriber",
                                  "Channel Partner / Reseller", "Installation Partner",
                                  "Technology Partner"])
def test_prospects_and_partners_are_not_customers(text) -> None:
    with pytest.raises(NotACustomer) as caught:
        parse_lifecycle(f"  {text} ")
    assert str(caught.value) == f"not a customer ({text}): leave the row out or map the value"
    assert caught.value.value == text and isinstance(caught.value, ValueError)


@pytest.mark.parametrize("text", ["Other", "At Risk", "Will Churn", "Inactive", "Zombie"])
def test_an_unknown_stage_asks_to_be_mapped(text) -> None:
    with pytest.raises(UnknownValue) as caught:
        parse_lifecycle(text)
    error = caught.value
    assert (error.value, error.key, error.what) == (text, value_key(text), "lifecycle stage")
    assert error.choices == tuple(LifecycleStage)
    assert str(error) == ("not a lifecycle stage csdesk knows: map it to one of free_trial, "
                          "onboarding, engagement, adoption, renewal, expansion, churned")


def test_the_users_own_mapping_comes_first() -> None:
    mapping = {"At Risk": "renewal", "customer": "Onboarding", "prospect": "free_trial"}
    assert parse_lifecycle("at-risk", mapping) is LifecycleStage.RENEWAL
    assert parse_lifecycle("Customer", mapping) is LifecycleStage.ONBOARDING
    assert parse_lifecycle("Prospect", mapping) is LifecycleStage.FREE_TRIAL
    assert parse_lifecycle("Live", mapping) is LifecycleStage.ADOPTION
    with pytest.raises(ValueError, match="is not one of"):
        parse_lifecycle("At Risk", {"atrisk": "sometime"})


@pytest.mark.parametrize(("text", "segment"), [
    ("High Touch", Segment.HIGH_TOUCH), ("high-touch", Segment.HIGH_TOUCH),
    ("Enterprise", Segment.HIGH_TOUCH), ("Strategic", Segment.HIGH_TOUCH),
    ("Tier 1", Segment.HIGH_TOUCH), ("Tech Touch", Segment.LOW_TOUCH),
    ("Low Touch", Segment.LOW_TOUCH), ("Scaled", Segment.LOW_TOUCH),
    ("Digital", Segment.LOW_TOUCH), ("SMB", Segment.LOW_TOUCH),
    ("Self-Service", Segment.LOW_TOUCH), ("low_touch", Segment.LOW_TOUCH),
])
def test_segments_in_each_vendors_words(text, segment) -> None:
    assert parse_segment(text) is segment


def test_a_mid_market_segment_asks_to_be_mapped() -> None:
    with pytest.raises(UnknownValue) as caught:
        parse_segment("Mid-Market")
    assert caught.value.choices == tuple(Segment) and caught.value.key == "midmarket"
    assert parse_segment("Mid-Market", {"mid market": "high_touch"}) is Segment.HIGH_TOUCH


def test_the_tables_are_keyed_as_value_key_keys_them() -> None:
    for table in (LIFECYCLE_VALUES, SEGMENT_VALUES):
        assert all(value_key(key) == key for key in table)
    assert value_key(" Channel Partner / Reseller ") == "channelpartnerreseller"


# The test data reads with these parsers ----------------------------------------------------------

@pytest.mark.parametrize(("file", "columns"), [
    ("salesforce_accounts.csv", {"Annual Recurring Revenue": parse_any_money,
                                 "Contract Start Date": parse_any_date,
                                 "Contract End Date": parse_any_date, "Type": parse_lifecycle}),
    ("hubspot_companies.csv", {"Create Date": parse_any_date, "Annual Revenue": parse_any_money,
                               "Lifecycle Stage": parse_lifecycle}),
    ("gainsight_companies.xlsx", {"Stage": parse_lifecycle, "ARR": parse_any_money,
                                  "Renewal Date": parse_any_date, "Tier": parse_segment,
                                  "Original Contract Date": parse_any_date}),
    ("usage_metrics.csv", {"Date": parse_any_date, "Value": parse_any_money}),
])
def test_every_value_in_the_crm_test_files_reads(file, columns) -> None:
    """As an importer would: a date column's order decided from all its values first."""
    with open_table(CRM / file) as table:
        rows = [cells for _number, cells in table.rows()]
    for column, parse in columns.items():
        values = [cells[table.headers.index(column)] for cells in rows]
        if parse is parse_any_date:
            order = date_order_of(values)
            assert order in ("mdy", "none"), (column, order)
            parsed = [parse_any_date(v, "mdy" if order == "mdy" else "auto") for v in values]
        else:
            parsed = [parse(v) for v in values]
        assert len(parsed) == len(rows) > 0
