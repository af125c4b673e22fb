"""``hallapp devices``: this PC's card reader, queue caller and evaluation pad from station.json, and
whether each answers — against fake devices, the simulated reader, the queue test server, the pad
simulator and dead addresses — with the exit status an administrator's script can test."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from hallapp.cli import main
from hallapp.services.station import StationSettings, save_station
from tests.devices.card_sim import SimulatedReader
from tests.devices.pad_sim import MODEL, VERSION, PadState, refused_pad_url, running_pad
from tests.devices.queue_server import refused_url, running_queue

needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="the simulated reader needs a POSIX pty")


def run(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    status = main(["devices", "--data-dir", str(data_dir)])
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def setup(data_dir: Path, window: str = "03", **devices: object) -> None:
    save_station(data_dir, replace(StationSettings(window=window), **devices))  # type: ignore[arg-type]


def test_a_pc_without_devices_lists_them_as_not_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(tmp_path, capsys)
    assert status == 0 and err == ""
    assert out[0].startswith("本机设备（01 号窗口，设置文件 ") and out[0].endswith("，尚未创建）：")
    assert out[1:] == ["读卡器：未设置", "排队叫号：未设置", "评价器：未设置"]


def test_the_demo_devices_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    setup(tmp_path, card_adapter="fake", queue_source="fake", pad_source="fake")
    status, out, _err = run(tmp_path, capsys)
    assert status == 0
    card, queue, pad = out[1:]
    assert card == "读卡器：模拟读卡器（演示） —— 有应答（读卡器上有一张居民身份证，未读出内容）"
    assert queue.startswith("排队叫号：演示排队系统 —— 有应答（03 号窗口 ") and queue.endswith(" 人等候）")
    assert pad == "评价器：演示评价器 —— 有应答（演示评价器（模拟设备，不是真实评价））"
    assert "李小红" not in "\n".join(out)  # the demo card's holder is never printed


@needs_pty
def test_real_adapters_against_their_simulated_peers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with SimulatedReader(None) as reader, running_queue() as queue, running_pad() as pad:
        for prefix in "AAB":
            queue.state.issue(prefix)
        setup(
            tmp_path,
            window="02",  # the queue server's window 02 serves group A only
            card_adapter="serial",
            card_port=reader.port,
            queue_source="http",
            queue_url=queue.url,
            queue_timeout_ms=1000,
            pad_source="websocket",
            pad_url=pad.url,
        )
        status, out, err = run(tmp_path, capsys)
        assert queue.state.calls_to("/next") == 0  # nobody was called
        assert pad.state.requests() == []  # nobody was asked to rate
    assert (status, err) == (0, "")
    assert out[1:] == [
        f"读卡器：串口读卡器 {reader.port} —— 有应答（读卡器上没有证件）",
        f"排队叫号：{queue.url} —— 有应答（02 号窗口 2 人等候）",
        f"评价器：{pad.url} —— 有应答（{MODEL} {VERSION}）",
    ]


def test_devices_that_do_not_answer_say_why_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with refused_url() as queue_url, refused_pad_url() as pad_url:
        setup(
            tmp_path,
            card_adapter="serial",
            card_port="/dev/ttyHALLAPP9",
            queue_source="http",
            queue_url=queue_url,
            pad_source="websocket",
            pad_url=pad_url,
        )
        status, out, err = run(tmp_path, capsys)
    assert status == 1
    card, queue, pad = out[1:]
    assert card.startswith("读卡器：串口读卡器 /dev/ttyHALLAPP9 —— 无应答：无法打开读卡器串口")
    assert queue.startswith(f"排队叫号：{queue_url} —— 无应答：无法连接排队叫号系统（连接被拒绝")
    assert pad.startswith(f"评价器：{pad_url} —— 无应答：无法连接评价器（连接被拒绝")
    assert "有 3 个设备无应答" in err


def test_a_window_the_queue_system_does_not_know(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with running_queue() as queue:
        setup(tmp_path, window="09", queue_source="http", queue_url=queue.url)
        status, out, _err = run(tmp_path, capsys)
    assert status == 1
    assert (
        out[2] == f"排队叫号：{queue.url} —— 无应答：排队叫号系统中没有这个窗口号：请核对本机设置中的窗口号"
    )


def test_one_silent_device_fails_the_check_while_the_others_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_pad(PadState(pong=False)) as pad:
        setup(tmp_path, queue_source="fake", pad_source="websocket", pad_url=pad.url)
        status, out, err = run(tmp_path, capsys)
    assert status == 1
    assert out[1] == "读卡器：未设置"
    assert "有应答" in out[2]
    assert out[3].startswith(f"评价器：{pad.url} —— 无应答：评价器已连接，但 3 秒内没有回应")
    assert "有 1 个设备无应答" in err


def test_a_reader_driver_missing_on_this_system(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if sys.platform == "win32":
        pytest.skip("on Windows the driver may be installed")
    setup(tmp_path, card_adapter="sdtapi")
    status, out, _err = run(tmp_path, capsys)
    assert status == 1
    assert out[1] == (
        "读卡器：厂商驱动读卡器（sdtapi.dll，端口 自动查找） —— 无应答："
        "读卡器厂商的驱动（sdtapi.dll）只能在 Windows 上使用：本机请选择串口读卡器。"
    )


def test_bad_values_in_station_json_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "station.json").write_text(
        '{"version": 1, "window": "05", "pad_source": "websocket", "pad_url": "http://pad"}', encoding="utf-8"
    )
    status, out, err = run(tmp_path, capsys)
    assert status == 0
    assert "pad_source" in err and "评价器地址应以 ws:// 或 wss:// 开头" in err
    assert out[0].startswith("本机设备（05 号窗口") and out[3] == "评价器：未设置"


def test_hostile_values_in_station_json_never_reach_the_terminal_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "station.json").write_text(
        json.dumps(
            {
                "window": "\u202e10\x1b[1",
                "card_adapter": "serial",
                "card_port": "C" * 5000 + "\x1b[2J",
                "queue_source": "http",
                "queue_url": "http://q.hall/\x00\x1b[2J",
                "pad_source": "websocket",
                "pad_url": "ws://\u202eevil",
            }
        ),
        encoding="utf-8",
    )
    status, out, err = run(tmp_path, capsys)
    assert status == 0
    for line in out + err.splitlines():
        assert line.isprintable(), line  # no ESC, no BEL, no direction override
        assert len(line) < 400, line[:80]
    assert "\\x1b[2J" in err and "\\u202e" in err and "…" in err  # said, escaped and shortened
    assert out[0].startswith("本机设备（01 号窗口")
    assert out[1:] == ["读卡器：未设置", "排队叫号：未设置", "评价器：未设置"]


def test_a_long_address_is_shown_shortened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with refused_url() as url:
        long_url = url.rstrip("/") + "/" + "q" * 400
        setup(tmp_path, queue_source="http", queue_url=long_url)
        status, out, _err = run(tmp_path, capsys)
    assert status == 1
    assert out[2].startswith(f"排队叫号：{long_url[:40]}") and "… —— 无应答：" in out[2]
    assert len(out[2]) < 200


def test_a_dead_queue_system_is_said_in_chinese_only_in_a_real_process(tmp_path: Path) -> None:
    """pytest catches log records itself: only a process of its own shows what reaches the console."""
    import subprocess

    with refused_url() as url:
        setup(tmp_path, queue_source="http", queue_url=url)
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from hallapp.cli import main; sys.exit(main())",
                "devices",
                "--data-dir",
                str(tmp_path),
            ],
            check=False,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
    assert done.returncode == 1
    assert "排队叫号：" in done.stdout and "无应答：无法连接排队叫号系统" in done.stdout
    assert done.stderr == "有 1 个设备无应答，原因见上。\n"  # no English log line beside it
    assert "attempt 1/2" in (tmp_path / "logs" / "hallapp.log").read_text(encoding="utf-8")
