"""The executive summary on page 1 of the success plan and the QBR: what a customer's VP reads
first. Drafted from the document's own facts (so it cannot disagree with the pages after it):
the objectives and where each stands, each KPI in one line, the top two asks (or, in the
internal brief, the top two risks), the next three milestones and the renewal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from csdesk.services.document_facts import DocumentFacts
from csdesk.services.measures import progress_text
from csdesk.services.schedule import plural_days

TO_BE_AGREED = "to be agreed"  # an owner or a date not yet settled with the customer
NEEDS_A_NEW_DATE = "needs a new date"  # work whose date has passed: never promised for it
NEXT_MILESTONES = 3
TOP_ASKS = 2


def summary_lines(facts: DocumentFacts, plan_90: list[Any], kpi_text: Any, *,
                  internal: bool = False) -> list[str]:
    """One point per line. ``plan_90`` is the document's own 90-day plan (its asks come from
    it); ``kpi_text(kpi)`` gives a KPI's current value and target as the document shows them."""
    lines = _objectives(facts, kpi_text)
    lines += _asks(plan_90) if not internal else _risks(facts)
    lines += _milestones(facts)
    lines += _renewal(facts)
    return lines


def _objectives(facts: DocumentFacts, kpi_text: Any) -> list[str]:
    from csdesk.models import CanvasItemKind

    kpis = list(facts.plan.kpis)
    lines = []
    for objective in facts.plan.items_of(CanvasItemKind.OBJECTIVE):
        linked = [k for k in kpis if k.objective_id == objective.id]
        stands = "; ".join(_kpi_words(k, kpi_text) for k in linked)
        text = _sentence(objective.text)
        lines.append(f"Objective: {text}" + (f" ({stands})." if stands else "."))
    objective_ids = {o.id for o in facts.plan.items_of(CanvasItemKind.OBJECTIVE)}
    for kpi in kpis:
        if kpi.objective_id is None or kpi.objective_id not in objective_ids:
            lines.append(f"{_kpi_words(kpi, kpi_text)}.")
    return lines


def _sentence(text: str) -> str:
    """The CSM's text without its own closing full stop (the summary adds one)."""
    return " ".join(text.split()).rstrip(" .")


def _kpi_words(kpi: Any, kpi_text: Any) -> str:
    """'Quote time: 3 days against a target of 2 days (40% of the way)', or no reading yet."""
    current, target = kpi_text(kpi)
    if kpi.latest is None:
        return f"{kpi.name}: target {target}, no reading yet"
    share = progress_text(kpi.baseline, kpi.target, kpi.latest.value)
    way = f", {share} of the way from the baseline" if share != "—" else ""
    return f"{kpi.name}: {current} against a target of {target}{way}"


def _asks(plan_90: list[Any]) -> list[str]:
    """What the customer is asked to settle: dates gone by, then owners not yet named."""
    asks = [f"To agree: a new date for “{line.what}”."
            for line in plan_90 if line.when == NEEDS_A_NEW_DATE]
    asks += [f"To agree: who owns “{line.what}”."
             for line in plan_90 if line.owner == TO_BE_AGREED and line.when != NEEDS_A_NEW_DATE]
    return asks[:TOP_ASKS]


def _risks(facts: DocumentFacts) -> list[str]:
    return [f"Risk ({risk.severity.label.lower()}): {risk.title}."
            + (f" Mitigation: {risk.mitigation.splitlines()[0]}" if risk.mitigation
               else " No mitigation plan yet.")
            for risk in facts.risks[:TOP_ASKS]]


def _milestones(facts: DocumentFacts) -> list[str]:
    """The next open stages, soonest first, each with its date and owner."""
    upcoming = sorted((s for s in facts.stages if not s[0].status.is_done and s[0].stage.due),
                      key=lambda s: s[0].stage.due or date.max)[:NEXT_MILESTONES]
    if not facts.track.stages:
        return ["Milestones: the critical path has not been planned yet."]
    if not upcoming:
        undated = [s for s in facts.stages if not s[0].status.is_done]
        return ["Milestones: every stage of the critical path is done."] if not undated else \
            [f"Next milestone: {undated[0][0].stage.name}, date {TO_BE_AGREED}."]
    parts = []
    for stage, milestone in upcoming:
        due = stage.stage.due
        assert due is not None  # upcoming: the stages with a due date
        # Late work: its forecast (as the path and the 90 days say), else it needs a new date.
        when = (f"due {due.isoformat()}" if not stage.days_late else
                f"was due {due.isoformat()}, now forecast {stage.forecast.isoformat()}"
                if stage.forecast else f"was due {due.isoformat()}, {NEEDS_A_NEW_DATE}")
        parts.append(f"{stage.stage.name} ({when}; {milestone.owner or TO_BE_AGREED})")
    label = "Next milestone" if len(parts) == 1 else "Next milestones"
    return [f"{label}: {'; '.join(parts)}."]


def _renewal(facts: DocumentFacts) -> list[str]:
    renewal = facts.renewal_ahead
    if renewal is None:
        return []
    days = (renewal - facts.today).days
    when = "today" if days == 0 else f"in {plural_days(days)}"
    return [f"Renewal: {renewal.isoformat()} ({when})."]
