"""Health follows each edit: refreshing one account (services/health.py) rescores that account
alone, in a fixed handful of queries whatever the size of the book."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event, select

from csdesk.models import Account, HealthSnapshot
from csdesk.services import Services
from csdesk.services.demo import DemoService
from tests.conftest import TODAY


def _state(services: Services) -> tuple[dict, list]:
    with services.workspace.session() as session:
        accounts = {row.id: (row.health_score, row.version, row.updated_at)
                    for row in session.execute(select(Account.id, Account.health_score,
                                                      Account.version, Account.updated_at))}
        snapshots = [tuple(row) for row in session.execute(
            select(HealthSnapshot.id, HealthSnapshot.account_id, HealthSnapshot.taken_on,
                   HealthSnapshot.score).order_by(HealthSnapshot.id))]
    return accounts, snapshots


@contextmanager
def counted(services: Services) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        statements.append(statement)

    engine = services.workspace.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _late_work(services: Services, account_id: int, items: int) -> None:
    for number in range(items):
        services.meetings.add_action(account_id, text=f"Overdue {number}",
                                     due_date=TODAY - timedelta(days=20))


def test_one_account_is_rescored_and_no_other(demo_services: Services) -> None:
    services = demo_services
    scored = [a.id for a in services.accounts.list() if a.health_score is not None]
    mine, other = scored[0], scored[1]
    _late_work(services, mine, 5)
    _late_work(services, other, 5)  # its health would move too, but it is not refreshed
    accounts_before, snapshots_before = _state(services)

    assert services.health.refresh(TODAY, [mine]) == 1

    accounts_after, snapshots_after = _state(services)
    assert accounts_after[mine][0] < accounts_before[mine][0]
    assert accounts_after[mine][0] == services.health.explain(mine, TODAY).score
    assert accounts_after[mine][1] == accounts_before[mine][1] + 1  # a new version
    assert {i: s for i, s in accounts_after.items() if i != mine} == {
        i: s for i, s in accounts_before.items() if i != mine}
    assert [s for s in snapshots_after if s[1] != mine] == [
        s for s in snapshots_before if s[1] != mine]
    today_snapshot = [s for s in snapshots_after if s[1] == mine and s[2] == TODAY]
    assert [s[3] for s in today_snapshot] == [accounts_after[mine][0]]  # kept, not added


def test_a_refresh_that_changes_nothing_writes_nothing(demo_services: Services) -> None:
    account_id = next(a.id for a in demo_services.accounts.list()
                      if a.health_score is not None)
    before = _state(demo_services)
    with counted(demo_services) as statements:
        assert demo_services.health.refresh(TODAY, [account_id]) == 0
    assert _state(demo_services) == before
    # no score, snapshot or version written: only the day's peer figures are kept again
    assert not [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT"))
                and "peer_figures" not in s]


def test_one_account_costs_the_same_queries_in_a_bigger_book(services: Services) -> None:
    demo = DemoService(services.workspace)
    counts = []
    for size in (8, 40):
        demo.create_book(size, seed=4, today=TODAY, force=True)
        account_id = services.accounts.list()[size // 2].id
        _late_work(services, account_id, 3)
        with counted(services) as statements:
            services.health.refresh(TODAY + timedelta(days=1), [account_id])
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 21  # with the account's peer figures kept for the day
