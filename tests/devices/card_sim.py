"""A simulated ID-card reader (security module) on a pseudo-terminal, answering GA 467 frames in a thread.

``SimulatedReader`` opens a pty; the adapter under test opens ``sim.port`` (the pty's slave) as its serial
port. ``sim.card`` is the 256-byte text on the reader (None: no card); ``sim.mode`` what goes wrong:

- ``"ok"`` answers as a reader does;
- ``"bad_checksum_once"`` / ``"bad_checksum_always"`` spoil the checksum of the read-base answer once / always;
- ``"removed"`` answers find and select, then goes silent (the card was taken away mid-read);
- ``"select_fails"`` finds the card but cannot select it;
- ``"silent"`` never answers (no reader on the port);
- ``"noise"`` sends a few stray bytes before each answer;
- ``"late"`` says "no card" to the first ``late_finds`` finds (a card put down while the reader waits).

``sim.commands`` records every (command, parameter) received. The card text is built here by
``base_message`` with its own offsets, independently of the decoder under test.
"""

from __future__ import annotations

import os
import select
import threading
from datetime import date
from typing import Self

PREAMBLE = bytes.fromhex("AAAAAA9669")
PHOTO = bytes(range(256)) * 4  # 1024 bytes standing in for the photo (wlt)


def _ucs2(value: str, size: int) -> bytes:
    raw = value.encode("utf-16-le")
    assert len(raw) <= size, value
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def base_message(
    *,
    name: str = "张三",
    sex: str = "1",
    ethnicity: str = "01",
    birth: str = "19900307",
    address: str = "北京市东城区示例胡同1号",
    id_number: str = "110101199003070011",
    authority: str = "北京市公安局东城分局",
    valid_from: str = "20150301",
    valid_until: str = "20350301",
) -> bytes:
    """A resident card's text: 30+2+4+16+70+36+30+16+16+36 bytes."""
    parts = [
        _ucs2(name, 30),
        _ucs2(sex, 2),
        _ucs2(ethnicity, 4),
        _ucs2(birth, 16),
        _ucs2(address, 70),
        _ucs2(id_number, 36),
        _ucs2(authority, 30),
        _ucs2(valid_from, 16),
        _ucs2(valid_until, 16),
        _ucs2("", 36),
    ]
    text = b"".join(parts)
    assert len(text) == 256
    return text


def hmt_permit_message(
    *,
    name: str = "陈大文",
    sex: str = "1",
    birth: str = "19850612",
    address: str = "广东省深圳市福田区示例大道8号",
    id_number: str = "810000198506120016",
    authority: str = "深圳市公安局",
    valid_from: str = "20200101",
    valid_until: str = "20250101",
    pass_number: str = "H12345678",
    issue_count: str = "01",
) -> bytes:
    """A residence permit's text (marker 'J' at byte 248)."""
    text = b"".join(
        [
            _ucs2(name, 30),
            _ucs2(sex, 2),
            _ucs2("", 4),
            _ucs2(birth, 16),
            _ucs2(address, 70),
            _ucs2(id_number, 36),
            _ucs2(authority, 30),
            _ucs2(valid_from, 16),
            _ucs2(valid_until, 16),
            _ucs2(pass_number, 18),
            _ucs2(issue_count, 4),
            _ucs2("", 6),
            _ucs2("J", 2),
            _ucs2("", 6),
        ]
    )
    assert len(text) == 256
    return text


def foreign_message(
    *,
    english_name: str = "SMITH, JOHN",
    sex: str = "1",
    number: str = "USA310080101015",
    nationality: str = "USA",
    name: str = "史密斯",
    valid_from: str = "20180101",
    valid_until: str = "20280101",
    birth: str = "19801001",
    authority: str = "1100",
    marker: str = "I",
) -> bytes:
    """A 2017 foreign permanent-residence card's text (marker 'I' at byte 248)."""
    text = b"".join(
        [
            _ucs2(english_name, 120),
            _ucs2(sex, 2),
            _ucs2(number, 30),
            _ucs2(nationality, 6),
            _ucs2(name, 30),
            _ucs2(valid_from, 16),
            _ucs2(valid_until, 16),
            _ucs2(birth, 16),
            _ucs2("01", 4),
            _ucs2(authority, 8),
            _ucs2(marker, 2),
            _ucs2("", 6),
        ]
    )
    assert len(text) == 256
    return text


def expired_message(today: date) -> bytes:
    """A resident card whose validity ended the year before ``today``."""
    return base_message(valid_from=f"{today.year - 21}0301", valid_until=f"{today.year - 1}0301")


def xor(data: bytes) -> int:
    value = 0
    for byte in data:
        value ^= byte
    return value


def answer_frame(sw3: int, data: bytes = b"", *, spoil: bool = False) -> bytes:
    """preamble, length, SW1 SW2 SW3, data, checksum (spoilt on request)."""
    body = (3 + len(data) + 1).to_bytes(2, "big") + bytes((0x00, 0x00, sw3)) + data
    check = xor(body) ^ (0xFF if spoil else 0)
    return PREAMBLE + body + bytes((check,))


class SimulatedReader:
    """A reader on a pty, answering in a thread until ``close``."""

    def __init__(self, card: bytes | None = None, mode: str = "ok", late_finds: int = 2) -> None:
        self.card = card
        self.mode = mode
        self.late_finds = late_finds
        self.commands: list[tuple[int, int]] = []
        self._spoilt = 0
        import tty  # POSIX only (termios): the pty simulator does not run on Windows

        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no line editing: bytes pass as they are
        self.port = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="card-sim", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        os.close(self._master)
        os.close(self._slave)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _serve(self) -> None:
        buffer = b""
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.02)
            if not ready:
                continue
            buffer += os.read(self._master, 4096)
            while (start := buffer.find(PREAMBLE)) >= 0 and len(buffer) >= start + 7:
                length = int.from_bytes(buffer[start + 5 : start + 7], "big")
                end = start + 7 + length
                if len(buffer) < end:
                    break
                frame, buffer = buffer[start:end], buffer[end:]
                body = frame[5:-1]
                if xor(body) != frame[-1]:
                    continue  # a real module ignores a spoilt command
                command = (body[2], body[3])
                self.commands.append(command)
                reply = self._reply(command)
                if reply:
                    os.write(self._master, reply)

    def _reply(self, command: tuple[int, int]) -> bytes:
        if self.mode == "silent":
            return b""
        noise = b"\x00\x13\xaa" if self.mode == "noise" else b""
        if command == (0x20, 0x01):
            if self.mode == "late" and self.commands.count(command) <= self.late_finds:
                return answer_frame(0x80, bytes(4))
            return noise + answer_frame(0x80 if self.card is None else 0x9F, bytes(4))
        if command == (0x20, 0x02):
            if self.card is None or self.mode == "select_fails":
                return noise + answer_frame(0x81)
            return noise + answer_frame(0x90, bytes(8))
        if command == (0x30, 0x01):
            if self.mode == "removed":
                return b""
            if self.card is None:
                return answer_frame(0x41)
            data = (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + self.card + PHOTO
            spoil = self.mode == "bad_checksum_always" or (
                self.mode == "bad_checksum_once" and self._spoilt == 0
            )
            self._spoilt += spoil
            return noise + answer_frame(0x90, data, spoil=spoil)
        return answer_frame(0x21)  # unknown command
