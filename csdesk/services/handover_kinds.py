"""The kinds of record a handover pack carries: each one's model, its parent, its natural key
and its other references, in dependency order, and what the export reads beyond a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import selectinload

from csdesk.models import (
    ActionItem,
    ArrChange,
    Attendee,
    Barrier,
    CanvasItem,
    Contact,
    CriticalPathTemplate,
    FeatureRequest,
    HealthSnapshot,
    Kpi,
    KpiReading,
    Meeting,
    Milestone,
    Opportunity,
    QbrSnapshot,
    Risk,
    SuccessPlan,
    SurveyResponse,
    TemplateStage,
)

SKIPPED_COLUMNS = {"id", "name_key", "created_at", "updated_at", "version"}


@dataclass(frozen=True)
class Kind:
    """One kind of record in the pack: its parent, its natural key, its other references."""

    name: str
    model: type[Any]  # a model class (each has an id; rows are read and written by name)
    parent: tuple[str, str]  # (foreign key column, kind of the parent)
    key: tuple[str, ...]
    refs: dict[str, str] = field(default_factory=dict)  # foreign key column -> kind


# In dependency order: a record's parent and references come before it.
KINDS: tuple[Kind, ...] = (
    Kind("contacts", Contact, ("account_id", "account"), ("name",)),
    Kind("plans", SuccessPlan, ("account_id", "account"), ()),
    Kind("canvas_items", CanvasItem, ("plan_id", "plans"), ("kind", "text")),
    Kind("kpis", Kpi, ("plan_id", "plans"), ("name",), {"objective_id": "canvas_items"}),
    Kind("kpi_readings", KpiReading, ("kpi_id", "kpis"), ("taken_on",)),
    Kind("milestones", Milestone, ("plan_id", "plans"), ("name",)),
    Kind("barriers", Barrier, ("milestone_id", "milestones"), ("kind", "description")),
    Kind("meetings", Meeting, ("account_id", "account"), ("held_on", "title")),
    Kind("attendees", Attendee, ("meeting_id", "meetings"), ("name",),
         {"contact_id": "contacts"}),
    Kind("risks", Risk, ("account_id", "account"), ("title", "detected_on")),
    Kind("action_items", ActionItem, ("account_id", "account"), ("text", "due_date"),
         {"meeting_id": "meetings", "milestone_id": "milestones", "risk_id": "risks"}),
    Kind("arr_changes", ArrChange, ("account_id", "account"), ("effective_on",)),
    Kind("survey_responses", SurveyResponse, ("account_id", "account"),
         ("kind", "responded_on", "score"), {"contact_id": "contacts"}),
    Kind("health_snapshots", HealthSnapshot, ("account_id", "account"), ("taken_on",)),
    Kind("qbr_snapshots", QbrSnapshot, ("account_id", "account"), ("quarter", "taken_on"),
         {"meeting_id": "meetings"}),
    Kind("opportunities", Opportunity, ("account_id", "account"), ("kind", "title"),
         {"contact_id": "contacts"}),
    # A request's product gap travels by its title (gaps are shared across the workspace).
    Kind("feature_requests", FeatureRequest, ("account_id", "account"),
         ("requested_on", "quote"), {"contact_id": "contacts"}),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}
# What the export reads beyond a row's columns (every relationship is lazy="raise").
LOADS = {SuccessPlan: [selectinload(SuccessPlan.template).selectinload(
             CriticalPathTemplate.stages)], FeatureRequest: [selectinload(FeatureRequest.gap)],
         Milestone: [selectinload(Milestone.stage).selectinload(TemplateStage.template)]}


def columns(model: type) -> list[Any]:
    return list(inspect(model).column_attrs)
