"""A card reader on a serial or USB-serial port speaking the security module's frames (GA 467).

A frame is the preamble ``AA AA AA 96 69``, a 2-byte big-endian length (of what follows it), then a
command (command, parameter) to the module or three status words (SW1 SW2 SW3) from it, the data, and an
XOR of every byte from the length to the end of the data. A read is three commands:

- find card ``20 01`` — SW3 ``9F`` a card is there, ``80`` none;
- select card ``20 02`` — ``90`` selected, ``81`` it could not be;
- read base message ``30 01`` — ``90`` and the data: text length (2 bytes), photo length (2 bytes),
  256 bytes of text, 1024 bytes of photo. The photo is dropped as soon as the frame is parsed.

An answer with a bad checksum is refused and the command sent once more; a second bad one is a
``BadFrame``. Silence before the card is found means the reader is not there; silence after it has
been selected means the card was taken away.

The port is opened with pyserial (a dependency of the ``devices`` extra).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, Self

from hallapp.devices.card import (
    NO_CARD_MESSAGE,
    REMOVED_MESSAGE,
    BadFrame,
    CardData,
    CardRemoved,
    NoCard,
    NoReader,
)
from hallapp.devices.card_text import BASE_MESSAGE_SIZE, decode_base_message

PREAMBLE = bytes.fromhex("AAAAAA9669")
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_BASE = (0x30, 0x01)

SW_SUCCESS = 0x90
SW_FOUND = 0x9F
SW_NO_CARD = 0x80
SW_SELECT_FAILED = 0x81

POLL_INTERVAL = 0.1  # between two "find card" while waiting for a card to be put down


def checksum(body: bytes) -> int:
    """XOR of every byte given (the length, command or status words, and data of a frame)."""
    value = 0
    for byte in body:
        value ^= byte
    return value


def command_frame(command: int, parameter: int, data: bytes = b"") -> bytes:
    """A frame to the module: preamble, length, command, parameter, data, checksum."""
    length = 2 + len(data) + 1
    body = length.to_bytes(2, "big") + bytes((command, parameter)) + data
    return PREAMBLE + body + bytes((checksum(body),))


class Silent(Exception):
    """No whole frame arrived in time (internal: each caller turns it into the error that fits)."""


class _Checksum(Exception):
    """A whole frame arrived whose checksum is wrong (internal)."""


class Port(Protocol):
    """What the reader needs of a serial port (pyserial's ``Serial`` has it)."""

    timeout: float | None

    def write(self, data: bytes, /) -> int | None: ...

    def read(self, size: int = 1, /) -> bytes: ...

    def reset_input_buffer(self) -> None: ...

    def close(self) -> None: ...


def open_serial(port: str, baudrate: int = 115200) -> Port:
    """The port opened with pyserial at 115200 8N1 (the modules' usual speed), or ``NoReader``."""
    try:
        import serial
    except ImportError as error:
        raise NoReader("本机未安装串口支持（pyserial），无法使用串口读卡器。") from error
    try:
        opened: Port = serial.Serial(port, baudrate=baudrate, timeout=0.05)
    except (serial.SerialException, OSError, ValueError) as error:
        raise NoReader(f"无法打开读卡器串口 {port}：请检查读卡器是否接好、端口是否正确。") from error
    return opened


class SerialCardReader:
    """``CardReader`` on a serial port. ``frame_timeout`` is how long one answer may take."""

    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 115200,
        frame_timeout: float = 1.0,
        opener: Callable[[str, int], Port] = open_serial,
    ) -> None:
        self.port_name = port
        self.frame_timeout = frame_timeout
        self._baudrate = baudrate
        self._opener = opener
        self._port: Port | None = None

    def close(self) -> None:
        if self._port is not None:
            self._port.close()
            self._port = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _opened(self) -> Port:
        if self._port is None:
            self._port = self._opener(self.port_name, self._baudrate)
        return self._port

    def read(self, timeout: float) -> CardData:
        """Wait up to ``timeout`` seconds for a card, select it and read its text (see the module)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                status, _ = self._exchange(FIND_CARD)
            except Silent:
                raise NoReader(f"读卡器（{self.port_name}）没有应答：请检查读卡器的电源和连线。") from None
            if status == SW_FOUND:
                break
            if status != SW_NO_CARD:
                raise BadFrame(f"读卡器回答了未知的状态码 {status:02X}：请重新读卡。")
            if time.monotonic() + POLL_INTERVAL > deadline:
                raise NoCard(NO_CARD_MESSAGE)
            time.sleep(POLL_INTERVAL)
        try:
            status, _ = self._exchange(SELECT_CARD)
            if status == SW_SELECT_FAILED:
                raise NoCard("读卡器未能选中证件：请把证件平放在读卡器上再读。")
            if status != SW_SUCCESS:
                raise BadFrame(f"读卡器回答了未知的状态码 {status:02X}：请重新读卡。")
            status, data = self._exchange(READ_BASE)
        except Silent:
            raise CardRemoved(REMOVED_MESSAGE) from None
        if status != SW_SUCCESS:
            raise CardRemoved(REMOVED_MESSAGE)
        return decode_base_message(_text_of(data))

    def _exchange(self, command: tuple[int, int]) -> tuple[int, bytes]:
        """Send a command and return its SW3 and data; one retry after a bad checksum."""
        port = self._opened()
        for attempt in (1, 2):
            port.reset_input_buffer()
            port.write(command_frame(*command))
            try:
                return self._answer(port)
            except _Checksum:
                if attempt == 2:
                    raise BadFrame("读卡器连续两次送来校验错误的数据：请检查连线后重新读卡。") from None
        raise AssertionError("unreachable")

    def _answer(self, port: Port) -> tuple[int, bytes]:
        deadline = time.monotonic() + self.frame_timeout
        window = b""
        while window != PREAMBLE:  # skip whatever precedes the preamble (line noise, a late answer)
            window = (window + _read_exactly(port, 1, deadline))[-len(PREAMBLE) :]
        length_bytes = _read_exactly(port, 2, deadline)
        length = int.from_bytes(length_bytes, "big")
        if length < 4:
            raise _Checksum()
        rest = _read_exactly(port, length, deadline)
        body, check = length_bytes + rest[:-1], rest[-1]
        if checksum(body) != check:
            raise _Checksum()
        return rest[2], rest[3:-1]


def _read_exactly(port: Port, size: int, deadline: float) -> bytes:
    got = bytearray()
    while len(got) < size:
        if time.monotonic() > deadline:
            raise Silent()
        got += port.read(size - len(got))
    return bytes(got)


def _text_of(data: bytes) -> bytes:
    """The 256 bytes of text out of a read-base answer; the photo after them is not kept."""
    if len(data) < 4:
        raise BadFrame("读卡器送来的证件信息不完整：请重新读卡。")
    text_length = int.from_bytes(data[0:2], "big")
    if text_length != BASE_MESSAGE_SIZE or len(data) < 4 + text_length:
        raise BadFrame("读卡器送来的证件信息长度不对：请重新读卡。")
    return data[4 : 4 + text_length]
