"""Full-text search behind this one module: SQLite FTS5 in a workspace file, PostgreSQL's
full-text search (a tsvector column with a GIN index) on a team server, a plain LIKE search on
anything else.

The index is kept in sync by ORM mapper events, so every service write (and the demo book and
imports, which use the same sessions) updates it in the same transaction as the change. Each
indexed row has a fixed FTS rowid (ref_id * 16 + kind code), so updating or removing it is an
indexed lookup, not a scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, event, func, inspect, or_, select, text
from sqlalchemy.orm import Session

from csdesk.models import (
    Account,
    ActionItem,
    CanvasItem,
    Contact,
    Kpi,
    Meeting,
    Milestone,
    SuccessPlan,
)

TABLE = "search_index"
CREATE_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "kind UNINDEXED, ref_id UNINDEXED, account_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
# PostgreSQL: an ordinary table whose document column the server keeps (title weighs more).
PG_CREATE_SQL = [
    # Accents do not matter in search (as with SQLite's remove_diacritics): unaccent, wrapped
    # in an IMMUTABLE function so the generated column and its index may use it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION csdesk_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    f"CREATE TABLE IF NOT EXISTS {TABLE} (rowid BIGINT PRIMARY KEY, kind TEXT NOT NULL, "
    "ref_id INTEGER NOT NULL, account_id INTEGER, title TEXT, body TEXT, "
    "document TSVECTOR GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', csdesk_unaccent(coalesce(title, ''))), 'A') || "
    "setweight(to_tsvector('simple', csdesk_unaccent(coalesce(body, ''))), 'B')) STORED)",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_document ON {TABLE} USING GIN (document)",
]
KIND_CODES = {"account": 1, "contact": 2, "canvas": 3, "kpi": 4, "milestone": 5, "meeting": 6,
              "action": 7}


@dataclass(frozen=True)
class Hit:
    kind: str
    ref_id: int
    account_id: int
    account_name: str
    title: str
    snippet: str


def create_schema(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(text(CREATE_SQL))
    elif connection.dialect.name == "postgresql":
        for statement in PG_CREATE_SQL:
            connection.execute(text(statement))


def _has_index(connection: Connection) -> bool:
    if connection.dialect.name not in ("sqlite", "postgresql"):
        return False
    cache = connection.info
    if "csdesk_fts" not in cache:
        cache["csdesk_fts"] = TABLE in inspect(connection).get_table_names()
    return bool(cache["csdesk_fts"])


def _rowid(kind: str, ref_id: int) -> int:
    return ref_id * 16 + KIND_CODES[kind]


def _join(*parts: Any) -> str:
    return "\n".join(str(p) for p in parts if p)


def _document(connection: Connection, target: Any) -> tuple[str, int | None, str, str] | None:
    """(kind, account_id, title, body) of an indexed object."""
    def plan_account(plan_id: int) -> int | None:
        return connection.execute(select(SuccessPlan.account_id)
                                  .where(SuccessPlan.id == plan_id)).scalar()

    if isinstance(target, Account):
        return ("account", target.id, target.name,
                _join(target.industry, target.website, target.highlights, target.usage_notes))
    if isinstance(target, Contact):
        return ("contact", target.account_id, target.name,
                _join(target.role.label if target.role else "", target.title, target.email,
                      target.phone, target.notes))
    if isinstance(target, CanvasItem):
        return ("canvas", plan_account(target.plan_id), target.kind.label, target.text)
    if isinstance(target, Kpi):
        return ("kpi", plan_account(target.plan_id), target.name, _join(target.unit, target.notes))
    if isinstance(target, Milestone):
        return ("milestone", plan_account(target.plan_id), target.name,
                _join(target.description, target.notes, target.owner))
    if isinstance(target, Meeting):
        return ("meeting", target.account_id, target.title,
                _join(target.agenda, target.notes, target.decisions))
    if isinstance(target, ActionItem):
        return ("action", target.account_id, target.text, _join(target.owner))
    return None


DEFERRED = "csdesk_fts_deferred"
BATCH = "csdesk_fts_batch"


def _lines(*columns: str, newline: str = "char(10)") -> str:
    return f" || {newline} || ".join(f"coalesce({c}, '')" for c in columns)


_ROLE = "replace(role, '_', ' ')"
# The whole index from the tables in a few statements (bulk loads, repairs), in SQLite's words;
# fill_sql() gives them for the connection's engine.
FILL_SQL = [
    "SELECT id*16+1, 'account', id, id, name, "
    f"{_lines('industry', 'website', 'highlights', 'usage_notes')} FROM accounts",
    "SELECT id*16+2, 'contact', id, account_id, name, "
    f"{_lines(_ROLE, 'title', 'email', 'phone', 'notes')} FROM contacts",
    "SELECT c.id*16+3, 'canvas', c.id, p.account_id, replace(c.kind, '_', ' '), c.text "
    "FROM canvas_items c JOIN success_plans p ON p.id = c.plan_id",
    f"SELECT k.id*16+4, 'kpi', k.id, p.account_id, k.name, {_lines('k.unit', 'k.notes')} "
    "FROM kpis k JOIN success_plans p ON p.id = k.plan_id",
    "SELECT m.id*16+5, 'milestone', m.id, p.account_id, m.name, "
    f"{_lines('m.description', 'm.notes', 'm.owner')} "
    "FROM milestones m JOIN success_plans p ON p.id = m.plan_id",
    "SELECT id*16+6, 'meeting', id, account_id, title, "
    f"{_lines('agenda', 'notes', 'decisions')} FROM meetings",
    "SELECT id*16+7, 'action', id, account_id, text, coalesce(owner, '') FROM action_items",
]


@contextmanager
def deferred(session: Session) -> Iterator[None]:
    """For a bulk load: skip the per-row index updates, then rebuild the index once."""
    connection = session.connection()
    connection.info[DEFERRED] = True
    try:
        yield
        session.flush()
    finally:
        connection.info.pop(DEFERRED, None)
    rebuild_all(connection)


def fill_sql(connection: Connection) -> list[str]:
    if connection.dialect.name == "postgresql":  # chr(10), and kinds are text there too
        return [statement.replace("char(10)", "chr(10)") for statement in FILL_SQL]
    return FILL_SQL


def rebuild_all(connection: Connection) -> None:
    if not _has_index(connection):
        return
    connection.execute(text(f"DELETE FROM {TABLE}"))
    for select_rows in fill_sql(connection):
        connection.execute(text(f"INSERT INTO {TABLE} (rowid, kind, ref_id, account_id, title, "
                                f"body) {select_rows}"))


@contextmanager
def batched(session: Session) -> Iterator[None]:
    """For a large import into a big workspace: collect the rows written, index them at once.

    Cheaper than deferred() when the workspace holds far more rows than the change touches.
    """
    connection = session.connection()
    pending: list[Any] = []
    connection.info[BATCH] = pending
    try:
        yield
        session.flush()
    finally:
        connection.info.pop(BATCH, None)
    _write(connection, pending)


def _upsert(_mapper: Any, connection: Connection, target: Any) -> None:
    if connection.info.get(DEFERRED) or not _has_index(connection):
        return
    if BATCH in connection.info:
        connection.info[BATCH].append(target)
        return
    _write(connection, [target])


def _write(connection: Connection, targets: list[Any]) -> None:
    by_rowid: dict[int, dict[str, Any]] = {}  # a row written twice in the batch: the last wins
    for target in targets:
        document = _document(connection, target)
        if document is not None:
            kind, account_id, title, body = document
            rowid = _rowid(kind, target.id)
            by_rowid[rowid] = {"r": rowid, "k": kind, "i": target.id, "a": account_id,
                               "t": title, "b": body}
    rows = list(by_rowid.values())
    if not rows:
        return
    connection.execute(text(f"DELETE FROM {TABLE} WHERE rowid = :r"), rows)
    connection.execute(
        text(f"INSERT INTO {TABLE} (rowid, kind, ref_id, account_id, title, body) "
             "VALUES (:r, :k, :i, :a, :t, :b)"), rows)


def _remove(_mapper: Any, connection: Connection, target: Any) -> None:
    if connection.info.get(DEFERRED) or not _has_index(connection):
        return
    document_kind = {Account: "account", Contact: "contact", CanvasItem: "canvas", Kpi: "kpi",
                     Milestone: "milestone", Meeting: "meeting", ActionItem: "action"}
    kind = document_kind[type(target)]
    connection.execute(text(f"DELETE FROM {TABLE} WHERE rowid = :r"),
                       {"r": _rowid(kind, target.id)})


for _model in (Account, Contact, CanvasItem, Kpi, Milestone, Meeting, ActionItem):
    event.listen(_model, "after_insert", _upsert)
    event.listen(_model, "after_update", _upsert)
    event.listen(_model, "after_delete", _remove)


def rebuild(session: Session) -> int:
    """Rebuild the whole index from the tables (after a bulk change outside the ORM)."""
    connection = session.connection()
    if not _has_index(connection):
        return 0
    connection.execute(text(f"DELETE FROM {TABLE}"))
    count = 0
    for model in (Account, Contact, CanvasItem, Kpi, Milestone, Meeting, ActionItem):
        for item in session.scalars(select(model)):
            _upsert(None, connection, item)
            count += 1
    return count


def _fts_query(user_text: str) -> str:
    """Every word must match, as a prefix; quotes keep FTS syntax characters literal."""
    words = re.findall(r"\w[\w'’-]*", user_text, flags=re.UNICODE)
    return " ".join('"' + w.replace('"', "") + '"*' for w in words[:12])


def _pg_query(user_text: str) -> str:
    """Every word must match, as a prefix (to_tsquery syntax; only letters and digits kept)."""
    words = [re.sub(r"[^\w]", "", w) for w in re.findall(r"\w[\w'’-]*", user_text)]
    return " & ".join(f"{w}:*" for w in words[:12] if w)


def _pg_search(connection: Connection, user_text: str, limit: int) -> list[Hit]:
    query = _pg_query(user_text)
    if not query:
        return []
    rows = connection.execute(text(
        "SELECT s.kind, s.ref_id, s.account_id, s.title, "
        "ts_headline('simple', coalesce(s.body, ''), q, "
        "'StartSel=\"\", StopSel=\"\", MaxWords=12, MinWords=4, MaxFragments=1, "
        "FragmentDelimiter=…'), a.name "
        f"FROM {TABLE} AS s JOIN accounts AS a ON a.id = s.account_id, "
        "to_tsquery('simple', csdesk_unaccent(:q)) AS q "
        "WHERE s.document @@ q AND a.archived_at IS NULL "
        "ORDER BY ts_rank(s.document, q) DESC, s.title LIMIT :n"), {"q": query, "n": limit}).all()
    return [Hit(kind, int(ref), int(acc), name_, title or "", snippet or "")
            for kind, ref, acc, title, snippet, name_ in rows]


def search(session: Session, user_text: str, limit: int = 60) -> list[Hit]:
    connection = session.connection()
    if connection.dialect.name == "postgresql" and _has_index(connection):
        return _pg_search(connection, user_text, limit)
    if _has_index(connection):
        query = _fts_query(user_text)
        if not query:
            return []
        rows = connection.execute(text(
            f"SELECT s.kind, s.ref_id, s.account_id, s.title, "
            f"snippet({TABLE}, 4, '', '', '…', 10), a.name "
            f"FROM {TABLE} AS s JOIN accounts AS a ON a.id = s.account_id "
            f"WHERE {TABLE} MATCH :q AND a.archived_at IS NULL "
            f"ORDER BY bm25({TABLE}, 0, 0, 0, 4.0, 1.0) LIMIT :n"),
            {"q": "{title body}: (" + query + ")", "n": limit}).all()
        return [Hit(kind, int(ref), int(acc), name_, title or "", snippet or "")
                for kind, ref, acc, title, snippet, name_ in rows]
    return _like_search(session, user_text, limit)


def _like_search(session: Session, user_text: str, limit: int) -> list[Hit]:
    """The portable fallback: case-insensitive substring match on the main text columns."""
    needle = user_text.strip()
    if not needle:
        return []
    pattern = f"%{needle.lower()}%"
    hits: list[Hit] = []
    specs: list[tuple[str, Any, list[Any], Any, Any]] = [
        ("account", Account, [Account.name, Account.industry, Account.highlights],
         Account.id, Account.name),
        ("contact", Contact, [Contact.name, Contact.email, Contact.notes],
         Contact.account_id, Contact.name),
        ("meeting", Meeting, [Meeting.title, Meeting.notes, Meeting.decisions],
         Meeting.account_id, Meeting.title),
        ("action", ActionItem, [ActionItem.text, ActionItem.owner],
         ActionItem.account_id, ActionItem.text),
    ]
    for kind, model, columns, account_col, title_col in specs:
        query = select(model.id, account_col, title_col, Account.name)
        if model is not Account:
            query = query.join(Account, Account.id == account_col)
        query = (query
                 .where(or_(*[func.lower(c).like(pattern) for c in columns]),
                        Account.archived_at.is_(None)).limit(limit))
        hits += [Hit(kind, ref, acc, name_, title, "") for ref, acc, title, name_
                 in session.execute(query)]
    plan_specs: list[tuple[str, Any, list[Any], Any]] = [
        ("canvas", CanvasItem, [CanvasItem.text], CanvasItem.text),
        ("kpi", Kpi, [Kpi.name, Kpi.notes], Kpi.name),
        ("milestone", Milestone, [Milestone.name, Milestone.notes], Milestone.name),
    ]
    for kind, model, columns, title_col in plan_specs:
        query = (select(model.id, SuccessPlan.account_id, title_col, Account.name)
                 .join(SuccessPlan, SuccessPlan.id == model.plan_id)
                 .join(Account, Account.id == SuccessPlan.account_id)
                 .where(or_(*[func.lower(c).like(pattern) for c in columns]),
                        Account.archived_at.is_(None)).limit(limit))
        hits += [Hit(kind, ref, acc, name_, title, "") for ref, acc, title, name_
                 in session.execute(query)]
    return hits[:limit]
