"""A plain list of matters (CSV or Excel with names, codes and departments only): what many halls have
first, before the full implementation list arrives.

Each row becomes a matter without materials, named in ``ImportedCatalogue.incomplete``: search marks it and
intake refuses it until an administrator completes its guide. The columns are found by their header like
an implementation list's (实施编码 / 事项编码, 事项名称, 实施主体 / 实施部门 …); any further known column
(事项类型, 承诺办结时限, 咨询电话 …) is read too. A CSV may be UTF-8 (with or without the BOM Excel writes)
or GB18030 (what Excel on a Chinese Windows PC saves as "CSV").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from hallapp.domain.catalogue import Department, LicenceType
from hallapp.services.catalogue_import.mapping import CodeMapping
from hallapp.services.catalogue_import.model import ImportedCatalogue
from hallapp.services.catalogue_import.xlsx import classify_sheet, make_context, read_sheets, read_workbook
from hallapp.services.catalogue_import.xlsx_reader import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, RowCell

__all__ = ["MAX_CSV_BYTES", "parse_plain_list"]

MAX_CSV_BYTES = 64 * 2**20  # 100,000 matters of name, code and department are some 15 MB
_DELIMITERS = ",\t;"


def _decode(raw: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding it was in: UTF-8 (BOM or not) first, then GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return raw.decode("gb18030"), "GB18030"


def _csv_rows(text: str) -> Iterator[tuple[int, list[RowCell]]]:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    for values in reader:
        number = reader.line_num
        if number > MAX_ROWS:
            return
        cells = [RowCell(v[: MAX_CELL_CHARS + 1]) for v in values[:MAX_COLUMNS]]
        if any(v.strip() for v in values):
            yield number, cells


def parse_plain_list(
    path: str | Path,
    *,
    mapping: CodeMapping | None = None,
    name: str = "",
    departments: Sequence[Department] = (),
    licence_types: Sequence[LicenceType] | None = None,
) -> ImportedCatalogue:
    """Read a plain list (.csv or .xlsx) into matters without materials, all named in ``incomplete``.

    Only what the list holds is checked (a code and a name on every row, codes unique, known codes);
    the guide's full rules apply when the matter is completed. A file that cannot be read gives no
    matters and one problem saying why.
    """
    path = Path(path)
    name = name or path.name
    context = make_context(name, mapping, departments, licence_types, "list")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_workbook(path, context, plain=True)
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            limit = MAX_CSV_BYTES // 2**20
            context.problem("", None, f"文件超过 {limit} MB，不像事项清单（是否选错了文件？）")
            return context.result
        text, _encoding = _decode(path.read_bytes())
    except OSError as error:
        context.problem("", None, f"无法读取文件（{error.strerror or error}）")
        return context.result
    except UnicodeDecodeError:
        context.problem(
            "", None, "文件既不是 UTF-8 也不是 GB18030 编码的文本，请在 Excel 中另存为“CSV UTF-8”"
        )
        return context.result
    if "\0" in text[:8192]:
        context.problem("", None, "文件不是文本（CSV），请选择 .csv 或 .xlsx 文件")
        return context.result
    sheet = classify_sheet("", _csv_rows(text), context, quiet=True)
    if sheet is not None and sheet.kind == "materials":
        context.problem("", None, "这是材料清单，不是事项清单；请按 Excel 实施清单导入")
        sheet = None
    if sheet is None and not context.result.problems:
        context.problem("", None, "没有找到表头（需要 实施编码、事项名称、实施主体 等列）")
    return read_sheets(context, [sheet] if sheet is not None else [], plain=True)
