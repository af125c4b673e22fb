"""The sdtapi.dll adapter against a table of Python functions standing in for the DLL (same names and
arguments: ports as ints, ctypes buffers and pointers), and the loader off Windows."""

from __future__ import annotations

import ctypes
import sys
from datetime import date

import pytest

from hallapp.devices.card import BadFrame, CardKind, CardRemoved, NoCard, NoReader
from hallapp.devices.card_sdtapi import SdtApiCardReader, load_sdtapi, parse_sdt_port
from tests.devices.card_sim import PHOTO, base_message, foreign_message, hmt_permit_message


class FakeSdtApi:
    """The five functions of sdtapi.dll. ``reader_on`` is the port a reader answers on (None: none)."""

    def __init__(self, card: bytes | None = None, reader_on: int | None = 1001) -> None:
        self.card = card
        self.reader_on = reader_on
        self.select_result = 0x90
        self.read_result = 0x90
        self.calls: list[tuple[str, int]] = []
        self.photo_buffers: list[ctypes.Array[ctypes.c_char]] = []

    def SDT_OpenPort(self, port: int) -> int:
        self.calls.append(("open", port))
        return 0x90 if port == self.reader_on else 0x01

    def SDT_ClosePort(self, port: int) -> int:
        self.calls.append(("close", port))
        return 0x90

    def SDT_StartFindIDCard(self, port: int, info: ctypes.Array[ctypes.c_char], open_: int) -> int:
        self.calls.append(("find", port))
        return 0x80 if self.card is None else 0x9F

    def SDT_SelectIDCard(self, port: int, info: ctypes.Array[ctypes.c_char], open_: int) -> int:
        self.calls.append(("select", port))
        return self.select_result

    def SDT_ReadBaseMsg(self, port, text, text_len, photo, photo_len, open_):
        self.calls.append(("read", port))
        self.photo_buffers.append(photo)
        if self.read_result != 0x90 or self.card is None:
            return self.read_result
        ctypes.memmove(text, self.card, len(self.card))
        text_len.contents.value = len(self.card)
        ctypes.memmove(photo, PHOTO, len(PHOTO))
        photo_len.contents.value = len(PHOTO)
        return 0x90


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (base_message(), CardKind.RESIDENT),
        (hmt_permit_message(), CardKind.HMT_PERMIT),
        (foreign_message(), CardKind.FOREIGN_PERMANENT),
    ],
)
def test_each_kind_of_card_is_read_and_the_port_closed(text, kind):
    dll = FakeSdtApi(text)
    card = SdtApiCardReader(dll, 1001).read(timeout=1)
    assert card.kind is kind
    assert [name for name, _ in dll.calls] == ["open", "find", "select", "read", "close"]


def test_the_photo_buffer_is_wiped_once_the_text_is_taken():
    dll = FakeSdtApi(base_message())
    card = SdtApiCardReader(dll, 1001).read(timeout=1)
    assert card.birth_date == date(1990, 3, 7)
    assert dll.photo_buffers[0].raw == bytes(1024)


def test_without_a_port_the_usb_ports_then_the_serial_ports_are_tried():
    dll = FakeSdtApi(base_message(), reader_on=2)
    SdtApiCardReader(dll).read(timeout=1)
    opened = [port for name, port in dll.calls if name == "open"]
    assert opened == [*range(1001, 1017), 1, 2]
    assert ("close", 2) in dll.calls


def test_no_reader_on_any_port():
    dll = FakeSdtApi(base_message(), reader_on=None)
    with pytest.raises(NoReader, match="没有找到读卡器"):
        SdtApiCardReader(dll).read(timeout=1)


def test_no_reader_on_the_port_given():
    dll = FakeSdtApi(base_message(), reader_on=1001)
    with pytest.raises(NoReader, match="无法打开读卡器端口 1002"):
        SdtApiCardReader(dll, 1002).read(timeout=1)


def test_no_card_after_waiting_and_the_port_is_closed():
    dll = FakeSdtApi(None)
    with pytest.raises(NoCard, match="没有证件"):
        SdtApiCardReader(dll, 1001).read(timeout=0.25)
    assert dll.calls[-1] == ("close", 1001)
    assert ("select", 1001) not in dll.calls


def test_select_failed_is_no_card():
    dll = FakeSdtApi(base_message())
    dll.select_result = 0x81
    with pytest.raises(NoCard, match="未能选中"):
        SdtApiCardReader(dll, 1001).read(timeout=1)
    assert dll.calls[-1] == ("close", 1001)


def test_a_failed_read_is_a_card_removed_and_the_photo_buffer_still_wiped():
    dll = FakeSdtApi(base_message())
    dll.read_result = 0x41
    with pytest.raises(CardRemoved):
        SdtApiCardReader(dll, 1001).read(timeout=1)
    assert dll.photo_buffers[0].raw == bytes(1024)


def test_text_that_is_not_a_card_is_a_bad_frame():
    dll = FakeSdtApi(base_message(sex="7"))
    with pytest.raises(BadFrame):
        SdtApiCardReader(dll, 1001).read(timeout=1)


@pytest.mark.parametrize(
    ("typed", "port"), [(None, None), ("auto", None), ("1001", 1001), ("usb3", 1003), ("16", 16)]
)
def test_ports_as_typed(typed, port):
    assert parse_sdt_port(typed) == port


@pytest.mark.parametrize("typed", ["0", "17", "1017", "COM3"])
def test_ports_that_do_not_exist_are_refused(typed):
    with pytest.raises(NoReader, match="1001–1016"):
        parse_sdt_port(typed)


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows only")
def test_off_windows_the_dll_is_no_reader_with_the_reason():
    with pytest.raises(NoReader, match="只能在 Windows 上使用"):
        load_sdtapi()
