"""Working days and deadlines, against the State Council's 2026 schedule (国办发明电〔2025〕7号)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallapp.domain.workdays import Deadline, WorkdayCalendar, weekdays_only


def days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


# The 2026 schedule, as published (and as shipped by chinese_calendar 1.11).
HOLIDAYS_2026 = (
    days(date(2026, 1, 1), date(2026, 1, 3))  # 元旦
    | days(date(2026, 2, 15), date(2026, 2, 23))  # 春节
    | days(date(2026, 4, 4), date(2026, 4, 6))  # 清明节
    | days(date(2026, 5, 1), date(2026, 5, 5))  # 劳动节
    | days(date(2026, 6, 19), date(2026, 6, 21))  # 端午节
    | days(date(2026, 9, 25), date(2026, 9, 27))  # 中秋节
    | days(date(2026, 10, 1), date(2026, 10, 7))  # 国庆节
)
ADJUSTED_2026 = {
    date(2026, 1, 4),  # Sunday
    date(2026, 2, 14),  # Saturday
    date(2026, 2, 28),  # Saturday
    date(2026, 5, 9),  # Saturday
    date(2026, 9, 20),  # Sunday
    date(2026, 10, 10),  # Saturday
}
# A made-up 2027 schedule, only to show that a known year is no longer flagged.
HOLIDAYS_2027 = {date(2027, 1, 1)}

CAL_2026 = WorkdayCalendar(holidays=HOLIDAYS_2026, adjusted_workdays=ADJUSTED_2026, known_years={2026})
CAL_2026_2027 = WorkdayCalendar(
    holidays=HOLIDAYS_2026 | HOLIDAYS_2027, adjusted_workdays=ADJUSTED_2026, known_years={2026, 2027}
)


def test_schedule_facts() -> None:
    assert len(HOLIDAYS_2026) == 33
    assert all(d.weekday() >= 5 for d in ADJUSTED_2026)


@pytest.mark.parametrize("day", sorted(HOLIDAYS_2026))
def test_holidays_are_never_working_days(day: date) -> None:
    assert not CAL_2026.is_working_day(day)


@pytest.mark.parametrize("day", sorted(ADJUSTED_2026))
def test_adjusted_weekend_days_are_working_days(day: date) -> None:
    assert CAL_2026.is_working_day(day)


def test_ordinary_days() -> None:
    assert CAL_2026.is_working_day(date(2026, 9, 20))  # Sunday, 调休
    assert not CAL_2026.is_working_day(date(2026, 9, 19))  # plain Saturday
    assert CAL_2026.is_working_day(date(2026, 3, 2))  # plain Monday
    assert not CAL_2026.is_working_day(date(2026, 3, 1))  # plain Sunday
    working = [d for d in days(date(2026, 1, 1), date(2026, 12, 31)) if CAL_2026.is_working_day(d)]
    assert len(working) == 248  # 261 weekdays - 19 weekday holidays + 6 调休


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 9, 30), 5, date(2026, 10, 13)),  # 国庆: Oct 8, 9, 10 (Sat, 调休), 12, 13
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 30), 3, date(2026, 10, 10)),
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Sunday 20 Sept is a working day
        (date(2026, 9, 24), 1, date(2026, 9, 28)),  # 中秋 25–27 Sept
        (date(2026, 9, 24), 3, date(2026, 9, 30)),
        (date(2025, 12, 31), 1, date(2026, 1, 4)),  # 元旦 1–3 Jan, Sunday 4 Jan works
        (date(2026, 2, 12), 1, date(2026, 2, 13)),
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Saturday before 春节 works
        (date(2026, 2, 14), 1, date(2026, 2, 24)),  # 春节 15–23 Feb
        (date(2026, 2, 12), 3, date(2026, 2, 24)),
        (date(2026, 2, 27), 1, date(2026, 2, 28)),  # Saturday after 春节 works
        (date(2026, 4, 2), 2, date(2026, 4, 7)),  # 清明 4–6 April
        (date(2026, 4, 30), 1, date(2026, 5, 6)),  # 劳动节 1–5 May
        (date(2026, 4, 30), 4, date(2026, 5, 9)),  # Saturday 9 May works
        (date(2026, 4, 30), 5, date(2026, 5, 11)),
        (date(2026, 6, 18), 1, date(2026, 6, 22)),  # 端午 19–21 June
        (date(2026, 10, 1), 1, date(2026, 10, 8)),  # accepted online during the holiday
        (date(2026, 9, 30), 0, date(2026, 9, 30)),  # on-the-spot: today
        (date(2026, 10, 3), 0, date(2026, 10, 3)),
        (date(2026, 9, 1), 20, date(2026, 9, 29)),
        (date(2026, 9, 15), 20, date(2026, 10, 19)),  # 依申请公开: 20 working days across 国庆
    ],
)
def test_add_working_days_2026(start: date, n: int, expected: date) -> None:
    deadline = CAL_2026.add_working_days(start, n)
    assert deadline == Deadline(expected, ())
    assert deadline.verified and deadline.note == ""
    assert CAL_2026.working_days_between(start, expected) == n


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        CAL_2026.add_working_days(date(2026, 9, 30), -1)


def test_a_day_cannot_be_both_holiday_and_working_day() -> None:
    with pytest.raises(ValueError, match="2026-10-10"):
        WorkdayCalendar(
            holidays={date(2026, 10, 10)}, adjusted_workdays={date(2026, 10, 10)}, known_years={2026}
        )


# --- across the year boundary -------------------------------------------------------------------------


def test_deadline_into_unknown_year_is_flagged() -> None:
    deadline = CAL_2026.add_working_days(date(2026, 12, 30), 3)
    # Thu 31 Dec, then 2027 assumed Monday–Friday: Fri 1 Jan, Mon 4 Jan.
    assert deadline.date == date(2027, 1, 4)
    assert deadline.unverified_years == (2027,)
    assert not deadline.verified
    assert "2027" in deadline.note and "周一至周五" in deadline.note


def test_deadline_into_known_year_is_not_flagged() -> None:
    deadline = CAL_2026_2027.add_working_days(date(2026, 12, 30), 3)
    assert deadline == Deadline(date(2027, 1, 5), ())  # 1 Jan 2027 is a holiday in that calendar
    assert deadline.verified


def test_deadline_staying_in_known_year_is_not_flagged() -> None:
    assert CAL_2026.add_working_days(date(2026, 12, 30), 1) == Deadline(date(2026, 12, 31), ())


def test_deadline_before_the_known_years_is_flagged() -> None:
    deadline = CAL_2026.add_working_days(date(2025, 12, 29), 2)
    assert deadline == Deadline(date(2025, 12, 31), (2025,))


def test_deadline_across_several_unknown_years() -> None:
    deadline = CAL_2026.add_working_days(date(2026, 12, 1), 600)
    assert deadline.unverified_years == (2027, 2028, 2029)


def test_weekdays_only_calendar() -> None:
    calendar = weekdays_only()
    assert calendar.add_working_days(date(2026, 9, 30), 5) == Deadline(date(2026, 10, 7), (2026,))


# --- working days left --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 9, 30), date(2026, 10, 13), 5),
        (date(2026, 10, 13), date(2026, 9, 30), -5),
        (date(2026, 9, 30), date(2026, 9, 30), 0),
        (date(2026, 10, 1), date(2026, 10, 7), 0),
        (date(2026, 9, 30), date(2026, 10, 8), 1),
        (date(2026, 10, 9), date(2026, 10, 11), 1),  # Saturday 10th counts, Sunday 11th does not
        (date(2026, 1, 1), date(2026, 12, 31), 248),
        (date(2026, 12, 31), date(2027, 1, 8), 6),  # 2027 assumed Monday–Friday
        (date(2026, 12, 31), date(2026, 12, 30), -1),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert CAL_2026.working_days_between(start, end) == expected


# --- warnings about missing schedules -----------------------------------------------------------------


def test_years_missing() -> None:
    assert CAL_2026.years_missing(date(2026, 6, 1), 60) == ()
    assert CAL_2026.years_missing(date(2026, 12, 1), 60) == (2027,)
    assert CAL_2026_2027.years_missing(date(2026, 12, 1), 60) == ()
    assert CAL_2026.years_missing(date(2025, 12, 1), 400) == (2025, 2027)


@pytest.mark.parametrize(
    ("calendar", "today", "warns_about"),
    [
        (CAL_2026, date(2026, 10, 31), None),
        (CAL_2026, date(2026, 11, 1), 2027),
        (CAL_2026, date(2026, 12, 31), 2027),
        (CAL_2026_2027, date(2026, 11, 1), None),
        (CAL_2026_2027, date(2027, 10, 31), None),
        (CAL_2026_2027, date(2027, 11, 1), 2028),
        (CAL_2026, date(2027, 1, 4), 2027),  # this year's schedule itself is missing
        (CAL_2026, date(2027, 6, 1), 2027),
    ],
)
def test_schedule_warning(calendar: WorkdayCalendar, today: date, warns_about: int | None) -> None:
    warning = calendar.schedule_warning(today)
    if warns_about is None:
        assert warning is None
    else:
        assert warning is not None and f"{warns_about}年" in warning and "节假日安排" in warning


# --- properties ---------------------------------------------------------------------------------------


def expected_unverified(calendar: WorkdayCalendar, start: date, deadline: date) -> tuple[int, ...]:
    """The years of the days counted (after `start` up to the deadline) whose schedule is unknown."""
    if deadline == start:
        return ()
    first = start + timedelta(days=1)
    return tuple(y for y in range(first.year, deadline.year + 1) if y not in calendar.known_years)


def assert_deadline_properties(calendar: WorkdayCalendar, start: date, n: int) -> None:
    deadline = calendar.add_working_days(start, n)
    if n >= 1:
        assert deadline.date > start
        assert calendar.is_working_day(deadline.date)
    else:
        assert deadline.date == start
    assert calendar.working_days_between(start, deadline.date) == n
    assert calendar.working_days_between(deadline.date, start) == -n
    assert deadline.unverified_years == expected_unverified(calendar, start, deadline.date)


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 12, 31)), n=st.integers(0, 80))
def test_deadline_properties_2026(start: date, n: int) -> None:
    assert_deadline_properties(CAL_2026, start, n)


@st.composite
def calendars(draw: st.DrawFn) -> WorkdayCalendar:
    span = sorted(days(date(2026, 1, 1), date(2027, 12, 31)))
    holidays = draw(st.sets(st.sampled_from(span), max_size=60))
    weekends = [d for d in span if d.weekday() >= 5 and d not in holidays]
    adjusted = draw(st.sets(st.sampled_from(weekends), max_size=20))
    known = draw(st.sets(st.sampled_from([2026, 2027]), max_size=2))
    return WorkdayCalendar(holidays=holidays, adjusted_workdays=adjusted, known_years=known)


@settings(max_examples=150, deadline=None)
@given(
    calendar=calendars(),
    start=st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 12, 31)),
    n=st.integers(0, 60),
)
def test_deadline_properties_any_schedule(calendar: WorkdayCalendar, start: date, n: int) -> None:
    assert_deadline_properties(calendar, start, n)
