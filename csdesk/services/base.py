"""What every service shares: its workspace, field validation and the activity log."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

from csdesk.errors import ConflictError, NotFoundError, ValidationError
from csdesk.models import ActivityAction, ActivityEntry, Base
from csdesk.store.workspace import Workspace

T = TypeVar("T", bound=Base)
Validator = Callable[[Any], Any]


class Service:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def _uow(self):
        return self._workspace.session()


def get_or_raise(session: Session, model: type[T], item_id: int, what: str, *,
                 options: Sequence[ORMOption] = ()) -> T:
    """``options``: loader options for what the caller touches (relationships are lazy="raise")."""
    item = session.get(model, item_id, options=options) if item_id is not None else None
    if item is None:
        raise NotFoundError(f"no {what} with id {item_id}")
    return item


def get_to_change(session: Session, model: type[T], item_id: int, what: str, *,
                  options: Sequence[ORMOption] = ()) -> T:
    """Load a record about to be changed. On a server the row stays locked until this unit
    of work ends, so a conflict check against it cannot race another person's save.
    ``options``: loader options; use selectinload, not joinedload (PostgreSQL refuses FOR
    UPDATE on the nullable side of an outer join, and a join would lock the related row too)."""
    item = (session.get(model, item_id, with_for_update=True, options=options)
            if item_id is not None else None)
    if item is None:
        raise NotFoundError(f"no {what} with id {item_id} (someone may have deleted it)")
    return item


def refuse_overwrite(item: Base, cleaned: Mapping[str, Any], originals: Mapping[str, Any] | None,
                     validators: Mapping[str, Validator], what: str) -> None:
    """Optimistic concurrency, field by field. ``originals`` are the values this edit began
    from; a field that someone else has saved since, to something other than what is being
    saved now, raises ConflictError with all three values instead of being overwritten.
    Their changes to fields this edit does not touch are simply kept."""
    if originals is None:
        return
    clashes: dict[str, tuple[object, object, object]] = {}
    for name, mine in cleaned.items():
        if name not in originals:
            continue
        was, now = _cleaned(originals[name], validators.get(name)), getattr(item, name)
        if not same_value(now, was) and not same_value(now, mine):
            clashes[name] = (was, now, mine)
    if clashes:
        raise ConflictError(what, clashes)


def same_value(a: Any, b: Any) -> bool:
    """An empty field and a missing value are the same thing."""
    return (a in (None, "") and b in (None, "")) or a == b


def _cleaned(value: Any, validator: Validator | None) -> Any:
    """An original as the UI held it (a str for an enum, say), in its stored form."""
    if validator is None:
        return value
    try:
        return validator(value)
    except (ValueError, TypeError, AttributeError):
        return value


def validate_fields(values: Mapping[str, Any], validators: Mapping[str, Validator],
                    labels: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Run each field's validator; collect every message by field, then raise them together."""
    unknown = set(values) - set(validators)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        try:
            cleaned[name] = validators[name](value)
        except ValueError as error:
            errors[name] = str(error)
        except (TypeError, AttributeError):
            label = (labels or {}).get(name, name.replace("_", " "))
            errors[name] = f"{label} has the wrong kind of value"
    if errors:
        raise ValidationError(errors)
    return cleaned


def apply_changes(item: Base, cleaned: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set attributes; return {field: [old, new]} for the ones that really changed."""
    changes: dict[str, list[Any]] = {}
    for name, new in cleaned.items():
        old = getattr(item, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(item, name, new)
    return changes


_FIELD_WORDS = {"arr_cents": "ARR", "held_on": "date", "done_on": "done"}


def field_names(fields: Any) -> str:
    """'planned date, owner' from field names, for activity summaries."""
    return ", ".join(_FIELD_WORDS.get(name, name.replace("_", " ")) for name in fields)


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a value for the activity log."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str) and len(value) > 200:
        return value[:200] + "…"
    return value


def record(session: Session, *, account_id: int | None, entity: str, entity_id: int | None,
           action: ActivityAction, summary: str,
           changes: Mapping[str, Any] | None = None) -> None:
    """Log in the caller's transaction: the entry lands with the change or not at all. The
    session knows who is working (``Workspace.actor``)."""
    session.add(ActivityEntry(account_id=account_id, entity=entity, entity_id=entity_id,
                              action=action, summary=summary,
                              changes=dict(changes) if changes else None,
                              actor=session.info.get("actor")))


def enum_validator(enum_cls: type[Enum], label: str) -> Validator:
    def check(value: Any) -> Enum:
        if isinstance(value, enum_cls):
            return value
        if isinstance(value, str):
            try:
                return enum_cls.parse(value)  # type: ignore[attr-defined]
            except ValueError as error:
                raise ValueError(f"{label}: {error}") from None
        raise ValueError(f"{label} has the wrong kind of value")

    return check


def date_validator(label: str, *, required: bool = False) -> Validator:
    def check(value: Any) -> date | None:
        if value is None or value == "":
            if required:
                raise ValueError(f"{label} is required")
            return None
        if isinstance(value, datetime):
            raise ValueError(f"{label} must be a date, not a date and time")
        if isinstance(value, date):
            if not 1900 <= value.year <= 2200:
                raise ValueError(f"{label} {value.isoformat()} is outside 1900–2200")
            return value
        if isinstance(value, str):
            from csdesk.services.validation import parse_date

            try:
                return check(parse_date(value))
            except ValueError as error:
                raise ValueError(f"{label} '{value}' is {error}") from None
        raise ValueError(f"{label} must be a date")

    return check


def decimal_validator(label: str) -> Validator:
    def check(value: Any) -> Decimal:
        if isinstance(value, bool) or value is None or value == "":
            raise ValueError(f"{label} is required")
        if isinstance(value, float):
            value = repr(value)
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except ArithmeticError:
            raise ValueError(f"{label} '{value}' is not a number") from None
        if not number.is_finite():
            raise ValueError(f"{label} must be a finite number")
        if abs(number) >= Decimal(10) ** 15:
            raise ValueError(f"{label} is implausibly large")
        return number

    return check
