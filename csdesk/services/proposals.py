"""What early warnings and advocacy proposals share: the facts already handled (accepted as a
record, or dismissed) and dismissing one with a reason."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from csdesk.errors import ValidationError
from csdesk.models import ActivityAction, DismissedProposal
from csdesk.services import validation as v
from csdesk.services.base import record


def handled_facts(session: Session, accepted_as: Any,
                  account_ids: Sequence[int]) -> set[Row[int, str, str]]:
    """(account, rule, facts) already accepted as an ``accepted_as`` row, or dismissed."""
    ids = list(account_ids)
    handled: set[Row[int, str, str]] = set(session.execute(
        select(accepted_as.account_id, accepted_as.rule, accepted_as.fact_key)
        .where(accepted_as.rule.is_not(None), accepted_as.account_id.in_(ids))).all())
    handled |= set(session.execute(
        select(DismissedProposal.account_id, DismissedProposal.rule, DismissedProposal.fact_key)
        .where(DismissedProposal.account_id.in_(ids))).all())
    return handled


def dismiss(session: Session, proposal: Any, reason: str, today: date, *, entity: str,
            summary: str) -> None:
    """Keep the dismissal (it never comes back for the same facts), with its reason."""
    try:
        reason = v.required_block(reason, "reason", 2000)
    except ValueError as error:
        raise ValidationError({"reason": str(error)}) from None
    session.add(DismissedProposal(account_id=proposal.account_id, rule=proposal.rule,
                                  fact_key=proposal.fact_key, reason=reason,
                                  dismissed_on=today))
    record(session, account_id=proposal.account_id, entity=entity, entity_id=None,
           action=ActivityAction.DELETED, summary=f"{summary}: {reason}")
