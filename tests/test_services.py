"""Services: validation with specific messages, one transaction per call, the activity log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csdesk.errors import NotFoundError, ValidationError
from csdesk.models import (
    AccountStatus,
    BarrierKind,
    CanvasItemKind,
    LifecycleStage,
    MilestoneStatus,
    PlanStatus,
    Segment,
    StakeholderRole,
)
from csdesk.services import AttendeeInput, Services
from csdesk.services.validation import clean_block, clean_line, format_money, parse_money


def _acme(services: Services, **fields):
    return services.accounts.create(name="Acme", **fields)


def test_create_and_read_an_account(services: Services) -> None:
    account = services.accounts.create(
        name="  Acme   Corp ", segment="low-touch", lifecycle_stage=LifecycleStage.ADOPTION,
        arr_cents=1_200_000_00, currency="eur", contract_start=date(2026, 3, 1),
        renewal_date=date(2027, 3, 1), website="acme.example", employees=120)
    stored = services.accounts.find("ACME CORP")
    assert stored.id == account.id
    assert (stored.name, stored.segment, stored.currency) == ("Acme Corp", Segment.LOW_TOUCH, "EUR")
    assert services.plans.get(account.id).status is PlanStatus.PRE_WORK  # a plan from day one


def test_renewal_before_contract_start_is_refused_with_a_specific_message(services) -> None:
    account = _acme(services, contract_start=date(2026, 3, 1))
    with pytest.raises(ValidationError) as caught:
        services.accounts.update(account.id, renewal_date=date(2026, 1, 1))
    assert caught.value.errors == {
        "renewal_date": "renewal date 2026-01-01 is before contract start 2026-03-01"}
    assert services.accounts.get(account.id).renewal_date is None  # stored value untouched


def test_every_bad_field_is_reported_at_once(services: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        services.accounts.create(name="", arr_cents=-5, currency="dollars", website="not a site",
                                 founded=3000, segment="platinum")
    assert set(caught.value.errors) == {"name", "arr_cents", "currency", "website", "founded",
                                        "segment"}
    assert services.accounts.count() == 0


def test_account_names_are_unique_ignoring_case(services: Services) -> None:
    _acme(services)
    with pytest.raises(ValidationError, match="already exists"):
        services.accounts.create(name="ACME")
    other = services.accounts.create(name="Beta")
    with pytest.raises(ValidationError, match="already exists"):
        services.accounts.update(other.id, name="acme")


def test_archive_hides_and_unarchive_brings_back(services: Services) -> None:
    account = _acme(services)
    services.accounts.archive(account.id)
    assert services.accounts.list() == []
    assert [a.name for a in services.accounts.list(include_archived=True)] == ["Acme"]
    services.accounts.unarchive(account.id)
    assert [a.name for a in services.accounts.list()] == ["Acme"]
    actions = [e.action.value for e in services.activity.for_account(account.id)]
    assert actions[:2] == ["restored", "archived"]


def test_delete_keeps_the_deletion_on_record(services: Services) -> None:
    account = _acme(services)
    services.contacts.add(account.id, name="Dana", role="champion")
    services.accounts.delete(account.id)
    with pytest.raises(NotFoundError):
        services.accounts.get(account.id)
    assert services.activity.recent(1)[0].summary == "Account Acme deleted"


def test_a_refused_change_writes_no_activity(services: Services) -> None:
    account = _acme(services)
    before = len(services.activity.recent())
    with pytest.raises(ValidationError):
        services.accounts.update(account.id, employees=-1)
    services.accounts.update(account.id, employees=50)  # and a real change is logged
    entries = services.activity.recent()
    assert len(entries) == before + 1
    assert entries[0].changes == {"employees": [None, 50]}


def test_contacts_with_roles(services: Services) -> None:
    account = _acme(services)
    dana = services.contacts.add(account.id, name="Dana Okafor", role="Internal champion",
                                 email="dana@acme.example")
    services.contacts.update(dana.id, role=StakeholderRole.EXECUTIVE_SPONSOR)
    with pytest.raises(ValidationError, match="not an e-mail"):
        services.contacts.update(dana.id, email="dana at acme")
    contacts = services.contacts.for_account(account.id)
    assert [(c.name, c.role) for c in contacts] == [
        ("Dana Okafor", StakeholderRole.EXECUTIVE_SPONSOR)]
    services.contacts.remove(dana.id)
    assert services.contacts.for_account(account.id) == []


def test_canvas_lists_keep_their_order(services: Services) -> None:
    plan = services.plans.get(_acme(services).id)
    first = services.plans.add_item(plan.id, CanvasItemKind.OBJECTIVE, "Grow pipeline")
    second = services.plans.add_item(plan.id, CanvasItemKind.OBJECTIVE, "Cut churn")
    services.plans.add_item(plan.id, CanvasItemKind.OBJECTIVE, "Enter Spain", position=0)
    services.plans.add_item(plan.id, CanvasItemKind.CHALLENGE, "Small team")
    texts = lambda: [i.text for i in services.plans.get(plan.account_id).items_of(  # noqa: E731
        CanvasItemKind.OBJECTIVE)]
    assert texts() == ["Enter Spain", "Grow pipeline", "Cut churn"]
    services.plans.move_item(second.id, 0)
    assert texts() == ["Cut churn", "Enter Spain", "Grow pipeline"]
    services.plans.remove_item(first.id)
    services.plans.update_item(second.id, "Cut churn by half")
    assert texts() == ["Cut churn by half", "Enter Spain"]
    positions = [i.position for i in services.plans.get(plan.account_id).items_of(
        CanvasItemKind.OBJECTIVE)]
    assert positions == [0, 1]
    with pytest.raises(ValidationError, match="Objective is required"):
        services.plans.update_item(second.id, "   \x00  ")


def test_plan_status_and_assessment(services: Services) -> None:
    plan = services.plans.get(_acme(services).id)
    services.plans.update(plan.id, status="discovery session", likelihood="medium",
                          assessment_notes="Champion engaged; data quality is the risk.")
    stored = services.plans.get(plan.account_id)
    assert stored.status is PlanStatus.DISCOVERY and stored.likelihood.label == "Medium"
    summary = services.activity.for_account(plan.account_id)[0].summary
    assert summary == "Success plan moved to Discovery session"


def test_kpis_and_their_readings(services: Services) -> None:
    plan = services.plans.get(_acme(services).id)
    kpi = services.plans.add_kpi(plan.id, name="Leads per month", unit="leads", baseline=120,
                                 target="200", target_date=date(2027, 6, 30))
    services.plans.record_reading(kpi.id, date(2026, 12, 1), "140.5")
    services.plans.record_reading(kpi.id, date(2026, 12, 1), 150)  # same day: replaced
    services.plans.record_reading(kpi.id, date(2027, 1, 1), "161")
    stored = services.plans.get(plan.account_id).kpis[0]
    assert [(r.taken_on.month, r.value) for r in stored.readings] == [
        (12, Decimal(150)), (1, Decimal(161))]
    with pytest.raises(ValidationError, match="baseline 'lots' is not a number"):
        services.plans.update_kpi(kpi.id, baseline="lots")


def test_applying_a_critical_path_plans_milestones_from_kickoff(services: Services) -> None:
    plan = services.plans.get(_acme(services).id)
    template = next(t for t in services.templates.list()
                    if t.name == "Marketing software onboarding")
    milestones = services.critical_path.apply_template(plan.id, template.id, date(2026, 1, 5))
    planned = {m.name: m.planned_date for m in milestones}
    assert planned["Technical set-up"] == date(2026, 1, 12)  # week 1
    assert planned["Initial value"] == date(2026, 3, 2)  # week 8
    assert [m.name for m in milestones if m.is_first_value] == ["Initial value"]
    achievement = next(m for m in milestones if m.name == "Achievement")
    assert achievement.planned_end_date == date(2027, 1, 4)  # weeks 12-52


def test_milestones_and_barriers(services: Services) -> None:
    plan = services.plans.get(_acme(services).id)
    milestone = services.critical_path.add_milestone(
        plan.id, name="Go-live", planned_date=date(2026, 2, 1), owner="Dana",
        exit_criteria=["In production"])
    with pytest.raises(ValidationError, match="before the planned date"):
        services.critical_path.update_milestone(milestone.id, planned_end_date=date(2026, 1, 1))
    done = services.critical_path.update_milestone(milestone.id, actual_date=date(2026, 2, 9))
    assert done.status is MilestoneStatus.DONE
    services.critical_path.add_barrier(milestone.id, kind="our issue",
                                       description="Blog migration is slow")
    stored = services.critical_path.milestones(plan.id)[0]
    assert [(b.kind, b.description) for b in stored.barriers] == [
        (BarrierKind.OUR_ISSUE, "Blog migration is slow")]


def test_meetings_with_attendees_and_action_items(services: Services) -> None:
    account = _acme(services)
    dana = services.contacts.add(account.id, name="Dana", role="champion")
    meeting = services.meetings.create(
        account.id, title="Kick-off", held_on=date(2026, 1, 5), kind="kick-off",
        attendees=[AttendeeInput("", contact_id=dana.id), AttendeeInput("Alex", side="ours")])
    item = services.meetings.add_action(account.id, text="Send the roadmap", owner="Dana",
                                        due_date=date(2026, 1, 12), meeting_id=meeting.id)
    services.meetings.complete_action(item.id, on=date(2026, 1, 10))
    stored = services.meetings.get(meeting.id)
    assert [a.name for a in stored.attendees] == ["Dana", "Alex"]
    assert stored.action_items[0].done_on == date(2026, 1, 10)
    assert services.meetings.actions_for_account(account.id, open_only=True) == []
    services.meetings.reopen_action(item.id)
    assert len(services.meetings.actions_for_account(account.id, open_only=True)) == 1
    services.meetings.delete(meeting.id)  # action items stay with the account
    assert services.meetings.actions_for_account(account.id)[0].meeting_id is None


def test_an_action_item_cannot_point_at_another_accounts_meeting(services: Services) -> None:
    acme, beta = _acme(services), services.accounts.create(name="Beta")
    meeting = services.meetings.create(beta.id, title="Check-in", held_on=date(2026, 1, 5))
    with pytest.raises(ValidationError, match="another account"):
        services.meetings.add_action(acme.id, text="Oops", meeting_id=meeting.id)


def test_meeting_date_is_required_and_checked(services: Services) -> None:
    account = _acme(services)
    with pytest.raises(ValidationError, match="meeting date '2026-02-30' is no such date"):
        services.meetings.create(account.id, title="Check-in", held_on="2026-02-30")


@pytest.mark.parametrize(("kind", "score", "message"), [
    ("nps", 11, "NPS scores run from 0 to 10"), ("csat", 0, "CSAT scores run from 1 to 5")])
def test_survey_scores_out_of_range_are_refused(services, kind, score, message) -> None:
    account = _acme(services)
    with pytest.raises(ValidationError, match=message):
        services.signals.add_response(account.id, kind=kind, score=score,
                                      responded_on=date(2026, 1, 1))


def test_arr_changes_keep_the_accounts_arr_and_status_current(services: Services) -> None:
    account = _acme(services)
    services.signals.record_arr(account.id, effective_on=date(2025, 1, 1), kind="new",
                                arr_cents=100_000_00)
    services.signals.record_arr(account.id, effective_on=date(2026, 1, 1), kind="expansion",
                                arr_cents=130_000_00)
    services.signals.record_arr(account.id, effective_on=date(2099, 1, 1), kind="contraction",
                                arr_cents=90_000_00)  # not in effect yet
    assert services.accounts.get(account.id).arr_cents == 130_000_00
    churn = services.signals.record_arr(account.id, effective_on=date(2026, 6, 1), kind="churn",
                                        arr_cents=0)
    stored = services.accounts.get(account.id)
    assert (stored.arr_cents, stored.status) == (0, AccountStatus.CHURNED)
    services.signals.remove_arr_change(churn.id)
    stored = services.accounts.get(account.id)
    assert (stored.arr_cents, stored.status) == (130_000_00, AccountStatus.ACTIVE)


def test_control_characters_and_odd_unicode_are_cleaned(services: Services) -> None:
    account = services.accounts.create(name="Ac\u0301me\x00\x1b[31m Co\u200b", highlights=
                                       "Line one\r\nLine two\x07\n")
    assert account.name == "Aćme [31m Co"  # NFC, no control or zero-width characters
    assert account.highlights == "Line one\nLine two"


def test_huge_text_is_refused_with_its_size(services: Services) -> None:
    account = _acme(services)
    with pytest.raises(ValidationError, match="too long .250,001 characters"):
        services.accounts.update(account.id, highlights="x" * 250_001)


@given(st.integers(min_value=0, max_value=10**13), st.sampled_from(["USD", "EUR", "GBP"]))
def test_money_survives_formatting_and_parsing(cents: int, currency: str) -> None:
    assert parse_money(format_money(cents, currency)) == (cents, currency)


@given(st.text())
def test_cleaned_lines_have_no_control_characters_and_are_stable(text: str) -> None:
    line = clean_line(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in line)
    assert clean_line(line) == line
    assert clean_block(clean_block(text)) == clean_block(text)
