"""The working-day calendar (工作日历) kept in the database: seeded, read, edited, imported.

Deadlines are counted in working days (see ``hallapp.domain.workdays``). The holiday schedule of each year
is stored in the database so that an administrator can correct a day or load next year's schedule as soon
as the State Council publishes it (around November), without waiting for a new release of the program.
The installed ``chinese_calendar`` package seeds every year it knows, once: a year already in the database
is never overwritten, so an administrator's edits and imports win.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hallapp.domain.access import Permission, check
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.store import audit_repo, calendar_repo
from hallapp.store.calendar_repo import DayRow
from hallapp.store.db import UnitOfWork
from hallapp.store.models import utcnow

# chinese_calendar names its festivals in English; the hall reads them in Chinese.
FESTIVAL_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
KIND_WORDS = {"休": "holiday", "holiday": "holiday", "班": "workday", "workday": "workday"}
KIND_LABELS = {"holiday": "休", "workday": "班"}
NAME_MAX = 60
MAX_FILE_BYTES = 2**20  # a year's schedule is a few dozen lines (under 2 KB); 1 MB is no schedule file
CSV_COLUMNS = ("date", "kind", "name")
_HEADER_ALIASES = {"日期": "date", "类型": "kind", "名称": "name"}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


class CalendarError(ValueError):
    """A change to the calendar that is refused; the message says why, in words for the administrator."""


@dataclass(frozen=True)
class SpecialDay:
    """A holiday (休) or an adjusted working day (班) of a schedule."""

    day: date
    kind: str  # holiday | workday
    name: str | None = None
    source: str = ""

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class YearSchedule:
    """One year as the administrator sees it, and which years are known at all."""

    year: int
    known: bool
    source: str = ""  # chinese_calendar | import | manual, when known
    note: str = ""
    days: tuple[SpecialDay, ...] = ()
    known_years: tuple[int, ...] = ()

    @property
    def holidays(self) -> int:
        return sum(1 for d in self.days if d.kind == "holiday")

    @property
    def workdays(self) -> int:
        return sum(1 for d in self.days if d.kind == "workday")


@dataclass(frozen=True)
class ImportReport:
    """What importing a year's schedule did, or every reason it did nothing."""

    year: int | None = None
    holidays: int = 0
    workdays: int = 0
    replaced: str = ""  # where the year's previous schedule came from, if it had one
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        if not self.ok:
            return f"导入失败，未做任何修改：{len(self.problems)} 处问题"
        replaced = "（已替换原有安排）" if self.replaced else ""
        return f"已导入 {self.year} 年节假日安排：节假日 {self.holidays} 天，调休上班 {self.workdays} 天{replaced}"


# --- seeding from the chinese_calendar package ---------------------------------------------------------


def package_schedule() -> dict[int, list[DayRow]]:
    """Every year the installed ``chinese_calendar`` package knows, with its holidays and adjusted workdays.

    A year is known to the package when it has holidays in it (adjusted workdays alone do not make a year:
    the package lists some in the year before a holiday, e.g. a Sunday in late December for New Year).
    """
    from chinese_calendar import constants

    years: dict[int, list[DayRow]] = {day.year: [] for day in constants.holidays}
    for kind, days in (("holiday", constants.holidays), ("workday", constants.workdays)):
        for day, name in days.items():
            if day.year in years:
                years[day.year].append((day, kind, FESTIVAL_NAMES.get(name, name) or None))
    return years


def _package_note() -> str:
    try:
        from importlib.metadata import version

        return f"chinese_calendar {version('chinesecalendar')}"
    except Exception:  # noqa: BLE001 - only a note
        return "chinese_calendar"


def seed_from_chinese_calendar(
    uow: UnitOfWork, *, schedule: Mapping[int, Sequence[DayRow]] | None = None
) -> tuple[int, ...]:
    """Load every year the ``chinese_calendar`` package knows that the database does not have yet.

    Returns the years added (none when already seeded: cheap at every start). A year already present —
    seeded before, imported or edited by an administrator — is never touched. Like loading the shipped
    catalogue, this writes no audit event: ``calendar_year`` records where each year came from and when.
    """
    schedule = package_schedule() if schedule is None else schedule
    with uow:
        present = calendar_repo.known_years(uow.session)
        missing = sorted(year for year in schedule if year not in present)
        if not missing:
            return ()
        note = _package_note()
        for year in missing:
            calendar_repo.put_year(
                uow.session, year=year, days=schedule[year], source="chinese_calendar", note=note
            )
        uow.commit()
    return tuple(missing)


# --- reading ---------------------------------------------------------------------------------------------


def load_calendar(uow: UnitOfWork) -> WorkdayCalendar:
    """The working-day calendar as the database holds it: what every deadline is counted with."""
    with uow:
        years = calendar_repo.year_numbers(uow.session)
        days = calendar_repo.all_days(uow.session)
    return WorkdayCalendar(
        holidays=(day for day, kind in days if kind == "holiday"),
        adjusted_workdays=(day for day, kind in days if kind == "workday"),
        known_years=years,
    )


def year_schedule(uow: UnitOfWork, year: int) -> YearSchedule:
    """One year's special days for the calendar dialog (empty and not known when never loaded)."""
    with uow:
        years = calendar_repo.year_numbers(uow.session)
        row = calendar_repo.get_year(uow.session, year)
        days = tuple(
            SpecialDay(d.day, d.kind, d.name, d.source) for d in calendar_repo.days_of_year(uow.session, year)
        )
        return YearSchedule(
            year=year,
            known=row is not None,
            source=row.source if row else "",
            note=row.published_note if row else "",
            days=days,
            known_years=tuple(years),
        )


def calendar_warning(uow: UnitOfWork, today: date) -> str | None:
    """What the status bar should warn about, or None: this year's schedule missing, or next year's from
    1 November on (see ``WorkdayCalendar.schedule_warning``)."""
    with uow:
        years = calendar_repo.year_numbers(uow.session)
    return WorkdayCalendar((), (), years).schedule_warning(today)


# --- editing one day -------------------------------------------------------------------------------------


def set_day(uow: UnitOfWork, day: date, kind: str, name: str | None = None) -> bool:
    """Make ``day`` a holiday (``holiday``), an adjusted working day (``workday``) or ordinary (``normal``).

    Only days of a known year can be edited: a year without a schedule must be imported first, or a
    single edited day would make the whole year look verified. Returns False when nothing changed.
    Writes an audit event in the same transaction.
    """
    check(uow.principal, Permission.CALENDAR)
    if kind not in ("holiday", "workday", "normal"):
        raise CalendarError(f"未知的日子类型「{kind}」：应为节假日、调休上班或恢复正常")
    name = (name or "").strip() or None
    if name is not None and len(name) > NAME_MAX:
        raise CalendarError(f"名称超过 {NAME_MAX} 个字")
    if kind == "normal":
        name = None
    with uow:
        if calendar_repo.get_year(uow.session, day.year) is None:
            raise CalendarError(
                f"{day.year} 年节假日安排尚未导入：请先导入该年度安排（CSV），再修改其中的日子"
            )
        row = calendar_repo.get_day(uow.session, day)
        before = (row.kind, row.name) if row is not None else ("normal", None)
        if before == (kind, name):
            return False
        if kind == "normal":
            calendar_repo.clear_day(uow.session, day)
        else:
            calendar_repo.set_day(
                uow.session, day=day, kind=kind, name=name, source="manual", at=utcnow(), by=uow.actor
            )
        audit_repo.record(
            uow.session,
            actor=uow.actor,
            action="calendar.set_day",
            object_type="calendar_day",
            object_id=day.isoformat(),
            before=before[0],
            after=kind,
            name=name,
        )
        uow.commit()
    return True


# --- importing a year's schedule -----------------------------------------------------------------------


def parse_day(text: str) -> date:
    """A date written 2027-01-01, 2027/1/1 (as Excel saves it) or 2027年1月1日.

    Raises ValueError with the reason, in words, when it is not a date or the day does not exist.
    """
    if not text.strip():
        raise ValueError("日期为空")
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"日期「{text}」应写作 YYYY-MM-DD，如 2027-01-01")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(f"日期「{text}」这一天不存在") from None


def read_schedule_csv(path: Path) -> tuple[int | None, list[DayRow], list[str]]:
    """The year, special days and problems of a schedule file (see data/README.md). Writes nothing.

    Problems name the row (the header is row 1). A file with any problem must not be imported.
    """
    try:
        if (size := path.stat().st_size) > MAX_FILE_BYTES:
            words = f"文件「{path.name}」有 {size // 1024} KB，超过上限 {MAX_FILE_BYTES // 1024} KB"
            return None, [], [words + "：一年的节假日安排只有几十行，请确认选对了文件"]
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return None, [], [f"找不到文件「{path}」"]
    except OSError as error:
        return None, [], [f"无法读取文件「{path}」：{error.strerror or error}"]
    except UnicodeDecodeError:
        return None, [], ["文件不是 UTF-8 编码（在 Excel 中请另存为“CSV UTF-8（逗号分隔）”）"]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    columns = [_HEADER_ALIASES.get(c.strip(), c.strip().lower()) for c in header or []]
    if "date" not in columns or "kind" not in columns:
        return None, [], [f"第 1 行（表头）应为 {','.join(CSV_COLUMNS)}"]
    at = {name: columns.index(name) for name in CSV_COLUMNS if name in columns}

    problems: list[str] = []
    rows: list[DayRow] = []
    seen: dict[date, tuple[int, str]] = {}
    year: int | None = None
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # blank lines are allowed
        where = f"第 {line} 行"
        if len(cells) > len(columns):
            problems.append(f"{where}：列数多于表头（是否有未加引号的逗号？）")
            continue
        cells = cells + [""] * (len(columns) - len(cells))
        day_text, kind_text = cells[at["date"]].strip(), cells[at["kind"]].strip()
        name = cells[at["name"]].strip() if "name" in at else ""
        try:
            day = parse_day(day_text)
        except ValueError as error:
            problems.append(f"{where}：{error}")
            continue
        kind = KIND_WORDS.get(kind_text.lower())
        if kind is None:
            problems.append(f"{where}：类型「{kind_text}」应为 休 或 班（也可写 holiday / workday）")
            continue
        if len(name) > NAME_MAX:
            problems.append(f"{where}：名称超过 {NAME_MAX} 个字")
            continue
        if year is None:
            year = day.year
        elif day.year != year:
            problems.append(f"{where}：{day.isoformat()} 不属于 {year} 年；一个文件只能是同一年度的安排")
            continue
        if day in seen:
            first, first_kind = seen[day]
            if first_kind == kind:
                problems.append(f"{where}：{day.isoformat()} 与第 {first} 行重复")
            else:
                problems.append(
                    f"{where}：{day.isoformat()} 在第 {first} 行是“{KIND_LABELS[first_kind]}”，"
                    f"这里又是“{KIND_LABELS[kind]}”；同一天不能既放假又上班"
                )
            continue
        seen[day] = (line, kind)
        rows.append((day, kind, name or None))
    if not rows and not problems:
        problems.append("文件里没有任何日期：每行一天，表头之后至少一行")
    return year, rows, problems


def import_year_csv(uow: UnitOfWork, path: Path | str) -> ImportReport:
    """Load one year's holiday schedule from a CSV file, replacing what the database held for that year.

    All or nothing: with any problem nothing changes and every problem is reported with its row number.
    Afterwards the year is known (source ``import``): deadlines running into it are no longer flagged.
    """
    check(uow.principal, Permission.CALENDAR)
    year, rows, problems = read_schedule_csv(Path(path))
    if problems or year is None:
        return ImportReport(year=year, problems=tuple(problems))
    with uow:
        previous = calendar_repo.get_year(uow.session, year)
        replaced = previous.source if previous is not None else ""
        calendar_repo.put_year(
            uow.session,
            year=year,
            days=sorted(rows),
            source="import",
            note=f"导入自 {Path(path).name}"[:200],
            replace=True,
            by=uow.actor,
        )
        report = ImportReport(
            year=year,
            holidays=sum(1 for _d, kind, _n in rows if kind == "holiday"),
            workdays=sum(1 for _d, kind, _n in rows if kind == "workday"),
            replaced=replaced,
        )
        audit_repo.record(
            uow.session,
            actor=uow.actor,
            action="calendar.import_year",
            object_type="calendar_year",
            object_id=str(year),
            file=Path(path).name,
            holidays=report.holidays,
            workdays=report.workdays,
            replaced=replaced,
        )
        uow.commit()
    return report
