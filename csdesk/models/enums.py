"""The domain's closed vocabularies (DOMAIN.md): values are stored, labels are read."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry the words a CSM reads in the app and in documents."""

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())

    @classmethod
    def parse(cls, text: str) -> Self:
        """Accept a value or a label in any case, with spaces, hyphens or underscores."""
        key = "_".join(text.strip().lower().replace("-", " ").replace("/", " ").split())
        for member in cls:
            if key in (member.value, "_".join(member.label.lower().replace("-", " ").split())):
                return member
        aliases = _ALIASES.get(cls, {})
        if key in aliases:
            return cls(aliases[key])
        choices = ", ".join(m.value for m in cls)
        raise ValueError(f"'{text}' is not one of: {choices}")


class Segment(LabelledEnum):
    HIGH_TOUCH = "high_touch"
    LOW_TOUCH = "low_touch"


class LifecycleStage(LabelledEnum):
    FREE_TRIAL = "free_trial"
    ONBOARDING = "onboarding"
    ENGAGEMENT = "engagement"
    ADOPTION = "adoption"
    RENEWAL = "renewal"
    EXPANSION = "expansion"
    CHURNED = "churned"


class AccountStatus(LabelledEnum):
    ACTIVE = "active"
    CHURNED = "churned"


class StakeholderRole(LabelledEnum):
    EXECUTIVE_SPONSOR = "executive_sponsor"
    CHAMPION = "champion"
    POWER_USER = "power_user"
    ADMIN = "admin"
    DECISION_MAKER = "decision_maker"
    DETRACTOR_RISK = "detractor_risk"
    OTHER = "other"


class PlanStatus(LabelledEnum):
    """The construction steps of a success plan, in order."""

    PRE_WORK = "pre_work"
    DISCOVERY = "discovery"
    ASSESSMENT = "assessment"
    MILESTONES = "milestones"
    CRITERIA_AND_MEASURES = "criteria_and_measures"
    CANVAS_COMPLETE = "canvas_complete"
    REVIEW = "review"


class Likelihood(LabelledEnum):
    """Success assessment: the likelihood of success judged against the key criteria."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class CanvasItemKind(LabelledEnum):
    """The canvas sections that are ordered lists of plain statements."""

    OBJECTIVE = "objective"
    CHALLENGE = "challenge"
    BENEFIT = "benefit"
    SUCCESS_CRITERION = "success_criterion"


class Side(LabelledEnum):
    """Whose responsibility: the customer's side or ours."""

    CUSTOMER = "customer"
    OURS = "ours"


class MilestoneStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    SKIPPED = "skipped"


class BarrierKind(LabelledEnum):
    CUSTOMER_CHALLENGE = "customer_challenge"
    OUR_ISSUE = "our_issue"


class MeetingKind(LabelledEnum):
    KICKOFF = "kickoff"
    DISCOVERY = "discovery"
    CHECK_IN = "check_in"
    QBR = "qbr"
    EBR = "ebr"
    ESCALATION = "escalation"
    OTHER = "other"


class SurveyKind(LabelledEnum):
    NPS = "nps"
    CSAT = "csat"


class ArrChangeKind(LabelledEnum):
    NEW = "new"
    EXPANSION = "expansion"
    CONTRACTION = "contraction"
    CHURN = "churn"
    RENEWAL = "renewal"


class ActivityAction(LabelledEnum):
    CREATED = "created"
    UPDATED = "updated"
    ARCHIVED = "archived"
    RESTORED = "restored"
    DELETED = "deleted"
    IMPORTED = "imported"


class RiskKind(LabelledEnum):
    ADOPTION = "adoption"
    CHAMPION_LEFT = "champion_left"
    BUDGET = "budget"
    COMPETITOR = "competitor"
    PRODUCT_GAP = "product_gap"
    SUPPORT_EXPERIENCE = "support_experience"
    SENTIMENT = "sentiment"
    ENGAGEMENT = "engagement"
    ONBOARDING = "onboarding"
    RENEWAL = "renewal"
    OTHER = "other"


class RiskSeverity(LabelledEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class RiskStatus(LabelledEnum):
    OPEN = "open"
    MITIGATING = "mitigating"
    RESOLVED = "resolved"
    REALISED = "realised"

    @property
    def is_open(self) -> bool:
        return self in (RiskStatus.OPEN, RiskStatus.MITIGATING)


class EscalationLevel(LabelledEnum):
    INTERNAL = "internal"
    CUSTOMER = "customer"


class OpportunityKind(LabelledEnum):
    UPSELL = "upsell"
    CROSS_SELL = "cross_sell"
    RENEWAL_UPLIFT = "renewal_uplift"
    REFERRAL = "referral"
    TESTIMONIAL = "testimonial"
    CASE_STUDY = "case_study"

    @property
    def is_commercial(self) -> bool:
        """Up-sell, cross-sell and renewal uplift carry expected ARR; advocacy does not."""
        return self in (OpportunityKind.UPSELL, OpportunityKind.CROSS_SELL,
                        OpportunityKind.RENEWAL_UPLIFT)


class OpportunityStage(LabelledEnum):
    IDENTIFIED = "identified"
    QUALIFIED = "qualified"
    PROPOSED = "proposed"
    WON = "won"
    LOST = "lost"

    @property
    def is_open(self) -> bool:
        return self not in (OpportunityStage.WON, OpportunityStage.LOST)


class FeedbackKind(LabelledEnum):
    FEATURE_REQUEST = "feature_request"
    PRODUCT_FEEDBACK = "product_feedback"


_LABELS: dict[LabelledEnum, str] = {
    Segment.HIGH_TOUCH: "High-touch",
    Segment.LOW_TOUCH: "Low-touch",
    StakeholderRole.CHAMPION: "Internal champion",
    PlanStatus.PRE_WORK: "Pre-work & kick-off",
    PlanStatus.DISCOVERY: "Discovery session",
    PlanStatus.ASSESSMENT: "Success assessment",
    PlanStatus.MILESTONES: "Milestones and action plan",
    PlanStatus.CRITERIA_AND_MEASURES: "Success criteria and measures",
    PlanStatus.CANVAS_COMPLETE: "Canvas complete",
    PlanStatus.REVIEW: "Success plan review",
    CanvasItemKind.OBJECTIVE: "Objective",
    CanvasItemKind.CHALLENGE: "Key challenge",
    CanvasItemKind.BENEFIT: "Key benefit",
    CanvasItemKind.SUCCESS_CRITERION: "Success criterion",
    Side.OURS: "Our side",
    Side.CUSTOMER: "Customer side",
    BarrierKind.CUSTOMER_CHALLENGE: "Customer challenge",
    BarrierKind.OUR_ISSUE: "Our issue",
    MeetingKind.KICKOFF: "Kick-off",
    MeetingKind.CHECK_IN: "Check-in",
    MeetingKind.QBR: "QBR",
    MeetingKind.EBR: "EBR",
    SurveyKind.NPS: "NPS",
    SurveyKind.CSAT: "CSAT",
    ArrChangeKind.NEW: "New business",
    RiskKind.CHAMPION_LEFT: "Champion left",
    RiskKind.PRODUCT_GAP: "Product gap",
    RiskKind.SUPPORT_EXPERIENCE: "Support experience",
    RiskStatus.REALISED: "Realised (it happened)",
    EscalationLevel.INTERNAL: "Raised internally",
    EscalationLevel.CUSTOMER: "Raised with the customer",
    OpportunityKind.UPSELL: "Up-sell",
    OpportunityKind.CROSS_SELL: "Cross-sell",
    OpportunityKind.RENEWAL_UPLIFT: "Renewal uplift",
}

_ALIASES: dict[type, dict[str, str]] = {
    Segment: {"enterprise": "high_touch", "high": "high_touch", "low": "low_touch",
              "self_service": "low_touch", "professional": "low_touch"},
    LifecycleStage: {"trial": "free_trial"},
    StakeholderRole: {"sponsor": "executive_sponsor", "internal_champion": "champion"},
}
