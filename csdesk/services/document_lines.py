"""The lines of the customer documents, written from an account's ``DocumentFacts``.

The success plan and the QBR say the same things the same way: dates ("—" for none), the
customer's people (never an internal label), the account's facts, the canvas statements, KPI
lines at each KPI's own precision, a stage's status and the path in one sentence, the insights
for the customer, and the next 90 days (one line a task, "to be agreed" until someone owns it).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from csdesk.documents.canvas import CANVAS_SECTIONS
from csdesk.documents.controls import tracked
from csdesk.models import CanvasItemKind, Kpi, StakeholderRole
from csdesk.services.chart_data import describe_ttfv
from csdesk.services.document_facts import DocumentFacts
from csdesk.services.executive_summary import NEEDS_A_NEW_DATE, TO_BE_AGREED
from csdesk.services.measures import number_text, places_of, progress, progress_text
from csdesk.services.schedule import plural_days
from csdesk.services.tracking import PathHealth, StageStatus
from csdesk.services.validation import format_money

STAKEHOLDER_ORDER = list(StakeholderRole)


def customer_people(contacts: Any) -> list:
    """The customer's people as a customer document names them: by role order, and never
    with an internal label (a contact we see as a detractor risk is not listed)."""
    from csdesk.documents.data import Person

    return [Person(c.name, c.role.label, c.title or "—") for c in sorted(
        contacts, key=lambda c: STAKEHOLDER_ORDER.index(c.role))
        if c.role is not StakeholderRole.DETRACTOR_RISK]


def day_text(value: date | None) -> str:
    return value.isoformat() if value else "—"


def account_facts_of(account: Any):
    """The customer's facts as a customer document shows them: "—" for no value (and no
    renewal date once they have left)."""
    from csdesk.documents.data import AccountFacts
    from csdesk.models import AccountStatus

    churned = account.status is AccountStatus.CHURNED

    def text(value: Any) -> str:
        return str(value) if value not in (None, "") else "—"

    return AccountFacts(
        name=account.name, industry=text(account.industry), website=text(account.website),
        employees=f"{account.employees:,}" if account.employees is not None else "—",
        offices=text(account.offices), founded=text(account.founded),
        edition=text(account.edition),
        arr=format_money(account.arr_cents, account.currency),
        contract_start=day_text(account.contract_start),
        renewal_date=day_text(None if churned else account.renewal_date),
        highlights=account.highlights or "")


def customer_insights(facts: DocumentFacts) -> list[str]:
    """Insights for the customer: the path, time to value, KPIs, the renewal (risks and
    health stay in the internal brief)."""
    track, today = facts.track, facts.today
    lines = []
    for stage in track.stages:
        if stage.status is StageStatus.OVERDUE:
            forecast = f"; {stage.forecast_words()}" if stage.forecast else ""
            lines.append(f"{stage.stage.name} {stage.late_words()}{forecast}.")
    if track.health is not PathHealth.NOT_PLANNED and track.ttfv_days is not None:
        lines.append(describe_ttfv(track).capitalize() + ".")
    for kpi in facts.plan.kpis:
        if not kpi.latest:
            continue
        current, target = kpi_pair(kpi)
        share = progress(kpi.baseline, kpi.target, kpi.latest.value)
        if share is not None and share < 0:
            lines.append(f"{kpi.name} has moved away from its target: now {current}, "
                         f"baseline {kpi_number(kpi, kpi.baseline)}.")
        elif share is not None and share >= 1:
            lines.append(f"{kpi.name} has reached its target ({target}).")
        elif kpi.target_date and kpi.target_date < today:
            lines.append(f"{kpi.name} missed its target date {day_text(kpi.target_date)}: "
                         f"{progress_text(kpi.baseline, kpi.target, kpi.latest.value)} "
                         "of the way.")
    if (renewal := facts.renewal_ahead) is not None:
        days = (renewal - today).days
        lines.append(f"Renewal in {plural_days(days)} ({day_text(renewal)}).")
    return lines


def next_90_days(facts: DocumentFacts) -> list:
    """The next 90 days as the customer reads them: what, who ("to be agreed" until
    someone is named) and when, soonest first; work whose date has passed comes first as
    "needs a new date" (it is not promised for a day already gone); one line per task."""
    from csdesk.documents.data import PlanLine

    today = facts.today
    horizon = today + timedelta(days=90)
    # A stage by its due date, as the milestones table and the summary give it; a late one
    # by its forecast, as the summary says ("was due …, now forecast …").
    steps: list[tuple[str, str | None, date | None]] = [
        (f"Reach {s.stage.name}", m.owner, when)
        for s, m in facts.stages if not s.status.is_done and s.stage.due
        for when in [s.forecast if s.stage.due < today and s.forecast else s.stage.due]
        if when <= horizon]
    steps += [(a.text, a.owner, a.due_date) for a in facts.actions
              if a.done_on is None and (a.due_date is None or a.due_date <= horizon)]
    steps += _opportunity_steps(facts)
    lines: dict[tuple[str, str], tuple[tuple[int, date], PlanLine]] = {}
    for what, owner, when in steps:
        text, who = " ".join(what.casefold().split()), (owner or "").strip()
        passed = when is not None and when < today
        order = (0 if passed else 1 if when else 2, when or date.max)
        line = PlanLine(what, who or TO_BE_AGREED,
                        NEEDS_A_NEW_DATE if passed else day_text(when) if when else TO_BE_AGREED)
        key = (text, who.casefold())
        if key not in lines or order < lines[key][0]:  # the same task once, its soonest
            lines[key] = (order, line)
    # A task with no owner is the same task as one someone owns: listed once, owned.
    owned = {text for text, who in lines if who}
    kept = [item for (text, who), item in lines.items() if who or text not in owned]
    return [line for _order, line in sorted(kept, key=lambda item: item[0])]


def _opportunity_steps(facts: DocumentFacts) -> list[tuple[str, str | None, date | None]]:
    """The open opportunities the CSM picked for the QBR, as go-forward steps."""
    return [(f"{o.kind.label}: {o.title}"
             + (f" ({format_money(o.expected_arr_cents)} ARR)" if o.expected_arr_cents else "")
             + (f"; next step: {o.next_step}" if o.next_step else ""),
             o.contact.name if o.contact else None, o.expected_on)
            for o in facts.opportunities if o.in_qbr]


def next_milestone_text(track: Any) -> str:
    """What follows "Next milestone: " in the documents."""
    if not track.stages:
        return "none yet, as the critical path has not been planned"
    upcoming = track.next_stage
    if upcoming is None:
        return "none, as every stage is done"
    return (f"{upcoming.stage.name}, {upcoming.late_words()}"
            + (f"; {upcoming.forecast_words()}" if upcoming.forecast else ""))


def kpi_number(kpi: Kpi, value: Decimal | None) -> str:
    """A KPI's value at the KPI's own precision (that of its baseline and target)."""
    return number_text(value, kpi.unit, places_of(kpi.baseline, kpi.target))


def kpi_pair(kpi: Kpi) -> tuple[str, str]:
    """(current, target) as the documents write them."""
    return (kpi_number(kpi, kpi.latest.value if kpi.latest else None),
            kpi_number(kpi, kpi.target))


def kpi_line(kpi: Kpi):
    from csdesk.documents.data import KpiLine

    latest = kpi.latest.value if kpi.latest else None
    return KpiLine(tracked(kpi.name, "kpi", kpi.id, "name"), kpi.unit or "",
                   tracked(kpi_number(kpi, kpi.baseline), "kpi", kpi.id, "baseline"),
                   tracked(kpi_number(kpi, kpi.target), "kpi", kpi.id, "target"),
                   kpi_number(kpi, latest),
                   progress_text(kpi.baseline, kpi.target, latest), day_text(kpi.target_date))


def stage_status_text(s: Any) -> str:
    """A stage's status as the customer reads it, with the same days late as everywhere."""
    if s.days_late is not None:
        return f"{plural_days(s.days_late)} late"
    if s.done_late_days is not None:
        return f"Done {plural_days(s.done_late_days)} late"
    return "Done" if s.status is StageStatus.DONE_ON_TIME else s.status.label


def path_sentence(track: Any) -> str:
    """One sentence on the path that agrees with the milestones listed beside it: a path
    with stages but no kick-off date (or no dates) is not called unplanned."""
    if not track.stages:
        return "The critical path has not been planned yet."
    count = len(track.stages)
    done = f"{track.done_count} of {count} {'stage' if count == 1 else 'stages'} done"
    if track.health is PathHealth.NOT_PLANNED:
        dated = any(s.stage.due for s in track.stages)
        return (f"{done}. No kick-off date yet, so no forecast." if dated else
                f"{done}. The stages have no planned dates yet.")
    reason = re.sub(r"^\d+ of \d+ stages? done[,;]?\s*", "", track.reason)
    if track.done_count == count:
        reason = "every stage is done"
    status = track.health.customer_label + (f": {reason}" if reason and reason != "on plan"
                                            else "")
    return f"{done}. {status}. {describe_ttfv(track).capitalize()}."



def canvas_statements(plan: Any) -> dict[str, list[str]]:
    """Each canvas section's statements, in order, by its document field."""
    return {section.field: [tracked(item.text, "canvas", item.id)
                            for item in plan.items_of(CanvasItemKind(section.kind))]
            for section in CANVAS_SECTIONS}
