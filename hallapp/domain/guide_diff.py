"""What changed between two versions of a guide, field by field, in the words of the guide.

Used wherever a change is shown before or after it is made: an import's preview, the editor's save
(and its audit event), and the editor's comparison of two versions.
"""

from __future__ import annotations

from dataclasses import dataclass

from hallapp.domain.catalogue import Guide, MaterialRequirement

__all__ = ["GUIDE_LABELS", "FieldChange", "guide_changes", "material_line"]

GUIDE_LABELS: dict[str, str] = {
    "name": "事项名称",
    "department": "实施主体",
    "matter_type": "事项类型",
    "applicant_types": "服务对象",
    "legal_basis": "设定依据",
    "conditions": "受理条件",
    "procedure": "办理流程",
    "statutory_limit_days": "法定办结时限",
    "promised_limit_days": "承诺办结时限",
    "on_the_spot": "即办件",
    "fees": "收费",
    "place": "办理地点",
    "windows": "办理窗口",
    "hours": "办理时间",
    "phones": "咨询电话",
    "visits": "到现场次数",
    "online_url": "网上办理地址",
    "deferrable": "容缺受理",
    "max_deferred": "容缺材料上限",
    "instant_approval": "秒批",
    "delegated": "就近办",
    "situations": "情形",
}


@dataclass(frozen=True)
class FieldChange:
    """One field of a guide, before and after, in words ("" when absent)."""

    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}：{self.old or '（空）'} → {self.new or '（空）'}"


def _words(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, tuple):
        return "、".join(_words(v) for v in value)
    return str(getattr(value, "value", value))


def material_line(material: MaterialRequirement) -> str:
    """A material as one line of a guide: name, form, counts, and what sets it apart."""
    parts = [material.name, material.form_label, "必要" if material.required else "非必要"]
    if material.deferrable:
        parts.append("可容缺")
    if material.licence_type_name or material.licence_type_code:
        parts.append(f"电子证照：{material.licence_type_name or material.licence_type_code}")
    if material.owner_label:
        parts.append(f"所属人：{material.owner_label}")
    if material.when:
        parts.append(f"情形 {material.when} 为是时")
    if material.when_not:
        parts.append(f"情形 {material.when_not} 为否时")
    if material.source:
        parts.append(f"来源：{material.source}")
    if material.notes:
        parts.append(f"说明：{material.notes}")
    return "，".join(parts)


def guide_changes(old: Guide, new: Guide) -> list[FieldChange]:
    """Every difference between two guides of one matter, in guide order; materials by name."""
    changes: list[FieldChange] = []
    for key, label in GUIDE_LABELS.items():
        before, after = getattr(old, key), getattr(new, key)
        if key == "department":
            if before != after and before.name == after.name:  # the same name: its short name or code
                before = f"{before.name}（简称 {before.short_name}，信用代码 {before.credit_code or '无'}）"
                after = f"{after.name}（简称 {after.short_name}，信用代码 {after.credit_code or '无'}）"
            else:
                before, after = before.name, after.name
        elif key == "situations":
            before = tuple(f"{s.code} {s.question}" for s in before)
            after = tuple(f"{s.code} {s.question}" for s in after)
        if before != after:
            changes.append(FieldChange(label, _words(before), _words(after)))
    old_materials = {m.name: m for m in old.materials}
    new_materials = {m.name: m for m in new.materials}
    for name, material in old_materials.items():
        if name not in new_materials:
            changes.append(FieldChange(f"材料「{name}」", material_line(material), ""))
    for name, material in new_materials.items():
        before_material = old_materials.get(name)
        if before_material is None:
            changes.append(FieldChange(f"材料「{name}」", "", material_line(material)))
        elif before_material != material:
            changes.append(
                FieldChange(f"材料「{name}」", material_line(before_material), material_line(material))
            )
    kept = [n for n in old_materials if n in new_materials]
    if kept != [n for n in new_materials if n in old_materials]:
        changes.append(
            FieldChange(
                "材料顺序", "、".join(m.name for m in old.materials), "、".join(m.name for m in new.materials)
            )
        )
    return changes
