"""The working-day calendar in the database: seeded from chinese_calendar, edited, imported, warned about."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from hallapp.domain.access import SYSTEM, AccessDenied, NotSignedIn
from hallapp.domain.workdays import Deadline
from hallapp.services.calendar import (
    CalendarError,
    calendar_warning,
    import_year_csv,
    load_calendar,
    read_schedule_csv,
    seed_from_chinese_calendar,
    set_day,
    year_schedule,
)
from hallapp.store.calendar_models import CalendarDay, CalendarYear
from hallapp.store.case_models import AuditEvent
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import upgrade
from tests.people import ADMIN, CLERK, SUPERVISOR, acting_as

# A made-up 2027 schedule in the documented format (the real one is published around November 2026).
CSV_2027 = """date,kind,name
2027-01-01,休,元旦
2027-01-02,休,元旦
2027-01-03,休,元旦
2027-02-06,休,春节
2027-02-07,班,春节
2027-10-01,holiday,国庆节
2027-10-09,workday,国庆节
"""


@pytest.fixture
def engine(paths):
    paths.ensure()
    engine = make_engine(paths.database_url)
    upgrade(engine)
    seed_from_chinese_calendar(UnitOfWork(engine, write=True, principal=SYSTEM))
    forget_year(engine, 2027)  # whatever the installed package knows: 2027 plays the unpublished year
    yield engine
    engine.dispose()


def forget_year(engine, year: int) -> None:
    with UnitOfWork(engine, write=True) as uow:
        uow.session.execute(
            delete(CalendarDay).where(
                CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)
            )
        )
        uow.session.execute(delete(CalendarYear).where(CalendarYear.year == year))
        uow.commit()


def admin(engine) -> UnitOfWork:
    """A writing unit of work of the administrator, who keeps the holiday schedule."""
    return UnitOfWork(engine, write=True, principal=ADMIN)


def count(engine, table) -> int:
    with UnitOfWork(engine) as uow:
        return uow.session.execute(select(func.count()).select_from(table)).scalar_one()


def csv_file(tmp_path: Path, text: str, *, name: str = "2027.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def days_of(engine, year: int) -> dict[date, tuple[str, str | None, str]]:
    return {d.day: (d.kind, d.name, d.source) for d in year_schedule(UnitOfWork(engine), year).days}


# --- seeding ---------------------------------------------------------------------------------------------


def test_seeding_covers_2026_with_its_holidays_and_adjusted_working_days(engine):
    days = days_of(engine, 2026)
    for d in range(1, 8):
        assert days[date(2026, 10, d)] == ("holiday", "国庆节", "chinese_calendar")
    assert days[date(2026, 9, 20)] == ("workday", "国庆节", "chinese_calendar")
    assert days[date(2026, 10, 10)] == ("workday", "国庆节", "chinese_calendar")
    assert days[date(2026, 1, 1)][:2] == ("holiday", "元旦")
    assert date(2026, 10, 8) not in days and date(2026, 10, 9) not in days
    schedule = year_schedule(UnitOfWork(engine), 2026)
    assert schedule.known and schedule.source == "chinese_calendar"
    assert set(range(2004, 2027)) <= set(schedule.known_years)


def test_seeding_again_changes_nothing(engine):
    before = (count(engine, CalendarDay), count(engine, CalendarYear))
    assert seed_from_chinese_calendar(UnitOfWork(engine, write=True, principal=SYSTEM)) == ()
    assert (count(engine, CalendarDay), count(engine, CalendarYear)) == before
    assert count(engine, AuditEvent) == 0  # loading the package's data is not an administrator's act


def test_seeding_never_overwrites_a_year_already_present(engine):
    set_day(admin(engine), date(2026, 10, 8), "holiday", "国庆节")
    schedule = {
        2026: [(date(2026, 12, 25), "holiday", "圣诞节")],
        2030: [(date(2030, 1, 1), "holiday", "元旦")],
    }
    assert seed_from_chinese_calendar(
        UnitOfWork(engine, write=True, principal=SYSTEM), schedule=schedule
    ) == (2030,)
    days = days_of(engine, 2026)
    assert days[date(2026, 10, 8)] == ("holiday", "国庆节", "manual")
    assert date(2026, 12, 25) not in days
    assert days_of(engine, 2030) == {date(2030, 1, 1): ("holiday", "元旦", "chinese_calendar")}


# --- counting deadlines with the calendar of the database ------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 9, 30), 5, date(2026, 10, 13)),  # 10-01…07 off, Saturday 10-10 worked
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Sunday 09-20 worked
        (date(2026, 2, 13), 2, date(2026, 2, 24)),
        (date(2025, 12, 31), 1, date(2026, 1, 4)),  # across a year boundary, both years known
    ],
)
def test_the_calendar_of_the_database_counts_2026(engine, start, n, expected):
    assert load_calendar(UnitOfWork(engine)).add_working_days(start, n) == Deadline(expected, ())


def test_a_deadline_in_a_year_without_schedule_is_flagged_until_it_is_imported(engine, tmp_path):
    calendar = load_calendar(UnitOfWork(engine))
    deadline = calendar.add_working_days(date(2026, 12, 30), 3)
    assert deadline == Deadline(date(2027, 1, 4), (2027,))  # Monday to Friday, and said so
    assert not deadline.verified and "2027年节假日安排尚未公布" in deadline.note
    assert calendar.add_working_days(date(2026, 12, 28), 3) == Deadline(date(2026, 12, 31), ())

    report = import_year_csv(admin(engine), csv_file(tmp_path, CSV_2027))
    assert report.ok, report.problems
    assert (report.year, report.holidays, report.workdays, report.replaced) == (2027, 5, 2, "")
    calendar = load_calendar(UnitOfWork(engine))
    deadline = calendar.add_working_days(date(2026, 12, 30), 3)
    assert deadline == Deadline(date(2027, 1, 5), ())  # Friday 1 January off now
    assert deadline.verified and deadline.note == ""
    assert calendar.is_working_day(date(2027, 2, 7))  # a Sunday worked


# --- editing one day -------------------------------------------------------------------------------------


def test_setting_a_day_changes_deadlines_and_is_audited(engine):
    assert set_day(admin(engine), date(2026, 10, 12), "holiday", " 国庆节 ") is True
    assert load_calendar(UnitOfWork(engine)).add_working_days(date(2026, 9, 30), 5).date == date(2026, 10, 14)
    assert days_of(engine, 2026)[date(2026, 10, 12)] == ("holiday", "国庆节", "manual")

    assert set_day(admin(engine), date(2026, 10, 10), "normal") is True
    assert load_calendar(UnitOfWork(engine)).add_working_days(date(2026, 9, 30), 5).date == date(2026, 10, 15)
    assert set_day(admin(engine), date(2026, 10, 10), "normal") is False

    with UnitOfWork(engine) as uow:
        events = uow.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
        assert [(e.actor, e.action, e.object_type, e.object_id) for e in events] == [
            ("sun.admin", "calendar.set_day", "calendar_day", "2026-10-12"),
            ("sun.admin", "calendar.set_day", "calendar_day", "2026-10-10"),
        ]
        detail = json.loads(events[0].detail)
        assert detail["before"] == "normal" and detail["after"] == "holiday"


def test_a_weekend_day_can_be_made_a_working_day(engine):
    set_day(admin(engine), date(2026, 10, 17), "workday")
    calendar = load_calendar(UnitOfWork(engine))
    assert calendar.is_working_day(date(2026, 10, 17))
    assert days_of(engine, 2026)[date(2026, 10, 17)] == ("workday", None, "manual")


def test_a_day_of_a_year_without_schedule_cannot_be_edited(engine):
    with pytest.raises(CalendarError, match="2027 年节假日安排尚未导入：请先导入该年度安排"):
        set_day(admin(engine), date(2027, 1, 1), "holiday", "元旦")
    assert 2027 not in load_calendar(UnitOfWork(engine)).known_years
    assert count(engine, AuditEvent) == 0


def test_an_unknown_kind_is_refused(engine):
    with pytest.raises(CalendarError, match="未知的日子类型"):
        set_day(admin(engine), date(2026, 10, 12), "bridge")


@pytest.mark.parametrize("principal", [None, CLERK, SUPERVISOR], ids=["nobody", "clerk", "supervisor"])
def test_only_the_administrator_edits_a_day(engine, principal):
    before = days_of(engine, 2026)
    with pytest.raises(AccessDenied) as caught:
        set_day(UnitOfWork(engine, write=True, principal=principal), date(2026, 10, 12), "holiday", "国庆节")
    assert isinstance(caught.value, NotSignedIn) is (principal is None)
    assert days_of(engine, 2026) == before and count(engine, AuditEvent) == 0


def test_an_edited_day_and_an_imported_year_name_the_administrator(engine, tmp_path):
    set_day(admin(engine), date(2026, 10, 12), "holiday", "国庆节")
    import_year_csv(admin(engine), csv_file(tmp_path, CSV_2027))
    with UnitOfWork(engine) as uow:
        assert uow.session.get(CalendarDay, date(2026, 10, 12)).updated_by == "sun.admin"
        assert uow.session.get(CalendarYear, 2027).loaded_by == "sun.admin"
        assert uow.session.get(CalendarYear, 2026).loaded_by == ""  # seeded by the installation


# --- importing a year ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "date,kind,name\n2027-01-01,休,元旦\n2028-01-01,休,元旦\n",
            ["第 3 行：2028-01-01 不属于 2027 年；一个文件只能是同一年度的安排"],
        ),
        (
            "date,kind,name\n2027-01-01,休,元旦\n2027-13-01,休,\n2027-02-30,休,\n",
            ["第 3 行：日期「2027-13-01」这一天不存在", "第 4 行：日期「2027-02-30」这一天不存在"],
        ),
        (
            "date,kind,name\n2027-01-01,休,元旦\n明年元旦,休,\n",
            ["第 3 行：日期「明年元旦」应写作 YYYY-MM-DD，如 2027-01-01"],
        ),
        (
            "date,kind,name\n2027-10-09,休,国庆节\n2027-01-01,休,元旦\n2027-10-09,班,国庆节\n",
            ["第 4 行：2027-10-09 在第 2 行是“休”，这里又是“班”；同一天不能既放假又上班"],
        ),
        ("date,kind,name\n2027-01-01,休,元旦\n2027-01-01,休,元旦\n", ["第 3 行：2027-01-01 与第 2 行重复"]),
        (
            "date,kind,name\n2027-01-01,放假,元旦\n",
            ["第 2 行：类型「放假」应为 休 或 班（也可写 holiday / workday）"],
        ),
        ("day,type\n2027-01-01,休\n", ["第 1 行（表头）应为 date,kind,name"]),
        ("date,kind,name\n\n", ["文件里没有任何日期：每行一天，表头之后至少一行"]),
    ],
    ids=[
        "two-years",
        "bad-dates",
        "not-a-date",
        "holiday-and-workday",
        "duplicate",
        "bad-kind",
        "header",
        "empty",
    ],
)
def test_a_bad_file_is_refused_with_row_numbers_and_changes_nothing(engine, tmp_path, text, problems):
    before = days_of(engine, 2027), count(engine, CalendarYear), count(engine, CalendarDay)
    report = import_year_csv(admin(engine), csv_file(tmp_path, text))
    assert not report.ok
    assert list(report.problems) == problems
    assert report.summary.startswith("导入失败，未做任何修改")
    assert (days_of(engine, 2027), count(engine, CalendarYear), count(engine, CalendarDay)) == before
    assert count(engine, AuditEvent) == 0


@pytest.mark.parametrize("principal", [None, CLERK, SUPERVISOR], ids=["nobody", "clerk", "supervisor"])
def test_only_the_administrator_imports_a_year(engine, tmp_path, principal):
    with pytest.raises(AccessDenied) as caught:
        import_year_csv(UnitOfWork(engine, write=True, principal=principal), csv_file(tmp_path, CSV_2027))
    assert isinstance(caught.value, NotSignedIn) is (principal is None)
    assert days_of(engine, 2027) == {} and count(engine, AuditEvent) == 0


def test_a_file_that_is_not_utf8_is_refused(engine, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("date,kind,name\n2027-01-01,休,元旦\n".encode("gbk"))
    report = import_year_csv(admin(engine), path)
    assert report.problems == ("文件不是 UTF-8 编码（在 Excel 中请另存为“CSV UTF-8（逗号分隔）”）",)


def test_a_missing_file_is_refused(engine, tmp_path):
    report = import_year_csv(admin(engine), tmp_path / "nope.csv")
    assert not report.ok and "找不到文件" in report.problems[0]


def test_excel_shapes_are_read_bom_slashes_chinese_header_and_blank_lines(tmp_path):
    text = "日期,类型,名称\r\n2027/1/1,休,元旦\r\n\r\n2027年2月7日,班,\r\n"
    year, rows, problems = read_schedule_csv(csv_file(tmp_path, text, bom=True))
    assert problems == []
    assert (year, rows) == (
        2027,
        [(date(2027, 1, 1), "holiday", "元旦"), (date(2027, 2, 7), "workday", None)],
    )


def test_importing_a_known_year_replaces_its_schedule_and_is_audited(engine, tmp_path):
    text = "date,kind,name\n2026-10-01,休,国庆节\n2026-10-02,休,国庆节\n"
    report = import_year_csv(admin(engine), csv_file(tmp_path, text, name="2026修订.csv"))
    assert report.ok and report.replaced == "chinese_calendar"
    assert "已替换原有安排" in report.summary
    assert days_of(engine, 2026) == {
        date(2026, 10, 1): ("holiday", "国庆节", "import"),
        date(2026, 10, 2): ("holiday", "国庆节", "import"),
    }
    schedule = year_schedule(UnitOfWork(engine), 2026)
    assert (schedule.source, schedule.note) == ("import", "导入自 2026修订.csv")
    with UnitOfWork(engine) as uow:
        event = uow.session.execute(select(AuditEvent)).scalar_one()
        assert (event.actor, event.action, event.object_type, event.object_id) == (
            "sun.admin",
            "calendar.import_year",
            "calendar_year",
            "2026",
        )
    # a seed afterwards leaves the imported year alone
    seed_from_chinese_calendar(UnitOfWork(engine, write=True, principal=SYSTEM))
    assert len(days_of(engine, 2026)) == 2


# --- the warning for the status bar ----------------------------------------------------------------------


def test_the_warning_starts_in_november_when_next_year_is_missing(engine, tmp_path):
    assert calendar_warning(UnitOfWork(engine), date(2026, 10, 31)) is None
    warning = calendar_warning(UnitOfWork(engine), date(2026, 11, 1))
    assert warning is not None and warning.startswith("2027年节假日安排尚未录入")
    import_year_csv(admin(engine), csv_file(tmp_path, CSV_2027))
    assert calendar_warning(UnitOfWork(engine), date(2026, 11, 1)) is None
    assert calendar_warning(UnitOfWork(engine), date(2027, 11, 1)) is not None  # 2028 missing
    assert calendar_warning(UnitOfWork(engine), date(2030, 3, 1)).startswith("2030年节假日安排尚未录入")


# --- the application's calendar --------------------------------------------------------------------------


def test_the_application_counts_with_the_database_and_reloads_after_an_edit(app_context):
    assert app_context.calendar.add_working_days(date(2026, 9, 30), 5) == Deadline(date(2026, 10, 13), ())
    with acting_as(app_context, ADMIN):
        set_day(app_context.uow(write=True), date(2026, 10, 12), "holiday", "国庆节")
    assert app_context.calendar.add_working_days(date(2026, 9, 30), 5).date == date(2026, 10, 13)  # cached
    app_context.reload_calendar()
    assert app_context.calendar.add_working_days(date(2026, 9, 30), 5).date == date(2026, 10, 14)
