"""Progress along the critical path: pure functions over plain data, no database.

Vocabulary (DOMAIN.md, one meaning everywhere):
- a stage's *due date* is its planned end (a one-day stage or a point milestone: its planned
  date); the planned start is never a due date;
- *days late* (open work only) = today − due date, when positive; work due in the future is
  upcoming, never late;
- *done late* = actual date − due date, when positive;
- the *forecast* is when open work will really finish at the account's pace so far: the pace
  is measured on finished stages only; with none finished there is no pace yet and the
  forecast is the plan shifted by today's lateness. A forecast is never before today, never
  out of order, and is always shown as an estimate, never as "late";
- the *renewal* is a contract date, not a stage to forecast: an open stage named Renewal is
  due on the account's renewal date, and a path that runs past it says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from csdesk.services.schedule import days_late, done_late, plural_days

DUE_SOON_DAYS = 7
AT_RISK_SLIP_DAYS = 1
OFF_TRACK_SLIP_DAYS = 14
# A pace measured on one early stage can be extreme; beyond these it says little more.
PACE_RANGE = (0.5, 3.0)
RENEWAL_STAGE_NAMES = ("renewal", "renewed", "contract renewal")


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
                "overdue": "Late", "due": "Due within 7 days", "upcoming": "Upcoming",
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

    @property
    def customer_label(self) -> str:
        """The same status as a customer reads it: about the schedule, no risk label."""
        return {"on_track": "On plan", "at_risk": "Behind plan", "off_track": "Well behind plan",
                "not_planned": "Not planned yet"}[self.value]


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
        """The due date: the planned end, else the planned date (never the start of a span)."""
        return self.planned_end or self.planned

    @property
    def is_renewal(self) -> bool:
        return self.name.strip().casefold() in RENEWAL_STAGE_NAMES


@dataclass(frozen=True)
class StageTrack:
    stage: Stage
    status: StageStatus
    days_late: int | None = None  # open work past its due date: today − due
    done_late_days: int | None = None  # finished after its due date: actual − due
    forecast: date | None = None  # open work: when it will really be done, an estimate
    forecast_slip_days: int | None = None  # forecast − due (negative: ahead of plan)

    @property
    def finish(self) -> date | None:
        """When the stage was or will be done: actual, else the forecast."""
        return self.stage.actual or self.forecast

    @property
    def late_days(self) -> int | None:
        """Days late (open) or done late (finished): the one lateness figure of a stage."""
        return self.days_late if self.days_late is not None else self.done_late_days

    def late_words(self) -> str:
        """'was due 2026-11-12 and is 19 days late', 'done 3 days late', 'due 2026-12-13'."""
        due = self.stage.due
        if self.days_late is not None and due is not None:
            return f"was due {due.isoformat()} and is {plural_days(self.days_late)} late"
        if self.done_late_days is not None:
            return f"done {plural_days(self.done_late_days)} late"
        if self.stage.actual is not None:
            return "done on time"
        return f"due {due.isoformat()}" if due else "no date"

    def forecast_words(self) -> str:
        """'forecast 2027-01-04, 3 weeks after plan': always labelled as a forecast."""
        if self.forecast is None or self.forecast_slip_days is None:
            return ""
        slip = self.forecast_slip_days
        when = f"forecast {self.forecast.isoformat()}"
        if slip == 0:
            return f"{when}, on plan"
        gap = _weeks_or_days(abs(slip))
        return f"{when}, {gap} {'after' if slip > 0 else 'before'} plan"


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
    renewal: date | None = None  # the contract's renewal date
    path_end_forecast: date | None = None  # when the last open stage will be done (estimate)
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
        """The next milestone: the earliest open stage by due date (path order on a tie)."""
        open_ = [(s.stage.due or date.max, i) for i, s in enumerate(self.stages)
                 if not s.status.is_done]
        return self.stages[min(open_)[1]] if open_ else None

    @property
    def most_late(self) -> StageTrack | None:
        """The open stage furthest past its due date, if any is."""
        late = [s for s in self.stages if s.days_late]
        return max(late, key=lambda s: s.days_late or 0) if late else None

    @property
    def days_late(self) -> int:
        """How late the account's open work is today: the most late stage's days late, or 0."""
        worst = self.most_late
        return worst.days_late or 0 if worst else 0

    @property
    def days_behind(self) -> int:
        """How far behind plan the path is, as its health judges it: its days late, or the
        forecast slip of first value while that is still to come, whichever is more (the
        portfolio chart's height)."""
        first = next((s for s in self.stages if s.stage.first_value), None)
        slip = (first.forecast_slip_days or 0) if first and first.stage.actual is None else 0
        return max(self.days_late, slip)


def _status(stage: Stage, today: date) -> StageStatus:
    if stage.skipped:
        return StageStatus.SKIPPED
    due = stage.due
    if stage.actual is not None:
        return StageStatus.DONE_LATE if done_late(stage.actual, due) else \
            StageStatus.DONE_ON_TIME
    if due is None:
        return StageStatus.NOT_PLANNED
    if due < today:
        return StageStatus.OVERDUE
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return StageStatus.DUE
    return StageStatus.UPCOMING


def measure_pace(kickoff: date, stages: list[Stage]) -> float | None:
    """Actual time over planned time, from kick-off, on the latest finished stage; None until
    a stage is finished (open work is no evidence of pace)."""
    finished = [s for s in stages if s.actual and s.due and not s.skipped and not s.is_renewal
                and s.due > kickoff]
    if not finished:
        return None
    latest = max(finished, key=lambda s: (s.actual, s.due))
    assert latest.actual is not None and latest.due is not None
    pace = max((latest.actual - kickoff).days, 0) / (latest.due - kickoff).days
    return min(max(pace, PACE_RANGE[0]), PACE_RANGE[1])


def track(kickoff: date | None, stages: list[Stage], today: date,
          renewal: date | None = None) -> PathTrack:
    """Everything a CSM wants to know about an account's progress along its path."""
    if kickoff is None or not any(s.due for s in stages):
        tracks = [StageTrack(s, _status(s, today), days_late(s.due, today) if not s.actual
                             and not s.skipped else None, done_late(s.actual, s.due))
                  for s in stages]
        return PathTrack(kickoff, today, tracks, None, PathHealth.NOT_PLANNED,
                         "No kick-off date or planned dates yet" if stages else
                         "No critical path yet", renewal=renewal)
    if renewal is not None:  # an open Renewal stage is due on the contract's renewal date
        stages = [replace(s, planned=renewal, planned_end=None)
                  if s.is_renewal and s.actual is None and not s.skipped else s for s in stages]
    pace = measure_pace(kickoff, stages)
    open_stages = [s for s in stages if s.actual is None and not s.skipped and s.due]
    lateness = max((days_late(s.due, today) or 0 for s in open_stages), default=0)
    tracks = []  # list[StageTrack], as in the early return above
    floor = today
    for stage in stages:
        status = _status(stage, today)
        due = stage.due
        if status.is_done or due is None:
            tracks.append(StageTrack(stage, status, None, done_late(stage.actual, due)))
            continue
        late = days_late(due, today)
        if stage.is_renewal:  # a contract date: never forecast, never moved
            tracks.append(StageTrack(stage, status, late))
            continue
        shifted = due + timedelta(days=lateness)
        if pace is None:
            forecast = shifted
        else:
            at_pace = kickoff + timedelta(days=round((due - kickoff).days * pace))
            forecast = max(at_pace, shifted) if lateness else at_pace
        forecast = max(forecast, floor)  # not before today, nor before the stage before it
        floor = forecast
        tracks.append(StageTrack(stage, status, late, None, forecast, (forecast - due).days))
    track_ = PathTrack(kickoff, today, tracks, pace, PathHealth.ON_TRACK, "", renewal=renewal)
    return _with_first_value_and_health(track_)


def _with_first_value_and_health(t: PathTrack) -> PathTrack:
    first = next((s for s in t.stages if s.stage.first_value), None)
    ttfv = ttfv_planned = None
    forecast_ttfv = False
    if first is not None and t.kickoff is not None:
        finish = first.finish or (first.stage.due if first.stage.actual is None else None)
        ttfv = (finish - t.kickoff).days if finish else None
        forecast_ttfv = first.stage.actual is None
        ttfv_planned = (first.stage.due - t.kickoff).days if first.stage.due else None
    path_end = max((s.forecast for s in t.stages if s.forecast), default=None)
    notes = []
    if t.renewal and first and first.forecast and first.forecast > t.renewal:
        notes.append(f"first value forecast after the renewal date ({t.renewal.isoformat()})")
    elif t.renewal and path_end and path_end > t.renewal:
        notes.append(f"the path is forecast to run past the renewal date "
                     f"({t.renewal.isoformat()})")
    partial = PathTrack(t.kickoff, t.today, t.stages, t.pace, t.health, t.reason,
                        first.stage.name if first else None, ttfv, ttfv_planned, forecast_ttfv,
                        t.renewal, path_end, notes)
    health, reason = _health(partial, first)
    return PathTrack(partial.kickoff, partial.today, partial.stages, partial.pace, health,
                     reason, partial.first_value_stage, ttfv, ttfv_planned, forecast_ttfv,
                     partial.renewal, path_end, notes)


def _health(t: PathTrack, first: StageTrack | None) -> tuple[PathHealth, str]:
    total = len(t.stages)
    worst = t.most_late
    fv_open = first is not None and first.stage.actual is None and \
        first.forecast_slip_days is not None
    if worst and t.days_late > OFF_TRACK_SLIP_DAYS:
        return PathHealth.OFF_TRACK, f"{worst.stage.name} {worst.late_words()}"
    if first and fv_open and t.renewal and first.forecast and first.forecast > t.renewal:
        return PathHealth.OFF_TRACK, (f"first value ({first.stage.name}) forecast "
                                      f"{first.forecast.isoformat()}, after the renewal date "
                                      f"({t.renewal.isoformat()})")
    if first and fv_open and (first.forecast_slip_days or 0) > OFF_TRACK_SLIP_DAYS:
        return PathHealth.OFF_TRACK, f"first value ({first.stage.name}) " \
                                     f"{first.forecast_words()}"
    if t.renewal and t.path_end_forecast and t.path_end_forecast > t.renewal:
        return PathHealth.AT_RISK, (f"the path is forecast to end "
                                    f"{t.path_end_forecast.isoformat()}, after the renewal "
                                    f"date ({t.renewal.isoformat()})")
    if worst:
        return PathHealth.AT_RISK, f"{worst.stage.name} {worst.late_words()}"
    if first and fv_open and (first.forecast_slip_days or 0) >= AT_RISK_SLIP_DAYS:
        return PathHealth.AT_RISK, f"first value ({first.stage.name}) " \
                                   f"{first.forecast_words()}"
    done = t.done_count
    if done == total:
        return PathHealth.ON_TRACK, f"all {total} stages done"
    if first and first.stage.actual is not None and t.kickoff is not None:
        return PathHealth.ON_TRACK, (f"{done} of {total} stages done; first value reached in "
                                     f"{(first.stage.actual - t.kickoff).days} days")
    return PathHealth.ON_TRACK, f"{done} of {total} stages done, on plan"


def _weeks_or_days(days: int) -> str:
    if days >= 14 and days % 7 == 0:
        return f"{days // 7} weeks"
    return plural_days(days)
