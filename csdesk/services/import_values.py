"""Values as CRMs and spreadsheets write them: dates, money, lifecycle stages and segments.

Each parser takes one cell's text and gives the value csdesk stores, or raises ValueError with
what is wrong (the importer shows it as ``row N, column C: 'text' — message``). Two kinds of
ValueError ask the user something rather than report a mistake: ``AmbiguousDate`` (the file's
date order is needed) and ``UnknownValue`` (a value to map to one of csdesk's); ``NotACustomer``
says a row is a prospect or a partner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal, TypeVar

from csdesk.models.enums import LabelledEnum, LifecycleStage, Segment
from csdesk.services.validation import CURRENCY_SYMBOLS, YEARS, clean_line, parse_money

DateOrder = Literal["auto", "mdy", "dmy"]

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MONTHS = {name.casefold(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].casefold(): number for name, number in zip(
    _MONTH_NAMES, range(1, 13), strict=True)})
_MONTHS["sept"] = 9
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
_TIME = (r"(?:(?:\s*,\s*|\s+|t)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})"
         r"(?:[.,]\d+)?)?\s*(?P<ampm>[ap]\.?\s?m\.?)?)?")
_ZONE = r"(?:\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2}|(?<=\s)[a-z]{1,4}t))?"  # PDT, CEST...
_ISO = re.compile(r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
                  + _TIME + _ZONE)
_NUMERIC = re.compile(r"(?P<first>\d{1,2})(?P<sep>[-/.])(?P<second_part>\d{1,2})(?P=sep)"
                      r"(?P<year>\d{4}|\d{2})\.?" + _TIME + _ZONE)
_MONTH_FIRST = re.compile(_WEEKDAY + r"(?P<month>[a-z]+)\.?[\s-]+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
                          r",?[\s-]+(?P<year>\d{4}|\d{2})" + _TIME + _ZONE)
_DAY_FIRST = re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?[\s-]+(?:of\s+)?"
                        r"(?P<month>[a-z]+)\.?,?[\s-]+(?P<year>\d{4}|\d{2})" + _TIME + _ZONE)
_SERIAL = re.compile(r"\d+(?:\.\d+)?")
_EXCEL_LAST = 2958465  # 9999-12-31, the last day Excel can show
_NOT_A_DATE = "not a date: write it like 2027-06-30, 6/30/2027, 30.06.2027 or 30 Jun 2027"


class AmbiguousDate(ValueError):  # noqa: N818  (named as UnknownValue is)
    """A date such as 03/04/2027 that reads as a date either way: the caller asks for the order.

    ``text`` is the date as written; ``month_first`` and ``day_first`` are its two readings."""

    def __init__(self, text: str, month_first: date, day_first: date) -> None:
        self.text = text
        self.month_first = month_first
        self.day_first = day_first
        super().__init__(f"ambiguous: {text} could be {_spoken(month_first)} or "
                         f"{_spoken(day_first)}; choose the date order")


def _spoken(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]}"


def parse_any_date(text: str, order: DateOrder = "auto") -> date:
    """A date as CRMs and spreadsheets write it, its time of day (if any) left out.

    ISO (2027-06-30, 2024-06-30 09:12, 2024-06-30T09:12:00Z, 2027/06/30); US (6/30/2027,
    06/30/2027 5:00 PM); European (30.06.2027, 30/06/2027, 30-06-2027); two-digit years (00–69
    are 2000–2069, 70–99 are 1970–1999); month names in English (Jun 30, 2027; 30 Jun 2027;
    30 June 2027; 30-Jun-27); Excel's day numbers (46568 or 46568.0 is 2027-06-30), when the
    text is only a number from 1 to 2958465.

    Slash and dash dates follow ``order``; with "auto", one whose first part is over 12 is day
    first, one whose second part is over 12 is month first, and one that reads as two
    different dates raises AmbiguousDate. Dotted dates are always day.month.year.
    """
    cleaned = clean_line(text)
    key = cleaned.casefold()
    if match := _ISO.fullmatch(key):
        _check_time(match)
        return _day(int(match["year"]), int(match["month"]), int(match["day"]))
    if match := _NUMERIC.fullmatch(key):
        _check_time(match)
        return _numeric_day(cleaned, match, order)
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        if (match := pattern.fullmatch(key)) and match["month"] in _MONTHS:
            _check_time(match)
            return _day(_year(match["year"]), _MONTHS[match["month"]], int(match["day"]))
    if _SERIAL.fullmatch(key):
        return _excel_day(key)
    raise ValueError(_NOT_A_DATE)


def _numeric_day(cleaned: str, match: re.Match[str], order: DateOrder) -> date:
    first, second, year = int(match["first"]), int(match["second_part"]), _year(match["year"])
    if match["sep"] == ".":
        return _day(year, second, first)
    shown = _date_part(cleaned)
    if order == "mdy":
        return _day(year, first, second, "month/day/year")
    if order == "dmy":
        return _day(year, second, first, "day/month/year")
    if first > 12:
        return _day(year, second, first)
    if second > 12 or first == second:
        return _day(year, first, second)
    raise AmbiguousDate(shown, _day(year, first, second), _day(year, second, first))


def _date_part(cleaned: str) -> str:
    return re.split(r"[\sT,]", cleaned, maxsplit=1)[0]


def _check_time(match: re.Match[str]) -> None:
    if match["hour"] is None:
        return
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    hours = range(1, 13) if match["ampm"] else range(24)
    if hour not in hours or minute > 59 or second > 59:
        raise ValueError(f"no such time: {match['hour']}:{match['minute']}")


def _year(text: str) -> int:
    if len(text) == 4:
        return int(text)
    two = int(text)
    return (2000 if two < 70 else 1900) + two


def _day(year: int, month: int, day: int, read_as: str | None = None) -> date:
    try:
        value = date(year, month, day)
    except ValueError:
        raise ValueError(f"no such date (read as {read_as})" if read_as
                         else "no such date") from None
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(f"outside {YEARS[0]}–{YEARS[1]}")
    return value


EXCEL_FIRST = 10_000  # 1927-05-18: a smaller plain number is not an Excel day


def _excel_day(text: str) -> date:
    serial = int(Decimal(text))
    # Day numbers below 10000 (before 1927) are a year or a count typed in a date column,
    # never a contract's date: "2024" must not become 16 July 1905.
    if serial < EXCEL_FIRST:
        raise ValueError(f"{_NOT_A_DATE} (a number alone is read as an Excel day only from "
                         f"{EXCEL_FIRST:,}, 1927-05-18)")
    if serial > _EXCEL_LAST:
        raise ValueError(_NOT_A_DATE)
    value = date(1899, 12, 30) + timedelta(serial)  # Excel's day 1 is 1900-01-01 (and 60 a
    # 29 February 1900 that never was: day numbers from 61 count from 1899-12-30)
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(f"outside {YEARS[0]}–{YEARS[1]}")
    return value


def date_order_of(samples: Iterable[str]) -> Literal["mdy", "dmy", "ambiguous", "none"]:
    """The order of a column's slash or dash dates (a dotted date is always day first).

    "dmy" when some date's first part is over 12, "mdy" when some date's second part is; a
    column with both raises ValueError naming one of each. Otherwise "ambiguous" when some date
    reads as two different dates (03/04/2027), else "none" (no such dates, or only ones such
    as 05/05/2027 that read the same either way)."""
    day_first: str | None = None
    month_first: str | None = None
    ambiguous = False
    for text in samples:
        cleaned = clean_line(text)
        match = _NUMERIC.fullmatch(cleaned.casefold())
        if not match or match["sep"] == ".":
            continue
        first, second = int(match["first"]), int(match["second_part"])
        if first > 12 >= second:
            day_first = day_first or _date_part(cleaned)
        elif second > 12 >= first:
            month_first = month_first or _date_part(cleaned)
        elif 0 < first <= 12 and 0 < second <= 12 and first != second:
            ambiguous = True
        if day_first and month_first:
            raise ValueError(f"the dates are written both ways: {day_first} (day first) and "
                             f"{month_first} (month first)")
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    return "ambiguous" if ambiguous else "none"


# Money -----------------------------------------------------------------------------------------

# Dollar signs with a country before them, checked before the plain "$" (which is USD).
_DOLLARS = {"US$": "USD", "U$S": "USD", "AU$": "AUD", "A$": "AUD", "CA$": "CAD", "C$": "CAD",
            "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "MX$": "MXN"}
_SYMBOLS = {**CURRENCY_SYMBOLS, "₩": "KRW", "₽": "RUB", "₺": "TRY", "₪": "ILS", "zł": "PLN"}
_MULTIPLIERS = {"k": 10**3, "m": 10**6, "mm": 10**6, "mn": 10**6, "mio": 10**6, "b": 10**9,
                "bn": 10**9}
_MAX_CENTS = 10**15
# Codes also read in lower case ('1200 usd'); any other three capitals are read as a code too.
_CODES = frozenset({"usd", "eur", "gbp", "chf", "jpy", "cad", "aud", "nzd", "sek", "nok", "dkk",
                    "inr", "brl", "mxn", "sgd", "hkd", "cny", "zar", "pln"})


# Currency names as CRMs write them in a currency column (Dynamics 365: "Euro", "US Dollar").
CURRENCY_NAMES = {
    "usdollar": "USD", "usdollars": "USD", "dollar": "USD", "euro": "EUR", "euros": "EUR",
    "britishpound": "GBP", "britishpoundsterling": "GBP", "poundsterling": "GBP",
    "pound": "GBP", "japaneseyen": "JPY", "yen": "JPY", "swissfranc": "CHF",
    "canadiandollar": "CAD", "australiandollar": "AUD", "indianrupee": "INR",
    "swedishkrona": "SEK", "norwegiankrone": "NOK", "danishkrone": "DKK",
    "newzealanddollar": "NZD", "singaporedollar": "SGD", "brazilianreal": "BRL",
    "mexicanpeso": "MXN", "chineseyuan": "CNY", "yuanrenminbi": "CNY",
}


def parse_currency(text: str) -> str:
    """A currency column's value: a code ("EUR"), a symbol ("€") or a name ("Euro")."""
    from csdesk.services.validation import CURRENCY_SYMBOLS, currency

    cleaned = clean_line(text)
    if cleaned in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[cleaned]
    named = CURRENCY_NAMES.get(value_key(cleaned))
    return named if named else currency(cleaned)


def parse_number(text: str) -> Decimal:
    """A measured value as a product's export writes it, read with the same separator rules
    as money ("1,234.5", "1.234,5", "1 234", "1'234"; one separator before exactly three
    digits is a thousands separator), exactly, never as a float."""
    raw = clean_line(text).replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    raw = raw.replace("'", "")
    negative = raw.startswith("-")
    digits = raw.lstrip("+-")
    if not re.fullmatch(r"\d[\d.,]*", digits) or len(re.sub(r"\D", "", digits)) > 20:
        raise ValueError("not a number (or more than 20 digits)")
    marks = [c for c in digits if c in ".,"]
    if marks:
        last = max(digits.rfind("."), digits.rfind(","))
        tail = digits[last + 1:]
        thousands_only = len(set(marks)) == 1 and (len(marks) > 1 or len(tail) == 3)
        whole = re.sub(r"[.,]", "", digits[:last])
        digits = whole + tail if thousands_only else f"{whole}.{tail}"
    number = Decimal(digits)
    return -number if negative else number


def parse_any_money(text: str) -> tuple[int, str | None]:
    """An amount as CRMs write it, in integer cents, and its currency code if it names one.

    Everything validation.parse_money reads ('$1,200,000.50', '1.200,5 €'), and: a code before
    or after in any case ('USD 120,000.00', '1.200.000,00 EUR'), spaces or apostrophes between
    thousands ('1 200 000,00 €', "CHF 1'200'000.50"), k/M/B suffixes ('$1.2M', '1.5k'), country
    dollars ('A$900', 'CA$1,200'). A negative amount, also as accountants write it
    ('(1,200.00)', '1,200-'), is refused; so is one naming two currencies.
    """
    raw = clean_line(text).replace("’", "'").replace("\u2212", "-")
    if raw.startswith("(") and raw.endswith(")"):
        raise ValueError("cannot be negative")
    found: list[str] = []
    for symbols in (_DOLLARS, _SYMBOLS):
        for symbol, code in sorted(symbols.items(), key=lambda item: -len(item[0])):
            if symbol.casefold() in raw.casefold():
                found.append(code)
                raw = re.sub(re.escape(symbol), " ", raw, flags=re.IGNORECASE)
    multiplier = 1
    for word in re.findall(r"[^\W\d_]+", raw):
        if word.casefold() in _MULTIPLIERS and multiplier == 1:
            multiplier = _MULTIPLIERS[word.casefold()]
            if not re.search(r"\d[\s.]*" + re.escape(word) + r"\.?\s*$", raw):
                raise ValueError("not an amount of money")
            raw = re.sub(re.escape(word) + r"\.?\s*$", "", raw)
        elif len(word) == 3 and word.isascii() and (word.isupper()
                                                    or word.casefold() in _CODES):
            found.append(word.upper())
            raw = raw.replace(word, " ", 1)
        else:
            raise ValueError("not an amount of money")
    codes = list(dict.fromkeys(found))
    if len(codes) > 1:
        raise ValueError(f"names two currencies: {codes[0]} and {codes[1]}")
    raw = raw.strip()
    if raw.startswith("-") or raw.endswith("-"):
        raise ValueError("cannot be negative")
    if multiplier == 1:
        cents, _none = parse_money(raw)
    else:
        cents = _scaled_cents(raw, multiplier)
    return cents, (codes[0] if codes else None)


def _scaled_cents(number: str, multiplier: int) -> int:
    """'1.2' × 1,000,000 in cents. With a multiplier the number is short, so a mark that
    appears once is the decimal mark ('1.234M', '1,5k'); with both marks, the last one is."""
    raw = number.replace(" ", "").replace("'", "")
    if not re.fullmatch(r"\d[\d.,]*", raw):
        raise ValueError("not an amount of money")
    last = max(raw.rfind("."), raw.rfind(","))
    whole, fraction = raw, ""
    if last != -1 and (("." in raw and "," in raw) or raw.count(raw[last]) == 1):
        whole, fraction = raw[:last], raw[last + 1:]
    whole = whole.replace(".", "").replace(",", "")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError("not an amount of money")
    try:
        cents = Decimal(f"{whole}.{fraction or '0'}") * multiplier * 100
    except InvalidOperation:
        raise ValueError("not an amount of money") from None
    if cents != cents.to_integral_value():
        raise ValueError("has more than two decimal places")
    if cents > _MAX_CENTS:
        raise ValueError("is implausibly large")
    return int(cents)


# Lifecycle stages and segments -----------------------------------------------------------------

def value_key(text: str) -> str:
    """A value as the tables below and a user's value mapping key it: case folded, everything
    but letters and digits left out ('Customer - Direct' → 'customerdirect')."""
    return re.sub(r"[\W_]+", "", clean_line(text).casefold())


E = TypeVar("E", bound=LabelledEnum)


def _own_values(enum: type[E]) -> dict[str, E]:
    """csdesk's own values and labels ('free_trial', 'Free trial', 'High-touch')."""
    return {value_key(text): member for member in enum for text in (member.value, member.label)}


_LC = LifecycleStage
# A CRM's "customer" (HubSpot's lifecycle stage, Salesforce's Account Type "Customer - Direct",
# "Active" in CS tools) says the account pays, not where it is on its journey. It maps to
# ENGAGEMENT, the stage between onboarding and adoption: mapping it to ONBOARDING would put
# years-old customers on an onboarding path and count them late, and ADOPTION would claim a
# result nobody has measured. A user who knows better maps the value (``extra``).
LIFECYCLE_VALUES: dict[str, LifecycleStage] = {
    **_own_values(LifecycleStage),
    # HubSpot lifecycle stages (internal values and labels key the same)
    "customer": _LC.ENGAGEMENT,
    "evangelist": _LC.ADOPTION,  # a customer who recommends us: using it well, past engagement
    # Salesforce Account Type
    "customerdirect": _LC.ENGAGEMENT,
    "customerchannel": _LC.ENGAGEMENT,
    "formercustomer": _LC.CHURNED,
    # Gainsight, ChurnZero, Vitally, Planhat, Totango stages and phases
    "trial": _LC.FREE_TRIAL, "freetrial": _LC.FREE_TRIAL, "trialing": _LC.FREE_TRIAL,
    "intrial": _LC.FREE_TRIAL, "pilot": _LC.FREE_TRIAL, "poc": _LC.FREE_TRIAL,
    "proofofconcept": _LC.FREE_TRIAL,
    "onboarding": _LC.ONBOARDING, "newcustomer": _LC.ONBOARDING, "kickoff": _LC.ONBOARDING,
    "kickedoff": _LC.ONBOARDING, "implementation": _LC.ONBOARDING,
    "implementing": _LC.ONBOARDING, "setup": _LC.ONBOARDING, "gettingstarted": _LC.ONBOARDING,
    "activation": _LC.ONBOARDING,
    "engagement": _LC.ENGAGEMENT, "engaged": _LC.ENGAGEMENT, "active": _LC.ENGAGEMENT,
    "activecustomer": _LC.ENGAGEMENT, "nurture": _LC.ENGAGEMENT, "inlife": _LC.ENGAGEMENT,
    "paying": _LC.ENGAGEMENT, "paid": _LC.ENGAGEMENT,
    "adoption": _LC.ADOPTION, "adopting": _LC.ADOPTION, "adopted": _LC.ADOPTION,
    "live": _LC.ADOPTION, "golive": _LC.ADOPTION, "launched": _LC.ADOPTION,
    "valuerealization": _LC.ADOPTION, "valuerealisation": _LC.ADOPTION,
    "mature": _LC.ADOPTION, "advocate": _LC.ADOPTION, "advocacy": _LC.ADOPTION,
    "renewal": _LC.RENEWAL, "renewing": _LC.RENEWAL, "inrenewal": _LC.RENEWAL,
    "upforrenewal": _LC.RENEWAL, "renewaldue": _LC.RENEWAL,
    "expansion": _LC.EXPANSION, "expanding": _LC.EXPANSION, "growth": _LC.EXPANSION,
    "upsell": _LC.EXPANSION,
    "churned": _LC.CHURNED, "churn": _LC.CHURNED, "lost": _LC.CHURNED,
    "cancelled": _LC.CHURNED, "canceled": _LC.CHURNED, "excustomer": _LC.CHURNED,
}
# Deliberately not mapped (the user is asked): "Other" (says nothing), "At Risk" and "Will
# Churn" (health, which csdesk keeps as risks and scores, not as a stage), "Inactive" (churned,
# or a customer who does not log in?).

# Not customers: HubSpot's pre-sale stages, Salesforce's prospects and partners.
NOT_CUSTOMER_VALUES: frozenset[str] = frozenset({
    "subscriber", "lead", "marketingqualifiedlead", "mql", "salesqualifiedlead", "sql",
    "opportunity", "prospect", "suspect",
    "channelpartnerreseller", "installationpartner", "technologypartner", "partner",
    "reseller", "integrator", "analyst", "competitor", "investor", "press",
})

_SEG = Segment
SEGMENT_VALUES: dict[str, Segment] = {
    **_own_values(Segment),
    "hightouch": _SEG.HIGH_TOUCH, "high": _SEG.HIGH_TOUCH, "enterprise": _SEG.HIGH_TOUCH,
    "ent": _SEG.HIGH_TOUCH, "largeenterprise": _SEG.HIGH_TOUCH, "strategic": _SEG.HIGH_TOUCH,
    "keyaccount": _SEG.HIGH_TOUCH, "named": _SEG.HIGH_TOUCH, "namedaccount": _SEG.HIGH_TOUCH,
    "whiteglove": _SEG.HIGH_TOUCH, "11": _SEG.HIGH_TOUCH, "onetoone": _SEG.HIGH_TOUCH,
    "tier1": _SEG.HIGH_TOUCH,
    "lowtouch": _SEG.LOW_TOUCH, "low": _SEG.LOW_TOUCH, "techtouch": _SEG.LOW_TOUCH,
    "digital": _SEG.LOW_TOUCH, "digitaltouch": _SEG.LOW_TOUCH, "scaled": _SEG.LOW_TOUCH,
    "scale": _SEG.LOW_TOUCH, "onetomany": _SEG.LOW_TOUCH, "1many": _SEG.LOW_TOUCH,
    "selfservice": _SEG.LOW_TOUCH, "selfserve": _SEG.LOW_TOUCH, "smb": _SEG.LOW_TOUCH,
    "smallbusiness": _SEG.LOW_TOUCH, "small": _SEG.LOW_TOUCH, "professional": _SEG.LOW_TOUCH,
    "longtail": _SEG.LOW_TOUCH, "tier3": _SEG.LOW_TOUCH,
}
# Deliberately not mapped (the user is asked): "Mid-Market", "Mid Touch", "Tier 2",
# "Commercial", "Pooled": csdesk has two engagement models, and teams put these in either.


class UnknownValue(ValueError):  # noqa: N818  (the name the importer uses)
    """A value csdesk cannot map by itself: the caller asks the user to map it (``extra``).

    ``value`` is the text as written (cleaned), ``key`` its value_key (what a mapping is keyed
    by), ``choices`` the members it can be mapped to, ``what`` what it is ("lifecycle stage")."""

    def __init__(self, value: str, choices: tuple[LabelledEnum, ...], what: str) -> None:
        self.value = value
        self.key = value_key(value)
        self.choices = choices
        self.what = what
        super().__init__(f"not a {what} csdesk knows: map it to one of "
                         f"{', '.join(c.value for c in choices)}")


class NotACustomer(ValueError):  # noqa: N818  (named as UnknownValue is)
    """A prospect or a partner (HubSpot's "lead", Salesforce's "Prospect"): ``value`` as
    written."""

    def __init__(self, value: str) -> None:
        self.value = value
        super().__init__(f"not a customer ({value}): leave the row out or map the value")


def parse_lifecycle(text: str, extra: Mapping[str, str] | None = None) -> LifecycleStage:
    """A lifecycle stage as CRMs and CS tools write it (LIFECYCLE_VALUES), csdesk's own values
    and labels, or the user's own ``extra`` mapping (their text → a stage's value or label,
    keys compared by value_key), which comes first."""
    cleaned = clean_line(text)
    key = value_key(cleaned)
    if mapped := _mapped(LifecycleStage, key, extra):
        return mapped
    if key in NOT_CUSTOMER_VALUES:
        raise NotACustomer(cleaned)
    if key in LIFECYCLE_VALUES:
        return LIFECYCLE_VALUES[key]
    raise UnknownValue(cleaned, tuple(LifecycleStage), "lifecycle stage")


def parse_segment(text: str, extra: Mapping[str, str] | None = None) -> Segment:
    """A segment (engagement model) as CRMs write it (SEGMENT_VALUES), csdesk's own values and
    labels, or the user's own ``extra`` mapping, which comes first."""
    cleaned = clean_line(text)
    key = value_key(cleaned)
    if mapped := _mapped(Segment, key, extra):
        return mapped
    if key in SEGMENT_VALUES:
        return SEGMENT_VALUES[key]
    raise UnknownValue(cleaned, tuple(Segment), "segment")


def _mapped(enum: type[E], key: str, extra: Mapping[str, str] | None) -> E | None:
    if not key:
        raise ValueError("is empty")
    for their, ours in (extra or {}).items():
        if value_key(their) == key:
            return enum(enum.parse(ours))
    return None
