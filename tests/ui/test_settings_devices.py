"""设置 → 本机设备: the card reader, queue system, facing screen and evaluation pad of this PC, chosen with
the keyboard, emitted in the StationSettings the dialog saves, refused in words when wrong, and only the
fields a choice uses are enabled."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from hallapp.domain.access import Principal, Role
from hallapp.services.settings import HallSettings, StationSettings, load_station, save_station
from tests.ui.test_settings_dialog import ADMIN, open_dialog, retype

CLERK = Principal("wang.wu", "王五", Role.CLERK, "03")


def choose(qtbot, box: QComboBox, code: str) -> None:
    """Pick ``code`` the way a clerk does: focus the box (as its Alt shortcut does) and arrow to it."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(box.count()):
        if box.currentData() == code:
            return
        qtbot.keyClick(box, Qt.Key.Key_Down)
    raise AssertionError(f"{code} is not offered")


def save_with_enter(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_devices_chosen_with_the_keyboard_are_emitted_in_the_station_settings(qtbot):
    dialog = open_dialog(qtbot, ADMIN)
    devices = dialog.devices
    assert [devices.card_box.itemText(i) for i in range(devices.card_box.count())] == [
        "不使用",
        "串口",
        "SDK（sdtapi）",
        "模拟",
    ]
    choose(qtbot, devices.card_box, "serial")
    qtbot.keyClick(devices.card_box, Qt.Key.Key_Tab)
    assert devices.card_port_edit.hasFocus()  # the port follows the reader in tab order
    qtbot.keyClicks(devices.card_port_edit, "COM3")
    choose(qtbot, devices.queue_box, "http")
    retype(qtbot, devices.queue_timeout_spin.lineEdit(), "3500")
    retype(qtbot, devices.queue_url_edit, "http://10.20.1.5:8080/queue")
    choose(qtbot, devices.facing_box, "window")
    choose(qtbot, devices.pad_box, "websocket")
    retype(qtbot, devices.pad_url_edit, "ws://127.0.0.1:9300/pad")
    retype(qtbot, devices.pad_timeout_spin.lineEdit(), "90000")
    with qtbot.waitSignal(dialog.station_saved) as saved:
        save_with_enter(qtbot)
    assert saved.args == [
        replace(
            StationSettings(),
            card_adapter="serial",
            card_port="COM3",
            queue_source="http",
            queue_url="http://10.20.1.5:8080/queue",
            queue_timeout_ms=3500,
            facing_screen="window",
            pad_source="websocket",
            pad_url="ws://127.0.0.1:9300/pad",
            pad_timeout_ms=90_000,
        )
    ]


def test_a_bad_address_or_port_is_said_in_words_and_nothing_is_emitted(qtbot):
    dialog = open_dialog(qtbot, ADMIN)
    devices = dialog.devices
    choose(qtbot, devices.queue_box, "http")
    retype(qtbot, devices.queue_url_edit, "ftp://10.20.1.5/queue")
    with qtbot.assertNotEmitted(dialog.station_saved):
        save_with_enter(qtbot)
    assert dialog.problems() == ["排队叫号系统地址应以 http:// 或 https:// 开头"]
    assert dialog.problems_label.isVisible() and dialog.isVisible()
    assert devices.queue_url_edit.hasFocus()  # the cursor is where the problem is
    assert devices.queue_url_edit.text() == "ftp://10.20.1.5/queue"  # kept as typed

    retype(qtbot, devices.queue_url_edit, "http://10.20.1.5/queue")
    choose(qtbot, devices.card_box, "sdtapi")
    retype(qtbot, devices.card_port_edit, "2000")
    choose(qtbot, devices.pad_box, "websocket")
    with qtbot.assertNotEmitted(dialog.station_saved):
        save_with_enter(qtbot)
    assert dialog.problems() == [
        "SDK 读卡器端口应为 1001–1016（USB）或 1–16（串口），留空则逐个尝试",
        "评价器地址应以 ws:// 或 wss:// 开头",
    ]
    assert devices.card_port_edit.hasFocus()

    choose(qtbot, devices.card_box, "serial")
    retype(qtbot, devices.card_port_edit, "")
    retype(qtbot, devices.pad_url_edit, "wss://pad.local/ws")
    with qtbot.assertNotEmitted(dialog.station_saved):
        save_with_enter(qtbot)
    assert dialog.problems() == ["串口读卡器需要填写端口，例如 COM3 或 /dev/ttyUSB0"]

    retype(qtbot, devices.card_port_edit, "/dev/ttyUSB0")
    with qtbot.waitSignal(dialog.station_saved) as saved:
        save_with_enter(qtbot)
    station = saved.args[0]
    assert (station.card_adapter, station.card_port, station.pad_url) == (
        "serial",
        "/dev/ttyUSB0",
        "wss://pad.local/ws",
    )
    assert station.problems() == [] and not dialog.problems_label.isVisible()


def test_only_the_fields_a_choice_uses_are_enabled(qtbot):
    dialog = open_dialog(qtbot, ADMIN)
    devices = dialog.devices
    dependent = [
        devices.card_port_edit,
        devices.queue_url_edit,
        devices.queue_timeout_spin,
        devices.pad_url_edit,
        devices.pad_timeout_spin,
    ]
    assert not any(field.isEnabled() for field in dependent)  # everything off on a new PC
    assert not any(devices.labels[field].isEnabled() for field in dependent)
    assert devices.facing_box.currentText() == "自动（第二屏）" and devices.facing_box.isEnabled()

    choose(qtbot, devices.card_box, "fake")
    assert not devices.card_port_edit.isEnabled()  # a fake reader has no port
    choose(qtbot, devices.card_box, "sdtapi")
    assert devices.card_port_edit.isEnabled()
    choose(qtbot, devices.queue_box, "fake")
    assert not devices.queue_url_edit.isEnabled() and not devices.queue_timeout_spin.isEnabled()
    choose(qtbot, devices.queue_box, "http")
    assert devices.queue_url_edit.isEnabled() and devices.queue_timeout_spin.isEnabled()
    choose(qtbot, devices.pad_box, "fake")
    assert not devices.pad_url_edit.isEnabled() and devices.pad_timeout_spin.isEnabled()
    choose(qtbot, devices.pad_box, "websocket")
    assert devices.pad_url_edit.isEnabled()

    devices.card_port_edit.setFocus()
    choose(qtbot, devices.card_box, "off")
    qtbot.keyClick(devices.card_box, Qt.Key.Key_Tab)
    assert devices.queue_box.hasFocus()  # Tab skips the port the reader no longer uses


def test_a_clerk_sees_the_devices_read_only(qtbot):
    station = replace(StationSettings(), card_adapter="serial", card_port="COM3", pad_source="fake")
    dialog = open_dialog(qtbot, CLERK, station)
    devices = dialog.devices
    assert devices.box.title() == "本机设备（只读）"
    assert not devices.card_box.isEnabled() and not devices.pad_box.isEnabled()
    assert devices.card_port_edit.isReadOnly() and devices.card_port_edit.text() == "COM3"
    with qtbot.assertNotEmitted(dialog.station_saved):
        dialog.ok_button.click()
    assert not dialog.isVisible()


def test_the_stored_file_round_trips_through_the_dialog(qtbot, tmp_path):
    stored = replace(
        StationSettings(),
        window="A12",
        card_adapter="sdtapi",
        card_port="1001",
        queue_source="http",
        queue_url="https://queue.example.gov.cn/api",
        queue_timeout_ms=1500,
        facing_screen="off",
        pad_source="websocket",
        pad_url="ws://192.168.1.40:9300/",
        pad_timeout_ms=45_000,
    )
    save_station(tmp_path, stored)
    loaded = load_station(tmp_path)
    assert loaded == stored
    dialog = open_dialog(qtbot, ADMIN, loaded, HallSettings())
    assert dialog.station() == stored  # shown as stored, given back unchanged
    assert dialog.devices.card_box.currentText() == "SDK（sdtapi）"
    assert dialog.devices.facing_box.currentText() == "不显示"

    choose(qtbot, dialog.devices.facing_box, "auto")
    choose(qtbot, dialog.devices.pad_box, "off")
    with qtbot.waitSignal(dialog.station_saved) as saved:
        save_with_enter(qtbot)
    save_station(tmp_path, saved.args[0])
    again = load_station(tmp_path)
    assert again == replace(stored, facing_screen="auto", pad_source="off")
    assert again.pad_url == "ws://192.168.1.40:9300/"  # kept for when the pad comes back


def test_an_address_or_window_with_hidden_characters_is_refused_where_it_was_typed(qtbot):
    dialog = open_dialog(qtbot, ADMIN)
    devices = dialog.devices
    choose(qtbot, devices.pad_box, "websocket")
    devices.pad_url_edit.setFocus()
    devices.pad_url_edit.selectAll()
    devices.pad_url_edit.insert("ws://\u202eevil")  # as pasted: it shows as ws://live
    with qtbot.assertNotEmitted(dialog.station_saved):
        save_with_enter(qtbot)
    assert dialog.problems() == ["评价器地址应不含控制字符、方向控制符等不可见字符（第 6 个字符为 U+202E）"]
    assert devices.pad_url_edit.hasFocus() and dialog.isVisible()

    devices.pad_url_edit.selectAll()
    devices.pad_url_edit.insert("ws://192.168.1.20:9000/pad")
    dialog.window_edit.setFocus()
    dialog.window_edit.selectAll()
    dialog.window_edit.insert("\u202e10\x1b[1")
    with qtbot.assertNotEmitted(dialog.station_saved):
        save_with_enter(qtbot)
    assert dialog.problems() == ["窗口号应不含控制字符、方向控制符等不可见字符（第 1 个字符为 U+202E）"]
    assert dialog.window_edit.hasFocus()
    assert dialog.problems_label.text().isprintable()


def test_a_damaged_station_file_is_said_in_the_status_bar_with_each_bad_value(qtbot, ready_context):
    from tests.ui.conftest import open_counter

    (ready_context.paths.data_dir / "station.json").write_text(
        '{"card_adapter": "serial", "card_port": "' + "C" * 5000 + '", "queue_source": "carrier-pigeon"}',
        encoding="utf-8",
    )
    main = open_counter(qtbot, ready_context)
    qtbot.waitUntil(lambda: getattr(main, "station_label", None) is not None)
    label = main.station_label
    qtbot.waitUntil(lambda: "本机设置有" in label.text())
    assert "无效" in label.text() and label.isVisible()
    tips = label.toolTip().split("\n")
    assert any("queue_source" in tip for tip in tips) and any("card_port" in tip for tip in tips)
    assert "C" * 100 not in label.toolTip()  # the bad value is quoted shortened
    main.ops.wait()


def test_a_sound_station_file_says_nothing(qtbot, ready_context):
    from tests.ui.conftest import open_counter

    main = open_counter(qtbot, ready_context, card_adapter="fake")
    qtbot.waitUntil(lambda: getattr(main, "station_label", None) is not None)
    main.ops.wait()
    qtbot.wait(20)
    assert main.station_label.text() == "" and main.station_label.toolTip() == ""
