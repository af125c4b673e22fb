"""Excel implementation lists (实施清单 .xlsx) read into the app's catalogue model.

A workbook holds a sheet of matters (事项名称, 实施编码, 实施主体 …) and a sheet of materials keyed by the
matter's code (实施编码, 材料名称, 原件份数 …). The sheets are found by their header row, whatever their
name or place; the columns by their header, whatever their order. Every wrong value is a problem with its
file, sheet, row, column and value; a broken row is left out and the rest is still read. Nothing here
touches the database: the later preview and apply use what ``parse_xlsx`` returns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hallapp.domain.catalogue import (
    OWNER_LABELS,
    ApplicantType,
    Department,
    Guide,
    LicenceType,
    MaterialOwner,
    MaterialRequirement,
    MatterType,
    OriginalHandling,
    Situation,
    guide_problems,
)
from hallapp.services.catalogue_files import CatalogueSource
from hallapp.services.catalogue_import.headers import (
    MATERIAL_COLUMNS,
    MATTER_COLUMNS,
    HeaderMatch,
    match_headers,
)
from hallapp.services.catalogue_import.mapping import CodeMapping, load_mapping
from hallapp.services.catalogue_import.model import ImportedCatalogue, ImportProblem
from hallapp.services.catalogue_import.xlsx_cells import RowValues, split_list
from hallapp.services.catalogue_import.xlsx_reader import (
    RowCell,
    SheetReader,
    WorkbookError,
    column_letter,
    open_workbook,
)

__all__ = ["EXTRAS_KEY", "HEADER_SEARCH_ROWS", "parse_xlsx"]

NOTES_SHEET = "填写说明"  # the notes sheet of the app's own template (xlsx_export)
HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the header row
EXTRAS_KEY = (
    "xlsx"  # extras[code]["xlsx"] = {"matter": {header: value}, "materials": {name: {header: value}}}
)
_OWNERS = {label: owner for owner, label in OWNER_LABELS.items()} | {o.value: o for o in MaterialOwner}
_OWNERS |= {
    "本人": MaterialOwner.APPLICANT,
    "申请人本人": MaterialOwner.APPLICANT,
    "委托代理人": MaterialOwner.AGENT,
}


@dataclass
class _Sheet:
    reader: SheetReader
    kind: str  # "matters" or "materials"
    match: HeaderMatch
    rows: Iterator[tuple[int, list[RowCell]]]


@dataclass
class _Material:
    order: tuple[int, int]
    requirement: MaterialRequirement
    sheet: str
    row: int
    extras: dict[str, str] = field(default_factory=dict)


@dataclass
class _Context:
    name: str
    mapping: CodeMapping
    departments: list[Department]
    licence_types: list[LicenceType] | None
    result: ImportedCatalogue

    def row(self, sheet: _Sheet, number: int, cells: list[RowCell]) -> RowValues:
        match = sheet.match
        return RowValues(
            self.name, sheet.reader.title, number, cells, match.columns, match.labels, self.mapping,
            self.result.problems, self.result.unknown_codes,
        )  # fmt: skip

    def problem(self, sheet: str, row: int | None, message: str, column: str = "", value: str = "") -> None:
        self.result.problems.append(ImportProblem(self.name, sheet, row, column, value, message=message))


def _classify(reader: SheetReader, context: _Context) -> _Sheet | None:
    """Which kind of sheet this is, by its header row among its first rows; None for neither."""
    rows = reader.rows()
    seen: list[tuple[int, list[RowCell]]] = []
    for number, cells in rows:
        seen.append((number, cells))
        values = [c.value for c in cells]
        materials = match_headers(values, MATERIAL_COLUMNS)
        matters = match_headers(values, MATTER_COLUMNS)
        if "name" in materials.columns and len(materials.columns) >= 2:
            return _announce(_Sheet(reader, "materials", materials, rows), number, context)
        if "name" in matters.columns and len(matters.columns) >= 2:
            return _announce(_Sheet(reader, "matters", matters, rows), number, context)
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if reader.title == NOTES_SHEET:
        return None  # the notes of the app's own template
    context.problem(
        reader.title,
        None,
        "没有找到事项表或材料表的表头（如 事项名称、实施编码 或 材料名称），已跳过此工作表",
    )
    return None


def _announce(sheet: _Sheet, header_row: int, context: _Context) -> _Sheet | None:
    match, title = sheet.match, sheet.reader.title
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


def _department(row: RowValues, context: _Context, seen: dict[str, Department]) -> Department | None:
    name = row.text("department", one_line=True)
    credit = row.code("department_code")
    for known in context.departments:
        if (credit and credit in (known.credit_code, known.code)) or (
            not credit and name in (known.name, known.short_name, known.code)
        ):
            department = known
            break
    else:
        if not name and not credit:
            row.problem("department", "", "实施主体为空，此行未导入")
            return None
        code = credit or name
        department = seen.get(code) or Department(code=code, name=name or credit, short_name=name or credit,
                                                  credit_code=credit)  # fmt: skip
    seen.setdefault(department.code, department)
    return department


def _limit(row: RowValues, key: str, code: str) -> int:
    days = row.count(key, 0)
    if days and row.natural_days(key):
        working = max(1, days * 5 // 7)
        row.problem(key, days, f"时限按自然日填写，已按 {working} 个工作日导入，请核对")
        return working
    return days


def _situations(row: RowValues) -> tuple[Situation, ...]:
    situations = []
    for line in row.text("situations").split("\n"):
        if not line.strip():
            continue
        code, colon, question = line.replace("：", ":").partition(":")
        if not colon or not code.strip() or not question.strip():
            row.problem("situations", line, "情形应写作 情形编码：问题（每行一个）")
            continue
        situations.append(Situation(code.strip(), question.strip()))
    return tuple(situations)


def _matter(row: RowValues, context: _Context, seen: dict[str, Department]) -> Guide | None:
    code, name = row.code("code"), row.text("name", one_line=True)
    if not code or not name:
        row.problem("code" if not code else "name", "", "实施编码和事项名称都不能为空，此行未导入")
        return None
    department = _department(row, context, seen)
    if department is None:
        return None
    matter_type = MatterType.PUBLIC_SERVICE
    mapped_type = row.code_value("matter_type", "matter_type")
    if mapped_type is not None:
        matter_type = MatterType(mapped_type)
    applicants: list[ApplicantType] = []
    for item in split_list(row.text("applicant_types")):
        found = context.mapping.lookup("applicant_type", item)
        if found is None:
            row.problem("applicant_types", item, "代码对照表中没有这个服务对象", unknown=True)
        elif ApplicantType(found) not in applicants:
            applicants.append(ApplicantType(found))
    statutory, promised = _limit(row, "statutory_limit", code), _limit(row, "promised_limit", code)
    kind = row.code_value("kind", "handle_type")
    fees = row.text("fees")
    if not fees and row.has("is_fee") and row.raw("is_fee") is not None and not row.yes_no("is_fee", True):
        fees = "不收费"
    phones = tuple(split_list(row.text("phone")) + split_list(row.text("complaint_phone")))
    return Guide(
        code=code,
        name=name,
        department=department,
        matter_type=matter_type,
        applicant_types=tuple(applicants),
        legal_basis=row.text("legal_basis"),
        conditions=row.text("conditions"),
        procedure=row.text("procedure"),
        statutory_limit_days=statutory,
        promised_limit_days=promised,
        on_the_spot=kind == "on_the_spot" if kind is not None else promised == 0,
        fees=fees,
        place=row.text("place"),
        windows=row.text("windows"),
        hours=row.text("hours"),
        phones=phones,
        visits=row.count("visits", 1),
        online_url=row.url("online_url"),
        deferrable=row.yes_no("deferrable"),
        max_deferred=row.count("max_deferred", 0),
        instant_approval=row.yes_no("instant_approval"),
        delegated=row.yes_no("delegated"),
        situations=_situations(row),
    )


def _licence(row: RowValues, context: _Context) -> tuple[str | None, str | None]:
    text = row.text("licence_type", one_line=True)
    if not text:
        return None, None
    if context.licence_types is None:
        return text, None
    for known in context.licence_types:
        if text in (known.code, known.name):
            return known.code, known.name
    row.problem("licence_type", text, "未知的电子证照类型，未关联电子证照")
    return None, None


def _owners(row: RowValues, when: str | None) -> tuple[MaterialOwner, ...]:
    owners: list[MaterialOwner] = []
    for item in split_list(row.text("owner")):
        owner = _OWNERS.get(item)
        if owner is None:
            row.problem("owner", item, "未知的材料所属人（可用：" + "、".join(OWNER_LABELS.values()) + "）")
        elif owner not in owners:
            owners.append(owner)
    if owners:
        return tuple(owners)
    return (MaterialOwner.AGENT,) if when == "agent" else (MaterialOwner.APPLICANT,)


def _material(row: RowValues, context: _Context, position: int) -> tuple[str, _Material] | None:
    code, name = row.code("code"), row.text("name", one_line=True)
    if not code or not name:
        row.problem("code" if not code else "name", "", "实施编码和材料名称都不能为空，此行未导入")
        return None
    necessity = row.code_value("necessity", "necessity")
    handling = row.text("original_handling", one_line=True)
    keep = handling in ("收", "keep", "收取", "收原件")
    if handling and not keep and handling not in ("验", "inspect", "核验", "验原件"):
        row.problem("original_handling", handling, "原件处理应为 验 或 收，按 验 导入")
    raw_source = row.text("source", one_line=True)
    source = context.mapping.lookup("source_channel", raw_source) if raw_source else ""
    if source is None:
        if raw_source.isdigit():
            row.problem("source", raw_source, "代码对照表中没有这个来源渠道", unknown=True)
        source = "" if raw_source.isdigit() else raw_source
    notes = "\n".join(t for t in (row.text("review_notes"), row.text("fill_notes"), row.text("remark")) if t)
    when = row.code("when") or None
    licence_code, licence_name = _licence(row, context)
    requirement = MaterialRequirement(
        name=name,
        originals=row.count("originals", 0),
        original_handling=OriginalHandling.KEEP if keep else OriginalHandling.INSPECT,
        copies=row.count("copies", 0),
        required=necessity != "optional",
        deferrable=row.yes_no("deferrable") or necessity == "deferrable",
        source=source,
        licence_type_code=licence_code,
        licence_type_name=licence_name,
        notes=notes,
        when=when,
        when_not=row.code("when_not") or None,
        owner=_owners(row, when),
    )
    extras = {}
    form = row.text("form", one_line=True)
    if form:
        row.code_value("form", "material_form")
        extras["材料形式"] = form  # kept under one name, whatever the header said
    order = (row.count("order", position), position)
    return code, _Material(order, requirement, row.sheet, row.row, extras)


def _extras(sheet: _Sheet, cells: list[RowCell]) -> dict[str, str]:
    kept: dict[str, str] = {}
    for index, header in sheet.match.extras.items():
        if index < len(cells) and cells[index].value not in (None, ""):
            value = cells[index].value
            kept[header] = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return kept


def _keep(result: ImportedCatalogue, code: str, part: str, values: dict[str, Any]) -> None:
    if values:
        result.extras.setdefault(code, {}).setdefault(EXTRAS_KEY, {}).setdefault(part, {}).update(values)


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
    written.
    """
    if not name:
        name = "工作簿.xlsx" if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).name
    context = _Context(name, mapping or load_mapping(), list(departments),
                       None if licence_types is None else list(licence_types),
                       ImportedCatalogue(format="xlsx"))  # fmt: skip
    result = context.result
    try:
        workbook = open_workbook(path_or_bytes, name)
    except WorkbookError as error:
        context.problem("", None, str(error).removeprefix(f"{name}："))
        return result
    except OSError as error:
        context.problem("", None, f"无法读取文件（{error.strerror or error}）")
        return result
    sheets = [s for s in (_classify(r, context) for r in workbook.sheets) if s is not None]
    if not any(s.kind == "matters" for s in sheets):
        context.problem("", None, "工作簿中没有事项表（表头含 事项名称、实施编码、实施主体 的工作表）")
    materials: dict[str, list[_Material]] = {}
    position = 0
    for sheet in (s for s in sheets if s.kind == "materials"):
        for number, cells in sheet.rows:
            position += 1
            found = _material(context.row(sheet, number, cells), context, position)
            if found is not None:
                code, material = found
                materials.setdefault(code, []).append(material)
                if extras := _extras(sheet, cells) | material.extras:
                    _keep(result, code, "materials", {material.requirement.name: extras})
    seen: dict[str, Department] = {}
    guides: dict[str, Guide] = {}
    for sheet in (s for s in sheets if s.kind == "matters"):
        for number, cells in sheet.rows:
            row = context.row(sheet, number, cells)
            guide = _matter(row, context, seen)
            if guide is None:
                continue
            if guide.code in guides:
                row.problem("code", guide.code, "实施编码与前面的事项重复，此行未导入")
                continue
            found_materials = sorted(materials.pop(guide.code, []), key=lambda m: m.order)
            guide = _with_materials(guide, found_materials)
            guides[guide.code] = guide
            _keep(result, guide.code, "matter", _extras(sheet, cells))
            for message in guide_problems(guide):
                context.problem(sheet.reader.title, number, message)
    for code, orphans in materials.items():
        for material in orphans:
            context.problem(
                material.sheet,
                material.row,
                "材料表中的实施编码在事项表中没有，此材料未导入",
                "实施编码",
                code,
            )
    result.source = CatalogueSource(
        departments=list(seen.values()),
        licence_types=list(context.licence_types or []),
        guides=list(guides.values()),
    )
    return result


def _with_materials(guide: Guide, materials: list[_Material]) -> Guide:
    return replace(guide, materials=tuple(m.requirement for m in materials))
