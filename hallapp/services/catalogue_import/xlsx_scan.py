"""The rows of a sheet as Excel, WPS and openpyxl write them, read straight from the XML bytes.

ElementTree makes an object of every ``<row>``, ``<c>`` and ``<v>`` and hands each back to Python:
about 2 µs a cell, most of the time of reading a list of 640,000 materials. The rows such programs write
are as plain as XML gets (``<c r="B7" s="3" t="s"><v>12</v></c>``), so a regular expression reads them
in a fraction of that. Only rows made of such cells are read here: the first row with anything else (a
formula, rich text, an entity, an attribute in another order, a comment) hands the whole sheet back to
the XML reader, which carries on from the start and skips the rows already given. The XML reader is
then the one that reports a damaged sheet, with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO

__all__ = ["NotPlain", "plain_rows"]

_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.DOTALL)
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_CELL_TEXT = (
    rb'<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(s|n|b|str|e|inlineStr)")?'
    rb'(?:/>|>(?:<v>([^<&]*)</v>|<is><t(?: xml:space="preserve")?>([^<&]*)</t></is>)?</c>)'
)
_CELL = re.compile(_CELL_TEXT)
_ONLY_CELLS = re.compile(b"(?:" + _CELL_TEXT.replace(b"(", b"(?:").replace(b"(?:?:", b"(?:") + b")*")
_CHUNK = 2**20

Cells = dict[int, tuple[object, str | None]]


class NotPlain(Exception):
    """Something in the sheet this reader leaves to the XML reader; ``after`` is the last row given."""

    def __init__(self, after: int) -> None:
        super().__init__(after)
        self.after = after


def _start(handle: IO[bytes]) -> tuple[bytes, int]:
    """The text up to the first row, checked to be plain; (buffer, where the rows start)."""
    buffer = b""
    while b"<sheetData" not in buffer:
        chunk = handle.read(_CHUNK)
        if not chunk or len(buffer) > 8 * _CHUNK:
            raise NotPlain(0)
        buffer += chunk
    head = buffer[: buffer.index(b"<sheetData")]
    declaration = head[: head.find(b"?>") + 2] if head.startswith(b"<?xml") else b""
    if b"encoding" in declaration and not re.search(rb'encoding=["\']utf-8["\']', declaration, re.IGNORECASE):
        raise NotPlain(0)
    if _MAIN not in head or b"<worksheet" not in head or b"<!--" in head or b"<![CDATA[" in head:
        raise NotPlain(0)
    start = buffer.index(b"<sheetData")
    end = buffer.index(b">", start) if b">" in buffer[start:] else -1
    if end < 0 or buffer[end - 1 : end] == b"/":  # <sheetData/>: no rows at all
        raise NotPlain(0)
    return buffer, end + 1


def plain_rows(
    handle: IO[bytes],
    max_columns: int,
    value: Callable[[str, str | None, int, str | None], object],
    strings: list[str],
) -> Iterator[tuple[int, Cells]]:
    """(row number, {0-based column: (value, None)}) for each row holding cells; ``NotPlain`` at the
    first thing that is not plain, once the rows before it are given."""
    columns: dict[bytes, int] = {}
    count = len(strings)
    number = 0
    buffer, pos = _start(handle)
    eof = False
    while True:
        found = _ROW.search(buffer, pos)
        if found is None or (not eof and found.end() == len(buffer)):
            if b"</sheetData>" in buffer[pos:]:
                tail = buffer[pos : buffer.index(b"</sheetData>", pos)]
                if tail.strip():
                    raise NotPlain(number)
                return
            if eof:
                raise NotPlain(number)  # cut off: the XML reader says where and how
            chunk = handle.read(_CHUNK)
            eof = not chunk
            buffer = buffer[pos:] + chunk
            pos = 0
            continue
        if buffer[pos : found.start()].strip():  # a comment, text or another element between rows
            raise NotPlain(number)
        attributes, content = found.group(1), found.group(2) or b""
        given = _ROW_NUMBER.search(b" " + attributes)
        row_number = int(given.group(1)) if given else number + 1
        if b"&" in content or b"\r" in content or row_number <= number:
            raise NotPlain(number)
        try:
            cells = _cells(content, columns, max_columns, value, strings, count)
        except (NotPlain, UnicodeDecodeError):
            raise NotPlain(number) from None
        number = row_number
        pos = found.end()
        if cells:
            yield number, cells


def _cells(
    content: bytes,
    columns: dict[bytes, int],
    max_columns: int,
    value: Callable[[str, str | None, int, str | None], object],
    strings: list[str],
    count: int,
) -> Cells:
    if _ONLY_CELLS.fullmatch(content) is None:  # something between the cells that is not a plain cell
        raise NotPlain(0)
    cells: Cells = {}
    for letters, style, kind, text, inline in _CELL.findall(content):
        column = columns.get(letters)
        if column is None:
            column = 0
            for letter in letters:
                column = column * 26 + letter - 64
            column = columns[letters] = column - 1
        if column >= max_columns:
            continue
        if kind == b"s" and text and text.isdigit() and int(text) < count:
            cells[column] = (strings[int(text)], None)
            continue
        raw = text.decode() if text else None  # <v></v> is no value, as in the XML reader
        try:
            found_value = value(
                kind.decode() if kind else "n",
                raw,
                int(style or 0),
                (inline or b"").decode() if kind == b"inlineStr" else None,
            )
        except (ValueError, OverflowError):
            found_value = raw
        if found_value is not None:
            cells[column] = (found_value, None)
    return cells
