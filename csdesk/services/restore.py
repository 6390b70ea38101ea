"""Snapshots of a record with everything that belongs to it, to bring it back after a delete.

Undo needs a deleted record back *with its old id*, so that later edits on the undo stack still
point at it. A snapshot holds the row, its owned children (delete-cascade relationships), and
the rows elsewhere that pointed at it through ON DELETE SET NULL keys, which are pointed back
on restore.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import RelationshipDirection, Session, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from csdesk.models import ActivityAction, Base
from csdesk.services.base import Service, get_or_raise, record

MODELS = {mapper.class_.__name__: mapper.class_ for mapper in Base.registry.mappers}


@dataclass(frozen=True)
class Snapshot:
    model: str
    values: dict[str, Any]
    children: list[Snapshot] = field(default_factory=list)
    # (table, column, ids): rows whose column pointed at this record before it was deleted
    links: list[tuple[str, str, list[int]]] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(self.values["id"])


def _owned(rel: Any) -> bool:
    return bool(rel.direction is RelationshipDirection.ONETOMANY and rel.cascade.delete)


def owned_loading(model: type[Base]) -> list[_AbstractLoad]:
    """Loader options for everything a snapshot of ``model`` holds: its delete-cascade children,
    all the way down (relationships are lazy="raise"), one query per relationship."""
    options: list[_AbstractLoad] = []
    for rel in inspect(model).relationships:
        if _owned(rel):
            nested = owned_loading(rel.mapper.class_)
            load = selectinload(getattr(model, rel.key))
            options.append(load.options(*nested) if nested else load)
    return options


def take_snapshot(session: Session, obj: Base) -> Snapshot:
    """``obj`` must have been loaded with ``owned_loading(type(obj))``."""
    mapper = inspect(type(obj))
    values = {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs}
    children: list[Snapshot] = []
    for rel in mapper.relationships:
        if _owned(rel):
            value = getattr(obj, rel.key)
            items = value if isinstance(value, list) else [value] if value is not None else []
            children += [take_snapshot(session, child) for child in items]
    links = []
    own_table = mapper.local_table
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is own_table and (fk.ondelete or "").upper() == "SET NULL":
                ids = list(session.scalars(select(table.c.id).where(fk.parent == values["id"])))
                if ids:
                    links.append((table.name, fk.parent.name, ids))
    return Snapshot(type(obj).__name__, values, children, links)


def _rebuild(session: Session, snapshot: Snapshot) -> None:
    model = MODELS[snapshot.model]
    session.add(model(**snapshot.values))
    session.flush()
    for child in snapshot.children:
        _rebuild(session, child)


def _relink(session: Session, snapshot: Snapshot) -> None:
    for table_name, column, ids in snapshot.links:
        table = Base.metadata.tables[table_name]
        session.execute(update(table).where(table.c.id.in_(ids))
                        .values({column: snapshot.id}))
    for child in snapshot.children:
        _relink(session, child)


class RestoreService(Service):
    def snapshot(self, model: str, item_id: int) -> Snapshot:
        with self._uow() as session:
            cls = MODELS[model]
            return take_snapshot(session, get_or_raise(session, cls, item_id, model.lower(),
                                                       options=owned_loading(cls)))

    def restore(self, snapshot: Snapshot, *, account_id: int | None, summary: str) -> None:
        """Put a deleted record back, with the same ids, in one transaction."""
        with self._uow() as session:
            _rebuild(session, snapshot)
            _relink(session, snapshot)
            record(session, account_id=account_id, entity=snapshot.model.lower(),
                   entity_id=snapshot.id, action=ActivityAction.RESTORED, summary=summary)
