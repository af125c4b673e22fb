"""工作日历 dialog: shows a year's holidays, edits a day, imports a year after showing what would change,
warns about a missing year — and is read-only, with the reason, for everyone but the administrator."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import delete

from hallapp.domain.access import Role
from hallapp.services.calendar import load_calendar, year_schedule
from hallapp.services.changes import Changes
from hallapp.store.calendar_models import CalendarDay, CalendarYear
from hallapp.store.db import UnitOfWork
from hallapp.ui.calendar_dialog import CalendarDialog
from hallapp.ui.calendar_parts import COLOURS
from tests.ui.admin_helpers import OTHER_ROLES, app_font, grab, make_people, session_ops
from tests.ui.conftest import commit_text


@pytest.fixture
def context(ready_context):
    """The installation with 2026 as published (33 holidays, 6 adjusted working days) and 2027 not yet."""
    with UnitOfWork(ready_context.engine, write=True) as uow:
        uow.session.execute(delete(CalendarDay).where(CalendarDay.day >= date(2027, 1, 1)))
        uow.session.execute(delete(CalendarYear).where(CalendarYear.year >= 2027))
        uow.commit()
    ready_context.reload_calendar()
    return ready_context


@pytest.fixture
def ops_for(context):
    yield from session_ops(context, make_people(context))


def uow(context) -> UnitOfWork:
    return UnitOfWork(context.engine)


def open_dialog(qtbot, ops, today: date) -> CalendarDialog:
    dialog = CalendarDialog(ops, today=today)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    return dialog


def table_rows(dialog: CalendarDialog) -> list[tuple[str, ...]]:
    return [
        tuple(dialog.table.item(row, column).text() for column in range(dialog.table.columnCount()))
        for row in range(dialog.table.rowCount())
    ]


def select(dialog: CalendarDialog, day: date) -> None:
    dialog.calendar.setSelectedDate(QDate(day))
    assert dialog.selected_day() == day


def choose_file(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(path), "")))


def preview_of(qtbot, dialog: CalendarDialog):
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.preview_dialog is not None and dialog.preview_dialog.isVisible(), timeout=5000
    )
    return dialog.preview_dialog


# --- the administrator ---------------------------------------------------------------------------------


def test_the_2026_holidays_and_adjusted_working_days_are_shown_in_colour(qtbot, ops_for):
    dialog = open_dialog(qtbot, ops_for(Role.ADMIN), date(2026, 9, 30))
    assert dialog.year() == 2026 and dialog.year_box.currentData() == 2026
    rows = table_rows(dialog)
    assert ("2026-10-01", "周四", "休", "国庆节") in rows
    assert ("2026-09-20", "周日", "班", "国庆节") in rows
    assert len(rows) == 39
    assert dialog.summary_label.text() == "2026 年：节假日 33 天，调休上班 6 天 · 随程序提供的国务院安排"
    holiday = dialog.calendar.dateTextFormat(QDate(2026, 10, 1))
    workday = dialog.calendar.dateTextFormat(QDate(2026, 10, 10))
    assert holiday.background().color() == QColor(COLOURS["holiday"][0])
    assert workday.background().color() == QColor(COLOURS["workday"][0])
    assert dialog.warning_label.isHidden() and dialog.readonly_label.isHidden()
    assert dialog.calendar.selectedDate() == QDate(2026, 9, 30)
    assert dialog.year_box.itemText(0) == "2027（未导入）"
    assert dialog.holiday_button.isEnabled() and dialog.import_button.isEnabled()


def test_choosing_a_row_selects_its_day_in_the_calendar(qtbot, ops_for):
    dialog = open_dialog(qtbot, ops_for(Role.ADMIN), date(2026, 9, 30))
    row = next(i for i, r in enumerate(table_rows(dialog)) if r[0] == "2026-10-10")
    dialog.table.selectRow(row)
    assert dialog.selected_day() == date(2026, 10, 10)
    assert "调休上班" in dialog.day_label.text() and dialog.name_edit.text() == "国庆节"


def test_setting_a_day_broadcasts_a_calendar_change_and_the_dialog_shows_it(qtbot, ops_for, context):
    ops = ops_for(Role.ADMIN)
    dialog = open_dialog(qtbot, ops, date(2026, 9, 30))
    select(dialog, date(2026, 10, 12))
    dialog.name_edit.setFocus()
    commit_text(dialog.name_edit, "国庆节")
    with qtbot.waitSignal(ops.did_change, timeout=5000) as changed:
        qtbot.mouseClick(dialog.holiday_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].calendar and changed.args[0] == Changes(calendar=True, board=True)
    qtbot.waitUntil(lambda: ("2026-10-12", "周一", "休", "国庆节") in table_rows(dialog), timeout=5000)
    assert dialog.message_label.text() == "已将 2026-10-12 设为节假日"
    assert dialog.calendar.dateTextFormat(QDate(2026, 10, 12)).background().color() == QColor(
        COLOURS["holiday"][0]
    )
    assert load_calendar(uow(context)).add_working_days(date(2026, 9, 30), 5).date == date(2026, 10, 14)
    # the session's own calendar (what new deadlines are counted with) already has it
    assert ops.session.calendar.add_working_days(date(2026, 9, 30), 5).date == date(2026, 10, 14)

    # the keyboard: select the worked Saturday and make it ordinary again with Alt+R
    qtbot.waitUntil(lambda: dialog.normal_button.isEnabled(), timeout=5000)
    dialog.calendar.setFocus()
    select(dialog, date(2026, 10, 10))
    with qtbot.waitSignal(ops.did_change, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: all(r[0] != "2026-10-10" for r in table_rows(dialog)), timeout=5000)
    assert date(2026, 10, 10) not in {d.day for d in year_schedule(uow(context), 2026).days}


def test_a_year_without_schedule_is_warned_about_and_cannot_be_edited(qtbot, ops_for):
    dialog = open_dialog(qtbot, ops_for(Role.ADMIN), date(2026, 11, 2))
    assert (
        "2027 年节假日安排尚未导入：该年度的期限按周一至周五推算并标注待核实" in dialog.warning_label.text()
    )
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.year_box.setCurrentIndex(dialog.year_box.findData(2027))
        dialog.year_box.activated.emit(dialog.year_box.currentIndex())
    assert dialog.year() == 2027 and table_rows(dialog) == []
    assert "请先用“导入年度安排(CSV)…”导入" in dialog.warning_label.text()
    assert not dialog.holiday_button.isEnabled() and not dialog.normal_button.isEnabled()
    assert dialog.import_button.isEnabled()


# --- everyone else: read-only, saying why --------------------------------------------------------------


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_anyone_but_the_administrator_sees_the_calendar_read_only_with_the_reason(qtbot, ops_for, role):
    dialog = open_dialog(qtbot, ops_for(role), date(2026, 9, 30))
    assert not dialog.readonly_label.isHidden()
    reason = dialog.readonly_label.text()
    assert reason.startswith("仅系统管理员可修改节假日安排")
    assert f"{role.label}（" in reason and "无权维护节假日安排" in reason
    assert ("2026-10-01", "周四", "休", "国庆节") in table_rows(dialog)  # looking is for everyone
    assert dialog.year_box.isEnabled()
    for widget in (*dialog._edit_buttons, dialog.name_edit, dialog.import_button):
        assert not widget.isEnabled() and widget.toolTip() == reason
    dialog.set_selected("holiday")  # even called directly: nothing is started
    dialog.import_file("anything.csv")
    assert not dialog.ops.busy(dialog, "calendar-edit") and not dialog.ops.busy(dialog, "calendar-import")
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.year_box.setCurrentIndex(dialog.year_box.findData(2027))
        dialog.year_box.activated.emit(dialog.year_box.currentIndex())
    assert "请先用" not in dialog.warning_label.text()  # no advice they cannot follow


# --- importing a year: look first, then confirm ---------------------------------------------------------


def test_importing_a_new_year_shows_what_it_adds_and_imports_once_confirmed(
    qtbot, ops_for, context, tmp_path, monkeypatch
):
    path = tmp_path / "2027年节假日安排.csv"
    path.write_text("date,kind,name\n2027-01-01,休,元旦\n2027-02-07,班,春节\n", encoding="utf-8-sig")
    asked = []
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda _p, _c, _d, filters: (asked.append(filters), (str(path), ""))[1]),
    )
    ops = ops_for(Role.ADMIN)
    dialog = open_dialog(qtbot, ops, date(2026, 11, 2))
    preview = preview_of(qtbot, dialog)
    assert asked and "*.csv" in asked[0]
    assert not year_schedule(uow(context), 2027).known  # nothing written yet
    assert "2027 年尚无节假日安排" in preview.summary.text()
    assert "新增 2 天，删除 0 天，修改 0 天" in preview.summary.text()
    assert preview.danger.isHidden() and preview.import_button.isEnabled()
    assert preview.import_button.text() == "导入 2027 年安排(&R)"
    with (
        qtbot.waitSignal(ops.did_change, timeout=5000) as changed,
        qtbot.waitSignal(dialog.loaded, timeout=5000),
    ):
        qtbot.keyClick(preview, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert changed.args[0].calendar
    qtbot.waitUntil(lambda: dialog.year() == 2027 and dialog.year_box.currentText() == "2027", timeout=5000)
    qtbot.waitUntil(lambda: len(table_rows(dialog)) == 2, timeout=5000)
    assert table_rows(dialog) == [("2027-01-01", "周五", "休", "元旦"), ("2027-02-07", "周日", "班", "春节")]
    assert dialog.message_label.text() == "已导入 2027 年节假日安排：节假日 1 天，调休上班 1 天"
    assert dialog.warning_label.isHidden()
    assert load_calendar(uow(context)).add_working_days(date(2026, 12, 31), 1).verified


def test_a_one_line_file_never_silently_replaces_a_year_of_39_special_days(
    qtbot, ops_for, context, tmp_path, monkeypatch
):
    path = tmp_path / "2026.csv"
    path.write_text("date,kind,name\n2026-10-01,休,国庆\n", encoding="utf-8")
    choose_file(monkeypatch, path)
    ops = ops_for(Role.ADMIN)
    dialog = open_dialog(qtbot, ops, date(2026, 9, 30))
    changes = []
    ops.did_change.connect(changes.append)

    preview = preview_of(qtbot, dialog)
    text = preview.summary.text()
    assert "现有 2026 年安排（随程序提供的国务院安排）：节假日 33 天，调休上班 6 天。导入将整年替换。" in text
    assert "变化：新增 0 天，删除 38 天，修改 1 天，不变 0 天。" in text
    assert not preview.danger.isHidden() and "删除现有的 38 个特殊日期" in preview.danger.text()
    rows = [tuple(preview.table.item(r, c).text() for c in range(4)) for r in range(preview.table.rowCount())]
    assert len(rows) == 39
    assert ("2026-10-01 周四", "修改", "休 节假日 国庆节", "休 节假日 国庆") in rows
    assert ("2026-10-10 周六", "删除", "班 调休上班 国庆节", "普通日子（按周一至周五）") in rows
    # Enter does not replace the year: the button waits for the tick, Cancel is the default
    assert not preview.import_button.isEnabled() and preview.cancel_button.isDefault()
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible())
    assert dialog.message_label.text() == "已取消导入，未做任何修改"
    assert len(year_schedule(uow(context), 2026).days) == 39 and changes == []

    # looked at again, ticked, confirmed: now it is what the administrator chose
    preview = preview_of(qtbot, dialog)
    qtbot.keyClick(preview, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(preview.confirm_removal.isChecked)  # a mnemonic clicks after a short animation
    assert preview.import_button.isEnabled()
    with qtbot.waitSignal(ops.did_change, timeout=5000):
        qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: table_rows(dialog) == [("2026-10-01", "周四", "休", "国庆")], timeout=5000)
    assert year_schedule(uow(context), 2026).source == "import"


def test_a_file_changed_after_the_preview_is_not_imported(qtbot, ops_for, context, tmp_path, monkeypatch):
    path = tmp_path / "2027.csv"
    path.write_text("date,kind,name\n2027-01-01,休,元旦\n", encoding="utf-8")
    choose_file(monkeypatch, path)
    dialog = open_dialog(qtbot, ops_for(Role.ADMIN), date(2026, 11, 2))
    preview = preview_of(qtbot, dialog)
    path.write_text("date,kind,name\n2027-01-01,休,元旦\n2027-01-02,休,元旦\n", encoding="utf-8")
    preview.accept()
    qtbot.waitUntil(lambda: dialog.problems() != [], timeout=5000)
    assert dialog.problems()[0].startswith("预览之后，导入文件或该年度安排已有改动，未做任何修改")
    assert not year_schedule(uow(context), 2027).known


def test_a_bad_file_shows_its_problems_beside_the_list_and_the_grid_stays_clear(
    qtbot, ops_for, context, tmp_path, monkeypatch
):
    path = tmp_path / "bad.csv"
    lines = ["date,kind,name", "2027-01-01,休,元旦", "2028-01-01,休,元旦"]
    lines += [f"2027-13-{day:02d},休,不存在" for day in range(1, 20)]  # many problems: a long list
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    choose_file(monkeypatch, path)
    dialog = open_dialog(qtbot, ops_for(Role.ADMIN), date(2026, 11, 2))
    calendar_bottom = dialog.calendar.geometry().bottom()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problems() != [], timeout=5000)
    assert dialog.preview_dialog is None
    assert dialog.problems()[0] == "导入失败，未做任何修改：20 处问题"
    assert "第 3 行：2028-01-01 不属于 2027 年；一个文件只能是同一年度的安排" in dialog.problems()
    assert dialog.problems()[-1] == "……另有 8 处问题"
    assert dialog.import_button.isEnabled() and not year_schedule(uow(context), 2027).known
    # the layout: the day's label stays under the grid, the grid keeps its size, it all fits 1366×768
    qtbot.wait(50)
    grid, label = dialog.calendar.geometry(), dialog.day_label.geometry()
    assert grid.bottom() == calendar_bottom
    assert label.top() > grid.bottom() and not label.intersects(grid)
    assert dialog.problems_list.geometry().left() > grid.right()
    minimum = dialog.minimumSizeHint()
    assert minimum.width() <= 1366 and minimum.height() <= 700
    assert dialog.width() <= 1366 and dialog.height() <= 700


def test_cancelling_the_file_dialog_does_nothing(qtbot, ops_for, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: ("", "")))
    dialog = open_dialog(qtbot, ops_for(Role.ADMIN), date(2026, 9, 30))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.problems() == [] and dialog.message_label.text() == ""
    assert dialog.import_button.isEnabled() and dialog.preview_dialog is None


def test_screenshot_of_the_calendar_and_the_import_preview(qtbot, qapp, ops_for, tmp_path, monkeypatch):
    path = tmp_path / "2026.csv"
    path.write_text("date,kind,name\n2026-10-01,休,国庆节\n2026-10-02,休,国庆节\n", encoding="utf-8")
    choose_file(monkeypatch, path)
    with app_font(qapp):
        dialog = open_dialog(qtbot, ops_for(Role.ADMIN), date(2026, 9, 30))
        select(dialog, date(2026, 10, 1))
        shot = grab(dialog, "calendar-dialog.png", tmp_path)
        preview = preview_of(qtbot, dialog)
        grab(preview, "calendar-import-preview.png", tmp_path)
        preview.reject()
        clerk = open_dialog(qtbot, ops_for(Role.CLERK), date(2026, 9, 30))
        clerk.move(QPoint(0, 0))
        grab(clerk, "calendar-dialog-clerk.png", tmp_path)
    assert shot.stat().st_size > 10_000
