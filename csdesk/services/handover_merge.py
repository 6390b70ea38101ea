"""Merging a checked handover pack into the workspace, in the importing transaction: accounts
by name (any case), each record by its natural key (the n-th duplicate key matching the n-th
record there), updating what is found and adding what is not; nothing local is removed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, func, insert, select
from sqlalchemy.orm import Session

from csdesk.errors import CsdeskError
from csdesk.models import (
    Account,
    ActivityAction,
    CriticalPathTemplate,
    FeatureRequest,
    Milestone,
    ProductGap,
    SuccessPlan,
    TemplateStage,
)
from csdesk.services.base import record
from csdesk.services.handover_kinds import KINDS, SKIPPED_COLUMNS, Kind, columns


@dataclass(frozen=True)
class HandoverResult:
    accounts_created: list[str]
    accounts_updated: list[str]
    records_created: int
    records_updated: int

    def summary(self) -> str:
        accounts = len(self.accounts_created) + len(self.accounts_updated)
        return (f"{accounts} account{'s' if accounts != 1 else ''} handed over "
                f"({len(self.accounts_created)} new, {len(self.accounts_updated)} already "
                f"here); {self.records_created} records added, {self.records_updated} "
                "updated")


def merge_pack(session: Session, data: dict[str, Any]) -> HandoverResult:
    """Merge checked data (read_pack): every value is of its column's type already."""
    from csdesk.services.accounts import name_key
    from csdesk.services.templates import _new_template

    created_accounts: list[str] = []
    updated_accounts: list[str] = []
    counts = {"created": 0, "updated": 0}
    for definition in data["templates"]:
        if session.scalar(select(CriticalPathTemplate.id).where(
                CriticalPathTemplate.name == definition["name"])) is None:
            session.add(_new_template(definition, builtin=False))
    session.flush()
    local: dict[tuple[str, int], Any] = {}  # (kind, pack ref) -> the local record
    for entry in data["accounts"]:
        account = session.scalar(select(Account).where(
            Account.name_key == name_key(entry["name"])))
        if account is None:
            account = Account(name=entry["name"], name_key=name_key(entry["name"]))
            session.add(account)
            created_accounts.append(entry["name"])
            action = ActivityAction.CREATED
        else:
            updated_accounts.append(account.name)
            action = ActivityAction.UPDATED
        _assign(account, entry, {"name"})
        session.flush()
        record(session, account_id=account.id, entity="account", entity_id=account.id,
               action=action, summary=f"Handed over from {data['exported_at'] or 'a pack'}")
        local[("account", entry["ref"])] = account
    for kind in KINDS:
        _merge_kind(session, kind, data["records"][kind.name], local, counts)
    return HandoverResult(created_accounts, updated_accounts, counts["created"],
                          counts["updated"])


def _merge_kind(session: Session, kind: Kind, rows: list[dict[str, Any]],
                local: dict[tuple[str, int], Any], counts: dict[str, int]) -> None:
    parent_column = kind.parent[0]
    seen: dict[tuple, int] = defaultdict(int)
    existing_cache: dict[int, dict[tuple, list[Any]]] = {}
    for entry in rows:
        where = f"{kind.name.replace('_', ' ')} {entry['ref']}"
        parent = local[(kind.parent[1], entry["parent"])]  # checked: in the pack, same account
        if parent.id not in existing_cache:  # the parent's records already here, by key
            by_key: dict[tuple, list[Any]] = defaultdict(list)
            for row in session.scalars(select(kind.model).where(
                    getattr(kind.model, parent_column) == parent.id).order_by(kind.model.id)):
                by_key[tuple(getattr(row, column) for column in kind.key)].append(row)
            existing_cache[parent.id] = by_key
        key = tuple(entry.get(column) for column in kind.key)
        nth = seen[(parent.id, *key)]
        seen[(parent.id, *key)] += 1
        matches = existing_cache[parent.id].get(key, [])
        row = matches[nth] if nth < len(matches) else None
        if row is None:
            row = kind.model(**{parent_column: parent.id})
            session.add(row)
            counts["created"] += 1
        else:
            counts["updated"] += 1
        _assign(row, entry, set())
        for column, target in kind.refs.items():
            ref = entry.get(column)
            target_row = local.get((target, ref)) if ref is not None else None
            setattr(row, column, target_row.id if target_row is not None else None)
        with session.no_autoflush:  # the row is not complete until these are set
            if kind.model is SuccessPlan:
                row.template_id = _template_id(session, entry.get("template"))
            if kind.model is Milestone:
                row.stage_id = _stage_id(session, entry.get("stage"))
            if kind.model is FeatureRequest:
                row.gap_id = _gap_id(session, entry.get("gap"), where)
        session.flush()
        local[(kind.name, entry["ref"])] = row  # checked: every record has its ref


def _assign(row: Any, entry: dict[str, Any], skip: set[str]) -> None:
    for attr in columns(type(row)):
        column = attr.key
        if column in SKIPPED_COLUMNS or column in skip or column.endswith("_id") \
                or column not in entry:
            continue
        setattr(row, column, entry[column])


def _template_id(session: Session, name: Any) -> int | None:
    if not isinstance(name, str):
        return None
    return session.scalar(select(CriticalPathTemplate.id).where(
        CriticalPathTemplate.name == name))


def _gap_id(session: Session, title: Any, where: str) -> int:
    """The receiving workspace's product gap of that title (any case), made if missing."""
    if not isinstance(title, str) or not title.strip():
        raise CsdeskError(f"{where}: the request has no product gap")
    found = session.scalar(select(ProductGap.id).where(
        func.lower(ProductGap.title) == title.strip().lower()))
    if found is None:  # inserted on its own: the request is still being filled in
        result = cast("CursorResult[Any]", session.execute(  # an INSERT's (typed as Result)
            insert(ProductGap).values(title=title.strip()[:200])))
        assert result.inserted_primary_key is not None  # one row inserted: its key
        found = result.inserted_primary_key[0]
    return found


def _stage_id(session: Session, stage: Any) -> int | None:
    if not isinstance(stage, list) or len(stage) != 2:
        return None
    return session.scalar(select(TemplateStage.id).join(CriticalPathTemplate).where(
        CriticalPathTemplate.name == stage[0], TemplateStage.name == stage[1]))
