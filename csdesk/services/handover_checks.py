"""The checks of one value in a handover pack, by the rules of the forms that edit it
(services/validation.py, each service's validators), for values that may come from anyone:
texts, numbers, amounts, dates, enums and the structures a record keeps (exit criteria, health
components, QBR facts). The fields each applies to: handover_fields.py.

Each check returns the cleaned value or raises ValueError saying what is wrong, worded to follow
"field NAME " in a message: "account 3 'Acme', field arr_cents 'a lot' is not a whole number of
cents".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from csdesk import clock
from csdesk.services import validation as v

MAX_NUMBER_CHARS = 40  # a decimal as text (a KPI value): its column holds 40 characters
MAX_LIST_ITEMS = 1_000  # a milestone's exit criteria, a snapshot's components or facts


Check = Callable[[Any], Any]


def shown(value: Any) -> str:
    """A value as a message shows it: short, on one line, never a whole record."""
    if isinstance(value, str):
        text = v.clean_line(value[:80]).encode("utf-8", "backslashreplace").decode("utf-8")
        return f"'{text[:40]}…'" if len(value) > 40 else f"'{text}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= 24 else f"{text[:20]}…"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _text(clean: Callable[[str | None], str], max_len: int, required: bool) -> Check:
    def check(value: Any) -> str | None:
        if value is None:
            if required:
                raise ValueError("is required")
            return None
        if type(value) is not str:
            raise ValueError(f"{shown(value)} is not text")
        if len(value) > 4 * max_len + 1000:  # long beyond what cleaning could bring back
            raise ValueError(f"is too long ({len(value):,} characters; at most {max_len:,})")
        # Most text is one line of printable ASCII already clean: no need to clean it again.
        simple = value.isascii() and value.isprintable() and "  " not in value \
            and value[:1] != " " and value[-1:] != " "
        text = value if simple else clean(value)
        if not simple and not encodable(text):
            raise ValueError("has a character that is not text (half of a surrogate pair)")
        if len(text) > max_len:
            raise ValueError(f"is too long ({len(text):,} characters; at most {max_len:,})")
        if not text and required:
            raise ValueError("is blank (only spaces or control characters)" if value
                             else "is required")
        return text or None

    return check


def encodable(text: str) -> bool:
    """Whether the database can store it: JSON's "\\ud800" is a str Python cannot encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def line(max_len: int = v.NAME_MAX, required: bool = False) -> Check:
    """One line, cleaned as the forms clean it (control characters become spaces)."""
    return _text(v.clean_line, max_len, required)


def block(max_len: int = v.TEXT_MAX, required: bool = False) -> Check:
    """Multi-line text, cleaned as the forms clean it (control characters removed)."""
    return _text(v.clean_block, max_len, required)


def whole(minimum: int, maximum: int, required: bool = False) -> Check:
    def check(value: Any) -> int | None:
        if value is None:
            if required:
                raise ValueError("is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{shown(value)} is not a whole number")
        if not minimum <= value <= maximum:
            raise ValueError(f"{value:,} is outside {minimum:,}–{maximum:,}")
        return value

    return check


def cents(required: bool = False, maximum: int = 10**15) -> Check:
    """Money as integer cents, as every amount is stored."""
    def check(value: Any) -> int | None:
        if value is None:
            if required:
                raise ValueError("is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{shown(value)} is not a whole number of cents")
        if value < 0:
            raise ValueError(f"{value:,} cannot be negative")
        if value > maximum:
            raise ValueError(f"{value:,} is larger than {maximum:,} cents")
        return value

    return check


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def day(required: bool = False) -> Check:
    """A date as YYYY-MM-DD within the years every date may have (validation.YEARS)."""
    def check(value: Any) -> date | None:
        if value is None:
            if required:
                raise ValueError("is required")
            return None
        if type(value) is not str or len(value) > 40:
            raise ValueError(f"{shown(value)} is not a date (YYYY-MM-DD)")
        if _ISO_DATE.fullmatch(value):  # as the export writes it: skip the cleaning
            try:
                found = date.fromisoformat(value)
            except ValueError:
                found = None
            if found is not None and v.YEARS[0] <= found.year <= v.YEARS[1]:
                return found
        try:
            return v.parse_date(value)
        except ValueError as error:
            raise ValueError(f"{shown(value)} cannot be read ({error})") from None

    return check


def stamp(required: bool = False) -> Check:
    """A moment in ISO 8601, kept in UTC."""
    def check(value: Any) -> datetime | None:
        if value is None:
            if required:
                raise ValueError("is required")
            return None
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError(f"{shown(value)} is not a date and time")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{shown(value)} cannot be read as a date and time") from None
        if not v.YEARS[0] <= moment.year <= v.YEARS[1]:
            raise ValueError(f"{shown(value)} is outside {v.YEARS[0]}–{v.YEARS[1]}")
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)

    return check


def choice(enum_cls: type[Enum], nullable: bool = False) -> Check:
    """One of an enum's stored values, as the export writes them."""
    values = {member.value: member for member in enum_cls}
    words = ", ".join(values)

    def check(value: Any) -> Enum | None:
        if value is None:
            if nullable:
                return None
            raise ValueError("is required")
        if not isinstance(value, str) or value not in values:
            raise ValueError(f"{shown(value)} is not one of: {words}")
        return values[value]

    return check


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{shown(value)} is not true or false")
    return value


def number(value: Any) -> Decimal:
    """An exact decimal (a KPI's baseline, target or reading), written as text by the export."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{shown(value)} is not a number")
    text = value.strip() if isinstance(value, str) else repr(value)
    if not text or len(text) > MAX_NUMBER_CHARS:
        raise ValueError(f"{shown(value)} is not a number")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{shown(value)} is not a number") from None
    if not result.is_finite():
        raise ValueError(f"{shown(value)} is not a finite number")
    if abs(result) >= Decimal(10) ** 15:
        raise ValueError(f"{shown(value)} is implausibly large")
    return result


def founded(value: Any) -> int | None:
    """A year as the account form takes it: four digits, not in the future."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
        raise ValueError(f"{shown(value)} is not a four-digit year")
    if value > clock.today().year:
        raise ValueError(f"{value} is in the future")
    return value


def with_text(check: Callable[[str | None], Any], max_len: int) -> Check:
    """A text rule of validation.py (e-mail, website, currency), after the type and length."""
    first = line(max_len)

    def run(value: Any) -> Any:
        text = first(value)
        return check(text) if text is not None else check(None)

    return run


def quarter(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}Q[1-4]", value):
        raise ValueError(f"{shown(value)} is not a quarter such as 2026Q4")
    return value


def _object(value: Any, keys: dict[str, Check], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"has {shown(value)} where {what} belongs (an object)")
    cleaned = {}
    for key, check in keys.items():
        try:
            cleaned[key] = check(value.get(key))
        except ValueError as error:
            raise ValueError(f"has {what} whose {key} {error}") from None
    return cleaned


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{shown(value)} is not a list of {what}")
    if len(value) > MAX_LIST_ITEMS:
        raise ValueError(f"has {len(value):,} {what}; at most {MAX_LIST_ITEMS:,}")
    return value


def _optional_flag(value: Any) -> bool:
    return False if value is None else flag(value)


_CRITERION = {"text": line(300, required=True), "done": _optional_flag}


def exit_criteria(value: Any) -> list[dict[str, Any]]:
    """A milestone's exit criteria: [{"text": …, "done": true}, …] (or plain sentences)."""
    return [_object({"text": entry, "done": False} if isinstance(entry, str) else entry,
                    _CRITERION, "an exit criterion")
            for entry in _list(value, "exit criteria")]


def _score(value: Any) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError(f"{shown(value)} is not a score from 0 to 100")
    return value


def _weight(value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1000:
        raise ValueError(f"{shown(value)} is not a weight from 0 to 1000")
    return value


_COMPONENT = {"key": line(40, required=True), "label": line(), "weight": _weight,
              "score": _score, "reason": line(1000)}


def components(value: Any) -> list[dict[str, Any]]:
    """A health snapshot's components, as health_score.HealthScore.as_json writes them."""
    return [_object(entry, _COMPONENT, "a component")
            for entry in _list(value, "components")]


_FACT_MILESTONE = {"name": line(required=True), "planned": line(40), "actual": line(40),
                   "overdue": _optional_flag}
_FACT_KPI = {"name": line(required=True), "latest": line(120)}


def qbr_facts(value: Any) -> dict[str, Any]:
    """The facts a QBR snapshot keeps (csdesk.services.review_changes.review_snapshot)."""
    if not isinstance(value, dict):
        raise ValueError(f"{shown(value)} is not an object of facts")
    facts: dict[str, Any] = {}
    for key, shape, what in (("milestones", _FACT_MILESTONE, "a milestone"),
                             ("kpis", _FACT_KPI, "a KPI")):
        entries = value.get(key) or {}
        if not isinstance(entries, dict) or len(entries) > MAX_LIST_ITEMS:
            raise ValueError(f"has {shown(entries)} where the {key} belong (an object)")
        facts[key] = {line(40, required=True)(k): _object(e, shape, what)
                      for k, e in entries.items()}
    facts["health"] = whole(0, 100)(value.get("health"))
    return facts


def stage(value: Any) -> list[str] | None:
    """A milestone's template stage, by name: [template, stage]."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError(f"{shown(value)} is not [template name, stage name]")
    return [line(required=True)(value[0]), line(required=True)(value[1])]
