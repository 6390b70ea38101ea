"""Alembic environment: always run from csdesk.store.migrate with a connection in attributes."""

from __future__ import annotations

from alembic import context

from csdesk.models import Base
from csdesk.store.migrate import is_model_table

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - csdesk never runs Alembic without a connection
    raise RuntimeError("run migrations through csdesk.store.migrate, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    # csdesk's engine issues BEGIN itself, so SQLite DDL is transactional too: a failed
    # migration rolls back as a whole.
    transactional_ddl=True,
    include_name=lambda name, type_, _parent: type_ != "table" or is_model_table(name),
)

with context.begin_transaction():
    context.run_migrations()
