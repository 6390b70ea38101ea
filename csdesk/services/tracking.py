"""Progress along the critical path: pure functions over plain data, no database.

Vocabulary (DOMAIN.md): each stage is *due* on its planned date (the end of its span when it
has one). A stage finished after that is *done late*; an unfinished one past it is *overdue*.
*Slippage* is days late (negative: early). *Pace* is how long the account really takes
relative to plan (1.0 = on plan, 1.5 = half again as long), measured on its latest finished
stage and, when it is already behind on the next one, on that too. Remaining stages are
forecast at that pace, never earlier than today, never out of order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

DUE_SOON_DAYS = 7
AT_RISK_SLIP_DAYS = 1
OFF_TRACK_SLIP_DAYS = 14
PACE_RANGE = (0.25, 10.0)


class StageStatus(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"
    SKIPPED = "skipped"
    NOT_PLANNED = "not_planned"

    @property
    def label(self) -> str:
        return {"done_on_time": "Done on time", "done_late": "Done late",
                "overdue": "Overdue", "due": "Due this week", "upcoming": "Upcoming",
                "skipped": "Skipped", "not_planned": "No date"}[self.value]

    @property
    def is_done(self) -> bool:
        return self in (StageStatus.DONE_ON_TIME, StageStatus.DONE_LATE, StageStatus.SKIPPED)


class PathHealth(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_PLANNED = "not_planned"

    @property
    def label(self) -> str:
        return {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track",
                "not_planned": "Not planned"}[self.value]


@dataclass(frozen=True)
class Stage:
    """One stage as stored: planned dates, the actual completion date, and flags."""

    id: int
    name: str
    planned: date | None
    planned_end: date | None = None
    actual: date | None = None
    first_value: bool = False
    skipped: bool = False

    @property
    def due(self) -> date | None:
        return self.planned_end or self.planned


@dataclass(frozen=True)
class StageTrack:
    stage: Stage
    status: StageStatus
    slip_days: int | None  # done: actual - due; overdue: today - due; else forecast - due
    forecast: date | None  # for stages not done: when it will really be done at this pace

    @property
    def finish(self) -> date | None:
        """When the stage was or will be done: actual, else the forecast."""
        return self.stage.actual or self.forecast


@dataclass(frozen=True)
class PathTrack:
    kickoff: date | None
    today: date
    stages: list[StageTrack]
    pace: float | None
    health: PathHealth
    reason: str
    first_value_stage: str | None = None
    ttfv_days: int | None = None  # kick-off to first value, actual or forecast
    ttfv_planned_days: int | None = None
    ttfv_is_forecast: bool = False
    renewal: date | None = None
    renewal_forecast: date | None = None  # when the last stage will be done at this pace
    notes: list[str] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.stages if s.status.is_done)

    @property
    def current_stage(self) -> StageTrack | None:
        """The latest stage reached (done)."""
        done = [s for s in self.stages if s.status.is_done and not s.stage.skipped]
        return done[-1] if done else None

    @property
    def next_stage(self) -> StageTrack | None:
        return next((s for s in self.stages if not s.status.is_done), None)

    @property
    def worst_slip_days(self) -> int:
        """Days behind plan now: the largest slip of an overdue stage or a forecast."""
        slips = [s.slip_days for s in self.stages if s.slip_days is not None
                 and s.status in (StageStatus.OVERDUE, StageStatus.DUE, StageStatus.UPCOMING)]
        return max(slips, default=0)

    @property
    def slip_now_days(self) -> int:
        """Days ahead (negative) or behind (positive) right now: the next stage's slip, or
        the last finished stage's when everything is done."""
        upcoming = self.next_stage
        if upcoming is not None and upcoming.slip_days is not None:
            return upcoming.slip_days
        done = self.current_stage
        return done.slip_days or 0 if done else 0


def _status(stage: Stage, today: date) -> StageStatus:
    if stage.skipped:
        return StageStatus.SKIPPED
    due = stage.due
    if stage.actual is not None:
        return StageStatus.DONE_LATE if due and stage.actual > due else StageStatus.DONE_ON_TIME
    if due is None:
        return StageStatus.NOT_PLANNED
    if due < today:
        return StageStatus.OVERDUE
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return StageStatus.DUE
    return StageStatus.UPCOMING


def measure_pace(kickoff: date, stages: list[Stage], today: date) -> float | None:
    """Actual time over planned time, from kick-off, on the latest finished stage; raised when
    the first unfinished stage is already later than that pace allows."""
    pace = None
    finished = [s for s in stages if s.actual and s.due and not s.skipped]
    if finished:
        latest = max(finished, key=lambda s: (s.actual, s.due))
        planned = (latest.due - kickoff).days
        if planned > 0:
            pace = (latest.actual - kickoff).days / planned
    first_open = next((s for s in stages if s.actual is None and not s.skipped and s.due), None)
    if first_open and first_open.due < today:
        planned = (first_open.due - kickoff).days
        if planned > 0:
            pace = max(pace or 0.0, (today - kickoff).days / planned)
    if pace is None:
        return None
    return min(max(pace, PACE_RANGE[0]), PACE_RANGE[1])


def track(kickoff: date | None, stages: list[Stage], today: date,
          renewal: date | None = None) -> PathTrack:
    """Everything a CSM wants to know about an account's progress along its path."""
    if kickoff is None or not any(s.due for s in stages):
        tracks = [StageTrack(s, _status(s, today), _done_slip(s), None) for s in stages]
        return PathTrack(kickoff, today, tracks, None, PathHealth.NOT_PLANNED,
                         "No kick-off date or planned dates yet" if stages else
                         "No critical path yet", renewal=renewal)
    pace = measure_pace(kickoff, stages, today)
    tracks: list[StageTrack] = []
    floor = today
    for stage in stages:
        status = _status(stage, today)
        if status.is_done or stage.due is None:
            tracks.append(StageTrack(stage, status, _done_slip(stage), None))
            continue
        at_pace = kickoff + timedelta(days=round((stage.due - kickoff).days * (pace or 1.0)))
        forecast = max(at_pace, floor)  # not before today, nor before the stage before it
        floor = forecast
        tracks.append(StageTrack(stage, status, (forecast - stage.due).days, forecast))
    track_ = PathTrack(kickoff, today, tracks, pace, PathHealth.ON_TRACK, "", renewal=renewal)
    return _with_first_value_and_health(track_)


def _done_slip(stage: Stage) -> int | None:
    if stage.actual is None or stage.due is None:
        return None
    return (stage.actual - stage.due).days


def _with_first_value_and_health(t: PathTrack) -> PathTrack:
    first = next((s for s in t.stages if s.stage.first_value), None)
    ttfv = ttfv_planned = None
    forecast_ttfv = False
    if first is not None and t.kickoff is not None:
        finish = first.finish
        ttfv = (finish - t.kickoff).days if finish else None
        forecast_ttfv = first.stage.actual is None
        ttfv_planned = (first.stage.due - t.kickoff).days if first.stage.due else None
    last_finish = max((s.finish for s in t.stages if s.finish), default=None)
    health, reason = _health(t, first)
    return PathTrack(t.kickoff, t.today, t.stages, t.pace, health, reason,
                     first.stage.name if first else None, ttfv, ttfv_planned, forecast_ttfv,
                     t.renewal, last_finish if t.next_stage else None)


def _health(t: PathTrack, first: StageTrack | None) -> tuple[PathHealth, str]:
    total = len(t.stages)
    overdue = [s for s in t.stages if s.status is StageStatus.OVERDUE]
    worst = max(overdue, key=lambda s: s.slip_days or 0, default=None)
    if worst and (worst.slip_days or 0) > OFF_TRACK_SLIP_DAYS:
        return PathHealth.OFF_TRACK, f"{worst.stage.name} is {worst.slip_days} days overdue"
    if first and first.stage.actual is None and first.slip_days is not None \
            and first.slip_days > OFF_TRACK_SLIP_DAYS:
        return PathHealth.OFF_TRACK, (f"first value ({first.stage.name}) forecast "
                                      f"{first.forecast.isoformat()}, {first.slip_days} days "
                                      "after plan")
    renewal_stage = t.stages[-1] if t.stages else None
    if t.renewal and renewal_stage and renewal_stage.forecast and \
            renewal_stage.forecast > t.renewal and renewal_stage is not first:
        return PathHealth.AT_RISK, (f"the path ends {renewal_stage.forecast.isoformat()}, "
                                    f"after the renewal on {t.renewal.isoformat()}")
    if worst:
        return PathHealth.AT_RISK, f"{worst.stage.name} is {worst.slip_days} days overdue"
    if first and first.stage.actual is None and first.slip_days is not None \
            and first.slip_days >= AT_RISK_SLIP_DAYS:
        return PathHealth.AT_RISK, (f"first value ({first.stage.name}) forecast "
                                    f"{first.slip_days} days after plan")
    done = t.done_count
    if done == total:
        return PathHealth.ON_TRACK, f"all {total} stages done"
    if first and first.stage.actual is not None:
        return PathHealth.ON_TRACK, (f"{done} of {total} stages done; first value reached in "
                                     f"{(first.stage.actual - t.kickoff).days} days")
    return PathHealth.ON_TRACK, f"{done} of {total} stages done, on plan"
