"""What an operation changed: the kinds of record and the accounts it touched.

Every write the app makes reports one of these; each view says which kinds it shows and
refreshes only when a change touches them (and, for an account's screens, that account).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The kinds of record a change can touch; each view shows some of them.
ACCOUNTS = "accounts"  # the account record itself: name, ARR, renewal, owner, stage, …
CONTACTS = "contacts"
PLAN = "plan"  # the success plan canvas, KPIs and their readings, milestones
PATH = "path"  # the onboarding critical path
MEETINGS = "meetings"  # meetings and their action items
RISKS = "risks"
GROWTH = "growth"  # opportunities and product gaps
HEALTH = "health"  # health scores (follow every other change of an account)
SIGNALS = "signals"  # revenue, survey responses, usage readings
QBR = "qbr"  # QBR drafts and documents
SETTINGS = "settings"  # workspace settings: weights, rules, templates, roadmap
KINDS = frozenset({ACCOUNTS, CONTACTS, PLAN, PATH, MEETINGS, RISKS, GROWTH, HEALTH, SIGNALS,
                   QBR, SETTINGS})

# Which service's writes change which kind (the Editor reads it from the method it calls).
KIND_OF_SERVICE = {
    "AccountService": ACCOUNTS, "ContactService": CONTACTS, "PlanService": PLAN,
    "CriticalPathService": PATH, "MeetingService": MEETINGS, "RiskService": RISKS,
    "GrowthService": GROWTH, "HealthService": HEALTH, "SignalService": SIGNALS,
    "DocumentService": QBR, "RenewalService": MEETINGS, "TemplateService": SETTINGS,
    "RoadmapService": SETTINGS, "EarlyWarningService": SETTINGS,
}

# Which kind a record (by its model's name, as the undo snapshots name them) belongs to.
KIND_OF_MODEL = {
    "Account": ACCOUNTS, "Contact": CONTACTS, "SuccessPlan": PLAN, "CanvasItem": PLAN,
    "Kpi": PLAN, "KpiReading": PLAN, "Milestone": PLAN, "Barrier": PATH, "Meeting": MEETINGS,
    "ActionItem": MEETINGS, "Attendee": MEETINGS, "Risk": RISKS, "Opportunity": GROWTH,
    "ProductGap": GROWTH, "FeatureRequest": GROWTH, "QbrSnapshot": QBR, "ArrChange": SIGNALS,
    "SurveyResponse": SIGNALS, "HealthSnapshot": HEALTH, "CriticalPathTemplate": SETTINGS,
    "TemplateStage": SETTINGS, "RoadmapItem": SETTINGS, "WorkspaceSetting": SETTINGS,
    "DismissedProposal": PLAN,
}


@dataclass(frozen=True)
class Changes:
    """``kinds`` changed for ``accounts`` (or for any account when ``book``)."""

    kinds: frozenset[str] = frozenset()
    accounts: frozenset[int] = frozenset()
    book: bool = False

    @classmethod
    def of(cls, account_id: int | None, *kinds: str) -> Changes:
        """A change of ``kinds`` (every kind when none is named) to one account, or to the
        book when ``account_id`` is None."""
        return cls(frozenset(kinds or KINDS),
                   frozenset() if account_id is None else frozenset({account_id}),
                   book=account_id is None)

    @classmethod
    def everything(cls) -> Changes:
        return cls(KINDS, book=True)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.accounts | other.accounts,
                       self.book or other.book)

    def touches(self, kinds: Iterable[str], account_id: int | None = None) -> bool:
        """Whether this change touches any of ``kinds`` (of ``account_id``, if given)."""
        if not self.kinds & frozenset(kinds):
            return False
        return account_id is None or self.book or account_id in self.accounts

    def needs_health(self) -> frozenset[int]:
        """The accounts whose health follows this change (anything but health itself)."""
        return self.accounts if self.kinds - {HEALTH, QBR} else frozenset()


def kind_of_call(call: object) -> str | None:
    """The kind a bound service method changes (``services.plans.update_kpi`` → plan)."""
    owner = getattr(call, "__self__", None)
    return KIND_OF_SERVICE.get(type(owner).__name__) if owner is not None else None
