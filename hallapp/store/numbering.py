"""Numbers that are unique, never reused and never skipped: one counter row per series.

The counter is read and advanced inside the caller's transaction, so a case that is rolled back gives
its number back with it, and two counters writing at once are serialised by the database (SQLite's
write lock under ``BEGIN IMMEDIATE``, PostgreSQL's row lock taken by the UPDATE).

Each number issued is also noted on the unit of work's session (``store.journal.ISSUED_KEY``), so that the
commit journals it outside the database: a number on paper stays known even if the database loses it.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from hallapp.store.case_models import NumberCounter
from hallapp.store.journal import ISSUED_KEY

# How each series' numbers are written (what services.intake and services.bundle_intake print): the series
# "case:PSZW2026" issues PSZW2026000012, "notice:PSZW2026" PSZW2026G00003, "bundle:PSZW2026" PSZW2026B00002,
# "disclosure:PSZW2026" (依申请公开登记) PSZW2026GK00012.
FORMATS = {"case": ("", 6), "notice": ("G", 5), "bundle": ("B", 5), "disclosure": ("GK", 5)}


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
    value = int(
        session.execute(
            select(col(NumberCounter.value)).where(col(NumberCounter.series) == series)
        ).scalar_one()
    )
    session.info.setdefault(ISSUED_KEY, []).append((series, value, format_number(series, value)))
    return value


def current_number(session: Session, series: str) -> int:
    value = session.execute(
        select(col(NumberCounter.value)).where(col(NumberCounter.series) == series)
    ).scalar_one_or_none()
    return int(value or 0)


def format_number(series: str, value: int) -> str:
    """The number as printed for ``value`` of ``series`` (the series name itself for an unknown kind)."""
    kind, _, base = series.partition(":")
    letter, width = FORMATS.get(kind, (None, 0))
    if letter is None:
        return f"{series}#{value}"
    return f"{base}{letter}{value:0{width}d}"


def parse_number(number: str, series: str) -> int | None:
    """The value ``number`` has in ``series``, or None when it is not one of that series' numbers."""
    kind, _, base = series.partition(":")
    letter, _width = FORMATS.get(kind, (None, 0))
    if letter is None:
        return None
    head = base + letter
    rest = number[len(head) :]
    if not number.startswith(head) or not rest.isascii() or not rest.isdigit():
        return None
    return int(rest)


def all_counters(session: Session) -> dict[str, int]:
    """Every series and the last number it issued, as the database says."""
    rows = session.execute(select(col(NumberCounter.series), col(NumberCounter.value))).all()
    return {str(series): int(value) for series, value in rows}


def advance_to(session: Session, series: str, value: int) -> int:
    """Make ``series`` continue above ``value`` (never lowered); returns the value it stood at before."""
    before = current_number(session, series)
    if value > before:
        dialect = session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        session.execute(insert(NumberCounter).values(series=series, value=0).on_conflict_do_nothing())
        session.execute(update(NumberCounter).where(col(NumberCounter.series) == series).values(value=value))
    return before
