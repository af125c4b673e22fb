"""The follow-up forms say the hall's limits at once — a deadline on a holiday, beyond one extension's bound,
a reason that says nothing — and an extension granted on the board prints its 延期通知书."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from hallapp.services.followup_rules import MAX_EXTENSION_WORKING_DAYS
from hallapp.ui.followup_dialogs import ExtendDialog, ReminderDialog, default_extension
from tests.printing.pdfcheck import text
from tests.ui.board_fixtures import commit_text, deferred_case
from tests.ui.test_board_permissions import extend_form, sign_in
from tests.ui.test_followup_dialogs import NATIONAL_DAY, ROW, TODAY


@pytest.fixture
def show(qtbot):
    def shown(dialog):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return shown


def test_the_default_new_deadline_is_a_working_day_whatever_the_deadline(ready_context):
    calendar = ready_context.calendar  # the hall's published schedules (2026: National Day, 调休 …)
    day, proposed = date(2026, 1, 1), set()
    while day < date(2027, 1, 1):
        for today in (day - timedelta(days=3), day, day + timedelta(days=9)):  # due soon, today, overdue
            new = default_extension(day, today, calendar)
            assert calendar.is_working_day(new), (day, today, new)
            assert new > max(day, today)
            proposed.add(new.weekday())
        day += timedelta(days=1)
    assert 6 in proposed  # an adjusted working Sunday (调休) is proposed where it is a working day


def test_a_holiday_is_refused_in_the_form(show):
    dialog = show(ExtendDialog(ROW, today=TODAY, calendar=NATIONAL_DAY, approver_needed=False))
    commit_text(dialog.reason_edit, "台风停工，无法补交")
    dialog.date_edit.setDate(QDate(2026, 10, 18))  # a Sunday
    assert "不是工作日" in dialog.day_hint.text()
    press_return(dialog)
    assert dialog.isVisible() and dialog.problems() == ["新期限 2026-10-18 不是工作日，请选择工作日"]
    assert dialog.focusWidget() is dialog.date_edit


def test_one_extension_cannot_reach_beyond_its_bound(show):
    dialog = show(ExtendDialog(ROW, today=TODAY, calendar=NATIONAL_DAY, approver_needed=False))
    latest = NATIONAL_DAY.add_working_days(ROW.deadline, MAX_EXTENSION_WORKING_DAYS).date
    assert dialog.date_edit.maximumDate() == QDate(latest.year, latest.month, latest.day)
    dialog.date_edit.setDate(QDate(2036, 10, 13))  # ten years: the form keeps to the bound
    assert dialog.date_edit.date() == QDate(latest.year, latest.month, latest.day)
    assert f"一次最晚可延至 {latest.isoformat()}" in dialog.day_hint.text()


def test_a_reason_that_says_nothing_is_refused_in_the_form(show):
    dialog = show(ExtendDialog(ROW, today=TODAY, calendar=NATIONAL_DAY, approver_needed=False))
    commit_text(dialog.reason_edit, "x")
    press_return(dialog)
    assert dialog.isVisible() and "至少 2 个汉字或 4 个字母" in dialog.problems()[0]
    assert dialog.focusWidget() is dialog.reason_edit


def test_the_reminder_form_says_whether_it_prints(show):
    dialog = show(ReminderDialog(3))
    assert dialog.prints and dialog.ok_button.text() == "登记并打印" and "打印催补通知" in dialog.intro.text()
    for method in ("phone", "sms"):
        dialog.method_box.setCurrentIndex(dialog.method_box.findData(method))
        assert not dialog.prints and dialog.ok_button.text() == "登记"
        assert "不打印催补通知" in dialog.intro.text()
    assert "不打印在给申请人的催补通知上" in " ".join(
        label.text() for label in dialog.findChildren(type(dialog.intro))
    )


def test_an_extension_on_the_board_prints_its_notice(qtbot, board, ops, hall):
    number, _ = deferred_case(hall.session("li.si"))
    sign_in(qtbot, board, ops, hall.session("wang.kz"))
    shown: list = []
    board.preview_requested.connect(lambda title, documents: shown.append((title, documents)))
    dialog = extend_form(qtbot, board, number)
    commit_text(dialog.reason_edit, "台风停工，检测机构停业")
    new = dialog.values().new_deadline
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    title, ((label, path),) = shown[-1]
    assert title == number and label == "延期通知书"
    content = text(path.read_bytes())
    assert "延期通知书" in content and number in content and "台风停工，检测机构停业" in content
    assert f"{new.year}年{new.month}月{new.day}日" in content
    assert f"延至 {new.isoformat()}" in board.message() and "已打印延期通知书" in board.message()


def press_return(dialog) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(dialog.date_edit, Qt.Key.Key_Return)
