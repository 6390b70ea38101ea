"""The success plan canvas: status and assessment, ordered statements, KPIs and readings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from csdesk.errors import ConflictError, NotFoundError, ValidationError
from csdesk.models import (
    ActivityAction,
    CanvasItem,
    CanvasItemKind,
    Kpi,
    KpiReading,
    Likelihood,
    PlanStatus,
    SuccessPlan,
)
from csdesk.services import validation as v
from csdesk.services.base import (
    Service,
    apply_changes,
    date_validator,
    decimal_validator,
    enum_validator,
    field_names,
    get_or_raise,
    get_to_change,
    record,
    refuse_overwrite,
    validate_fields,
)

_likelihood = enum_validator(Likelihood, "likelihood")

PLAN_VALIDATORS = {
    "status": enum_validator(PlanStatus, "plan status"),
    "likelihood": lambda x: None if x in (None, "") else _likelihood(x),
    "assessment_notes": lambda x: v.optional_block(x, "assessment notes"),
    "kickoff_date": date_validator("kick-off date"),
    "last_reviewed_on": date_validator("last review"),
    "next_review_on": date_validator("next review"),
    "template_id": lambda x: x if x is None or isinstance(x, int) else int(x),
}

KPI_VALIDATORS = {
    "name": lambda x: v.required_line(x, "KPI name"),
    "unit": lambda x: v.optional_line(x, "unit", 40),
    "baseline": decimal_validator("baseline"),
    "target": decimal_validator("target"),
    "target_date": date_validator("target date"),
    "notes": lambda x: v.optional_block(x, "notes"),
    "objective_id": lambda x: x if x is None or isinstance(x, int) else int(x),
}


ANY_READING = object()  # record_reading without a conflict check


class PlanService(Service):
    def get(self, account_id: int) -> SuccessPlan:
        """The account's plan with its canvas loaded (items, KPIs with readings, milestones)."""
        with self._uow() as session:
            plan = session.scalar(
                select(SuccessPlan).where(SuccessPlan.account_id == account_id).options(
                    selectinload(SuccessPlan.items),
                    selectinload(SuccessPlan.kpis).selectinload(Kpi.readings),
                    selectinload(SuccessPlan.milestones),
                    selectinload(SuccessPlan.template),
                )
            )
            if plan is None:
                raise NotFoundError(f"account {account_id} has no success plan")
            return plan

    def update(self, plan_id: int, *, originals: dict[str, Any] | None = None,
               **changes: Any) -> SuccessPlan:
        """``originals``: the values the edit began from (see refuse_overwrite)."""
        cleaned = validate_fields(changes, PLAN_VALIDATORS)
        with self._uow() as session:
            plan = get_to_change(session, SuccessPlan, plan_id, "success plan")
            refuse_overwrite(plan, cleaned, originals, PLAN_VALIDATORS, "The success plan")
            diff = apply_changes(plan, cleaned)
            if diff:
                record(session, account_id=plan.account_id, entity="plan", entity_id=plan.id,
                       action=ActivityAction.UPDATED, summary=_plan_summary(diff), changes=diff)
        return plan

    # Canvas statements: objectives, key challenges, key benefits, success criteria

    def add_item(self, plan_id: int, kind: CanvasItemKind, text: str,
                 position: int | None = None) -> CanvasItem:
        clean = _item_text(kind, text)
        with self._uow() as session:
            plan = get_or_raise(session, SuccessPlan, plan_id, "success plan")
            siblings = _siblings(session, plan_id, kind)
            index = len(siblings) if position is None else max(0, min(position, len(siblings)))
            item = CanvasItem(plan=plan, kind=kind, text=clean)
            session.add(item)
            siblings.insert(index, item)
            _renumber(siblings)
            session.flush()
            record(session, account_id=plan.account_id, entity=kind.value, entity_id=item.id,
                   action=ActivityAction.CREATED, summary=f"{kind.label} added: {_short(clean)}")
        return item

    def update_item(self, item_id: int, text: str, original: str | None = None) -> CanvasItem:
        """``original``: the text the edit began from; someone else's different text saved
        since raises ConflictError."""
        with self._uow() as session:
            item = get_to_change(session, CanvasItem, item_id, "canvas item")
            clean = _item_text(item.kind, text)
            refuse_overwrite(item, {"text": clean},
                             None if original is None else {"text": original},
                             {"text": lambda t: v.required_block(t, item.kind.label, 5000)},
                             f"The {item.kind.label.lower()} “{_short(original or '')}”")
            diff = apply_changes(item, {"text": clean})
            if diff:
                plan = session.get_one(SuccessPlan, item.plan_id)  # as a lazy load would
                record(session, account_id=plan.account_id, entity=item.kind.value,
                       entity_id=item.id, action=ActivityAction.UPDATED,
                       summary=f"{item.kind.label} changed: {_short(clean)}", changes=diff)
        return item

    def move_item(self, item_id: int, new_position: int) -> CanvasItem:
        with self._uow() as session:
            item = get_or_raise(session, CanvasItem, item_id, "canvas item")
            siblings = _siblings(session, item.plan_id, item.kind)
            siblings.remove(item)
            siblings.insert(max(0, min(new_position, len(siblings))), item)
            _renumber(siblings)
        return item

    def remove_item(self, item_id: int) -> None:
        with self._uow() as session:
            item = get_or_raise(session, CanvasItem, item_id, "canvas item",
                                options=[joinedload(CanvasItem.plan)])
            plan_id, kind = item.plan_id, item.kind
            record(session, account_id=item.plan.account_id, entity=kind.value,
                   entity_id=item.id, action=ActivityAction.DELETED,
                   summary=f"{kind.label} removed: {_short(item.text)}")
            session.delete(item)
            session.flush()
            _renumber(_siblings(session, plan_id, kind))

    # Measures of success

    def add_kpi(self, plan_id: int, **fields: Any) -> Kpi:
        cleaned = validate_fields(fields, KPI_VALIDATORS)
        for required in ("name", "baseline", "target"):
            if required not in cleaned:
                raise ValidationError({required: f"{required} is required"})
        with self._uow() as session:
            plan = get_or_raise(session, SuccessPlan, plan_id, "success plan")
            position = session.scalar(
                select(func.count()).select_from(Kpi).where(Kpi.plan_id == plan_id)) or 0
            kpi = Kpi(plan=plan, position=position, **cleaned)
            session.add(kpi)
            session.flush()
            record(session, account_id=plan.account_id, entity="kpi", entity_id=kpi.id,
                   action=ActivityAction.CREATED, summary=f"Measure of success added: {kpi.name}")
        return kpi

    def update_kpi(self, kpi_id: int, *, originals: dict[str, Any] | None = None,
                   **changes: Any) -> Kpi:
        """``originals``: the values the edit began from (see refuse_overwrite)."""
        cleaned = validate_fields(changes, KPI_VALIDATORS)
        with self._uow() as session:
            kpi = get_to_change(session, Kpi, kpi_id, "KPI")
            refuse_overwrite(kpi, cleaned, originals, KPI_VALIDATORS, f"The KPI {kpi.name}")
            diff = apply_changes(kpi, cleaned)
            if diff:
                plan = session.get_one(SuccessPlan, kpi.plan_id)  # as a lazy load would
                record(session, account_id=plan.account_id, entity="kpi", entity_id=kpi.id,
                       action=ActivityAction.UPDATED, summary=f"KPI {kpi.name} changed",
                       changes=diff)
        return kpi

    def remove_kpi(self, kpi_id: int) -> None:
        with self._uow() as session:
            kpi = get_or_raise(session, Kpi, kpi_id, "KPI", options=[joinedload(Kpi.plan)])
            record(session, account_id=kpi.plan.account_id, entity="kpi", entity_id=kpi.id,
                   action=ActivityAction.DELETED, summary=f"KPI {kpi.name} removed")
            session.delete(kpi)

    def record_reading(self, kpi_id: int, taken_on: date, value: Decimal | int | str,
                       note: str | None = None, *,
                       replacing: tuple[Decimal, str | None] | None | object = ANY_READING,
                       ) -> KpiReading:
        """Add a reading, or replace the one already taken that day. ``replacing``: the
        reading of that day this edit expects to find (None: none); a different one, saved
        by someone else meanwhile, raises ConflictError instead of being replaced."""
        when = date_validator("reading date", required=True)(taken_on)
        number = decimal_validator("reading")(value)
        clean_note = v.optional_block(note, "note")
        with self._uow() as session:
            kpi = get_to_change(session, Kpi, kpi_id, "KPI",
                                options=[selectinload(Kpi.plan)])
            reading = session.scalar(select(KpiReading).where(
                KpiReading.kpi_id == kpi_id, KpiReading.taken_on == when))
            if replacing is not ANY_READING:
                _refuse_reading_overwrite(kpi, when, reading, replacing, (number, clean_note))
            if reading is None:
                reading = KpiReading(kpi=kpi, taken_on=when, value=number, note=clean_note)
                session.add(reading)
            else:
                reading.value, reading.note = number, clean_note
            session.flush()
            unit = f" {kpi.unit}" if kpi.unit else ""
            record(session, account_id=kpi.plan.account_id, entity="kpi_reading",
                   entity_id=reading.id, action=ActivityAction.CREATED,
                   summary=f"KPI {kpi.name}: {number}{unit} on {when.isoformat()}")
        return reading

    def remove_reading(self, reading_id: int) -> None:
        with self._uow() as session:
            reading = get_or_raise(session, KpiReading, reading_id, "KPI reading",
                                   options=[joinedload(KpiReading.kpi).joinedload(Kpi.plan)])
            record(session, account_id=reading.kpi.plan.account_id, entity="kpi_reading",
                   entity_id=reading.id, action=ActivityAction.DELETED,
                   summary=f"KPI {reading.kpi.name}: reading of "
                           f"{reading.taken_on.isoformat()} removed")
            session.delete(reading)


def _item_text(kind: CanvasItemKind, text: str) -> str:
    try:
        return v.required_block(text, kind.label, max_len=5000)
    except ValueError as error:
        raise ValidationError({"text": str(error)}) from None


def _refuse_reading_overwrite(kpi: Kpi, when: date, now: KpiReading | None, expected: Any,
                              mine: tuple[Decimal, str | None]) -> None:
    def shown(reading: tuple[Decimal, str | None] | None) -> str | None:
        if reading is None:
            return None
        value, note = reading
        return f"{value.normalize():f}" + (f" ({note})" if note else "")

    current = (now.value, now.note) if now is not None else None
    if current != (tuple(expected) if expected is not None else None) and current != mine:
        raise ConflictError(f"The reading of {kpi.name} on {when.isoformat()}",
                            {"reading": (shown(expected), shown(current), shown(mine))})


def _siblings(session: Any, plan_id: int, kind: CanvasItemKind) -> list[CanvasItem]:
    query = (select(CanvasItem)
             .where(CanvasItem.plan_id == plan_id, CanvasItem.kind == kind)
             .order_by(CanvasItem.position, CanvasItem.id))
    return list(session.scalars(query))


def _renumber(items: list[CanvasItem]) -> None:
    for index, item in enumerate(items):
        if item.position != index:
            item.position = index


def _short(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _plan_summary(diff: dict[str, list[Any]]) -> str:
    if "status" in diff:
        return f"Success plan moved to {PlanStatus(diff['status'][1]).label}"
    return "Success plan: " + field_names(diff) + " changed"
