"""Growth and the voice of the customer.

Opportunities: up-sell, cross-sell and renewal uplift (with expected ARR), and advocacy
(referral, testimonial, case study), each with a stage, an expected date, a next step and a
contact. Advocacy is *proposed* after a promoter NPS response or a first-value stage reached;
the CSM accepts or dismisses the proposal, as with early warnings (same dismissal table).

Voice of the customer: feature requests and product feedback per account (quote, contact,
date), each linked to one shared product gap, so the book-wide list ranks gaps by how many
accounts, and how much ARR, ask for them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from csdesk.errors import ValidationError
from csdesk.models import (
    Account,
    AccountStatus,
    ActivityAction,
    Contact,
    FeatureRequest,
    FeedbackKind,
    Milestone,
    Opportunity,
    OpportunityKind,
    OpportunityStage,
    ProductGap,
    SuccessPlan,
    SurveyKind,
    SurveyResponse,
)
from csdesk.services import validation as v
from csdesk.services.base import (
    Service,
    apply_changes,
    date_validator,
    enum_validator,
    get_or_raise,
    get_to_change,
    record,
    refuse_overwrite,
    validate_fields,
)
from csdesk.services.proposals import dismiss, handled_facts

ADVOCACY_LOOK_BACK_DAYS = 180
PROMOTER_FROM = 9


def _arr(value: Any) -> int | None:
    return v.non_negative_int(value, "expected ARR")


def _contact(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if not isinstance(value, int):
        raise ValueError("choose a contact of the account")
    return value


OPPORTUNITY_VALIDATORS = {
    "kind": enum_validator(OpportunityKind, "kind of opportunity"),
    "stage": enum_validator(OpportunityStage, "stage"),
    "title": lambda x: v.required_line(x, "title"),
    "expected_arr_cents": _arr,
    "expected_on": date_validator("expected date"),
    "next_step": lambda x: v.optional_block(x, "next step"),
    "contact_id": _contact,
    "closed_on": date_validator("closed date"),
}


@dataclass(frozen=True)
class AdvocacyProposal:
    account_id: int
    account_name: str
    rule: str  # promoter_nps or first_value
    fact_key: str
    kind: OpportunityKind
    title: str
    why: str
    contact_id: int | None
    since: date


@dataclass(frozen=True)
class OpenOpportunities:
    count: int
    expected_arr_cents: int


@dataclass(frozen=True)
class OpportunityRow:
    """An opportunity across the book (the Opportunities view)."""

    id: int
    account_id: int
    account_name: str
    kind: OpportunityKind
    stage: OpportunityStage
    title: str
    expected_arr_cents: int | None
    expected_on: date | None
    next_step: str | None


@dataclass(frozen=True)
class GapRow:
    """A product gap ranked by the accounts asking for it."""

    id: int
    title: str
    accounts: int
    requests: int
    arr_cents: int
    last_asked: date
    account_names: list[str]


class GrowthService(Service):
    # Opportunities

    def opportunities(self, account_id: int) -> list[Opportunity]:
        with self._uow() as session:
            rows = list(session.scalars(select(Opportunity)
                                        .where(Opportunity.account_id == account_id)
                                        .options(selectinload(Opportunity.contact))))
        return sorted(rows, key=lambda o: (not o.stage.is_open, o.expected_on or date.max, o.id))

    def create_opportunity(self, account_id: int, *, rule: str | None = None,
                           fact_key: str | None = None, **fields: Any) -> Opportunity:
        cleaned = validate_fields(fields, OPPORTUNITY_VALIDATORS)
        for required in ("kind", "title"):
            if required not in cleaned:
                raise ValidationError({required: f"{required} is required"})
        with self._uow() as session:
            get_or_raise(session, Account, account_id, "account")
            _check(session, account_id, cleaned)
            item = Opportunity(account_id=account_id, rule=rule, fact_key=fact_key, **cleaned)
            session.add(item)
            session.flush()
            record(session, account_id=account_id, entity="opportunity", entity_id=item.id,
                   action=ActivityAction.CREATED,
                   summary=f"Opportunity '{item.title}' ({item.kind.label.lower()}) added")
        return item

    def update_opportunity(self, opportunity_id: int, *,
                           originals: dict[str, Any] | None = None,
                           **changes: Any) -> Opportunity:
        """``originals``: the values the edit began from (see refuse_overwrite)."""
        cleaned = validate_fields(changes, OPPORTUNITY_VALIDATORS)
        with self._uow() as session:
            item = get_to_change(session, Opportunity, opportunity_id, "opportunity")
            refuse_overwrite(item, cleaned, originals, OPPORTUNITY_VALIDATORS,
                             f"The opportunity '{item.title}'")
            merged = {"kind": item.kind, "stage": item.stage, "closed_on": item.closed_on,
                      "expected_arr_cents": item.expected_arr_cents, **cleaned}
            if merged["stage"].is_open:
                cleaned["closed_on"] = merged["closed_on"] = None
            _check(session, item.account_id, merged)
            diff = apply_changes(item, cleaned)
            if diff:
                record(session, account_id=item.account_id, entity="opportunity",
                       entity_id=item.id, action=ActivityAction.UPDATED,
                       summary=f"Opportunity '{item.title}' updated", changes=diff)
        return item

    def pick_for_qbr(self, opportunity_id: int, picked: bool) -> Opportunity:
        with self._uow() as session:
            item = get_or_raise(session, Opportunity, opportunity_id, "opportunity")
            item.in_qbr = picked
        return item

    def delete_opportunity(self, opportunity_id: int) -> None:
        with self._uow() as session:
            item = get_or_raise(session, Opportunity, opportunity_id, "opportunity")
            record(session, account_id=item.account_id, entity="opportunity",
                   entity_id=item.id, action=ActivityAction.DELETED,
                   summary=f"Opportunity '{item.title}' deleted")
            session.delete(item)

    def open_by_account(self, account_ids: list[int]) -> dict[int, OpenOpportunities]:
        with self._uow() as session:
            rows = session.execute(
                select(Opportunity.account_id, func.count(),
                       func.coalesce(func.sum(Opportunity.expected_arr_cents), 0))
                .where(Opportunity.account_id.in_(account_ids),
                       Opportunity.stage.not_in([OpportunityStage.WON,
                                                 OpportunityStage.LOST]))
                .group_by(Opportunity.account_id)).all()
        return {account_id: OpenOpportunities(count, cents) for account_id, count, cents in rows}

    def book(self) -> list[OpportunityRow]:
        """Every opportunity of the active book: open ones first, soonest expected first."""
        with self._uow() as session:
            rows = session.execute(
                select(Opportunity.id, Opportunity.account_id, Account.name, Opportunity.kind,
                       Opportunity.stage, Opportunity.title, Opportunity.expected_arr_cents,
                       Opportunity.expected_on, Opportunity.next_step)
                .join(Account, Account.id == Opportunity.account_id)
                .where(Account.archived_at.is_(None))).all()
        found = [OpportunityRow(*row) for row in rows]
        return sorted(found, key=lambda r: (not r.stage.is_open, r.expected_on or date.max,
                                            r.account_name.casefold()))

    # Advocacy proposals

    def advocacy_proposals(self, today: date,
                           account_ids: list[int] | None = None) -> list[AdvocacyProposal]:
        since = today - timedelta(days=ADVOCACY_LOOK_BACK_DAYS)
        with self._uow() as session:
            live = [Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE]
            if account_ids is not None:
                live.append(Account.id.in_(account_ids))
            names = dict(session.execute(select(Account.id, Account.name).where(*live)).all())
            ids = list(names)
            known = handled_facts(session, Opportunity, ids)
            found = []
            for response_id, account_id, score, on, contact_id, contact in session.execute(
                    select(SurveyResponse.id, SurveyResponse.account_id, SurveyResponse.score,
                           SurveyResponse.responded_on, SurveyResponse.contact_id, Contact.name)
                    .outerjoin(Contact, Contact.id == SurveyResponse.contact_id)
                    .where(SurveyResponse.kind == SurveyKind.NPS,
                           SurveyResponse.score >= PROMOTER_FROM,
                           SurveyResponse.responded_on > since,
                           SurveyResponse.responded_on <= today,
                           SurveyResponse.account_id.in_(ids))):
                who = contact or "a promoter"
                found.append(AdvocacyProposal(
                    account_id, names[account_id], "promoter_nps", f"response:{response_id}",
                    OpportunityKind.REFERRAL, f"Referral or testimonial from {who}",
                    f"NPS {score} on {on.isoformat()}", contact_id, on))
            for milestone_id, account_id, name, reached in session.execute(
                    select(Milestone.id, SuccessPlan.account_id, Milestone.name,
                           Milestone.actual_date)
                    .join(SuccessPlan, SuccessPlan.id == Milestone.plan_id)
                    .where(Milestone.is_first_value.is_(True),
                           Milestone.actual_date > since, Milestone.actual_date <= today,
                           SuccessPlan.account_id.in_(ids))):
                found.append(AdvocacyProposal(
                    account_id, names[account_id], "first_value", f"milestone:{milestone_id}",
                    OpportunityKind.CASE_STUDY, "Case study on reaching first value",
                    f"{name} (first value) reached on {reached.isoformat()}", None, reached))
        fresh = [p for p in found if (p.account_id, p.rule, p.fact_key) not in known]
        return sorted(fresh, key=lambda p: (p.account_name.casefold(), p.since))

    def accept(self, proposal: AdvocacyProposal, **overrides: Any) -> Opportunity:
        fields = {"kind": proposal.kind, "title": proposal.title,
                  "next_step": f"Ask: {proposal.why}.", "contact_id": proposal.contact_id,
                  **overrides}
        return self.create_opportunity(proposal.account_id, rule=proposal.rule,
                                       fact_key=proposal.fact_key, **fields)

    def dismiss(self, proposal: AdvocacyProposal, reason: str, today: date) -> None:
        with self._uow() as session:
            dismiss(session, proposal, reason, today, entity="opportunity",
                    summary=f"Proposed '{proposal.title}' dismissed")

    # Voice of the customer

    def gaps(self) -> list[ProductGap]:
        with self._uow() as session:
            return list(session.scalars(select(ProductGap).order_by(ProductGap.title)))

    def similar_gaps(self, text: str, limit: int = 5) -> list[ProductGap]:
        """Existing gaps whose words overlap the most with ``text`` (best first)."""
        words = _words(text)
        if not words:
            return []
        scored = []
        for gap in self.gaps():
            theirs = _words(gap.title + " " + (gap.description or ""))
            overlap = len(words & theirs) / len(words | theirs) if theirs else 0
            if overlap > 0:
                scored.append((overlap, gap.title.casefold(), gap))
        return [gap for *_key, gap in sorted(scored, key=lambda s: (-s[0], s[1]))[:limit]]

    def log_request(self, account_id: int, quote: str, requested_on: date | None, *,
                    gap_id: int | None = None, new_gap: str | None = None,
                    contact_id: int | None = None,
                    kind: FeedbackKind = FeedbackKind.FEATURE_REQUEST) -> FeatureRequest:
        """Log feedback, linked to an existing product gap or to a new one."""
        errors = {}
        try:
            kind = FeedbackKind(kind)
        except ValueError:
            errors["kind"] = "a feature request or product feedback"
        try:
            quote = v.required_block(quote, "quote", 5000)
        except ValueError as error:
            errors["quote"] = str(error)
        if requested_on is None:
            errors["requested_on"] = "the date it was asked is required"
        title = None
        if gap_id is None:
            try:
                title = v.required_line(new_gap, "product gap")
            except ValueError:
                errors["gap"] = "choose a product gap, or name a new one"
        if errors:
            raise ValidationError(errors)
        with self._uow() as session:
            get_or_raise(session, Account, account_id, "account")
            if gap_id is None:
                assert title is not None  # required_line gave it, or errors were raised
                gap = session.scalar(select(ProductGap).where(
                    func.lower(ProductGap.title) == title.lower()))
                if gap is None:
                    gap = ProductGap(title=title)
                    session.add(gap)
                    session.flush()
            else:
                gap = get_or_raise(session, ProductGap, gap_id, "product gap")
            item = FeatureRequest(account_id=account_id, gap_id=gap.id, kind=kind,
                                  contact_id=contact_id, quote=quote, requested_on=requested_on)
            session.add(item)
            session.flush()
            record(session, account_id=account_id, entity="feature_request", entity_id=item.id,
                   action=ActivityAction.CREATED,
                   summary=f"{kind.label} logged: {gap.title}")
        return item

    def requests(self, account_id: int) -> list[FeatureRequest]:
        with self._uow() as session:
            return list(session.scalars(
                select(FeatureRequest).where(FeatureRequest.account_id == account_id)
                .options(selectinload(FeatureRequest.gap),
                         selectinload(FeatureRequest.contact))
                .order_by(FeatureRequest.requested_on.desc(), FeatureRequest.id.desc())))

    def delete_request(self, request_id: int) -> None:
        with self._uow() as session:
            item = get_or_raise(session, FeatureRequest, request_id, "feature request")
            record(session, account_id=item.account_id, entity="feature_request",
                   entity_id=item.id, action=ActivityAction.DELETED,
                   summary="Feedback removed")
            session.delete(item)

    def ranked_gaps(self) -> list[GapRow]:
        """Product gaps by the number of (active) accounts asking, then by their ARR."""
        with self._uow() as session:
            rows = session.execute(
                select(ProductGap.id, ProductGap.title, FeatureRequest.account_id,
                       Account.name, Account.arr_cents, FeatureRequest.requested_on)
                .join(FeatureRequest, FeatureRequest.gap_id == ProductGap.id)
                .join(Account, Account.id == FeatureRequest.account_id)
                .where(Account.archived_at.is_(None))).all()
        grouped: dict[int, dict[str, Any]] = {}
        for gap_id, title, account_id, name, arr, on in rows:
            entry = grouped.setdefault(gap_id, {"title": title, "accounts": {}, "requests": 0,
                                                "last": on})
            entry["accounts"][account_id] = (name, arr)
            entry["requests"] += 1
            entry["last"] = max(entry["last"], on)
        ranked = [GapRow(gap_id, e["title"], len(e["accounts"]), e["requests"],
                         sum(arr for _name, arr in e["accounts"].values()), e["last"],
                         sorted((name for name, _arr in e["accounts"].values()),
                                key=str.casefold))
                  for gap_id, e in grouped.items()]
        return sorted(ranked, key=lambda g: (-g.accounts, -g.arr_cents, g.title.casefold()))


def totals_by_kind_and_stage(rows: list[OpportunityRow]) -> dict[tuple[str, str], tuple[int, int]]:
    """{(kind label, stage label): (count, expected ARR in cents)} for the open and closed."""
    counts: Counter[tuple[str, str]] = Counter()
    cents: Counter[tuple[str, str]] = Counter()
    for row in rows:
        key = (row.kind.label, row.stage.label)
        counts[key] += 1
        cents[key] += row.expected_arr_cents or 0
    return {key: (counts[key], cents[key]) for key in counts}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.casefold()) if len(w) > 2}


def _check(session: Any, account_id: int, values: dict[str, Any]) -> None:
    kind, stage = values.get("kind"), values.get("stage", OpportunityStage.IDENTIFIED)
    if kind is not None and not kind.is_commercial and values.get("expected_arr_cents"):
        raise ValidationError({"expected_arr_cents": f"a {kind.label.lower()} has no "
                                                     "expected ARR"})
    if stage is not None and not stage.is_open and values.get("closed_on") is None:
        raise ValidationError({"closed_on": "the date it was won or lost is required"})
    contact_id = values.get("contact_id")
    if contact_id is not None and session.scalar(select(Contact.account_id).where(
            Contact.id == contact_id)) != account_id:
        raise ValidationError({"contact_id": "choose a contact of this account"})
