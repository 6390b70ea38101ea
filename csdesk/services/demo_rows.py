"""Writing the demo book (services/demo.py) in bulk: its rows are built as plain dicts, each
with the id the ORM would have given it, and written table by table with one executemany
each (SQLAlchemy Core), instead of through the ORM's unit of work, which took ten minutes
for 20,000 accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, literal, literal_column, select, text
from sqlalchemy.orm import Session

from csdesk.models import (
    Account,
    ActionItem,
    ActivityEntry,
    ArrChange,
    Attendee,
    Barrier,
    CanvasItem,
    Contact,
    FeatureRequest,
    Kpi,
    KpiReading,
    Meeting,
    Milestone,
    Opportunity,
    ProductGap,
    Risk,
    SuccessPlan,
    SurveyResponse,
)
from csdesk.models.base import Timestamped

# Rows go in table by table, parents before children (foreign keys are checked at once).
TABLES: tuple[type[Any], ...] = (Account, Contact, SuccessPlan, CanvasItem, Kpi, KpiReading,
                            Milestone, Barrier, Meeting, Attendee, Risk, ActionItem,
                            SurveyResponse, ProductGap, Opportunity, FeatureRequest, ArrChange,
                            ActivityEntry)


@dataclass(frozen=True)
class Stage:
    """A template stage, as the builder reads it (the templates are read once)."""

    id: int
    name: str
    week_start: int
    week_end: int | None
    exit_criteria: list[str]
    is_first_value: bool


class Rows:
    """The rows of the accounts being built, table by table, each with its id."""

    def __init__(self, next_ids: dict[type, int], now: datetime) -> None:
        self.next_ids, self.now = next_ids, now
        self.rows: dict[type[Any], list[dict[str, Any]]] = {model: [] for model in TABLES}
        self.stamped = {model: issubclass(model, Timestamped) for model in TABLES}
        self.stamp_sql: str | None = None

    def add(self, model: type, **values: Any) -> dict[str, Any]:
        values["id"] = self.next_ids[model]
        self.next_ids[model] += 1
        self.rows[model].append(values)
        return values

    def take(self) -> dict[type[Any], list[dict[str, Any]]]:
        """The rows built so far, table by table; the next ones start afresh."""
        taken, self.rows = self.rows, {model: [] for model in TABLES}
        return taken

    def write(self, session: Session, rows: dict[type[Any], list[dict[str, Any]]]) -> None:
        """One executemany per table (Core: the ORM's bulk insert spent as long again
        sorting each row's values). Every row's timestamps are the same moment, written into
        the statement once rather than converted for each of millions of rows."""
        for model, table_rows in rows.items():
            if not table_rows:
                continue
            statement = insert(model.__table__)
            if self.stamped[model]:
                stamp = self._stamp(session, model.__table__.c.created_at.type)
                statement = statement.values(created_at=stamp, updated_at=stamp)
            session.execute(statement, table_rows)

    def _stamp(self, session: Session, type_: Any) -> Any:
        """The moment as a SQL literal, converted as the column stores it."""
        if self.stamp_sql is None:
            self.stamp_sql = str(literal(self.now, type_).compile(
                dialect=session.connection().dialect, compile_kwargs={"literal_binds": True}))
        return literal_column(self.stamp_sql, type_)


def first_ids(session: Session) -> dict[type, int]:
    """The next free id of each table (the ids of a replaced book's rows are free again)."""
    return {model: (session.scalar(select(func.max(model.id))) or 0) + 1 for model in TABLES}


def sync_sequences(session: Session) -> None:
    """PostgreSQL: the ids were given here, so each table's sequence moves past them."""
    if session.connection().dialect.name != "postgresql":
        return
    for model in TABLES:
        table = model.__tablename__
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT max(id) FROM {table}))"))
