"""Importing accounts from CSV: every row checked first, then all written in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from csdesk import clock
from csdesk.errors import ImportRowsError, ValidationError
from csdesk.models import Account, ActivityAction, LifecycleStage, Segment, SuccessPlan
from csdesk.services import validation as v
from csdesk.services.accounts import (
    ACCOUNT_VALIDATORS,
    check_account_dates,
    name_key,
    with_status_of_stage,
)
from csdesk.services.base import Service, field_names, record
from csdesk.services.csv_files import RowProblems, open_csv
from csdesk.services.renewals import ensure_start_renewal_items
from csdesk.store import fulltext

ACCOUNT_COLUMNS = ("name", "industry", "website", "employees", "offices", "founded", "segment",
                   "lifecycle_stage", "arr", "currency", "contract_start", "renewal_date")
_HEADER_ALIASES = {"lifecycle stage": "lifecycle_stage", "contract start": "contract_start",
                   "renewal date": "renewal_date", "renewal": "renewal_date"}

Progress = Callable[[int, int], None]


def _column_parsers() -> dict[str, Callable[[str], Any]]:
    return {
        "name": lambda t: ACCOUNT_VALIDATORS["name"](t),
        "industry": lambda t: ACCOUNT_VALIDATORS["industry"](t),
        "website": lambda t: ACCOUNT_VALIDATORS["website"](t),
        "employees": lambda t: ACCOUNT_VALIDATORS["employees"](v.parse_int(t, "employees")),
        "offices": lambda t: ACCOUNT_VALIDATORS["offices"](v.parse_int(t, "offices")),
        "founded": lambda t: v.year(v.parse_int(t, "founded")),
        "segment": lambda t: Segment.parse(t),
        "lifecycle_stage": lambda t: LifecycleStage.parse(t),
        "arr": v.parse_money,
        "currency": v.currency,
        "contract_start": v.parse_date,
        "renewal_date": v.parse_date,
    }


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False
    renewal_actions: int = 0  # "Start renewal" action items added for renewals within 90 days
    note: str | None = None  # how the file was read, when it was not plain UTF-8 or UTF-16

    def summary(self) -> str:
        created = len(self.created)
        noun = "account" if created == 1 else "accounts"
        verb = ("would be" if self.dry_run else "was" if created == 1 else "were")
        text = (f"{created} {noun} {verb} created, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged")
        if self.renewal_actions:
            items = "item" if self.renewal_actions == 1 else "items"
            added = "would be added" if self.dry_run else "added"
            text += f"; {self.renewal_actions} start-renewal action {items} {added}"
        if self.note:
            text += f"; {self.note}"
        return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "value") and not isinstance(value, str | int):
        return str(value.value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class ImportService(Service):
    def export_accounts(self, path: Path) -> int:
        """Write every account as a CSV this import reads back (UTF-8, comma)."""
        import csv
        import os

        with self._uow() as session:
            accounts = list(session.scalars(select(Account).order_by(Account.name_key)))
        partial = path.with_name(f".{path.name}.partial")
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(ACCOUNT_COLUMNS)
            for a in accounts:
                whole, cents = divmod(a.arr_cents, 100)
                writer.writerow([_cell(a.name), _cell(a.industry), _cell(a.website),
                                 _cell(a.employees), _cell(a.offices), _cell(a.founded),
                                 _cell(a.segment), _cell(a.lifecycle_stage),
                                 f"{whole}.{cents:02d}", a.currency, _cell(a.contract_start),
                                 _cell(a.renewal_date)])
        os.replace(partial, path)
        return len(accounts)

    def import_accounts(self, path: Path, *, dry_run: bool = False,
                        progress: Progress | None = None) -> ImportResult:
        """Create or update (by name, ignoring case) the accounts in a CSV file.

        All or nothing: the rows are read and checked one by one; if any is bad, nothing is
        written and ImportRowsError names the problems of the first bad rows as ``row N, column
        C: value — reason`` and counts the rest. Empty cells leave existing values as they are.
        """
        with open_csv(path) as table:
            headers = [_HEADER_ALIASES.get(h, h.replace(" ", "_")) for h in table.headers]
            _check_headers(path.name, headers, table.note)
            existing = {a.name_key: a for a in self._existing_accounts()}
            problems = RowProblems()
            parsed = _parse_rows(headers, table.rows(), existing, problems)
            if problems:
                raise problems.error(table)
        result = ImportResult(dry_run=dry_run, note=table.note)
        with self._uow() as session:
            # One query for the accounts and one flush for the new rows: a query or flush per
            # row made a 5,000-row import take 13 s.
            accounts = {a.name_key: a for a in session.scalars(select(Account))}
            created: list[Account] = []
            total = len(parsed)
            from csdesk.settings import load

            usual_currency = load().currency  # for new accounts whose row names none
            for done, values in enumerate(parsed, start=1):
                key = name_key(values["name"])
                account = accounts.get(key)
                values = with_status_of_stage(values, account.status if account else None)
                if account is None:
                    account = Account(name_key=key, **{"currency": usual_currency, **values})
                    account.plan = SuccessPlan()
                    session.add(account)
                    accounts[key] = account
                    created.append(account)
                else:
                    changed = [k for k, new in values.items() if getattr(account, k) != new]
                    for key_name in changed:
                        setattr(account, key_name, values[key_name])
                    if changed:
                        result.updated.append(account.name)
                        record(session, account_id=account.id, entity="account",
                               entity_id=account.id, action=ActivityAction.IMPORTED,
                               summary=f"Account {account.name} updated from {path.name}: "
                                       f"{field_names(changed)}")
                    else:
                        result.unchanged.append(account.name)
                if progress:
                    progress(done, total)
            with fulltext.batched(session):
                session.flush()
            for account in created:
                result.created.append(account.name)
                record(session, account_id=account.id, entity="account",
                       entity_id=account.id, action=ActivityAction.IMPORTED,
                       summary=f"Account {account.name} imported from {path.name}")
            # Renewals within 90 days get their checkpoint at once (the whole book's, as at
            # start-up), and an updated account's open one follows its new renewal date.
            today = clock.today()
            touched = [a.id for a in created] + [accounts[name_key(n)].id for n in result.updated]
            result.renewal_actions = (ensure_start_renewal_items(session, today)
                                      + ensure_start_renewal_items(session, today, touched))
            if dry_run:
                session.rollback()
        return result

    def _existing_accounts(self) -> list[Account]:
        with self._uow() as session:
            return list(session.scalars(select(Account)))


def _check_headers(source: str, headers: list[str], note: str | None) -> None:
    problems = []
    unknown = [h for h in headers if h and h not in ACCOUNT_COLUMNS]
    if unknown:
        problems.append(f"unknown column(s) {', '.join(repr(h) for h in unknown)}; "
                        f"csdesk knows: {', '.join(ACCOUNT_COLUMNS)}")
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicated:
        problems.append(f"column(s) {', '.join(duplicated)} appear more than once")
    if "name" not in headers:
        problems.append("there is no 'name' column")
    if problems:
        raise ImportRowsError(source, [f"header: {p}" for p in problems], note=note)


def _parse_rows(headers: list[str], rows: Iterable[tuple[int, list[str]]],
                existing: dict[str, Account], problems: RowProblems) -> list[dict[str, Any]]:
    """The good rows' values, checked one by one; none once a row is bad (nothing will be
    written then, so nothing is kept but the names seen, to find the same account twice)."""
    parsers = _column_parsers()
    parsed: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        if len(cells) > len(headers):
            problems.add([f"row {number}: {len(cells)} cells but only {len(headers)} columns"])
            parsed.clear()
            continue
        values: dict[str, Any] = {}
        row_problems = []
        for column, cell in zip(headers, cells, strict=False):
            if not cell.strip():
                continue
            try:
                values[column] = parsers[column](cell)
            except ValueError as error:
                row_problems.append(f"row {number}, column {column}: {_show(cell)} — {error}")
        if "arr" in values:
            cents, symbol_currency = values.pop("arr")
            values["arr_cents"] = cents
            if symbol_currency and values.get("currency", symbol_currency) != symbol_currency:
                row_problems.append(
                    f"row {number}, column currency: {_show(values['currency'])} — the arr "
                    f"column is in {symbol_currency}")
            if symbol_currency:
                values.setdefault("currency", symbol_currency)
        if "name" not in values:
            if not any(p.startswith(f"row {number}, column name") for p in row_problems):
                row_problems.append(f"row {number}, column name: (empty) — name is required")
        else:
            key = name_key(values["name"])
            if key in seen:
                row_problems.append(f"row {number}, column name: {_show(values['name'])} — "
                                    f"same account as row {seen[key]}")
            seen.setdefault(key, number)
            current = existing.get(key)
            try:
                check_account_dates(
                    values.get("contract_start", current.contract_start if current else None),
                    values.get("renewal_date", current.renewal_date if current else None))
            except ValidationError as error:
                row_problems.append(f"row {number}, column renewal_date: "
                                    f"{_show(str(values.get('renewal_date', '')))} — {error}")
        problems.add(row_problems)
        if problems:
            parsed.clear()
        else:
            parsed.append(values)
    return parsed


def _show(cell: Any) -> str:
    text = v.clean_line(str(cell))
    return repr(text if len(text) <= 60 else text[:57] + "...")
