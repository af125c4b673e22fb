"""Excel implementation lists (实施清单 .xlsx) read into the app's catalogue model.

A workbook holds a sheet of matters (事项名称, 实施编码, 实施主体 …) and a sheet of materials keyed by the
matter's code (实施编码, 材料名称, 原件份数 …). The sheets are found by their header row, whatever their
name or place; the columns by their header, whatever their order. Every wrong value is a problem with its
file, sheet, row, column and value; a broken row is left out and the rest is still read. Nothing here
touches the database: the later preview and apply use what ``parse_xlsx`` returns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hallapp.domain.catalogue import Department, Guide, LicenceType, guide_problems
from hallapp.services.catalogue_files import CatalogueSource
from hallapp.services.catalogue_import.headers import (
    IGNORED_MATTER_HEADERS,
    MATERIAL_COLUMNS,
    MATTER_COLUMNS,
    HeaderMatch,
    match_headers,
)
from hallapp.services.catalogue_import.mapping import CodeMapping, load_mapping
from hallapp.services.catalogue_import.model import ImportedCatalogue
from hallapp.services.catalogue_import.parallel import gc_paused
from hallapp.services.catalogue_import.xlsx_reader import (
    RowCell,
    WorkbookError,
    column_letter,
    open_workbook,
)
from hallapp.services.catalogue_import.xlsx_rows import (
    Context,
    RowMaterial,
    material_from_row,
    matter_from_row,
)

__all__ = [
    "EXTRAS_KEY",
    "HEADER_SEARCH_ROWS",
    "NOTES_SHEET",
    "Sheet",
    "classify_sheet",
    "make_context",
    "parse_xlsx",
    "read_sheets",
    "read_workbook",
]

NOTES_SHEET = "填写说明"  # the notes sheet of the app's own template (xlsx_export)
HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the header row
EXTRAS_KEY = (
    "xlsx"  # extras[code]["xlsx"] = {"matter": {header: value}, "materials": {name: {header: value}}}
)


@dataclass
class Sheet:
    """A sheet whose header row was found: its kind, its columns, and its rows after the header."""

    title: str
    kind: str  # "matters" or "materials"
    match: HeaderMatch
    rows: Iterator[tuple[int, list[RowCell]]]


def classify_sheet(
    title: str, rows: Iterator[tuple[int, list[RowCell]]], context: Context, *, quiet: bool = False
) -> Sheet | None:
    """Which kind of sheet this is, by its header row among its first rows; None for neither."""
    for searched, (number, cells) in enumerate(rows, start=1):
        values = [c.value for c in cells]
        materials = match_headers(values, MATERIAL_COLUMNS)
        matters = match_headers(values, MATTER_COLUMNS, ignored=IGNORED_MATTER_HEADERS)
        if "name" in materials.columns and len(materials.columns) >= 2:
            return _announce(Sheet(title, "materials", materials, rows), number, context)
        if "name" in matters.columns and len(matters.columns) >= 2:
            return _announce(Sheet(title, "matters", matters, rows), number, context)
        if searched >= HEADER_SEARCH_ROWS:
            break
    if not quiet:
        context.problem(
            title, None, "没有找到事项表或材料表的表头（如 事项名称、实施编码 或 材料名称），已跳过此工作表"
        )
    return None


def _announce(sheet: Sheet, header_row: int, context: Context) -> Sheet | None:
    match, title = sheet.match, sheet.title
    what = "事项表" if sheet.kind == "matters" else "材料表"
    for written, index in match.duplicates:
        context.problem(
            title, header_row, "与前面的同义列重复，已忽略此列", f"{column_letter(index)} 列", written
        )
    if match.extras:
        names = "、".join(f"{column_letter(i)} 列「{h}」" for i, h in match.extras.items())
        context.problem(
            title, header_row, f"{what}中有未识别的列：{names}；其内容已原样保留（导出时带回），未导入指南"
        )
    if match.missing:
        for column in match.missing:
            names = "、".join(column.names)
            context.problem(
                title, header_row, f"{what}缺少必需的列「{column.label}」（可写作：{names}），此工作表未导入"
            )
        return None
    return sheet


def _extras(sheet: Sheet, cells: list[RowCell]) -> dict[str, str]:
    kept: dict[str, str] = {}
    for index, header in sheet.match.extras.items():
        if index < len(cells) and cells[index].value not in (None, ""):
            value = cells[index].value
            kept[header] = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return kept


def _keep(kept: dict[str, dict[str, Any]], code: str, part: str, values: dict[str, Any]) -> None:
    if values:
        kept.setdefault(code, {}).setdefault(EXTRAS_KEY, {}).setdefault(part, {}).update(values)


def make_context(
    name: str,
    mapping: CodeMapping | None,
    departments: Sequence[Department],
    licence_types: Sequence[LicenceType] | None,
    format: str,
) -> Context:
    listed = None if licence_types is None else list(licence_types)
    return Context(
        name, mapping or load_mapping(), list(departments), listed, ImportedCatalogue(format=format)
    )


def read_sheets(context: Context, sheets: list[Sheet], *, plain: bool = False) -> ImportedCatalogue:
    """Build the guides of the matters sheets with the materials of the materials sheets.

    A plain list (``plain``) has no materials: its matters are named in ``incomplete`` and only what the
    list holds is checked (the guide's rules apply when they are completed).
    """
    result = context.result
    kept: dict[str, dict[str, Any]] = {}  # extras gathered row by row, kept as text at the end
    materials: dict[str, list[RowMaterial]] = {}
    position = 0
    for sheet in (s for s in sheets if s.kind == "materials"):
        for number, cells in sheet.rows:
            position += 1
            found = material_from_row(context.row(sheet.title, sheet.match, number, cells), context, position)
            if found is not None:
                code, material = found
                materials.setdefault(code, []).append(material)
                if extras := _extras(sheet, cells) | material.extras:
                    _keep(kept, code, "materials", {material.requirement.name: extras})
    seen: dict[str, Department] = {}
    guides: dict[str, Guide] = {}
    for sheet in (s for s in sheets if s.kind == "matters"):
        for number, cells in sheet.rows:
            row = context.row(sheet.title, sheet.match, number, cells)
            guide = matter_from_row(row, context, seen)
            if guide is None:
                continue
            if guide.code in guides:
                row.problem("code", guide.code, "实施编码与前面的事项重复，此行未导入")
                continue
            own = sorted(materials.pop(guide.code, []), key=lambda m: m.order)
            guide = replace(guide, materials=tuple(m.requirement for m in own))
            guides[guide.code] = guide
            _keep(kept, guide.code, "matter", _extras(sheet, cells))
            if plain:
                result.incomplete.add(guide.code)
                continue
            for message in guide_problems(guide):
                context.problem(sheet.title, number, message)
    for code, orphans in materials.items():
        for material in orphans:
            message = "材料表中的实施编码在事项表中没有，此材料未导入"
            context.problem(material.sheet, material.row, message, "实施编码", code)
    result.extras.update(kept)
    result.source = CatalogueSource(
        departments=list(seen.values()),
        licence_types=list(context.licence_types or []),
        guides=list(guides.values()),
    )
    return result


def parse_xlsx(
    path_or_bytes: str | Path | bytes,
    *,
    mapping: CodeMapping | None = None,
    name: str = "",
    departments: Sequence[Department] = (),
    licence_types: Sequence[LicenceType] | None = None,
) -> ImportedCatalogue:
    """Read an Excel implementation list into guides, with every problem in plain words.

    ``departments`` (the hall's own) let a row's 实施主体 or its credit code find the department already
    known; ``licence_types`` let a material's 电子证照类型 (name or code) find its licence type, and an
    unknown one is reported. Without them, departments are made from the rows and licence codes kept as
    written. A file that cannot be read at all gives no guides and one problem saying why.
    """
    if not name:
        name = "工作簿.xlsx" if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).name
    context = make_context(name, mapping, departments, licence_types, "xlsx")
    return read_workbook(path_or_bytes, context)


def read_workbook(
    path_or_bytes: str | Path | bytes, context: Context, *, plain: bool = False
) -> ImportedCatalogue:
    """Open, read and close a workbook: its matters and materials sheets into ``context.result``.

    A plain list (``plain``) reads only matters sheets; an unreadable file is one problem saying why.
    """
    with gc_paused():  # the cells and guides of 100,000 matters hold no cycles to find
        return _read_workbook(path_or_bytes, context, plain=plain)


def _read_workbook(path_or_bytes: str | Path | bytes, context: Context, *, plain: bool) -> ImportedCatalogue:
    try:
        workbook = open_workbook(path_or_bytes, context.name)
    except WorkbookError as error:
        context.problem("", None, str(error).removeprefix(f"{context.name}："))
        return context.result
    except OSError as error:
        context.problem("", None, f"无法读取文件（{error.strerror or error}）")
        return context.result
    with workbook:
        sheets = []
        for reader in workbook.sheets:
            sheet = classify_sheet(reader.title, reader.rows(), context, quiet=reader.title == NOTES_SHEET)
            if sheet is not None:
                sheets.append(sheet)
        if plain and any(s.kind == "materials" for s in sheets):
            message = "工作簿中有材料表：简单清单只导入事项；要连同材料导入，请按 Excel 实施清单导入"
            context.problem("", None, message)
            sheets = [s for s in sheets if s.kind == "matters"]
        if not any(s.kind == "matters" for s in sheets):
            context.problem("", None, "工作簿中没有事项表（表头含 事项名称、实施编码、实施主体 的工作表）")
        result = read_sheets(context, sheets, plain=plain)
        for title, message in workbook.failures:
            context.problem(title, None, message)
        return result
