"""Reading the rows of an .xlsx workbook safely: hostile files refused before opening, merged cells
filled down, formulas read as their cached result (and told apart from text that merely starts with =).

The workbook is streamed row by row (``xlsx_stream``), so a sheet of 100,000 rows is never held whole.
An .xlsx is a zip archive: its declared sizes are checked before anything is unpacked, so a small file
that would unpack to gigabytes (a zip bomb) is refused in words instead of filling the memory.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple, Self
from xml.etree.ElementTree import ParseError

from openpyxl.utils import get_column_letter, range_boundaries

from hallapp.domain.errors import UserError
from hallapp.services.catalogue_import.xlsx_stream import StreamBook

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "RowCell",
    "SheetReader",
    "WorkbookError",
    "open_workbook",
]

MAX_FILE_BYTES = 200 * 2**20  # 100,000 matters with their materials are some 40 MB packed
MAX_UNPACKED_BYTES = 2 * 2**30  # what all its parts may unpack to
MAX_RATIO = 150  # packed XML shrinks 5–30 times; a part shrunk more than this is a bomb, not a sheet
RATIO_FROM_BYTES = 8 * 2**20  # ... once the part is big enough to matter
MAX_MEMBERS = 10_000
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLUMNS = 256
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell
ERROR_VALUES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")
_HYPERLINK = re.compile(
    r'^=\s*HYPERLINK\(\s*"((?:[^"]|"")*)"\s*(?:[,;]\s*"((?:[^"]|"")*)"\s*)?\)\s*$', re.IGNORECASE
)


class WorkbookError(UserError):
    """The file is not an Excel workbook that can be read safely; nothing of it was imported."""


class RowCell(NamedTuple):
    """One cell as read: its value (str, int, float, datetime, bool or None) and, if it was a formula,
    the formula's text (``value`` is then its cached result, None when Excel never computed it)."""

    value: object
    formula: str | None = None

    @property
    def hyperlink(self) -> str | None:
        """The address of a ``=HYPERLINK("address", "text")`` formula (or such a text), else None."""
        for text in (self.formula, self.value):
            if isinstance(text, str):
                found = _HYPERLINK.match(text)
                if found:
                    return found.group(1).replace('""', '"')
        return None


Source = str | Path | bytes


def _archive_file(source: Source) -> IO[bytes] | Path:
    return io.BytesIO(source) if isinstance(source, bytes) else Path(source)


def check_archive(source: Source, name: str) -> None:
    """Refuse, in words, what is no .xlsx or would unpack to more than the memory can take."""
    size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    if size > MAX_FILE_BYTES:
        raise WorkbookError(
            f"{name}：文件超过 {MAX_FILE_BYTES // 2**20} MB，不像事项清单（是否选错了文件？）"
        )
    try:
        with zipfile.ZipFile(_archive_file(source)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, EOFError):
        raise WorkbookError(
            f"{name}：不是 Excel 工作簿（.xlsx）。旧版 .xls 请先在 Excel 中另存为 .xlsx 再导入。"
        ) from None
    if len(members) > MAX_MEMBERS:
        raise WorkbookError(f"{name}：工作簿内部文件过多（{len(members)} 个），不像事项清单")
    total = 0
    for member in members:
        total += member.file_size
        packed = max(member.compress_size, 1)
        if member.file_size > RATIO_FROM_BYTES and member.file_size / packed > MAX_RATIO:
            raise WorkbookError(f"{name}：文件解压后异常巨大（疑似压缩炸弹），已拒绝读取")
    if total > MAX_UNPACKED_BYTES:
        raise WorkbookError(
            f"{name}：文件解压后超过 {MAX_UNPACKED_BYTES // 2**30} GB（疑似压缩炸弹或过大的清单），已拒绝读取"
        )
    if not any(m.filename == "xl/workbook.xml" for m in members):
        raise WorkbookError(f"{name}：不是 Excel 工作簿（缺少 xl/workbook.xml）")


def _merges(archive: zipfile.ZipFile, part: str) -> dict[int, list[tuple[int, int]]]:
    """The merged ranges of one sheet spanning rows, by their top row: [(first column, last row)].

    They are written after the rows, so they are found by a quick pass over the bytes before the rows
    are read (a sheet of 100,000 rows is some 50 MB of XML: well under a second).
    """
    found: list[tuple[int, int, int, int]] = []
    with archive.open(part) as stream:
        tail = b""
        while chunk := stream.read(2**20):
            block = tail + chunk
            cut = max(block.rfind(b"<"), len(block) - 200, 0)
            found.extend(range_boundaries(m.group(1).decode()) for m in _MERGE.finditer(block, 0, cut))  # type: ignore[misc]
            tail = block[cut:]
        found.extend(range_boundaries(m.group(1).decode()) for m in _MERGE.finditer(tail))  # type: ignore[misc]
    by_top: dict[int, list[tuple[int, int]]] = {}
    for min_col, min_row, _max_col, max_row in found:
        if max_row > min_row:
            by_top.setdefault(min_row, []).append((min_col, max_row))
    return by_top


_EMPTY = RowCell(None)


@dataclass
class SheetReader:
    """The rows of one sheet, streamed: ``rows()`` yields (row number, cells), blank rows left out."""

    workbook: Workbook
    title: str
    part: str
    merges: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # top row -> (column, last row)

    def rows(self) -> Iterator[tuple[int, list[RowCell]]]:
        """The rows; a sheet damaged part-way ends there, its failure in ``workbook.failures``."""
        number = 0
        try:
            for number, cells in self._rows():
                yield number, cells
        except (ParseError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
            reason = type(error).__name__
            self.workbook.failures.append(
                (self.title, f"工作表已损坏，第 {number} 行之后的内容无法读取（{reason}）")
            )

    def _rows(self) -> Iterator[tuple[int, list[RowCell]]]:
        fill: dict[int, dict[int, RowCell]] = {}  # row -> {column (1-based): the merged range's value}
        for number, found in self.workbook.book.rows(self.part, MAX_COLUMNS):
            if number > MAX_ROWS:
                break
            width = max(found) + 1
            cells = [_EMPTY] * width
            for index, (value, formula) in found.items():
                cells[index] = RowCell(value, formula)
            for column, cell in fill.pop(number, {}).items():
                while len(cells) < column:
                    cells.append(_EMPTY)
                if cells[column - 1] == _EMPTY:
                    cells[column - 1] = cell
            for column, last in self.merges.get(number, ()):
                if column <= len(cells):  # the top-left value goes down the range's first column
                    for row in range(number + 1, min(last, MAX_ROWS) + 1):
                        fill.setdefault(row, {})[column] = cells[column - 1]
            if any(c.value not in (None, "") or c.formula for c in cells):
                yield number, cells
        # merged ranges reaching below the last written row hold no further values: nothing to give


class Workbook:
    """A checked workbook open for reading; its sheets each readable as a stream of rows. Close it."""

    def __init__(self, source: Source, name: str) -> None:
        self.name = name
        self.book = StreamBook(_archive_file(source))
        self.sheets: list[SheetReader] = []
        self.failures: list[tuple[str, str]] = []  # (sheet, what went wrong) while reading rows

    def close(self) -> None:
        self.book.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_workbook(source: Source, name: str) -> Workbook:
    """Check the archive, then open it and list its worksheets (chart sheets have no rows to give)."""
    check_archive(source, name)
    try:
        workbook = Workbook(source, name)
    except OSError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged file fails in many ways
        raise WorkbookError(
            f"{name}：工作簿已损坏或格式不受支持，无法读取（{type(error).__name__}）"
        ) from None
    try:
        for title, part in workbook.book.sheets:
            workbook.sheets.append(SheetReader(workbook, title, part, _merges(workbook.book.archive, part)))
    except BaseException:
        workbook.close()
        raise
    return workbook


def column_letter(index: int) -> str:
    """The letter of a 0-based column index: 0 → A."""
    return get_column_letter(index + 1)
