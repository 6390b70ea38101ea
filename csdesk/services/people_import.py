"""Importing contacts (stakeholders) and product usage from a CRM's or product's export.

Contacts: one row per person (its account by name), created or updated by name within the
account. Product usage: one reading of a metric for an account on a day, kept as that day's
reading of the account's KPI of the same name (or the KPI the value-mapping step chose), so
adoption health comes from data. Both use the same mapping, rows, good-rows mode and undo as
the accounts import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from csdesk.models import Account, ActivityAction, Contact, Kpi, KpiReading, StakeholderRole
from csdesk.services import validation as v
from csdesk.services.accounts import name_key
from csdesk.services.base import Service, record
from csdesk.services.contacts import CONTACT_VALIDATORS
from csdesk.services.import_rows import ReadRows, read_rows
from csdesk.services.saved_mappings import MappingService

# Contact roles as CRMs write them (Salesforce Contact Roles, HubSpot buying roles).
_ROLES = {
    StakeholderRole.EXECUTIVE_SPONSOR: ("executive sponsor", "sponsor"),
    StakeholderRole.DECISION_MAKER: ("decision maker", "economic buyer", "budget holder"),
    StakeholderRole.CHAMPION: ("champion", "internal champion"),
    StakeholderRole.POWER_USER: ("power user", "end user", "user", "business user"),
    StakeholderRole.ADMIN: ("admin", "administrator", "technical buyer"),
    StakeholderRole.DETRACTOR_RISK: ("detractor", "blocker"),
    StakeholderRole.OTHER: ("influencer", "evaluator", "other"),
}
ROLE_VALUES = {text: role for role, texts in _ROLES.items() for text in texts}


@dataclass
class RecordsImport:
    """What a contacts or usage import did (or would do): counts, rows left out, undo."""

    what: str  # "contact", "reading"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    read: ReadRows | None = None
    rejects_file: Path | None = None
    created_ids: list[int] = field(default_factory=list)
    before: dict[int, dict[str, Any]] = field(default_factory=dict)  # id → fields before

    @property
    def rejected(self) -> list[Any]:
        return self.read.rejected if self.read else []

    def summary(self) -> str:
        nouns = self.what if self.created == 1 else f"{self.what}s"
        verb = ("would be" if self.dry_run else "was" if self.created == 1 else "were")
        text = (f"{self.created:,} {nouns} {verb} created, {self.updated:,} updated, "
                f"{self.unchanged:,} unchanged")
        if self.rejected:
            rows = "row" if len(self.rejected) == 1 else "rows"
            text += f"; {len(self.rejected):,} {rows} with problems left out"
            if self.rejects_file:
                text += f" (written to {self.rejects_file.name})"
        if self.read and self.read.note:
            text += f"; {self.read.note}"
        return text


def _role(text: str) -> StakeholderRole:
    """A contact's role; of several (HubSpot's "Champion;Decision Maker") the first known."""
    parts = [part for part in text.split(";") if part.strip()] or [text]
    for part in parts:
        key = " ".join(part.casefold().replace("_", " ").replace("-", " ").split())
        if key in ROLE_VALUES:
            return ROLE_VALUES[key]
        try:
            return StakeholderRole.parse(part)
        except ValueError:
            continue
    return StakeholderRole.parse(text)  # (says the choices)


class PeopleImportService(Service):
    """Contacts and product usage, through the accounts import's mapping and rows."""

    def __init__(self, workspace: Any, *, mappings: MappingService) -> None:
        """Made by ``Services`` (``services.people_import``), which gives it its mappings."""
        super().__init__(workspace)
        self._mappings: MappingService = mappings

    def import_contacts(self, path: Path, *, dry_run: bool = False, mapping: Any = "auto",
                        sheet: str | None = None, good_rows_only: bool = False
                        ) -> RecordsImport:
        accounts = self._accounts()
        parsers: dict[str, Callable[[str], Any]] = {
            "account": lambda t: _account(accounts, t),
            "name": lambda t: CONTACT_VALIDATORS["name"](t),
            "first_name": lambda t: v.optional_line(t, "first name"),
            "last_name": lambda t: v.optional_line(t, "last name"),
            "title": lambda t: CONTACT_VALIDATORS["title"](t),
            "email": lambda t: CONTACT_VALIDATORS["email"](t),
            "phone": lambda t: CONTACT_VALIDATORS["phone"](t),
            "role": _role,
            "notes": lambda t: CONTACT_VALIDATORS["notes"](t),
        }
        seen: dict[tuple[int, str], int] = {}
        read = read_rows(path, self._mappings.resolver(mapping, "contacts"),
                         parsers, lambda n, row: _check_contact(n, row, seen), sheet=sheet,
                         all_or_nothing=not good_rows_only)
        result = RecordsImport("contact", dry_run=dry_run, read=read)
        if read.rejected and not good_rows_only:
            raise read.error()
        if read.rejected and not dry_run:  # first: unwritable, nothing is imported
            result.rejects_file = read.write_rejects(path)
        with self._uow() as session:
            existing = {(c.account_id, c.name.casefold()): c
                        for c in session.scalars(select(Contact))}
            for _number, row in read.good:
                account_id = row.pop("account")
                contact = existing.get((account_id, row["name"].casefold()))
                if contact is None:
                    contact = Contact(account_id=account_id, **row)
                    session.add(contact)
                    session.flush()
                    existing[(account_id, row["name"].casefold())] = contact
                    result.created += 1
                    result.created_ids.append(contact.id)
                    record(session, account_id=account_id, entity="contact",
                           entity_id=contact.id, action=ActivityAction.IMPORTED,
                           summary=f"Contact {contact.name} imported from {path.name}")
                    continue
                changed = {k: val for k, val in row.items() if getattr(contact, k) != val}
                if not changed:
                    result.unchanged += 1
                    continue
                result.before.setdefault(contact.id, {k: getattr(contact, k) for k in changed})
                for name, value in changed.items():
                    setattr(contact, name, value)
                result.updated += 1
            if dry_run:
                session.rollback()
                result.created_ids, result.before = [], {}
        return result

    def import_usage(self, path: Path, *, dry_run: bool = False, mapping: Any = "auto",
                     sheet: str | None = None, date_order: str = "auto",
                     metrics: dict[str, str] | None = None, good_rows_only: bool = False
                     ) -> RecordsImport:
        """Each row a reading of the account's KPI named like the metric (or as ``metrics``
        maps it: the metric's normalised text → the KPI's name)."""
        from csdesk.services.import_dates import parse_any_date
        from csdesk.services.import_values import parse_number
        accounts = self._accounts()
        kpis, kpi_names = self._kpis()
        chosen = {_key(k): _key(val) for k, val in (metrics or {}).items()}
        parsers: dict[str, Callable[[str], Any]] = {
            "account": lambda t: _account(accounts, t),
            "metric": lambda t: v.required_line(t, "metric"),
            "value": parse_number,
        }

        def check(number: int, row: dict[str, Any]) -> list[str]:
            problems = [f"row {number}, column {name}: (empty) — {name} is required"
                        for name in ("account", "date", "metric", "value") if name not in row]
            if problems:
                return problems
            wanted = chosen.get(_key(row["metric"]), _key(row["metric"]))
            kpi_id = kpis.get((row["account"], wanted))
            if kpi_id is None:
                names = sorted(kpi_names.get(row["account"], ()))
                read_unknown.setdefault("metric", set()).add(row["metric"])
                return [f"row {number}, column metric: {row['metric']!r} — no KPI of that "
                        f"name in the account's success plan"
                        + (f" (its KPIs: {', '.join(names)}); map it to one" if names else
                           "; add the KPI to the plan first")]
            row["kpi_id"] = kpi_id
            return []

        read_unknown: dict[str, set[str]] = {}
        read = read_rows(path, self._mappings.resolver(mapping, "usage"),
                         parsers, check, sheet=sheet, date_fields=("date",),
                         date_order=date_order,
                         date_parser=lambda t, o: parse_any_date(
                             t, o if o in ("mdy", "dmy") else "auto"),  # type: ignore[arg-type]
                         all_or_nothing=not good_rows_only)
        for name, found in read_unknown.items():
            read.unknown_values.setdefault(name, set()).update(found)
        result = RecordsImport("reading", dry_run=dry_run, read=read)
        if read.rejected and not good_rows_only:
            raise read.error()
        if read.rejected and not dry_run:  # first: unwritable, nothing is imported
            result.rejects_file = read.write_rejects(path)
        self._write_readings(result, path)
        return result

    def undo(self, result: RecordsImport) -> None:
        """Take a contacts or usage import back exactly: what it created deleted, what it
        changed put back."""
        model = Contact if result.what == "contact" else KpiReading
        with self._uow() as session:
            for item_id, before in result.before.items():
                item = session.get(model, item_id)
                if item is not None:
                    for name, value in before.items():
                        setattr(item, name, value)
            for item_id in result.created_ids:
                item = session.get(model, item_id)
                if item is not None:
                    session.delete(item)

    def _write_readings(self, result: RecordsImport, path: Path) -> None:
        assert result.read is not None
        with self._uow() as session:
            rows = result.read.good
            wanted = {(row["kpi_id"], row["date"]) for _n, row in rows}
            existing = {(r.kpi_id, r.taken_on): r for r in session.scalars(
                select(KpiReading).where(KpiReading.kpi_id.in_({k for k, _d in wanted})))}
            touched: dict[int, int] = {}
            for _number, row in rows:
                key: tuple[int, date] = (row["kpi_id"], row["date"])
                reading = existing.get(key)
                if reading is None:
                    reading = KpiReading(kpi_id=row["kpi_id"], taken_on=row["date"],
                                         value=row["value"])
                    session.add(reading)
                    session.flush()
                    existing[key] = reading
                    result.created += 1
                    result.created_ids.append(reading.id)
                elif reading.value != row["value"]:
                    result.before.setdefault(reading.id, {"value": reading.value})
                    reading.value = row["value"]
                    result.updated += 1
                else:
                    result.unchanged += 1
                touched[row["account"]] = touched.get(row["account"], 0) + 1
            for account_id, count in touched.items():
                record(session, account_id=account_id, entity="kpi_reading", entity_id=None,
                       action=ActivityAction.IMPORTED,
                       summary=f"{count:,} KPI readings imported from {path.name}")
            if result.dry_run:
                session.rollback()
                result.created_ids, result.before = [], {}

    def kpi_names(self, accounts: list[str] | None = None) -> list[str]:
        """The KPI names in the success plans of these accounts (named as in a file; every
        account's when None), for the choice a metric no KPI is named like maps to."""
        from csdesk.models import SuccessPlan

        query = (select(Kpi.name).join(SuccessPlan, Kpi.plan_id == SuccessPlan.id)
                 .join(Account, Account.id == SuccessPlan.account_id).distinct())
        if accounts is not None:
            query = query.where(Account.name_key.in_({name_key(a) for a in accounts}))
        with self._uow() as session:
            names = {_key(name): name for name in session.scalars(query)}
        return sorted(names.values(), key=str.casefold)

    def _accounts(self) -> dict[str, int]:
        with self._uow() as session:
            return {key: account_id for key, account_id in session.execute(
                select(Account.name_key, Account.id))}

    def _kpis(self) -> tuple[dict[tuple[int, str], int], dict[int, list[str]]]:
        """The KPIs by (account, normalised name), and each account's KPI names."""
        from csdesk.models import SuccessPlan

        by_key: dict[tuple[int, str], int] = {}
        names: dict[int, list[str]] = {}
        with self._uow() as session:
            for kpi_id, name, account_id in session.execute(
                    select(Kpi.id, Kpi.name, SuccessPlan.account_id)
                    .join(SuccessPlan, Kpi.plan_id == SuccessPlan.id)):
                by_key[(account_id, _key(name))] = kpi_id
                names.setdefault(account_id, []).append(name)
        return by_key, names


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").split())


def _account(accounts: dict[str, int], text: str) -> int:
    name = v.required_line(text, "account")
    account_id = accounts.get(name_key(name))
    if account_id is None:
        raise ValueError("no account of that name: import the accounts first")
    return account_id


def _check_contact(number: int, row: dict[str, Any], seen: dict[tuple[int, str], int]
                   ) -> list[str]:
    first, last = row.pop("first_name", None), row.pop("last_name", None)
    if "name" not in row and (first or last):
        row["name"] = " ".join(part for part in (first, last) if part)
    problems = [f"row {number}, column {name}: (empty) — {name} is required"
                for name in ("account", "name") if name not in row]
    if problems:
        return problems
    key = (row["account"], row["name"].casefold())
    if key in seen:
        return [f"row {number}, column name: {row['name']!r} — same contact as row "
                f"{seen[key]}"]
    seen[key] = number
    return []
