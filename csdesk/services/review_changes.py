"""What changed since an account's last review, as the next QBR says it.

A QBR export keeps a snapshot of its facts (``review_snapshot``: each milestone's dates and
whether it was late, each KPI's latest value, the health score); the next review compares its
own with it (``changes_since``): milestones completed, slipped, added or re-planned later, and
KPIs that moved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from csdesk.services.document_facts import DocumentFacts
from csdesk.services.document_lines import kpi_number
from csdesk.services.tracking import StageStatus


def review_snapshot(facts: DocumentFacts) -> dict[str, Any]:
    """The facts a QBR export keeps for the next review's "what changed"."""
    return {
        "milestones": {str(s.stage.id): {"name": s.stage.name, "planned": _iso(s.stage.due),
                                         "actual": _iso(s.stage.actual),
                                         "overdue": s.status is StageStatus.OVERDUE}
                       for s in facts.track.stages},
        "kpis": {str(k.id): {"name": k.name,
                             "latest": kpi_number(k, k.latest.value) if k.latest else None}
                 for k in facts.plan.kpis},
        "health": facts.account.health_score,
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def changes_since(before: dict[str, Any], taken_on: date, now: dict[str, Any]) -> list[str]:
    """The lines saying what changed from the snapshot ``before`` (kept on ``taken_on``) to
    ``now``; "Nothing has changed." when nothing did."""
    lines = [f"Since the last review ({taken_on.isoformat()}):"]
    for mid, stage in now["milestones"].items():
        old = before.get("milestones", {}).get(mid)
        if old is None:
            lines.append(f"New milestone: {stage['name']}.")
        elif stage["actual"] and not old["actual"]:
            lines.append(f"Milestone completed: {stage['name']} on {stage['actual']}.")
        elif stage["overdue"] and not old["overdue"]:
            lines.append(f"Milestone slipped: {stage['name']} is now late "
                         f"(due {stage['planned']}).")
        elif stage["planned"] and old["planned"] and stage["planned"] > old["planned"]:
            lines.append(f"Milestone re-planned later: {stage['name']} from "
                         f"{old['planned']} to {stage['planned']}.")
    for kid, kpi in now["kpis"].items():
        old = before.get("kpis", {}).get(kid)
        if old and old["latest"] != kpi["latest"] and kpi["latest"] is not None:
            lines.append(f"{kpi['name']}: {old['latest'] or '—'} → {kpi['latest']}.")
    return lines if len(lines) > 1 else lines + ["Nothing has changed."]
