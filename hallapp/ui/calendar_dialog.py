"""工作日历: the administrator views a year's holidays and adjusted working days, edits a day, imports a year.

The dialog never touches the database on the UI thread: every read and write goes through ``run_task``
with the unit-of-work factory it was given (``context.uow``). The rules (which years may be edited, what an
import file must look like) live in ``hallapp.services.calendar``; the dialog shows their answers in words.
After a successful edit or import it emits ``changed``: the window then reloads its calendar
(``AppContext.reload_calendar``) so that new deadlines are counted with it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.workdays import SCHEDULE_WARNING_MONTH
from hallapp.services.calendar import (
    CalendarError,
    ImportReport,
    SpecialDay,
    YearSchedule,
    import_year_csv,
    set_day,
    year_schedule,
)
from hallapp.ui.tasks import run_task

UowFactory = Callable[..., Any]  # called as factory() to read, factory(write=True) to write

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
KIND_TEXT = {"holiday": "节假日", "workday": "调休上班", "normal": "正常"}
SOURCE_TEXT = {
    "chinese_calendar": "随程序提供的国务院安排",
    "import": "导入的年度安排",
    "manual": "管理员修改",
}
# (background, text) per kind: red for days off, blue for worked weekend days, as on a printed 日历.
COLOURS = {"holiday": ("#fee2e2", "#b91c1c"), "workday": ("#dbeafe", "#1d4ed8")}
MAX_PROBLEMS_SHOWN = 12

STYLE = """
QLabel#calendarWarning { color: #92400e; background: #fffbeb; border: 1px solid #fcd34d;
    border-radius: 4px; padding: 6px 8px; }
QLabel#calendarProblems { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca;
    border-radius: 4px; padding: 6px 8px; }
QLabel#calendarMessage { color: #166534; }
QLabel#calendarSummary, QLabel#calendarHint { color: #475569; }
QLabel#calendarDay { font-weight: bold; }
QLabel#legendHoliday { background: #fee2e2; color: #b91c1c; border: 1px solid #fecaca;
    border-radius: 3px; padding: 1px 8px; font-weight: bold; }
QLabel#legendWorkday { background: #dbeafe; color: #1d4ed8; border: 1px solid #bfdbfe;
    border-radius: 3px; padding: 1px 8px; font-weight: bold; }
QTableWidget#specialDays { background: white; gridline-color: #e2e8f0; border: 1px solid #cbd5e1; }
QCalendarWidget QAbstractItemView { selection-background-color: #1e3a8a; selection-color: white; }
"""


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def missing_year_warning(year: int) -> str:
    """The line shown for a year whose schedule is not in the database."""
    return f"{year} 年节假日安排尚未导入：该年度的期限按周一至周五推算并标注待核实"


class CalendarDialog(QDialog):
    """View and edit the working-day calendar, one year at a time."""

    changed = Signal()  # the calendar in the database changed: reload it
    loaded = Signal(int)  # a year is shown (for tests and the status of the window)

    def __init__(
        self,
        uow_factory: UowFactory,
        *,
        actor: str,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._uow = uow_factory
        self._actor = actor
        self._today = today or date.today()
        self._schedule: YearSchedule | None = None
        self._by_day: dict[date, SpecialDay] = {}
        self._serial = 0  # only the answer to the newest load is shown
        self._busy = 0
        self.setWindowTitle(self.tr("工作日历（节假日与调休）"))
        self.setStyleSheet(STYLE)
        self.setMinimumSize(1000, 640)

        self.year_box = QComboBox()
        self.year_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_box.setMinimumWidth(110)
        year_label = QLabel(self.tr("年度(&Y)"))
        year_label.setBuddy(self.year_box)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("calendarSummary")
        legend_holiday = QLabel(self.tr("休 节假日"))
        legend_holiday.setObjectName("legendHoliday")
        legend_workday = QLabel(self.tr("班 调休上班"))
        legend_workday.setObjectName("legendWorkday")
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year_box)
        top.addSpacing(12)
        top.addWidget(self.summary_label, 1)
        top.addWidget(legend_holiday)
        top.addWidget(legend_workday)

        self.warning_label = QLabel()
        self.warning_label.setObjectName("calendarWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.hide()

        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("workCalendar")
        self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumSize(470, 330)
        weekend = QTextCharFormat()
        weekend.setForeground(QBrush(QColor("#64748b")))  # grey: red is for holidays only
        for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.calendar.setWeekdayTextFormat(weekday, weekend)

        self.day_label = QLabel()
        self.day_label.setObjectName("calendarDay")
        self.day_label.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("如 国庆节（可空）"))
        self.name_edit.setMaxLength(60)
        name_label = QLabel(self.tr("名称(&N)"))
        name_label.setBuddy(self.name_edit)
        name_row = QHBoxLayout()
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        self.holiday_button = QPushButton(self.tr("设为节假日(&H)"))
        self.workday_button = QPushButton(self.tr("设为调休上班(&W)"))
        self.normal_button = QPushButton(self.tr("恢复正常(&R)"))
        self.holiday_button.setToolTip(self.tr("选中的日子放假（休）"))
        self.workday_button.setToolTip(self.tr("选中的日子上班（班），如调休的周六、周日"))
        self.normal_button.setToolTip(self.tr("选中的日子按周一至周五处理"))
        self._edit_buttons = (self.holiday_button, self.workday_button, self.normal_button)
        buttons_row = QHBoxLayout()
        for button in self._edit_buttons:
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(self.calendar, 1)
        left.addWidget(self.day_label)
        left.addLayout(name_row)
        left.addLayout(buttons_row)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("specialDays")
        self.table.setHorizontalHeaderLabels(
            [self.tr("日期"), self.tr("星期"), self.tr("类型"), self.tr("名称")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table_label = QLabel(self.tr("本年度特殊日期(&L)"))
        table_label.setBuddy(self.table)
        right = QVBoxLayout()
        right.addWidget(table_label)
        right.addWidget(self.table, 1)

        middle = QHBoxLayout()
        middle.setSpacing(16)
        middle.addLayout(left, 5)
        middle.addLayout(right, 4)

        self.problems_label = QLabel()
        self.problems_label.setObjectName("calendarProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_label.hide()
        self.message_label = QLabel()
        self.message_label.setObjectName("calendarMessage")
        self.import_button = QPushButton(self.tr("导入年度安排(CSV)(&I)…"))
        self.import_button.setToolTip(self.tr("国务院公布新年度安排后导入；CSV 格式见 data/README.md"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.warning_label)
        layout.addLayout(middle, 1)
        layout.addWidget(self.problems_label)
        layout.addLayout(bottom)

        for first, second in zip(
            [
                self.year_box,
                self.calendar,
                self.name_edit,
                *self._edit_buttons,
                self.table,
                self.import_button,
            ],
            [
                self.calendar,
                self.name_edit,
                *self._edit_buttons,
                self.table,
                self.import_button,
                self.close_button,
            ],
        ):
            QWidget.setTabOrder(first, second)

        self.year_box.activated.connect(lambda _i: self.show_year(int(self.year_box.currentData())))
        self.calendar.selectionChanged.connect(self._day_selected)
        self.table.itemSelectionChanged.connect(self._row_selected)
        self.holiday_button.clicked.connect(lambda: self.set_selected("holiday"))
        self.workday_button.clicked.connect(lambda: self.set_selected("workday"))
        self.normal_button.clicked.connect(lambda: self.set_selected("normal"))
        self.import_button.clicked.connect(self.import_file)

        self._set_enabled(False)
        self.calendar.setFocus()
        self.show_year(self._today.year, select=self._today)

    # --- reading -------------------------------------------------------------------------------------

    def year(self) -> int:
        """The year shown (or being loaded)."""
        return self._year

    def show_year(self, year: int, *, select: date | None = None) -> None:
        """Load ``year`` on a worker and show it; ``select`` a day of it (else keep the month shown)."""
        self._year = year
        self._serial += 1
        serial = self._serial
        if select is None:
            current = self.calendar.selectedDate()
            select = (
                date(year, current.month(), min(current.day(), 28)) if current.isValid() else date(year, 1, 1)
            )
        uow = self._uow

        def shown(schedule: YearSchedule) -> None:
            if serial == self._serial:
                self._show(schedule, select)

        self._start(lambda: year_schedule(uow(), year), shown)

    def _show(self, schedule: YearSchedule, select: date) -> None:
        self._schedule = schedule
        self._by_day = {d.day: d for d in schedule.days}
        year = schedule.year
        self._fill_years(schedule)
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # forget last year's colours
        self.calendar.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))
        for special in schedule.days:
            self.calendar.setDateTextFormat(_qdate(special.day), self._format(special.kind))
        self._fill_table(schedule.days)
        if schedule.known:
            self.summary_label.setText(
                self.tr("{0} 年：节假日 {1} 天，调休上班 {2} 天 · {3}").format(
                    year,
                    schedule.holidays,
                    schedule.workdays,
                    SOURCE_TEXT.get(schedule.source, schedule.source),
                )
            )
        else:
            self.summary_label.setText(self.tr("{0} 年：尚无节假日安排").format(year))
        self._show_warning(schedule)
        self.calendar.setSelectedDate(_qdate(select))
        self.calendar.setCurrentPage(select.year, select.month)
        self._day_selected()
        self._set_enabled(True)
        self.loaded.emit(year)

    def _fill_years(self, schedule: YearSchedule) -> None:
        years = sorted(
            {*schedule.known_years, self._today.year, self._today.year + 1, schedule.year}, reverse=True
        )
        known = set(schedule.known_years)
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            text = str(year) if year in known else self.tr("{0}（未导入）").format(year)
            self.year_box.addItem(text, year)
        self.year_box.setCurrentIndex(self.year_box.findData(schedule.year))
        self.year_box.blockSignals(False)

    def _fill_table(self, days: tuple[SpecialDay, ...]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(days))
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
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)

    def _show_warning(self, schedule: YearSchedule) -> None:
        lines = []
        if not schedule.known:
            lines.append(missing_year_warning(schedule.year))
            lines.append(self.tr("请先用“导入年度安排(CSV)…”导入该年度安排，再修改其中的日子。"))
        next_year = self._today.year + 1
        if (
            next_year != schedule.year
            and next_year not in schedule.known_years
            and self._today.month >= SCHEDULE_WARNING_MONTH
        ):
            lines.append(missing_year_warning(next_year))
        self.warning_label.setText("\n".join(lines))
        self.warning_label.setVisible(bool(lines))

    @staticmethod
    def _format(kind: str) -> QTextCharFormat:
        background, foreground = COLOURS[kind]
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(QColor(background)))
        fmt.setForeground(QBrush(QColor(foreground)))
        fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    # --- selection -----------------------------------------------------------------------------------

    def selected_day(self) -> date:
        selected = self.calendar.selectedDate()
        return date(selected.year(), selected.month(), selected.day())

    def _day_selected(self) -> None:
        day = self.selected_day()
        special = self._by_day.get(day)
        kind = special.kind if special else ("normal" if day.weekday() < 5 else "weekend")
        text = {
            "holiday": "节假日（休）",
            "workday": "调休上班（班）",
            "normal": "工作日",
            "weekend": "周末休息",
        }[kind]
        name = f"　{special.name}" if special and special.name else ""
        if self._schedule is not None and not self._schedule.known:
            name = self.tr("（该年度安排未导入，按周一至周五推算）")
        self.day_label.setText(f"{day.isoformat()} {WEEKDAYS[day.weekday()]}：{self.tr(text)}{name}")
        self.name_edit.setText(special.name or "" if special else "")
        self.table.blockSignals(True)
        self.table.clearSelection()
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == day:
                self.table.selectRow(row)
                self.table.scrollToItem(item)
                break
        self.table.blockSignals(False)
        self._enable_edits()

    def _row_selected(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.calendar.setSelectedDate(_qdate(items[0].data(Qt.ItemDataRole.UserRole)))

    # --- changing ------------------------------------------------------------------------------------

    def set_selected(self, kind: str) -> None:
        """Make the selected day a holiday, an adjusted working day, or ordinary (on a worker)."""
        if self._busy or self._schedule is None:
            return
        day, name, actor, uow = self.selected_day(), self.name_edit.text(), self._actor, self._uow

        def done(changed: bool) -> None:
            if changed:
                self.message_label.setText(
                    self.tr("已将 {0} 设为{1}").format(day.isoformat(), KIND_TEXT[kind])
                )
                self.changed.emit()
            else:
                self.message_label.setText(
                    self.tr("{0} 已是{1}，未做修改").format(day.isoformat(), KIND_TEXT[kind])
                )
            self.show_year(day.year, select=day)
            self.calendar.setFocus()

        self._clear_messages()
        self._start(lambda: set_day(uow(write=True), day, kind, name, actor=actor), done)

    def import_file(self) -> None:
        """Ask for a CSV file and import it as one year's schedule (on a worker)."""
        if self._busy:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("导入年度节假日安排"), "", self.tr("CSV 文件 (*.csv);;所有文件 (*)")
        )
        if not path:
            return
        actor, uow = self._actor, self._uow

        def done(report: ImportReport) -> None:
            if not report.ok:
                self._show_problems(report)
                self._set_enabled(True)
                return
            self.message_label.setText(report.summary)
            self.changed.emit()
            assert report.year is not None
            self.show_year(report.year, select=date(report.year, 1, 1))

        self._clear_messages()
        self._start(lambda: import_year_csv(uow(write=True), path, actor=actor), done)

    def _show_problems(self, report: ImportReport) -> None:
        shown = list(report.problems[:MAX_PROBLEMS_SHOWN])
        if len(report.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(self.tr("……另有 {0} 处问题").format(len(report.problems) - MAX_PROBLEMS_SHOWN))
        self.problems_label.setText("\n".join([report.summary, *shown]))
        self.problems_label.show()

    def problems(self) -> list[str]:
        """The problems shown right now (empty when none)."""
        text = self.problems_label.text()
        return text.split("\n") if not self.problems_label.isHidden() and text else []

    def _clear_messages(self) -> None:
        self.problems_label.hide()
        self.problems_label.clear()
        self.message_label.clear()

    # --- running work --------------------------------------------------------------------------------

    def _start(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._busy += 1
        self._set_enabled(False)

        def finish(value: Any) -> None:
            self._busy -= 1
            on_done(value)

        def failed(error: BaseException) -> None:
            self._busy -= 1
            self._failed(error)

        run_task(self, fn, finish, failed)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, CalendarError):
            text = str(error)
        else:
            text = self.tr("操作失败：{0}").format(error)
        self.problems_label.setText(text)
        self.problems_label.show()
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        enabled = enabled and not self._busy
        self.year_box.setEnabled(enabled)
        self.import_button.setEnabled(enabled)
        self._enable_edits(enabled)

    def _enable_edits(self, enabled: bool | None = None) -> None:
        if enabled is None:
            enabled = not self._busy
        known = self._schedule is not None and self._schedule.known
        for button in self._edit_buttons:
            button.setEnabled(enabled and known)
        self.name_edit.setEnabled(enabled and known)
