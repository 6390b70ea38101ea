"""Dates as CRMs and spreadsheets write them: ISO, US, European, month names, two-digit
years and Excel's day numbers, read into the date csdesk stores, and a column's date order.

A date such as 03/04/2027 that reads two ways raises ``AmbiguousDate`` (a ValueError): the
importer asks the user for the file's date order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from csdesk.services.validation import YEARS, clean_line

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
