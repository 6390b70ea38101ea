"""Values as CRMs and spreadsheets write them: money, lifecycle stages and segments (dates:
import_dates.py).

Each parser takes one cell's text and gives the value csdesk stores, or raises ValueError with
what is wrong (the importer shows it as ``row N, column C: 'text' — message``). Two kinds of
ValueError ask the user something rather than report a mistake: ``AmbiguousDate`` (the file's
date order is needed, import_dates.py) and ``UnknownValue`` (a value to map to one of
csdesk's); ``NotACustomer`` says a row is a prospect or a partner.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from csdesk.models.enums import LabelledEnum, LifecycleStage, Segment
from csdesk.services.validation import CURRENCY_SYMBOLS, clean_line, parse_money

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
