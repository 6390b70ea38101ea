"""Accounts: the customers in the book, created, edited, archived and found by name or id."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from csdesk import clock
from csdesk.errors import ConflictError, NotFoundError, ValidationError
from csdesk.models import (
    Account,
    AccountStatus,
    ActivityAction,
    LifecycleStage,
    Segment,
    SuccessPlan,
)
from csdesk.models.base import utcnow
from csdesk.services import validation as v
from csdesk.services.base import (
    Service,
    apply_changes,
    date_validator,
    enum_validator,
    field_names,
    get_or_raise,
    get_to_change,
    record,
    refuse_overwrite,
    validate_fields,
)
from csdesk.services.renewals import ensure_start_renewal_items

# A change to one of these can bring a renewal into the 90-day window (or move it): the
# start-renewal checkpoint is checked in the same transaction.
RENEWAL_FIELDS = {"renewal_date", "status"}


def _health(value: Any) -> int | None:
    score = v.non_negative_int(value, "health score")
    if score is not None and score > 100:
        raise ValueError("health score must be between 0 and 100")
    return score


ACCOUNT_VALIDATORS = {
    "name": lambda x: v.required_line(x, "name"),
    "industry": lambda x: v.optional_line(x, "industry", 120),
    "website": v.website,
    "employees": lambda x: v.non_negative_int(x, "employees", 10_000_000),
    "offices": lambda x: v.non_negative_int(x, "offices", 100_000),
    "founded": v.year,
    "highlights": lambda x: v.optional_block(x, "highlights"),
    "segment": enum_validator(Segment, "segment"),
    "edition": lambda x: v.optional_line(x, "edition", 120),
    "lifecycle_stage": enum_validator(LifecycleStage, "lifecycle stage"),
    "arr_cents": lambda x: v.non_negative_int(x, "ARR", 10**15) or 0,
    "currency": v.currency,
    "contract_start": date_validator("contract start"),
    "renewal_date": date_validator("renewal date"),
    "status": enum_validator(AccountStatus, "status"),
    "health_score": _health,
    "usage_notes": lambda x: v.optional_block(x, "usage notes"),
    "owner": lambda x: v.optional_line(x, "owner"),
}


def name_key(name: str) -> str:
    return v.clean_line(name).casefold()


def check_account_dates(contract_start: date | None, renewal_date: date | None) -> None:
    if contract_start and renewal_date and renewal_date < contract_start:
        raise ValidationError({"renewal_date": (
            f"renewal date {renewal_date.isoformat()} is before contract start "
            f"{contract_start.isoformat()}")})


def with_status_of_stage(values: dict[str, Any], current: AccountStatus | None) -> dict[str, Any]:
    """The lifecycle stage Churned and the churned status go together: setting the stage to
    Churned churns the account (it renews no more), moving it out of Churned makes it active
    again, unless the same change sets the status itself."""
    stage = values.get("lifecycle_stage")
    if stage is None or "status" in values:
        return values
    if stage is LifecycleStage.CHURNED and current is not AccountStatus.CHURNED:
        return {**values, "status": AccountStatus.CHURNED}
    if stage is not LifecycleStage.CHURNED and current is AccountStatus.CHURNED:
        return {**values, "status": AccountStatus.ACTIVE}
    return values


class AccountService(Service):
    def create(self, **fields: Any) -> Account:
        cleaned = with_status_of_stage(validate_fields(fields, ACCOUNT_VALIDATORS), None)
        if "name" not in cleaned:
            raise ValidationError({"name": "name is required"})
        check_account_dates(cleaned.get("contract_start"), cleaned.get("renewal_date"))
        with self._uow() as session:
            self._ensure_name_free(session, cleaned["name"])
            account = Account(name_key=name_key(cleaned["name"]), **cleaned)
            account.plan = SuccessPlan()
            session.add(account)
            session.flush()
            record(session, account_id=account.id, entity="account", entity_id=account.id,
                   action=ActivityAction.CREATED, summary=f"Account {account.name} created")
            if account.renewal_date is not None:  # renewing within 90 days: its checkpoint
                ensure_start_renewal_items(session, clock.today(), [account.id])
        return account

    def update(self, account_id: int, *, expected_version: int | None = None,
               originals: dict[str, Any] | None = None, **changes: Any) -> Account:
        """Change some fields. ``originals`` (the values the edit began from) guards against
        lost updates: a change someone else saved meanwhile to one of the same fields raises
        ConflictError instead of being overwritten; their changes to other fields are kept.
        ``expected_version`` (the account's version then) skips that check when nobody has
        saved the account since."""
        cleaned = validate_fields(changes, ACCOUNT_VALIDATORS)
        try:
            return self._update(account_id, cleaned, expected_version, originals)
        except StaleDataError:  # saved by someone else between our read and our write
            raise ConflictError("the account", {}) from None

    def _update(self, account_id: int, cleaned: dict[str, Any], expected_version: int | None,
                originals: dict[str, Any] | None) -> Account:
        with self._uow() as session:
            account = get_to_change(session, Account, account_id, "account")
            if expected_version is None or account.version != expected_version:
                refuse_overwrite(account, cleaned, originals, ACCOUNT_VALIDATORS,
                                 f"The account {account.name}")
            cleaned = with_status_of_stage(cleaned, account.status)
            check_account_dates(cleaned.get("contract_start", account.contract_start),
                                cleaned.get("renewal_date", account.renewal_date))
            if "name" in cleaned and name_key(cleaned["name"]) != account.name_key:
                self._ensure_name_free(session, cleaned["name"], except_id=account.id)
                account.name_key = name_key(cleaned["name"])
            diff = apply_changes(account, cleaned)
            if diff:
                record(session, account_id=account.id, entity="account", entity_id=account.id,
                       action=ActivityAction.UPDATED,
                       summary=f"Account {account.name}: {field_names(diff)} changed",
                       changes=diff)
            if RENEWAL_FIELDS & diff.keys():  # the renewal may have entered the window, or moved
                ensure_start_renewal_items(session, clock.today(), [account.id])
        return account

    def archive(self, account_id: int) -> Account:
        return self._set_archived(account_id, archived=True)

    def unarchive(self, account_id: int) -> Account:
        return self._set_archived(account_id, archived=False)

    def _set_archived(self, account_id: int, *, archived: bool) -> Account:
        with self._uow() as session:
            account = get_or_raise(session, Account, account_id, "account")
            if account.is_archived == archived:
                return account
            account.archived_at = utcnow() if archived else None
            action = ActivityAction.ARCHIVED if archived else ActivityAction.RESTORED
            record(session, account_id=account.id, entity="account", entity_id=account.id,
                   action=action, summary=f"Account {account.name} {action.value}")
            if not archived:
                ensure_start_renewal_items(session, clock.today(), [account.id])
        return account

    def delete(self, account_id: int) -> None:
        """Delete an account and everything that belongs to it (its log entries are kept)."""
        with self._uow() as session:
            account = get_or_raise(session, Account, account_id, "account")
            record(session, account_id=None, entity="account", entity_id=account.id,
                   action=ActivityAction.DELETED, summary=f"Account {account.name} deleted")
            session.delete(account)

    def get(self, account_id: int) -> Account:
        with self._uow() as session:
            return get_or_raise(session, Account, account_id, "account")

    def find(self, name_or_id: str) -> Account:
        """An account by id (digits) or by name, ignoring case, for the command line."""
        text = name_or_id.strip()
        with self._uow() as session:
            account = session.scalar(select(Account).where(Account.name_key == name_key(text)))
            if account is None and text.isdigit():
                account = session.get(Account, int(text))
            if account is None:
                raise NotFoundError(f"no account named '{text}'")
            return account

    def by_name_keys(self) -> dict[str, Account]:
        with self._uow() as session:
            return {a.name_key: a for a in session.scalars(select(Account))}

    def list(self, *, include_archived: bool = False) -> list[Account]:
        with self._uow() as session:
            query = select(Account).order_by(Account.name_key)
            if not include_archived:
                query = query.where(Account.archived_at.is_(None))
            return list(session.scalars(query))

    def count(self) -> int:
        with self._uow() as session:
            return session.scalar(select(func.count()).select_from(Account)) or 0

    @staticmethod
    def _ensure_name_free(session: Any, name: str, except_id: int | None = None) -> None:
        query = select(Account).where(Account.name_key == name_key(name))
        existing = session.scalar(query)
        if existing is not None and existing.id != except_id:
            raise ValidationError({"name": f"an account named '{existing.name}' already exists"})

