"""Today and the accounts table read each list from its own table and keep the live accounts
in Python (services/book.py). Here the same rows are computed from the records themselves,
the long way, and must come out the same, in the same order: on the demo book and on the odd
cases (archived and churned accounts, a Renewal stage with and without a renewal date, a
planned end before the planned date, a milestone with only an end, skipped and done work)."""

from __future__ import annotations

from dataclasses import astuple
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from csdesk.models import (
    Account,
    AccountStatus,
    ActionItem,
    EscalationLevel,
    Meeting,
    Milestone,
    MilestoneStatus,
    Risk,
    RiskSeverity,
    RiskStatus,
    SuccessPlan,
)
from csdesk.services import Services
from csdesk.services.schedule import days_late, days_until, due_state
from csdesk.services.today_agenda import TODAY_AHEAD_DAYS
from csdesk.services.tracking import RENEWAL_STAGE_NAMES
from tests.conftest import TODAY

DAYS = [TODAY, TODAY + timedelta(days=40), TODAY - timedelta(days=400)]
ARCHIVED_AT = datetime.combine(TODAY, time(9), tzinfo=UTC)


def _is_renewal(name: str) -> bool:
    return name.strip(" ").lower() in RENEWAL_STAGE_NAMES


def _stage_due(milestone: Milestone, account: Account) -> date | None:
    own = milestone.planned_end_date or milestone.planned_date
    if _is_renewal(milestone.name) and account.renewal_date is not None:
        return account.renewal_date
    return own


def _open(milestone: Milestone) -> bool:
    return milestone.actual_date is None and milestone.status not in (
        MilestoneStatus.DONE, MilestoneStatus.SKIPPED)


def expected_today(services: Services, today: date) -> dict[str, list]:
    horizon = today + timedelta(days=TODAY_AHEAD_DAYS)
    with services.workspace.session() as session:
        accounts = {a.id: a for a in session.scalars(select(Account))}
        live = {i: a for i, a in accounts.items()
                if a.archived_at is None and a.status is AccountStatus.ACTIVE}
        plans = {p.id: p.account_id for p in session.scalars(select(SuccessPlan))}
        due = []
        for item in session.scalars(select(ActionItem).order_by(ActionItem.due_date,
                                                                ActionItem.id)):
            if item.done_on is None and item.due_date is not None \
                    and item.due_date <= horizon and item.account_id in live:
                due.append(("action", item.id, item.account_id, live[item.account_id].name,
                            item.text, item.owner, item.due_date))
        milestones = sorted(session.scalars(select(Milestone)),
                            key=lambda m: (m.planned_date is not None,
                                           m.planned_date or today, m.id))
        for m in milestones:
            account = live.get(plans[m.plan_id])
            when = _stage_due(m, account) if account else None
            if account and _open(m) and when is not None and when <= horizon:
                due.append(("milestone", m.id, account.id, account.name, m.name, m.owner,
                            when))
        due.sort(key=lambda d: (d[6], d[3].casefold(), d[0]))
        meetings = sorted(((m.id, m.account_id, live[m.account_id].name, m.title, m.held_on)
                           for m in session.scalars(select(Meeting))
                           if m.account_id in live and not m.notes
                           and today - timedelta(days=7) <= m.held_on <= today),
                          key=lambda m: (m[4], m[0]), reverse=True)
        severities = list(RiskSeverity)
        risks = sorted(((r.id, r.account_id, live[r.account_id].name, r.title, r.severity,
                         r.status, r.detected_on, r.escalated_on is not None)
                        for r in session.scalars(select(Risk).order_by(Risk.status, Risk.id))
                        if r.account_id in live
                        and r.status in (RiskStatus.OPEN, RiskStatus.MITIGATING)),
                       key=lambda r: (-severities.index(r[4]), r[6]))
        renewals = sorted(((a.id, a.name, a.segment.label, a.renewal_date,
                            (a.renewal_date - today).days, a.arr_cents, a.currency,
                            a.health_score, a.name_key) for a in live.values()
                           if a.renewal_date and today <= a.renewal_date
                           <= today + timedelta(days=90)),
                          key=lambda r: (r[3], r[8]))
        return {
            "due": [(*d, due_state(d[6], False, today), days_late(d[6], today)) for d in due],
            "renewals": [r[:8] for r in renewals], "meetings": meetings, "risks": risks}


def actual_today(services: Services, today: date) -> dict[str, list]:
    agenda = services.book.today(today)
    return {"due": [astuple(d) for d in agenda.due],
            "renewals": [astuple(r) for r in agenda.renewals],
            "meetings": [astuple(m) for m in agenda.meetings_without_notes],
            "risks": [astuple(r) for r in agenda.risks]}


def expected_summaries(services: Services, today: date, include_archived: bool) -> list:
    with services.workspace.session() as session:
        accounts = sorted((a for a in session.scalars(select(Account))
                           if include_archived or a.archived_at is None),
                          key=lambda a: a.name_key)
        plans = {p.id: p.account_id for p in session.scalars(select(SuccessPlan))}
        by_id = {a.id: a for a in accounts}
        following: dict[int, tuple] = {}
        for m in session.scalars(select(Milestone)):
            account = by_id.get(plans[m.plan_id])
            when = _stage_due(m, account) if account else None
            if account and _open(m) and when is not None:
                key = (when, m.position, m.id, m.name)
                following[account.id] = min(following.get(account.id, key), key)
        open_actions: dict[int, int] = {}
        for item in session.scalars(select(ActionItem).where(ActionItem.done_on.is_(None))):
            open_actions[item.account_id] = open_actions.get(item.account_id, 0) + 1
        rows = []
        for a in accounts:
            churned = a.status is AccountStatus.CHURNED
            nxt = following.get(a.id)
            rows.append((a.id, a.name, a.segment.label, a.lifecycle_stage.label, a.industry,
                         a.arr_cents, a.currency, a.renewal_date,
                         None if churned else days_until(a.renewal_date, today),
                         nxt[3] if nxt else None, nxt[0] if nxt else None,
                         due_state(nxt[0], False, today) if nxt else None,
                         open_actions.get(a.id, 0), None if churned else a.health_score,
                         a.archived_at is not None, a.owner))
        return rows


@pytest.fixture
def odd_book(services: Services) -> Services:
    """Five accounts whose work covers every rule of Today and of the next milestone."""
    def milestone(plan: SuccessPlan, name: str, position: int, planned: date | None,
                  end: date | None = None, **more: object) -> Milestone:
        return Milestone(plan=plan, name=name, position=position, planned_date=planned,
                         planned_end_date=end, **more)

    days = timedelta(days=1)
    with services.workspace.session() as session:
        made = {}
        for name, renewal in (("Live Co", TODAY + 5 * days), ("Archived Co", TODAY),
                              ("Churned Co", TODAY + 3 * days), ("No Renewal Co", None),
                              ("Zeta", TODAY + 30 * days)):
            account = Account(name=name, name_key=name.casefold(), renewal_date=renewal,
                              contract_start=TODAY - 300 * days, arr_cents=10_000_00)
            account.plan = SuccessPlan()
            session.add(account)
            made[name] = account
        made["Live Co"].owner = "Dana"
        made["Archived Co"].archived_at = ARCHIVED_AT
        made["Churned Co"].status = AccountStatus.CHURNED
        live, plan = made["Live Co"], made["Live Co"].plan
        session.add_all([
            milestone(plan, "Kick-off", 0, TODAY - 3 * days),  # late
            milestone(plan, "Odd dates", 1, TODAY + 30 * days, TODAY - days),  # end first
            milestone(plan, "Only an end", 2, None, TODAY + 2 * days),
            milestone(plan, "Done", 3, TODAY - 9 * days, actual_date=TODAY - 9 * days,
                      status=MilestoneStatus.DONE),
            milestone(plan, "Skipped", 4, TODAY - 8 * days, status=MilestoneStatus.SKIPPED),
            milestone(plan, " Renewal ", 5, TODAY + 200 * days),  # due on the renewal date
            milestone(made["No Renewal Co"].plan, "renewal", 0, TODAY + 3 * days),
            milestone(made["Zeta"].plan, "Go-live", 0, TODAY + 6 * days),
            milestone(made["Zeta"].plan, "Same day", 1, TODAY + 6 * days),
            milestone(made["Archived Co"].plan, "Late there", 0, TODAY - 5 * days),
            milestone(made["Churned Co"].plan, "Late there", 0, TODAY - 5 * days),
        ])
        session.add_all([
            ActionItem(account=live, text="Send the roadmap", due_date=TODAY - 2 * days,
                       owner="Alex"),
            ActionItem(account=live, text="Done already", due_date=TODAY - 2 * days,
                       done_on=TODAY - days),
            ActionItem(account=live, text="Next month", due_date=TODAY + 30 * days),
            ActionItem(account=live, text="No date"),
            ActionItem(account=made["Zeta"], text="Due today", due_date=TODAY),
            ActionItem(account=made["Archived Co"], text="Hidden", due_date=TODAY - days),
            Meeting(account=live, title="Check-in", held_on=TODAY - 2 * days),
            Meeting(account=made["Zeta"], title="Empty notes", held_on=TODAY - days, notes=""),
            Meeting(account=made["Zeta"], title="With notes", held_on=TODAY, notes="Fine."),
            Meeting(account=made["No Renewal Co"], title="Too old", held_on=TODAY - 10 * days),
            Meeting(account=made["Churned Co"], title="Churned", held_on=TODAY - days),
            Risk(account=live, title="Champion leaving", severity=RiskSeverity.HIGH,
                 detected_on=TODAY - 9 * days, escalated_on=TODAY - 8 * days,
                 escalation_level=EscalationLevel.INTERNAL),
            Risk(account=made["Zeta"], title="Budget", severity=RiskSeverity.LOW,
                 status=RiskStatus.MITIGATING, detected_on=TODAY - 20 * days),
            Risk(account=live, title="Closed one", status=RiskStatus.RESOLVED,
                 detected_on=TODAY - 30 * days, closed_on=TODAY - 3 * days),
            Risk(account=made["Churned Co"], title="Gone", detected_on=TODAY - 2 * days),
        ])
    return services


@pytest.mark.parametrize("day", DAYS)
def test_today_on_the_odd_cases(odd_book: Services, day: date) -> None:
    assert actual_today(odd_book, day) == expected_today(odd_book, day)


def test_the_odd_cases_show_what_they_should(odd_book: Services) -> None:
    agenda = odd_book.book.today(TODAY)
    shown = [(i.account_name, i.text, i.due) for i in agenda.due]
    assert ("Live Co", "Odd dates", TODAY - timedelta(days=1)) in shown
    assert ("Live Co", "Only an end", TODAY + timedelta(days=2)) in shown
    assert ("Live Co", " Renewal ", TODAY + timedelta(days=5)) in shown  # the renewal date
    assert ("No Renewal Co", "renewal", TODAY + timedelta(days=3)) in shown
    assert not {"Done", "Skipped", "Late there", "Hidden", "Done already", "No date"} & {
        text for _name, text, _due in shown}
    assert [m.title for m in agenda.meetings_without_notes] == ["Empty notes", "Check-in"]
    assert [r.title for r in agenda.risks] == ["Champion leaving", "Budget"]
    assert [i.account_name for i in odd_book.book.today(TODAY, owner="dana").due] == [
        "Live Co"] * 5  # My book: Live Co's work only, its owner in any case


@pytest.mark.parametrize("include_archived", [False, True])
def test_account_summaries_on_the_odd_cases(odd_book: Services, include_archived: bool) -> None:
    for day in DAYS:
        rows = odd_book.book.account_summaries(day, include_archived=include_archived)
        assert [astuple(r) for r in rows] == expected_summaries(odd_book, day, include_archived)
    live = {r.name: r for r in odd_book.book.account_summaries(TODAY)}
    assert (live["Live Co"].next_milestone, live["Live Co"].next_milestone_date) == (
        "Kick-off", TODAY - timedelta(days=3))
    assert live["No Renewal Co"].next_milestone == "renewal"
    assert live["Zeta"].next_milestone == "Go-live"  # same day: the first by position


def test_today_and_summaries_on_the_demo_book(demo_services: Services) -> None:
    for day in DAYS:
        assert actual_today(demo_services, day) == expected_today(demo_services, day)
        for include_archived in (False, True):
            assert [astuple(r) for r in demo_services.book.account_summaries(
                day, include_archived=include_archived)] == expected_summaries(
                demo_services, day, include_archived)
