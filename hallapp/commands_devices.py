"""``hallapp card read [--adapter serial|sdtapi|fake] [--port PORT]``: read one card and print it;
``hallapp devices``: this PC's card reader, queue caller and evaluation pad, and whether each answers.

An administrator setting a counter up uses them. ``card read`` uses this PC's reader (``card_adapter``
and ``card_port`` in ``station.json``) unless ``--adapter``/``--port`` name another, and says which; on a
PC without settings yet it tries the system's usual reader. It prints the fields with the ID number
masked, and whether the card is valid today: exit status 0 for a card read (valid or not), 1 when there
is no card or the read failed, 3 when there is no reader (or this PC has none set). ``devices`` reads this PC's settings
(``station.json`` in the data folder) and asks each configured device whether it answers: the reader
opens (a card on it is not needed, and nothing of one is printed), the queue system says how many wait
for this window, the pad answers a ping. Exit status 0 when every configured device answers (devices set
to off are listed as 未设置), 1 when one does not, with its reason. No session is opened: nothing is
stored, nobody is called.

A value from ``station.json`` or the command line is printed with its control and direction characters
escaped and shortened (``shown``): a hand-edited file cannot clear the terminal. What the device adapters
log goes to the log file, not to the console: the commands' own words are Chinese.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
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
from hallapp.services.station_checks import shown

if TYPE_CHECKING:
    from hallapp.config import AppPaths
    from hallapp.services.station import StationSettings

EXIT_NO_CARD = 1
EXIT_NO_READER = 3
EXIT_NOT_ANSWERING = 1
CHECK_CARD_TIMEOUT_S = 0.5  # the reader is asked for a card once or twice: none is needed
NOT_SET = "未设置"
LINE_MAX = 300  # characters of a device's line or an error (a reason quoting a value is shortened)
NO_READER_SET = (
    "本机未设置读卡器（本机设置中的 card_adapter 为 off）。"
    "可用 --adapter serial --port COM3（或 --adapter sdtapi、--adapter fake）直接试读，"
    "或由系统管理员在 设置 → 本机设备 中选择读卡器。"
)


def safe(text: object, limit: int = LINE_MAX) -> str:
    """A message for the console: control and direction characters escaped, at most ``limit`` long."""
    return shown(str(text), limit)


def mask_pass_number(number: str) -> str:
    """A pass number as printed: at least its middle half hidden, at most 4 characters shown at each end
    (as ``mask_id`` shows an 18-character ID): "H12345678" becomes "H1*****78"."""
    keep = min(4, len(number) // 4)
    if keep == 0:
        return "*" * len(number)
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]


def quiet_console(paths: AppPaths) -> None:
    """Send the adapters' log records (English, for support) to the log file, never to the console.

    Without a handler Python prints warnings on stderr ("queue GET … attempt 1/2: no answer"); with the
    log file set up as the other commands do, they are kept there and the console shows only the
    command's own words. Failures are still said on stderr by the command (and by ``cli._failed``).
    """
    from hallapp.logs import setup_logging

    setup_logging(paths.log_dir)


def _data_paths(args: argparse.Namespace) -> AppPaths:
    from hallapp.config import resolve_paths

    return resolve_paths(getattr(args, "data_dir", None))


def default_adapter() -> str:
    """``sdtapi`` on Windows (where the vendors' driver is), ``serial`` elsewhere."""
    return "sdtapi" if sys.platform == "win32" else "serial"


def add_card_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``card read`` to the CLI's sub-commands (``commands`` is ``add_subparsers()``'s result)."""
    card = commands.add_parser("card", parents=[common], help="the ID-card reader (身份证读卡器): read")
    actions = card.add_subparsers(dest="card_action", required=True, metavar="ACTION")
    read = actions.add_parser("read", parents=[common], help="read one card, print it with the ID masked")
    read.add_argument(
        "--adapter",
        choices=ADAPTERS,
        default=None,
        help="default: this PC's reader (station.json); on a PC without settings sdtapi on Windows, else serial",
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
        lines.append(f"通行证号码：{mask_pass_number(card.pass_number)}")
    if card.issuing_authority:
        lines.append(f"签发机关：{card.issuing_authority}")
    lines.append(f"有效期限：{card.validity_label}")
    problem = card.validity_problem(today)
    lines.append(f"今日状态：{problem or '有效'}")
    return lines


def _chosen_reader(args: argparse.Namespace, paths: AppPaths) -> tuple[str, str | None, str] | None:
    """The adapter and port to read with and, in words, where they come from ("" when from the command
    line); None when this PC's settings say it has no reader."""
    from hallapp.services.station import read_station, station_file

    adapter, port = getattr(args, "adapter", None), getattr(args, "port", None)
    if adapter:
        return adapter, port, ""
    station, warnings = read_station(paths.data_dir)
    for warning in warnings:
        print(warning, file=sys.stderr)
    where = station_file(paths.data_dir)
    if station.card_adapter != "off":
        port = port or station.card_port.strip() or None
        label = _reader_label(replace(station, card_port=port or ""))
        return station.card_adapter, port, f"读卡器：本机设置（{where}）中的{label}"
    if where.exists() and not port:
        return None
    adapter = default_adapter()
    label = _reader_label(replace(station, card_adapter=adapter, card_port=port or ""))
    return adapter, port, f"读卡器：本机未设置读卡器，按本系统默认使用{label}"


def card_read(args: argparse.Namespace, today: date | None = None) -> int:
    """Read one card with the adapter and port given, or this PC's (see the module), and print it."""
    paths = _data_paths(args)
    quiet_console(paths)
    chosen = _chosen_reader(args, paths)
    if chosen is None:
        print(NO_READER_SET, file=sys.stderr)
        return EXIT_NO_READER
    adapter, port, where = chosen
    if where:
        print(where)
    try:
        reader = make_card_reader(adapter, port, getattr(args, "card_file", None))
        try:
            card = reader.read(getattr(args, "timeout", 5.0))
        finally:
            close = getattr(reader, "close", None)
            if close is not None:
                close()
    except NoReader as error:
        print(f"读卡失败：{safe(error)}", file=sys.stderr)
        return EXIT_NO_READER
    except CardError as error:
        print(f"读卡失败：{safe(error)}", file=sys.stderr)
        return EXIT_NO_CARD
    for line in card_lines(card, today or date.today()):
        print(safe(line, 1000))
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
    port = shown(station.card_port.strip())
    if station.card_adapter == "serial":
        return f"串口读卡器 {port}".rstrip()
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
            shown(station.queue_url) if station.queue_source == "http" else "演示排队系统",
            _check_queue,
        ),
        (
            "评价器",
            station.pad_source != "off",
            shown(station.pad_url) if station.pad_source == "websocket" else "演示评价器",
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
            lines.append(f"{what}：{label} —— 无应答：{safe(error)}")
    return lines, silent


def devices(args: argparse.Namespace) -> int:
    """List this PC's devices and whether each answers (see the module)."""
    from hallapp.services.station import read_station, station_file

    paths = _data_paths(args)
    quiet_console(paths)
    data_dir = Path(paths.data_dir)
    station, warnings = read_station(data_dir)
    for warning in warnings:
        print(warning, file=sys.stderr)
    where = station_file(data_dir)
    print(
        f"本机设备（{shown(station.window.strip())} 号窗口，设置文件 {where}"
        f"{'' if where.exists() else '，尚未创建'}）："
    )
    lines, silent = device_lines(station)
    for line in lines:
        print(line)
    if silent:
        print(f"有 {silent} 个设备无应答，原因见上。", file=sys.stderr)
        return EXIT_NOT_ANSWERING
    return 0
