"""Risks on an account: record, escalate, mitigate with actions, close; and the proposals of
the early-warning rules, accepted as risks or dismissed with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from csdesk.errors import ValidationError
from csdesk.models import (
    Account,
    AccountStatus,
    ActionItem,
    ActivityAction,
    EscalationLevel,
    Risk,
    RiskKind,
    RiskSeverity,
    RiskStatus,
    Side,
)
from csdesk.sentences import sentence
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
from csdesk.services.early_warning import Proposal
from csdesk.services.proposals import dismiss

SEVERITY_ORDER = list(RiskSeverity)


def _arr(value: Any) -> int | None:
    return v.non_negative_int(value, "ARR at risk")


RISK_VALIDATORS = {
    "kind": enum_validator(RiskKind, "kind of risk"),
    "severity": enum_validator(RiskSeverity, "severity"),
    "status": enum_validator(RiskStatus, "status"),
    "title": lambda x: v.required_line(x, "title"),
    "description": lambda x: v.optional_block(x, "description"),
    "arr_at_risk_cents": _arr,
    "detected_on": date_validator("detected date", required=True),
    "owner": lambda x: v.optional_line(x, "owner"),
    "mitigation": lambda x: v.optional_block(x, "mitigation plan"),
    "closed_on": date_validator("closed date"),
}


@dataclass(frozen=True)
class OpenRisks:
    """An account's open risks at a glance (Today, Renewals, the account header)."""

    count: int
    worst: RiskSeverity | None
    arr_at_risk_cents: int

    @property
    def label(self) -> str:
        if not self.count:
            return ""
        return f"{self.count} open ({self.worst.label.lower()})" if self.worst else \
            f"{self.count} open"


class RiskService(Service):
    def for_account(self, account_id: int) -> list[Risk]:
        """Open risks first (most severe first), then the closed ones, newest first."""
        with self._uow() as session:
            risks = list(session.scalars(select(Risk).where(Risk.account_id == account_id)
                                         .options(selectinload(Risk.actions))))
        return sorted(risks, key=lambda r: (not r.status.is_open,
                                            -SEVERITY_ORDER.index(r.severity),
                                            -r.detected_on.toordinal(), r.id))

    def get(self, risk_id: int) -> Risk:
        with self._uow() as session:
            return session.scalar(select(Risk).where(Risk.id == risk_id)
                                  .options(selectinload(Risk.actions))) or \
                get_or_raise(session, Risk, risk_id, "risk")

    def create(self, account_id: int, *, rule: str | None = None, fact_key: str | None = None,
               **fields: Any) -> Risk:
        cleaned = validate_fields(fields, RISK_VALIDATORS)
        for required in ("title", "detected_on"):
            if required not in cleaned:
                raise ValidationError({required: f"{required.replace('_', ' ')} is required"})
        _check_closed(cleaned.get("status", RiskStatus.OPEN), cleaned.get("closed_on"))
        with self._uow() as session:
            get_or_raise(session, Account, account_id, "account")
            risk = Risk(account_id=account_id, rule=rule, fact_key=fact_key, **cleaned)
            session.add(risk)
            session.flush()
            record(session, account_id=account_id, entity="risk", entity_id=risk.id,
                   action=ActivityAction.CREATED,
                   summary=f"Risk '{risk.title}' ({risk.severity.label.lower()}) recorded")
        return risk

    def update(self, risk_id: int, *, originals: dict[str, Any] | None = None,
               **changes: Any) -> Risk:
        """``originals``: the values the edit began from (see refuse_overwrite)."""
        cleaned = validate_fields(changes, RISK_VALIDATORS)
        with self._uow() as session:
            risk = get_to_change(session, Risk, risk_id, "risk")
            refuse_overwrite(risk, cleaned, originals, RISK_VALIDATORS,
                             f"The risk '{risk.title}'")
            status = cleaned.get("status", risk.status)
            if "status" in cleaned and not status.is_open and risk.status.is_open \
                    and "closed_on" not in cleaned:
                raise ValidationError({"closed_on": "the date it was resolved or realised is "
                                                    "required"})
            if status.is_open:
                cleaned["closed_on"] = None
            _check_closed(status, cleaned.get("closed_on", risk.closed_on))
            diff = apply_changes(risk, cleaned)
            if diff:
                record(session, account_id=risk.account_id, entity="risk", entity_id=risk.id,
                       action=ActivityAction.UPDATED, summary=f"Risk '{risk.title}' updated",
                       changes=diff)
        return self.get(risk_id)

    def escalate(self, risk_id: int, level: EscalationLevel | str, on: date | None,
                 people: str | None) -> Risk:
        errors = {}
        try:
            level = level if isinstance(level, EscalationLevel) else EscalationLevel(level)
        except ValueError:
            errors["escalation_level"] = "raised internally or with the customer"
        if on is None:
            errors["escalated_on"] = "the date it was escalated is required"
        if errors:
            raise ValidationError(errors)
        assert isinstance(level, EscalationLevel) and on is not None  # else errors were raised
        people = _field("escalation_people", lambda: v.optional_block(people, "who was involved"))
        with self._uow() as session:
            risk = get_or_raise(session, Risk, risk_id, "risk")
            risk.escalated_on, risk.escalation_level, risk.escalation_people = on, level, people
            record(session, account_id=risk.account_id, entity="risk", entity_id=risk.id,
                   action=ActivityAction.UPDATED,
                   summary=f"Risk '{risk.title}' escalated: {level.label.lower()} on "
                           f"{on.isoformat()}" + (f" with {people}" if people else ""))
        return self.get(risk_id)

    def add_action(self, risk_id: int, text: str, owner: str | None = None,
                   due_date: date | None = None) -> ActionItem:
        """An action of the risk's mitigation plan: it shows in Today like any other."""
        text = _field("text", lambda: v.required_block(text, "action", 5000))
        owner = _field("owner", lambda: v.optional_line(owner, "owner"))
        with self._uow() as session:
            risk = get_or_raise(session, Risk, risk_id, "risk")
            item = ActionItem(account_id=risk.account_id, risk_id=risk.id, text=text,
                              owner=owner, owner_side=Side.OURS, due_date=due_date)
            session.add(item)
            if risk.status is RiskStatus.OPEN:
                risk.status = RiskStatus.MITIGATING
            session.flush()
            record(session, account_id=risk.account_id, entity="action", entity_id=item.id,
                   action=ActivityAction.CREATED,
                   summary=f"Action '{text[:80]}' added to the mitigation of '{risk.title}'")
        return item

    def delete(self, risk_id: int) -> None:
        with self._uow() as session:
            risk = get_or_raise(session, Risk, risk_id, "risk")
            record(session, account_id=risk.account_id, entity="risk", entity_id=risk.id,
                   action=ActivityAction.DELETED, summary=f"Risk '{risk.title}' deleted")
            session.delete(risk)

    # Proposals

    def accept(self, proposal: Proposal, **overrides: Any) -> Risk:
        fields = {"kind": proposal.kind, "severity": proposal.severity,
                  "title": proposal.title, "description": sentence(proposal.why),
                  "detected_on": proposal.detected_on,
                  "arr_at_risk_cents": proposal.arr_at_risk_cents, **overrides}
        return self.create(proposal.account_id, rule=proposal.rule, fact_key=proposal.fact_key,
                           **fields)

    def dismiss(self, proposal: Proposal, reason: str, today: date) -> None:
        with self._uow() as session:
            dismiss(session, proposal, reason, today, entity="risk",
                    summary=f"Early warning '{proposal.title}' dismissed")

    # Across the book

    def open_by_account(self, account_ids: list[int] | None = None) -> dict[int, OpenRisks]:
        with self._uow() as session:
            query = (select(Risk.account_id, Risk.severity, Risk.arr_at_risk_cents)
                     .join(Account, Account.id == Risk.account_id)
                     .where(Risk.status.in_([RiskStatus.OPEN, RiskStatus.MITIGATING]),
                            Account.archived_at.is_(None)))
            if account_ids is not None:
                query = query.where(Risk.account_id.in_(account_ids))
            rows = session.execute(query).all()
        grouped: dict[int, list[tuple[RiskSeverity, int]]] = {}
        for account_id, severity, cents in rows:
            grouped.setdefault(account_id, []).append((severity, cents or 0))
        return {account_id: OpenRisks(len(items),
                                      max((s for s, _ in items), key=SEVERITY_ORDER.index),
                                      sum(c for _, c in items))
                for account_id, items in grouped.items()}

    def open_risks(self) -> list[tuple[Risk, str]]:
        """Every open risk of the active book with its account's name, most severe first."""
        with self._uow() as session:
            rows = session.execute(
                select(Risk, Account.name).join(Account, Account.id == Risk.account_id)
                .where(Risk.status.in_([RiskStatus.OPEN, RiskStatus.MITIGATING]),
                       Account.archived_at.is_(None),
                       Account.status == AccountStatus.ACTIVE)).all()
        return sorted(((risk, name) for risk, name in rows),
                      key=lambda pair: (-SEVERITY_ORDER.index(pair[0].severity),
                                        pair[0].detected_on, pair[1].casefold()))


def _field(name: str, clean: Any) -> Any:
    """Run a cleaner; its refusal becomes a message at the field ``name``."""
    try:
        return clean()
    except ValueError as error:
        raise ValidationError({name: str(error)}) from None


def _check_closed(status: RiskStatus, closed_on: date | None) -> None:
    if not status.is_open and closed_on is None:
        raise ValidationError({"closed_on": "the date it was resolved or realised is required"})
