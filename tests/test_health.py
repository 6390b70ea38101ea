"""Health scores: each component from its fact, the weighted mean, bands, weights, history."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from csdesk.errors import ValidationError
from csdesk.services import Services
from csdesk.services.health_score import Band, HealthFacts, band_of, score_health

TODAY = date(2026, 11, 23)


def _component(result, key: str):
    return next(c for c in result.components if c.key == key)


def test_each_component_says_which_fact_it_scored() -> None:
    facts = HealthFacts(kpi_progress=Decimal("0.3"), kpi_expected=Decimal("0.6"),
                        days_since_meeting=41, nps_scores=[9, 3], csat_scores=[4],
                        path_planned=True, path_days_late=10,
                        path_reason="Go-live is 10 days overdue", overdue_actions=3,
                        sentiment=40, sentiment_note="Champion is leaving in January",
                        open_risks=[("Budget cut", "high"), ("Competitor pilot", "medium")])
    result = score_health(facts)
    expected = {
        "adoption": (50, "KPIs 30% of the way to target, 60% expected by now"),
        "engagement": (55, "no meeting in 41 days"),
        "voice": (68, "NPS average 6.0, 1 detractor; CSAT average 4.0 of 5"),
        "path": (70, "Go-live is 10 days overdue"),
        "actions": (40, "3 action items overdue"),
        "sentiment": (40, "Champion is leaving in January"),
        "risks": (30, "2 open risks: Budget cut (high), Competitor pilot (medium)"),
    }
    assert {c.key: (c.score, c.reason) for c in result.components} == expected
    weighted = (50 * 25 + 55 * 20 + 68 * 20 + 70 * 15 + 40 * 10 + 40 * 10 + 30 * 15) / 115
    assert result.score == round(weighted) == 52 and result.band is Band.AT_RISK
    contributions = sum(c.contribution(result.total_weight) for c in result.components)
    assert round(contributions) == result.score


def test_components_without_data_are_left_out_and_say_so() -> None:
    # Adoption 50 (weight 25), engagement 100 (20), actions 100 (10): 55 of 100 weight points
    # have data, enough for a score (day one: tests/test_health_day_one.py).
    result = score_health(HealthFacts(kpi_progress=Decimal("0.5"), days_since_meeting=3))
    assert result.score == round((50 * 25 + 100 * 20 + 100 * 10) / 55) == 77
    assert _component(result, "voice").score is None
    assert _component(result, "path").reason == "no critical path planned"
    assert _component(result, "sentiment").reason == "not set"
    assert _component(result, "engagement").contribution(result.total_weight) == Decimal(
        100 * 20) / 55


def test_no_meeting_at_all_is_left_out_of_engagement() -> None:
    engagement = _component(score_health(HealthFacts()), "engagement")
    assert (engagement.score, engagement.reason) == (None, "no meeting yet")


@pytest.mark.parametrize(("score", "band"), [(100, Band.HEALTHY), (70, Band.HEALTHY),
                                             (69, Band.AT_RISK), (40, Band.AT_RISK),
                                             (39, Band.UNHEALTHY), (0, Band.UNHEALTHY),
                                             (None, None)])
def test_bands(score, band) -> None:
    assert band_of(score) is band


def test_weights_change_the_score_and_zero_leaves_a_component_out() -> None:
    facts = HealthFacts(days_since_meeting=100, overdue_actions=0)
    even = score_health(facts, {"engagement": 50, "actions": 50})
    assert even.score == 50
    only_actions = score_health(facts, {"engagement": 0, "actions": 10, "adoption": 0,
                                        "voice": 0, "path": 0, "sentiment": 0})
    assert only_actions.score == 100
    assert _component(only_actions, "engagement").reason == "weight 0: not counted"


def test_weights_are_stored_and_checked(services: Services) -> None:
    assert services.health.weights()["adoption"] == 25
    services.health.set_weights({"adoption": 40, "sentiment": 0})
    assert services.health.weights()["adoption"] == 40
    with pytest.raises(ValidationError, match="0 to 100"):
        services.health.set_weights({"voice": 150})
    with pytest.raises(ValidationError, match="at least one"):
        services.health.set_weights({k: 0 for k in services.health.weights()})


def test_a_sentiment_needs_a_note(services: Services) -> None:
    account = services.accounts.create(name="Acme")
    with pytest.raises(ValidationError, match="needs a note"):
        services.health.set_sentiment(account.id, 30, "  ", TODAY)
    services.health.set_sentiment(account.id, 30, "Budget cuts announced", TODAY)
    explained = services.health.explain(account.id, TODAY)
    assert _component(explained, "sentiment").reason == "Budget cuts announced"


def test_scores_from_the_workspace_and_their_history(services: Services) -> None:
    account = services.accounts.create(name="Acme")
    services.meetings.create(account.id, title="Kick-off", held_on=TODAY - timedelta(days=50))
    services.meetings.add_action(account.id, text="Send it", due_date=TODAY - timedelta(days=2))
    services.signals.add_response(account.id, kind="nps", score=10,
                                  responded_on=TODAY - timedelta(days=10))
    services.signals.add_response(account.id, kind="nps", score=2,
                                  responded_on=TODAY - timedelta(days=400))  # too old to count
    plan = services.plans.get(account.id)
    kpi = services.plans.add_kpi(plan.id, name="Leads", baseline=100, target=200,
                                 target_date=TODAY + timedelta(days=100))
    services.plans.record_reading(kpi.id, TODAY - timedelta(days=5), 150)
    explained = {c.key: (c.score, c.reason) for c in
                 services.health.explain(account.id, TODAY).components}
    assert explained["engagement"] == (35, "no meeting in 50 days")
    assert explained["voice"] == (100, "NPS average 10.0")
    assert explained["actions"] == (75, "1 action item overdue")
    assert explained["adoption"][1].startswith("KPIs 50% of the way to target")
    assert services.health.refresh(TODAY) == 1
    first = services.accounts.get(account.id).health_score
    assert services.health.refresh(TODAY) == 0  # unchanged: no new snapshot
    services.meetings.create(account.id, title="Check-in", held_on=TODAY)
    services.health.refresh(TODAY + timedelta(days=1))
    history = services.health.history(account.id)
    assert [h.taken_on for h in history] == [TODAY, TODAY + timedelta(days=1)]
    assert history[0].score == first and history[1].score > first
    assert history[1].components[1]["reason"] == "last meeting yesterday"
