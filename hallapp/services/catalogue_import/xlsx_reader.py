"""Reading the rows of an .xlsx workbook safely: hostile files refused before opening, merged cells
filled down, formulas read as their cached result (and told apart from text that merely starts with =).

The workbook is streamed (openpyxl's read-only mode), so a sheet of 100,000 rows is never held whole.
An .xlsx is a zip archive: its declared sizes are checked before anything is unpacked, so a small file
that would unpack to gigabytes (a zip bomb) is refused in words instead of filling the memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any, NamedTuple, Self

from openpyxl.utils import get_column_letter, range_boundaries

from hallapp.domain.errors import UserError

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
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
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


def _scan(source: Source, part: str) -> tuple[list[tuple[int, int, int, int]], bool]:
    """The merged ranges of one sheet and whether it holds formulas, from its XML without parsing it."""
    merges: list[tuple[int, int, int, int]] = []
    formulas = False
    with zipfile.ZipFile(_archive_file(source)) as archive, archive.open(part.lstrip("/")) as stream:
        tail = b""
        while chunk := stream.read(2**20):
            block = tail + chunk
            formulas = formulas or _FORMULA.search(block) is not None
            cut = max(block.rfind(b"<"), len(block) - 200, 0)
            for found in _MERGE.finditer(block, 0, cut):
                min_col, min_row, max_col, max_row = range_boundaries(found.group(1).decode())
                merges.append((min_col or 1, min_row or 1, max_col or 1, max_row or 1))
            tail = block[cut:]
        for found in _MERGE.finditer(tail):
            min_col, min_row, max_col, max_row = range_boundaries(found.group(1).decode())
            merges.append((min_col or 1, min_row or 1, max_col or 1, max_row or 1))
        formulas = formulas or _FORMULA.search(tail) is not None
    return merges, formulas


def _plain(value: Any) -> object:
    if value is None or isinstance(value, str | int | float | bool | datetime | date | time):
        return value
    return str(getattr(value, "text", value))  # an array formula and the like: its text


_PLAIN = (type(None), str, int, float, bool, datetime, date, time)
_EMPTY = RowCell(None)


@dataclass
class SheetReader:
    """The rows of one sheet, streamed: ``rows()`` yields (row number, cells), blank rows left out."""

    workbook: Workbook
    title: str
    merges: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # top row -> (column, last row)
    formulas: bool = False

    def rows(self) -> Iterator[tuple[int, list[RowCell]]]:
        cached = self.workbook.book[self.title].iter_rows(values_only=True)
        written = None
        if self.formulas:
            written = self.workbook.formula_book()[self.title].iter_rows(values_only=True)
        fill: dict[int, dict[int, RowCell]] = {}  # row -> {column (1-based): the merged range's value}
        for number, values in enumerate(cached, start=1):
            if number > MAX_ROWS:
                break
            texts = next(written, ()) if written is not None else ()
            cells = [RowCell(v if type(v) in _PLAIN else _plain(v)) for v in values[:MAX_COLUMNS]]
            for index, text in enumerate(texts[:MAX_COLUMNS]):
                if (
                    isinstance(text, str)
                    and text.startswith("=")
                    and index < len(cells)
                    and text != cells[index].value
                ):
                    cells[index] = RowCell(cells[index].value, text)
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


class Workbook:
    """A checked workbook open for reading; its sheets each readable as a stream of rows. Close it."""

    def __init__(self, source: Source, name: str) -> None:
        from openpyxl import load_workbook  # only when reading a workbook

        self.source, self.name = source, name
        self.book: Any = load_workbook(_archive_file(source), read_only=True, data_only=True)
        self._formula_book: Any = None
        self.sheets: list[SheetReader] = []

    def formula_book(self) -> Any:
        """The same workbook with its formulas' texts (read only when a sheet holds formulas)."""
        from openpyxl import load_workbook

        if self._formula_book is None:
            self._formula_book = load_workbook(_archive_file(self.source), read_only=True, data_only=False)
        return self._formula_book

    def close(self) -> None:
        self.book.close()
        if self._formula_book is not None:
            self._formula_book.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_workbook(source: Source, name: str) -> Workbook:
    """Check the archive, then open it and list its worksheets (chart sheets have no rows to give)."""
    check_archive(source, name)
    try:
        workbook = Workbook(source, name)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise WorkbookError(
            f"{name}：工作簿已损坏或格式不受支持，无法读取（{type(error).__name__}）"
        ) from None
    try:
        for sheet in workbook.book.worksheets:
            part = getattr(sheet, "_worksheet_path", "")
            if not part:
                continue
            merges, formulas = _scan(source, part)
            by_top: dict[int, list[tuple[int, int]]] = {}
            for min_col, min_row, _max_col, max_row in merges:
                if max_row > min_row:
                    by_top.setdefault(min_row, []).append((min_col, max_row))
            workbook.sheets.append(SheetReader(workbook, sheet.title, by_top, formulas))
    except BaseException:
        workbook.close()
        raise
    return workbook


def column_letter(index: int) -> str:
    """The letter of a 0-based column index: 0 → A."""
    return get_column_letter(index + 1)
