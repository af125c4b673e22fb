"""The resident ID card reader (身份证读卡器): what a read gives, the interface, its refusals, the factory.

Three adapters speak ``CardReader``: the vendors' Windows SDK (``card_sdtapi``), a reader on a serial or
USB-serial port speaking the security module's frames (``card_serial``), and a fake for tests and demos
(``card_fake``). Which one and which port is a setting of this counter PC; ``make_card_reader`` turns that
setting into a reader.

The card's photo is never kept: every adapter drops it as soon as the frame is parsed, and ``CardData``
has no field for it. The ID number and address are left out of ``repr`` so a log line or a traceback
does not carry them.

Qt-free: the window, the CLI and the tests share it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from hallapp.domain.errors import UserError


class CardKind(enum.Enum):
    """The three cards the security module reads, by the label printed in Chinese."""

    RESIDENT = "居民身份证"
    HMT_PERMIT = "港澳台居民居住证"
    FOREIGN_PERMANENT = "外国人永久居留身份证"

    @property
    def label(self) -> str:
        return self.value


@dataclass(frozen=True)
class CardData:
    """The text of one card as read. ``valid_until`` None is 长期 (no end).

    ``ethnicity`` is empty on the residence permit and the foreign card (they carry none); ``address`` is
    empty on the foreign card. The foreign card's ``name`` is the Chinese name when it has one, else the
    English name; ``english_name`` and ``nationality`` (ISO 3166 three letters) are only on that card;
    ``pass_number`` (通行证号码) and ``issue_count`` (签发次数) only on the residence permit.
    """

    kind: CardKind
    name: str
    sex: str
    ethnicity: str
    birth_date: date
    address: str = field(repr=False)
    id_number: str = field(repr=False)
    issuing_authority: str
    valid_from: date
    valid_until: date | None
    english_name: str = ""
    nationality: str = ""
    pass_number: str = field(default="", repr=False)
    issue_count: str = ""

    def is_valid_on(self, day: date) -> bool:
        """True when the card may be used on ``day``: not before its first day, not after its last."""
        if day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until

    @property
    def validity_label(self) -> str:
        """The validity as printed on the card, e.g. "2015.03.01-2035.03.01" or "2015.03.01-长期"."""
        until = "长期" if self.valid_until is None else f"{self.valid_until:%Y.%m.%d}"
        return f"{self.valid_from:%Y.%m.%d}-{until}"

    def validity_problem(self, day: date) -> str | None:
        """Why the card cannot be used on ``day`` in plain words, or None when it is valid."""
        if day < self.valid_from:
            return f"证件尚未生效（有效期自 {self.valid_from:%Y年%m月%d日} 起）"
        if self.valid_until is not None and day > self.valid_until:
            return f"证件已过期（有效期至 {self.valid_until:%Y年%m月%d日}）"
        return None


class CardError(UserError):
    """A read that did not give a card, in words the clerk can act on."""


class NoReader(CardError):
    """The reader is missing, unplugged, not answering, or its driver is not installed."""


class NoCard(CardError):
    """No card on the reader (or the card could not be selected) within the time given."""


class CardRemoved(CardError):
    """The card left the reader during the read."""


class BadFrame(CardError):
    """The reader answered something that is not a valid card message (checksum, length, layout)."""


NO_CARD_MESSAGE = "读卡器上没有证件：请把证件平放在读卡器上再读。"
REMOVED_MESSAGE = "读卡时证件被移开：请把证件平放在读卡器上，不要移动，再读一次。"


class CardReader(Protocol):
    """A reader of resident ID cards and the two cards read the same way."""

    def read(self, timeout: float) -> CardData:
        """Wait up to ``timeout`` seconds for a card and read it.

        Raises ``NoReader``, ``NoCard``, ``CardRemoved`` or ``BadFrame``.
        """
        ...


ADAPTERS = ("serial", "sdtapi", "fake")


def make_card_reader(adapter: str, port: str | None = None, card_file: str | None = None) -> CardReader:
    """The reader this PC's setting names: ``serial`` (``port`` a device such as COM3 or /dev/ttyUSB0),
    ``sdtapi`` (``port`` 1001–1016 USB or 1–16 serial, None to try them all), or ``fake`` (cards from
    ``card_file``, a JSON list, or one demo card).

    An adapter that cannot work here (no port given, no DLL) raises ``NoReader`` with the reason.
    """
    if adapter == "serial":
        from hallapp.devices.card_serial import SerialCardReader

        if not port:
            raise NoReader("未指定读卡器的串口：请给出端口，例如 COM3 或 /dev/ttyUSB0。")
        return SerialCardReader(port)
    if adapter == "sdtapi":
        from hallapp.devices.card_sdtapi import SdtApiCardReader, load_sdtapi, parse_sdt_port

        return SdtApiCardReader(load_sdtapi(), parse_sdt_port(port))
    if adapter == "fake":
        from hallapp.devices.card_fake import FakeCardReader, demo_cards

        if card_file:
            return FakeCardReader.from_json(card_file)
        return FakeCardReader(demo_cards())
    raise ValueError(f"unknown card reader adapter {adapter!r}")
