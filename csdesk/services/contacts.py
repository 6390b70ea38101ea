"""Stakeholders at an account: contacts with their roles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from csdesk.models import Account, ActivityAction, Contact, StakeholderRole
from csdesk.services import validation as v
from csdesk.services.base import (
    Service,
    apply_changes,
    enum_validator,
    get_or_raise,
    get_to_change,
    record,
    refuse_overwrite,
    validate_fields,
)

CONTACT_VALIDATORS = {
    "name": lambda x: v.required_line(x, "name"),
    "role": enum_validator(StakeholderRole, "role"),
    "title": lambda x: v.optional_line(x, "title"),
    "email": v.email,
    "phone": lambda x: v.optional_line(x, "phone", 60),
    "notes": lambda x: v.optional_block(x, "notes"),
}


class ContactService(Service):
    def add(self, account_id: int, **fields: Any) -> Contact:
        cleaned = validate_fields(fields, CONTACT_VALIDATORS)
        with self._uow() as session:
            account = get_or_raise(session, Account, account_id, "account")
            contact = Contact(account=account, **cleaned)
            session.add(contact)
            session.flush()
            record(session, account_id=account.id, entity="contact", entity_id=contact.id,
                   action=ActivityAction.CREATED,
                   summary=f"Contact {contact.name} ({contact.role.label}) added")
        return contact

    def update(self, contact_id: int, *, originals: dict[str, Any] | None = None,
               **changes: Any) -> Contact:
        """``originals``: the values the edit began from (see refuse_overwrite)."""
        cleaned = validate_fields(changes, CONTACT_VALIDATORS)
        with self._uow() as session:
            contact = get_to_change(session, Contact, contact_id, "contact")
            refuse_overwrite(contact, cleaned, originals, CONTACT_VALIDATORS,
                             f"The contact {contact.name}")
            diff = apply_changes(contact, cleaned)
            if diff:
                record(session, account_id=contact.account_id, entity="contact",
                       entity_id=contact.id, action=ActivityAction.UPDATED,
                       summary=f"Contact {contact.name} updated", changes=diff)
        return contact

    def remove(self, contact_id: int) -> None:
        with self._uow() as session:
            contact = get_or_raise(session, Contact, contact_id, "contact")
            record(session, account_id=contact.account_id, entity="contact",
                   entity_id=contact.id, action=ActivityAction.DELETED,
                   summary=f"Contact {contact.name} removed",
                   changes={"role": contact.role.value})  # a champion leaving is a warning
            session.delete(contact)

    def for_account(self, account_id: int) -> list[Contact]:
        with self._uow() as session:
            query = select(Contact).where(Contact.account_id == account_id).order_by(Contact.name)
            return list(session.scalars(query))
