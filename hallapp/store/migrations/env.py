"""Alembic environment: always run by ``hallapp.store.migrate`` with a connection handed over."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
