"""Critical-path templates: the shipped ones, the CSM's own, and JSON files to share them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from csdesk.assets import builtin_critical_paths
from csdesk.errors import CsdeskError, ValidationError
from csdesk.files import replace_file
from csdesk.models import ActivityAction, CriticalPathTemplate, Milestone, TemplateStage
from csdesk.services import validation as v
from csdesk.services.base import Service, get_or_raise, record

FORMAT = "csdesk-critical-path/1"
MAX_FILE_BYTES = 1024 * 1024
MAX_STAGES = 60
MAX_WEEK = 520


def _criteria(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [line for line in value.splitlines() if line.strip()]
    if not isinstance(value, list):
        raise ValueError(f"{where}: exit criteria must be a list of sentences")
    texts = []
    for entry in value:
        text = entry.get("text") if isinstance(entry, dict) else entry
        if not isinstance(text, str):
            raise ValueError(f"{where}: each exit criterion must be text")
        texts.append(v.required_line(text, f"{where} exit criterion", 300))
    return texts


def _week(value: Any, where: str, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WEEK:
        raise ValueError(f"{where}: {name} must be a whole number of weeks from kick-off "
                         f"(0 to {MAX_WEEK}), not {json.dumps(value)}")
    return value


def parse_template_definition(data: Any) -> dict[str, Any]:
    """Check a template (from JSON or the editor); every problem is named with its stage."""
    if not isinstance(data, dict):
        raise ValidationError("a critical-path template must be a JSON object with a name and "
                              "stages")
    errors: dict[str, str] = {}
    name = ""
    try:
        name = v.required_line(data.get("name"), "template name")
    except ValueError as error:
        errors["name"] = str(error)
    stages_in = data.get("stages")
    if not isinstance(stages_in, list) or not stages_in:
        errors["stages"] = "a template needs a list of at least one stage"
        stages_in = []
    if len(stages_in) > MAX_STAGES:
        errors["stages"] = f"a template has at most {MAX_STAGES} stages, not {len(stages_in)}"
        stages_in = []
    stages: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, stage in enumerate(stages_in, start=1):
        where = f"stage {number}"
        if not isinstance(stage, dict):
            errors[where] = f"{where} must be an object with a name and a week"
            continue
        try:
            stage_name = v.required_line(stage.get("name"), f"{where} name")
            week = _week(stage.get("week", stage.get("week_start")), where, "week")
            week_end = stage.get("week_end")
            if week_end is not None:
                week_end = _week(week_end, where, "week_end")
                if week_end < week:
                    raise ValueError(f"{where}: week_end {week_end} is before week {week}")
            key = stage_name.casefold()
            if key in seen:
                raise ValueError(f"{where}: '{stage_name}' is already stage {seen[key]}")
            seen[key] = number
            stages.append({
                "id": stage.get("id") if isinstance(stage.get("id"), int) else None,
                "name": stage_name, "week_start": week, "week_end": week_end,
                "exit_criteria": _criteria(stage.get("exit_criteria"), where),
                "is_first_value": bool(stage.get("first_value", stage.get("is_first_value"))),
            })
        except ValueError as error:
            errors[where] = str(error)
    if sum(1 for s in stages if s["is_first_value"]) > 1:
        errors["first_value"] = "only one stage can be the first-value stage"
    order = [s["week_start"] for s in stages]
    if order != sorted(order) and "stages" not in errors:
        errors["order"] = "stages must be in order of their week"
    try:
        description = v.optional_block(data.get("description"), "description", 5000)
    except ValueError as error:
        errors["description"] = str(error)
        description = None
    if errors:
        raise ValidationError(errors)
    return {"name": name, "description": description, "stages": stages}


def template_to_dict(template: CriticalPathTemplate) -> dict[str, Any]:
    """The shareable JSON form (the same shape as the shipped templates)."""
    stages = []
    for stage in template.stages:
        entry: dict[str, Any] = {"name": stage.name, "week": stage.week_start}
        if stage.week_end is not None:
            entry["week_end"] = stage.week_end
        if stage.is_first_value:
            entry["first_value"] = True
        entry["exit_criteria"] = list(stage.exit_criteria)
        stages.append(entry)
    return {"format": FORMAT, "name": template.name, "description": template.description,
            "stages": stages}


class TemplateService(Service):
    def ensure_builtin(self) -> None:
        """Install the shipped templates that are not in the workspace yet (by name)."""
        with self._uow() as session:
            present = set(session.scalars(select(CriticalPathTemplate.name)))
            for data in builtin_critical_paths():
                definition = parse_template_definition(data)
                if definition["name"] not in present:
                    session.add(_new_template(definition, builtin=True))

    def list(self) -> list[CriticalPathTemplate]:
        with self._uow() as session:
            query = (select(CriticalPathTemplate)
                     .order_by(CriticalPathTemplate.builtin.desc(), CriticalPathTemplate.name)
                     .options(selectinload(CriticalPathTemplate.stages)))
            return list(session.scalars(query))

    def get(self, template_id: int) -> CriticalPathTemplate:
        with self._uow() as session:
            query = (select(CriticalPathTemplate).where(CriticalPathTemplate.id == template_id)
                     .options(selectinload(CriticalPathTemplate.stages)))
            template = session.scalar(query)
            if template is None:
                return get_or_raise(session, CriticalPathTemplate, template_id, "template")
            return template

    def find(self, name: str) -> CriticalPathTemplate:
        with self._uow() as session:
            template = session.scalar(select(CriticalPathTemplate).where(
                CriticalPathTemplate.name == v.clean_line(name)))
            if template is None:
                raise CsdeskError(f"no critical-path template named '{name}'")
        return self.get(template.id)

    def create(self, data: dict[str, Any]) -> CriticalPathTemplate:
        definition = parse_template_definition(data)
        with self._uow() as session:
            _ensure_name_free(session, definition["name"])
            template = _new_template(definition, builtin=False)
            session.add(template)
        return self.get(template.id)

    def update(self, template_id: int, data: dict[str, Any]) -> CriticalPathTemplate:
        """Replace name, description and stages. Stages keep their id when the definition
        names it, so accounts planned from them stay linked; removed stages leave those
        accounts' milestones in place."""
        definition = parse_template_definition(data)
        with self._uow() as session:
            template = get_or_raise(session, CriticalPathTemplate, template_id, "template",
                                    options=[selectinload(CriticalPathTemplate.stages)])
            if template.builtin:
                raise ValidationError({"name": f"'{template.name}' ships with csdesk and "
                                               "cannot be changed; copy it to make your own"})
            if definition["name"] != template.name:
                _ensure_name_free(session, definition["name"])
            template.name, template.description = definition["name"], definition["description"]
            existing = {stage.id: stage for stage in template.stages}
            kept: list[TemplateStage] = []
            for position, spec in enumerate(definition["stages"]):
                stage = existing.pop(spec["id"], None) if spec["id"] else None
                if stage is None:
                    stage = TemplateStage(template=template)
                    session.add(stage)
                for key in ("name", "week_start", "week_end", "exit_criteria",
                            "is_first_value"):
                    setattr(stage, key, spec[key])
                stage.position = position
                kept.append(stage)
            for gone in existing.values():
                _drop_stage(session, template, gone)
            template.stages = kept
        return self.get(template_id)

    def copy(self, template_id: int, name: str | None = None) -> CriticalPathTemplate:
        source = self.get(template_id)
        data = template_to_dict(source)
        with self._uow() as session:
            data["name"] = _free_name(session, name or f"{source.name} (copy)")
        return self.create(data)

    def delete(self, template_id: int) -> None:
        with self._uow() as session:
            template = get_or_raise(session, CriticalPathTemplate, template_id, "template")
            if template.builtin:
                raise ValidationError(f"'{template.name}' ships with csdesk and cannot be "
                                      "deleted")
            session.delete(template)

    def export_json(self, template_id: int, path: Path) -> Path:
        """Write the template as JSON; the target is replaced only by a complete file."""
        text = json.dumps(template_to_dict(self.get(template_id)), indent=2, ensure_ascii=False)
        return replace_file(path, (text + "\n").encode("utf-8"))

    def import_json(self, path: Path) -> CriticalPathTemplate:
        """Read a template file; a name already taken gets a number, e.g. 'Onboarding (2)'."""
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise CsdeskError(f"{path.name} is too large for a template ({size:,} bytes)")
            raw = path.read_bytes()
        except OSError as error:
            raise CsdeskError(f"cannot read {path}: {error.strerror or error}") from None
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise CsdeskError(f"{path.name} is not a text file") from None
        except json.JSONDecodeError as error:
            raise CsdeskError(f"{path.name} is not valid JSON: {error.msg} at line "
                              f"{error.lineno}, column {error.colno}") from None
        if isinstance(data, dict) and data.get("format", FORMAT) != FORMAT:
            raise CsdeskError(f"{path.name} is a '{data.get('format')}' file, not a csdesk "
                              "critical-path template")
        try:
            definition = parse_template_definition(data)
        except ValidationError as error:
            raise ValidationError({k: f"{path.name}: {m}" for k, m in error.errors.items()}
                                  ) from None
        for stage in definition["stages"]:
            stage["id"] = None
        with self._uow() as session:
            definition["name"] = _free_name(session, definition["name"])
        data_out = {**definition, "stages": [
            {**s, "week": s["week_start"], "first_value": s["is_first_value"]}
            for s in definition["stages"]]}
        return self.create(data_out)


def _drop_stage(session: Session, template: CriticalPathTemplate, stage: TemplateStage) -> None:
    """A stage leaves the template: accounts' milestones for it go too, unless achieved."""
    for milestone in session.scalars(select(Milestone).where(Milestone.stage_id == stage.id)
                                     .options(joinedload(Milestone.plan))):
        if milestone.actual_date is None:
            record(session, account_id=milestone.plan.account_id, entity="milestone",
                   entity_id=milestone.id, action=ActivityAction.DELETED,
                   summary=f"Milestone {milestone.name} removed: the stage left the "
                           f"'{template.name}' template")
            session.delete(milestone)
    session.delete(stage)


def _ensure_name_free(session: Session, name: str) -> None:
    if session.scalar(select(CriticalPathTemplate.id).where(CriticalPathTemplate.name == name)):
        raise ValidationError({"name": f"a template named '{name}' already exists"})


def _free_name(session: Session, wanted: str) -> str:
    taken = set(session.scalars(select(CriticalPathTemplate.name)))
    name, number = wanted, 2
    while name in taken:
        name = f"{wanted} ({number})"
        number += 1
    return name


def _new_template(definition: dict[str, Any], *, builtin: bool) -> CriticalPathTemplate:
    template = CriticalPathTemplate(name=definition["name"], description=definition["description"],
                                    builtin=builtin)
    template.stages = [
        TemplateStage(position=i, name=s["name"], week_start=s["week_start"],
                      week_end=s["week_end"], exit_criteria=s["exit_criteria"],
                      is_first_value=s["is_first_value"])
        for i, s in enumerate(definition["stages"])]
    return template
