"""The internal QBR brief: for the CSM and their manager before the review, never for the
customer. It is the pre-read's facts (the same DocumentFacts, so the two never disagree) and,
beside them, what stays inside: the health score and its components, the open risks, every
contact with our notes (detractors included), the CSM's sentiment and the commercials.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from csdesk.services.document_facts import DocumentFacts
from csdesk.services.executive_summary import summary_lines
from csdesk.services.validation import format_money


def brief_of(qbr: Any, facts: DocumentFacts, kpi_text: Any) -> Any:
    """The brief for ``qbr`` (the customer's pre-read, possibly edited), from ``facts``."""
    from csdesk.documents.data import BriefDocument

    fields = {f.name: getattr(qbr, f.name) for f in dataclasses.fields(qbr)}
    fields["customer_summary"] = fields.pop("summary")
    return BriefDocument(
        **fields, summary=summary_lines(facts, qbr.plan_90, kpi_text, internal=True),
        health=_health(facts), health_components=_components(facts),
        risks=_risks(facts), stakeholders=_stakeholders(facts),
        csm_sentiment=_sentiment(facts), commercials=_commercials(facts),
        likelihood=facts.plan.likelihood.label if facts.plan.likelihood else "not assessed yet",
        assessment=(facts.plan.assessment_notes or "").strip())


def _health(facts: DocumentFacts) -> str:
    score = facts.health
    if score is None:
        return "—"
    if score.score is not None and score.band is not None:
        return f"{score.score} ({score.band.label})"
    if score.left_book:
        return "not scored (the customer has left the book)"
    return f"not scored yet ({score.why_not})" if score.why_not else "not scored yet"


def _components(facts: DocumentFacts) -> list[Any]:
    from csdesk.documents.data import HealthLine

    score = facts.health
    if score is None or score.left_book:
        return []
    # Weights as the weight points the score's reasons speak of (the score is the mean of
    # the scored components by these weights).
    return [HealthLine(c.label, str(c.score) if c.score is not None else "—", str(c.weight),
                       c.reason) for c in score.components if c.weight]


def _risks(facts: DocumentFacts) -> list[Any]:
    from csdesk.documents.data import RiskLine

    account = facts.account
    return [RiskLine(
        r.title, r.severity.label,
        format_money(r.arr_at_risk_cents, account.currency) if r.arr_at_risk_cents else "—",
        (r.owner or "").strip() or "—", (r.mitigation or "").strip() or "no mitigation yet",
        f"{r.escalation_level.label} since {r.escalated_on.isoformat()}"
        if r.escalation_level and r.escalated_on else "—")
        for r in facts.risks]


def _stakeholders(facts: DocumentFacts) -> list[Any]:
    from csdesk.documents.data import StakeholderLine

    return [StakeholderLine(c.name, c.role.label, c.title or "—", (c.notes or "").strip()
                            or "—") for c in facts.account.contacts]


def _sentiment(facts: DocumentFacts) -> str:
    account = facts.account
    if account.sentiment is None:
        return "not recorded"
    note = f": {account.sentiment_note.strip()}" if account.sentiment_note else ""
    when = f" (set {account.sentiment_on.isoformat()})" if account.sentiment_on else ""
    return f"{account.sentiment} of 100{when}{note}"


def _commercials(facts: DocumentFacts) -> list[str]:
    """ARR, the renewal and the open opportunities with their next steps: the negotiation."""
    account = facts.account
    lines = [f"ARR {format_money(account.arr_cents, account.currency)}; "
             f"{account.segment.label}; lifecycle stage {account.lifecycle_stage.label}."]
    if facts.is_churned:
        lines.append("The customer has churned.")
    elif account.renewal_date is None:
        lines.append("No renewal date recorded.")
    elif account.renewal_date < facts.today:
        lines.append(f"The renewal date {account.renewal_date.isoformat()} has passed: "
                     "record the renewal or the churn.")
    else:
        days = (account.renewal_date - facts.today).days
        lines.append(f"Renewal {account.renewal_date.isoformat()}, in {days} days.")
    for o in facts.opportunities:
        arr = f", {format_money(o.expected_arr_cents, account.currency)} ARR" \
            if o.expected_arr_cents else ""
        step = f"; next step: {o.next_step}" if o.next_step else ""
        lines.append(f"{o.kind.label}: {o.title} ({o.stage.label}{arr}){step}.")
    if account.usage_notes:
        lines.append(f"Usage notes: {account.usage_notes.strip()}")
    return lines
