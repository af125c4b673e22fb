"""工作日历 dialog: shows a year's holidays, edits a day, imports a year, warns about a missing year."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import delete

from hallapp.services.calendar import load_calendar, seed_from_chinese_calendar, year_schedule
from hallapp.store.calendar_models import CalendarDay, CalendarYear
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import upgrade
from hallapp.ui.calendar_dialog import COLOURS, CalendarDialog
from hallapp.ui.tasks import wait_for_tasks
from tests.ui.conftest import commit_text


@pytest.fixture
def engine(paths):
    paths.ensure()
    engine = make_engine(paths.database_url)
    upgrade(engine)
    seed_from_chinese_calendar(UnitOfWork(engine, write=True))
    with UnitOfWork(engine, write=True) as uow:  # 2027 plays the year not yet published
        uow.session.execute(delete(CalendarDay).where(CalendarDay.day >= date(2027, 1, 1)))
        uow.session.execute(delete(CalendarYear).where(CalendarYear.year >= 2027))
        uow.commit()
    yield engine
    wait_for_tasks()
    engine.dispose()


def open_dialog(qtbot, engine, today: date) -> CalendarDialog:
    dialog = CalendarDialog(partial(UnitOfWork, engine), actor="管理员", today=today)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    return dialog


def table_rows(dialog: CalendarDialog) -> list[tuple[str, ...]]:
    return [
        tuple(dialog.table.item(row, column).text() for column in range(dialog.table.columnCount()))
        for row in range(dialog.table.rowCount())
    ]


def select(qtbot, dialog: CalendarDialog, day: date) -> None:
    dialog.calendar.setSelectedDate(QDate(day))
    assert dialog.selected_day() == day


def test_the_2026_holidays_and_adjusted_working_days_are_shown_in_colour(qtbot, engine):
    dialog = open_dialog(qtbot, engine, date(2026, 9, 30))
    assert dialog.year() == 2026 and dialog.year_box.currentData() == 2026
    rows = table_rows(dialog)
    assert ("2026-10-01", "周四", "休", "国庆节") in rows
    assert ("2026-10-07", "周三", "休", "国庆节") in rows
    assert ("2026-09-20", "周日", "班", "国庆节") in rows
    assert ("2026-10-10", "周六", "班", "国庆节") in rows
    assert dialog.summary_label.text().startswith("2026 年：节假日 ")
    holiday = dialog.calendar.dateTextFormat(QDate(2026, 10, 1))
    workday = dialog.calendar.dateTextFormat(QDate(2026, 10, 10))
    assert holiday.background().color() == QColor(COLOURS["holiday"][0])
    assert workday.background().color() == QColor(COLOURS["workday"][0])
    assert dialog.calendar.dateTextFormat(QDate(2026, 10, 9)).background().color() != QColor(
        COLOURS["holiday"][0]
    )
    assert dialog.warning_label.isHidden()  # September: 2027 is not due yet
    assert dialog.calendar.selectedDate() == QDate(2026, 9, 30)
    assert [dialog.year_box.itemData(i) for i in range(2)] == [2027, 2026]
    assert dialog.year_box.itemText(0) == "2027（未导入）"
    assert dialog.holiday_button.isEnabled()


def test_choosing_a_row_selects_its_day_in_the_calendar(qtbot, engine):
    dialog = open_dialog(qtbot, engine, date(2026, 9, 30))
    row = next(i for i, r in enumerate(table_rows(dialog)) if r[0] == "2026-10-10")
    dialog.table.selectRow(row)
    assert dialog.selected_day() == date(2026, 10, 10)
    assert "调休上班" in dialog.day_label.text() and dialog.name_edit.text() == "国庆节"


def test_setting_a_day_through_the_dialog_persists_and_says_so(qtbot, engine):
    dialog = open_dialog(qtbot, engine, date(2026, 9, 30))
    select(qtbot, dialog, date(2026, 10, 12))
    assert dialog.name_edit.text() == ""
    dialog.name_edit.setFocus()
    commit_text(dialog.name_edit, "国庆节")
    with qtbot.waitSignal(dialog.changed, timeout=5000), qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(dialog.holiday_button, Qt.MouseButton.LeftButton)
    assert ("2026-10-12", "周一", "休", "国庆节") in table_rows(dialog)
    assert dialog.message_label.text() == "已将 2026-10-12 设为节假日"
    assert dialog.calendar.dateTextFormat(QDate(2026, 10, 12)).background().color() == QColor(
        COLOURS["holiday"][0]
    )
    assert load_calendar(UnitOfWork(engine)).add_working_days(date(2026, 9, 30), 5).date == date(2026, 10, 14)

    # the keyboard: select the worked Saturday and make it ordinary again with Alt+R
    dialog.calendar.setFocus()
    select(qtbot, dialog, date(2026, 10, 10))
    with qtbot.waitSignal(dialog.changed, timeout=5000), qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    days = {d.day for d in year_schedule(UnitOfWork(engine), 2026).days}
    assert date(2026, 10, 10) not in days
    assert all(r[0] != "2026-10-10" for r in table_rows(dialog))


def test_a_year_without_schedule_is_warned_about_and_cannot_be_edited(qtbot, engine):
    dialog = open_dialog(qtbot, engine, date(2026, 11, 2))
    assert not dialog.warning_label.isHidden()
    assert (
        "2027 年节假日安排尚未导入：该年度的期限按周一至周五推算并标注待核实" in dialog.warning_label.text()
    )
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.year_box.setCurrentIndex(dialog.year_box.findData(2027))
        dialog.year_box.activated.emit(dialog.year_box.currentIndex())
    assert dialog.year() == 2027 and table_rows(dialog) == []
    assert dialog.warning_label.text().startswith("2027 年节假日安排尚未导入")
    assert "请先用“导入年度安排(CSV)…”导入" in dialog.warning_label.text()
    assert not dialog.holiday_button.isEnabled() and not dialog.normal_button.isEnabled()
    assert dialog.import_button.isEnabled()


def test_importing_a_year_through_the_file_dialog(qtbot, engine, tmp_path, monkeypatch):
    path = tmp_path / "2027年节假日安排.csv"
    path.write_text("date,kind,name\n2027-01-01,休,元旦\n2027-02-07,班,春节\n", encoding="utf-8-sig")
    asked = []

    def choose(parent, caption, folder, filters):
        asked.append(filters)
        return str(path), "CSV 文件 (*.csv)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    dialog = open_dialog(qtbot, engine, date(2026, 11, 2))
    with qtbot.waitSignal(dialog.changed, timeout=5000), qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert asked and "*.csv" in asked[0]
    assert dialog.year() == 2027 and dialog.year_box.currentText() == "2027"
    assert table_rows(dialog) == [("2027-01-01", "周五", "休", "元旦"), ("2027-02-07", "周日", "班", "春节")]
    assert dialog.message_label.text() == "已导入 2027 年节假日安排：节假日 1 天，调休上班 1 天"
    assert dialog.warning_label.isHidden()
    assert dialog.holiday_button.isEnabled()
    assert load_calendar(UnitOfWork(engine)).add_working_days(date(2026, 12, 31), 1).verified


def test_a_bad_file_shows_its_problems_and_changes_nothing(qtbot, engine, tmp_path, monkeypatch):
    path = tmp_path / "bad.csv"
    path.write_text("date,kind,name\n2027-01-01,休,元旦\n2028-01-01,休,元旦\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(path), "")))
    dialog = open_dialog(qtbot, engine, date(2026, 11, 2))
    changed = []
    dialog.changed.connect(lambda: changed.append(True))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problems() != [], timeout=5000)
    assert dialog.problems()[0].startswith("导入失败，未做任何修改")
    assert "第 3 行：2028-01-01 不属于 2027 年；一个文件只能是同一年度的安排" in dialog.problems()
    assert changed == [] and dialog.import_button.isEnabled()
    assert not year_schedule(UnitOfWork(engine), 2027).known


def test_cancelling_the_file_dialog_does_nothing(qtbot, engine, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: ("", "")))
    dialog = open_dialog(qtbot, engine, date(2026, 9, 30))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.problems() == [] and dialog.message_label.text() == ""
    assert dialog.import_button.isEnabled()
