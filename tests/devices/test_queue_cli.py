"""``hallapp queue next``: the sub-command's parser and ``queue_next`` against a queue server on 127.0.0.1."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hallapp import commands_queue
from tests.devices.queue_server import QueueServer, refused_url, running_queue


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="hallapp")
    commands = parser.add_subparsers(dest="command")
    commands_queue.add_parsers(commands, common)
    return parser


def _run(tmp_path: Path, *words: str) -> int:
    args = _parser().parse_args(["queue", "next", "--data-dir", str(tmp_path), *words])
    return commands_queue.run(args)


@pytest.fixture
def server() -> Iterator[QueueServer]:
    with running_queue() as running:
        yield running


def test_calls_the_next_ticket_and_says_how_many_wait(
    tmp_path: Path, server: QueueServer, capsys: pytest.CaptureFixture[str]
) -> None:
    for prefix in "AAB":
        server.state.issue(prefix)
    assert _run(tmp_path, "--window", "01", "--url", server.url) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["A001 综合受理（09:00 取号）→ 01 号窗口", "01 号窗口还有 2 人等候（排队叫号系统）"]
    assert server.state.tickets["A001"].state == "called"


def test_the_window_defaults_to_this_pcs(
    tmp_path: Path, server: QueueServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "station.json").write_text(json.dumps({"version": 1, "window": "02"}), encoding="utf-8")
    server.state.issue("B")  # window 02 does not serve B
    assert _run(tmp_path, "--url", server.url) == 1
    assert "02 号窗口目前无人等候" in capsys.readouterr().err
    assert server.state.tickets["B001"].state == "waiting"


def test_no_queue_system_configured(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "--window", "01") == 1
    assert capsys.readouterr().err.strip() == commands_queue.NOT_CONFIGURED


def test_the_queue_system_from_this_pcs_settings(
    tmp_path: Path, server: QueueServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Station:  # what StationSettings will carry once it has the queue fields
        window = "01"
        queue_source = "http"
        queue_url = server.url
        queue_timeout_ms = 500

    monkeypatch.setattr(commands_queue, "_station", lambda args: Station())
    server.state.issue("A")
    assert _run(tmp_path) == 0
    assert capsys.readouterr().out.startswith("A001 综合受理")


def test_a_queue_system_that_does_not_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with refused_url() as url:
        assert _run(tmp_path, "--window", "01", "--url", url) == 1
    assert "无法连接排队叫号系统（连接被拒绝" in capsys.readouterr().err


def test_a_slow_queue_system(tmp_path: Path, server: QueueServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.state.issue("A")
    server.state.slow = 1.0
    assert _run(tmp_path, "--window", "01", "--url", server.url, "--timeout-ms", "300") == 1
    assert "排队叫号系统无响应（超过 0.3 秒）" in capsys.readouterr().err


def test_a_server_error(tmp_path: Path, server: QueueServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.state.fail_status = 500
    assert _run(tmp_path, "--window", "01", "--url", server.url) == 1
    assert "暂时无法服务（HTTP 500）" in capsys.readouterr().err


def test_wrong_settings_are_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "--window", "01", "--url", "queue.hall", "--timeout-ms", "50") == 1
    err = capsys.readouterr().err
    assert "应以 http:// 或 https:// 开头" in err and "200–10000 毫秒" in err


def test_the_demo_queue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "--window", "03", "--adapter", "fake") == 0
    out = capsys.readouterr().out
    assert out.startswith("C001 不动产登记") and "03 号窗口还有 0 人等候（演示排队叫号）" in out


def test_a_window_given_on_the_command_line_is_named_when_the_system_does_not_know_it(
    tmp_path: Path, server: QueueServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, "--window", "09", "--url", server.url) == 1
    err = capsys.readouterr().err
    assert "排队叫号系统中没有这个窗口号：请核对窗口号 09" in err
    assert "本机设置" not in err


def test_this_pcs_window_unknown_to_the_system_points_to_the_settings(
    tmp_path: Path, server: QueueServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "station.json").write_text(json.dumps({"window": "09"}), encoding="utf-8")
    assert _run(tmp_path, "--url", server.url) == 1
    assert "请核对本机设置中的窗口号" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://q.hall/\x00\x1b[2J", "排队叫号系统地址应不含控制字符"),
        ("http://\u202elocalhost/", "排队叫号系统地址应不含控制字符"),
        ("http://a..b/queue", "主机名「a..b」不是有效的域名"),
        ("http://q.hall/" + "q" * 600, "最多 500 个字符"),
    ],
)
def test_an_address_given_with_hidden_characters_is_refused_and_echoed_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, words: str
) -> None:
    assert _run(tmp_path, "--window", "01", "--url", url) == 1
    err = capsys.readouterr().err
    assert words in err and "idna" not in err
    assert err.rstrip("\n").isprintable() and len(err) < 400


def test_a_dead_queue_system_is_said_in_chinese_only_in_a_real_process(tmp_path: Path) -> None:
    """pytest catches log records itself: only a process of its own shows what reaches the console."""
    import subprocess
    import sys

    with refused_url() as url:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from hallapp.cli import main; sys.exit(main())",
                "queue",
                "next",
                "--window",
                "01",
                "--url",
                url,
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
    assert done.stderr.startswith("无法连接排队叫号系统（连接被拒绝"), done.stderr
    assert "attempt" not in done.stderr and "queue GET" not in done.stderr and "queue POST" not in done.stderr
    assert "attempt 1/" in (tmp_path / "logs" / "hallapp.log").read_text(encoding="utf-8")
