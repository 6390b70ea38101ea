"""Explainable health scores: pure functions from an account's facts to a 0–100 score.

Each component scores 0–100 from one fact and says which fact; the account's score is the
weighted mean of the components that have data (a component without data is left out, and
says so). Bands: healthy 70+, at risk 40–69, unhealthy below 40.

Day one: an account whose components with data carry fewer than half of the weights is "not
scored yet" (no score, no band), never unhealthy; engagement is not judged before the first
meeting is due (FIRST_MEETING_DAYS after the contract start, or after the account was made).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from csdesk.services.measures import progress

HEALTHY_FROM = 70
AT_RISK_FROM = 40


class Band(StrEnum):
    HEALTHY = "healthy"
    AT_RISK = "at_risk"
    UNHEALTHY = "unhealthy"

    @property
    def label(self) -> str:
        return {"healthy": "Healthy", "at_risk": "At risk", "unhealthy": "Unhealthy"}[self.value]


def band_of(score: int | None) -> Band | None:
    if score is None:
        return None
    return Band.HEALTHY if score >= HEALTHY_FROM else Band.AT_RISK if score >= AT_RISK_FROM \
        else Band.UNHEALTHY


COMPONENTS = {  # key: (label, default weight)
    "adoption": ("Adoption (KPI progress)", 25),
    "engagement": ("Engagement (meetings)", 20),
    "voice": ("NPS and CSAT", 20),
    "path": ("Critical path", 15),
    "actions": ("Overdue actions", 10),
    "sentiment": ("CSM sentiment", 10),
    "risks": ("Open risks", 15),
}
# What an open risk takes off the risks component, by severity.
RISK_PENALTY = {"low": 10, "medium": 25, "high": 45, "critical": 70}
DEFAULT_WEIGHTS = {key: weight for key, (_label, weight) in COMPONENTS.items()}
# Components whose "nothing" is a fact, not missing data: no open risk is left out of the mean
# (so accounts without risks score as before) but does not make an account "not scored yet".
NOTHING_IS_A_FACT = frozenset({"risks"})
# The first meeting is expected this many days after the contract start (or the account's
# creation when it has no contract start); engagement is not judged before then.
FIRST_MEETING_DAYS = 30


def first_meeting_due(contract_start: date | None, created_on: date | None) -> date | None:
    start = contract_start or created_on
    return None if start is None else start + timedelta(days=FIRST_MEETING_DAYS)


@dataclass(frozen=True)
class HealthFacts:
    """What the score is computed from, as of one day."""

    kpi_progress: Decimal | None = None  # mean share of the way from baseline to target, now
    kpi_expected: Decimal | None = None  # where the KPIs should be by now on a straight line
    days_since_meeting: int | None = None
    meetings: int = 0
    nps_scores: list[int] = field(default_factory=list)  # the last 180 days
    csat_scores: list[int] = field(default_factory=list)
    path_planned: bool = False
    path_days_late: int = 0  # the most late open stage's days late (DOMAIN.md)
    path_reason: str = ""
    path_health: str = ""  # on_track, at_risk, off_track: a forecast can put a path at risk
    overdue_actions: int = 0
    sentiment: int | None = None
    sentiment_note: str | None = None
    ttfv_days: int | None = None  # time to first value, actual or forecast (not scored)
    open_risks: list[tuple[str, str]] = field(default_factory=list)  # (title, severity)
    # The first meeting: when it is due (first_meeting_due), and the day these facts are as of.
    as_of: date | None = None
    contract_start: date | None = None
    first_meeting_by: date | None = None


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight: int
    score: int | None  # None: no data, left out of the mean
    reason: str
    lacks_data: bool = False  # left out for want of data (counts against being scored)

    def contribution(self, total_weight: int) -> Decimal | None:
        if self.score is None or not total_weight:
            return None
        return Decimal(self.score * self.weight) / total_weight


@dataclass(frozen=True)
class HealthScore:
    score: int | None
    band: Band | None
    components: list[Component]
    why_not: str = ""  # when score is None: why there is none
    left_book: bool = False  # churned or archived: not scored at all

    @property
    def total_weight(self) -> int:
        """The weight of the components scored."""
        return sum(c.weight for c in self.components if c.score is not None)

    @property
    def possible_weight(self) -> int:
        """The weight of the components scored or waiting for data (not a weight-0 one, nor
        open risks when there is none)."""
        return sum(c.weight for c in self.components if c.score is not None or c.lacks_data)

    @property
    def not_scored_yet(self) -> bool:
        return self.score is None and not self.left_book

    def as_json(self) -> list[dict[str, object]]:
        return [{"key": c.key, "label": c.label, "weight": c.weight, "score": c.score,
                 "reason": c.reason} for c in self.components]


def _adoption(f: HealthFacts) -> tuple[int | None, str]:
    if f.kpi_progress is None:
        return None, "no KPI readings yet"
    progress = max(Decimal(0), f.kpi_progress)
    if f.kpi_expected and f.kpi_expected > 0:
        share = min(Decimal(1), progress / f.kpi_expected)
        return (round(share * 100), f"KPIs {_pct(progress)} of the way to target, "
                                    f"{_pct(f.kpi_expected)} expected by now")
    return round(min(Decimal(1), progress) * 100), f"KPIs {_pct(progress)} of the way to target"


def _engagement(f: HealthFacts) -> tuple[int | None, str]:
    if f.days_since_meeting is None:
        due = f.first_meeting_by
        if due is None or f.as_of is None:
            return None, "no meeting yet"
        if f.as_of <= due:
            return None, f"no meeting yet; first meeting expected by {due.isoformat()}"
        if f.contract_start is not None:
            return 0, f"no meeting since the contract start on {f.contract_start.isoformat()}"
        return 0, f"no meeting yet, expected by {due.isoformat()}"
    days = f.days_since_meeting
    score = 100 if days <= 14 else 80 if days <= 30 else 55 if days <= 45 else \
        35 if days <= 60 else 15 if days <= 90 else 0
    if days > 30:
        return score, f"no meeting in {days} days"
    return score, {0: "last meeting today", 1: "last meeting yesterday"}.get(
        days, f"last meeting {days} days ago")


def _voice(f: HealthFacts) -> tuple[int | None, str]:
    parts, facts = [], []
    if f.nps_scores:
        mean = Decimal(sum(f.nps_scores)) / len(f.nps_scores)
        parts.append(mean * 10)
        detractors = sum(1 for s in f.nps_scores if s <= 6)
        facts.append(f"NPS average {mean:.1f}" + (f", {detractors} detractor"
                                                  + ("s" if detractors > 1 else "")
                                                  if detractors else ""))
    if f.csat_scores:
        mean = Decimal(sum(f.csat_scores)) / len(f.csat_scores)
        parts.append((mean - 1) * 25)
        facts.append(f"CSAT average {mean:.1f} of 5")
    if not parts:
        return None, "no NPS or CSAT response in the last 180 days"
    return round(sum(parts) / len(parts)), "; ".join(facts)


# A path with nothing late yet whose forecast is off plan (first value slipping, the path
# running past the renewal date): scored like a path a couple of weeks late.
FORECAST_PATH_SCORE = {"at_risk": 70, "off_track": 40}


def _path(f: HealthFacts) -> tuple[int | None, str]:
    if not f.path_planned:
        return None, "no critical path planned"
    late = f.path_days_late
    if late <= 0:  # nothing late, but a forecast past plan or the renewal still counts
        return FORECAST_PATH_SCORE.get(f.path_health, 100), f.path_reason or "on plan"
    return max(0, 100 - 3 * late), f.path_reason or f"{late} days late"


def _actions(f: HealthFacts) -> tuple[int | None, str]:
    count = f.overdue_actions
    score = {0: 100, 1: 75, 2: 55, 3: 40, 4: 25}.get(count, 10)
    if count == 0:
        return score, "no action item overdue"
    return score, f"{count} action item{'s' if count > 1 else ''} overdue"


def _sentiment(f: HealthFacts) -> tuple[int | None, str]:
    if f.sentiment is None:
        return None, "not set"
    return f.sentiment, f.sentiment_note or "set by the CSM"


def _risks(f: HealthFacts) -> tuple[int | None, str]:
    if not f.open_risks:
        return None, "no open risk"
    penalty = sum(RISK_PENALTY.get(severity, 25) for _title, severity in f.open_risks)
    named = ", ".join(f"{title} ({severity})" for title, severity in f.open_risks[:3])
    more = f" and {len(f.open_risks) - 3} more" if len(f.open_risks) > 3 else ""
    count = len(f.open_risks)
    return max(0, 100 - penalty), f"{count} open risk{'s' if count > 1 else ''}: {named}{more}"


SCORERS = {"adoption": _adoption, "engagement": _engagement, "voice": _voice, "path": _path,
           "actions": _actions, "sentiment": _sentiment, "risks": _risks}


def score_health(facts: HealthFacts, weights: dict[str, int] | None = None) -> HealthScore:
    """The weighted mean of the components with data, or "not scored yet" (None) when they
    carry fewer than half of the weight of the components that count."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    components = []
    for key, (label, _default) in COMPONENTS.items():
        score, reason = SCORERS[key](facts)
        weight = max(0, int(weights.get(key, 0)))
        if weight == 0:
            score, reason = None, "weight 0: not counted"
        lacks = score is None and weight > 0 and key not in NOTHING_IS_A_FACT
        components.append(Component(key, label, weight, score, reason, lacks))
    counted = [c for c in components if c.score is not None]
    total = sum(c.weight for c in counted)
    possible = total + sum(c.weight for c in components if c.lacks_data)
    if not total:
        return HealthScore(None, None, components, "nothing to score it from yet")
    if 2 * total < possible:
        missing = [c.label for c in components if c.lacks_data]
        return HealthScore(None, None, components,
                           f"no data yet for: {', '.join(missing)}. The components with data "
                           f"carry {total} of {possible} weight points; a score needs at least "
                           "half")
    value = round(Decimal(sum((c.score or 0) * c.weight for c in counted)) / total)
    return HealthScore(value, band_of(value), components)


def left_book_score(facts: HealthFacts, weights: dict[str, int] | None, why: str) -> HealthScore:
    """A churned or archived account: the components as they are, but no score."""
    components = score_health(facts, weights).components
    return HealthScore(None, None, components, why, left_book=True)


def _pct(share: Decimal) -> str:
    return f"{round(share * 100)}%"


def expected_share(start: date | None, target: date | None, today: date) -> Decimal | None:
    """How far along a straight line from start to target date the KPI should be today."""
    if start is None or target is None or target <= start:
        return None
    elapsed = (min(today, target) - start).days
    return max(Decimal(0), Decimal(elapsed) / (target - start).days)


def kpi_progress(kpis: list, kickoff: date | None, today: date
                  ) -> tuple[Decimal | None, Decimal | None]:
    """The mean progress of the KPIs (each with its readings as (date, value)) as of
    ``today``, and the mean progress expected by now (None without a date to expect by)."""
    shares, expected = [], []
    for kpi, readings in kpis:
        current = [value for taken_on, value in readings if taken_on <= today]
        share = progress(kpi.baseline, kpi.target, current[-1] if current else None)
        if share is None:
            continue
        shares.append(share)
        start = kickoff or (kpi.created_at.date() if kpi.created_at else None)
        expect = expected_share(start, kpi.target_date, today)
        if expect is not None:
            expected.append(expect)
    if not shares:
        return None, None
    mean = sum(shares, Decimal(0)) / len(shares)
    return mean, (sum(expected, Decimal(0)) / len(expected) if expected else None)
