"""The plain data a document is rendered from: what a template's fields can show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Person:
    name: str
    role: str = ""
    title: str = ""


@dataclass
class ContactCard:
    """The CSM who signs a document: from Settings (never a placeholder person)."""

    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    company: str = ""


@dataclass
class KpiLine:
    name: str
    unit: str
    baseline: str
    target: str
    current: str
    progress: str  # "45%" or "—"
    target_date: str


@dataclass
class MilestoneLine:
    name: str
    owner: str
    side: str
    planned: str
    actual: str
    status: str


@dataclass
class ActionLine:
    text: str
    owner: str
    due: str
    done: str = ""


@dataclass
class PlanLine:
    what: str
    owner: str
    when: str


@dataclass
class RoadmapLine:
    title: str
    horizon: str
    description: str = ""


@dataclass
class AccountFacts:
    name: str
    industry: str = ""
    website: str = ""
    employees: str = ""
    offices: str = ""
    founded: str = ""
    edition: str = ""
    arr: str = ""
    contract_start: str = ""
    renewal_date: str = ""
    highlights: str = ""


@dataclass
class PlanDocument:
    """Everything the success-plan template can use."""

    account: AccountFacts
    date: str
    prepared_by: str
    csm: ContactCard
    objectives: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    benefits: list[str] = field(default_factory=list)
    success_criteria: list[str] = field(default_factory=list)
    milestones: list[MilestoneLine] = field(default_factory=list)
    kpis: list[KpiLine] = field(default_factory=list)
    stakeholders: list[Person] = field(default_factory=list)
    path_summary: str = ""
    summary: list[str] = field(default_factory=list)  # the executive summary, page 1
    charts: dict[str, bytes] = field(default_factory=dict)  # name → PNG


@dataclass
class QbrDocument:
    """Everything the QBR template can use: the eight parts of the agenda and what changed."""

    account: AccountFacts
    quarter: str
    date: str
    since: str
    prepared_by: str
    csm: ContactCard
    customer_attendees: list[Person] = field(default_factory=list)
    our_attendees: list[Person] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    kpis: list[KpiLine] = field(default_factory=list)
    actions_done: list[ActionLine] = field(default_factory=list)
    actions_open: list[ActionLine] = field(default_factory=list)
    path_summary: str = ""
    next_milestone: str = ""
    benchmarks: list[str] = field(default_factory=list)
    insights: list[str] = field(default_factory=list)
    roadmap: list[RoadmapLine] = field(default_factory=list)
    plan_90: list[PlanLine] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # the executive summary, page 1
    charts: dict[str, bytes] = field(default_factory=dict)


@dataclass
class HealthLine:
    label: str
    score: str  # "62" or "—" (no data)
    weight: str  # "25%"
    reason: str


@dataclass
class RiskLine:
    title: str
    severity: str
    arr_at_risk: str
    owner: str
    mitigation: str
    escalation: str


@dataclass
class StakeholderLine:
    name: str
    role: str
    title: str
    notes: str


@dataclass
class BriefDocument(QbrDocument):
    """The internal QBR brief: the pre-read's facts and what never goes to the customer."""

    health: str = ""  # "58 (At risk)" or why there is no score
    health_components: list[HealthLine] = field(default_factory=list)
    risks: list[RiskLine] = field(default_factory=list)
    stakeholders: list[StakeholderLine] = field(default_factory=list)  # every contact
    csm_sentiment: str = ""
    likelihood: str = ""  # the success assessment: our judgement, so internal
    assessment: str = ""
    commercials: list[str] = field(default_factory=list)  # ARR, renewal, open opportunities
    customer_summary: list[str] = field(default_factory=list)  # the pre-read's summary
