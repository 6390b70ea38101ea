"""Critical-path arithmetic on hand-worked cases, to DOMAIN.md's definitions: due date, days
late, done late, forecast (pace from finished stages only), the renewal as a contract date."""

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
    assert t.stages[2].forecast == d(3, 2) and t.stages[2].forecast_slip_days == 0
    assert t.stages[2].days_late is None
    assert (t.ttfv_days, t.ttfv_planned_days, t.ttfv_is_forecast) == (56, 56, True)
    assert (t.health, t.reason) == (PathHealth.ON_TRACK, "2 of 3 stages done, on plan")


def test_late_account_is_forecast_at_its_pace_and_off_track() -> None:
    # Set-up took 14 days instead of 7: pace 2.0. Oriented (due day 14) is not done on day 28.
    stages = [Stage(1, "Set-up", d(1, 12), actual=d(1, 19)),
              Stage(2, "Oriented", d(1, 19)),
              Stage(3, "Initial value", d(3, 2), first_value=True)]
    t = track(KICKOFF, stages, today=d(2, 2))
    set_up, oriented, value = t.stages
    assert (set_up.status, set_up.done_late_days, set_up.days_late) == (
        StageStatus.DONE_LATE, 7, None)
    assert t.pace == 2.0
    # Oriented was due 2026-01-19: on 2026-02-02 it is 14 days late, whatever the forecast.
    assert (oriented.status, oriented.days_late, oriented.forecast) == (
        StageStatus.OVERDUE, 14, d(2, 2))
    assert oriented.late_words() == "was due 2026-01-19 and is 14 days late"
    assert (value.forecast, value.forecast_slip_days, value.days_late) == (
        KICKOFF + timedelta(days=112), 56, None)
    assert value.forecast_words() == "forecast 2026-04-27, 8 weeks after plan"
    assert t.ttfv_days == 112 and t.ttfv_is_forecast
    assert t.health is PathHealth.OFF_TRACK
    assert t.reason == "first value (Initial value) forecast 2026-04-27, 8 weeks after plan"


def test_overdue_beyond_two_weeks_is_off_track_within_is_at_risk() -> None:
    stages = [Stage(1, "Set-up", d(1, 12)), Stage(2, "Go-live", d(6, 1))]
    at_risk = track(KICKOFF, stages, today=d(1, 20))
    assert at_risk.health is PathHealth.AT_RISK
    assert at_risk.reason == "Set-up was due 2026-01-12 and is 8 days late"
    off = track(KICKOFF, stages, today=d(2, 1))
    assert (off.health, off.reason) == (PathHealth.OFF_TRACK,
                                        "Set-up was due 2026-01-12 and is 20 days late")


def test_early_account_is_forecast_early_but_never_before_today() -> None:
    stages = [Stage(1, "Set-up", d(1, 19), actual=d(1, 12)),  # 7 days for 14 planned: 0.5
              Stage(2, "Active", d(2, 2)),
              Stage(3, "Full speed", d(3, 16))]
    t = track(KICKOFF, stages, today=d(1, 14))
    assert t.pace == 0.5
    assert (t.stages[0].status, t.stages[0].done_late_days) == (StageStatus.DONE_ON_TIME, None)
    assert t.stages[1].forecast == d(1, 19) and t.stages[1].forecast_slip_days == -14
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
    assert t.path_end_forecast is None and t.next_stage is None


def test_first_value_reached_is_said() -> None:
    stages = [Stage(1, "Initial value", d(3, 2), actual=d(2, 23), first_value=True),
              Stage(2, "Renewal", d(12, 28))]
    t = track(KICKOFF, stages, today=d(3, 10))
    assert t.reason == "1 of 2 stages done; first value reached in 49 days"


def test_the_path_ending_after_renewal_is_at_risk() -> None:
    stages = [Stage(1, "Set-up", d(1, 12), actual=d(1, 26)),  # pace 3
              Stage(2, "Full speed", d(3, 16))]
    t = track(KICKOFF, stages, today=d(1, 27), renewal=d(6, 1))
    assert t.stages[1].forecast == KICKOFF + timedelta(days=70 * 3)  # 2026-08-03
    assert t.health is PathHealth.AT_RISK
    assert t.reason == ("the path is forecast to end 2026-08-03, after the renewal date "
                        "(2026-06-01)")
    assert t.notes == ["the path is forecast to run past the renewal date (2026-06-01)"]


def test_skipped_stages_count_as_passed() -> None:
    stages = [Stage(1, "Optional", d(1, 12), skipped=True), Stage(2, "Go-live", d(3, 1))]
    t = track(KICKOFF, stages, today=d(2, 1))
    assert t.stages[0].status is StageStatus.SKIPPED and t.health is PathHealth.ON_TRACK


@given(st.lists(st.tuples(st.integers(1, 400), st.one_of(st.none(), st.integers(-30, 60))),
                min_size=1, max_size=30),
       st.integers(0, 500), st.integers(0, 40))
def test_invariants(offsets, today_offset, first_value) -> None:
    stages = []
    for number, (planned, late) in enumerate(sorted(offsets, key=lambda o: o[0]), start=1):
        due = KICKOFF + timedelta(days=planned)
        actual = None if late is None else due + timedelta(days=late)
        stages.append(Stage(number, f"S{number}", due, actual=actual,
                            first_value=number == first_value))
    today = KICKOFF + timedelta(days=today_offset)
    t = track(KICKOFF, stages, today)
    forecasts = [s.forecast for s in t.stages if s.forecast]
    assert forecasts == sorted(forecasts)
    assert all(f >= today for f in forecasts)
    for s in t.stages:
        assert (s.forecast is None) == s.status.is_done
        # Late means open and past its due date, counted from the due date exactly.
        if s.status is StageStatus.OVERDUE:
            assert s.days_late == (today - s.stage.due).days > 0
        else:
            assert s.days_late is None
        if s.stage.actual:
            assert s.done_late_days == (max(0, (s.stage.actual - s.stage.due).days) or None)
    pace = measure_pace(KICKOFF, stages)
    assert pace is None or 0.5 <= pace <= 3.0
    if not any(s.stage.actual for s in t.stages):
        assert pace is None  # no finished stage: no pace yet
    # The portfolio chart's height is -days behind: an account lower on it than two weeks
    # is never called less than Off track; one higher is Off track only when first value is
    # forecast after the renewal.
    assert t.days_behind >= t.days_late
    if t.days_behind > 14:
        assert t.health is PathHealth.OFF_TRACK, (t.days_behind, t.health, t.reason)
    elif t.health is PathHealth.OFF_TRACK:
        assert "after the renewal date" in t.reason, t.reason
    elif t.days_behind > 0:
        assert t.health is PathHealth.AT_RISK, (t.days_behind, t.health, t.reason)


def test_work_due_in_the_future_is_never_late_however_long_ago_it_started() -> None:
    # Achievement runs weeks 12-52: started 2026-03-30, due 2026-12-28. On 2026-11-23 it
    # has been under way for 238 days and is not late: it is upcoming.
    stages = [Stage(1, "Achievement", d(3, 30), planned_end=d(12, 28))]
    t = track(KICKOFF, stages, today=d(11, 23))
    (achievement,) = t.stages
    assert achievement.stage.due == d(12, 28)
    assert (achievement.status, achievement.days_late) == (StageStatus.UPCOMING, None)
    assert achievement.late_words() == "due 2026-12-28"
    assert t.days_late == 0 and t.health is PathHealth.ON_TRACK


def test_done_late_and_on_time_from_the_due_date() -> None:
    stages = [Stage(1, "A", d(1, 12), actual=d(1, 12)),  # on its due date: on time
              Stage(2, "B", d(1, 19), actual=d(1, 18)),  # early: on time
              Stage(3, "C", d(1, 1), planned_end=d(1, 26), actual=d(1, 30))]  # 4 days late
    a, b, c = track(KICKOFF, stages, today=d(2, 1)).stages
    assert [x.done_late_days for x in (a, b, c)] == [None, None, 4]
    assert [x.status for x in (a, b, c)] == [StageStatus.DONE_ON_TIME,
                                             StageStatus.DONE_ON_TIME, StageStatus.DONE_LATE]
    assert c.late_words() == "done 4 days late"


def test_no_finished_stage_means_no_pace_the_plan_shifted_by_todays_lateness() -> None:
    # Nothing finished; Set-up was due 2026-01-12, today is 2026-01-31: 19 days late. The
    # forecast is the plan moved by 19 days, not a pace extrapolated from one late stage.
    stages = [Stage(1, "Set-up", d(1, 12)),
              Stage(2, "Initial value", d(3, 2), first_value=True),
              Stage(3, "Full speed", d(3, 16))]
    t = track(KICKOFF, stages, today=d(1, 31))
    set_up, value, full = t.stages
    assert t.pace is None
    assert set_up.days_late == 19 and set_up.forecast == d(1, 31)  # never before today
    assert (value.forecast, value.forecast_slip_days) == (d(3, 21), 19)
    assert full.forecast == d(4, 4)
    assert t.ttfv_days == (d(3, 21) - KICKOFF).days and t.ttfv_is_forecast
    assert t.days_late == 19 and t.health is PathHealth.OFF_TRACK
    assert t.reason == "Set-up was due 2026-01-12 and is 19 days late"


def test_the_day_after_a_first_value_due_date_it_is_one_day_late_not_hundreds() -> None:
    stages = [Stage(1, "Initial value", d(1, 12), first_value=True)]
    t = track(KICKOFF, stages, today=d(1, 13))
    assert t.stages[0].days_late == 1
    assert t.stages[0].forecast == d(1, 13)
    assert t.ttfv_days == 8 and t.ttfv_planned_days == 7


def test_the_renewal_stage_stays_on_its_contract_date() -> None:
    # A slow account (pace 3) is forecast far out; the Renewal stage is not moved with it.
    stages = [Stage(1, "Set-up", d(1, 12), actual=d(1, 26)),
              Stage(2, "Initial value", d(3, 2), first_value=True),
              Stage(3, "Renewal", d(12, 28))]
    t = track(KICKOFF, stages, today=d(1, 27), renewal=d(12, 28))
    set_up, value, renewal = t.stages
    assert renewal.forecast is None and renewal.stage.due == d(12, 28)
    assert value.forecast == KICKOFF + timedelta(days=56 * 3)  # 2026-06-22
    assert t.path_end_forecast == value.forecast
    late = track(KICKOFF, stages, today=d(1, 27), renewal=d(5, 1))
    assert late.health is PathHealth.OFF_TRACK
    assert late.reason == ("first value (Initial value) forecast 2026-06-22, after the "
                           "renewal date (2026-05-01)")
    assert late.notes == ["first value forecast after the renewal date (2026-05-01)"]


def test_the_next_milestone_is_the_earliest_open_stage_by_due_date() -> None:
    stages = [Stage(1, "Long", d(1, 6), planned_end=d(6, 1)), Stage(2, "Short", d(2, 1))]
    t = track(KICKOFF, stages, today=d(1, 20))
    assert t.next_stage is not None and t.next_stage.stage.name == "Short"
