"""One matter of the exchange data as a guide (办事指南): what the guide has a place for, and the rest kept.

Time limits: a guide counts in working days. A limit given in natural days (anticipate_type /
promise_type 自然日) is converted at 5 working days for every 7 natural days, rounded down and at least
1, so that the date the counter promises is never later than the source's (except across a long
holiday, which no conversion without a calendar can know); each conversion is reported to be checked.
"""

from __future__ import annotations

from typing import Any

from hallapp.domain.catalogue import (
    ApplicantType,
    Department,
    Guide,
    MaterialRequirement,
    MatterType,
)
from hallapp.domain.identity import check_credit_code
from hallapp.services.catalogue_import import exchange_fields as f
from hallapp.services.catalogue_import.clean import parse_implementation_code, split_phones
from hallapp.services.catalogue_import.exchange_app import APP_FIELD, with_app_fields
from hallapp.services.catalogue_import.exchange_rows import Context, Matter, Row

CODE_MAX, NAME_MAX, DEPT_CODE_MAX, DEPT_NAME_MAX, SOURCE_MAX = 100, 300, 32, 200, 200
_LIST_SEPARATORS = str.maketrans({c: "," for c in "，、;；|/ "})


def working_days(ctx: Context, row: Row, day_key: str, unit_key: str) -> int | None:
    """A limit in working days; None when not given. Natural days are converted and reported."""
    days = ctx.count(row, day_key)
    if days is None:
        return None
    unit = ctx.code("limit_unit", row, unit_key) if row.record.get(unit_key) not in (None, "") else None
    if unit == "natural_days" and days:
        converted = max(1, days * 5 // 7)
        ctx.problem(
            row,
            f"时限为 {days} 个自然日，按 {converted} 个工作日导入（每 7 个自然日折 5 个工作日），请核对",
            day_key,
            days,
        )
        return converted
    return days


def _credit_code(code: str) -> str:
    """The body's credit code inside a 实施编码, when it is one; "" otherwise."""
    parts = parse_implementation_code(code)
    return parts.credit_code if parts and parts.credit_code_valid else ""


def _department(ctx: Context, row: Row, code: str) -> Department:
    name = ctx.text(row, "dept_name", limit=DEPT_NAME_MAX, multiline=False)
    dept_code = ctx.text(row, "dept_code", limit=DEPT_CODE_MAX, multiline=False)
    credit = ""
    if not dept_code:
        credit = _credit_code(code)
        dept_code = credit or name[:DEPT_CODE_MAX]
        if not dept_code:
            ctx.problem(row, "缺少实施主体（dept_code、dept_name 都为空）", "dept_code")
            dept_code = "未知部门"
    known = ctx.departments.get(dept_code)
    if known is not None:
        if name and known.name != name:
            ctx.problem(
                row, f"部门编码 {dept_code} 前面已用于「{known.name}」，按前者导入", "dept_name", name
            )
        return known
    if not credit:
        credit = dept_code if check_credit_code(dept_code).ok else _credit_code(code)
    department = Department(
        code=dept_code, name=name or dept_code, short_name=name or dept_code, credit_code=credit
    )
    ctx.departments[dept_code] = department
    return department


def _applicant_types(ctx: Context, row: Row) -> tuple[ApplicantType, ...]:
    raw = row.record.get("serve_type")
    if raw is None or raw == "":
        ctx.problem(row, "缺少服务对象", "serve_type")
        return ()
    codes = raw if isinstance(raw, list) else str(raw).translate(_LIST_SEPARATORS).split(",")
    found: dict[ApplicantType, None] = {}
    for code in codes:
        value = ctx.code("applicant_type", row, "serve_type", code)
        if value is not None:
            found[ApplicantType(value)] = None
    return tuple(found)


def _lines(parts: list[str]) -> str:
    return "\n".join(dict.fromkeys(p for p in parts if p))


def _legal_basis(ctx: Context, rows: list[Row]) -> str:
    lines = []
    for row in rows:
        law = ctx.text(row, "law_name", multiline=False)
        if law and not law.startswith("《"):
            law = f"《{law}》"
        number = ctx.text(row, "law_number", multiline=False)
        clause = ctx.text(row, "clause_number", multiline=False)
        content = ctx.text(row, "clause_content")
        head = law + (f"（{number}）" if number else "") + (f" {clause}" if clause else "")
        lines.append(f"{head}：{content}" if head and content else head or content)
    return _lines(lines)


def _fees(ctx: Context, item: Row, rows: list[Row]) -> str:
    lines = []
    for row in rows:
        name = ctx.text(row, "charge_name", multiline=False)
        standard = ctx.text(row, "charge_standard")
        basis = ctx.text(row, "charge_basis")
        line = "：".join(p for p in (name, standard) if p) + (f"（依据：{basis}）" if basis else "")
        lines.append(line)
    fee = ctx.code("yes_no", item, "is_fee")
    if lines:
        if fee == "no":
            ctx.problem(
                item, "标为不收费，却列有收费项目；按收费项目导入", "is_fee", item.record.get("is_fee")
            )
        return _lines(lines)
    if fee == "yes":
        ctx.problem(
            item,
            "标为收费，但没有收费项目（AUDIT_CHARGE），收费标准请补充",
            "is_fee",
            item.record.get("is_fee"),
        )
        return "收费（标准未提供）"
    return "不收费" if fee == "no" else ""


def _procedure(ctx: Context, item: Row, specials: list[Row]) -> str:
    lines = [ctx.text(item, "handle_flow")]
    for row in specials:
        name = ctx.text(row, "special_name", multiline=False) or "特别程序"
        days = working_days(ctx, row, "special_date", "special_date_type")
        desc = ctx.text(row, "special_desc")
        timing = f"（{days} 个工作日，不计入办理时限）" if days else ""
        lines.append(f"特别程序：{name}{timing}" + (f"：{desc}" if desc else ""))
    return _lines(lines)


_NOTES = (
    ("page_format", "纸质规格"),
    ("sign_ask", "签章要求"),
    ("fill_explain", "填报须知"),
    ("accept_stand", "受理标准"),
    ("by_law", "依据"),
    ("remark", "备注"),
)


def _material(ctx: Context, row: Row, notes_missing: list[str]) -> MaterialRequirement | None:
    name = ctx.text(row, "material_name", limit=NAME_MAX, multiline=False)
    if not name:
        ctx.problem(row, "缺少材料名称，此条材料未导入", "material_name")
        return None
    necessity = ctx.code("necessity", row, "is_need")
    form = ctx.code("material_form", row, "material_form")
    originals, copies = ctx.count(row, "original_amount"), ctx.count(row, "copy_amount")
    if originals is None and copies is None and form != "electronic":
        notes_missing.append(name)
        originals = 1
    channel = ctx.code("source_channel", row, "source_type") or ""
    explain = ctx.text(row, "source_explain", multiline=False)
    source = "：".join(p for p in (channel, explain) if p)[:SOURCE_MAX]
    notes = [
        "材料形式：电子" if form == "electronic" else "",
        "材料形式：纸质和电子" if form == "both" else "",
    ]
    for key, label in _NOTES:
        if row.record.get(key) is not None:
            text = ctx.text(row, key)
            notes.append(f"{label}：{text}" if text else "")
    return MaterialRequirement(
        name=name,
        originals=originals or 0,
        copies=copies or 0,
        required=necessity in (None, "required", "deferrable"),
        deferrable=necessity == "deferrable",
        source=ctx.shared(source),
        notes=ctx.shared(_lines(notes)),
    )


def _materials(ctx: Context, matter: Matter, code: str) -> tuple[MaterialRequirement, ...]:
    rows = matter.children.get(f.MATERIAL, [])
    ordered = []
    for position, row in enumerate(rows):
        order = ctx.count(row, "ordernum")
        ordered.append((order is None, order or 0, position, row))
    ordered.sort(key=lambda entry: entry[:3])  # by ordernum, those without one after, in file order
    missing: list[str] = []
    materials = [m for *_, row in ordered if (m := _material(ctx, row, missing)) is not None]
    if missing:
        ctx.problem(matter.item, f"{len(missing)} 项材料未写份数，按原件 1 份导入：{'、'.join(missing)}")
    return tuple(materials)


def _windows(ctx: Context, rows: list[Row]) -> tuple[str, str, str, list[str]]:
    names: list[str] = []
    places: list[str] = []
    hours: list[str] = []
    phones: list[str] = []
    for row in rows:
        names.append(ctx.text(row, "window_name", multiline=False))
        places.append(ctx.text(row, "transact_addr", multiline=False))
        hours.append(ctx.text(row, "transact_time"))
        phones.extend(split_phones(ctx.text(row, "window_tel")))
    return _lines(places), "、".join(dict.fromkeys(n for n in names if n)), _lines(hours), phones


def build_guide(ctx: Context, matter: Matter) -> Guide | None:
    """The guide of one matter, or None (reported) when it has no code or no name."""
    item = matter.item
    code = ctx.text(item, "task_code", limit=CODE_MAX, multiline=False).upper().replace(" ", "")
    name = ctx.text(item, "task_name", limit=NAME_MAX, multiline=False)
    if not code or not name:
        missing = "实施编码 task_code" if not code else "事项名称 task_name"
        ctx.problem(item, f"缺少{missing}，此事项未导入", "task_code" if not code else "task_name")
        return None
    matter_type = ctx.code("matter_type", item, "task_type")
    if matter_type is None:
        ctx.problem(item, "事项类型未知，按「其他行政权力」导入", "task_type", item.record.get("task_type"))
    children = matter.children
    statutory = working_days(ctx, item, "anticipate_day", "anticipate_type")
    promised = working_days(ctx, item, "promise_day", "promise_type")
    handle = ctx.code("handle_type", item, "handle_type")
    on_the_spot = handle == "on_the_spot" or (handle is None and promised == 0)
    if handle == "on_the_spot" and promised:
        ctx.problem(item, f"即办件的承诺时限应为 0，现为 {promised} 个工作日", "promise_day", promised)
    if handle == "promised" and not promised:
        ctx.problem(item, "承诺件应写明大于 0 的承诺时限", "promise_day", item.record.get("promise_day", ""))
    place, windows, hours, phones = _windows(ctx, children.get(f.WINDOW, []))
    phones += [*split_phones(ctx.text(item, "link_way")), *split_phones(ctx.text(item, "supervise_way"))]
    online = ""
    for row in children.get(f.EXTEND, []):
        online = online or ctx.text(row, "handle_online_address", multiline=False)
    materials = _materials(ctx, matter, code)
    visits = ctx.count(item, "limit_scene_num")
    guide = Guide(
        code=code,
        name=name,
        department=_department(ctx, item, code),
        matter_type=MatterType(matter_type) if matter_type else MatterType.OTHER_POWER,
        applicant_types=_applicant_types(ctx, item),
        legal_basis=_legal_basis(ctx, children.get(f.BYLAW, [])),
        conditions=ctx.text(item, "accept_condition") or ctx.text(item, "accept_name"),
        procedure=_procedure(ctx, item, children.get(f.SPECIAL, [])),
        statutory_limit_days=statutory or 0,
        promised_limit_days=promised or 0,
        on_the_spot=on_the_spot,
        fees=_fees(ctx, item, children.get(f.CHARGE, [])),
        place=place,
        windows=windows,
        hours=hours,
        phones=tuple(dict.fromkeys(p for p in phones if any(c.isdigit() for c in p))),
        visits=1 if visits is None else visits,
        online_url=online,
        deferrable=any(m.deferrable for m in materials),
        max_deferred=0,
        instant_approval=False,
        delegated=False,
        materials=materials,
    )
    if item.record.get(APP_FIELD) not in (None, ""):  # exported by HallApp: what the tables cannot say
        guide, problem = with_app_fields(guide, item.record[APP_FIELD])
        if problem:
            ctx.problem(item, problem, APP_FIELD.upper())
    return guide


# per table: the fields an extras record leaves out (what the guide holds, a child row's task_code) and
# the coded ones it keeps anyway
_DROPPED = {
    table: (f.PLACED[table] if table == f.ITEM else f.PLACED[table] | {"task_code"})
    - f.CODED.get(table, frozenset())
    for table in f.TABLES
}


def extras_of(matter: Matter) -> dict[str, Any]:
    """Every field of the matter's rows that the guide has no place for (and the source's own codes)."""
    extras: dict[str, Any] = {}
    for table, rows in ((f.ITEM, [matter.item]), *matter.children.items()):
        # a child row's task_code only says which matter it belongs to: the matter's code says that
        drop = _DROPPED[table]
        kept = []
        for row in rows:
            rest = {k: v for k, v in row.record.items() if k not in drop and v != "" and v is not None}
            if table == f.MATERIAL and rest:
                rest = {"material_name": row.record.get("material_name", ""), **rest}
            if rest:
                kept.append(rest)
        if kept:
            extras[table] = kept[0] if table == f.ITEM else kept
    return extras
