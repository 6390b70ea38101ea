"""The plain data each chart is drawn from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class StageBar:
    name: str
    state: str  # done_on_time, done_late, overdue, due, upcoming, skipped, not_planned
    planned_start: date | None
    planned_end: date | None  # the due date
    actual_start: date | None = None
    actual_end: date | None = None
    forecast_start: date | None = None
    forecast_end: date | None = None
    first_value: bool = False
    late_days: int | None = None  # days late (open) or done late (finished)
    forecast_slip_days: int | None = None  # forecast − due date: an estimate


@dataclass(frozen=True)
class CriticalPathChart:
    title: str
    today: date
    stages: list[StageBar]
    kickoff: date | None = None
    renewal: date | None = None
    subtitle: str = ""


@dataclass(frozen=True)
class PortfolioPoint:
    account: str
    progress: float  # share of stages done, 0..1
    days_ahead: int  # positive: ahead of plan; negative: behind
    health: str  # on_track, at_risk, off_track, not_planned
    stage_reached: str | None = None
    next_stage: str | None = None


@dataclass(frozen=True)
class PortfolioChart:
    title: str
    points: list[PortfolioPoint] = field(default_factory=list)


@dataclass(frozen=True)
class KpiChart:
    title: str
    unit: str | None
    baseline: float
    target: float
    readings: list[tuple[date, float]]
    start: date | None = None
    target_date: date | None = None


@dataclass(frozen=True)
class ArrBridgeChart:
    title: str
    currency: str
    start: int  # cents
    expansion: int
    contraction: int
    churned: int
    new: int
    end: int


@dataclass(frozen=True)
class QuarterRates:
    label: str  # 2026Q3
    nrr: float | None  # fractions
    grr: float | None


@dataclass(frozen=True)
class HealthDistributionChart:
    title: str
    scores: list[int]


@dataclass(frozen=True)
class HealthHistoryChart:
    title: str
    points: list[tuple[date, int]]
