"""search index on PostgreSQL (a tsvector column with a GIN index), filled from the rows

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of what csdesk.store.fulltext creates at 0010 (SQLite has had FTS5 since 0002).
CREATE = [
    # Accents do not matter in search (as with SQLite's remove_diacritics): unaccent, wrapped
    # in an IMMUTABLE function so the generated column and its index may use it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION csdesk_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    "CREATE TABLE IF NOT EXISTS search_index (rowid BIGINT PRIMARY KEY, kind TEXT NOT NULL, "
    "ref_id INTEGER NOT NULL, account_id INTEGER, title TEXT, body TEXT, "
    "document TSVECTOR GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', csdesk_unaccent(coalesce(title, ''))), 'A') || "
    "setweight(to_tsvector('simple', csdesk_unaccent(coalesce(body, ''))), 'B')) STORED)",
    "CREATE INDEX IF NOT EXISTS ix_search_index_document ON search_index USING GIN (document)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in CREATE:
        op.execute(statement)
    script = op.get_context().script
    assert script is not None  # set whenever alembic runs the migrations
    fill = script.get_revision("0002").module.FILL
    for select_rows in fill:
        op.execute("INSERT INTO search_index (rowid, kind, ref_id, account_id, title, body) "
                   + select_rows.replace("char(10)", "chr(10)"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS search_index")
        op.execute("DROP FUNCTION IF EXISTS csdesk_unaccent(text)")
