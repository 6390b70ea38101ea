"""The one set of facts a document is written from.

Every sentence, table and chart of one document (and the snapshot kept at its export) is
derived from a single `DocumentFacts`, read in one pass: the path is tracked once, the
account and its plan are read once, so no two statements of a document can disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from csdesk.models import (
    Account,
    ActionItem,
    Attendee,
    Meeting,
    MeetingKind,
    Milestone,
    Risk,
    Side,
)
from csdesk.services.base import Service
from csdesk.services.benchmarks import Benchmark, BenchmarkService
from csdesk.services.critical_path import stage_of
from csdesk.services.tracking import PathTrack, StageTrack, track


@dataclass
class DocumentFacts:
    """What one document knows about one account on one day (detached records)."""

    today: date
    account: Any  # Account, with contacts
    plan: Any  # SuccessPlan, with items, KPIs and readings
    milestones: list[Milestone]  # in path order, beside `track.stages`
    track: PathTrack
    actions: list[ActionItem]  # every action item, by due date
    risks: list[Risk] = field(default_factory=list)  # open risks, most severe first
    benchmarks: list[Benchmark] = field(default_factory=list)
    our_attendees: list[str] = field(default_factory=list)  # our people at its meetings
    opportunities: list[Any] = field(default_factory=list)  # open, picked for the QBR first
    last_review: date | None = None  # the last QBR or EBR held before today
    health: Any = None  # HealthScore, for the internal brief only

    @property
    def stages(self) -> list[tuple[StageTrack, Milestone]]:
        return list(zip(self.track.stages, self.milestones, strict=True))

    @property
    def is_churned(self) -> bool:
        from csdesk.models import AccountStatus

        return self.account.status is AccountStatus.CHURNED

    @property
    def renewal_ahead(self) -> date | None:
        """The renewal date when it is still to come for a customer who has not left."""
        renewal = self.account.renewal_date
        return renewal if renewal and renewal >= self.today and not self.is_churned else None


class DocumentFactsService(Service):
    def gather(self, account_id: int, today: date, *, with_health: bool = False
               ) -> DocumentFacts:
        """Read everything a document of ``account_id`` may say, as on ``today``."""
        from csdesk.services.accounts import AccountService
        from csdesk.services.growth import GrowthService
        from csdesk.services.plans import PlanService

        plan = PlanService(self._workspace).get(account_id)
        with self._uow() as session:
            account = session.scalar(select(Account).where(Account.id == account_id)
                                     .options(selectinload(Account.contacts)))
            if account is None:
                AccountService(self._workspace).get(account_id)  # raises the usual message
            milestones = list(session.scalars(
                select(Milestone).where(Milestone.plan_id == plan.id)
                .order_by(Milestone.position, Milestone.id)))
            actions = list(session.scalars(select(ActionItem).where(
                ActionItem.account_id == account_id).order_by(ActionItem.due_date,
                                                              ActionItem.id)))
            risks = [r for r in session.scalars(select(Risk).where(
                Risk.account_id == account_id).order_by(Risk.detected_on)) if r.status.is_open]
            ours = sorted({a.name for a in session.scalars(
                select(Attendee).join(Meeting).where(Meeting.account_id == account_id,
                                                     Attendee.side == Side.OURS))})
            last_review = session.scalar(select(Meeting.held_on).where(
                Meeting.account_id == account_id,
                Meeting.kind.in_([MeetingKind.QBR, MeetingKind.EBR]),
                Meeting.held_on < today).order_by(Meeting.held_on.desc()).limit(1))
        from csdesk.models import AccountStatus

        # A customer who has left has no renewal ahead: the path is not measured against one.
        renewal = None if account.status is AccountStatus.CHURNED else account.renewal_date
        path = track(plan.kickoff_date, [stage_of(m) for m in milestones], today, renewal)
        severity = ["critical", "high", "medium", "low"]
        risks.sort(key=lambda r: (severity.index(r.severity.value)
                                  if r.severity.value in severity else len(severity),
                                  r.detected_on))
        opportunities = [o for o in GrowthService(self._workspace).opportunities(account_id)
                         if o.stage.is_open]
        facts = DocumentFacts(
            today=today, account=account, plan=plan, milestones=milestones, track=path,
            actions=actions, risks=risks,
            benchmarks=BenchmarkService(self._workspace).for_account(account_id, today),
            our_attendees=ours, opportunities=opportunities, last_review=last_review)
        if with_health:
            from csdesk.services.health import HealthService

            facts.health = HealthService(self._workspace).explain(account_id, today)
        return facts
