"""Cleaning and checking what people type or import, with messages that say what is wrong."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from csdesk import clock

# Control characters other than tab and newline corrupt documents and CSV exports; drop them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_SOFT_BREAKS = re.compile(r"[\x0b\u2028\u2029]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")

NAME_MAX = 200
TEXT_MAX = 200_000  # a very long meeting note, well below what slows the UI down

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF"}
_ISO_CURRENCY = re.compile(r"^[A-Z]{3}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEBSITE = re.compile(r"^(https?://)?[^\s/$.?#][^\s]*\.[^\s]{2,}$", re.IGNORECASE)


def clean_line(value: str | None) -> str:
    """One line of text: NFC, no control characters, surrounding and repeated spaces folded."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL_SINGLE_LINE.sub(" ", text)
    return " ".join(text.split())


def clean_block(value: str | None) -> str:
    """Multi-line text: NFC, newlines normalised, control characters dropped, ends trimmed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _SOFT_BREAKS.sub("\n", text)  # Word's soft break and Unicode's: a line break, not glue
    return _CONTROL.sub("", text).strip()


def required_line(value: str | None, label: str, max_len: int = NAME_MAX) -> str:
    text = clean_line(value)
    if not text:
        raise ValueError(f"{label} is required")
    if len(text) > max_len:
        raise ValueError(f"{label} is too long ({len(text):,} characters; at most {max_len:,})")
    return text


def optional_line(value: str | None, label: str, max_len: int = NAME_MAX) -> str | None:
    text = clean_line(value)
    if len(text) > max_len:
        raise ValueError(f"{label} is too long ({len(text):,} characters; at most {max_len:,})")
    return text or None


def optional_block(value: str | None, label: str, max_len: int = TEXT_MAX) -> str | None:
    text = clean_block(value)
    if len(text) > max_len:
        raise ValueError(f"{label} is too long ({len(text):,} characters; at most {max_len:,})")
    return text or None


def required_block(value: str | None, label: str, max_len: int = TEXT_MAX) -> str:
    text = optional_block(value, label, max_len)
    if not text:
        raise ValueError(f"{label} is required")
    return text


def email(value: str | None) -> str | None:
    text = clean_line(value)
    if text and not _EMAIL.match(text):
        raise ValueError(f"'{text}' is not an e-mail address")
    return text or None


def website(value: str | None) -> str | None:
    text = clean_line(value)
    if text and not _WEBSITE.match(text):
        raise ValueError(f"'{text}' is not a website address")
    return text or None


def currency(value: str | None) -> str:
    text = clean_line(value).upper()
    if not _ISO_CURRENCY.match(text):
        raise ValueError(f"'{value}' is not a three-letter currency code such as USD or EUR")
    return text


def non_negative_int(value: int | None, label: str, maximum: int = 10**12) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{label} must be a whole number")
    if value < 0:
        raise ValueError(f"{label} cannot be negative")
    if value > maximum:
        raise ValueError(f"{label} {value:,} is larger than {maximum:,}")
    return value


def year(value: int | None, label: str = "founded") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
        raise ValueError(f"{label} must be a four-digit year")
    if value > clock.today().year:
        raise ValueError(f"{label} {value} is in the future")
    return value


def parse_int(text: str, label: str) -> int:
    cleaned = clean_line(text).replace(",", "").replace("_", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?\d+", cleaned):
        raise ValueError(f"{label} must be a whole number")
    return int(cleaned)


YEARS = (1900, 2200)  # the years a date typed, imported or read anywhere may have


def parse_date(text: str) -> date:
    """Dates are written YYYY-MM-DD everywhere in csdesk."""
    cleaned = clean_line(text)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        raise ValueError("not a date in the form YYYY-MM-DD")
    try:
        value = date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError("no such date") from None
    if not YEARS[0] <= value.year <= YEARS[1]:  # as the forms: 0001 or 9999 break calendars
        raise ValueError(f"outside {YEARS[0]}–{YEARS[1]}")
    return value


def parse_money(text: str) -> tuple[int, str | None]:
    """'$1,200,000.50' → (120000050, 'USD'); '1.200,5 €' → (120050, 'EUR'); '900' → (90000, None).

    Thousands separators may be ',' '.' ' ' or "'"; the decimal mark is the last '.' or ',' when it
    is followed by one or two digits. Amounts are returned in integer cents.
    """
    raw = clean_line(text)
    found_currency = None
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in raw:
            found_currency = code
            raw = raw.replace(symbol, "")
    code_match = re.search(r"\b([A-Z]{3})\b", raw)
    if code_match:
        found_currency = code_match.group(1)
        raw = raw.replace(code_match.group(1), "")
    raw = raw.replace(" ", "").replace("\u00a0", "").replace("'", "")
    if raw.startswith("-"):
        raise ValueError("cannot be negative")
    if not re.fullmatch(r"\d[\d.,]*", raw):
        raise ValueError("not an amount of money")
    decimal_mark = None
    last_sep = max(raw.rfind("."), raw.rfind(","))
    if last_sep != -1:
        tail = raw[last_sep + 1:]
        sep = raw[last_sep]
        if len(tail) in (1, 2) or (raw.count(sep) == 1 and len(tail) != 3):
            decimal_mark = sep
    if decimal_mark:
        whole, fraction = raw[:last_sep], raw[last_sep + 1:]
    else:
        whole, fraction = raw, ""
    whole = whole.replace(".", "").replace(",", "")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError("not an amount of money")
    if len(fraction) > 2:
        raise ValueError("has more than two decimal places")
    try:
        amount = Decimal(f"{whole}.{fraction or '0'}")
    except InvalidOperation:
        raise ValueError("not an amount of money") from None
    cents = int(amount * 100)
    if cents > 10**15:
        raise ValueError("is implausibly large")
    return cents, found_currency


# Thousands and decimal separators for money, from the number_format setting (see
# csdesk/settings.py); set once at start-up by the app and the command line.
_separators = (",", ".")


def set_number_format(name: str) -> None:
    from csdesk.settings import NUMBER_FORMATS

    global _separators
    _separators = NUMBER_FORMATS.get(name, (",", "."))


def format_money(cents: int, currency_code: str = "USD") -> str:
    """Integer cents as '$1,234.50' (or 'EUR 1,234.50' for codes without a common symbol),
    with the separators of the number_format setting ('€1.234,50')."""
    symbols = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    thousands, decimal = _separators
    grouped = f"{whole:,}".replace(",", thousands)
    amount = grouped if part == 0 else f"{grouped}{decimal}{part:02d}"
    symbol = symbols.get(currency_code)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{currency_code} {amount}"
