"""设置: three scopes, each editable only by who may change it; a pure form — valid changes are emitted per
scope and the dialog waits for the caller's answer; invalid ones are explained and nothing is emitted."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from hallapp.domain.access import Principal, Role
from hallapp.services.settings import (
    HallSettings,
    StationSettings,
    load_hall,
    load_station,
    save_hall,
    save_station_settings,
)
from hallapp.store.db import UnitOfWork
from hallapp.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import commit_text

ADMIN = Principal("li.si", "李四", Role.ADMIN)
CLERK = Principal("wang.wu", "王五", Role.CLERK, "03")

STATION = StationSettings(
    window="A12",
    paper="A5",
    printer="HP LaserJet 1020",
    community_centre=True,
    idle_lock_minutes=15,
)
HALL = HallSettings(
    hall_name="深圳市坪山区马峦街道党群服务中心",
    hall_code="MLJD",
    case_prefix="ML-",
    deferral_days=7,
    tracking_url="https://example.gov.cn/q?no=",
    tracking_text="拨打 12345 查询",
)


def open_dialog(
    qtbot,
    principal: Principal | None = ADMIN,
    station: StationSettings | None = None,
    hall: HallSettings | None = None,
) -> SettingsDialog:
    dialog = SettingsDialog(
        station or StationSettings(),
        hall or HallSettings(),
        principal,
        printers=["HP LaserJet 1020", "Microsoft Print to PDF"],
    )
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


def press_save(qtbot, dialog: SettingsDialog) -> None:
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)


# --- an administrator -------------------------------------------------------------------------------------


def test_the_form_shows_every_scope_and_gives_it_back_unchanged(qtbot):
    dialog = open_dialog(qtbot, ADMIN, STATION, HALL)
    assert dialog.station() == STATION and dialog.hall() == HALL
    assert dialog.window_edit.text() == "A12" and dialog.paper_box.currentText() == "A5"
    assert dialog.printer_box.currentText() == "HP LaserJet 1020" and dialog.community_box.isChecked()
    assert dialog.display_name_edit.text() == "李四" and dialog.account_window_edit.text() == ""
    assert dialog.windowTitle() == "设置"
    assert dialog.station_reason.isHidden() and dialog.hall_reason.isHidden()
    assert dialog.account_reason.text() == "姓名和所属窗口由系统管理员在账户管理中修改"
    assert dialog.account_reason.isVisible() and dialog.display_name_edit.isReadOnly()
    assert dialog.window_edit.hasFocus()


def test_an_empty_printer_means_the_system_default_and_a_new_name_can_be_typed(qtbot):
    dialog = open_dialog(qtbot)
    assert dialog.printer_box.currentText() == "" and dialog.station().printer == ""
    retype(qtbot, dialog.printer_box.lineEdit(), "Kyocera FS-1040")
    assert dialog.station().printer == "Kyocera FS-1040"
    assert dialog.printer_box.count() == 2  # typing adds nothing to the list


def test_the_station_edited_with_the_keyboard_is_emitted_alone_and_the_dialog_waits(qtbot):
    dialog = open_dialog(qtbot)
    retype(qtbot, dialog.window_edit, "A12")
    dialog.paper_box.setFocus()
    qtbot.keyClick(dialog.paper_box, Qt.Key.Key_Down)
    retype(qtbot, dialog.printer_box.lineEdit(), "HP LaserJet 1020")
    retype(qtbot, dialog.idle_spin.lineEdit(), "15")
    dialog.community_box.setFocus()
    qtbot.keyClick(dialog.community_box, Qt.Key.Key_Space)
    with qtbot.assertNotEmitted(dialog.hall_saved), qtbot.waitSignal(dialog.station_saved) as saved:
        qtbot.keyClick(dialog.window_edit, Qt.Key.Key_Return)
    assert saved.args == [STATION]
    assert dialog.isVisible() and dialog.pending() == {"station"}
    assert not dialog.ok_button.isEnabled() and dialog.status_label.text() == "正在保存…"
    dialog.confirm_saved("station")
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_both_scopes_changed_are_both_emitted_and_closing_waits_for_both(qtbot):
    dialog = open_dialog(qtbot)
    retype(qtbot, dialog.window_edit, "05")
    retype(qtbot, dialog.hall_name_edit, "深圳市坪山区马峦街道党群服务中心")
    retype(qtbot, dialog.case_prefix_edit, "ML-")
    with qtbot.waitSignal(dialog.station_saved) as station, qtbot.waitSignal(dialog.hall_saved) as hall:
        press_save(qtbot, dialog)
    assert station.args == [replace(StationSettings(), window="05")]
    assert hall.args == [
        replace(HallSettings(), hall_name="深圳市坪山区马峦街道党群服务中心", case_prefix="ML-")
    ]
    dialog.confirm_saved("hall")
    assert dialog.isVisible() and dialog.pending() == {"station"}
    dialog.confirm_saved("station")
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_saving_with_nothing_changed_closes_without_emitting(qtbot):
    dialog = open_dialog(qtbot, ADMIN, STATION, HALL)
    with qtbot.assertNotEmitted(dialog.station_saved), qtbot.assertNotEmitted(dialog.hall_saved):
        press_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_invalid_input_is_explained_under_the_form_and_nothing_is_emitted(qtbot):
    dialog = open_dialog(qtbot)
    retype(qtbot, dialog.window_edit, "")
    retype(qtbot, dialog.hall_code_edit, "区A")
    with qtbot.assertNotEmitted(dialog.station_saved), qtbot.assertNotEmitted(dialog.hall_saved):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog.hall_code_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problems() == ["窗口号不能为空", "大厅编码应为 2–12 位字母或数字"]
    assert dialog.window_edit.hasFocus()  # the cursor goes where the first problem is
    assert dialog.hall_code_edit.text() == "区A"  # what was typed stays

    retype(qtbot, dialog.window_edit, "09")
    retype(qtbot, dialog.hall_code_edit, "PSZW")
    with qtbot.waitSignal(dialog.station_saved) as saved:
        qtbot.keyClick(dialog.hall_code_edit, Qt.Key.Key_Return)
    assert saved.args == [replace(StationSettings(), window="09")]
    assert dialog.problems() == []


def test_a_refused_save_is_said_in_words_and_keeps_what_was_typed(qtbot):
    dialog = open_dialog(qtbot)
    retype(qtbot, dialog.window_edit, "05")
    retype(qtbot, dialog.hall_name_edit, "新大厅")
    with qtbot.waitSignal(dialog.hall_saved):
        press_save(qtbot, dialog)
    dialog.confirm_saved("station")
    dialog.refuse("数据库暂时无法连接，请稍后再试", "hall")
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problems() == ["数据库暂时无法连接，请稍后再试"]
    assert dialog.window_edit.text() == "05" and dialog.hall_name_edit.text() == "新大厅"
    assert dialog.ok_button.isEnabled() and dialog.pending() == set()
    # the station was stored: only the hall is emitted again
    with qtbot.assertNotEmitted(dialog.station_saved), qtbot.waitSignal(dialog.hall_saved) as again:
        press_save(qtbot, dialog)
    assert again.args == [replace(HallSettings(), hall_name="新大厅")]
    dialog.confirm_saved("hall")
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_problem_the_form_cannot_type_still_blocks_saving(qtbot, monkeypatch):
    dialog = open_dialog(qtbot)
    monkeypatch.setattr(dialog, "station", lambda: replace(StationSettings(), paper="B5"))
    monkeypatch.setattr(dialog, "hall", lambda: replace(HallSettings(), deferral_days=90))
    with qtbot.assertNotEmitted(dialog.station_saved):
        dialog.accept()
    assert dialog.problems() == ["纸张只能是 A4、A5", "容缺补正期限应为 1–60 个工作日"]
    assert dialog.isVisible()


@pytest.mark.parametrize("typed", ["0", "99"])
def test_deferral_days_stay_within_1_to_60(qtbot, typed):
    dialog = open_dialog(qtbot)
    retype(qtbot, dialog.deferral_spin.lineEdit(), typed)
    dialog.deferral_spin.interpretText()
    assert 1 <= dialog.hall().deferral_days <= 60


def test_licence_settings_are_checked(qtbot):
    dialog = open_dialog(qtbot)
    dialog.licence_source_box.setCurrentIndex(dialog.licence_source_box.findData("http"))
    dialog.licence_url_edit.setText("ftp://nowhere")
    with qtbot.assertNotEmitted(dialog.station_saved):
        dialog.accept()
    assert dialog.problems() == ["电子证照库地址应以 http:// 或 https:// 开头"]
    assert dialog.licence_url_edit.hasFocus()
    dialog.licence_url_edit.setText("https://licences.example.gov.cn/api")
    with qtbot.waitSignal(dialog.station_saved) as saved:
        dialog.accept()
    assert (saved.args[0].licence_source, saved.args[0].licence_url) == (
        "http",
        "https://licences.example.gov.cn/api",
    )


def test_escape_cancels_without_emitting(qtbot):
    dialog = open_dialog(qtbot)
    retype(qtbot, dialog.window_edit, "99")
    with qtbot.assertNotEmitted(dialog.station_saved):
        qtbot.keyClick(dialog.window_edit, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_tab_walks_the_form_in_reading_order(qtbot):
    dialog = open_dialog(qtbot)
    spins = (dialog.deferral_spin, dialog.licence_timeout_spin, dialog.licence_retries_spin, dialog.idle_spin)
    order = [
        dialog.window_edit,
        dialog.paper_box,
        dialog.printer_box,
        dialog.licence_source_box,
        dialog.licence_url_edit,
        dialog.licence_timeout_spin,
        dialog.licence_retries_spin,
        dialog.idle_spin,
        dialog.community_box,
        dialog.devices.card_box,  # 本机设备: on a new PC every device is off, so their fields are skipped
        dialog.devices.queue_box,
        dialog.devices.facing_box,
        dialog.devices.pad_box,
        dialog.hall_name_edit,
        dialog.hall_code_edit,
        dialog.case_prefix_edit,
        dialog.deferral_spin,
        dialog.tracking_url_edit,
        dialog.tracking_text_edit,
        dialog.hall_address_edit,
        dialog.hall_phone_edit,
        dialog.display_name_edit,
        dialog.account_window_edit,
    ]
    dialog.window_edit.setFocus()
    visited = []
    for _ in order:
        focused = QApplication.focusWidget()
        if focused is dialog.printer_box.lineEdit():
            focused = dialog.printer_box
        visited.append(next((spin for spin in spins if focused is spin.lineEdit()), focused))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert visited == order
    assert QApplication.focusWidget() is dialog.ok_button


def test_the_dialog_fits_a_1366_by_768_screen(qtbot):
    dialog = open_dialog(qtbot, CLERK)
    size = dialog.sizeHint().expandedTo(dialog.minimumSize())
    assert size.width() <= 1366 and size.height() <= 768 - 60  # the taskbar and a title bar


# --- a clerk, and nobody signed in ----------------------------------------------------------------------


def test_a_clerk_sees_everything_read_only_with_the_reasons(qtbot):
    dialog = open_dialog(qtbot, CLERK, STATION, HALL)
    assert dialog.station_reason.isVisible() and dialog.hall_reason.isVisible()
    assert dialog.station_reason.text() == "仅系统管理员可修改本机设置（您是窗口人员）"
    assert dialog.hall_reason.text() == "仅系统管理员可修改大厅设置，各窗口共用"
    assert dialog.account_reason.text() == "姓名和所属窗口由系统管理员在账户管理中修改"
    for edit in (
        dialog.window_edit,
        dialog.hall_name_edit,
        dialog.tracking_url_edit,
        dialog.display_name_edit,
    ):
        assert edit.isReadOnly()
    for spin in (dialog.idle_spin, dialog.deferral_spin):
        assert spin.isReadOnly()
    for choice in (dialog.paper_box, dialog.printer_box, dialog.licence_source_box, dialog.community_box):
        assert not choice.isEnabled()
    assert dialog.account_window_edit.text() == "03"
    assert dialog.ok_button.text() == "关闭" and dialog.ok_button.hasFocus()

    qtbot.keyClicks(dialog.window_edit, "99")
    assert dialog.station() == STATION and dialog.hall() == HALL
    with qtbot.assertNotEmitted(dialog.station_saved), qtbot.assertNotEmitted(dialog.hall_saved):
        qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def test_nobody_signed_in_may_change_nothing(qtbot):
    dialog = open_dialog(qtbot, None)
    assert dialog.station_reason.text().startswith("请先登录")
    assert dialog.hall_reason.text().startswith("请先登录")
    assert dialog.window_edit.isReadOnly() and dialog.hall_code_edit.isReadOnly()
    assert dialog.display_name_edit.text() == ""


# --- with the services -------------------------------------------------------------------------------------


def test_what_the_dialog_emits_is_what_the_services_store(qtbot, app_context, tmp_path):
    dialog = open_dialog(qtbot)

    def store_station(station):
        save_station_settings(UnitOfWork(app_context.engine, write=True, principal=ADMIN), tmp_path, station)
        dialog.confirm_saved("station")

    def store_hall(hall):
        save_hall(UnitOfWork(app_context.engine, write=True, principal=ADMIN), hall)
        dialog.confirm_saved("hall")

    dialog.station_saved.connect(store_station)
    dialog.hall_saved.connect(store_hall)
    retype(qtbot, dialog.window_edit, "A12")
    retype(qtbot, dialog.hall_name_edit, "深圳市坪山区马峦街道党群服务中心")
    press_save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert load_station(tmp_path) == replace(StationSettings(), window="A12")
    assert load_hall(app_context.uow()).hall_name == "深圳市坪山区马峦街道党群服务中心"


def test_values_replaced_by_their_defaults_are_said_in_the_station_group(qtbot, tmp_path):
    from hallapp.services.station import read_station

    (tmp_path / "station.json").write_text(
        '{"card_adapter": "usb", "card_port": "' + "C" * 5000 + '", "window": "\\u202e10\\u001b[1"}',
        encoding="utf-8",
    )
    station, warnings = read_station(tmp_path)
    dialog = SettingsDialog(station, HallSettings(), ADMIN, station_warnings=warnings)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    label = dialog.station_warnings_label
    assert label.isVisible()
    text = label.text()
    assert text.startswith("本机设置中 ")
    assert all(name in text.split("的值无效")[0] for name in ("card_adapter", "card_port", "window"))
    assert f"文件：{tmp_path / 'station.json'}" in text
    assert label.toolTip() == "\n".join(warnings)  # each value, its problem and its default
    assert text.replace("\n", "").isprintable()  # the window's override is shown escaped, not obeyed
    assert dialog.devices.card_box.currentData() == "off"  # 不使用, and the line above says why
    size = dialog.sizeHint().expandedTo(dialog.minimumSize())
    assert size.width() <= 1366 and size.height() <= 768 - 60


def test_without_warnings_the_station_group_has_no_warning_line(qtbot):
    dialog = open_dialog(qtbot, ADMIN, STATION)
    assert not dialog.station_warnings_label.isVisible()
