"""Importing accounts from a CRM's export (CSV or XLSX): the columns mapped to fields, every row
checked first, then all written in one transaction (or only the good rows, when asked, with the
others written to a rejects file); what an import changed is kept so the app can undo it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from csdesk import clock
from csdesk.errors import ValidationError
from csdesk.files import replace_file
from csdesk.models import Account, ActivityAction, SuccessPlan
from csdesk.services import validation as v
from csdesk.services.accounts import (
    ACCOUNT_VALIDATORS,
    check_account_dates,
    name_key,
    with_status_of_stage,
)
from csdesk.services.base import Service, field_names, record
from csdesk.services.renewals import ensure_start_renewal_items
from csdesk.services.saved_mappings import MappingService
from csdesk.store import fulltext

if TYPE_CHECKING:
    from csdesk.services.accounts import AccountService

ACCOUNT_COLUMNS = ("name", "industry", "website", "employees", "offices", "founded", "segment",
                   "lifecycle_stage", "arr", "currency", "contract_start", "renewal_date")
DATE_FIELDS = ("contract_start", "renewal_date")

Progress = Callable[[int, int], None]


def _column_parsers(values: dict[str, dict[str, str]] | None = None
                    ) -> dict[str, Callable[[str], Any]]:
    """How each field's cell is read; ``values`` maps the user's own lifecycle and segment
    values (normalised text → csdesk's value), from the value-mapping step."""
    from csdesk.services.import_values import (
        parse_any_money,
        parse_currency,
        parse_lifecycle,
        parse_segment,
    )

    chosen = values or {}
    return {
        "owner": lambda t: ACCOUNT_VALIDATORS["owner"](t),
        "name": lambda t: ACCOUNT_VALIDATORS["name"](t),
        "industry": lambda t: ACCOUNT_VALIDATORS["industry"](t),
        "website": lambda t: ACCOUNT_VALIDATORS["website"](t),
        "employees": lambda t: ACCOUNT_VALIDATORS["employees"](v.parse_int(t, "employees")),
        "offices": lambda t: ACCOUNT_VALIDATORS["offices"](v.parse_int(t, "offices")),
        "founded": lambda t: v.year(v.parse_int(t, "founded")),
        "segment": lambda t: parse_segment(t, chosen.get("segment")),
        "lifecycle_stage": lambda t: parse_lifecycle(t, chosen.get("lifecycle_stage")),
        "arr": parse_any_money,
        "currency": parse_currency,
    }


@dataclass
class ImportChanges:
    """What an import wrote, for undo: the accounts it created, and the fields it changed on
    the others (before and after)."""

    created: list[int] = field(default_factory=list)
    before: dict[int, dict[str, Any]] = field(default_factory=dict)
    after: dict[int, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False
    renewal_actions: int = 0  # "Start renewal" action items added for renewals within 90 days
    note: str | None = None  # how the file was read, when it was not plain UTF-8 or UTF-16
    rejected: list[Any] = field(default_factory=list)  # import_rows.Rejected, left out
    rejects_file: Path | None = None  # where the rejected rows were written
    footer: list[str] = field(default_factory=list)  # report footer lines skipped
    ignored: list[str] = field(default_factory=list)  # columns left out
    mapping: Any = None  # the ColumnMapping used
    unknown_values: dict[str, set[str]] = field(default_factory=dict)
    date_orders: dict[str, str] = field(default_factory=dict)  # field → mdy, dmy, ambiguous…
    changes: ImportChanges = field(default_factory=ImportChanges)

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
        if self.rejected:
            rows = "row" if len(self.rejected) == 1 else "rows"
            left = "would be left out" if self.dry_run else "left out"
            text += f"; {len(self.rejected):,} {rows} with problems {left}"
            if self.rejects_file:
                text += f" (written to {self.rejects_file.name})"
        if self.ignored:
            text += f"; columns not imported: {', '.join(self.ignored)}"
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
    def __init__(self, workspace: Any, *, mappings: MappingService,
                 accounts: AccountService) -> None:
        """Made by ``Services`` (``services.importing``), which gives it its collaborators."""
        super().__init__(workspace)
        self._mappings: MappingService = mappings
        self._accounts: AccountService = accounts

    def export_accounts(self, path: Path) -> int:
        """Write every account as a CSV this import reads back (UTF-8, comma); complete or
        not written (FileWriteError: "cannot write <path>: <why>")."""
        import csv

        with self._uow() as session:
            accounts = list(session.scalars(select(Account).order_by(Account.name_key)))

        def write(partial: Path) -> None:
            with partial.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(ACCOUNT_COLUMNS)
                for a in accounts:
                    whole, cents = divmod(a.arr_cents, 100)
                    writer.writerow([_cell(a.name), _cell(a.industry), _cell(a.website),
                                     _cell(a.employees), _cell(a.offices), _cell(a.founded),
                                     _cell(a.segment), _cell(a.lifecycle_stage),
                                     f"{whole}.{cents:02d}", a.currency,
                                     _cell(a.contract_start), _cell(a.renewal_date)])

        replace_file(path, write, hidden=True)
        return len(accounts)

    def import_accounts(self, path: Path, *, dry_run: bool = False,
                        progress: Progress | None = None, mapping: Any = "auto",
                        sheet: str | None = None, date_order: str = "auto",
                        values: dict[str, dict[str, str]] | None = None,
                        good_rows_only: bool = False) -> ImportResult:
        """Create or update (by name, ignoring case) the accounts in a CSV or XLSX file.

        ``mapping``: "auto" (a saved mapping for these headers, else matched by name), a
        saved mapping's name, a .json file, or a ColumnMapping. All or nothing by default:
        if any row is bad, nothing is written and ImportRowsError names the problems of the
        first bad rows as ``row N, column C: value — reason`` and counts the rest. With
        ``good_rows_only`` the good rows are written and the others go to a rejects file
        beside the file (not on a dry run). Empty cells leave existing values as they are.
        """
        from csdesk.services.import_rows import read_rows

        existing = {a.name_key: a for a in self._existing_accounts()}
        seen: dict[str, int] = {}
        read = read_rows(path, self._mappings.resolver(mapping, "accounts"),
                         _column_parsers(values),
                         lambda number, row: _check_account(number, row, existing, seen),
                         sheet=sheet, date_fields=DATE_FIELDS, date_order=date_order,
                         date_parser=_date, all_or_nothing=not good_rows_only)
        if read.rejected and not good_rows_only:
            raise read.error()
        parsed = [values_ for _number, values_ in read.good]
        rejects_file = None
        if read.rejected and good_rows_only and not dry_run:
            # Written first: if it cannot be, nothing is imported (no row is lost unseen).
            rejects_file = read.write_rejects(path)
        result = ImportResult(dry_run=dry_run, note=read.note, rejected=read.rejected,
                              footer=read.footer, mapping=read.mapping,
                              unknown_values=read.unknown_values,
                              date_orders=read.date_orders,
                              ignored=[h for h in read.headers
                                       if read.mapping.field_of(h) in (None, "ignore")])
        with self._uow() as session:
            # One query for the accounts and one flush for the new rows: a query or flush per
            # row made a 5,000-row import take 13 s.
            accounts = {a.name_key: a for a in session.scalars(select(Account))}
            created: list[Account] = []
            total = len(parsed)
            from csdesk.settings import load

            usual_currency = load().currency  # for new accounts whose row names none
            for done, row in enumerate(parsed, start=1):
                key = name_key(row["name"])
                account = accounts.get(key)
                row = with_status_of_stage(row, account.status if account else None)
                if account is None:
                    account = Account(name_key=key, **{"currency": usual_currency, **row})
                    account.plan = SuccessPlan()
                    session.add(account)
                    accounts[key] = account
                    created.append(account)
                else:
                    # The same account written in other case or spacing keeps its own name.
                    changed = [k for k, new in row.items()
                               if k != "name" and getattr(account, k) != new]
                    if changed and account.id is not None:
                        result.changes.before[account.id] = {
                            k: getattr(account, k) for k in changed}
                        result.changes.after[account.id] = {k: row[k] for k in changed}
                    for key_name in changed:
                        setattr(account, key_name, row[key_name])
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
                result.changes.created.append(account.id)
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
                result.changes = ImportChanges()
        result.rejects_file = rejects_file
        return result

    def preview_accounts(self, path: Path, **options: Any) -> ImportResult:
        """What importing would do, written nowhere: created, updated, unchanged, and every
        row with a problem (``rejected``)."""
        options.pop("good_rows_only", None)
        return self.import_accounts(path, dry_run=True, good_rows_only=True, **options)

    def undo_import(self, changes: ImportChanges) -> None:
        """Take an import back: its new accounts deleted, the fields it changed put back."""
        with self._uow() as session:
            for account_id, before in changes.before.items():
                account = session.get(Account, account_id)
                if account is not None:
                    for name, value in before.items():
                        setattr(account, name, value)
                    record(session, account_id=account_id, entity="account",
                           entity_id=account_id, action=ActivityAction.UPDATED,
                           summary=f"Import undone: {field_names(list(before))} put back")
            # A renewal date put back takes its open start-renewal item back with it.
            ensure_start_renewal_items(session, clock.today(), list(changes.before))
        for account_id in changes.created:
            self._accounts.delete(account_id)

    def _existing_accounts(self) -> list[Account]:
        with self._uow() as session:
            return list(session.scalars(select(Account)))


def _date(text: str, order: str) -> Any:
    from csdesk.services.import_dates import parse_any_date

    return parse_any_date(text, order if order in ("mdy", "dmy") else "auto")  # type: ignore[arg-type]


def _check_account(number: int, values: dict[str, Any], existing: dict[str, Account],
                   seen: dict[str, int]) -> list[str]:
    """One row's own problems, once its cells are read: the name, the same account twice,
    the ARR's currency against the currency column, the contract dates."""
    problems: list[str] = []
    if "arr" in values:
        cents, symbol_currency = values.pop("arr")
        values["arr_cents"] = cents
        if symbol_currency and values.get("currency", symbol_currency) != symbol_currency:
            problems.append(f"row {number}, column currency: {_show(values['currency'])} — "
                            f"the arr column is in {symbol_currency}")
        if symbol_currency:
            values.setdefault("currency", symbol_currency)
    if "name" not in values:
        return problems + [f"row {number}, column name: (empty) — name is required"]
    key = name_key(values["name"])
    if key in seen:
        problems.append(f"row {number}, column name: {_show(values['name'])} — same account "
                        f"as row {seen[key]}")
    seen.setdefault(key, number)
    current = existing.get(key)
    try:
        check_account_dates(
            values.get("contract_start", current.contract_start if current else None),
            values.get("renewal_date", current.renewal_date if current else None))
    except ValidationError as error:
        problems.append(f"row {number}, column renewal_date: "
                        f"{_show(str(values.get('renewal_date', '')))} — {error}")
    return problems


def _show(cell: Any) -> str:
    text = v.clean_line(str(cell))
    return repr(text if len(text) <= 60 else text[:57] + "...")
