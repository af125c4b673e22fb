"""``hallapp card read``: the fields printed with the ID masked, today's state, the exit status and reason.

The parser is built here the way ``hallapp.cli`` adds it; ``hallapp devices`` is in test_devices_command.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date

import pytest

from hallapp.cli import main
from hallapp.commands_devices import (
    EXIT_NO_CARD,
    EXIT_NO_READER,
    add_card_parser,
    card_lines,
    card_read,
    mask_pass_number,
)
from hallapp.devices.card_fake import demo_cards
from hallapp.devices.card_text import decode_base_message
from hallapp.services.station import StationSettings, save_station
from tests.devices.card_sim import SimulatedReader, base_message, foreign_message, hmt_permit_message

TODAY = date(2026, 12, 1)
needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="the simulated reader needs a POSIX pty")


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hallapp")
    common = argparse.ArgumentParser(add_help=False)
    add_card_parser(parser.add_subparsers(dest="command"), common)
    return parser.parse_args(list(argv))


@needs_pty
def test_a_serial_read_prints_the_fields_with_the_id_masked(capsys):
    with SimulatedReader(base_message()) as sim:
        status = card_read(parse("card", "read", "--adapter", "serial", "--port", sim.port), today=TODAY)
    out = capsys.readouterr().out
    assert status == 0
    assert "110101199003070011" not in out
    assert "证件号码：1101**********0011" in out
    for line in (
        "姓名：张三",
        "性别：男",
        "民族：汉族",
        "出生日期：1990-03-07",
        "有效期限：2015.03.01-2035.03.01",
    ):
        assert line in out
    assert "今日状态：有效" in out


def test_an_expired_card_is_printed_as_expired_and_still_exits_0(tmp_path, capsys):
    card = decode_base_message(base_message(valid_from="20050301", valid_until="20250301"))
    status = card_read(_fake_args(tmp_path, [card]), today=TODAY)
    assert status == 0
    assert "今日状态：证件已过期（有效期至 2025年03月01日）" in capsys.readouterr().out


def test_the_permit_pass_number_is_masked_too():
    lines = card_lines(decode_base_message(hmt_permit_message(valid_until="20300101")), TODAY)
    assert "通行证号码：H1*****78" in lines  # the middle half hidden at least, as in the ID number
    assert "证件类型：港澳台居民居住证" in lines
    assert not any("810000198506120016" in line or "H12345678" in line for line in lines)


def test_the_foreign_card_shows_its_english_name_and_nationality():
    lines = card_lines(decode_base_message(foreign_message()), TODAY)
    assert {"英文姓名：SMITH, JOHN", "国籍：USA", "证件号码：USA********1015"} <= set(lines)
    assert not any(line.startswith(("民族", "住址")) for line in lines)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("H12345678", "H1*****78"),
        ("H1234567890", "H1*******90"),
        ("12345678901234567X", "1234**********567X"),
    ],
)
def test_a_pass_number_shows_at_most_a_quarter_at_each_end(number, masked):
    assert mask_pass_number(number) == masked
    hidden = masked.count("*")
    assert hidden >= len(number) / 2


def card_command(tmp_path, *extra: str) -> list[str]:
    return ["card", "read", "--data-dir", str(tmp_path), "--timeout", "0.2", *extra]


def test_without_an_adapter_this_pcs_reader_is_used_and_named(tmp_path, capsys):
    save_station(tmp_path, replace(StationSettings(), card_adapter="fake"))
    status = main(card_command(tmp_path))
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out[0] == f"读卡器：本机设置（{tmp_path / 'station.json'}）中的模拟读卡器（演示）"
    assert f"姓名：{demo_cards()[0].name}" in out


@needs_pty
def test_this_pcs_serial_port_is_used_and_a_port_given_overrides_it(tmp_path, capsys):
    with SimulatedReader(base_message()) as sim:
        save_station(tmp_path, replace(StationSettings(), card_adapter="serial", card_port=sim.port))
        assert main(card_command(tmp_path)) == 0
        out = capsys.readouterr().out
        assert f"中的串口读卡器 {sim.port}\n" in out and "证件号码：1101**********0011" in out
    save_station(tmp_path, replace(StationSettings(), card_adapter="serial", card_port="/dev/ttyHALLAPP9"))
    with SimulatedReader(base_message()) as sim:
        assert main(card_command(tmp_path, "--port", sim.port)) == 0
    assert "姓名：张三" in capsys.readouterr().out


def test_a_pc_whose_reader_is_off_says_so_and_how_to_give_one(tmp_path, capsys):
    save_station(tmp_path, replace(StationSettings(), window="05"))  # card_adapter off
    status = main(card_command(tmp_path))
    captured = capsys.readouterr()
    assert status == EXIT_NO_READER and captured.out == ""
    assert captured.err.startswith("本机未设置读卡器")
    assert "--adapter" in captured.err and "设置 → 本机设备" in captured.err
    assert "未指定读卡器的串口" not in captured.err


@pytest.mark.skipif(sys.platform == "win32", reason="the system's reader is the vendor's DLL there")
def test_a_pc_without_settings_tries_the_systems_usual_reader(tmp_path, capsys):
    status = main(card_command(tmp_path))
    captured = capsys.readouterr()
    assert status == EXIT_NO_READER
    assert captured.out == "读卡器：本机未设置读卡器，按本系统默认使用串口读卡器\n"
    assert captured.err.startswith("读卡失败：") and "串口" in captured.err


def test_a_port_with_control_characters_is_echoed_escaped_and_short(tmp_path, capsys):
    port = "/dev/tty\x1b[2J\x07" + "9" * 5000
    status = main(card_command(tmp_path, "--adapter", "serial", "--port", port))
    err = capsys.readouterr().err
    assert status == EXIT_NO_READER
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b[2J\\x07" in err
    assert len(err) < 400 and "…" in err


@needs_pty
def test_no_card_exits_non_zero_with_the_reason(capsys):
    with SimulatedReader(None) as sim:
        args = parse("card", "read", "--adapter", "serial", "--port", sim.port, "--timeout", "0.2")
        status = card_read(args, today=TODAY)
    captured = capsys.readouterr()
    assert status == EXIT_NO_CARD
    assert "读卡器上没有证件" in captured.err and captured.out == ""


def test_a_card_removed_mid_read_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "cards.json"
    path.write_text(json.dumps([{"error": "removed"}]), encoding="utf-8")
    status = card_read(parse("card", "read", "--adapter", "fake", "--card-file", str(path)), today=TODAY)
    assert status == EXIT_NO_CARD
    assert "移开" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ("card", "read", "--adapter", "serial"),  # no port
        ("card", "read", "--adapter", "serial", "--port", "/nonexistent/ttyUSB7"),
        pytest.param(
            ("card", "read", "--adapter", "sdtapi", "--port", "1001"),
            marks=pytest.mark.skipif(sys.platform == "win32", reason="the DLL may be installed there"),
        ),
    ],
)
def test_no_reader_exits_non_zero_with_the_reason(argv, capsys):
    status = card_read(parse(*argv), today=TODAY)
    captured = capsys.readouterr()
    assert status == EXIT_NO_READER
    assert captured.err.startswith("读卡失败：") and captured.out == ""


def test_the_fake_adapter_reads_its_demo_card(capsys):
    assert card_read(parse("card", "read", "--adapter", "fake"), today=TODAY) == 0
    assert f"姓名：{demo_cards()[0].name}" in capsys.readouterr().out


def _fake_args(tmp_path, cards):
    entries = [
        {
            "kind": card.kind.value,
            "name": card.name,
            "sex": card.sex,
            "ethnicity": card.ethnicity,
            "birth_date": card.birth_date.isoformat(),
            "address": card.address,
            "id_number": card.id_number,
            "issuing_authority": card.issuing_authority,
            "valid_from": card.valid_from.isoformat(),
            "valid_until": card.valid_until.isoformat() if card.valid_until else None,
        }
        for card in cards
    ]
    path = tmp_path / "cards.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return parse("card", "read", "--adapter", "fake", "--card-file", str(path))
