"""Dated signals: NPS/CSAT responses and ARR changes (which keep the account's ARR current)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from csdesk import clock
from csdesk.errors import ValidationError
from csdesk.models import (
    Account,
    AccountStatus,
    ActivityAction,
    ArrChange,
    ArrChangeKind,
    SurveyKind,
    SurveyResponse,
)
from csdesk.services import validation as v
from csdesk.services.base import (
    Service,
    date_validator,
    enum_validator,
    get_or_raise,
    record,
    validate_fields,
)

SCORE_RANGES = {SurveyKind.NPS: (0, 10), SurveyKind.CSAT: (1, 5)}

RESPONSE_VALIDATORS = {
    "kind": enum_validator(SurveyKind, "survey kind"),
    "responded_on": date_validator("response date", required=True),
    "score": lambda x: v.non_negative_int(x, "score", 10**6),  # range checked per kind below
    "comment": lambda x: v.optional_block(x, "comment", 20_000),
    "contact_id": lambda x: x,
}

ARR_VALIDATORS = {
    "effective_on": date_validator("effective date", required=True),
    "kind": enum_validator(ArrChangeKind, "kind of change"),
    "arr_cents": lambda x: v.non_negative_int(x, "ARR", 10**15),
    "note": lambda x: v.optional_block(x, "note", 5000),
}


class SignalService(Service):
    def add_response(self, account_id: int, **fields: Any) -> SurveyResponse:
        cleaned = validate_fields(fields, RESPONSE_VALIDATORS)
        for required in ("kind", "responded_on", "score"):
            if cleaned.get(required) is None:
                raise ValidationError({required: f"{required.replace('_', ' ')} is required"})
        low, high = SCORE_RANGES[cleaned["kind"]]
        if not low <= cleaned["score"] <= high:
            raise ValidationError({"score": f"{cleaned['kind'].label} scores run from {low} to "
                                            f"{high}; {cleaned['score']} is outside"})
        with self._uow() as session:
            account = get_or_raise(session, Account, account_id, "account")
            response = SurveyResponse(account=account, **cleaned)
            session.add(response)
            session.flush()
            record(session, account_id=account.id, entity="survey_response",
                   entity_id=response.id, action=ActivityAction.CREATED,
                   summary=f"{response.kind.label} response {response.score} on "
                           f"{response.responded_on.isoformat()}")
        return response

    def responses(self, account_id: int) -> list[SurveyResponse]:
        with self._uow() as session:
            query = (select(SurveyResponse).where(SurveyResponse.account_id == account_id)
                     .order_by(SurveyResponse.responded_on.desc()))
            return list(session.scalars(query))

    def remove_response(self, response_id: int) -> None:
        with self._uow() as session:
            response = get_or_raise(session, SurveyResponse, response_id, "survey response")
            record(session, account_id=response.account_id, entity="survey_response",
                   entity_id=response.id, action=ActivityAction.DELETED,
                   summary=f"{response.kind.label} response of "
                           f"{response.responded_on.isoformat()} removed")
            session.delete(response)

    def record_arr(self, account_id: int, **fields: Any) -> ArrChange:
        """Record the ARR in effect from a date; the account's ARR follows its newest change."""
        cleaned = validate_fields(fields, ARR_VALIDATORS)
        for required in ("effective_on", "kind", "arr_cents"):
            if cleaned.get(required) is None:
                raise ValidationError({required: f"{required.replace('_', ' ')} is required"})
        with self._uow() as session:
            account = get_or_raise(session, Account, account_id, "account")
            change = session.scalar(select(ArrChange).where(
                ArrChange.account_id == account_id,
                ArrChange.effective_on == cleaned["effective_on"]))
            if change is None:
                change = ArrChange(account=account, **cleaned)
                session.add(change)
            else:
                for key, value in cleaned.items():
                    setattr(change, key, value)
            session.flush()
            _sync_current_arr(session, account)
            record(session, account_id=account.id, entity="arr_change", entity_id=change.id,
                   action=ActivityAction.CREATED,
                   summary=f"ARR {change.kind.label.lower()}: "
                           f"{v.format_money(change.arr_cents, account.currency)} from "
                           f"{change.effective_on.isoformat()}")
        return change

    def arr_history(self, account_id: int) -> list[ArrChange]:
        with self._uow() as session:
            query = (select(ArrChange).where(ArrChange.account_id == account_id)
                     .order_by(ArrChange.effective_on))
            return list(session.scalars(query))

    def remove_arr_change(self, change_id: int) -> None:
        with self._uow() as session:
            change = get_or_raise(session, ArrChange, change_id, "ARR change",
                                  options=[joinedload(ArrChange.account)])
            account = change.account
            record(session, account_id=account.id, entity="arr_change", entity_id=change.id,
                   action=ActivityAction.DELETED,
                   summary=f"ARR change of {change.effective_on.isoformat()} removed")
            session.delete(change)
            session.flush()
            _sync_current_arr(session, account)


def _sync_current_arr(session: Any, account: Account, today: date | None = None) -> None:
    today = today or clock.today()
    current = session.scalar(
        select(ArrChange).where(ArrChange.account_id == account.id,
                                ArrChange.effective_on <= today)
        .order_by(ArrChange.effective_on.desc()).limit(1))
    if current is None:
        return
    account.arr_cents = current.arr_cents
    if current.kind is ArrChangeKind.CHURN or current.arr_cents == 0:
        account.status = AccountStatus.CHURNED
    elif account.status is AccountStatus.CHURNED:
        account.status = AccountStatus.ACTIVE
