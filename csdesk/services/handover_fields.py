"""The fields of a handover pack's records, by kind, and the check each value must meet: the
rule of the form that edits it (the checks: handover_checks.py), for values that may come from
anyone (see handover_pack.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from csdesk.models.enums import (
    AccountStatus,
    ArrChangeKind,
    BarrierKind,
    CanvasItemKind,
    EscalationLevel,
    FeedbackKind,
    LifecycleStage,
    Likelihood,
    MeetingKind,
    MilestoneStatus,
    OpportunityKind,
    OpportunityStage,
    PlanStatus,
    RiskKind,
    RiskSeverity,
    RiskStatus,
    Segment,
    Side,
    StakeholderRole,
    SurveyKind,
)
from csdesk.services import validation as v
from csdesk.services.handover_checks import (
    Check,
    block,
    cents,
    choice,
    components,
    day,
    exit_criteria,
    flag,
    founded,
    line,
    number,
    qbr_facts,
    quarter,
    stage,
    stamp,
    whole,
    with_text,
)

MAX_POSITION = 100_000  # the order of a canvas item, KPI or milestone


def _currency(value: str | None) -> str:
    if value is None:
        raise ValueError("is required")
    return v.currency(value)


_position = whole(0, MAX_POSITION, required=True)
_arr = cents()  # as the account form: no ARR is 0
# The meeting form takes at most a day, but a calendar import keeps a two-day workshop whole.
_duration = whole(1, 366 * 24 * 60)


@dataclass(frozen=True)
class Field:
    check: Check
    needed: bool = False  # must be in the pack (a column with no default, or a record's key)


def _f(check: Check, needed: bool = False) -> Field:
    return Field(check, needed)


# Every field the export writes, by kind, with the rule of the form that edits it (accounts.py
# ACCOUNT_VALIDATORS, contacts.py, plans.py, critical_path.py, meetings.py, risks.py,
# growth.py, health.py). tests/test_handover_validation.py checks this covers the export.
FIELDS: dict[str, dict[str, Field]] = {
    "account": {
        "name": _f(line(required=True), needed=True), "industry": _f(line(120)),
        "website": _f(with_text(v.website, 300)),
        "employees": _f(whole(0, 10_000_000)), "offices": _f(whole(0, 100_000)),
        "founded": _f(founded), "highlights": _f(block()), "owner": _f(line()),
        "segment": _f(choice(Segment)), "edition": _f(line(120)),
        "lifecycle_stage": _f(choice(LifecycleStage)),
        "arr_cents": _f(lambda x: _arr(x) or 0), "currency": _f(with_text(_currency, 3)),
        "contract_start": _f(day()), "renewal_date": _f(day()),
        "status": _f(choice(AccountStatus)), "health_score": _f(whole(0, 100)),
        "usage_notes": _f(block()), "sentiment": _f(whole(0, 100)),
        "sentiment_note": _f(block(2000)), "sentiment_on": _f(day()),
        "archived_at": _f(stamp()),
    },
    "contacts": {
        "name": _f(line(required=True), True), "role": _f(choice(StakeholderRole)),
        "title": _f(line()), "email": _f(with_text(v.email, 320)), "phone": _f(line(60)),
        "notes": _f(block()),
    },
    "plans": {
        "status": _f(choice(PlanStatus)), "likelihood": _f(choice(Likelihood, nullable=True)),
        "assessment_notes": _f(block()), "kickoff_date": _f(day()),
        "last_reviewed_on": _f(day()), "next_review_on": _f(day()), "template": _f(line()),
    },
    "canvas_items": {
        "kind": _f(choice(CanvasItemKind), True), "position": _f(_position),
        "text": _f(block(5000, required=True), True),
    },
    "kpis": {
        "position": _f(_position), "name": _f(line(required=True), True),
        "unit": _f(line(40)), "baseline": _f(number, True), "target": _f(number, True),
        "target_date": _f(day()), "notes": _f(block()),
    },
    "kpi_readings": {
        "taken_on": _f(day(required=True), True), "value": _f(number, True),
        "note": _f(block()),
    },
    "milestones": {
        "position": _f(_position), "name": _f(line(required=True), True),
        "description": _f(block()), "planned_date": _f(day()),
        "planned_end_date": _f(day()), "actual_date": _f(day()), "owner": _f(line()),
        "owner_side": _f(choice(Side)), "status": _f(choice(MilestoneStatus)),
        "is_first_value": _f(flag), "exit_criteria": _f(exit_criteria),
        "notes": _f(block()), "stage": _f(stage),
    },
    "barriers": {
        "kind": _f(choice(BarrierKind), True), "description": _f(block(5000, True), True),
        "raised_on": _f(day()), "resolved_on": _f(day()),
    },
    "meetings": {
        "kind": _f(choice(MeetingKind)), "title": _f(line(required=True), True),
        "held_on": _f(day(required=True), True), "duration_minutes": _f(_duration),
        "agenda": _f(block()), "notes": _f(block()), "decisions": _f(block()),
        "calendar_uid": _f(line(500)),
    },
    "attendees": {
        "name": _f(line(required=True), True), "side": _f(choice(Side)), "role": _f(line()),
    },
    "risks": {
        "kind": _f(choice(RiskKind)), "severity": _f(choice(RiskSeverity)),
        "status": _f(choice(RiskStatus)), "title": _f(line(required=True), True),
        "description": _f(block()), "arr_at_risk_cents": _f(cents()),
        "detected_on": _f(day(required=True), True), "owner": _f(line()),
        "mitigation": _f(block()), "closed_on": _f(day()), "escalated_on": _f(day()),
        "escalation_level": _f(choice(EscalationLevel, nullable=True)),
        "escalation_people": _f(block()), "rule": _f(line(40)), "fact_key": _f(line()),
    },
    "action_items": {
        "text": _f(block(5000, required=True), True), "owner": _f(line()),
        "owner_side": _f(choice(Side)), "due_date": _f(day()), "done_on": _f(day()),
    },
    "arr_changes": {
        "effective_on": _f(day(required=True), True), "kind": _f(choice(ArrChangeKind), True),
        "arr_cents": _f(cents(required=True), True), "note": _f(block()),
    },
    "survey_responses": {
        "kind": _f(choice(SurveyKind), True), "responded_on": _f(day(required=True), True),
        "score": _f(whole(0, 10, required=True), True), "comment": _f(block()),
    },
    "health_snapshots": {
        "taken_on": _f(day(required=True), True),
        "score": _f(whole(0, 100, required=True), True), "components": _f(components),
    },
    "qbr_snapshots": {
        "quarter": _f(quarter, True), "taken_on": _f(day(required=True), True),
        "taken_at": _f(stamp(required=True)), "data": _f(qbr_facts, True),
    },
    "opportunities": {
        "kind": _f(choice(OpportunityKind), True), "stage": _f(choice(OpportunityStage)),
        "title": _f(line(required=True), True), "expected_arr_cents": _f(cents()),
        "expected_on": _f(day()), "next_step": _f(block()), "closed_on": _f(day()),
        "in_qbr": _f(flag), "rule": _f(line(40)), "fact_key": _f(line()),
    },
    "feature_requests": {
        "kind": _f(choice(FeedbackKind)), "quote": _f(block(5000, required=True), True),
        "requested_on": _f(day(required=True), True), "gap": _f(line(required=True), True),
    },
}

# Two records that the database keeps unique: (kind, fields that must differ within a parent).
UNIQUE_PER_PARENT = {"arr_changes": ("effective_on",), "health_snapshots": ("taken_on",),
                     "kpi_readings": ("taken_on",), "meetings": ("calendar_uid",)}
