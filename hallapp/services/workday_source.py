"""Where the holiday schedules (节假日安排) come from: the `chinese_calendar` package.

The package ships the State Council's schedules as data, one release per year. It knows a year only once
that year's schedule has been published and a new release installed, so the years it holds are the
"known years" of the calendar; deadlines running past them are flagged (see hallapp.domain.workdays).
"""

from __future__ import annotations

from hallapp.domain.workdays import WorkdayCalendar


def calendar_from_chinese_calendar() -> WorkdayCalendar:
    """The working-day calendar built from the schedules in the installed `chinese_calendar` package.

    Known years are the years present in its holiday data. The package is imported here, not at module
    import, so that starting the application does not depend on it until a deadline is needed.
    """
    from chinese_calendar import constants

    holidays = set(constants.holidays)
    adjusted = set(constants.workdays)
    known_years = {day.year for day in holidays}
    return WorkdayCalendar(holidays=holidays, adjusted_workdays=adjusted, known_years=known_years)
