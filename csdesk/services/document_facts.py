"""The one set of facts a document is written from.

Every sentence, table and chart of one document (and the snapshot kept at its export) is
derived from a single `DocumentFacts`, read in one unit of work (on a server, one snapshot of
the database): the path is tracked once, the account and its plan are read once, so no two
statements of a document can disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from csdesk.errors import NotFoundError
from csdesk.models import (
    Account,
    AccountStatus,
    ActionItem,
    Attendee,
    Kpi,
    Meeting,
    MeetingKind,
    Milestone,
    Opportunity,
    QbrSnapshot,
    Risk,
    RoadmapItem,
    Side,
    SuccessPlan,
)
from csdesk.services.base import Service
from csdesk.services.benchmarks import Benchmark, figures_of
from csdesk.services.critical_path import stage_of
from csdesk.services.renewals import START_RENEWAL_PREFIX
from csdesk.services.tracking import PathTrack, StageTrack, track

if TYPE_CHECKING:
    from csdesk.services.benchmarks import BenchmarkService
    from csdesk.services.health import HealthService

SEVERITY_ORDER = ["critical", "high", "medium", "low"]


@dataclass
class DocumentFacts:
    """What one document knows about one account on one day (detached records)."""

    today: date
    account: Any  # Account, with contacts
    plan: Any  # SuccessPlan, with items, KPIs and readings
    milestones: list[Milestone]  # in path order, beside `track.stages`
    track: PathTrack
    # The action items shared with the customer, by due date: not a risk's mitigation or
    # the CSM's own renewal checkpoint (see `shared_with_customer`).
    actions: list[ActionItem]
    risks: list[Risk] = field(default_factory=list)  # open risks, most severe first
    benchmarks: list[Benchmark] = field(default_factory=list)
    our_attendees: list[str] = field(default_factory=list)  # our people at its meetings
    opportunities: list[Any] = field(default_factory=list)  # open, picked for the QBR first
    last_review: date | None = None  # the last QBR or EBR held before today
    health: Any = None  # HealthScore, for the internal brief only
    # For a review (QBR, brief): read with the rest; empty for a success plan.
    for_review: bool = False
    roadmap: list[RoadmapItem] = field(default_factory=list)  # active, by horizon and title
    # Each quarter's last exported review, newest first: a review compares itself with
    # another quarter's (exporting the same quarter's QBR again re-takes that review).
    reviews_kept: list[QbrSnapshot] = field(default_factory=list)

    @property
    def stages(self) -> list[tuple[StageTrack, Milestone]]:
        return list(zip(self.track.stages, self.milestones, strict=True))

    @property
    def is_churned(self) -> bool:
        return self.account.status is AccountStatus.CHURNED

    @property
    def renewal_ahead(self) -> date | None:
        """The renewal date when it is still to come for a customer who has not left."""
        renewal = self.account.renewal_date
        return renewal if renewal and renewal >= self.today and not self.is_churned else None


class DocumentFactsService(Service):
    def __init__(self, workspace: Any, *, benchmarks: BenchmarkService,
                 health: HealthService) -> None:
        super().__init__(workspace)
        self._benchmarks = benchmarks
        self._health = health

    def gather(self, account_id: int, today: date, *, with_health: bool = False,
               for_review: bool = True) -> DocumentFacts:
        """Read everything a document of ``account_id`` may say, as on ``today``, in one unit
        of work. ``for_review``: also the benchmarks, the roadmap and the last review's
        snapshot (a QBR or its brief); ``with_health``: the health score (the brief)."""
        with self._uow() as session:
            # Every read the same snapshot; inside a transaction already begun (an operation's
            # read) the isolation level can no longer be set: it is that transaction's.
            if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            account = session.scalar(select(Account).where(Account.id == account_id)
                                     .options(selectinload(Account.contacts)))
            if account is None:
                raise NotFoundError(f"no account with id {account_id}")
            plan = session.scalar(
                select(SuccessPlan).where(SuccessPlan.account_id == account_id).options(
                    selectinload(SuccessPlan.items),
                    selectinload(SuccessPlan.kpis).selectinload(Kpi.readings)))
            if plan is None:
                raise NotFoundError(f"account {account_id} has no success plan")
            milestones = list(session.scalars(
                select(Milestone).where(Milestone.plan_id == plan.id)
                .order_by(Milestone.position, Milestone.id)))
            actions = [a for a in session.scalars(select(ActionItem).where(
                ActionItem.account_id == account_id).order_by(ActionItem.due_date,
                                                              ActionItem.id))
                       if shared_with_customer(a)]
            risks = [r for r in session.scalars(select(Risk).where(
                Risk.account_id == account_id).order_by(Risk.detected_on)) if r.status.is_open]
            ours = sorted({a.name for a in session.scalars(
                select(Attendee).join(Meeting).where(Meeting.account_id == account_id,
                                                     Attendee.side == Side.OURS))})
            last_review = session.scalar(select(Meeting.held_on).where(
                Meeting.account_id == account_id,
                Meeting.kind.in_([MeetingKind.QBR, MeetingKind.EBR]),
                Meeting.held_on < today).order_by(Meeting.held_on.desc()).limit(1))
            opportunities = [o for o in sorted(
                session.scalars(select(Opportunity).where(Opportunity.account_id == account_id)
                                .options(selectinload(Opportunity.contact))),
                key=lambda o: (not o.stage.is_open, o.expected_on or date.max, o.id))
                if o.stage.is_open]
            roadmap, reviews_kept, peers = [], [], None
            if for_review:
                roadmap = list(session.scalars(
                    select(RoadmapItem).where(RoadmapItem.active.is_(True))
                    .order_by(RoadmapItem.horizon, RoadmapItem.title)))
                reviews_kept = reviews_kept_of(session, account_id)
                peers = self._benchmarks.read_peers(session, account_id, today)
        # A customer who has left has no renewal ahead: the path is not measured against one.
        renewal = None if account.status is AccountStatus.CHURNED else account.renewal_date
        path = track(plan.kickoff_date, [stage_of(m) for m in milestones], today, renewal)
        risks.sort(key=lambda r: (SEVERITY_ORDER.index(r.severity.value)
                                  if r.severity.value in SEVERITY_ORDER
                                  else len(SEVERITY_ORDER), r.detected_on))
        facts = DocumentFacts(
            today=today, account=account, plan=plan, milestones=milestones, track=path,
            actions=actions, risks=risks, our_attendees=ours, opportunities=opportunities,
            last_review=last_review, for_review=for_review, roadmap=roadmap,
            reviews_kept=reviews_kept)
        if peers is not None:  # the account's own figures from this path and these KPIs
            facts.benchmarks = self._benchmarks.compare(
                peers, figures_of(path, plan.kpis, plan.kickoff_date, today))
        if with_health:
            facts.health = self._health.explain(account_id, today)
        return facts


def reviews_kept_of(session: Session, account_id: int) -> list[QbrSnapshot]:
    """The account's last exported review of each quarter, newest first."""
    newest = (select(QbrSnapshot.quarter, func.max(QbrSnapshot.id).label("id"))
              .where(QbrSnapshot.account_id == account_id)
              .group_by(QbrSnapshot.quarter).subquery())
    return list(session.scalars(select(QbrSnapshot).join(newest, QbrSnapshot.id == newest.c.id)
                                .order_by(QbrSnapshot.taken_at.desc(), QbrSnapshot.id.desc())))


def review_before(kept: list[QbrSnapshot], quarter: str) -> QbrSnapshot | None:
    """The review before ``quarter``'s, of those ``kept``: the newest of another quarter."""
    return next((snapshot for snapshot in kept if snapshot.quarter != quarter), None)


def shared_with_customer(action: ActionItem) -> bool:
    """An action the customer's documents list: not one of a risk's mitigation plan (risks
    are internal) nor the "Start renewal" checkpoint csdesk adds for the CSM."""
    return action.risk_id is None and not action.text.startswith(START_RENEWAL_PREFIX)
