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
from csdesk.services.base import record
from csdesk.services.executive_summary import TO_BE_AGREED
from csdesk.services.import_dates import parse_any_date

Undo = Callable[[], None]


def customer_date(text: str, what: str) -> date | None:
    """A date as the customer typed it ("30 June 2027", "6/30/2027", "2027-06-30"); blank
    or a dash for none."""
    cleaned = text.strip()
    if cleaned in ("", "—", "-"):
        return None
    try:
        return parse_any_date(cleaned)
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


class PlanApplier:
    def __init__(self, workspace: Any, plans: Any, critical_path: Any) -> None:
        self.workspace, self.plans, self.critical_path = workspace, plans, critical_path

    def apply(self, account_id: int, accepted: Sequence[Any], today: date,
              source: str) -> Undo:
        """Apply ``accepted`` (ProposedChange) in one transaction; returns the undo, itself
        one transaction. ``source`` names the document in Activity."""
        undo: list[Undo] = []
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
        kind, _, rest = change.record.partition(":")
        record_id = int(rest)
        if change.kind == "removed":
            return self._remove(session, plan, kind, record_id)
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
            value: Any = text
            if change.field in ("baseline", "target"):
                value = number_in(text)
                if value is None:
                    raise ValidationError({change.field: f"{change.label}: '{text}' has no "
                                                         "number in it"})
            self.plans.update_kpi(record_id, **{change.field: value})
            return lambda: self.plans.update_kpi(record_id, **old)
        raise CsdeskError(f"csdesk cannot apply a change to {change.record}")

    def _milestone(self, session: Any, plan: Any, record_id: int, change: Any,
                   today: date) -> Undo:
        field, text = change.field, change.theirs or ""
        milestone = session.get(Milestone, record_id)
        if milestone is None or milestone.plan_id != plan.id:
            raise CsdeskError(f"{change.label}: no longer in the plan")
        if field == "owner":
            values: dict[str, Any] = {"owner": None if text == TO_BE_AGREED else text}
        elif field == "name":
            values = {"name": text}
        elif field == "planned":
            due = "planned_end_date" if milestone.planned_end_date else "planned_date"
            values = {due: customer_date(text, change.label)}
        elif field == "actual":
            values = {"actual_date": customer_date(text, change.label)}
        elif field == "status" and text.strip().casefold().startswith("done"):
            values = {"actual_date": milestone.actual_date or today}
        else:
            raise ValidationError({"status": f"{change.label}: '{text}' is not something "
                                             "csdesk can set (write Done, or change the "
                                             "dates)"})
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
                values["planned_date"] = customer_date(fields["planned"], "due date")
            if fields.get("actual"):
                values["actual_date"] = customer_date(fields["actual"], "actual date")
            made = self.critical_path.add_milestone(plan.id, **values)
            return lambda: self.critical_path.remove_milestone(made.id)
        item = self.plans.add_item(plan.id, CanvasItemKind(change.record), change.theirs or "")
        return lambda: self.plans.remove_item(item.id)

    def _remove(self, session: Any, plan: Any, kind: str, record_id: int) -> Undo:
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
            return lambda: self.critical_path.add_milestone(plan_id, **kept)
        if kind == "canvas":
            item = session.get(CanvasItem, record_id)
            if item is None or item.plan_id != plan.id:
                return lambda: None
            plan_id, item_kind, text, position = item.plan_id, item.kind, item.text, \
                item.position
            session.expunge(item)  # the service loads it again, with its plan
            self.plans.remove_item(record_id)
            return lambda: self.plans.add_item(plan_id, item_kind, text, position)
        raise CsdeskError("a KPI is removed in the Success plan tab, with its readings: "
                          "csdesk does not remove one from a document")
