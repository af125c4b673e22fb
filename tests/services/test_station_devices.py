"""This PC's device settings (card reader, queue, facing screen, evaluation pad): checked before they are
saved, and a mistyped value in the file falls back to its default with a warning."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from hallapp.services.station import SettingsError, StationSettings, read_station, save_station, shown


def test_a_new_pc_has_no_devices_but_shows_a_facing_screen_when_a_second_screen_is_there():
    station = StationSettings()
    assert (station.card_adapter, station.queue_source, station.pad_source) == ("off", "off", "off")
    assert station.facing_screen == "auto"
    assert station.problems() == []


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"card_adapter": "usb"}, "读卡器类型只能是"),
        ({"card_adapter": "serial", "card_port": " "}, "串口读卡器需要填写端口"),
        ({"card_adapter": "sdtapi", "card_port": "1017"}, "1001–1016"),
        ({"card_port": "COM3\x07"}, "不含控制字符"),
        ({"card_port": "C" * 65}, "最多 64 个字符"),
        ({"queue_source": "http", "queue_url": "queue.local"}, "http:// 或 https://"),
        ({"queue_timeout_ms": 50}, "排队叫号超时"),
        ({"facing_screen": "tv"}, "对外显示屏只能是"),
        ({"pad_source": "websocket", "pad_url": "http://pad"}, "ws:// 或 wss://"),
        ({"pad_timeout_ms": 1000}, "评价器等待时间"),
    ],
)
def test_bad_device_settings_are_refused_in_words_and_not_saved(tmp_path, changes, words):
    station = replace(StationSettings(), **changes)
    assert any(words in problem for problem in station.problems()), station.problems()
    with pytest.raises(SettingsError):
        save_station(tmp_path, station)
    assert not (tmp_path / "station.json").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"card_adapter": "serial", "card_port": "/dev/ttyUSB0"},
        {"card_adapter": "sdtapi", "card_port": ""},
        {"card_adapter": "sdtapi", "card_port": "1001"},
        {"card_adapter": "fake"},
        {"queue_source": "http", "queue_url": "http://127.0.0.1:8080/queue"},
        {"pad_source": "websocket", "pad_url": "ws://192.168.1.20:9000/pad"},
        {"facing_screen": "window"},
    ],
)
def test_good_device_settings_are_saved_and_read_back(tmp_path, changes):
    station = replace(StationSettings(), **changes)
    save_station(tmp_path, station)
    assert read_station(tmp_path) == (station, [])


def test_a_hand_edited_file_keeps_its_good_device_values_and_says_which_were_bad(tmp_path):
    (tmp_path / "station.json").write_text(
        json.dumps(
            {
                "card_adapter": "serial",
                "card_port": "COM4",  # read before the adapter: serial is judged with this port
                "queue_source": "http",
                "queue_url": "ftp://x",
                "pad_timeout_ms": "60s",
            }
        ),
        encoding="utf-8",
    )
    station, warnings = read_station(tmp_path)
    assert (station.card_adapter, station.card_port) == ("serial", "COM4")
    assert station.queue_source == "off" and station.pad_timeout_ms == 60_000
    assert len(warnings) == 2
    assert any("queue_source" in w for w in warnings) and any("pad_timeout_ms" in w for w in warnings)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        (
            {"window": "\u202e10\x1b[1"},
            "窗口号应不含控制字符、方向控制符等不可见字符（第 1 个字符为 U+202E）",
        ),
        ({"window": "0\u200b1"}, "窗口号应不含控制字符"),  # zero-width space
        ({"printer": "HP\u2066LaserJet"}, "打印机名称应不含控制字符"),
        ({"licence_url": "https://x\u202e/"}, "电子证照库地址应不含控制字符"),  # even while not used
        ({"card_port": "\u202dCOM3"}, "读卡器端口应不含控制字符"),
        (
            {"queue_source": "http", "queue_url": "http://q.local/\x00\x1b[2J"},
            "排队叫号系统地址应不含控制字符",
        ),
        ({"queue_url": "http://q\x1b/"}, "排队叫号系统地址应不含控制字符"),  # a queue that is off, too
        ({"pad_source": "websocket", "pad_url": "ws://\u202eevil"}, "评价器地址应不含控制字符"),
        ({"queue_source": "http", "queue_url": "http://q/" + "a" * 500}, "排队叫号系统地址最多 500 个字符"),
        ({"pad_url": "ws://p/" + "a" * 500}, "评价器地址最多 500 个字符"),
        (
            {"queue_source": "http", "queue_url": "http://:8080/"},
            "排队叫号系统地址缺少服务器的主机名或 IP 地址",
        ),
        ({"queue_source": "http", "queue_url": "http://q:80x/"}, "排队叫号系统地址无法识别"),
        ({"pad_source": "websocket", "pad_url": "ws://[::1/pad"}, "评价器地址无法识别"),
        (
            {"licence_source": "http", "licence_url": "http://a..b/"},
            "电子证照库地址中的主机名「a..b」不是有效的域名",
        ),
        ({"pad_source": "websocket", "pad_url": f"ws://{'p' * 64}.local/"}, "评价器地址中的主机名"),
    ],
)
def test_invisible_characters_and_unusable_addresses_are_refused_in_words(tmp_path, changes, words):
    station = replace(StationSettings(), **changes)
    problems = station.problems()
    assert any(words in problem for problem in problems), problems
    assert not any("codec" in problem or "idna" in problem for problem in problems)
    with pytest.raises(SettingsError):
        save_station(tmp_path, station)
    assert not (tmp_path / "station.json").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"queue_source": "http", "queue_url": "http://[::1]:8080/queue"},
        {"queue_source": "http", "queue_url": "https://政务服务.中国/queue"},
        {"window": "综合3", "printer": "HP LaserJet 1020（二楼）"},
    ],
)
def test_addresses_and_names_that_are_fine_are_kept(tmp_path, changes):
    station = replace(StationSettings(), **changes)
    save_station(tmp_path, station)
    assert read_station(tmp_path) == (station, [])


def test_a_file_with_hidden_characters_falls_back_and_its_warning_is_safe_to_show(tmp_path):
    (tmp_path / "station.json").write_text(
        json.dumps({"window": "\u202e10\x1b[1", "card_port": "C" * 5000, "pad_url": "ws://\u202eevil"}),
        encoding="utf-8",
    )
    station, warnings = read_station(tmp_path)
    assert (station.window, station.card_port, station.pad_url) == ("01", "", "")
    assert len(warnings) == 3
    for warning in warnings:
        assert warning.isprintable(), warning  # no escape reaches a terminal, no override a label
        assert len(warning) < 300
    assert any("\\u202e10\\x1b[1" in warning for warning in warnings)


def test_a_value_is_shown_escaped_and_shortened():
    assert shown("COM3\x1b[2J\x07") == "COM3\\x1b[2J\\x07"
    assert shown("ws://\u202eevil") == "ws://\\u202eevil"
    assert shown("C" * 5000) == "C" * 59 + "…"
    assert shown("C" * 60) == "C" * 60
    assert shown("综合窗口") == "综合窗口"


def test_a_session_lets_go_of_its_reader_when_the_setting_changes_and_at_sign_out(ready_context):
    from hallapp.services.session import CounterSession
    from tests.people import CLERK

    session = CounterSession.open(ready_context, CLERK)
    session.settings = replace(session.settings, card_adapter="fake")
    closed = []
    first = session.card_reader()
    first.close = lambda: closed.append("first")  # the fake holds no port: watch the call instead
    assert session.card_reader() is first  # the same settings: the same reader, its port kept open
    session.settings = replace(session.settings, card_adapter="fake", card_port="other")
    second = session.card_reader()
    assert second is not first and closed == ["first"]
    second.close = lambda: closed.append("second")
    session.close_devices()
    assert closed == ["first", "second"]
    assert session.card_reader() is not second  # opened again for whoever reads next


def test_the_session_says_which_values_of_station_json_were_replaced_by_their_defaults(ready_context):
    from hallapp.services.session import CounterSession
    from tests.people import ADMIN

    path = ready_context.paths.data_dir / "station.json"
    path.write_text(json.dumps({"card_adapter": "usb", "window": "\u202e10\x1b[1"}), encoding="utf-8")
    session = CounterSession.open(ready_context, ADMIN)
    assert session.settings.card_adapter == "off"
    warnings = session.station_warnings()
    assert len(warnings) == 2
    assert all(str(path) in warning for warning in warnings)
    assert any("card_adapter" in w and "'usb'" in w and "已改用默认值 'off'" in w for w in warnings)
    assert any("window" in w and "\\u202e10\\x1b[1" in w for w in warnings)
    path.write_text(json.dumps({"card_adapter": "fake"}), encoding="utf-8")
    assert session.station_warnings() == []
