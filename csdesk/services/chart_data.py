"""Turning tracked paths and KPIs into the plain data the charts draw."""

from __future__ import annotations

from datetime import date

from csdesk.charts.data import CriticalPathChart, KpiChart, PortfolioChart, PortfolioPoint, StageBar
from csdesk.models import Kpi
from csdesk.services.critical_path import PortfolioRow
from csdesk.services.tracking import PathHealth, PathTrack


def describe_ttfv(t: PathTrack) -> str:
    if t.ttfv_days is None:
        return "no first-value stage" if t.first_value_stage is None else "first value: no date"
    kind = "forecast" if t.ttfv_is_forecast else "reached in"
    plan = f" (plan {t.ttfv_planned_days})" if t.ttfv_planned_days is not None else ""
    return f"time to first value {kind} {t.ttfv_days} days{plan}"


def critical_path_chart(account_name: str, t: PathTrack,
                        for_customer: bool = False) -> CriticalPathChart:
    """The path's chart; ``for_customer`` words its status for a customer's document."""
    bars = []
    previous_due = t.kickoff
    previous_finish = t.kickoff
    for s in t.stages:
        stage = s.stage
        planned_start = stage.planned if stage.planned_end else (previous_due or stage.planned)
        if stage.is_renewal:  # a contract date, drawn as a point, not a span since the last stage
            planned_start = stage.due
        actual_start = previous_finish if stage.actual else None
        forecast_start = None
        if s.forecast:
            forecast_start = max(previous_finish or t.today, t.today)
        bars.append(StageBar(
            name=stage.name, state=s.status.value, planned_start=planned_start,
            planned_end=stage.due, actual_start=actual_start, actual_end=stage.actual,
            forecast_start=forecast_start, forecast_end=s.forecast,
            first_value=stage.first_value, late_days=s.late_days,
            forecast_slip_days=s.forecast_slip_days))
        previous_due = stage.due or previous_due
        previous_finish = s.finish or previous_finish
    subtitle = f"{t.health.customer_label if for_customer else t.health.label}: {t.reason}"
    if t.health is not PathHealth.NOT_PLANNED:
        subtitle += f" · {describe_ttfv(t)}"
    return CriticalPathChart(title=f"{account_name}: critical path", today=t.today,
                             stages=bars, kickoff=t.kickoff, renewal=t.renewal,
                             subtitle=subtitle)


def portfolio_chart(rows: list[PortfolioRow], today: date) -> PortfolioChart:
    points = []
    for row in rows:
        t = row.track
        total = len(t.stages) or 1
        reached, upcoming = t.current_stage, t.next_stage
        points.append(PortfolioPoint(
            account=row.account_name, progress=t.done_count / total,
            days_ahead=-t.days_behind, health=t.health.value,
            stage_reached=reached.stage.name if reached else None,
            next_stage=upcoming.stage.name if upcoming else None))
    return PortfolioChart(title=f"Portfolio: where every account is on its path "
                                f"({today.isoformat()})", points=points)


def kpi_chart(kpi: Kpi, start: date | None = None) -> KpiChart:
    readings = [(r.taken_on, float(r.value)) for r in kpi.readings]
    first = start or (readings[0][0] if readings else None)
    return KpiChart(title=kpi.name, unit=kpi.unit, baseline=float(kpi.baseline),
                    target=float(kpi.target), readings=readings, start=first,
                    target_date=kpi.target_date)
