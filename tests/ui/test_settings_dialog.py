"""窗口设置: a pure form — valid settings are emitted, invalid ones are explained and nothing is emitted."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from hallapp.services.settings import CounterSettings, load_settings, save_settings
from hallapp.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import commit_text

CUSTOM = CounterSettings(
    window="A12",
    clerk="欧阳娜娜",
    hall_name="深圳市坪山区马峦街道党群服务中心",
    hall_code="MLJD",
    case_prefix="ML-",
    paper="A5",
    deferral_days=7,
    tracking_url="https://example.gov.cn/q?no=",
    tracking_text="拨打 12345 查询",
    community_centre=True,
)


def open_dialog(qtbot, settings: CounterSettings) -> SettingsDialog:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    return dialog


def retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        commit_text(edit, text)


def test_the_form_shows_every_field_and_gives_it_back_unchanged(qtbot):
    dialog = open_dialog(qtbot, CUSTOM)
    assert dialog.settings() == CUSTOM
    assert dialog.window_edit.text() == "A12" and dialog.paper_box.currentText() == "A5"
    assert dialog.deferral_spin.value() == 7 and dialog.community_box.isChecked()
    assert dialog.windowTitle() == "窗口设置"


def test_every_field_edited_with_the_keyboard_is_emitted_on_enter(qtbot, app_context):
    dialog = open_dialog(qtbot, CounterSettings())
    retype(qtbot, dialog.window_edit, "A12")
    retype(qtbot, dialog.clerk_edit, "欧阳娜娜")
    retype(qtbot, dialog.hall_name_edit, "深圳市坪山区马峦街道党群服务中心")
    retype(qtbot, dialog.hall_code_edit, "MLJD")
    retype(qtbot, dialog.case_prefix_edit, "ML-")
    dialog.paper_box.setFocus()
    qtbot.keyClick(dialog.paper_box, Qt.Key.Key_Down)
    retype(qtbot, dialog.deferral_spin.lineEdit(), "7")
    retype(qtbot, dialog.tracking_url_edit, "https://example.gov.cn/q?no=")
    retype(qtbot, dialog.tracking_text_edit, "拨打 12345 查询")
    dialog.community_box.setFocus()
    qtbot.keyClick(dialog.community_box, Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.saved, timeout=2000) as saved:
        qtbot.keyClick(dialog.tracking_text_edit, Qt.Key.Key_Return)
    assert saved.args == [CUSTOM]
    assert dialog.result() == QDialog.DialogCode.Accepted
    # what the caller does with it (on a worker in the app) stores and loads back the same
    save_settings(app_context.uow(write=True), saved.args[0], actor="test")
    assert load_settings(app_context.uow()) == CUSTOM


def test_invalid_input_is_explained_and_nothing_is_emitted(qtbot):
    dialog = open_dialog(qtbot, CounterSettings())
    retype(qtbot, dialog.window_edit, "")
    retype(qtbot, dialog.hall_code_edit, "区A")
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog.hall_code_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.problems_label.isHidden()
    assert dialog.problems() == ["窗口号不能为空", "大厅编码应为 2–12 位字母或数字"]
    assert dialog.window_edit.hasFocus()  # the cursor goes where the first problem is

    retype(qtbot, dialog.window_edit, "09")
    retype(qtbot, dialog.hall_code_edit, "PSZW")
    with qtbot.waitSignal(dialog.saved, timeout=2000) as saved:
        qtbot.keyClick(dialog.hall_code_edit, Qt.Key.Key_Return)
    assert saved.args == [replace(CounterSettings(), window="09")]
    assert dialog.problems() == []


@pytest.mark.parametrize("typed", ["0", "99"])
def test_deferral_days_stay_within_1_to_60(qtbot, typed):
    dialog = open_dialog(qtbot, CounterSettings())
    retype(qtbot, dialog.deferral_spin.lineEdit(), typed)
    dialog.deferral_spin.interpretText()
    assert 1 <= dialog.settings().deferral_days <= 60


def test_a_problem_the_form_cannot_type_still_blocks_saving(qtbot, monkeypatch):
    dialog = open_dialog(qtbot, CounterSettings())
    monkeypatch.setattr(dialog, "settings", lambda: replace(CounterSettings(), deferral_days=90, paper="B5"))
    with qtbot.assertNotEmitted(dialog.saved):
        dialog.accept()
    assert dialog.problems() == ["纸张只能是 A4、A5", "容缺补正期限应为 1–60 个工作日"]
    assert dialog.isVisible()


def test_escape_cancels_without_emitting(qtbot):
    dialog = open_dialog(qtbot, CounterSettings())
    retype(qtbot, dialog.window_edit, "99")
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.keyClick(dialog.window_edit, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_tab_walks_the_form_in_reading_order(qtbot):
    dialog = open_dialog(qtbot, CounterSettings())
    order = [
        dialog.window_edit,
        dialog.clerk_edit,
        dialog.hall_name_edit,
        dialog.hall_code_edit,
        dialog.case_prefix_edit,
        dialog.paper_box,
        dialog.deferral_spin,
        dialog.tracking_url_edit,
        dialog.tracking_text_edit,
        dialog.hall_address_edit,
        dialog.licence_source_box,
        dialog.licence_url_edit,
        dialog.licence_timeout_spin,
        dialog.licence_retries_spin,
        dialog.idle_spin,
        dialog.community_box,
    ]
    spins = (dialog.deferral_spin, dialog.licence_timeout_spin, dialog.licence_retries_spin, dialog.idle_spin)
    dialog.window_edit.setFocus()
    visited = []
    for _ in order:
        focused = QApplication.focusWidget()
        visited.append(next((spin for spin in spins if focused is spin.lineEdit()), focused))
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert visited == order
    assert QApplication.focusWidget() is dialog.buttons.button(dialog.buttons.StandardButton.Ok)


def test_licence_and_community_settings_round_trip_and_are_checked(qtbot):
    dialog = open_dialog(qtbot, CounterSettings())
    dialog.licence_source_box.setCurrentIndex(dialog.licence_source_box.findData("http"))
    dialog.licence_url_edit.setText("ftp://nowhere")
    dialog.community_box.setChecked(True)
    dialog.hall_address_edit.setText("坪山大道2007号")
    with qtbot.assertNotEmitted(dialog.saved):
        dialog.accept()
    assert any("电子证照库地址" in p for p in dialog.problems())
    dialog.licence_url_edit.setText("https://licences.example.gov.cn/api")
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.accept()
    chosen = saved.args[0]
    assert (chosen.licence_source, chosen.licence_url, chosen.community_centre, chosen.hall_address) == (
        "http",
        "https://licences.example.gov.cn/api",
        True,
        "坪山大道2007号",
    )
