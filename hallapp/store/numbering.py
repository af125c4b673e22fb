"""Numbers that are unique, never reused and never skipped: one counter row per series.

The counter is read and advanced inside the caller's transaction, so a case that is rolled back gives
its number back with it, and two counters writing at once are serialised by the database (SQLite's
write lock under ``BEGIN IMMEDIATE``, PostgreSQL's row lock taken by the UPDATE).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from hallapp.store.case_models import NumberCounter


def next_number(session: Session, series: str) -> int:
    """Advance ``series`` by one and return the new value (1 for a new series)."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(NumberCounter).values(series=series, value=0).on_conflict_do_nothing())
    session.execute(
        update(NumberCounter)
        .where(col(NumberCounter.series) == series)
        .values(value=col(NumberCounter.value) + 1)
    )
    return int(
        session.execute(
            select(col(NumberCounter.value)).where(col(NumberCounter.series) == series)
        ).scalar_one()
    )


def current_number(session: Session, series: str) -> int:
    value = session.execute(
        select(col(NumberCounter.value)).where(col(NumberCounter.series) == series)
    ).scalar_one_or_none()
    return int(value or 0)
