"""The forms of following a deferred case: defaults, inline validation, values, Enter / Esc."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from hallapp.domain.lifecycle import Channel
from hallapp.services.board import BoardRow
from hallapp.ui.followup_dialogs import (
    ConfirmDialog,
    ExtendDialog,
    ExtendValues,
    ReminderDialog,
    ReminderValues,
    SupplementDialog,
)
from tests.ui.conftest import commit_text

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


def test_extend_requires_reason_and_approver(qtbot, show):
    dialog = show(ExtendDialog(ROW, today=TODAY))
    assert dialog.date_edit.date() == QDate(2026, 10, 18)  # current deadline + 5 calendar days
    assert dialog.date_edit.minimumDate() == QDate(2026, 10, 14)
    overdue = ExtendDialog(ROW, today=date(2026, 10, 21))
    assert overdue.date_edit.date() == QDate(2026, 10, 26)  # an overdue case: five days after today
    overdue.deleteLater()
    assert not dialog.supervisor_box.isChecked() and "&S" in dialog.supervisor_box.text()
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.problems() == ["请填写延期理由", "请填写批准人"]
    assert dialog.focusWidget() is dialog.reason_edit
    commit_text(dialog.reason_edit, "台风停工")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.problems() == ["请填写批准人"] and dialog.focusWidget() is dialog.approver_edit
    commit_text(dialog.approver_edit, "王科长")
    dialog.supervisor_box.setChecked(True)
    qtbot.keyClick(dialog.approver_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == ExtendValues(date(2026, 10, 18), "台风停工", "王科长", True)


def test_extend_keyboard_order(show):
    dialog = show(ExtendDialog(ROW, today=TODAY))
    assert dialog.focusWidget() is dialog.date_edit
    seen, widget = [], dialog.date_edit
    while len(seen) < 4:
        tabbable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible()
        if tabbable and widget.parent() not in (None, dialog.date_edit):  # not the date edit's own line edit
            seen.append(widget)
        widget = widget.nextInFocusChain()
    assert seen == [dialog.date_edit, dialog.reason_edit, dialog.approver_edit, dialog.supervisor_box]


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
