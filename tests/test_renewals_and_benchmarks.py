"""Renewal checkpoints, expected ARR by health, the start-renewal action, and benchmarks."""

from __future__ import annotations

from datetime import date, timedelta

from csdesk.services import Services
from csdesk.services.benchmarks import percentile_of
from csdesk.services.renewals import checkpoint_for, next_checkpoint, start_renewal_text

TODAY = date(2026, 11, 23)


def test_checkpoints() -> None:
    assert [checkpoint_for(d) for d in (200, 180, 120, 90, 61, 60, 31, 30, 0)] == [
        None, 180, 180, 90, 90, 60, 60, 30, 30]
    renewal = TODAY + timedelta(days=100)
    assert next_checkpoint(renewal, TODAY) == renewal - timedelta(days=90)
    assert next_checkpoint(TODAY + timedelta(days=10), TODAY) is None


def test_pipeline_weights_arr_by_health_and_counts_arr_at_risk(services: Services) -> None:
    def account(name: str, days: int, arr: int, score: int | None):
        return services.accounts.create(name=name, renewal_date=TODAY + timedelta(days=days),
                                        arr_cents=arr, health_score=score)

    account("Healthy Co", 20, 100_000_00, 80)
    account("Risky Co", 70, 100_000_00, 55)
    account("Sick Co", 150, 100_000_00, 20)
    account("Unknown Co", 40, 100_000_00, None)
    account("Far away", 300, 100_000_00, 90)
    pipeline = services.renewals.pipeline(TODAY)
    assert [(r.account_name, r.checkpoint, r.expected_cents) for r in pipeline.rows] == [
        ("Healthy Co", 30, 95_000_00), ("Unknown Co", 60, 75_000_00),
        ("Risky Co", 90, 75_000_00), ("Sick Co", 180, 40_000_00)]
    assert pipeline.totals() == {"USD": {"due": 400_000_00, "expected": 285_000_00,
                                         "at_risk": 300_000_00}}
    assert pipeline.rows[2].checkpoint_label == "T-90: start renewal"
    # An estimate is in whole dollars: 95% of $21,850.50 is $20,758, not $20,757.98
    account("Odd Co", 10, 21_850_50, 85)
    odd = next(r for r in services.renewals.pipeline(TODAY).rows if r.account_name == "Odd Co")
    assert odd.expected_cents == 20_758_00


def test_start_renewal_action_is_created_once_at_90_days(services: Services) -> None:
    # Created renewing within 90 days, "Near" gets its item with it (in the same transaction)
    near = services.accounts.create(name="Near", renewal_date=TODAY + timedelta(days=60))
    services.accounts.create(name="Far", renewal_date=TODAY + timedelta(days=120))
    assert services.renewals.ensure_start_renewal_actions(TODAY) == 0
    assert services.renewals.ensure_start_renewal_actions(TODAY) == 0
    items = services.meetings.actions_for_account(near.id)
    assert [(i.text, i.due_date) for i in items] == [
        (start_renewal_text(TODAY + timedelta(days=60)), TODAY)]
    services.meetings.complete_action(items[0].id, on=TODAY)
    assert services.renewals.ensure_start_renewal_actions(TODAY + timedelta(days=1)) == 0
    # Thirty days later "Far" enters the window, and gets its own
    assert services.renewals.ensure_start_renewal_actions(TODAY + timedelta(days=30)) == 1


def test_percentiles() -> None:
    assert percentile_of(80, [10, 20, 30, 90], higher_is_better=True) == 75
    assert percentile_of(30, [10, 20, 30, 90], higher_is_better=True) == 62
    assert percentile_of(30, [40, 50, 60, 20], higher_is_better=False) == 75


def test_benchmarks_compare_within_the_segment_and_name_no_one(services: Services) -> None:
    for number, score in enumerate([40, 60, 70, 90]):
        services.accounts.create(name=f"Peer {number}", segment="high_touch",
                                 health_score=score)
    services.accounts.create(name="Other segment", segment="low_touch", health_score=10)
    mine = services.accounts.create(name="Mine", segment="high_touch", health_score=65)
    results = {b.metric: b for b in services.benchmarks.for_account(mine.id, TODAY)}
    health = results["health"]
    assert (health.value, health.peers, health.percentile, health.peer_median) == (
        65, 4, 50, 65.0)
    assert health.sentence() == ("Health score: better than 50% of 4 comparable accounts "
                                 "(their median 65)")
    assert "Peer" not in " ".join(b.sentence() for b in results.values())
    assert results["ttfv_days"].value is None
    assert "no value yet" in results["ttfv_days"].sentence()


def test_too_few_peers_are_not_compared(services: Services) -> None:
    services.accounts.create(name="Peer", health_score=50)
    mine = services.accounts.create(name="Mine", health_score=65)
    health = next(b for b in services.benchmarks.for_account(mine.id, TODAY)
                  if b.metric == "health")
    assert health.percentile is None and "too few comparable accounts (1)" in health.sentence()
