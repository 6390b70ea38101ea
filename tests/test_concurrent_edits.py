"""Two people editing the same record: whatever the record, the second save never silently
overwrites the first. Each case makes a record, lets "someone else" change a field, then
saves "my" edit that began before their change (on SQLite and, in the second pass, on a
PostgreSQL team workspace)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from csdesk.errors import ConflictError, NotFoundError
from csdesk.models import BarrierKind, CanvasItemKind, RiskSeverity, StakeholderRole
from csdesk.services import Services

TODAY = date(2026, 11, 23)


@dataclass
class Case:
    """make(services, account_id) -> record id; update(services) -> the update function."""

    make: Callable[[Services, int], int]
    update: Callable[[Services], Callable[..., Any]]
    read: Callable[[Services, int], Any]  # -> the record, to read fields from
    field: str  # the field both people change
    start: Any
    theirs: Any
    mine: Any
    other: tuple[str, Any]  # a field only "I" change


def _plan(services: Services, account_id: int) -> int:
    return services.plans.get(account_id).id


def _milestone(services: Services, account_id: int) -> int:
    return services.critical_path.add_milestone(_plan(services, account_id), name="Go-live",
                                                owner="Dana").id


def _find(items: Any, item_id: int) -> Any:
    return next(item for item in items if item.id == item_id)


CASES = {
    "contact": Case(
        lambda s, a: s.contacts.add(a, name="Dana Reyes", role=StakeholderRole.CHAMPION,
                                    title="VP Ops").id,
        lambda s: s.contacts.update,
        lambda s, i: _find(s.contacts.for_account(s.accounts.list()[0].id), i),
        "title", "VP Ops", "COO", "Head of Ops", ("phone", "+1 555 0100")),
    "milestone": Case(
        _milestone, lambda s: s.critical_path.update_milestone,
        lambda s, i: _find(s.critical_path.milestones(_plan(s, s.accounts.list()[0].id)), i),
        "owner", "Dana", "Sam", "Lee", ("notes", "needs SSO first")),
    "barrier": Case(
        lambda s, a: s.critical_path.add_barrier(_milestone(s, a), kind=BarrierKind.OUR_ISSUE,
                                                 description="SSO bug").id,
        lambda s: s.critical_path.update_barrier,
        lambda s, i: _find(s.critical_path.milestones(_plan(s, s.accounts.list()[0].id))[0]
                           .barriers, i),
        "description", "SSO bug", "SSO bug, fix in 4.2", "SSO bug, workaround given",
        ("raised_on", TODAY)),
    "meeting": Case(
        lambda s, a: s.meetings.create(a, title="Kick-off", held_on=TODAY).id,
        lambda s: s.meetings.update, lambda s, i: s.meetings.get(i),
        "title", "Kick-off", "Kick-off call", "Kick-off workshop",
        ("decisions", "Go with phase 1")),
    "action item": Case(
        lambda s, a: s.meetings.add_action(a, text="Send the roadmap", owner="Dana").id,
        lambda s: s.meetings.update_action,
        lambda s, i: _find(s.meetings.actions_for_account(s.accounts.list()[0].id), i),
        "owner", "Dana", "Sam", "Lee", ("due_date", date(2026, 12, 1))),
    "success plan": Case(
        _plan, lambda s: s.plans.update, lambda s, i: s.plans.get(s.accounts.list()[0].id),
        "assessment_notes", None, "Sponsor engaged", "Sponsor at risk",
        ("next_review_on", date(2027, 1, 15))),
    "KPI": Case(
        lambda s, a: s.plans.add_kpi(_plan(s, a), name="Adoption", baseline=10, target=60).id,
        lambda s: s.plans.update_kpi,
        lambda s, i: _find(s.plans.get(s.accounts.list()[0].id).kpis, i),
        "target", Decimal(60), Decimal(70), Decimal(80), ("unit", "%")),
    "risk": Case(
        lambda s, a: s.risks.create(a, title="Champion leaving", detected_on=TODAY,
                                    severity=RiskSeverity.HIGH).id,
        lambda s: s.risks.update, lambda s, i: s.risks.get(i),
        "mitigation", None, "Meet the new VP", "Exec sponsor call", ("owner", "Lee")),
    "opportunity": Case(
        lambda s, a: s.growth.create_opportunity(a, kind="upsell", title="Analytics").id,
        lambda s: s.growth.update_opportunity,
        lambda s, i: _find(s.growth.opportunities(s.accounts.list()[0].id), i),
        "title", "Analytics", "Analytics add-on", "Analytics suite", ("next_step", "Demo")),
    "roadmap item": Case(
        lambda s, a: s.roadmap.add(title="SSO").id, lambda s: s.roadmap.update,
        lambda s, i: _find(s.roadmap.list(), i),
        "title", "SSO", "SSO (SAML)", "Single sign-on", ("description", "SAML and OIDC")),
}


@pytest.fixture(params=list(CASES), ids=list(CASES))
def case(request: pytest.FixtureRequest) -> Case:
    return CASES[request.param]


def test_a_save_over_someone_elses_change_shows_both_versions(services: Services,
                                                              case: Case) -> None:
    account = services.accounts.create(name="Acme")
    item_id = case.make(services, account.id)
    update = case.update(services)
    update(item_id, **{case.field: case.theirs})  # someone else, meanwhile
    with pytest.raises(ConflictError) as raised:
        update(item_id, originals={case.field: case.start}, **{case.field: case.mine})
    assert raised.value.fields == {case.field: (case.start, case.theirs, case.mine)}
    assert getattr(case.read(services, item_id), case.field) == case.theirs  # theirs kept


def test_their_change_to_another_field_is_kept_alongside_mine(services: Services,
                                                              case: Case) -> None:
    account = services.accounts.create(name="Acme")
    item_id = case.make(services, account.id)
    update = case.update(services)
    update(item_id, **{case.field: case.theirs})
    name, value = case.other
    update(item_id, originals={name: getattr(case.read(services, item_id), name)},
           **{name: value})
    record = case.read(services, item_id)
    assert (getattr(record, case.field), getattr(record, name)) == (case.theirs, value)


def test_the_same_change_made_twice_is_no_conflict_and_mine_can_be_forced(
        services: Services, case: Case) -> None:
    account = services.accounts.create(name="Acme")
    item_id = case.make(services, account.id)
    update = case.update(services)
    update(item_id, **{case.field: case.theirs})
    update(item_id, originals={case.field: case.start}, **{case.field: case.theirs})
    update(item_id, **{case.field: case.mine})  # no originals: saved knowingly over theirs
    assert getattr(case.read(services, item_id), case.field) == case.mine


def test_a_canvas_statement_edited_twice_keeps_both_texts_in_view(services: Services) -> None:
    account = services.accounts.create(name="Acme")
    plan = services.plans.get(account.id)
    item = services.plans.add_item(plan.id, CanvasItemKind.OBJECTIVE, "Cut onboarding time")
    services.plans.update_item(item.id, "Cut onboarding time by half")  # someone else
    with pytest.raises(ConflictError) as raised:
        services.plans.update_item(item.id, "Cut onboarding to 30 days",
                                   original="Cut onboarding time")
    assert raised.value.fields == {"text": ("Cut onboarding time", "Cut onboarding time by half",
                                            "Cut onboarding to 30 days")}
    assert services.plans.get(account.id).items[0].text == "Cut onboarding time by half"


def test_originals_are_compared_as_stored_not_as_typed(services: Services) -> None:
    """Undo passes back what was typed (spaces, say); that is no conflict with itself."""
    account = services.accounts.create(name="Acme")
    item = services.plans.add_item(services.plans.get(account.id).id, CanvasItemKind.OBJECTIVE,
                                   "Cut onboarding time")
    services.plans.update_item(item.id, "  Halve onboarding time  ",
                               original="Cut onboarding time")
    services.plans.update_item(item.id, "Cut onboarding time",  # the undo
                               original="  Halve onboarding time  ")
    contact = services.contacts.add(account.id, name="Dana", role=StakeholderRole.CHAMPION)
    services.contacts.update(contact.id, originals={"title": None}, title="  COO ")
    services.contacts.update(contact.id, originals={"title": "  COO "}, title=None)
    assert services.contacts.for_account(account.id)[0].title is None


def test_a_record_deleted_meanwhile_is_named_plainly(services: Services) -> None:
    account = services.accounts.create(name="Acme")
    contact = services.contacts.add(account.id, name="Dana", role=StakeholderRole.CHAMPION)
    services.contacts.remove(contact.id)
    with pytest.raises(NotFoundError, match="someone may have deleted it"):
        services.contacts.update(contact.id, originals={"title": None}, title="COO")


def test_two_saves_at_the_same_moment_cannot_both_win(services: Services) -> None:
    """Someone else's save is in flight (their transaction holds the row) when mine starts:
    mine waits for theirs, then sees it and refuses to overwrite it."""
    import threading

    from csdesk.models import Contact

    account = services.accounts.create(name="Acme")
    contact = services.contacts.add(account.id, name="Dana", role=StakeholderRole.CHAMPION,
                                    title="VP Ops")
    outcome: list[BaseException | None] = []

    def my_save() -> None:
        try:
            services.contacts.update(contact.id, originals={"title": "VP Ops"},
                                     title="Head of Ops")
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    mine = threading.Thread(target=my_save)
    with services.workspace.session() as theirs:
        row = theirs.get(Contact, contact.id, with_for_update=True)
        row.title = "COO"
        theirs.flush()
        mine.start()
        # Half a second of sleeps, not join(timeout=0.5): under a moved clock (libfaketime,
        # as CI runs the suite again) a timed wait can wait for the thread's end instead.
        for _ in range(10):
            time.sleep(0.05)
        assert mine.is_alive()  # mine waits while theirs is being written
    mine.join(timeout=10)
    assert isinstance(outcome[0], ConflictError)
    assert outcome[0].fields == {"title": ("VP Ops", "COO", "Head of Ops")}
    assert services.contacts.for_account(account.id)[0].title == "COO"


def test_attendees_changed_meanwhile_are_not_overwritten(services: Services) -> None:
    from csdesk.models import Side
    from csdesk.services import AttendeeInput

    account = services.accounts.create(name="Acme")
    dana = services.contacts.add(account.id, name="Dana Reyes", role=StakeholderRole.CHAMPION)
    meeting = services.meetings.create(account.id, title="Kick-off", held_on=TODAY,
                                       attendees=[AttendeeInput("", contact_id=dana.id)])
    then = [AttendeeInput("Dana Reyes", Side.CUSTOMER, contact_id=dana.id)]
    services.meetings.update(meeting.id, attendees=[*then, AttendeeInput("Sam", Side.OURS)])
    mine = [*then, AttendeeInput("Lee", Side.OURS)]
    with pytest.raises(ConflictError) as raised:
        services.meetings.update(meeting.id, attendees=mine, originals={"attendees": then})
    assert raised.value.fields == {"attendees": ("Dana Reyes", "Dana Reyes, Sam",
                                                 "Dana Reyes, Lee")}
    assert [a.name for a in services.meetings.get(meeting.id).attendees] == ["Dana Reyes", "Sam"]
    # Starting from what is there now, the same change goes through.
    now = [*then, AttendeeInput("Sam", Side.OURS)]
    services.meetings.update(meeting.id, attendees=[*now, AttendeeInput("Lee", Side.OURS)],
                             originals={"attendees": now})
    assert [a.name for a in services.meetings.get(meeting.id).attendees] == [
        "Dana Reyes", "Sam", "Lee"]


def test_a_kpi_reading_taken_meanwhile_is_not_replaced_silently(services: Services) -> None:
    account = services.accounts.create(name="Acme")
    kpi = services.plans.add_kpi(services.plans.get(account.id).id, name="Adoption",
                                 baseline=10, target=60)
    services.plans.record_reading(kpi.id, TODAY, 42, "from the admin console")  # someone else
    with pytest.raises(ConflictError) as raised:  # I thought the day had no reading yet
        services.plans.record_reading(kpi.id, TODAY, 45, replacing=None)
    assert raised.value.fields == {"reading": (None, "42 (from the admin console)", "45")}
    with pytest.raises(ConflictError):  # nor is the reading I replace someone else's newer one
        services.plans.record_reading(kpi.id, TODAY, 45, replacing=(Decimal(40), None))
    readings = services.plans.get(account.id).kpis[0].readings
    assert [(r.value, r.note) for r in readings] == [(Decimal(42), "from the admin console")]
    services.plans.record_reading(kpi.id, TODAY, 45,
                                  replacing=(Decimal(42), "from the admin console"))
    assert services.plans.get(account.id).kpis[0].readings[0].value == Decimal(45)


def test_a_sentiment_set_meanwhile_is_not_overwritten(services: Services) -> None:
    account = services.accounts.create(name="Acme")
    services.health.set_sentiment(account.id, 30, "Champion left", TODAY)  # a colleague
    with pytest.raises(ConflictError) as raised:
        services.health.set_sentiment(account.id, 80, "Great QBR", TODAY, original=(None, None))
    assert raised.value.fields == {"sentiment": (None, 30, 80),
                                   "sentiment_note": (None, "Champion left", "Great QBR")}
    assert services.accounts.get(account.id).sentiment == 30
    services.health.set_sentiment(account.id, 80, "Great QBR", TODAY,
                                  original=(30, "Champion left"))
    assert services.accounts.get(account.id).sentiment == 80
