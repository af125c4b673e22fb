"""The card readers' common Windows SDK (``sdtapi.dll``) through ctypes.

Most vendors ship the same five functions (stdcall):

- ``int SDT_OpenPort(int port)`` — 1001–1016 a USB reader, 1–16 a serial one; 0x90 opened;
- ``int SDT_StartFindIDCard(int port, unsigned char *info, int open)`` — 0x9F a card is there;
- ``int SDT_SelectIDCard(int port, unsigned char *info, int open)`` — 0x90 selected;
- ``int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *text_len, unsigned char *photo,
  unsigned int *photo_len, int open)`` — 0x90 and 256 bytes of UCS-2LE text, 1024 bytes of photo;
- ``int SDT_ClosePort(int port)``.

The DLL is loaded only on Windows and only where it exists; elsewhere the reader is ``NoReader`` with
the reason. Tests inject a table of Python functions in its place. The photo buffer is zeroed as soon
as the call returns: it is never kept.
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
from pathlib import Path
from typing import Any

from hallapp.devices.card import (
    NO_CARD_MESSAGE,
    REMOVED_MESSAGE,
    CardData,
    CardRemoved,
    NoCard,
    NoReader,
)
from hallapp.devices.card_text import BASE_MESSAGE_SIZE, decode_base_message

SDT_SUCCESS = 0x90
SDT_FOUND = 0x9F
USB_PORTS = tuple(range(1001, 1017))
SERIAL_PORTS = tuple(range(1, 17))
PHOTO_SIZE = 1024
POLL_INTERVAL = 0.1

_SIGNATURES: dict[str, list[Any]] = {
    "SDT_OpenPort": [ctypes.c_int],
    "SDT_ClosePort": [ctypes.c_int],
    "SDT_StartFindIDCard": [ctypes.c_int, ctypes.c_char_p, ctypes.c_int],
    "SDT_SelectIDCard": [ctypes.c_int, ctypes.c_char_p, ctypes.c_int],
    "SDT_ReadBaseMsg": [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_uint),
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_uint),
        ctypes.c_int,
    ],
}


def load_sdtapi(path: str | os.PathLike[str] | None = None) -> Any:
    """The loaded ``sdtapi.dll`` (from ``path``, else beside HallApp, else Windows' search path).

    Raises ``NoReader`` with the reason on another system or when the DLL is not installed.
    """
    if sys.platform != "win32":
        raise NoReader("读卡器厂商的驱动（sdtapi.dll）只能在 Windows 上使用：本机请选择串口读卡器。")
    if path:
        if not Path(path).is_file():
            raise NoReader(f"找不到读卡器驱动 {path}：请安装读卡器厂商的驱动程序。")
        target = str(path)
    else:
        beside = Path(sys.argv[0]).resolve().parent / "sdtapi.dll"
        target = str(beside) if beside.is_file() else "sdtapi.dll"  # else Windows' search path
    try:
        library = ctypes.WinDLL(target)  # type: ignore[attr-defined,unused-ignore]
    except OSError as error:
        raise NoReader("找不到读卡器驱动 sdtapi.dll：请安装读卡器厂商的驱动程序。") from error
    for name, argtypes in _SIGNATURES.items():
        function = getattr(library, name, None)
        if function is None:
            raise NoReader(f"读卡器驱动 sdtapi.dll 缺少 {name}：请安装读卡器厂商的最新驱动。")
        function.argtypes = argtypes
        function.restype = ctypes.c_int
    return library


def parse_sdt_port(text: str | None) -> int | None:
    """A port as typed (``"1001"``, ``"usb1"``, ``"3"``) as the SDK's number; None or ``auto``: try all."""
    if text is None or text.strip().lower() in ("", "auto"):
        return None
    value = text.strip().lower()
    if value.startswith("usb") and value[3:].isdigit():
        value = str(1000 + int(value[3:]))
    if value.isdigit() and int(value) in USB_PORTS + SERIAL_PORTS:
        return int(value)
    raise NoReader(f"读卡器端口“{text}”无效：USB 读卡器为 1001–1016，串口读卡器为 1–16。")


class SdtApiCardReader:
    """``CardReader`` over ``sdtapi.dll`` (or a table of functions with the same names and arguments)."""

    def __init__(self, library: Any, port: int | None = None) -> None:
        self._library = library
        self._port = port

    def _open(self) -> int:
        ports = (self._port,) if self._port is not None else USB_PORTS + SERIAL_PORTS
        for port in ports:
            if self._library.SDT_OpenPort(port) == SDT_SUCCESS:
                return port
        if self._port is not None:
            raise NoReader(f"无法打开读卡器端口 {self._port}：请检查读卡器是否接好、端口是否正确。")
        raise NoReader("没有找到读卡器（USB 1001–1016、串口 1–16 均无应答）：请检查读卡器是否接好。")

    def read(self, timeout: float) -> CardData:
        """Open the port, wait up to ``timeout`` seconds for a card, read its text, close the port."""
        port = self._open()
        try:
            return self._read_open(port, timeout)
        finally:
            self._library.SDT_ClosePort(port)

    def _read_open(self, port: int, timeout: float) -> CardData:
        lib = self._library
        info = ctypes.create_string_buffer(8)
        deadline = time.monotonic() + timeout
        while lib.SDT_StartFindIDCard(port, info, 0) != SDT_FOUND:
            if time.monotonic() + POLL_INTERVAL > deadline:
                raise NoCard(NO_CARD_MESSAGE)
            time.sleep(POLL_INTERVAL)
        if lib.SDT_SelectIDCard(port, info, 0) != SDT_SUCCESS:
            raise NoCard("读卡器未能选中证件：请把证件平放在读卡器上再读。")
        text = ctypes.create_string_buffer(BASE_MESSAGE_SIZE)
        photo = ctypes.create_string_buffer(PHOTO_SIZE)
        text_length, photo_length = ctypes.c_uint(0), ctypes.c_uint(0)
        try:
            status = lib.SDT_ReadBaseMsg(
                port, text, ctypes.pointer(text_length), photo, ctypes.pointer(photo_length), 0
            )
        finally:
            ctypes.memset(photo, 0, PHOTO_SIZE)  # the photo is never kept
        if status != SDT_SUCCESS:
            raise CardRemoved(REMOVED_MESSAGE)
        return decode_base_message(text.raw[: min(text_length.value, BASE_MESSAGE_SIZE)])
