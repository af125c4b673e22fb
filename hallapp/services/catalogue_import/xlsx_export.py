"""The app's own Excel form of a catalogue: the template a hall fills in, and an export in the same form.

Both write a sheet of matters (事项) and a sheet of materials (申请材料) with every header ``parse_xlsx``
knows, and a notes sheet (填写说明) explaining each column and the code lists of the mapping. An export
read back with ``parse_xlsx`` gives the same guides. Texts are written as text, never as formulas (a
guide's "=…" cannot run in the administrator's Excel). The file is written whole or not at all.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from hallapp.domain.catalogue import Guide, MaterialRequirement, OriginalHandling
from hallapp.services.catalogue_files import CatalogueSource
from hallapp.services.catalogue_import.headers import MATERIAL_COLUMNS, MATTER_COLUMNS, Column
from hallapp.services.catalogue_import.mapping import TABLES, CodeMapping, load_mapping
from hallapp.services.catalogue_import.xlsx import EXTRAS_KEY, NOTES_SHEET
from hallapp.services.output_file import write_output

__all__ = ["MATERIALS_SHEET", "MATTERS_SHEET", "NOTES_SHEET", "export_xlsx", "write_template"]

MATTERS_SHEET = "事项"
MATERIALS_SHEET = "申请材料"
_WIDE = {"name": 30, "code": 32, "department": 24, "conditions": 40, "legal_basis": 40, "procedure": 40}


def _yes(value: bool) -> str:
    return "是" if value else "否"


def matter_values(guide: Guide) -> dict[str, object]:
    """A guide as the cells of its row in the matters sheet, by column key."""
    return {
        "code": guide.code,
        "name": guide.name,
        "department": guide.department.name,
        "department_code": guide.department.credit_code or guide.department.code,
        "matter_type": guide.matter_type.value,
        "applicant_types": "、".join(t.value for t in guide.applicant_types),
        "kind": "即办件" if guide.on_the_spot else "承诺件",
        "statutory_limit": guide.statutory_limit_days,
        "promised_limit": guide.promised_limit_days,
        "conditions": guide.conditions,
        "legal_basis": guide.legal_basis,
        "procedure": guide.procedure,
        "fees": guide.fees,
        "is_fee": None if not guide.fees else "否" if guide.fees == "不收费" else "是",
        "place": guide.place,
        "hours": guide.hours,
        "windows": guide.windows,
        "phone": guide.phones[0] if guide.phones else "",
        "complaint_phone": "、".join(guide.phones[1:]),
        "online_url": guide.online_url,
        "visits": guide.visits,
        "deferrable": _yes(guide.deferrable),
        "max_deferred": guide.max_deferred,
        "instant_approval": _yes(guide.instant_approval),
        "delegated": _yes(guide.delegated),
        "situations": "\n".join(f"{s.code}：{s.question}" for s in guide.situations),
    }


def material_values(code: str, material: MaterialRequirement, order: int) -> dict[str, object]:
    """A material as the cells of its row in the materials sheet, by column key."""
    return {
        "code": code,
        "name": material.name,
        "originals": material.originals,
        "original_handling": "收" if material.original_handling is OriginalHandling.KEEP else "验",
        "copies": material.copies,
        "necessity": "必要" if material.required else "非必要",
        "deferrable": _yes(material.deferrable),
        "source": material.source,
        "review_notes": material.notes,
        "order": order,
        "licence_type": material.licence_type_name or material.licence_type_code or "",
        "owner": "、".join(o.label for o in material.owner),
        "when": material.when or "",
        "when_not": material.when_not or "",
    }


def _cell(sheet: Any, value: object) -> Any:
    """A plain value, except words starting with "=": a text cell that Excel will not run as a formula.

    Control characters a workbook cannot hold (a catalogue stored before imports refused them) are left
    out, so one bad text never stops the export of the whole catalogue."""
    if value == "":
        return None
    if isinstance(value, str) and not value.isprintable():
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _sheet(
    book: Any,
    title: str,
    columns: Sequence[Column],
    extra_headers: Sequence[str],
    rows: Iterable[list[object]],
) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDE.get(column.key, 14)
    sheet.freeze_panes = "C2"
    from openpyxl.cell import WriteOnlyCell

    header = []
    for label in [c.label for c in columns] + list(extra_headers):
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])


def _extra_headers(extras: Mapping[str, Mapping[str, Any]], part: str) -> list[str]:
    headers: dict[str, None] = {}
    for kept in extras.values():
        values = kept.get(EXTRAS_KEY, {}).get(part, {})
        for item in values.values() if part == "materials" else [values]:
            headers.update(dict.fromkeys(item))
    return list(headers)


def _save(book: Any, path: Path) -> None:
    buffer = io.BytesIO()
    book.save(buffer)
    write_output(Path(path), buffer.getvalue())


def export_xlsx(
    source: CatalogueSource, path: Path, extras: Mapping[str, Mapping[str, Any]] | None = None
) -> int:
    """Write the catalogue's guides in the app's Excel form; returns how many matters were written.

    ``extras`` (``ImportedCatalogue.extras``) gives back the columns of an earlier import that a guide had
    no place for, each under its own header.
    """
    from openpyxl import Workbook

    extras = extras or {}
    matter_extras, material_extras = _extra_headers(extras, "matter"), _extra_headers(extras, "materials")
    book = Workbook(write_only=True)

    def matter_rows() -> Iterable[list[object]]:
        for guide in source.guides:
            values = matter_values(guide)
            kept = extras.get(guide.code, {}).get(EXTRAS_KEY, {}).get("matter", {})
            yield [values.get(c.key) for c in MATTER_COLUMNS] + [kept.get(h) for h in matter_extras]

    def material_rows() -> Iterable[list[object]]:
        for guide in source.guides:
            kept = extras.get(guide.code, {}).get(EXTRAS_KEY, {}).get("materials", {})
            for order, material in enumerate(guide.materials, start=1):
                values = material_values(guide.code, material, order)
                own = kept.get(material.name, {})
                values["form"] = own.get("材料形式", "")
                yield [values.get(c.key) for c in MATERIAL_COLUMNS] + [
                    own.get(h) for h in material_extras if h != "材料形式"
                ]

    _sheet(book, MATTERS_SHEET, MATTER_COLUMNS, matter_extras, matter_rows())
    _sheet(
        book,
        MATERIALS_SHEET,
        MATERIAL_COLUMNS,
        [h for h in material_extras if h != "材料形式"],
        material_rows(),
    )
    _save(book, path)
    return len(source.guides)


_EXAMPLE_MATTER: dict[str, object] = {
    "code": "11440310MB2C01234A4440310001000",
    "name": "创业培训补贴申领",
    "department": "深圳市坪山区人力资源局",
    "department_code": "11440310MB2C01234A",
    "matter_type": "行政给付",
    "applicant_types": "自然人",
    "kind": "承诺件",
    "statutory_limit": 20,
    "promised_limit": 10,
    "conditions": "1. 在本区参加创业培训并取得合格证书；\n2. 培训结束后 12 个月内申请。",
    "legal_basis": "《广东省人力资源和社会保障厅 广东省财政厅关于创业培训补贴的通知》",
    "procedure": "1. 申请；\n2. 受理；\n3. 审核；\n4. 拨付。",
    "fees": "不收费",
    "is_fee": "否",
    "place": "坪山区行政服务大厅一楼",
    "hours": "周一至周五 9:00-12:00 14:00-18:00",
    "windows": "A01–A05 综合窗口",
    "phone": "0755-8490 1234",
    "complaint_phone": "12345",
    "online_url": "https://www.gdzwfw.gov.cn/",
    "visits": 1,
    "deferrable": "是",
    "max_deferred": 1,
    "instant_approval": "否",
    "delegated": "否",
    "situations": "agent：是否由代理人办理？",
}
_EXAMPLE_MATERIAL: dict[str, object] = {
    "code": _EXAMPLE_MATTER["code"],
    "name": "居民身份证",
    "form": "纸质",
    "originals": 1,
    "original_handling": "验",
    "copies": 1,
    "necessity": "必要",
    "deferrable": "否",
    "source": "政府部门核发",
    "review_notes": "核验人证一致、在有效期内",
    "order": 1,
    "licence_type": "居民身份证",
    "owner": "申请人",
}


def _notes(book: Any, mapping: CodeMapping) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(NOTES_SHEET)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 8
    sheet.column_dimensions["D"].width = 60
    sheet.column_dimensions["E"].width = 40
    bold = Font(bold=True)
    sheet.append(["工作表", "列名", "必填", "说明", "也可写作"])
    for cell in sheet[1]:
        cell.font = bold
    for title, columns in ((MATTERS_SHEET, MATTER_COLUMNS), (MATERIALS_SHEET, MATERIAL_COLUMNS)):
        for column in columns:
            sheet.append(
                [
                    title,
                    column.label,
                    "是" if column.required else "",
                    column.help,
                    "、".join(column.variants),
                ]
            )
    sheet.append([])
    sheet.append(
        [
            "代码表",
            f"（{mapping.name}）",
            "",
            "可填写代码或文字；导入时按代码对照表转换，表中没有的值会逐一列出",
        ]
    )
    sheet.cell(sheet.max_row, 1).font = bold
    for table, (label, _allowed) in TABLES.items():
        for code, meaning in mapping.tables.get(table, {}).items():
            sheet.append([label, code, "", meaning])
    for row in sheet.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")


def write_template(path: Path, *, mapping: CodeMapping | None = None) -> None:
    """The app's template: both sheets with every header and one example row, and the notes sheet."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, columns, example in (
        (MATTERS_SHEET, MATTER_COLUMNS, _EXAMPLE_MATTER),
        (MATERIALS_SHEET, MATERIAL_COLUMNS, _EXAMPLE_MATERIAL),
    ):
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        sheet = book.create_sheet(title)
        sheet.append([("*" if c.required else "") + c.label for c in columns])
        for index, column in enumerate(columns, start=1):
            sheet.cell(1, index).font = Font(bold=True)
            sheet.column_dimensions[get_column_letter(index)].width = _WIDE.get(column.key, 14)
        sheet.append([example.get(c.key) for c in columns])
        sheet.freeze_panes = "C2"
    _notes(book, mapping or load_mapping())
    _save(book, path)
