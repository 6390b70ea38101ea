"""Importing ARR history and NPS/CSAT responses from CSV: all rows checked, then one transaction.

Same rules as the accounts import: rows are read and checked one by one, any bad row imports
nothing, and the first problems are listed as ``row N, column C: value — reason`` (the rest
counted); an account unknown to the workspace is such a problem.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from csdesk.errors import ImportRowsError
from csdesk.models import (
    Account,
    ActivityAction,
    ArrChange,
    ArrChangeKind,
    Contact,
    SurveyKind,
    SurveyResponse,
)
from csdesk.services import validation as v
from csdesk.services.accounts import name_key
from csdesk.services.base import Service, record
from csdesk.services.csv_files import CsvFile, RowProblems, open_csv
from csdesk.services.signals import SCORE_RANGES, _sync_current_arr

REVENUE_COLUMNS = ("account", "date", "arr")
RESPONSE_COLUMNS = ("account", "date", "kind", "score", "contact", "comment")


@dataclass
class SignalImportResult:
    added: int = 0
    replaced: int = 0
    accounts: int = 0
    note: str | None = None  # how the file was read, when it was not plain UTF-8 or UTF-16

    def summary(self, what: str) -> str:
        text = (f"{self.added} {what} added, {self.replaced} replaced, "
                f"for {self.accounts} account{'s' if self.accounts != 1 else ''}")
        return f"{text}; {self.note}" if self.note else text


def _show(cell: str) -> str:
    text = v.clean_line(cell)
    return repr(text if len(text) <= 60 else text[:57] + "...")


@contextmanager
def _table(path: Path, known: tuple[str, ...],
           required: tuple[str, ...]) -> Iterator[tuple[CsvFile, list[str]]]:
    """The open file and its column names, once they are known to be right."""
    with open_csv(path) as table:
        yield table, _headers(table, known, required)


def _headers(table: CsvFile, known: tuple[str, ...], required: tuple[str, ...]) -> list[str]:
    headers = [h.replace(" ", "_") for h in table.headers]
    problems = []
    unknown = [h for h in headers if h and h not in known]
    if unknown:
        problems.append(f"header: unknown column(s) {', '.join(map(repr, unknown))}; "
                        f"csdesk knows: {', '.join(known)}")
    missing = [c for c in required if c not in headers]
    if missing:
        problems.append(f"header: missing column(s) {', '.join(missing)}")
    if problems:
        raise ImportRowsError(table.name, problems, note=table.note)
    return headers


class SignalImportService(Service):
    def import_revenue(self, path: Path) -> SignalImportResult:
        """Rows of ``account,date,arr``: the ARR in effect from that date (0 means churned)."""
        with _table(path, REVENUE_COLUMNS, REVENUE_COLUMNS) as (table, headers):
            accounts = self._accounts()
            problems = RowProblems()
            by_account = _revenue_rows(headers, table.rows(), accounts, problems)
            if problems:
                raise problems.error(table)
        result = SignalImportResult(note=table.note)
        with self._uow() as session:
            for account_id in sorted(by_account):
                # The account's history is read once; each row's kind follows the row before
                # it, including those this import adds.
                history = {c.effective_on: c for c in session.scalars(
                    select(ArrChange).where(ArrChange.account_id == account_id))}
                dates = sorted(history)
                for when, cents in sorted(by_account[account_id]):
                    at = bisect_left(dates, when)
                    before = dates[at - 1] if at else None
                    previous = history[before].arr_cents if before else 0
                    kind = _kind(previous, cents, first=before is None)
                    change = history.get(when)
                    if change is None:
                        history[when] = ArrChange(account_id=account_id, effective_on=when,
                                                  kind=kind, arr_cents=cents,
                                                  note=f"imported from {path.name}")
                        session.add(history[when])
                        dates.insert(at, when)
                        result.added += 1
                    else:
                        change.kind, change.arr_cents = kind, cents
                        result.replaced += 1
            session.flush()
            for account_id in sorted(by_account):
                account = session.get(Account, account_id)
                _sync_current_arr(session, account)
                record(session, account_id=account_id, entity="arr_change", entity_id=None,
                       action=ActivityAction.IMPORTED,
                       summary=f"ARR history imported from {path.name}")
            result.accounts = len(by_account)
        return result

    def import_responses(self, path: Path) -> SignalImportResult:
        """Rows of ``account,date,kind,score[,contact][,comment]``; kind nps (0–10) or csat
        (1–5); a contact, when given, must be one of the account's contacts."""
        with _table(path, RESPONSE_COLUMNS, RESPONSE_COLUMNS[:4]) as (table, headers):
            accounts = self._accounts()
            contacts = self._contacts()
            problems = RowProblems()
            parsed = _response_rows(headers, table.rows(), accounts, contacts, problems)
            if problems:
                raise problems.error(table)
        with self._uow() as session:
            for values in parsed:
                session.add(SurveyResponse(**values))
            for account_id in {p["account_id"] for p in parsed}:
                record(session, account_id=account_id, entity="survey_response",
                       entity_id=None, action=ActivityAction.IMPORTED,
                       summary=f"NPS/CSAT responses imported from {path.name}")
        return SignalImportResult(added=len(parsed),
                                  accounts=len({p["account_id"] for p in parsed}),
                                  note=table.note)

    def _accounts(self) -> dict[str, Account]:
        with self._uow() as session:
            return {a.name_key: a for a in session.scalars(select(Account))}

    def _contacts(self) -> dict[tuple[int, str], int]:
        with self._uow() as session:
            return {(c.account_id, c.name.casefold()): c.id
                    for c in session.scalars(select(Contact))}


def _revenue_rows(headers: list[str], rows: Iterable[tuple[int, list[str]]],
                  accounts: dict[str, Account],
                  problems: RowProblems) -> dict[int, list[tuple[date, int]]]:
    """The good rows' (date, ARR in cents) by account id, checked one by one; none once a row is
    bad (nothing will be written then)."""
    by_account: dict[int, list[tuple[date, int]]] = {}
    seen: dict[tuple[int, date], int] = {}
    for number, cells in rows:
        cell = dict(zip(headers, cells, strict=False))
        row_problems = []
        account = accounts.get(name_key(cell.get("account", "")))
        if account is None:
            row_problems.append(f"row {number}, column account: "
                                f"{_show(cell.get('account', ''))} — no such account")
        when = _date(cell.get("date", ""), number, row_problems)
        cents = None
        try:
            cents, currency = v.parse_money(cell.get("arr", ""))
            if account and currency and currency != account.currency:
                row_problems.append(f"row {number}, column arr: {_show(cell['arr'])} — "
                                    f"{account.name} is billed in {account.currency}")
        except ValueError as error:
            row_problems.append(f"row {number}, column arr: {_show(cell.get('arr', ''))} "
                                f"— {error}")
        if account and when and (account.id, when) in seen:
            row_problems.append(f"row {number}, column date: {_show(cell['date'])} — "
                                f"{account.name} already has a row for that date "
                                f"(row {seen[(account.id, when)]})")
        problems.add(row_problems)
        if not row_problems and account and when and cents is not None:
            seen[(account.id, when)] = number
            by_account.setdefault(account.id, []).append((when, cents))
        if problems:
            by_account.clear()
    return by_account


def _response_rows(headers: list[str], rows: Iterable[tuple[int, list[str]]],
                   accounts: dict[str, Account], contacts: dict[tuple[int, str], int],
                   problems: RowProblems) -> list[dict[str, Any]]:
    """The good rows' values, checked one by one; none once a row is bad."""
    parsed: list[dict[str, Any]] = []
    for number, cells in rows:
        cell = dict(zip(headers, cells, strict=False))
        row_problems: list[str] = []
        account = accounts.get(name_key(cell.get("account", "")))
        if account is None:
            row_problems.append(f"row {number}, column account: "
                                f"{_show(cell.get('account', ''))} — no such account")
        when = _date(cell.get("date", ""), number, row_problems)
        kind = None
        try:
            kind = SurveyKind.parse(cell.get("kind", ""))
        except ValueError as error:
            row_problems.append(f"row {number}, column kind: {_show(cell.get('kind', ''))}"
                                f" — {error}")
        score = None
        try:
            score = v.parse_int(cell.get("score", ""), "score")
            if kind is not None:
                low, high = SCORE_RANGES[kind]
                if not low <= score <= high:
                    raise ValueError(f"{kind.label} scores run from {low} to {high}")
        except ValueError as error:
            row_problems.append(f"row {number}, column score: "
                                f"{_show(cell.get('score', ''))} — {error}")
        contact_id = None
        contact_name = v.clean_line(cell.get("contact", ""))
        if contact_name and account is not None:
            contact_id = contacts.get((account.id, contact_name.casefold()))
            if contact_id is None:
                row_problems.append(f"row {number}, column contact: {_show(contact_name)} "
                                    f"— not a contact of {account.name}")
        try:
            comment = v.optional_block(cell.get("comment"), "comment", 20_000)
        except ValueError as error:
            row_problems.append(f"row {number}, column comment: {error}")
            comment = None
        problems.add(row_problems)
        if problems:
            parsed.clear()
        else:
            assert account is not None  # a row without one has a problem
            parsed.append({"account_id": account.id, "responded_on": when, "kind": kind,
                           "score": score, "contact_id": contact_id, "comment": comment})
    return parsed


def _date(text: str, number: int, problems: list[str]) -> date | None:
    try:
        return v.parse_date(text)
    except ValueError as error:
        problems.append(f"row {number}, column date: {_show(text)} — {error}")
        return None


def _kind(previous: int, cents: int, *, first: bool) -> ArrChangeKind:
    if cents == 0:
        return ArrChangeKind.CHURN
    if first or previous == 0:
        return ArrChangeKind.NEW
    if cents > previous:
        return ArrChangeKind.EXPANSION
    if cents < previous:
        return ArrChangeKind.CONTRACTION
    return ArrChangeKind.RENEWAL
