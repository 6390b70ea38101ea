"""Importing ARR history and NPS/CSAT responses from CSV: all rows checked, then one transaction.

Same rules as the accounts import: any bad row imports nothing and every problem is listed as
``row N, column C: value — reason``; an account unknown to the workspace is such a problem.
"""

from __future__ import annotations

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
from csdesk.services.csv_files import read_csv
from csdesk.services.signals import SCORE_RANGES, _sync_current_arr

REVENUE_COLUMNS = ("account", "date", "arr")
RESPONSE_COLUMNS = ("account", "date", "kind", "score", "contact", "comment")


@dataclass
class SignalImportResult:
    added: int = 0
    replaced: int = 0
    accounts: int = 0

    def summary(self, what: str) -> str:
        return (f"{self.added} {what} added, {self.replaced} replaced, "
                f"for {self.accounts} account{'s' if self.accounts != 1 else ''}")


def _show(cell: str) -> str:
    text = v.clean_line(cell)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _table(path: Path, known: tuple[str, ...], required: tuple[str, ...]):  # noqa: ANN202
    table = read_csv(path)
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
        raise ImportRowsError(path.name, problems)
    return headers, table.rows


class SignalImportService(Service):
    def import_revenue(self, path: Path) -> SignalImportResult:
        """Rows of ``account,date,arr``: the ARR in effect from that date (0 means churned)."""
        headers, rows = _table(path, REVENUE_COLUMNS, REVENUE_COLUMNS)
        accounts = self._accounts()
        parsed: list[tuple[int, date, int]] = []
        problems: list[str] = []
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
            problems += row_problems
            if not row_problems and account and when and cents is not None:
                seen[(account.id, when)] = number
                parsed.append((account.id, when, cents))
        if problems:
            raise ImportRowsError(path.name, problems)
        result = SignalImportResult()
        with self._uow() as session:
            touched = set()
            for account_id, when, cents in sorted(parsed, key=lambda p: (p[0], p[1])):
                history = {c.effective_on: c for c in session.scalars(
                    select(ArrChange).where(ArrChange.account_id == account_id))}
                before = max((d for d in history if d < when), default=None)
                previous = history[before].arr_cents if before else 0
                kind = _kind(previous, cents, first=before is None)
                change = history.get(when)
                if change is None:
                    session.add(ArrChange(account_id=account_id, effective_on=when, kind=kind,
                                          arr_cents=cents, note=f"imported from {path.name}"))
                    result.added += 1
                else:
                    change.kind, change.arr_cents = kind, cents
                    result.replaced += 1
                session.flush()
                touched.add(account_id)
            for account_id in touched:
                account = session.get(Account, account_id)
                _sync_current_arr(session, account)
                record(session, account_id=account_id, entity="arr_change", entity_id=None,
                       action=ActivityAction.IMPORTED,
                       summary=f"ARR history imported from {path.name}")
            result.accounts = len(touched)
        return result

    def import_responses(self, path: Path) -> SignalImportResult:
        """Rows of ``account,date,kind,score[,contact][,comment]``; kind nps (0–10) or csat
        (1–5); a contact, when given, must be one of the account's contacts."""
        headers, rows = _table(path, RESPONSE_COLUMNS, RESPONSE_COLUMNS[:4])
        accounts = self._accounts()
        contacts = self._contacts()
        parsed: list[dict[str, Any]] = []
        problems: list[str] = []
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
            problems += row_problems
            if not row_problems:
                parsed.append({"account_id": account.id, "responded_on": when, "kind": kind,
                               "score": score, "contact_id": contact_id, "comment": comment})
        if problems:
            raise ImportRowsError(path.name, problems)
        with self._uow() as session:
            for values in parsed:
                session.add(SurveyResponse(**values))
            for account_id in {p["account_id"] for p in parsed}:
                record(session, account_id=account_id, entity="survey_response",
                       entity_id=None, action=ActivityAction.IMPORTED,
                       summary=f"NPS/CSAT responses imported from {path.name}")
        return SignalImportResult(added=len(parsed),
                                  accounts=len({p["account_id"] for p in parsed}))

    def _accounts(self) -> dict[str, Account]:
        with self._uow() as session:
            return {a.name_key: a for a in session.scalars(select(Account))}

    def _contacts(self) -> dict[tuple[int, str], int]:
        with self._uow() as session:
            return {(c.account_id, c.name.casefold()): c.id
                    for c in session.scalars(select(Contact))}


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
