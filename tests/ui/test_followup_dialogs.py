"""The forms of following a deferred case: defaults, inline validation, values, Enter / Esc."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit

from hallapp.domain.lifecycle import Channel
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services.board import BoardRow
from hallapp.ui.followup_dialogs import (
    ConfirmDialog,
    ExtendDialog,
    ExtendValues,
    ReminderDialog,
    ReminderValues,
    SupplementDialog,
)
from tests.ui.board_fixtures import commit_text

TODAY = date(2026, 10, 9)
ROW = BoardRow(
    number="PS2026000123",
    applicant_name="欧阳娜娜",
    applicant_id_masked="4403**********1234",
    phone_masked="",
    matter_name="食品经营许可",
    department="市场监督管理局",
    window="08",
    clerk="李四",
    state="awaiting_supplement",
    status_label="待补正",
    deadline=date(2026, 10, 13),
    days_left=3,
    missing=("营业执照复印件", "场所使用证明"),
    reminders=0,
)


@pytest.fixture
def show(qtbot):
    def shown(dialog: QDialog) -> QDialog:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return shown


def test_supplement_defaults_and_values(show):
    dialog = show(SupplementDialog(ROW, today=TODAY))
    assert [box.text() for box in dialog.material_boxes] == list(ROW.missing)
    assert all(box.isChecked() for box in dialog.material_boxes)
    assert dialog.date_edit.date() == QDate(2026, 10, 9) and dialog.date_edit.maximumDate() == QDate(
        2026, 10, 9
    )
    assert [dialog.channel_box.itemText(i) for i in range(dialog.channel_box.count())] == [
        "现场",
        "邮寄",
        "网上",
    ]
    assert dialog.focusWidget() is dialog.material_boxes[0]
    dialog.material_boxes[0].setChecked(False)
    dialog.date_edit.setDate(QDate(2026, 10, 8))
    dialog.channel_box.setCurrentIndex(2)
    values = dialog.values()
    assert (
        values.names == ("场所使用证明",)
        and values.on == date(2026, 10, 8)
        and values.channel is Channel.ONLINE
    )
    dialog.date_edit.setDate(QDate(2026, 10, 20))  # after today: not allowed
    assert dialog.values().on == TODAY


def test_supplement_needs_a_material_and_enter_means_ok(qtbot, show):
    dialog = show(SupplementDialog(ROW, today=TODAY))
    for box in dialog.material_boxes:
        box.setChecked(False)
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.problems() == ["请至少勾选一项补交的材料"]
    dialog.material_boxes[1].setChecked(True)
    qtbot.keyClick(dialog.channel_box, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.problems() == []


# The 2026 National Day holidays as published: 1–7 October off, Saturday 10 October worked (调休).
NATIONAL_DAY = WorkdayCalendar(
    holidays=[date(2026, 10, day) for day in range(1, 8)],
    adjusted_workdays=[date(2026, 10, 10)],
    known_years=[2026],
)


def test_the_proposed_extension_is_a_working_day(show):
    dialog = show(ExtendDialog(ROW, today=TODAY, calendar=NATIONAL_DAY))
    # five working days after Tuesday 10-13 (a plain "+5 days" would be Sunday 10-18)
    assert dialog.date_edit.date() == QDate(2026, 10, 20)
    assert dialog.date_edit.minimumDate() == QDate(2026, 10, 14)
    assert "星期二" in dialog.day_hint.text() and "多 5 个工作日" in dialog.day_hint.text()
    before = ROW._replace(deadline=date(2026, 9, 29))  # counting across the holidays
    early = show(ExtendDialog(before, today=date(2026, 9, 28), calendar=NATIONAL_DAY))
    proposed = early.date_edit.date().toPython()
    assert proposed == date(2026, 10, 12) and NATIONAL_DAY.is_working_day(proposed)
    overdue = show(ExtendDialog(ROW, today=date(2026, 10, 21), calendar=NATIONAL_DAY))
    assert overdue.date_edit.date() == QDate(2026, 10, 28)  # overdue: counted from today
    assert overdue.date_edit.minimumDate() == QDate(2026, 10, 21)  # and never in the past
    dialog.date_edit.setDate(QDate(2026, 10, 18))  # a Sunday chosen by hand: said at once
    assert "不是工作日" in dialog.day_hint.text() and dialog.day_hint.property("warn") is True


def test_extend_by_a_clerk_asks_for_the_supervisors_own_name_and_password(qtbot, show):
    dialog = show(ExtendDialog(ROW, today=TODAY, calendar=NATIONAL_DAY, approver_needed=True))
    assert (
        dialog.approver_group.isVisible()
        and "科室负责人本人" in dialog.findChild(QLabel, "dialogHint").text()
    )
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.problems() == ["请填写延期理由", "请科室负责人输入其用户名", "请科室负责人输入其密码"]
    assert dialog.focusWidget() is dialog.reason_edit
    commit_text(dialog.reason_edit, "台风停工")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.problems() == ["请科室负责人输入其用户名", "请科室负责人输入其密码"]
    assert dialog.focusWidget() is dialog.username_edit
    qtbot.keyClicks(dialog.username_edit, "wang.kz")
    qtbot.keyClicks(dialog.password_edit, "Kezhang#2026ok")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    values = dialog.values()
    assert values == ExtendValues(date(2026, 10, 20), "台风停工", "wang.kz", "Kezhang#2026ok")
    assert "Kezhang" not in repr(values)


def test_extend_by_a_supervisor_has_no_approver_fields(qtbot, show):
    dialog = show(ExtendDialog(ROW, today=TODAY, calendar=NATIONAL_DAY, approver_needed=False))
    assert (
        not dialog.approver_group.isVisible()
        and "您是科室负责人" in dialog.findChild(QLabel, "dialogHint").text()
    )
    commit_text(dialog.reason_edit, "台风停工")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == ExtendValues(date(2026, 10, 20), "台风停工")


def test_extend_keyboard_order(show):
    dialog = show(ExtendDialog(ROW, today=TODAY, calendar=NATIONAL_DAY))
    assert dialog.focusWidget() is dialog.date_edit
    seen, widget = [], dialog.date_edit
    while len(seen) < 4:
        tabbable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()
        if tabbable and widget.parent() not in (None, dialog.date_edit):  # not the date edit's own line edit
            seen.append(widget)
        widget = widget.nextInFocusChain()
    assert seen == [dialog.date_edit, dialog.reason_edit, dialog.username_edit, dialog.password_edit]


def test_a_held_form_waits_for_the_answer_and_keeps_what_was_typed(qtbot, show):
    dialog = show(ExtendDialog(ROW, today=TODAY, calendar=NATIONAL_DAY))
    dialog.hold_until_answered()
    commit_text(dialog.reason_edit, "台风停工")
    qtbot.keyClicks(dialog.username_edit, "wang.kz")
    qtbot.keyClicks(dialog.password_edit, "Wrong#2026pw")
    with qtbot.waitSignal(dialog.submitted) as submitted:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert submitted.args[0].approver_username == "wang.kz" and dialog.isVisible()
    dialog.setProperty("busy", True)  # as the operation helper marks it while the answer is awaited
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    dialog.setProperty("busy", False)
    dialog.refused("用户名或密码错误。", dialog.password_edit)
    assert dialog.problems() == ["用户名或密码错误。"] and dialog.isVisible()
    from hallapp.services.accounts import WRONG_CREDENTIALS

    dialog.day_hint.setText("星期二，比原期限多 5 个工作日（一次最晚可延至 2027-01-19）。" * 3)  # wraps
    qtbot.wait(50)
    dialog.refused(WRONG_CREDENTIALS, dialog.password_edit)  # two lines more: the dialog must make room
    qtbot.wait(50)  # laid out: no wrapped line is squeezed below the height it needs (seen at 1366×768)
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    assert dialog.reason_edit.text() == "台风停工" and dialog.username_edit.text() == "wang.kz"
    assert dialog.focusWidget() is dialog.password_edit and dialog.password_edit.selectedText()
    dialog.answered()
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_reminder_methods_and_escape_cancels(qtbot, show):
    dialog = show(ReminderDialog(3))
    codes = [dialog.method_box.itemData(i) for i in range(dialog.method_box.count())]
    labels = [dialog.method_box.itemText(i) for i in range(dialog.method_box.count())]
    assert codes == ["letter", "phone", "sms"] and labels == ["书面通知", "电话", "短信"]
    dialog.method_box.setCurrentIndex(2)
    commit_text(dialog.note_edit, "已发短信")
    assert dialog.values() == ReminderValues("sms", "已发短信")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_confirm_enter_and_escape(qtbot, show):
    dialog = show(ConfirmDialog("终止办理 PS2026000123？", title="终止办理", ok_text="终止办理"))
    assert dialog.windowTitle() == "终止办理" and dialog.ok_button.text() == "终止办理"
    assert "PS2026000123" in dialog.text_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    again = show(ConfirmDialog("撤回？"))
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert again.result() == QDialog.DialogCode.Rejected
