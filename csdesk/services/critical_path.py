"""Each account's critical path: planning it from a template, its milestones and barriers,
and where it stands (tracking is computed by the pure functions in services/tracking.py)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from csdesk.errors import ValidationError
from csdesk.models import (
    Account,
    AccountStatus,
    ActivityAction,
    Barrier,
    BarrierKind,
    CriticalPathTemplate,
    Milestone,
    MilestoneStatus,
    Side,
    SuccessPlan,
)
from csdesk.services import validation as v
from csdesk.services.base import (
    Service,
    apply_changes,
    date_validator,
    enum_validator,
    field_names,
    get_or_raise,
    get_to_change,
    record,
    refuse_overwrite,
    validate_fields,
)
from csdesk.services.tracking import PathTrack, Stage, track


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


@dataclass(frozen=True)
class PortfolioRow:
    account_id: int
    account_name: str
    template_name: str | None
    track: PathTrack


def stage_of(milestone: Milestone) -> Stage:
    return Stage(milestone.id, milestone.name, milestone.planned_date,
                 milestone.planned_end_date, milestone.actual_date, milestone.is_first_value,
                 milestone.status is MilestoneStatus.SKIPPED)


def stages_by_account(session: Session, account_ids: Collection[int] | None = None
                      ) -> dict[int, list[Stage]]:
    """Every account's stages in path order, read as plain columns: thousands of Milestone
    objects (each parsing its exit criteria) cost seconds across a large book."""
    query = (select(SuccessPlan.account_id, Milestone.id, Milestone.name, Milestone.planned_date,
                    Milestone.planned_end_date, Milestone.actual_date, Milestone.is_first_value,
                    Milestone.status)
             .join(SuccessPlan, SuccessPlan.id == Milestone.plan_id)
             .order_by(Milestone.plan_id, Milestone.position, Milestone.id))
    if account_ids is not None:
        query = query.where(SuccessPlan.account_id.in_(list(account_ids)))
    stages: dict[int, list[Stage]] = {}
    for (account_id, stage_id, name, planned, planned_end, actual, first_value,
         status) in session.execute(query):
        stages.setdefault(account_id, []).append(
            Stage(stage_id, name, planned, planned_end, actual, first_value,
                  status is MilestoneStatus.SKIPPED))
    return stages


def _replan(session: Session, plan: SuccessPlan) -> None:
    """Bring the plan's milestones in line with its template and kick-off."""
    template, kickoff = plan.template, plan.kickoff_date
    assert template is not None and kickoff is not None
    milestones = list(session.scalars(select(Milestone).where(Milestone.plan_id == plan.id)
                                      .order_by(Milestone.position, Milestone.id)))
    by_stage = {m.stage_id: m for m in milestones if m.stage_id is not None}
    stage_ids = {stage.id for stage in template.stages}
    for old in milestones:  # stages of another template, not achieved: gone
        if old.stage_id is not None and old.stage_id not in stage_ids \
                and old.actual_date is None:
            session.delete(old)
    for stage in template.stages:
        milestone = by_stage.get(stage.id)
        if milestone is None:
            milestone = Milestone(plan=plan, stage=stage, name=stage.name)
            session.add(milestone)
        elif milestone.actual_date is not None:
            continue  # achieved: keep exactly what happened
        milestone.name = stage.name
        milestone.planned_date = kickoff + timedelta(weeks=stage.week_start)
        milestone.planned_end_date = (kickoff + timedelta(weeks=stage.week_end)
                                      if stage.week_end is not None else None)
        milestone.is_first_value = stage.is_first_value
        ticked = {c["text"] for c in (milestone.exit_criteria or []) if c.get("done")}
        milestone.exit_criteria = [{"text": c, "done": c in ticked} for c in stage.exit_criteria]
    session.flush()
    # Template stages first, in template order; the account's own milestones by date after.
    order = {stage.id: i for i, stage in enumerate(template.stages)}
    current = list(session.scalars(select(Milestone).where(Milestone.plan_id == plan.id)))
    current.sort(key=lambda m: (0, order[m.stage_id], 0) if m.stage_id in order else
                 (1, (m.planned_date or date.max).toordinal(), m.id))
    for position, milestone in enumerate(current):
        milestone.position = position


class CriticalPathService(Service):
    def apply_template(self, plan_id: int, template_id: int, kickoff: date) -> list[Milestone]:
        """Plan the account's path from a template, counted from kick-off. Milestones already
        achieved are kept as they are; those of a previous template not yet achieved go."""
        kickoff = date_validator("kick-off date", required=True)(kickoff)
        with self._uow() as session:
            plan = get_or_raise(session, SuccessPlan, plan_id, "success plan")
            template = get_or_raise(session, CriticalPathTemplate, template_id, "template",
                                    options=[selectinload(CriticalPathTemplate.stages)])
            changed = plan.template_id != template.id
            plan.template, plan.kickoff_date = template, kickoff
            session.flush()
            _replan(session, plan)
            verb = "applied" if changed else "re-planned"
            record(session, account_id=plan.account_id, entity="plan", entity_id=plan.id,
                   action=ActivityAction.UPDATED,
                   summary=f"Critical path '{template.name}' {verb} from {kickoff.isoformat()}")
        return self.milestones(plan_id)

    def replan(self, plan_id: int, kickoff: date | None = None) -> list[Milestone]:
        """Move the kick-off and/or pick up changes to the template's stages, keeping every
        milestone already achieved (its planned and actual dates stay as they were)."""
        with self._uow() as session:
            plan = get_or_raise(session, SuccessPlan, plan_id, "success plan")
            template_id, current = plan.template_id, plan.kickoff_date
        if template_id is None:
            raise ValidationError({"template": "apply a critical-path template first"})
        start = kickoff or current
        if start is None:
            raise ValidationError({"kickoff_date": "the kick-off date is required"})
        return self.apply_template(plan_id, template_id, start)

    def track(self, account_id: int, today: date) -> PathTrack:
        with self._uow() as session:
            plan = session.scalar(select(SuccessPlan).where(SuccessPlan.account_id == account_id))
            if plan is None:
                raise ValidationError(f"account {account_id} has no success plan")
            renewal = session.get(Account, account_id).renewal_date
            milestones = list(session.scalars(select(Milestone).where(
                Milestone.plan_id == plan.id).order_by(Milestone.position, Milestone.id)))
            return track(plan.kickoff_date, [stage_of(m) for m in milestones], today, renewal)

    def portfolio(self, today: date, account_ids: Collection[int] | None = None
                  ) -> list[PortfolioRow]:
        """Every active account (or those of ``account_ids``) with a critical path, and where
        it stands on it."""
        with self._uow() as session:
            query = (select(Account.id, Account.name, Account.renewal_date, SuccessPlan.id,
                            SuccessPlan.kickoff_date, CriticalPathTemplate.name)
                     .join(SuccessPlan, SuccessPlan.account_id == Account.id)
                     .outerjoin(CriticalPathTemplate,
                                CriticalPathTemplate.id == SuccessPlan.template_id)
                     .where(Account.archived_at.is_(None),
                            Account.status == AccountStatus.ACTIVE)
                     .order_by(Account.name_key))
            if account_ids is not None:
                query = query.where(Account.id.in_(list(account_ids)))
            rows = session.execute(query).all()
            stages = stages_by_account(session, account_ids)
        result = []
        for account_id, name, renewal, _plan_id, kickoff, template_name in rows:
            if not stages.get(account_id):
                continue
            result.append(PortfolioRow(account_id, name, template_name,
                                       track(kickoff, stages[account_id], today, renewal)))
        return result

    # Milestones

    def add_milestone(self, plan_id: int, **fields: Any) -> Milestone:
        cleaned = validate_fields(fields, MILESTONE_VALIDATORS)
        if "name" not in cleaned:
            raise ValidationError({"name": "milestone name is required"})
        _check_dates(cleaned)
        with self._uow() as session:
            plan = get_or_raise(session, SuccessPlan, plan_id, "success plan")
            last = session.scalar(select(func.max(Milestone.position))  # after the last,
                                  .where(Milestone.plan_id == plan_id))  # gaps or not
            position = 0 if last is None else last + 1
            milestone = Milestone(plan=plan, position=position, **cleaned)
            session.add(milestone)
            session.flush()
            record(session, account_id=plan.account_id, entity="milestone",
                   entity_id=milestone.id, action=ActivityAction.CREATED,
                   summary=f"Milestone {milestone.name} added")
        return milestone

    def update_milestone(self, milestone_id: int, *, originals: dict[str, Any] | None = None,
                         **changes: Any) -> Milestone:
        """``originals``: the values the edit began from (see refuse_overwrite)."""
        cleaned = validate_fields(changes, MILESTONE_VALIDATORS)
        with self._uow() as session:
            milestone = get_to_change(session, Milestone, milestone_id, "milestone")
            refuse_overwrite(milestone, cleaned, originals, MILESTONE_VALIDATORS,
                             f"The milestone {milestone.name}")
            merged = {k: getattr(milestone, k) for k in ("planned_date", "planned_end_date")}
            _check_dates({**merged, **cleaned})
            if cleaned.get("actual_date") and "status" not in cleaned:
                cleaned["status"] = MilestoneStatus.DONE
            elif "actual_date" in cleaned and cleaned["actual_date"] is None \
                    and "status" not in cleaned and milestone.status is MilestoneStatus.DONE:
                cleaned["status"] = MilestoneStatus.IN_PROGRESS
            diff = apply_changes(milestone, cleaned)
            if diff:
                plan = session.get_one(SuccessPlan, milestone.plan_id)  # as a lazy load would
                record(session, account_id=plan.account_id, entity="milestone",
                       entity_id=milestone.id, action=ActivityAction.UPDATED,
                       summary=f"Milestone {milestone.name}: "
                               f"{field_names(diff)} changed",
                       changes=diff)
        return milestone

    def remove_milestone(self, milestone_id: int) -> None:
        with self._uow() as session:
            milestone = get_or_raise(session, Milestone, milestone_id, "milestone",
                                     options=[joinedload(Milestone.plan)])
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
            milestone = get_or_raise(session, Milestone, milestone_id, "milestone",
                                     options=[joinedload(Milestone.plan)])
            barrier = Barrier(milestone=milestone, **cleaned)
            session.add(barrier)
            session.flush()
            record(session, account_id=milestone.plan.account_id, entity="barrier",
                   entity_id=barrier.id, action=ActivityAction.CREATED,
                   summary=f"{barrier.kind.label} on {milestone.name}: {barrier.description}")
        return barrier

    def update_barrier(self, barrier_id: int, *, originals: dict[str, Any] | None = None,
                       **changes: Any) -> Barrier:
        cleaned = validate_fields(changes, BARRIER_VALIDATORS)
        with self._uow() as session:
            barrier = get_to_change(session, Barrier, barrier_id, "barrier", options=[
                selectinload(Barrier.milestone).selectinload(Milestone.plan)])
            refuse_overwrite(barrier, cleaned, originals, BARRIER_VALIDATORS,
                             f"The barrier on {barrier.milestone.name}")
            diff = apply_changes(barrier, cleaned)
            if diff:
                record(session, account_id=barrier.milestone.plan.account_id, entity="barrier",
                       entity_id=barrier.id, action=ActivityAction.UPDATED,
                       summary=f"Barrier on {barrier.milestone.name} updated", changes=diff)
        return barrier

    def remove_barrier(self, barrier_id: int) -> None:
        with self._uow() as session:
            barrier = get_or_raise(session, Barrier, barrier_id, "barrier", options=[
                joinedload(Barrier.milestone).joinedload(Milestone.plan)])
            record(session, account_id=barrier.milestone.plan.account_id, entity="barrier",
                   entity_id=barrier.id, action=ActivityAction.DELETED,
                   summary=f"Barrier on {barrier.milestone.name} removed")
            session.delete(barrier)


def _check_dates(values: dict[str, Any]) -> None:
    start, end = values.get("planned_date"), values.get("planned_end_date")
    if start and end and end < start:
        raise ValidationError({"planned_end_date": (
            f"planned end {end.isoformat()} is before the planned date {start.isoformat()}")})
