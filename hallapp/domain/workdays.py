"""Working days (工作日) in China, and deadlines counted in them.

Time limits (法定时限, 承诺时限) and the deadline for supplementing deferred materials (容缺) are counted in
working days. These are not simply Monday to Friday: statutory holidays move every year and some weekend
days become working days (调休). The State Council publishes each year's schedule around November, so a
deadline that runs into a year without a published schedule is computed Monday to Friday *and flagged*,
never silently guessed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)
# From this day of the year on, the clerk is warned when next year's schedule is still missing.
SCHEDULE_WARNING_MONTH = 11


@dataclass(frozen=True)
class Deadline:
    """A date counted in working days, and the years whose schedule was unknown while counting it.

    When `unverified_years` is not empty, the date assumed Monday to Friday in those years: it is
    tentative and must be checked once the State Council publishes the schedule.
    """

    date: _dt.date
    unverified_years: tuple[int, ...] = ()

    @property
    def verified(self) -> bool:
        """True when every day counted lay in a year whose holiday schedule is known."""
        return not self.unverified_years

    @property
    def note(self) -> str:
        """What to print next to a tentative deadline; empty when the deadline is verified."""
        if self.verified:
            return ""
        years = "、".join(str(y) for y in self.unverified_years)
        return f"{years}年节假日安排尚未公布，暂按周一至周五推算，请核对"


class WorkdayCalendar:
    """Which days are working days, from the published holiday schedules of the known years.

    `holidays` are the days off of the statutory holidays (also those falling on a weekend),
    `adjusted_workdays` the weekend days that are working days (调休上班), `known_years` the years whose
    schedule has been published and loaded. Days of other years count as working days Monday to Friday.
    """

    def __init__(
        self,
        holidays: Iterable[date],
        adjusted_workdays: Iterable[date],
        known_years: Iterable[int],
    ) -> None:
        self.holidays: frozenset[date] = frozenset(holidays)
        self.adjusted_workdays: frozenset[date] = frozenset(adjusted_workdays)
        self.known_years: frozenset[int] = frozenset(known_years)
        both = self.holidays & self.adjusted_workdays
        if both:
            days = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"days both holiday and adjusted working day: {days}")

    def __repr__(self) -> str:
        years = ", ".join(str(y) for y in sorted(self.known_years))
        return (
            f"WorkdayCalendar(known_years=[{years}], holidays={len(self.holidays)}, "
            f"adjusted_workdays={len(self.adjusted_workdays)})"
        )

    def is_known_year(self, year: int) -> bool:
        """True when the holiday schedule of `year` is loaded."""
        return year in self.known_years

    def is_working_day(self, day: date) -> bool:
        """True when the hall is open for business on `day`.

        A statutory holiday is never a working day; a weekend day made a working day (调休) is one;
        otherwise Monday to Friday are working days.
        """
        if day in self.holidays:
            return False
        if day in self.adjusted_workdays:
            return True
        return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> Deadline:
        """The deadline n working days after `start` (the day of acceptance).

        The day of acceptance does not count: accepted on 2026-09-30 with 5 working days, the deadline is
        2026-10-13 (1–7 October are holidays, Saturday 10 October is a working day). With n = 0 (an
        on-the-spot matter) the deadline is `start` itself. Counting through a year whose schedule is not
        known flags that year on the result.
        """
        if n < 0:
            raise ValueError(f"n must be 0 or more, got {n}")
        day = start
        unknown: set[int] = set()
        remaining = n
        while remaining > 0:
            day += _ONE_DAY
            if day.year not in self.known_years:
                unknown.add(day.year)
            if self.is_working_day(day):
                remaining -= 1
        return Deadline(day, tuple(sorted(unknown)))

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie after `start` up to and including `end`: the "working days left".

        Negative when `end` is before `start` (a deadline already passed by that many working days);
        0 on the same day. `working_days_between(d, add_working_days(d, n).date) == n`.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += _ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def years_missing(self, from_date: date, horizon_days: int) -> tuple[int, ...]:
        """The years between `from_date` and `horizon_days` later whose schedule is not loaded."""
        last = from_date + timedelta(days=max(horizon_days, 0))
        return tuple(y for y in range(from_date.year, last.year + 1) if y not in self.known_years)

    def schedule_warning(self, today: date) -> str | None:
        """A warning for the clerk when a schedule is missing, or None.

        Always when this year's schedule is missing; from 1 November on when next year's is missing,
        because deadlines then start to run into the next year.
        """
        if today.year not in self.known_years:
            return (
                f"{today.year}年节假日安排尚未录入：所有办结期限暂按周一至周五推算，"
                "请尽快更新节假日数据并人工核对期限"
            )
        next_year = today.year + 1
        if today.month >= SCHEDULE_WARNING_MONTH and next_year not in self.known_years:
            return (
                f"{next_year}年节假日安排尚未录入：跨入{next_year}年的办结期限暂按周一至周五推算，"
                "国务院公布后请更新节假日数据"
            )
        return None


def weekdays_only(known_years: Iterable[int] = ()) -> WorkdayCalendar:
    """A calendar without any holiday: Monday to Friday. For tests and for a hall with no schedule loaded."""
    return WorkdayCalendar(holidays=(), adjusted_workdays=(), known_years=known_years)
