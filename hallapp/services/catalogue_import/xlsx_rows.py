"""One row of a matters or materials sheet turned into a guide or a material requirement.

Shared by the Excel reader and the plain-list reader: the cells are read by ``RowValues`` (each wrong value
a problem with its place), codes translated by the mapping, departments and licence types found among the
hall's own when given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
)
from hallapp.services.catalogue_import.headers import HeaderMatch
from hallapp.services.catalogue_import.mapping import CodeMapping
from hallapp.services.catalogue_import.model import ImportedCatalogue, ImportProblem
from hallapp.services.catalogue_import.xlsx_cells import CachedMapping, RowValues, split_list
from hallapp.services.catalogue_import.xlsx_reader import RowCell

__all__ = ["Context", "RowMaterial", "material_from_row", "matter_from_row"]

_OWNERS = {label: owner for owner, label in OWNER_LABELS.items()} | {o.value: o for o in MaterialOwner}
_OWNERS |= {
    "本人": MaterialOwner.APPLICANT,
    "申请人本人": MaterialOwner.APPLICANT,
    "委托代理人": MaterialOwner.AGENT,
}


@dataclass(slots=True)  # 640,000 of them wait for their matters in a big list: no __dict__ each
class RowMaterial:
    order: tuple[int, int]
    requirement: MaterialRequirement
    sheet: str
    row: int
    extras: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    """What every row of one file is read with, and where its problems go."""

    name: str
    mapping: CodeMapping
    departments: list[Department]
    licence_types: list[LicenceType] | None
    result: ImportedCatalogue
    _index: tuple[dict[str, Department], dict[str, Department]] | None = None
    codes: CachedMapping = field(init=False)

    def __post_init__(self) -> None:
        self.codes = CachedMapping(self.mapping)

    def department_index(self) -> tuple[dict[str, Department], dict[str, Department]]:
        """The hall's departments by credit code (or own code), and by full or short name."""
        if self._index is None:
            by_code = {d.code: d for d in self.departments} | {
                d.credit_code: d for d in self.departments if d.credit_code
            }
            by_name = {d.short_name: d for d in self.departments} | {d.name: d for d in self.departments}
            self._index = (by_code, by_name)
        return self._index

    def row(self, sheet: str, match: HeaderMatch, number: int, cells: list[RowCell]) -> RowValues:
        """One row of a sheet, read by the columns its header row named."""
        return RowValues(
            self.name, sheet, number, cells, match.columns, match.labels, self.codes,
            self.result.problems, self.result.unknown_codes,
        )  # fmt: skip

    def problem(self, sheet: str, row: int | None, message: str, column: str = "", value: str = "") -> None:
        self.result.problems.append(ImportProblem(self.name, sheet, row, column, value, message=message))


def _department(row: RowValues, context: Context, seen: dict[str, Department]) -> Department | None:
    """The hall's own department by credit code, else by name; else one made from the row."""
    name = row.text("department", one_line=True)
    credit = row.code("department_code")
    by_code, by_name = context.department_index()
    department = by_code.get(credit) if credit else None
    if department is None and name:
        department = by_name.get(name)
        if department is not None and credit and department.credit_code and credit != department.credit_code:
            message = (
                f"实施主体编码与本大厅登记的「{department.name}」（{department.credit_code}）不同，按名称对应"
            )
            row.problem("department_code", credit, message)
    if department is None:
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


def matter_from_row(row: RowValues, context: Context, seen: dict[str, Department]) -> Guide | None:
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
        found = context.codes.lookup("applicant_type", item)
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
        on_the_spot=kind == "on_the_spot"
        if kind is not None
        else promised == 0 and row.filled("promised_limit"),
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


def _licence(row: RowValues, context: Context) -> tuple[str | None, str | None]:
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


def material_from_row(row: RowValues, context: Context, position: int) -> tuple[str, RowMaterial] | None:
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
    source = context.codes.lookup("source_channel", raw_source) if raw_source else ""
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
    return code, RowMaterial(order, requirement, row.sheet, row.row, extras)
