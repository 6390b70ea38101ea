"""Opportunities, advocacy proposals and the voice of the customer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from csdesk.errors import ValidationError
from csdesk.models import OpportunityKind, OpportunityStage
from csdesk.services import Services

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

TODAY = date(2026, 11, 23)


@pytest.fixture
def acme(services: Services) -> int:
    return services.accounts.create(name="Acme", arr_cents=120_000_00).id


@pytest.fixture
def globex(services: Services) -> int:
    return services.accounts.create(name="Globex", arr_cents=30_000_00).id


def test_opportunities_from_identified_to_won(services: Services, acme: int) -> None:
    maria = services.contacts.add(acme, name="Maria")
    item = services.growth.create_opportunity(
        acme, kind=OpportunityKind.UPSELL, title="Second team", expected_arr_cents=40_000_00,
        expected_on=TODAY + timedelta(days=40), next_step="Pricing call", contact_id=maria.id)
    assert item.stage is OpportunityStage.IDENTIFIED
    assert services.growth.open_by_account([acme])[acme].expected_arr_cents == 40_000_00
    with pytest.raises(ValidationError, match="won or lost"):
        services.growth.update_opportunity(item.id, stage=OpportunityStage.WON)
    services.growth.update_opportunity(item.id, stage=OpportunityStage.WON, closed_on=TODAY)
    assert services.growth.open_by_account([acme]) == {}
    [row] = services.growth.book()
    assert (row.account_name, row.stage, row.expected_arr_cents) == (
        "Acme", OpportunityStage.WON, 40_000_00)


def test_advocacy_has_no_arr_and_contacts_belong_to_the_account(
        services: Services, acme: int, globex: int) -> None:
    with pytest.raises(ValidationError, match="no expected ARR"):
        services.growth.create_opportunity(acme, kind=OpportunityKind.TESTIMONIAL,
                                           title="Quote", expected_arr_cents=100)
    stranger = services.contacts.add(globex, name="Hank")
    with pytest.raises(ValidationError, match="contact of this account"):
        services.growth.create_opportunity(acme, kind=OpportunityKind.REFERRAL,
                                           title="Intro", contact_id=stranger.id)


def test_promoters_and_first_value_propose_advocacy_once(services: Services, acme: int) -> None:
    maria = services.contacts.add(acme, name="Maria")
    services.signals.add_response(acme, kind="nps", score=10, responded_on=TODAY,
                                  contact_id=maria.id)
    services.signals.add_response(acme, kind="nps", score=7, responded_on=TODAY)  # passive
    [proposal] = services.growth.advocacy_proposals(TODAY, [acme])
    assert (proposal.kind, proposal.title) == (OpportunityKind.REFERRAL,
                                               "Referral or testimonial from Maria")
    opportunity = services.growth.accept(proposal)
    assert opportunity.contact_id == maria.id and opportunity.rule == "promoter_nps"
    assert services.growth.advocacy_proposals(TODAY, [acme]) == []


def test_a_dismissed_advocacy_proposal_needs_a_reason_and_stays_away(
        services: Services, acme: int) -> None:
    services.signals.add_response(acme, kind="nps", score=9, responded_on=TODAY)
    [proposal] = services.growth.advocacy_proposals(TODAY, [acme])
    with pytest.raises(ValidationError):
        services.growth.dismiss(proposal, "", TODAY)
    services.growth.dismiss(proposal, "They never do references", TODAY)
    assert services.growth.advocacy_proposals(TODAY, [acme]) == []


def test_similar_requests_share_one_gap_ranked_by_accounts_and_arr(
        services: Services, acme: int, globex: int) -> None:
    first = services.growth.log_request(acme, "We need SSO for contractors", TODAY,
                                        new_gap="SSO for contractors")
    assert [g.title for g in services.growth.similar_gaps("contractors cannot use SSO")] == \
        ["SSO for contractors"]
    services.growth.log_request(globex, "Contractors log in with SSO please", TODAY,
                                gap_id=first.gap_id)
    services.growth.log_request(acme, "Export dashboards to PDF", TODAY,
                                new_gap="PDF export of dashboards")
    services.growth.log_request(acme, "Again: SSO for contractors", TODAY,
                                new_gap="sso FOR contractors")  # the same gap, any case
    ranked = services.growth.ranked_gaps()
    assert [(g.title, g.accounts, g.requests, g.arr_cents) for g in ranked] == [
        ("SSO for contractors", 2, 3, 150_000_00), ("PDF export of dashboards", 1, 1, 120_000_00)]
    assert ranked[0].account_names == ["Acme", "Globex"]
    with pytest.raises(ValidationError) as refused:
        services.growth.log_request(acme, "", None)
    assert set(refused.value.errors) == {"quote", "requested_on", "gap"}


def test_picked_opportunities_go_into_the_qbr_plan(services: Services, acme: int) -> None:
    picked = services.growth.create_opportunity(
        acme, kind=OpportunityKind.CROSS_SELL, title="Analytics add-on",
        expected_arr_cents=12_000_00, next_step="Demo to the CMO")
    services.growth.create_opportunity(acme, kind=OpportunityKind.CASE_STUDY, title="Story")
    services.growth.pick_for_qbr(picked.id, True)
    plan = services.documents.qbr_document(acme, TODAY, charts=False).plan_90
    texts = [line.what for line in plan]
    assert "Cross-sell: Analytics add-on ($12,000 ARR); next step: Demo to the CMO" in texts
    assert not any("Story" in t for t in texts)


def test_the_demo_book_has_opportunities_and_requests(demo_services: Services) -> None:
    assert demo_services.growth.book()
    ranked = demo_services.growth.ranked_gaps()
    assert ranked and ranked[0].accounts >= 2
