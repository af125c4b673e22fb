"""工作日历: a year's holidays and adjusted working days; the administrator edits a day or imports a year.

Everyone may look; only the system administrator may change it. Whoever else opens the dialog sees it
read-only with the reason, before touching anything (``session.may``) — the services refuse them anyway.
Every read and write is a use case of the counter session, run through the window's operations
(``ops``) on the database worker. A change broadcasts ``Changes(calendar=True)``: the window's board
and status bar refresh themselves, and so does this dialog. Importing a year first shows what would
change and asks (``hallapp.ui.calendar_import``). The rules live in ``hallapp.services.calendar``.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.access import Permission
from hallapp.domain.workdays import SCHEDULE_WARNING_MONTH
from hallapp.errors import describe
from hallapp.ui.calendar_import import ImportPreviewDialog, choose_schedule_file
from hallapp.ui.calendar_parts import (
    DAY_TEXT,
    KIND_TEXT,
    SOURCE_TEXT,
    STYLE,
    WEEKDAYS,
    ProblemsList,
    SpecialDaysTable,
    YearCalendar,
    missing_year_warning,
    named_label,
    qdate,
)

if TYPE_CHECKING:
    from hallapp.services.calendar import ImportReport, SpecialDay, YearSchedule
    from hallapp.services.changes import Changes
    from hallapp.services.session_admin import CalendarImportPreview
    from hallapp.ui.ops import Operations

LOAD, EDIT, IMPORT = "calendar-year", "calendar-edit", "calendar-import"  # operation keys


class CalendarDialog(QDialog):
    """Opened by the window as ``CalendarDialog(ops, parent)`` with ``ops.session`` signed in."""

    loaded = Signal(int)  # a year is shown (for tests)

    def __init__(self, ops: Operations, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._today = today or date.today()
        self._year = self._today.year
        self._schedule: YearSchedule | None = None
        self._by_day: dict[date, SpecialDay] = {}
        self.preview_dialog: ImportPreviewDialog | None = None
        session = ops.session
        self.editable = session is not None and session.may(Permission.CALENDAR)
        self.setWindowTitle(self.tr("工作日历（节假日与调休）"))
        self.setStyleSheet(STYLE)

        self.year_box = QComboBox()
        self.year_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_box.setMinimumWidth(110)
        year_label = QLabel(self.tr("年度(&Y)"))
        year_label.setBuddy(self.year_box)
        self.summary_label = named_label("calendarSummary")
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year_box)
        top.addSpacing(12)
        top.addWidget(self.summary_label, 1)
        top.addWidget(named_label("legendHoliday", self.tr("休 节假日")))
        top.addWidget(named_label("legendWorkday", self.tr("班 调休上班")))

        self.readonly_label = named_label("calendarReadOnly", wrap=True)
        self.warning_label = named_label("calendarWarning", wrap=True)
        self.warning_label.hide()

        self.calendar = YearCalendar()

        # Two lines reserved: a long holiday name wraps inside them and never pushes into the grid.
        self.day_label = named_label("calendarDay", wrap=True)
        self.day_label.setFixedHeight(self.day_label.fontMetrics().lineSpacing() * 2 + 6)
        self.day_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
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

        self.table = SpecialDaysTable()
        table_label = QLabel(self.tr("本年度特殊日期(&L)"))
        table_label.setBuddy(self.table)
        self.problems_list = ProblemsList()
        right = QVBoxLayout()
        right.addWidget(table_label)
        right.addWidget(self.table, 1)
        right.addWidget(self.problems_list)
        middle = QHBoxLayout()
        middle.setSpacing(16)
        middle.addLayout(left, 5)
        middle.addLayout(right, 4)

        self.message_label = named_label("calendarMessage")
        self.import_button = QPushButton(self.tr("导入年度安排(CSV)(&I)…"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.readonly_label)
        layout.addWidget(self.warning_label)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.resize(1040, 660)  # within 1366×768 with the taskbar; the layout's minimum is smaller still

        chain: list[QWidget] = [self.year_box, self.calendar, self.name_edit, *self._edit_buttons]
        chain += [self.table, self.problems_list, self.import_button, self.close_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.year_box.activated.connect(lambda _i: self.show_year(int(self.year_box.currentData())))
        self.calendar.selectionChanged.connect(self._day_selected)
        self.table.itemSelectionChanged.connect(self._row_selected)
        self.holiday_button.clicked.connect(lambda: self.set_selected("holiday"))
        self.workday_button.clicked.connect(lambda: self.set_selected("workday"))
        self.normal_button.clicked.connect(lambda: self.set_selected("normal"))
        self.import_button.clicked.connect(lambda: self.import_file())
        ops.did_change.connect(self._changed)
        ops.busy_changed.connect(self._busy_changed)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field does what the field says, never another button

        self._explain_rights()
        self._update_enabled()
        self.calendar.setFocus()
        self.show_year(self._today.year, select=self._today)

    def _explain_rights(self) -> None:
        """Read-only for anyone who may not change the calendar, saying so before they try."""
        session = self.ops.session
        if self.editable:
            self.readonly_label.hide()
            self.holiday_button.setToolTip(self.tr("选中的日子放假（休）"))
            self.workday_button.setToolTip(self.tr("选中的日子上班（班），如调休的周六、周日"))
            self.normal_button.setToolTip(self.tr("选中的日子按周一至周五处理"))
            self.import_button.setToolTip(self.tr("国务院公布新年度安排后导入；CSV 格式见 data/README.md"))
            return
        if session is None:
            reason = self.tr("尚未登录：请先登录。")
        else:
            who = session.who_may(Permission.CALENDAR)
            reason = self.tr("仅{0}可修改节假日安排（此处只能查看）。{1}").format(
                who, session.why_not(Permission.CALENDAR)
            )
        self.readonly_label.setText(reason)
        for widget in (*self._edit_buttons, self.name_edit, self.import_button):
            widget.setToolTip(reason)

    # --- reading -------------------------------------------------------------------------------------

    def year(self) -> int:
        """The year shown (or being loaded)."""
        return self._year

    def show_year(self, year: int, *, select: date | None = None) -> None:
        """Load ``year`` on the worker and show it; ``select`` a day of it (else keep the month shown).
        A newer load supersedes an older one still running."""
        if self.ops.session is None:
            return
        self._year = year
        if select is None:
            current = self.calendar.selectedDate()
            select = (
                date(year, current.month(), min(current.day(), 28)) if current.isValid() else date(year, 1, 1)
            )
        chosen = select
        self.ops.run(
            self,
            lambda s: s.year_schedule(year),
            lambda schedule: self._show(schedule, chosen),
            self._failed,
            key=LOAD,
            latest=True,
        )

    def _show(self, schedule: YearSchedule, select: date) -> None:
        self._schedule = schedule
        self._by_day = {d.day: d for d in schedule.days}
        year = schedule.year
        self._fill_years(schedule)
        self.calendar.show_schedule(schedule, select)
        self.table.fill(schedule.days)
        if schedule.known:
            source = SOURCE_TEXT.get(schedule.source, schedule.source)
            self.summary_label.setText(
                self.tr("{0} 年：节假日 {1} 天，调休上班 {2} 天 · {3}").format(
                    year, schedule.holidays, schedule.workdays, source
                )
            )
        else:
            self.summary_label.setText(self.tr("{0} 年：尚无节假日安排").format(year))
        self._show_warning(schedule)
        self._day_selected()
        self._update_enabled()
        self.loaded.emit(year)

    def _fill_years(self, schedule: YearSchedule) -> None:
        years = sorted(
            {*schedule.known_years, self._today.year, self._today.year + 1, schedule.year}, reverse=True
        )
        known = set(schedule.known_years)
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(str(year) if year in known else self.tr("{0}（未导入）").format(year), year)
        self.year_box.setCurrentIndex(self.year_box.findData(schedule.year))
        self.year_box.blockSignals(False)

    def _show_warning(self, schedule: YearSchedule) -> None:
        lines = []
        if not schedule.known:
            lines.append(missing_year_warning(schedule.year))
            if self.editable:
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

    # --- selection -----------------------------------------------------------------------------------

    def selected_day(self) -> date:
        return self.calendar.selected_day()

    def _day_selected(self) -> None:
        day = self.selected_day()
        special = self._by_day.get(day)
        kind = special.kind if special else ("normal" if day.weekday() < 5 else "weekend")
        name = f"　{special.name}" if special and special.name else ""
        if self._schedule is not None and not self._schedule.known:
            name = self.tr("（该年度安排未导入，按周一至周五推算）")
        self.day_label.setText(
            f"{day.isoformat()} {WEEKDAYS[day.weekday()]}：{self.tr(DAY_TEXT[kind])}{name}"
        )
        self.name_edit.setText(special.name or "" if special else "")
        self.table.select_day(day)

    def _row_selected(self) -> None:
        day = self.table.selected_day()
        if day is not None:
            self.calendar.setSelectedDate(qdate(day))

    # --- changing ------------------------------------------------------------------------------------

    def set_selected(self, kind: str) -> None:
        """Make the selected day a holiday, an adjusted working day, or ordinary (on the worker)."""
        if not self._may_edit():
            return
        day, name = self.selected_day(), self.name_edit.text()

        def done(changed: bool) -> None:
            text = self.tr("已将 {0} 设为{1}") if changed else self.tr("{0} 已是{1}，未做修改")
            self.message_label.setText(text.format(day.isoformat(), KIND_TEXT[kind]))
            self.calendar.setFocus()

        self._clear_messages()
        self.ops.run(self, lambda s: s.set_day(day, kind, name), done, self._failed, key=EDIT)

    def import_file(self, path: str | None = None) -> None:
        """Ask for a CSV file, show what importing it would change, and import it only once confirmed."""
        if not self.editable or self._working():
            return
        path = path or choose_schedule_file(self)
        if not path:
            return
        chosen = Path(path)
        self._clear_messages()
        self.ops.run(
            self,
            lambda s: s.preview_calendar_import(chosen),
            lambda p: self._ask(chosen, p),
            self._failed,
            key=IMPORT,
        )

    def _ask(self, path: Path, preview: CalendarImportPreview) -> None:
        if not preview.ok:
            self.problems_list.show_problems(
                self.tr("导入失败，未做任何修改：{0} 处问题").format(len(preview.problems)), preview.problems
            )
            return
        if preview.known and not preview.changes:
            self.message_label.setText(
                self.tr("文件与现有 {0} 年安排完全相同，未做修改").format(preview.year)
            )
            return
        if self.preview_dialog is not None:
            self.preview_dialog.deleteLater()  # the last file's preview: its answer was given
        dialog = ImportPreviewDialog(preview, self)
        dialog.accepted.connect(lambda: self._import(path, preview.fingerprint))
        dialog.rejected.connect(lambda: self.message_label.setText(self.tr("已取消导入，未做任何修改")))
        dialog.finished.connect(lambda _r: self.calendar.setFocus())
        self.preview_dialog = dialog
        dialog.open()

    def _import(self, path: Path, fingerprint: str) -> None:
        def done(report: ImportReport) -> None:
            if not report.ok:
                self.problems_list.show_problems(report.summary, report.problems)
                return
            self.message_label.setText(report.summary)
            assert report.year is not None
            self.show_year(report.year, select=date(report.year, 1, 1))

        self.ops.run(
            self, lambda s: s.import_calendar(path, confirmed=fingerprint), done, self._failed, key=IMPORT
        )

    def problems(self) -> list[str]:
        """The problems shown right now (empty when none)."""
        return self.problems_list.lines()

    def _clear_messages(self) -> None:
        self.problems_list.dismiss()
        self.message_label.clear()

    def _failed(self, error: BaseException) -> None:
        self.problems_list.show_problems(describe(error), ())

    # --- the operations' answers ---------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        """The calendar changed (here or elsewhere): show the year as it now is."""
        if changes.calendar:
            self.show_year(self._year, select=self.selected_day())

    def _busy_changed(self, owner: QObject, _busy: bool) -> None:
        if owner is self:
            self._update_enabled()

    def _working(self) -> bool:
        return self.ops.busy(self, EDIT) or self.ops.busy(self, IMPORT)

    def _may_edit(self) -> bool:
        known = self._schedule is not None and self._schedule.known
        return self.editable and known and not self._working() and not self.ops.busy(self, LOAD)

    def _update_enabled(self) -> None:
        """Edits need the right, a known year shown and no other change running; reading is for all."""
        self.year_box.setEnabled(not self._working())
        self.import_button.setEnabled(self.editable and not self._working())
        may = self._may_edit()
        for widget in (*self._edit_buttons, self.name_edit):
            widget.setEnabled(may)
