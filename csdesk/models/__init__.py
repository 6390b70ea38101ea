"""SQLAlchemy models of the csdesk workspace. Importing this package registers every table."""

from csdesk.models.account import Account, Contact
from csdesk.models.activity import ActivityEntry
from csdesk.models.base import Base
from csdesk.models.critical_path import Barrier, CriticalPathTemplate, Milestone, TemplateStage
from csdesk.models.document_export import DocumentExport
from csdesk.models.enums import (
    AccountStatus,
    ActivityAction,
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
from csdesk.models.growth import FeatureRequest, Opportunity, ProductGap
from csdesk.models.meeting import ActionItem, Attendee, Meeting
from csdesk.models.peer_figures import PeerFigures
from csdesk.models.plan import CanvasItem, Kpi, KpiReading, SuccessPlan
from csdesk.models.qbr import QbrSnapshot, RoadmapHorizon, RoadmapItem
from csdesk.models.risk import DismissedProposal, Risk
from csdesk.models.settings import WorkspaceSetting
from csdesk.models.signals import ArrChange, HealthSnapshot, SurveyResponse

__all__ = [
    "Account", "AccountStatus", "ActionItem", "ActivityAction", "ActivityEntry", "ArrChange",
    "ArrChangeKind", "Attendee", "Barrier", "BarrierKind", "Base", "CanvasItem", "CanvasItemKind",
    "Contact", "CriticalPathTemplate", "DismissedProposal", "DocumentExport", "EscalationLevel",
    "FeatureRequest", "FeedbackKind", "HealthSnapshot", "Kpi", "KpiReading", "LifecycleStage",
    "Likelihood",
    "Meeting", "MeetingKind", "Milestone", "MilestoneStatus", "Opportunity", "OpportunityKind",
    "OpportunityStage", "PeerFigures", "PlanStatus", "ProductGap", "QbrSnapshot", "Risk",
    "RiskKind", "RiskSeverity", "RiskStatus", "RoadmapHorizon", "RoadmapItem", "Segment", "Side",
    "StakeholderRole", "SuccessPlan", "SurveyKind", "SurveyResponse", "TemplateStage",
    "WorkspaceSetting",
]
