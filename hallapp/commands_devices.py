"""``hallapp card read [--adapter serial|sdtapi|fake] [--port PORT]``: read one card and print it.

An administrator setting a counter up uses it to check the reader: the fields are printed with the ID
number masked, and whether the card is valid today. Exit status 0 for a card read (valid or not), 1 when
there is no card or the read failed, 3 when there is no reader. No session is opened: nothing is stored.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from hallapp.devices.card import ADAPTERS, CardData, CardError, NoReader, make_card_reader
from hallapp.domain.identity import mask_id

EXIT_NO_CARD = 1
EXIT_NO_READER = 3


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
