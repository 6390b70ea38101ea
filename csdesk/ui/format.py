"""How values read in the app: money, dates, days, health."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from csdesk.errors import ValidationError
from csdesk.sentences import sentence
from csdesk.services.health_score import Band, band_of
from csdesk.services.schedule import DueState
from csdesk.services.validation import format_money, parse_money
from csdesk.ui.table_model import ALERT, GOOD, WARN

__all__ = ["cents_typed", "days_text", "due_colour", "format_money", "health_colour",
           "health_text", "health_words", "long_date", "money_or_dash", "sentence",
           "short_date"]


def money_or_dash(cents: int | None) -> str:
    return "—" if cents is None else format_money(cents)


def cents_typed(text: str | None, field: str) -> int | None:
    """An optional amount typed in a form field, in cents; a ValidationError names the
    field (so the form shows it there) when it is not an amount."""
    text = (text or "").strip()
    try:
        return parse_money(text)[0] if text else None
    except ValueError as error:
        raise ValidationError({field: f"'{text}' is {error}"}) from None


def short_date(value: date | None) -> str:
    return value.isoformat() if value else "—"


def long_date(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def days_text(days: int | None) -> str:
    return "—" if days is None else str(days)


def health_text(score: int | None) -> str:
    return "—" if score is None else str(score)


def health_colour(score: int | None) -> QColor | None:
    band = band_of(score)
    return None if band is None else {Band.HEALTHY: GOOD, Band.AT_RISK: WARN,
                                      Band.UNHEALTHY: ALERT}[band]


def health_words(score: int | None) -> str:
    """'72 Healthy', '35 Unhealthy', or '—'."""
    band = band_of(score)
    return "—" if band is None else f"{score} {band.label}"


def due_colour(state: DueState | None) -> QColor | None:
    return {DueState.OVERDUE: ALERT, DueState.DUE: WARN}.get(state) if state else None
