"""Where one account stands among comparable accounts (same segment), as percentiles.

Peers are never named: only counts, medians and the account's percentile come out.

The peers' time to first value and KPI progress are kept by the health refresh
(`refresh_peer_figures`, in the `peer_figures` table, as of the refresh's day) and read back
here, so a document does not track every comparable account's path again. A peer without
figures of the day asked about (the refresh has not run yet that day) has them computed now,
exactly as the refresh would. The account's own figures are always computed now: a document
gives them from its own facts (the path it tracked, its KPIs), so it cannot disagree with
itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from statistics import median
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.orm import Session

from csdesk.errors import NotFoundError
from csdesk.models import Account, AccountStatus, PeerFigures
from csdesk.services.base import Service

if TYPE_CHECKING:
    from csdesk.services.health import HealthService
    from csdesk.services.tracking import PathTrack

MIN_PEERS = 3
# A customer sees a comparison only against this many comparable customers or more, and only
# for what is theirs to act on: not our internal health score, and no percentile ranking.
CUSTOMER_MIN_PEERS = 5
CUSTOMER_METRICS = {"ttfv_days": ("Time to first value", "{:,.0f} days"),
                    "kpi_progress": ("Progress towards your KPI targets", "{:,.0f}%")}
_CHUNK = 500  # ids per IN (…) when refreshing


@dataclass(frozen=True)
class Benchmark:
    metric: str  # health, ttfv_days, kpi_progress
    label: str
    value: float | None
    percentile: int | None  # share of peers this account does better than, 0–100
    peers: int
    peer_median: float | None
    higher_is_better: bool

    def sentence(self) -> str:
        if self.value is None:
            return f"{self.label}: no value yet for this account"
        if self.percentile is None:
            return f"{self.label}: too few comparable accounts ({self.peers}) to compare"
        return (f"{self.label}: better than {self.percentile}% of {self.peers} comparable "
                f"accounts (their median {self.peer_median:g})")

    def customer_sentence(self) -> str | None:
        """The comparison framed for the customer (their figure against the median of
        comparable customers), or None when it is not one to show them."""
        if self.metric not in CUSTOMER_METRICS or self.value is None or \
                self.peer_median is None or self.peers < CUSTOMER_MIN_PEERS:
            return None
        label, form = CUSTOMER_METRICS[self.metric]
        return (f"{label}: {form.format(self.value)} for you; the median of {self.peers} "
                f"comparable customers is {form.format(self.peer_median)}")


def percentile_of(value: float, others: list[float], higher_is_better: bool) -> int:
    """Share of the others this value beats (ties count half)."""
    if not others:
        return 0
    better = sum(1 for o in others if (value > o if higher_is_better else value < o))
    ties = sum(1 for o in others if o == value)
    return round(100 * (better + ties / 2) / len(others))


@dataclass(frozen=True)
class Figures:
    """One account's figures that peers are compared on."""

    ttfv_days: int | None = None
    kpi_progress: float | None = None  # % of the way to target, one decimal


def figures_of(path: PathTrack, kpis: Iterable[Any], kickoff: date | None,
               today: date) -> Figures:
    """An account's figures from its tracked path and its KPIs (with their readings), as the
    health facts compute them."""
    from csdesk.services.health_score import kpi_progress

    share, _expected = kpi_progress(
        [(kpi, [(r.taken_on, r.value) for r in kpi.readings]) for kpi in kpis], kickoff, today)
    return Figures(path.ttfv_days, _pct(share))


@dataclass
class Peers:
    """The account's segment as read for a comparison: every peer's health score, and the
    time to first value and KPI progress kept for ``today`` (``missing``: peers without)."""

    account_id: int
    today: date
    health: dict[int, int | None]
    figures: dict[int, Figures] = field(default_factory=dict)
    missing: list[int] = field(default_factory=list)


class BenchmarkService(Service):
    def __init__(self, workspace: Any, *, health: HealthService) -> None:
        super().__init__(workspace)
        self._health = health

    def for_account(self, account_id: int, today: date) -> list[Benchmark]:
        """Health, time to first value and KPI progress against the account's segment."""
        with self._uow() as session:
            peers = self.read_peers(session, account_id, today)
        return self.compare(peers)

    def read_peers(self, session: Session, account_id: int, today: date) -> Peers:
        """What ``compare`` needs, in the caller's unit of work: two queries."""
        segment = session.scalar(select(Account.segment).where(Account.id == account_id))
        if segment is None:
            raise NotFoundError(f"no account with id {account_id}")
        rows = session.execute(
            select(Account.id, Account.health_score, PeerFigures.ttfv_days,
                   PeerFigures.kpi_progress, PeerFigures.as_of)
            .outerjoin(PeerFigures, and_(PeerFigures.account_id == Account.id,
                                         PeerFigures.as_of == today))
            .where(Account.segment == segment, Account.status == AccountStatus.ACTIVE,
                   Account.archived_at.is_(None))).all()
        peers = Peers(account_id, today, {})
        for peer_id, score, ttfv, kpi, as_of in rows:
            peers.health[peer_id] = score
            if peer_id == account_id:
                continue
            if as_of is None:
                peers.missing.append(peer_id)
            else:
                peers.figures[peer_id] = Figures(ttfv, kpi)
        if account_id not in peers.health:  # an account outside the book is still placed
            peers.health[account_id] = session.scalar(
                select(Account.health_score).where(Account.id == account_id))
        return peers

    def compare(self, peers: Peers, own: Figures | None = None) -> list[Benchmark]:
        """Place the account among ``peers``; ``own``: its figures, when the caller has them
        (else they are computed now, with those of any peer missing its figures)."""
        account_id, figures = peers.account_id, dict(peers.figures)
        afresh = peers.missing + ([account_id] if own is None else [])
        if afresh:
            facts = self._health._facts(peers.today, afresh)
            figures.update({i: Figures(facts[i].ttfv_days, _pct(facts[i].kpi_progress))
                            if i in facts else Figures() for i in afresh})
        if own is not None:
            figures[account_id] = own
        ids = list(peers.health)
        # metric → (label, higher is better, each account's value)
        measures: dict[str, tuple[str, bool, Mapping[int, float | None]]] = {
            "health": ("Health score", True, peers.health),
            "ttfv_days": ("Time to first value (days)", False,
                          {i: figures[i].ttfv_days for i in ids}),
            "kpi_progress": ("KPI progress (% of the way to target)", True,
                             {i: figures[i].kpi_progress for i in ids}),
        }
        result = []
        for metric, (label, higher, values) in measures.items():
            mine = values.get(account_id)
            others = [float(v) for i, v in values.items() if i != account_id and v is not None]
            enough = len(others) >= MIN_PEERS
            result.append(Benchmark(
                metric, label, None if mine is None else float(mine),
                percentile_of(float(mine), others, higher) if mine is not None and enough
                else None, len(others), float(median(others)) if others else None, higher))
        return result


def refresh_peer_figures(session: Session, today: date, facts: Mapping[int, Any]) -> int:
    """Keep each account's time to first value and KPI progress as of ``today``, from the
    health facts the refresh has just gathered (``HealthService._facts``: account id →
    HealthFacts). Called in the refresh's unit of work, for the accounts it refreshed (all,
    or some); accounts deleted meanwhile are left out. Returns how many rows were kept."""
    ids = list(facts)
    kept: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        session.execute(delete(PeerFigures).where(PeerFigures.account_id.in_(chunk))
                        .execution_options(synchronize_session=False))
        kept += session.scalars(select(Account.id).where(Account.id.in_(chunk)))
    if kept:  # the table's own insert: one executemany (the ORM's splits rows by their Nones)
        session.execute(insert(PeerFigures.__table__), [
            {"account_id": i, "as_of": today, "ttfv_days": facts[i].ttfv_days,
             "kpi_progress": _pct(facts[i].kpi_progress)} for i in kept])
    return len(kept)


def _pct(share: Decimal | None) -> float | None:
    return None if share is None else round(float(share) * 100, 1)
