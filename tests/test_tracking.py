"""Critical-path arithmetic on hand-worked cases: on plan, late, early, missing dates, done."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from csdesk.services.tracking import PathHealth, Stage, StageStatus, measure_pace, track

KICKOFF = date(2026, 1, 5)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def test_on_plan() -> None:
    stages = [Stage(1, "Set-up", d(1, 12), actual=d(1, 12)),
              Stage(2, "Oriented", d(1, 19), actual=d(1, 19)),
              Stage(3, "Initial value", d(3, 2), first_value=True)]
    t = track(KICKOFF, stages, today=d(2, 1))
    assert [s.status for s in t.stages] == [StageStatus.DONE_ON_TIME, StageStatus.DONE_ON_TIME,
                                            StageStatus.UPCOMING]
    assert t.pace == 1.0
    assert t.stages[2].forecast == d(3, 2) and t.stages[2].slip_days == 0
    assert (t.ttfv_days, t.ttfv_planned_days, t.ttfv_is_forecast) == (56, 56, True)
    assert (t.health, t.reason) == (PathHealth.ON_TRACK, "2 of 3 stages done, on plan")


def test_late_account_is_forecast_at_its_pace_and_off_track() -> None:
    # Set-up took 14 days instead of 7: pace 2.0. Oriented (due day 14) is not done on day 28.
    stages = [Stage(1, "Set-up", d(1, 12), actual=d(1, 19)),
              Stage(2, "Oriented", d(1, 19)),
              Stage(3, "Initial value", d(3, 2), first_value=True)]
    t = track(KICKOFF, stages, today=d(2, 2))
    set_up, oriented, value = t.stages
    assert (set_up.status, set_up.slip_days) == (StageStatus.DONE_LATE, 7)
    assert t.pace == 2.0
    assert (oriented.status, oriented.forecast, oriented.slip_days) == (
        StageStatus.OVERDUE, d(2, 2), 14)
    assert (value.forecast, value.slip_days) == (KICKOFF + timedelta(days=112), 56)
    assert t.ttfv_days == 112 and t.ttfv_is_forecast
    assert t.health is PathHealth.OFF_TRACK
    assert t.reason == "first value (Initial value) forecast 2026-04-27, 56 days after plan"


def test_overdue_beyond_two_weeks_is_off_track_within_is_at_risk() -> None:
    stages = [Stage(1, "Set-up", d(1, 12)), Stage(2, "Go-live", d(6, 1))]
    at_risk = track(KICKOFF, stages, today=d(1, 20))
    assert at_risk.health is PathHealth.AT_RISK
    assert at_risk.reason == "Set-up is 8 days overdue"
    off = track(KICKOFF, stages, today=d(2, 1))
    assert (off.health, off.reason) == (PathHealth.OFF_TRACK, "Set-up is 20 days overdue")


def test_early_account_is_forecast_early_but_never_before_today() -> None:
    stages = [Stage(1, "Set-up", d(1, 19), actual=d(1, 12)),  # 7 days for 14 planned: 0.5
              Stage(2, "Active", d(2, 2)),
              Stage(3, "Full speed", d(3, 16))]
    t = track(KICKOFF, stages, today=d(1, 14))
    assert t.pace == 0.5
    assert (t.stages[0].status, t.stages[0].slip_days) == (StageStatus.DONE_ON_TIME, -7)
    assert t.stages[1].forecast == d(1, 19) and t.stages[1].slip_days == -14
    assert t.stages[2].forecast == KICKOFF + timedelta(days=35)
    assert t.health is PathHealth.ON_TRACK
    late_today = track(KICKOFF, stages, today=d(1, 30))
    assert late_today.stages[1].forecast == d(1, 30)  # not in the past


def test_forecasts_keep_the_stage_order() -> None:
    stages = [Stage(1, "A", d(1, 12), actual=d(1, 26)),  # pace 3.0
              Stage(2, "B", d(1, 13)), Stage(3, "C", d(1, 14))]
    forecasts = [s.forecast for s in track(KICKOFF, stages, today=d(1, 27)).stages[1:]]
    assert forecasts == sorted(forecasts)


def test_a_span_stage_is_due_at_its_end() -> None:
    stages = [Stage(1, "Achievement", d(3, 30), planned_end=d(12, 28))]
    t = track(KICKOFF, stages, today=d(6, 1))
    assert t.stages[0].status is StageStatus.UPCOMING


def test_missing_dates() -> None:
    none_planned = track(KICKOFF, [Stage(1, "Set-up", None)], today=d(2, 1))
    assert none_planned.health is PathHealth.NOT_PLANNED
    assert none_planned.stages[0].status is StageStatus.NOT_PLANNED
    no_kickoff = track(None, [Stage(1, "Set-up", d(1, 12))], today=d(2, 1))
    assert (no_kickoff.health, no_kickoff.reason) == (
        PathHealth.NOT_PLANNED, "No kick-off date or planned dates yet")
    empty = track(KICKOFF, [], today=d(2, 1))
    assert empty.reason == "No critical path yet"
    mixed = track(KICKOFF, [Stage(1, "Set-up", d(1, 12), actual=d(1, 12)),
                            Stage(2, "Custom", None)], today=d(2, 1))
    assert mixed.stages[1].status is StageStatus.NOT_PLANNED and mixed.stages[1].forecast is None


def test_all_done() -> None:
    stages = [Stage(1, "Set-up", d(1, 12), actual=d(1, 14)),
              Stage(2, "Initial value", d(3, 2), actual=d(2, 20), first_value=True)]
    t = track(KICKOFF, stages, today=d(6, 1))
    assert (t.health, t.reason) == (PathHealth.ON_TRACK, "all 2 stages done")
    assert (t.ttfv_days, t.ttfv_is_forecast) == (46, False)
    assert t.renewal_forecast is None and t.next_stage is None


def test_first_value_reached_is_said() -> None:
    stages = [Stage(1, "Initial value", d(3, 2), actual=d(2, 23), first_value=True),
              Stage(2, "Renewal", d(12, 28))]
    t = track(KICKOFF, stages, today=d(3, 10))
    assert t.reason == "1 of 2 stages done; first value reached in 49 days"


def test_the_path_ending_after_renewal_is_at_risk() -> None:
    stages = [Stage(1, "Set-up", d(1, 12), actual=d(1, 26)),  # pace 3
              Stage(2, "Full speed", d(3, 16))]
    t = track(KICKOFF, stages, today=d(1, 27), renewal=d(6, 1))
    assert t.health is PathHealth.AT_RISK and "after the renewal on 2026-06-01" in t.reason


def test_skipped_stages_count_as_passed() -> None:
    stages = [Stage(1, "Optional", d(1, 12), skipped=True), Stage(2, "Go-live", d(3, 1))]
    t = track(KICKOFF, stages, today=d(2, 1))
    assert t.stages[0].status is StageStatus.SKIPPED and t.health is PathHealth.ON_TRACK


@given(st.lists(st.tuples(st.integers(1, 400), st.one_of(st.none(), st.integers(-30, 60))),
                min_size=1, max_size=30),
       st.integers(0, 500))
def test_invariants(offsets, today_offset) -> None:
    stages = []
    for number, (planned, late) in enumerate(sorted(offsets, key=lambda o: o[0]), start=1):
        due = KICKOFF + timedelta(days=planned)
        actual = None if late is None else due + timedelta(days=late)
        stages.append(Stage(number, f"S{number}", due, actual=actual))
    today = KICKOFF + timedelta(days=today_offset)
    t = track(KICKOFF, stages, today)
    forecasts = [s.forecast for s in t.stages if s.forecast]
    assert forecasts == sorted(forecasts)
    assert all(f >= today for f in forecasts)
    for s in t.stages:
        assert (s.forecast is None) == s.status.is_done
        if s.status is StageStatus.OVERDUE:
            assert s.slip_days >= (today - s.stage.due).days > 0
    pace = measure_pace(KICKOFF, stages, today)
    assert pace is None or 0.25 <= pace <= 10
