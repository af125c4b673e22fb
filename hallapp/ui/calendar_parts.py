"""The pieces the calendar dialogs share: the colours of 休 and 班, the month grid, the list of special days.

Red for days off and blue for worked weekend days, as on a printed 日历; weekends are grey, so that red
means a holiday and nothing else. The widgets only show a ``YearSchedule``; they never read or write.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
)

if TYPE_CHECKING:
    from hallapp.services.calendar import SpecialDay, YearSchedule

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
KIND_TEXT = {"holiday": "节假日", "workday": "调休上班", "normal": "正常"}
DAY_TEXT = {"holiday": "节假日（休）", "workday": "调休上班（班）", "normal": "工作日", "weekend": "周末休息"}
SOURCE_TEXT = {
    "chinese_calendar": "随程序提供的国务院安排",
    "import": "导入的年度安排",
    "manual": "管理员修改",
}
MAX_PROBLEMS_SHOWN = 12
# (background, text) per kind.
COLOURS = {"holiday": ("#fee2e2", "#b91c1c"), "workday": ("#dbeafe", "#1d4ed8")}

STYLE = """
QLabel#calendarWarning { color: #92400e; background: #fffbeb; border: 1px solid #fcd34d;
    border-radius: 4px; padding: 6px 8px; }
QLabel#calendarReadOnly { color: #1e3a8a; background: #eff6ff; border: 1px solid #bfdbfe;
    border-radius: 4px; padding: 6px 8px; }
QListWidget#calendarProblems { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca; }
QLabel#calendarMessage { color: #166534; }
QLabel#calendarSummary { color: #475569; }
QLabel#calendarDay { font-weight: bold; }
QLabel#legendHoliday { background: #fee2e2; color: #b91c1c; border: 1px solid #fecaca;
    border-radius: 3px; padding: 1px 8px; font-weight: bold; }
QLabel#legendWorkday { background: #dbeafe; color: #1d4ed8; border: 1px solid #bfdbfe;
    border-radius: 3px; padding: 1px 8px; font-weight: bold; }
QTableWidget#specialDays { background: white; gridline-color: #e2e8f0; border: 1px solid #cbd5e1; }
QCalendarWidget QAbstractItemView { selection-background-color: #1e3a8a; selection-color: white; }
"""


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def missing_year_warning(year: int) -> str:
    """The line shown for a year whose schedule is not in the database."""
    return f"{year} 年节假日安排尚未导入：该年度的期限按周一至周五推算并标注待核实"


def named_label(name: str, text: str = "", *, wrap: bool = False) -> QLabel:
    """A label the style sheet finds by ``name``."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def day_format(kind: str) -> QTextCharFormat:
    background, foreground = COLOURS[kind]
    fmt = QTextCharFormat()
    fmt.setBackground(QBrush(QColor(background)))
    fmt.setForeground(QBrush(QColor(foreground)))
    fmt.setFontWeight(QFont.Weight.Bold)
    return fmt


class YearCalendar(QCalendarWidget):
    """The month grid of one year, its holidays and adjusted working days in colour, Monday first."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("workCalendar")
        self.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setMinimumSize(440, 290)
        weekend = QTextCharFormat()
        weekend.setForeground(QBrush(QColor("#64748b")))
        for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekday, weekend)

    def show_schedule(self, schedule: YearSchedule, select: date) -> None:
        year = schedule.year
        self.setDateTextFormat(QDate(), QTextCharFormat())  # forget last year's colours
        self.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))
        for special in schedule.days:
            self.setDateTextFormat(qdate(special.day), day_format(special.kind))
        self.setSelectedDate(qdate(select))
        self.setCurrentPage(select.year, select.month)

    def selected_day(self) -> date:
        selected = self.selectedDate()
        return date(selected.year(), selected.month(), selected.day())


class SpecialDaysTable(QTableWidget):
    """The year's special days, one row each: 日期, 星期, 类型 (休/班 in colour), 名称."""

    def __init__(self) -> None:
        super().__init__(0, 4)
        self.setObjectName("specialDays")
        self.setHorizontalHeaderLabels([self.tr("日期"), self.tr("星期"), self.tr("类型"), self.tr("名称")])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def fill(self, days: tuple[SpecialDay, ...]) -> None:
        self.blockSignals(True)
        self.setRowCount(len(days))
        bold = QFont(self.font())
        bold.setBold(True)
        for row, special in enumerate(days):
            background, foreground = (QBrush(QColor(c)) for c in COLOURS[special.kind])
            cells = (
                special.day.isoformat(),
                WEEKDAYS[special.day.weekday()],
                special.label,
                special.name or "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, special.day)
                if column == 2:
                    item.setBackground(background)
                    item.setForeground(foreground)
                    item.setFont(bold)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setToolTip(KIND_TEXT[special.kind])
                self.setItem(row, column, item)
        self.blockSignals(False)

    def select_day(self, day: date) -> None:
        """Select the row of ``day`` (none if it is not special) without telling anyone."""
        self.blockSignals(True)
        self.clearSelection()
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == day:
                self.selectRow(row)
                self.scrollToItem(item)
                break
        self.blockSignals(False)

    def selected_day(self) -> date | None:
        items = self.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None


class ProblemsList(QListWidget):
    """Why an import or an edit did nothing, one line each; hidden when there is nothing to say.

    Its height is bounded and it sits under the list of special days, so a long list of problems takes
    the table's room, never the month grid's."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("calendarProblems")
        self.setWordWrap(True)
        self.setMaximumHeight(170)
        self.hide()

    def show_problems(self, summary: str, problems: tuple[str, ...] = ()) -> None:
        shown = [summary, *problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(self.tr("……另有 {0} 处问题").format(len(problems) - MAX_PROBLEMS_SHOWN))
        self.clear()
        self.addItems(shown)
        self.show()

    def lines(self) -> list[str]:
        """The problems shown right now (empty when none)."""
        return [] if self.isHidden() else [self.item(i).text() for i in range(self.count())]

    def dismiss(self) -> None:
        self.hide()
        self.clear()
