"""The demo book's risks, opportunities and product feedback.

Each account draws them from its own random stream (seeded with its name), so adding them left
the rest of the demo book as it was; only the dates said as "some days ago" come from the
book's own stream (``BookBuilder.days``), as they always have.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from csdesk.models import (
    ActionItem,
    EscalationLevel,
    FeatureRequest,
    FeedbackKind,
    Opportunity,
    OpportunityStage,
    ProductGap,
    Risk,
    RiskSeverity,
    RiskStatus,
    Side,
)
from csdesk.services.demo_content import GAPS, OPPORTUNITIES, OUR_TEAM, RISKS

if TYPE_CHECKING:
    from csdesk.services.demo_builder import BookBuilder


def add_risks(builder: BookBuilder, account: dict[str, Any]) -> None:
    """About a third of the accounts carry risks: open, mitigated, escalated or closed.
    Their own random stream, so the rest of the demo book stays as it was."""
    rng, today = random.Random(f"risks:{account['name']}"), builder.today
    if rng.random() > 0.35:
        return
    for kind, severity, title, what, plan, actions in rng.sample(RISKS, rng.randint(1, 2)):
        # Seen since the account began: a risk (and its actions) never predates the customer.
        known = (today - account["contract_start"]).days if account["contract_start"] else 120
        detected = today - timedelta(days=rng.randint(min(3, known), max(0, min(120, known))))
        status = rng.choices(list(RiskStatus), weights=[4, 4, 2, 1])[0]
        risk = builder.rows.add(
            Risk, account_id=account["id"], kind=kind, severity=severity, status=status,
            title=title, description=what, mitigation=plan, detected_on=detected,
            owner=OUR_TEAM[0], arr_at_risk_cents=account["arr_cents"] or None,
            closed_on=None if status.is_open
            else min(today, detected + timedelta(days=rng.randint(10, 60))),
            escalated_on=None, escalation_level=None, escalation_people=None, rule=None,
            fact_key=None)
        if severity is RiskSeverity.HIGH and rng.random() < 0.6:
            risk["escalated_on"] = detected + timedelta(days=rng.randint(1, 10))
            risk["escalation_level"] = rng.choice(list(EscalationLevel))
            risk["escalation_people"] = rng.choice(
                ["VP Customer Success, account executive", "Their CMO and our CRO",
                 "Head of support, product manager"])
        for action in actions:
            due = detected + timedelta(days=rng.randint(7, 45))
            done = min(due, today) if (not status.is_open or (due < today and rng.random() < 0.5)) \
                else None
            builder.rows.add(ActionItem, account_id=account["id"], meeting_id=None,
                             milestone_id=None, risk_id=risk["id"], text=action,
                             owner=OUR_TEAM[0], owner_side=Side.OURS, due_date=due,
                             done_on=done)


def add_growth(builder: BookBuilder, account: dict[str, Any],
               contacts: list[dict[str, Any]]) -> None:
    """Opportunities on about 40% of the accounts, feedback from about half; their own
    random stream, like the risks."""
    rng, today = random.Random(f"growth:{account['name']}"), builder.today
    arr_cents = account["arr_cents"]
    if rng.random() < 0.4:
        for kind, title, step, share in rng.sample(OPPORTUNITIES, rng.randint(1, 2)):
            stage = rng.choices(list(OpportunityStage), weights=[4, 3, 2, 1, 1])[0]
            expected = (int(arr_cents * share) if share is not None and arr_cents
                        else None)
            builder.rows.add(
                Opportunity, account_id=account["id"], kind=kind, stage=stage,
                title=title, next_step=step, expected_arr_cents=expected,
                in_qbr=rng.random() < 0.3,
                expected_on=today + timedelta(days=rng.randint(14, 160)),
                contact_id=rng.choice(contacts)["id"] if contacts else None,
                closed_on=None if stage.is_open else today - builder.days(5, 60),
                rule=None, fact_key=None)
    if rng.random() < 0.5:
        for gap_title, quotes in rng.sample(GAPS[:5], rng.randint(1, 2)) + (
                [rng.choice(GAPS[5:])] if rng.random() < 0.3 else []):
            builder.rows.add(
                FeatureRequest, account_id=account["id"], gap_id=_gap(builder, gap_title),
                kind=FeedbackKind.FEATURE_REQUEST, quote=rng.choice(quotes),
                contact_id=rng.choice(contacts)["id"] if contacts else None,
                requested_on=today - timedelta(days=rng.randint(3, 200)))


def _gap(builder: BookBuilder, title: str) -> int:
    """One shared gap per title across the whole demo book: its id."""
    found = builder.gaps.get(title)
    if found is None:
        found = builder.gaps[title] = builder.rows.add(ProductGap, title=title,
                                                       description=None)["id"]
    return found
