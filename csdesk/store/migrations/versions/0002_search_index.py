"""search index (SQLite FTS5), filled from the existing rows

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the DDL and the documents as csdesk.store.fulltext wrote them at 0002.
CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5("
    "kind UNINDEXED, ref_id UNINDEXED, account_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)


def _lines(*columns: str) -> str:
    return " || char(10) || ".join(f"coalesce({c}, '')" for c in columns)


ROLE = "replace(role, '_', ' ')"
FILL = [
    "SELECT id*16+1, 'account', id, id, name, "
    f"{_lines('industry', 'website', 'highlights', 'usage_notes')} FROM accounts",
    "SELECT id*16+2, 'contact', id, account_id, name, "
    f"{_lines(ROLE, 'title', 'email', 'phone', 'notes')} FROM contacts",
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


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # other engines search with plain SQL until they get their own index
    op.execute(CREATE)
    for select in FILL:
        op.execute("INSERT INTO search_index (rowid, kind, ref_id, account_id, title, body) "
                   + select)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_index")
