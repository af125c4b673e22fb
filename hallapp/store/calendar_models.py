"""The working-day calendar (工作日历) in the database: the published holiday schedule of each known year.

``calendar_year`` holds one row per year whose schedule is loaded: a year is *known* exactly when it has a
row there, whatever its days. ``calendar_day`` holds only the days that differ from Monday-to-Friday:
statutory holidays (``holiday``, also when they fall on a weekend) and weekend days made working days
(``workday``, 调休上班). A day without a row is an ordinary day.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from hallapp.store.models import utcnow
from hallapp.store.types import UtcDateTime

DAY_KINDS = ("holiday", "workday")
SOURCES = ("chinese_calendar", "import", "manual")


class CalendarDay(SQLModel, table=True):
    """One special day: a holiday (休) or an adjusted working day (班), where it came from."""

    __tablename__ = "calendar_day"
    __table_args__ = (
        CheckConstraint("kind IN ('holiday', 'workday')", name="ck_calendar_day_kind"),
        CheckConstraint("source IN ('chinese_calendar', 'import', 'manual')", name="ck_calendar_day_source"),
    )

    day: date = Field(primary_key=True)
    kind: str = Field(max_length=16)
    name: str | None = Field(default=None, max_length=60)  # the festival, e.g. 国庆节
    source: str = Field(max_length=20)
    updated_by: str = Field(default="", max_length=40)  # the account that set it ("" when seeded)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class CalendarYear(SQLModel, table=True):
    """A year whose schedule is loaded (known): deadlines counted through it are verified."""

    __tablename__ = "calendar_year"
    __table_args__ = (
        CheckConstraint("source IN ('chinese_calendar', 'import', 'manual')", name="ck_calendar_year_source"),
    )

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    source: str = Field(max_length=20)
    published_note: str = Field(
        default="", max_length=200
    )  # e.g. 国办发明电〔2025〕7号, or the file imported
    loaded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    loaded_by: str = Field(default="", max_length=40)  # the account that imported or edited it
