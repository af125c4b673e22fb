"""``hallapp card read [--adapter serial|sdtapi|fake] [--port PORT]``: read one card and print it;
``hallapp devices``: this PC's card reader, queue caller and evaluation pad, and whether each answers.

An administrator setting a counter up uses them. ``card read`` prints the fields with the ID number
masked, and whether the card is valid today: exit status 0 for a card read (valid or not), 1 when there
is no card or the read failed, 3 when there is no reader. ``devices`` reads this PC's settings
(``station.json`` in the data folder) and asks each configured device whether it answers: the reader
opens (a card on it is not needed, and nothing of one is printed), the queue system says how many wait
for this window, the pad answers a ping. Exit status 0 when every configured device answers (devices set
to off are listed as 未设置), 1 when one does not, with its reason. No session is opened: nothing is
stored, nobody is called.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hallapp.devices.card import (
    ADAPTERS,
    CardData,
    CardError,
    CardRemoved,
    NoCard,
    NoReader,
    make_card_reader,
)
from hallapp.domain.identity import mask_id

if TYPE_CHECKING:
    from hallapp.services.station import StationSettings

EXIT_NO_CARD = 1
EXIT_NO_READER = 3
EXIT_NOT_ANSWERING = 1
CHECK_CARD_TIMEOUT_S = 0.5  # the reader is asked for a card once or twice: none is needed
NOT_SET = "未设置"


def default_adapter() -> str:
    """``sdtapi`` on Windows (where the vendors' driver is), ``serial`` elsewhere."""
    return "sdtapi" if sys.platform == "win32" else "serial"


def add_card_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``card read`` to the CLI's sub-commands (``commands`` is ``add_subparsers()``'s result)."""
    card = commands.add_parser("card", parents=[common], help="the ID-card reader (身份证读卡器): read")
    actions = card.add_subparsers(dest="card_action", required=True, metavar="ACTION")
    read = actions.add_parser("read", parents=[common], help="read one card, print it with the ID masked")
    read.add_argument(
        "--adapter", choices=ADAPTERS, default=None, help="default: sdtapi on Windows, else serial"
    )
    read.add_argument("--port", help="serial: COM3 or /dev/ttyUSB0; sdtapi: 1001-1016 USB, 1-16 serial")
    read.add_argument("--card-file", help="fake: a JSON list of cards (see hallapp/devices/card_fake.py)")
    read.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for a card (default 5)")


def card_lines(card: CardData, today: date) -> list[str]:
    """The card as printed: every field with the ID number (and pass number) masked, and its state today."""
    lines = [f"证件类型：{card.kind.label}", f"姓名：{card.name}"]
    if card.english_name and card.english_name != card.name:
        lines.append(f"英文姓名：{card.english_name}")
    lines.append(f"性别：{card.sex}")
    if card.ethnicity:
        lines.append(f"民族：{card.ethnicity}")
    if card.nationality:
        lines.append(f"国籍：{card.nationality}")
    lines.append(f"出生日期：{card.birth_date:%Y-%m-%d}")
    if card.address:
        lines.append(f"住址：{card.address}")
    lines.append(f"证件号码：{mask_id(card.id_number)}")
    if card.pass_number:
        lines.append(f"通行证号码：{mask_id(card.pass_number)}")
    if card.issuing_authority:
        lines.append(f"签发机关：{card.issuing_authority}")
    lines.append(f"有效期限：{card.validity_label}")
    problem = card.validity_problem(today)
    lines.append(f"今日状态：{problem or '有效'}")
    return lines


def card_read(args: argparse.Namespace, today: date | None = None) -> int:
    """Read one card with the adapter and port given (see the module) and print it."""
    adapter = getattr(args, "adapter", None) or default_adapter()
    try:
        reader = make_card_reader(adapter, getattr(args, "port", None), getattr(args, "card_file", None))
        try:
            card = reader.read(getattr(args, "timeout", 5.0))
        finally:
            close = getattr(reader, "close", None)
            if close is not None:
                close()
    except NoReader as error:
        print(f"读卡失败：{error}", file=sys.stderr)
        return EXIT_NO_READER
    except CardError as error:
        print(f"读卡失败：{error}", file=sys.stderr)
        return EXIT_NO_CARD
    for line in card_lines(card, today or date.today()):
        print(line)
    return 0


# --- hallapp devices -------------------------------------------------------------------------------------


def add_devices_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``devices`` to the CLI's sub-commands."""
    commands.add_parser(
        "devices",
        parents=[common],
        help="this PC's card reader, queue caller and evaluation pad, and whether each answers",
    )


def _reader_label(station: StationSettings) -> str:
    port = station.card_port.strip()
    if station.card_adapter == "serial":
        return f"串口读卡器 {port}"
    if station.card_adapter == "sdtapi":
        return f"厂商驱动读卡器（sdtapi.dll，端口 {port or '自动查找'}）"
    return "模拟读卡器（演示）"


def _check_card(station: StationSettings) -> str:
    """What the reader answered; ``NoReader``/``BadFrame`` (a ``CardError``) when it does not answer."""
    reader = make_card_reader(station.card_adapter, station.card_port.strip() or None)
    try:
        card = reader.read(CHECK_CARD_TIMEOUT_S)
    except (NoCard, CardRemoved):
        return "有应答（读卡器上没有证件）"
    finally:
        close = getattr(reader, "close", None)
        if close is not None:
            close()
    return f"有应答（读卡器上有一张{card.kind.label}，未读出内容）"


def _check_queue(station: StationSettings) -> str:
    from hallapp.devices.queue_factory import make_queue_caller, queue_settings_of

    caller = make_queue_caller(queue_settings_of(station))
    assert caller is not None  # only asked when it is set
    window = station.window.strip()
    return f"有应答（{window} 号窗口 {caller.waiting(window)} 人等候）"


def _check_pad(station: StationSettings) -> str:
    from hallapp.devices.pad_factory import make_pad

    pad = make_pad(station.pad_source, station.pad_url)
    assert pad is not None  # only asked when it is set
    return f"有应答（{pad.ping()}）"


def device_lines(station: StationSettings) -> tuple[list[str], int]:
    """One line per device — what is set and what it answered, or why not — and how many of the set
    devices did not answer."""
    from hallapp.devices.pad import PadError
    from hallapp.devices.queue import QueueError

    checks: list[tuple[str, bool, str, Callable[[StationSettings], str]]] = [
        ("读卡器", station.card_adapter != "off", _reader_label(station), _check_card),
        (
            "排队叫号",
            station.queue_source != "off",
            station.queue_url if station.queue_source == "http" else "演示排队系统",
            _check_queue,
        ),
        (
            "评价器",
            station.pad_source != "off",
            station.pad_url if station.pad_source == "websocket" else "演示评价器",
            _check_pad,
        ),
    ]
    lines, silent = [], 0
    for what, is_set, label, check in checks:
        if not is_set:
            lines.append(f"{what}：{NOT_SET}")
            continue
        try:
            lines.append(f"{what}：{label} —— {check(station)}")
        except (CardError, QueueError, PadError, ValueError) as error:
            silent += 1
            lines.append(f"{what}：{label} —— 无应答：{error}")
    return lines, silent


def devices(args: argparse.Namespace) -> int:
    """List this PC's devices and whether each answers (see the module)."""
    from hallapp.config import resolve_paths
    from hallapp.services.station import read_station, station_file

    data_dir = Path(resolve_paths(getattr(args, "data_dir", None)).data_dir)
    station, warnings = read_station(data_dir)
    for warning in warnings:
        print(warning, file=sys.stderr)
    where = station_file(data_dir)
    print(
        f"本机设备（{station.window.strip()} 号窗口，设置文件 {where}{'' if where.exists() else '，尚未创建'}）："
    )
    lines, silent = device_lines(station)
    for line in lines:
        print(line)
    if silent:
        print(f"有 {silent} 个设备无应答，原因见上。", file=sys.stderr)
        return EXIT_NOT_ANSWERING
    return 0
