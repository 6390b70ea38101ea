"""Applying the customer's edits the CSM accepted (services/plan_edits.py): all in one
transaction through the plan and critical-path services (their checks hold: a date the
customer typed in any common format, a KPI figure as the forms take it), noted once in
Activity as coming from the customer's document, and undone as one step."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from csdesk.errors import CsdeskError, ValidationError
from csdesk.models import ActivityAction, CanvasItem, CanvasItemKind, Kpi, Milestone
from csdesk.services.base import record, validate_fields
from csdesk.services.critical_path import MILESTONE_VALIDATORS
from csdesk.services.executive_summary import TO_BE_AGREED
from csdesk.services.import_dates import AmbiguousDate, parse_any_date
from csdesk.services.plans import KPI_VALIDATORS
from csdesk.services.validation import required_block

STATEMENT_MAX = 5000  # the plan's statements, as the plan service takes them

Undo = Callable[[], None]


def customer_date(text: str, what: str) -> date | None:
    """A date as the customer typed it ("30 June 2027", "6/30/2027", "2027-06-30"); blank
    or a dash for none."""
    cleaned = text.strip()
    if cleaned in ("", "—", "-"):
        return None
    try:
        return parse_any_date(cleaned)
    except AmbiguousDate as both:
        raise ValidationError({what: f"{what}: '{cleaned}' reads two ways, "
                                     f"{both.month_first:%d %b %Y} or {both.day_first:%d %b %Y}: "
                                     "write it with the month's name (30 Jun 2027) or as "
                                     "2027-06-30"}) from None
    except ValueError as error:
        raise ValidationError({what: f"{what}: '{cleaned}' is {error}"}) from None


_NUMBER = re.compile(r"[-+]?\d[\d,\u00a0 ]*(?:\.\d+)?")


def number_in(text: str) -> Decimal | None:
    """The figure in a KPI value as the document prints it ("1,200 leads", "3.5%")."""
    match = _NUMBER.search(text)
    if match is None:
        return None
    try:
        return Decimal(re.sub(r"[,\u00a0 ]", "", match.group()))
    except ArithmeticError:
        return None


DONE = object()  # a milestone's status set to Done: done on its actual date, else today


def milestone_values(field: str, text: str, label: str) -> dict[str, Any]:
    """What the customer's ``text`` for a milestone's ``field`` sets in csdesk ("planned" for
    its due date); what csdesk cannot set is refused, saying what it can."""
    if field == "owner":
        return {"owner": None if text == TO_BE_AGREED else text}
    if field == "name":
        if not text.strip():
            raise ValidationError({"name": f"{label}: the customer left it empty"})
        return {"name": text}
    if field in ("planned", "actual"):
        return {"planned" if field == "planned" else "actual_date": customer_date(text, label)}
    if field == "status" and text.strip().casefold().startswith("done"):
        return {"actual_date": DONE}
    raise ValidationError({"status": f"{label}: '{text}' is not something csdesk can set "
                                     "(write Done, or change the dates)"})


def kpi_value(field: str, text: str, label: str) -> Any:
    if field not in ("baseline", "target"):
        return text
    value = number_in(text)
    if value is None:
        raise ValidationError({field: f"{label}: '{text}' has no number in it"})
    return value


def problem_of(change: Any) -> str:
    """Why csdesk could not apply ``change`` as the customer wrote it ("" when it can): what
    applying would refuse (the services' own checks of each field), said before the CSM
    chooses."""
    kind = change.record.partition(":")[0]
    text = change.theirs or ""
    try:
        if change.kind == "added" and change.record == "milestone":
            if not change.fields.get("name", "").strip():
                raise ValidationError("the new row has no milestone name")
            for field in ("planned", "actual"):
                if change.fields.get(field):
                    customer_date(change.fields[field], FIELD_WORDS[field])
            validate_fields({k: change.fields[k] for k in ("name", "owner")
                             if change.fields.get(k)}, MILESTONE_VALIDATORS)
        elif change.kind == "added":
            _statement(text)
        elif change.kind not in ("changed", "conflict"):
            return ""
        elif kind == "milestone":
            values = milestone_values(change.field, text, change.label)
            validate_fields({k: v for k, v in values.items() if k in ("name", "owner")},
                            MILESTONE_VALIDATORS)
        elif kind == "kpi":
            value = kpi_value(change.field, text, change.label)
            if change.field == "name":
                validate_fields({"name": value}, KPI_VALIDATORS)
        elif not text.strip():
            raise ValidationError(f"{change.label}: the customer emptied it (delete it in the "
                                  "Success plan tab if they mean it)")
        else:
            _statement(text)
    except CsdeskError as error:  # said beside the change: without its label again
        return str(error).removeprefix(f"{change.label}: ")
    return ""


def _statement(text: str) -> None:
    try:
        required_block(text, "the statement", STATEMENT_MAX)
    except ValueError as error:
        raise ValidationError(str(error)) from None


FIELD_WORDS = {"planned": "due date", "actual": "actual date"}


class PlanApplier:
    def __init__(self, workspace: Any, plans: Any, critical_path: Any) -> None:
        self.workspace, self.plans, self.critical_path = workspace, plans, critical_path

    def apply(self, account_id: int, accepted: Sequence[Any], today: date, source: str,
              renamed: dict[str, str] | None = None) -> Undo:
        """Apply ``accepted`` (ProposedChange) in one transaction; returns the undo, itself
        one transaction. ``source`` names the document in Activity. ``renamed``, kept by the
        caller between an undo and a redo, maps a deleted record to the one its undo made
        again, so a redo deletes that one."""
        undo: list[Undo] = []
        self.renamed = renamed if renamed is not None else {}
        with self.workspace.snapshot() as session:
            plan = self.plans.get(account_id)
            for change in accepted:
                undo.append(self._apply(session, plan, change, today))
            record(session, account_id=account_id, entity="plan", entity_id=plan.id,
                   action=ActivityAction.UPDATED,
                   summary=f"{len(accepted)} change{'' if len(accepted) == 1 else 's'} from "
                           f"the customer's document of {source}")

        def undo_all() -> None:
            with self.workspace.snapshot():
                for step in reversed(undo):
                    step()

        return undo_all

    def _apply(self, session: Any, plan: Any, change: Any, today: date) -> Undo:
        if change.kind == "added":
            return self._add(plan, change, today)
        kind, _, rest = self.renamed.get(change.record, change.record).partition(":")
        record_id = int(rest)
        if change.kind == "removed":
            return self._remove(session, plan, kind, record_id, change.record)
        text = change.theirs or ""
        if kind == "canvas":
            item = session.get(CanvasItem, record_id)
            if item is None or item.plan_id != plan.id:
                raise CsdeskError(f"“{change.label}” is no longer in the plan")
            old = item.text
            self.plans.update_item(record_id, text=text)
            return lambda: self.plans.update_item(record_id, text=old)
        if kind == "milestone":
            return self._milestone(session, plan, record_id, change, today)
        if kind == "kpi":
            kpi = session.get(Kpi, record_id)
            if kpi is None or kpi.plan_id != plan.id:
                raise CsdeskError(f"{change.label}: no longer in the plan")
            old = {change.field: getattr(kpi, change.field)}
            self.plans.update_kpi(record_id,
                                  **{change.field: kpi_value(change.field, text, change.label)})
            return lambda: self.plans.update_kpi(record_id, **old)
        raise CsdeskError(f"csdesk cannot apply a change to {change.record}")

    def _milestone(self, session: Any, plan: Any, record_id: int, change: Any,
                   today: date) -> Undo:
        milestone = session.get(Milestone, record_id)
        if milestone is None or milestone.plan_id != plan.id:
            raise CsdeskError(f"{change.label}: no longer in the plan")
        values = milestone_values(change.field, change.theirs or "", change.label)
        if "planned" in values:  # the due date: the end of a milestone that spans days
            due = "planned_end_date" if milestone.planned_end_date else "planned_date"
            values[due] = values.pop("planned")
        if values.get("actual_date") is DONE:
            values["actual_date"] = milestone.actual_date or today
        old = {key: getattr(milestone, key) for key in values}
        old_status = milestone.status
        self.critical_path.update_milestone(record_id, **values)
        return lambda: self.critical_path.update_milestone(record_id, **old,
                                                           status=old_status)

    def _add(self, plan: Any, change: Any, today: date) -> Undo:
        if change.record == "milestone":
            fields = change.fields
            values: dict[str, Any] = {"name": fields.get("name", "")}
            if fields.get("owner"):
                values["owner"] = fields["owner"]
            if fields.get("planned"):
                values["planned_date"] = customer_date(fields["planned"], FIELD_WORDS["planned"])
            if fields.get("actual"):
                values["actual_date"] = customer_date(fields["actual"], FIELD_WORDS["actual"])
            made = self.critical_path.add_milestone(plan.id, **values)
            return lambda: self.critical_path.remove_milestone(made.id)
        item = self.plans.add_item(plan.id, CanvasItemKind(change.record), change.theirs or "")
        return lambda: self.plans.remove_item(item.id)

    def _remove(self, session: Any, plan: Any, kind: str, record_id: int,
                record: str) -> Undo:
        renamed = self.renamed

        def made_again(made: Any) -> None:
            renamed[record] = f"{kind}:{made.id}"

        if kind == "milestone":
            milestone = session.get(Milestone, record_id)
            if milestone is None or milestone.plan_id != plan.id:
                return lambda: None  # already gone
            kept = {key: getattr(milestone, key) for key in (
                "name", "description", "planned_date", "planned_end_date", "actual_date",
                "owner", "owner_side", "status", "is_first_value", "exit_criteria", "notes")}
            plan_id = milestone.plan_id
            session.expunge(milestone)  # the service loads it again, with its plan
            self.critical_path.remove_milestone(record_id)
            return lambda: made_again(self.critical_path.add_milestone(plan_id, **kept))
        if kind == "canvas":
            item = session.get(CanvasItem, record_id)
            if item is None or item.plan_id != plan.id:
                return lambda: None
            plan_id, item_kind, text, position = item.plan_id, item.kind, item.text, \
                item.position
            session.expunge(item)  # the service loads it again, with its plan
            self.plans.remove_item(record_id)
            return lambda: made_again(self.plans.add_item(plan_id, item_kind, text, position))
        raise CsdeskError("a KPI is removed in the Success plan tab, with its readings: "
                          "csdesk does not remove one from a document")
