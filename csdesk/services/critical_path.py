"""Critical-path templates, and each account's milestones and barriers along its path."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from csdesk.assets import builtin_critical_paths
from csdesk.errors import ValidationError
from csdesk.models import (
    ActivityAction,
    Barrier,
    BarrierKind,
    CriticalPathTemplate,
    Milestone,
    MilestoneStatus,
    Side,
    SuccessPlan,
    TemplateStage,
)
from csdesk.services import validation as v
from csdesk.services.base import (
    Service,
    apply_changes,
    date_validator,
    enum_validator,
    field_names,
    get_or_raise,
    record,
    validate_fields,
)


def _criteria(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("exit criteria must be a list")
    result = []
    for entry in value:
        if isinstance(entry, str):
            entry = {"text": entry, "done": False}
        text = v.required_line(entry.get("text"), "exit criterion", 300)
        result.append({"text": text, "done": bool(entry.get("done", False))})
    return result


MILESTONE_VALIDATORS = {
    "name": lambda x: v.required_line(x, "milestone name"),
    "description": lambda x: v.optional_block(x, "description"),
    "planned_date": date_validator("planned date"),
    "planned_end_date": date_validator("planned end date"),
    "actual_date": date_validator("actual date"),
    "owner": lambda x: v.optional_line(x, "owner"),
    "owner_side": enum_validator(Side, "owner side"),
    "status": enum_validator(MilestoneStatus, "status"),
    "is_first_value": bool,
    "exit_criteria": _criteria,
    "notes": lambda x: v.optional_block(x, "notes"),
}

BARRIER_VALIDATORS = {
    "kind": enum_validator(BarrierKind, "barrier kind"),
    "description": lambda x: v.required_block(x, "barrier", 5000),
    "raised_on": date_validator("raised on"),
    "resolved_on": date_validator("resolved on"),
}


def parse_template_definition(data: Any) -> dict[str, Any]:
    """Check a template as read from JSON; every problem is reported with its stage number."""
    errors: dict[str, str] = {}
    if not isinstance(data, dict):
        raise ValidationError("a critical-path template must be a JSON object")
    try:
        name = v.required_line(data.get("name"), "template name")
    except ValueError as error:
        errors["name"] = str(error)
        name = ""
    stages_in = data.get("stages")
    if not isinstance(stages_in, list) or not stages_in:
        errors["stages"] = "a template needs a list of at least one stage"
        stages_in = []
    stages = []
    for number, stage in enumerate(stages_in, start=1):
        where = f"stage {number}"
        if not isinstance(stage, dict):
            errors[where] = f"{where} must be an object"
            continue
        try:
            week = stage.get("week")
            week_end = stage.get("week_end")
            if isinstance(week, bool) or not isinstance(week, int) or week < 0:
                raise ValueError(f"{where}: week must be a whole number of weeks from kick-off")
            if week_end is not None and (not isinstance(week_end, int) or week_end < week):
                raise ValueError(f"{where}: week_end must be a week on or after week {week}")
            stages.append({
                "name": v.required_line(stage.get("name"), f"{where} name"),
                "week_start": week, "week_end": week_end,
                "exit_criteria": [c["text"] for c in _criteria(stage.get("exit_criteria"))],
                "is_first_value": bool(stage.get("first_value", False)),
            })
        except ValueError as error:
            errors[where] = str(error)
    if errors:
        raise ValidationError(errors)
    return {"name": name, "description": v.optional_block(data.get("description"), "description"),
            "stages": stages}


class CriticalPathService(Service):
    # Templates

    def ensure_builtin_templates(self) -> None:
        """Install the shipped templates that are not in the workspace yet (by name)."""
        with self._uow() as session:
            present = set(session.scalars(select(CriticalPathTemplate.name)))
            for data in builtin_critical_paths():
                definition = parse_template_definition(data)
                if definition["name"] not in present:
                    session.add(_template_from(definition, builtin=True))

    def create_template(self, data: dict[str, Any]) -> CriticalPathTemplate:
        definition = parse_template_definition(data)
        with self._uow() as session:
            exists = session.scalar(select(CriticalPathTemplate).where(
                CriticalPathTemplate.name == definition["name"]))
            if exists:
                raise ValidationError({"name": f"a template named '{definition['name']}' "
                                               "already exists"})
            template = _template_from(definition, builtin=False)
            session.add(template)
        return template

    def templates(self) -> list[CriticalPathTemplate]:
        with self._uow() as session:
            query = (select(CriticalPathTemplate).order_by(CriticalPathTemplate.name)
                     .options(selectinload(CriticalPathTemplate.stages)))
            return list(session.scalars(query))

    def apply_template(self, plan_id: int, template_id: int, kickoff: date) -> list[Milestone]:
        """Plan the account's milestones from a template's stages, counted from kick-off."""
        kickoff = date_validator("kick-off date", required=True)(kickoff)
        with self._uow() as session:
            plan = get_or_raise(session, SuccessPlan, plan_id, "success plan")
            template = get_or_raise(session, CriticalPathTemplate, template_id, "template")
            start = len(plan.milestones)
            created = []
            for offset, stage in enumerate(template.stages):
                created.append(Milestone(
                    plan=plan, stage=stage, position=start + offset, name=stage.name,
                    planned_date=kickoff + timedelta(weeks=stage.week_start),
                    planned_end_date=(kickoff + timedelta(weeks=stage.week_end)
                                      if stage.week_end is not None else None),
                    is_first_value=stage.is_first_value,
                    exit_criteria=[{"text": c, "done": False} for c in stage.exit_criteria],
                ))
            session.add_all(created)
            plan.template, plan.kickoff_date = template, kickoff
            session.flush()
            record(session, account_id=plan.account_id, entity="plan", entity_id=plan.id,
                   action=ActivityAction.UPDATED,
                   summary=f"Critical path '{template.name}' applied from "
                           f"{kickoff.isoformat()}")
        return created

    # Milestones

    def add_milestone(self, plan_id: int, **fields: Any) -> Milestone:
        cleaned = validate_fields(fields, MILESTONE_VALIDATORS)
        if "name" not in cleaned:
            raise ValidationError({"name": "milestone name is required"})
        _check_dates(cleaned)
        with self._uow() as session:
            plan = get_or_raise(session, SuccessPlan, plan_id, "success plan")
            position = session.scalar(select(func.count()).select_from(Milestone)
                                      .where(Milestone.plan_id == plan_id)) or 0
            milestone = Milestone(plan=plan, position=position, **cleaned)
            session.add(milestone)
            session.flush()
            record(session, account_id=plan.account_id, entity="milestone",
                   entity_id=milestone.id, action=ActivityAction.CREATED,
                   summary=f"Milestone {milestone.name} added")
        return milestone

    def update_milestone(self, milestone_id: int, **changes: Any) -> Milestone:
        cleaned = validate_fields(changes, MILESTONE_VALIDATORS)
        with self._uow() as session:
            milestone = get_or_raise(session, Milestone, milestone_id, "milestone")
            merged = {k: getattr(milestone, k) for k in ("planned_date", "planned_end_date")}
            _check_dates({**merged, **cleaned})
            if cleaned.get("actual_date") and "status" not in cleaned:
                cleaned["status"] = MilestoneStatus.DONE
            diff = apply_changes(milestone, cleaned)
            if diff:
                record(session, account_id=milestone.plan.account_id, entity="milestone",
                       entity_id=milestone.id, action=ActivityAction.UPDATED,
                       summary=f"Milestone {milestone.name}: "
                               f"{field_names(diff)} changed",
                       changes=diff)
        return milestone

    def remove_milestone(self, milestone_id: int) -> None:
        with self._uow() as session:
            milestone = get_or_raise(session, Milestone, milestone_id, "milestone")
            record(session, account_id=milestone.plan.account_id, entity="milestone",
                   entity_id=milestone.id, action=ActivityAction.DELETED,
                   summary=f"Milestone {milestone.name} removed")
            session.delete(milestone)

    def milestones(self, plan_id: int) -> list[Milestone]:
        with self._uow() as session:
            query = (select(Milestone).where(Milestone.plan_id == plan_id)
                     .order_by(Milestone.position, Milestone.id)
                     .options(selectinload(Milestone.barriers), selectinload(Milestone.actions)))
            return list(session.scalars(query))

    # Barriers

    def add_barrier(self, milestone_id: int, **fields: Any) -> Barrier:
        cleaned = validate_fields(fields, BARRIER_VALIDATORS)
        for required in ("kind", "description"):
            if required not in cleaned:
                raise ValidationError({required: f"{required} is required"})
        with self._uow() as session:
            milestone = get_or_raise(session, Milestone, milestone_id, "milestone")
            barrier = Barrier(milestone=milestone, **cleaned)
            session.add(barrier)
            session.flush()
            record(session, account_id=milestone.plan.account_id, entity="barrier",
                   entity_id=barrier.id, action=ActivityAction.CREATED,
                   summary=f"{barrier.kind.label} on {milestone.name}: {barrier.description}")
        return barrier

    def update_barrier(self, barrier_id: int, **changes: Any) -> Barrier:
        cleaned = validate_fields(changes, BARRIER_VALIDATORS)
        with self._uow() as session:
            barrier = get_or_raise(session, Barrier, barrier_id, "barrier")
            diff = apply_changes(barrier, cleaned)
            if diff:
                record(session, account_id=barrier.milestone.plan.account_id, entity="barrier",
                       entity_id=barrier.id, action=ActivityAction.UPDATED,
                       summary=f"Barrier on {barrier.milestone.name} updated", changes=diff)
        return barrier

    def remove_barrier(self, barrier_id: int) -> None:
        with self._uow() as session:
            barrier = get_or_raise(session, Barrier, barrier_id, "barrier")
            record(session, account_id=barrier.milestone.plan.account_id, entity="barrier",
                   entity_id=barrier.id, action=ActivityAction.DELETED,
                   summary=f"Barrier on {barrier.milestone.name} removed")
            session.delete(barrier)


def _template_from(definition: dict[str, Any], *, builtin: bool) -> CriticalPathTemplate:
    template = CriticalPathTemplate(name=definition["name"], description=definition["description"],
                                    builtin=builtin)
    template.stages = [TemplateStage(position=i, **stage)
                       for i, stage in enumerate(definition["stages"])]
    return template


def _check_dates(values: dict[str, Any]) -> None:
    start, end = values.get("planned_date"), values.get("planned_end_date")
    if start and end and end < start:
        raise ValidationError({"planned_end_date": (
            f"planned end {end.isoformat()} is before the planned date {start.isoformat()}")})
