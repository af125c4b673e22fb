"""The working-day calendar built from the chinese_calendar package."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from chinese_calendar import constants

from hallapp.domain.workdays import Deadline, WorkdayCalendar
from hallapp.services.workday_source import calendar_from_chinese_calendar


@pytest.fixture(scope="module")
def calendar() -> WorkdayCalendar:
    return calendar_from_chinese_calendar()


def test_known_years_are_the_years_of_the_package(calendar: WorkdayCalendar) -> None:
    assert calendar.known_years == {d.year for d in constants.holidays}
    assert set(range(2004, 2027)) <= calendar.known_years


def test_agrees_with_the_package_on_every_day_it_knows(calendar: WorkdayCalendar) -> None:
    day, last = date(min(calendar.known_years), 1, 1), date(max(calendar.known_years), 12, 31)
    while day <= last:
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def _2026(kind: dict[date, str]) -> list[tuple[date, str]]:
    return sorted((d, name) for d, name in kind.items() if d.year == 2026)


@pytest.mark.parametrize(("day", "festival"), _2026(constants.holidays))
def test_2026_holidays_are_days_off(calendar: WorkdayCalendar, day: date, festival: str) -> None:
    assert not calendar.is_working_day(day), festival


@pytest.mark.parametrize(("day", "festival"), _2026(constants.workdays))
def test_2026_adjusted_days_are_working_weekend_days(
    calendar: WorkdayCalendar, day: date, festival: str
) -> None:
    assert day.weekday() >= 5, festival
    assert calendar.is_working_day(day)


def test_2026_festivals_present() -> None:
    festivals = {name for _, name in _2026(constants.holidays)}
    assert {
        "New Year's Day",
        "Spring Festival",
        "Tomb-sweeping Day",
        "Labour Day",
        "Dragon Boat Festival",
        "Mid-autumn Festival",
        "National Day",
    } <= festivals


def _around(holiday_days: list[date]) -> tuple[date, date]:
    """The last working day before a holiday block and the first one after it, read from the package."""
    day = max(holiday_days) + timedelta(days=1)
    while not chinese_calendar.is_workday(day):
        day += timedelta(days=1)
    before = min(holiday_days) - timedelta(days=1)
    while not chinese_calendar.is_workday(before):
        before -= timedelta(days=1)
    return before, day


def _blocks_2026() -> list[tuple[str, date, date]]:
    by_festival: dict[str, list[date]] = {}
    for day, name in _2026(constants.holidays):
        by_festival.setdefault(name, []).append(day)
    return [(name, *_around(block)) for name, block in sorted(by_festival.items())]


@pytest.mark.parametrize(("festival", "last_before", "first_after"), _blocks_2026())
def test_the_day_after_the_eve_of_a_holiday_is_the_reopening_day(
    calendar: WorkdayCalendar, festival: str, last_before: date, first_after: date
) -> None:
    assert calendar.add_working_days(last_before, 1) == Deadline(first_after, ()), festival
    assert calendar.working_days_between(last_before, first_after) == 1


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 9, 30), 5, date(2026, 10, 13)),
        (date(2026, 9, 18), 1, date(2026, 9, 20)),
        (date(2026, 2, 13), 2, date(2026, 2, 24)),
        (date(2026, 4, 30), 4, date(2026, 5, 9)),
        (date(2025, 12, 31), 1, date(2026, 1, 4)),
    ],
)
def test_well_known_deadlines(calendar: WorkdayCalendar, start: date, n: int, expected: date) -> None:
    assert calendar.add_working_days(start, n) == Deadline(expected, ())


def test_2027_is_not_yet_known(calendar: WorkdayCalendar) -> None:
    if 2027 in calendar.known_years:
        pytest.skip("the installed chinese_calendar already ships the 2027 schedule")
    deadline = calendar.add_working_days(date(2026, 12, 30), 3)
    assert deadline == Deadline(date(2027, 1, 4), (2027,))
    assert calendar.schedule_warning(date(2026, 10, 31)) is None
    assert calendar.schedule_warning(date(2026, 11, 1)) is not None
