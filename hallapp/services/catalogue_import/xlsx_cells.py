"""The cells of one spreadsheet row read as a guide's fields, every wrong value a problem in words.

A ``RowValues`` knows its file, sheet and row, and which column holds which field; each accessor returns
the field's value (or its default) and records what was wrong with the cell: a number where words were
expected is fine (codes typed as numbers), a formula Excel never computed, an error value (#REF!), a date
in a count, a text longer than a cell may hold.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from hallapp.services.catalogue_import.mapping import CodeMapping
from hallapp.services.catalogue_import.model import ImportProblem
from hallapp.services.catalogue_import.xlsx_reader import ERROR_VALUES, MAX_CELL_CHARS, RowCell, column_letter

__all__ = ["CachedMapping", "RowValues", "split_list"]

_LIST = re.compile(r"[、,，;；|/\n]+")
_COUNT = re.compile(r"^\s*(\d+)(?:\.0+)?\s*(?:份|个|项|次|天|日|个工作日|工作日|个自然日|自然日)?\s*$")


def split_list(text: str) -> list[str]:
    """The items of a cell that lists several (0755-1234、12345 / 自然人,法人), empty ones left out."""
    return [part.strip() for part in _LIST.split(text) if part.strip()]


class CachedMapping:
    """A code mapping that looks each (table, code) up once per file: a list repeats the same few codes
    (必要, 纸质, 承诺件 …) in every row."""

    def __init__(self, mapping: CodeMapping) -> None:
        self.mapping = mapping
        self.name = mapping.name
        self._found: dict[tuple[str, type, object], str | None] = {}

    def lookup(self, table: str, raw: object) -> str | None:
        if not isinstance(raw, str | int | float):  # bool is an int: its type is part of the key below
            return self.mapping.lookup(table, raw)
        key = (table, type(raw), raw)
        try:
            return self._found[key]
        except KeyError:
            found = self._found[key] = self.mapping.lookup(table, raw)
            if len(self._found) > 100_000:  # a column of free text mistaken for codes
                self._found.clear()
            return found

    def label(self, table: str) -> str:
        return self.mapping.label(table)


@dataclass
class RowValues:
    """One row of a sheet, read field by field."""

    file: str
    sheet: str
    row: int
    cells: list[RowCell]
    columns: dict[str, int]  # field key -> 0-based column index
    labels: dict[str, str]  # field key -> header as written
    mapping: CodeMapping | CachedMapping
    problems: list[ImportProblem]
    unknown_codes: list[ImportProblem]

    def has(self, key: str) -> bool:
        return key in self.columns

    def filled(self, key: str) -> bool:
        """Whether the cell of ``key`` holds anything (0 counts, a blank does not)."""
        cell = self.cell(key)
        return cell is not None and (cell.formula is not None or cell.value not in (None, ""))

    def _where(self, key: str) -> str:
        index = self.columns[key]
        return f"{column_letter(index)} 列（{self.labels.get(key, key)}）"

    def problem(self, key: str, value: object, message: str, *, unknown: bool = False) -> None:
        """Record what is wrong with the cell of ``key`` (in the preview: file, sheet, row, column, value)."""
        column = self._where(key) if key in self.columns else key
        found = ImportProblem(self.file, self.sheet, self.row, column, _shown(value), message=message)
        (self.unknown_codes if unknown else self.problems).append(found)

    def cell(self, key: str) -> RowCell | None:
        index = self.columns.get(key)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def raw(self, key: str) -> object:
        """The cell's value, None for empty, for a formula without a result and for an error value."""
        index = self.columns.get(key)
        if index is None or index >= len(self.cells):
            return None
        value, formula = self.cells[index]
        if formula is not None and value is None:
            self.problem(key, formula, "公式没有已计算的结果；请在 Excel 中打开并保存后再导入，或改填数值")
            return None
        if type(value) is str and "#" in value and value.strip() in ERROR_VALUES:
            self.problem(key, value, "单元格是错误值（公式出错），按空白处理")
            return None
        return value

    def text(self, key: str, *, one_line: bool = False) -> str:
        """Words of a cell: numbers written plainly (1, not 1.0), dates as 2026-09-20, spaces trimmed."""
        value = self.raw(key)
        if value is None:
            return ""
        if type(value) is str:  # the usual cell: only as much tidying as it needs
            text = value
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            if "\u00a0" in text:
                text = text.replace("\u00a0", " ")
            text = text.strip()
            if one_line and not (text.isprintable() and "  " not in text):
                text = " ".join(text.split())
            if len(text) > MAX_CELL_CHARS:
                self.problem(key, text, f"文字超过 {MAX_CELL_CHARS} 个字符，已截断")
                text = text[:MAX_CELL_CHARS]
            return text
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, float):
            text = str(int(value)) if value.is_integer() else repr(value)
        elif isinstance(value, datetime):
            text = value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
        elif isinstance(value, date | time):
            text = value.isoformat()
        else:
            text = str(value)
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").strip()
        if one_line:
            text = " ".join(text.split())
        if len(text) > MAX_CELL_CHARS:
            self.problem(key, text, f"文字超过 {MAX_CELL_CHARS} 个字符，已截断")
            text = text[:MAX_CELL_CHARS]
        return text

    def code(self, key: str) -> str:
        """A code kept as an opaque string: full-width forms folded, no spaces inside."""
        value = self.raw(key)
        if isinstance(value, float) and value.is_integer() and abs(value) >= 1e15:
            self.problem(
                key, value, "编码被 Excel 当作数字保存，超过 15 位的部分可能已丢失；请把该列设为文本后重填"
            )
        text = self.text(key)
        return "".join(unicodedata.normalize("NFKC", text).split())

    def url(self, key: str) -> str:
        """An address: of a HYPERLINK formula the address itself, never its display words."""
        cell = self.cell(key)
        if cell is not None and cell.hyperlink is not None:
            return cell.hyperlink.strip()
        return self.text(key, one_line=True)

    def count(self, key: str, default: int) -> int:
        """A whole number: 5, "5", "5.0", "5份", "20个工作日"; the default when the cell is empty."""
        value = self.raw(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        if isinstance(value, bool | date | time):
            self.problem(key, value, "应为整数")
            return default
        if isinstance(value, int):
            number = value
        elif isinstance(value, float):
            if not value.is_integer():
                self.problem(key, value, "应为整数")
                return default
            number = int(value)
        else:
            found = _COUNT.match(unicodedata.normalize("NFKC", str(value)))
            if found is None:
                self.problem(key, value, "应为整数")
                return default
            number = int(found.group(1))
        if number < 0:
            self.problem(key, value, "不能为负数")
            return default
        return number

    def natural_days(self, key: str) -> bool:
        """Whether a limit is written in natural days (20个自然日) rather than working days."""
        value = self.raw(key)
        return isinstance(value, str) and "自然日" in value

    def code_value(self, key: str, table: str) -> str | None:
        """What the cell's code stands for in ``table`` of the mapping; an unknown one is reported."""
        value = self.raw(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        found = self.mapping.lookup(table, value)
        if found is None:
            label = self.mapping.label(table)
            self.problem(key, value, f"代码对照表「{self.mapping.name}」中没有这个{label}", unknown=True)
        return found

    def yes_no(self, key: str, default: bool = False) -> bool:
        """是/否 (or 1/0, Y/N, TRUE/FALSE) as a bool; the default when empty or unknown."""
        value = self.raw(key)
        if isinstance(value, bool):
            return value
        found = self.code_value(key, "yes_no")
        return default if found is None else found == "yes"


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
