"""Reading and writing the working-day calendar tables. No rules here: the services decide what may change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from hallapp.store.calendar_models import CalendarDay, CalendarYear
from hallapp.store.models import utcnow

# (day, kind, name): one special day as a loader or an import file gives it.
DayRow = tuple[date, str, str | None]


def known_years(session: Session) -> dict[int, CalendarYear]:
    """Every year whose schedule is loaded, by year."""
    rows = session.execute(select(CalendarYear)).scalars()
    return {row.year: row for row in rows}


def get_year(session: Session, year: int) -> CalendarYear | None:
    return session.get(CalendarYear, year)


def year_numbers(session: Session) -> list[int]:
    """The known years, in order."""
    return list(session.execute(select(col(CalendarYear.year)).order_by(col(CalendarYear.year))).scalars())


def all_days(session: Session) -> list[tuple[date, str]]:
    """(day, kind) of every special day of every year, in date order: what counting deadlines needs."""
    rows = session.execute(select(col(CalendarDay.day), col(CalendarDay.kind)).order_by(col(CalendarDay.day)))
    return [(day, kind) for day, kind in rows]


def days_of_year(session: Session, year: int) -> list[CalendarDay]:
    """The special days of one year, in date order."""
    return list(
        session.execute(
            select(CalendarDay)
            .where(col(CalendarDay.day) >= date(year, 1, 1), col(CalendarDay.day) <= date(year, 12, 31))
            .order_by(col(CalendarDay.day))
        ).scalars()
    )


def get_day(session: Session, day: date) -> CalendarDay | None:
    return session.get(CalendarDay, day)


def put_year(
    session: Session,
    *,
    year: int,
    days: Iterable[DayRow],
    source: str,
    note: str = "",
    replace: bool = False,
    by: str = "",
) -> int:
    """Store a year's schedule and mark the year known. Returns the number of days stored.

    With ``replace`` the year's existing days are deleted first; without it the year must be new.
    A core insert of dicts: about ten times faster than adding objects one by one.
    """
    now = utcnow()
    if replace:
        session.execute(
            delete(CalendarDay).where(
                col(CalendarDay.day) >= date(year, 1, 1), col(CalendarDay.day) <= date(year, 12, 31)
            )
        )
        session.execute(delete(CalendarYear).where(col(CalendarYear.year) == year))
    rows = [
        {"day": day, "kind": kind, "name": name, "source": source, "updated_at": now, "updated_by": by}
        for day, kind, name in days
    ]
    if rows:
        session.execute(insert(CalendarDay), rows)
    session.execute(
        insert(CalendarYear),
        [{"year": year, "source": source, "published_note": note, "loaded_at": now, "loaded_by": by}],
    )
    session.flush()
    return len(rows)


def set_day(
    session: Session, *, day: date, kind: str, name: str | None, source: str, at: datetime, by: str = ""
) -> None:
    """Make ``day`` a holiday or an adjusted working day (replacing what it was); ``by`` is the account."""
    row = session.get(CalendarDay, day)
    if row is None:
        session.add(CalendarDay(day=day, kind=kind, name=name, source=source, updated_at=at, updated_by=by))
    else:
        row.kind, row.name, row.source, row.updated_at, row.updated_by = kind, name, source, at, by
        session.add(row)
    session.flush()


def clear_day(session: Session, day: date) -> bool:
    """Make ``day`` an ordinary day again; False when it already was one."""
    row = session.get(CalendarDay, day)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
