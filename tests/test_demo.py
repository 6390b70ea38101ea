"""The demo book is realistic (every part of the domain shows) and deterministic."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import text

from csdesk.errors import CsdeskError
from csdesk.models import CanvasItemKind, LifecycleStage, Segment, Side
from csdesk.services import Services
from csdesk.services.demo import DemoService
from tests.conftest import TODAY

DIGEST_SQL = """
SELECT group_concat(x, '|') FROM (
  SELECT name || arr_cents || renewal_date || lifecycle_stage AS x FROM accounts
  UNION ALL SELECT name || coalesce(actual_date, '-') FROM milestones
  UNION ALL SELECT title || held_on || coalesce(notes, '') FROM meetings
  UNION ALL SELECT text || coalesce(done_on, '-') FROM action_items
  ORDER BY x)
"""


def _digest(services: Services) -> str:
    with services.workspace.session() as session:
        return session.scalar(text(DIGEST_SQL))


def test_same_seed_same_book(tmp_path) -> None:
    from csdesk.store import Workspace, resolve_location

    digests = []
    for name in ("a.db", "b.db"):
        with Workspace.open(resolve_location(tmp_path / name)) as ws:
            services = Services(ws)
            DemoService(ws).create_book(10, seed=11, today=TODAY)
            digests.append(_digest(services))
    assert digests[0] == digests[1] and len(digests[0]) > 1000


def test_the_demo_book_shows_every_part_of_the_domain(demo_services: Services) -> None:
    services = demo_services
    accounts = services.accounts.list()
    assert len(accounts) == 12
    assert {a.segment for a in accounts} == set(Segment)
    assert len({a.lifecycle_stage for a in accounts}) >= 4
    # The highlights read as written English: "an industrial", never "a industrial".
    assert not [a.highlights for a in accounts if re.search(r"\ba [aeiou]", a.highlights or "")]
    late = open_actions = done_actions = 0
    for account in accounts:
        plan = services.plans.get(account.id)
        assert all(plan.items_of(kind) for kind in CanvasItemKind)
        assert plan.kpis
        if (TODAY - account.contract_start).days > 60:  # new accounts have no readings yet
            assert all(k.readings for k in plan.kpis)
        assert plan.milestones and plan.template is not None
        late += sum(1 for m in plan.milestones if (m.actual_date or TODAY) > m.planned_date)
        actions = services.meetings.actions_for_account(account.id)
        open_actions += sum(1 for a in actions if a.done_on is None)
        done_actions += sum(1 for a in actions if a.done_on is not None)
        assert services.contacts.for_account(account.id)
        assert services.meetings.for_account(account.id)
        assert services.signals.responses(account.id)
        assert services.signals.arr_history(account.id)[0].kind.value == "new"
    assert late and open_actions and done_actions
    renewing_soon = [a for a in accounts if a.renewal_date and
                     0 <= (a.renewal_date - TODAY).days <= 90]
    assert renewing_soon


def test_the_default_book_has_overdue_milestones_and_action_items(services: Services) -> None:
    DemoService(services.workspace).create_book(today=TODAY)
    agenda = services.book.today(TODAY)
    states = {(item.kind, item.state.value) for item in agenda.due}
    assert {("milestone", "overdue"), ("action", "overdue")} <= states
    assert agenda.renewals and agenda.meetings_without_notes


def test_churned_accounts_have_a_churn_in_their_arr_history(services: Services) -> None:
    DemoService(services.workspace).create_book(60, seed=5, today=TODAY)
    churned = [a for a in services.accounts.list()
               if a.lifecycle_stage is LifecycleStage.CHURNED]
    assert churned
    for account in churned:
        history = services.signals.arr_history(account.id)
        assert history[-1].kind.value == "churn" and account.arr_cents == 0
        dates = [h.effective_on for h in history]
        assert dates == sorted(dates) and dates[-1] <= TODAY


def test_a_non_empty_workspace_is_not_overwritten_without_force(services: Services) -> None:
    services.accounts.create(name="My real customer")
    demo = DemoService(services.workspace)
    with pytest.raises(CsdeskError, match="--force"):
        demo.create_book(5, today=date(2026, 1, 1))
    assert [a.name for a in services.accounts.list()] == ["My real customer"]
    demo.create_book(5, today=date(2026, 1, 1), force=True)
    assert services.accounts.count() == 5


def test_the_size_of_a_demo_book_is_bounded(services: Services) -> None:
    with pytest.raises(CsdeskError, match="1 to 20,000"):
        DemoService(services.workspace).create_book(0)


def test_the_demo_book_is_searchable(demo_services: Services) -> None:
    account = demo_services.accounts.list()[0]
    contact = demo_services.contacts.for_account(account.id)[0]
    hits = demo_services.search.query(contact.name)
    assert ("contact", account.name) in {(h.kind, h.account_name) for h in hits}


def test_the_demo_book_is_one_a_csm_believes(services: Services) -> None:
    """Owners set, churned customers with no renewal ahead, plain e-mail addresses, readings
    as precise as their KPI (137 leads, not 137.6), our team named like people, no action
    item older than the account or done in the future."""
    DemoService(services.workspace).create_book(40, seed=11, today=TODAY)
    accounts = services.accounts.list(include_archived=True)
    assert all(a.owner for a in accounts)
    churned = [a for a in accounts if a.lifecycle_stage is LifecycleStage.CHURNED]
    assert churned and all(a.renewal_date is None or a.renewal_date <= TODAY for a in churned)
    for account in accounts:
        for contact in services.contacts.for_account(account.id):
            assert contact.email.isascii() and re.fullmatch(r"[a-z0-9.]+@[a-z0-9.]+",
                                                            contact.email), contact.email
        for kpi in services.plans.get(account.id).kpis:
            whole = kpi.baseline == kpi.baseline.to_integral() and \
                kpi.target == kpi.target.to_integral()
            if whole:
                assert all(r.value == r.value.to_integral() for r in kpi.readings), kpi.name
        for action in services.meetings.actions_for_account(account.id):
            assert not re.search(r"\((CSM|Sales|Support|Solutions)\)", action.owner or "")
            # nothing was asked of a customer before they were one
            assert action.due_date is None or account.contract_start is None or \
                action.due_date >= account.contract_start, (account.name, action.text)
            # we send our roadmap; the customer books their own teams' training
            if action.text == "Send the product roadmap":
                assert action.owner_side is Side.OURS, account.name
            # and nothing is done on a day still to come
            assert action.done_on is None or action.done_on <= TODAY, (account.name, action.text)
