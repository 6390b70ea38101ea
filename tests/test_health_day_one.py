"""Health on day one (DOMAIN.md): a component without data is left out, an account with fewer
than half of the weights scored is "not scored yet" (never unhealthy), engagement is not judged
before the first meeting is due, and churned or archived accounts leave health figures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from csdesk import clock
from csdesk.services import Services
from csdesk.services.health_score import Band, HealthFacts, score_health
from csdesk.services.portfolio_metrics import dashboard
from tests.conftest import TODAY  # 2026-11-23


def _component(result, key: str):
    return next(c for c in result.components if c.key == key)


def _dashboard(services: Services):
    return dashboard(services.metrics, TODAY, TODAY - timedelta(days=364), TODAY)


def _give_data(services: Services, account_id: int, *, nps: int = 10) -> None:
    """A KPI at its target (adoption 100) and an NPS response: enough data for a score."""
    kpi = services.plans.add_kpi(services.plans.get(account_id).id, name="Active users",
                                 baseline=10, target=50)
    services.plans.record_reading(kpi.id, TODAY - timedelta(days=2), 50)
    services.signals.add_response(account_id, kind="nps", score=nps,
                                  responded_on=TODAY - timedelta(days=1))


# The rule, on plain facts


def test_a_fresh_account_is_not_scored_yet_rather_than_unhealthy() -> None:
    # Before: engagement 0 ("no meeting yet", weight 20) and actions 100 (10) made 33, unhealthy.
    result = score_health(HealthFacts(as_of=TODAY, first_meeting_by=TODAY + timedelta(30)))
    assert (result.score, result.band) == (None, None) and result.not_scored_yet
    engagement = _component(result, "engagement")
    assert (engagement.score, engagement.reason) == (
        None, "no meeting yet; first meeting expected by 2026-12-23")
    assert (result.total_weight, result.possible_weight) == (10, 100)  # open risks: not data
    assert result.why_not == (
        "no data yet for: Adoption (KPI progress), Engagement (meetings), NPS and CSAT, "
        "Critical path, CSM sentiment. The components with data carry 10 of 100 weight "
        "points; a score needs at least half")


def test_the_weighted_mean_leaves_out_the_components_without_data() -> None:
    # Adoption 60 (weight 25), engagement 80 (20), actions 75 (10) have data: 55 of the 100
    # weight points (voice 20, path 15, sentiment 10 have none; no open risk is left out too).
    facts = HealthFacts(kpi_progress=Decimal("0.6"), days_since_meeting=20, overdue_actions=1)
    result = score_health(facts)
    assert (result.total_weight, result.possible_weight) == (55, 100)
    assert result.score == (60 * 25 + 80 * 20 + 75 * 10) / 55 == 70
    assert result.band is Band.HEALTHY
    assert [c.key for c in result.components if c.score is None] == [
        "voice", "path", "sentiment", "risks"]
    assert _component(result, "voice").reason == "no NPS or CSAT response in the last 180 days"
    assert _component(result, "adoption").contribution(55) == Decimal(1500) / 55


def test_fewer_than_half_of_the_weights_is_not_scored_and_half_is() -> None:
    # Engagement 80 (20), actions 75 (10), sentiment 30 (10): 40 of 100, fewer than half.
    # Before, this read (80×20 + 75×10 + 30×10) / 40 = 66, "at risk", from a third of the data.
    sparse = HealthFacts(days_since_meeting=20, overdue_actions=1, sentiment=30)
    result = score_health(sparse)
    assert (result.score, result.band) == (None, None)
    assert result.why_not.startswith("no data yet for: Adoption (KPI progress), NPS and CSAT, "
                                     "Critical path.")
    assert "carry 40 of 100 weight points" in result.why_not
    # Exactly half: engagement 80 (20), actions 75 (10), NPS 7 → voice 70 (20): 50 of 100.
    half = score_health(HealthFacts(days_since_meeting=20, overdue_actions=1, nps_scores=[7]))
    assert half.score == (80 * 20 + 75 * 10 + 70 * 20) / 50 == 75
    # A weight of 0 counts on neither side: engagement and actions alone, 30 of 30.
    weights = {"adoption": 0, "voice": 0, "path": 0, "sentiment": 0}
    assert score_health(HealthFacts(days_since_meeting=20, overdue_actions=1),
                        weights).score == round((80 * 20 + 75 * 10) / 30) == 78


def test_engagement_waits_for_the_first_expected_meeting() -> None:
    def engagement(**facts):
        found = _component(score_health(HealthFacts(as_of=TODAY, **facts)), "engagement")
        return found.score, found.reason

    started = TODAY - timedelta(days=30)  # the first meeting is due today: not late yet
    assert engagement(contract_start=started, first_meeting_by=TODAY) == (
        None, "no meeting yet; first meeting expected by 2026-11-23")
    started = TODAY - timedelta(days=31)
    assert engagement(contract_start=started, first_meeting_by=started + timedelta(30)) == (
        0, "no meeting since the contract start on 2026-10-23")
    # No contract start: 30 days from the account's creation.
    assert engagement(first_meeting_by=TODAY - timedelta(days=10)) == (
        0, "no meeting yet, expected by 2026-11-13")
    # A meeting, however early, is scored as before.
    assert engagement(days_since_meeting=2, first_meeting_by=TODAY + timedelta(28)) == (
        100, "last meeting 2 days ago")


# From the workspace


def test_a_new_account_in_the_workspace_is_not_scored_yet(services: Services) -> None:
    account = services.accounts.create(name="Fresh Co", arr_cents=50_000_00)
    result = services.health.explain(account.id, TODAY)
    assert (result.score, result.band) == (None, None)
    assert _component(result, "engagement").reason == (
        "no meeting yet; first meeting expected by 2026-12-23")  # created today, + 30 days
    services.health.refresh(TODAY)
    assert services.accounts.get(account.id).health_score is None
    assert services.health.history(account.id) == []  # no snapshot of "no score"


def test_contract_start_10_days_ago_does_not_penalise_engagement_40_days_ago_does(
        services: Services) -> None:
    recent = services.accounts.create(name="Recent", contract_start=TODAY - timedelta(10))
    older = services.accounts.create(name="Older", contract_start=TODAY - timedelta(40))
    for account in (recent, older):
        _give_data(services, account.id)  # adoption 100 (25), voice 100 (20); actions 100 (10)
    fresh = services.health.explain(recent.id, TODAY)
    assert (_component(fresh, "engagement").score, _component(fresh, "engagement").reason) == (
        None, "no meeting yet; first meeting expected by 2026-12-13")
    assert fresh.score == (100 * 25 + 100 * 20 + 100 * 10) / 55 == 100
    late = services.health.explain(older.id, TODAY)
    assert (_component(late, "engagement").score, _component(late, "engagement").reason) == (
        0, "no meeting since the contract start on 2026-10-14")
    assert late.score == round((100 * 25 + 0 * 20 + 100 * 20 + 100 * 10) / 75) == 73


def test_without_a_contract_start_the_first_meeting_is_due_30_days_after_creation(
        services: Services) -> None:
    with clock.moved_to(TODAY - timedelta(days=40)):
        account = services.accounts.create(name="Made earlier")
    reason = _component(services.health.explain(account.id, TODAY), "engagement").reason
    assert reason == "no meeting yet, expected by 2026-11-13"


def test_five_freshly_imported_accounts_are_not_counted_as_unhealthy(
        services: Services, tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_text("Name,ARR,Contract start,Renewal date\n" + "".join(
        f"New {n},\"$10,000\",2026-11-{10 + n},2027-11-{10 + n}\n" for n in range(1, 6)),
        encoding="utf-8")
    assert len(services.importing.import_accounts(path).created) == 5
    services.health.refresh(TODAY)
    assert [a.health_score for a in services.accounts.list()] == [None] * 5
    figures = _dashboard(services)
    # Before: five scores of 33, "Unhealthy accounts 100%".
    assert (figures.scores, figures.unhealthy, figures.not_scored) == ([], 0, 5)
    assert figures.unhealthy_share is None  # shown as "—", not 100%
    # One account with data joins the figures; the five still stay out of the denominator.
    scored = services.accounts.create(name="Established")
    _give_data(services, scored.id)
    services.meetings.create(scored.id, title="Check-in", held_on=TODAY - timedelta(3))
    services.health.refresh(TODAY)
    figures = _dashboard(services)
    assert (figures.scores, figures.unhealthy, figures.not_scored) == ([100], 0, 5)
    assert figures.unhealthy_share == 0


def test_churned_and_archived_accounts_leave_the_distribution(services: Services) -> None:
    ids = {}
    for name, nps in (("Stays", 10), ("Churns", 0), ("Archived", 0)):
        ids[name] = services.accounts.create(name=name).id
        _give_data(services, ids[name], nps=nps)
    services.health.refresh(TODAY)
    # Adoption 100 (25), voice 100 or 0 (20), actions 100 (10): 100, or 3500 / 55 = 64.
    assert _dashboard(services).scores == [100, 64, 64]
    services.accounts.update(ids["Churns"], status="churned")
    services.accounts.archive(ids["Archived"])
    services.health.refresh(TODAY)
    figures = _dashboard(services)
    assert (figures.scores, figures.not_scored) == ([100], 0)  # churned/archived: not "not yet"
    assert services.accounts.get(ids["Churns"]).health_score is None
    assert services.accounts.get(ids["Archived"]).health_score is None
    churned = services.health.explain(ids["Churns"], TODAY)
    assert (churned.score, churned.left_book, churned.not_scored_yet) == (None, True, False)
    assert churned.why_not == "the account has churned, so it is left out of the health figures"
    assert [h.score for h in services.health.history(ids["Churns"])] == [64]  # kept
    # Back in the book, scored again.
    services.accounts.unarchive(ids["Archived"])
    services.health.refresh(TODAY)
    assert services.accounts.get(ids["Archived"]).health_score == 64


# In the app


def test_the_health_panel_and_the_dashboard_say_not_scored_yet(qtbot, services) -> None:
    from tests.ui_helpers import settled, shown_window

    fresh = services.accounts.create(name="Fresh Co")
    window = shown_window(qtbot, services, TODAY)
    try:
        window.open_account(fresh.id, "overview")
        settled(window)
        panel = window.account_view.overview.health
        summary = panel.summary.text()
        assert summary.startswith("<b>Not scored yet</b>: no data yet for: Adoption")
        assert "Unhealthy" not in summary and "33" not in summary
        assert [c.key for c in panel.model.rows] == [
            "adoption", "engagement", "voice", "path", "actions", "sentiment", "risks"]
        rows = {panel.model.index(r, 0).data(): (panel.model.index(r, 3).data(),
                                                 panel.model.index(r, 4).data())
                for r in range(panel.model.rowCount())}
        assert rows["Engagement (meetings)"] == (
            "—", "no meeting yet; first meeting expected by 2026-12-23")
        assert rows["Overdue actions"][0] == "—"  # adds nothing: there is no score
        window.services.health.refresh(TODAY)
        window.show_view("portfolio")
        settled(window)
        tile = window.portfolio_view.dashboard.tiles["unhealthy"]
        assert "—" in tile.value.text()
        assert tile.note.text() == "0 of 0 scored; 1 not scored yet"
        assert "not scored yet" in tile.toolTip() and "Churned and archived" in tile.toolTip()
    finally:
        window.runner.wait()


def test_the_path_component_counts_days_late_and_a_forecast_off_plan() -> None:
    """Days late cost 3 points a day; a path with nothing late but a forecast off plan (first
    value slipping, or running past the renewal date) is not scored as if on plan."""
    from csdesk.services.health_score import HealthFacts, score_health

    def path_score(**facts: object) -> int | None:
        result = score_health(HealthFacts(path_planned=True, **facts))  # type: ignore[arg-type]
        return next(c.score for c in result.components if c.key == "path")

    assert path_score(path_days_late=0, path_health="on_track") == 100
    assert path_score(path_days_late=10, path_health="at_risk") == 70
    assert path_score(path_days_late=40, path_health="off_track") == 0
    assert path_score(path_days_late=0, path_health="at_risk") == 70
    assert path_score(path_days_late=0, path_health="off_track") == 40
