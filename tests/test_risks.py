"""Risks and escalations, and the early-warning rules that propose them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from csdesk.errors import ValidationError
from csdesk.models import EscalationLevel, RiskKind, RiskSeverity, RiskStatus, StakeholderRole
from csdesk.services import Services

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

TODAY = date(2026, 11, 23)


@pytest.fixture
def acme(services: Services) -> int:
    return services.accounts.create(name="Acme", arr_cents=120_000_00,
                                    contract_start=date(2026, 1, 5),
                                    renewal_date=TODAY + timedelta(days=60)).id


def _rules(services: Services, account_id: int) -> set[str]:
    return {p.rule for p in services.early_warning.proposals(TODAY, [account_id])}


def test_a_risk_is_recorded_escalated_mitigated_and_closed(services: Services,
                                                           acme: int) -> None:
    risk = services.risks.create(acme, title="Budget review", kind=RiskKind.BUDGET,
                                 severity=RiskSeverity.HIGH, detected_on=TODAY,
                                 arr_at_risk_cents=50_000_00, owner="Alex")
    assert risk.status is RiskStatus.OPEN
    services.risks.escalate(risk.id, EscalationLevel.CUSTOMER, TODAY, "Their CFO, our CRO")
    item = services.risks.add_action(risk.id, "Prepare the ROI one-pager", "Alex",
                                     TODAY + timedelta(days=3))
    again = services.risks.get(risk.id)
    assert again.status is RiskStatus.MITIGATING  # an action means mitigation has started
    assert (again.escalation_level, again.escalation_people) == (EscalationLevel.CUSTOMER,
                                                                 "Their CFO, our CRO")
    assert [a.text for a in again.actions] == ["Prepare the ROI one-pager"]
    due = [i.text for i in services.book.today(TODAY).due]
    assert "Prepare the ROI one-pager" in due and item.risk_id == risk.id  # in Today
    open_now = services.risks.open_by_account([acme])[acme]
    assert (open_now.count, open_now.worst, open_now.arr_at_risk_cents) == (
        1, RiskSeverity.HIGH, 50_000_00)
    with pytest.raises(ValidationError, match="resolved or realised"):
        services.risks.update(risk.id, status=RiskStatus.RESOLVED)
    closed = services.risks.update(risk.id, status=RiskStatus.RESOLVED, closed_on=TODAY)
    assert closed.closed_on == TODAY and services.risks.open_by_account([acme]) == {}


@pytest.mark.parametrize("fields, field", [
    ({"title": "", "detected_on": TODAY}, "title"),
    ({"title": "x"}, "detected_on"),
    ({"title": "x", "detected_on": TODAY, "arr_at_risk_cents": -5}, "arr_at_risk_cents"),
    ({"title": "x", "detected_on": TODAY, "severity": "huge"}, "severity"),
    ({"title": "x", "detected_on": TODAY, "status": "realised"}, "closed_on"),
])
def test_bad_risks_are_refused_at_the_field(services: Services, acme: int, fields: dict,
                                            field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.risks.create(acme, **fields)
    assert field in refused.value.errors
    assert services.risks.for_account(acme) == []


def test_open_risks_lower_health_and_say_why(services: Services, acme: int) -> None:
    services.meetings.create(acme, title="Check-in", held_on=TODAY - timedelta(days=3))
    services.signals.add_response(acme, kind="nps", score=9, responded_on=TODAY)  # enough data
    before = services.health.explain(acme, TODAY)
    assert next(c for c in before.components if c.key == "risks").reason == "no open risk"
    services.risks.create(acme, title="Champion leaving", severity=RiskSeverity.CRITICAL,
                          detected_on=TODAY)
    after = services.health.explain(acme, TODAY)
    risks = next(c for c in after.components if c.key == "risks")
    assert risks.score == 30 and "Champion leaving (critical)" in risks.reason
    assert after.score < before.score


def test_renewals_and_the_internal_brief_show_open_risks(services: Services, acme: int) -> None:
    services.risks.create(acme, title="Competitor pilot", severity=RiskSeverity.HIGH,
                          detected_on=TODAY, mitigation="Demo the new scoring model")
    services.health.refresh(TODAY)
    row = next(r for r in services.renewals.pipeline(TODAY).rows if r.account_id == acme)
    assert (row.open_risks, row.worst_risk, row.risks_label) == (1, RiskSeverity.HIGH,
                                                                 "1 (high)")
    assert row.at_risk
    brief = services.documents.brief_document(acme, TODAY, charts=False)
    assert "Risk (high): Competitor pilot. Mitigation: Demo the new scoring model" in \
        brief.summary
    assert [(r.title, r.severity, r.mitigation) for r in brief.risks] == [
        ("Competitor pilot", "High", "Demo the new scoring model")]
    customer = services.documents.qbr_document(acme, TODAY, charts=False)
    assert not any("Competitor pilot" in line for line in customer.insights + customer.summary)


def test_each_rule_proposes_from_its_facts(services: Services, acme: int) -> None:
    # No meeting since the contract started (January) and a renewal in 60 days: a warning
    # since the 46th day (the rule allows 45), not since the day it was looked at.
    assert "no_meeting" in _rules(services, acme)
    quiet = next(p for p in services.early_warning.proposals(TODAY, [acme])
                 if p.rule == "no_meeting")
    assert quiet.detected_on == date(2026, 1, 5) + timedelta(days=46)
    champion = services.contacts.add(acme, name="Maria", role=StakeholderRole.CHAMPION)
    services.contacts.remove(champion.id)
    services.signals.add_response(acme, kind="nps", score=2, responded_on=TODAY,
                                  comment="Support is too slow")
    rules = _rules(services, acme)
    assert {"no_meeting", "champion_left", "nps_detractor"} <= rules
    detractor = next(p for p in services.early_warning.proposals(TODAY, [acme])
                     if p.rule == "nps_detractor")
    assert detractor.severity is RiskSeverity.HIGH and "Support is too slow" in detractor.why


def test_a_dismissed_proposal_stays_dismissed_until_the_facts_change(services: Services,
                                                                     acme: int) -> None:
    proposal = next(p for p in services.early_warning.proposals(TODAY, [acme])
                    if p.rule == "no_meeting")
    with pytest.raises(ValidationError):
        services.risks.dismiss(proposal, "  ", TODAY)  # a reason is required
    services.risks.dismiss(proposal, "They are on holiday until December", TODAY)
    assert "no_meeting" not in _rules(services, acme)
    services.meetings.create(acme, title="Check-in", held_on=TODAY - timedelta(days=100))
    assert "no_meeting" in _rules(services, acme)  # a new silence: a new proposal


def test_an_accepted_proposal_becomes_a_risk_and_is_not_proposed_again(
        services: Services, acme: int) -> None:
    proposal = next(p for p in services.early_warning.proposals(TODAY, [acme])
                    if p.rule == "no_meeting")
    risk = services.risks.accept(proposal, owner="Alex")
    assert (risk.kind, risk.rule, risk.owner) == (RiskKind.ENGAGEMENT, "no_meeting", "Alex")
    assert risk.description.startswith("No meeting since the contract started")
    assert "no_meeting" not in _rules(services, acme)


def test_rules_and_thresholds_are_settings(services: Services, acme: int) -> None:
    services.meetings.create(acme, title="Check-in", held_on=TODAY - timedelta(days=30))
    assert "no_meeting" not in _rules(services, acme)  # 30 days: within the default 45
    services.early_warning.set_settings({"no_meeting": {"enabled": True, "days": 21}})
    assert "no_meeting" in _rules(services, acme)
    services.early_warning.set_settings({"no_meeting": {"enabled": False, "days": 21}})
    assert "no_meeting" not in _rules(services, acme)
    with pytest.raises(ValidationError, match="whole number"):
        services.early_warning.set_settings({"no_meeting": {"days": 0}})
    with pytest.raises(ValidationError, match="no rule"):
        services.early_warning.set_settings({"lunar_phase": {"days": 3}})


def test_the_demo_book_has_risks_and_early_warnings(demo_services: Services) -> None:
    assert demo_services.risks.open_risks()
    rules = {p.rule for p in demo_services.early_warning.proposals(TODAY)}
    assert len(rules) >= 3
