"""The catalogue editor's quality rules: what an administrator is told before a guide is saved.

A *refusal* (拒绝) means the guide would mislead the counter or break intake, so it is not saved until it
is put right; a *warning* (提醒) is something unusual that may be meant, saved once the administrator
confirms it. Every finding is a sentence in plain Chinese naming the field and what to do.

The load-time rules of ``domain.catalogue.guide_problems`` are all refusals here too; the rules below add
what an edit by hand gets wrong: the time limits of on-the-spot and promised matters, main materials
marked 容缺, phones, unknown e-licence types.

The guide's ``phones`` hold the consultation phone (咨询电话) first and the complaint phones (监督投诉电话)
after it, as the shipped catalogue and the platform exports write them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from hallapp.domain.catalogue import Guide, MaterialOwner, MaterialRequirement, guide_problems

__all__ = ["Finding", "RuleReport", "check_guide", "is_main_material", "phone_digits"]

# The applicant's identity papers and the application itself are what an application *is*: never 容缺.
MAIN_LICENCE_TYPES = frozenset({"resident_id_card", "business_licence"})
MAIN_NAME_WORDS = ("申请表", "申请书", "登记表", "审批表", "居民身份证", "营业执照")
_HOTLINE = re.compile(r"1\d{4}")  # 12345, 12333, 12393: national service hotlines, dialled without area code
_MOBILE = re.compile(r"1\d{10}")
_WITH_AREA = re.compile(r"0\d{2,3}[2-9]\d{6,7}")
_LOCAL = re.compile(r"[2-9]\d{6,7}")  # a landline number without its area code


@dataclass(frozen=True)
class Finding:
    """One thing the rules found: its words, and the field it is about (for the editor to go to)."""

    text: str
    field: str = ""  # a guide field name ("phones"), "materials:2" (0-based), "situations:1", or ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class RuleReport:
    """What the rules say about one guide: refusals block the save, warnings need a confirmation."""

    refusals: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """Nothing refused (warnings may remain)."""
        return not self.refusals

    @property
    def clean(self) -> bool:
        return not self.refusals and not self.warnings


def phone_digits(text: str) -> str:
    """A phone number's digits only (full-width digits, spaces, dashes and brackets dropped)."""
    value = unicodedata.normalize("NFKC", text)
    return "".join(c for c in value if c.isascii() and c.isdigit())


def is_main_material(material: MaterialRequirement) -> bool:
    """A main material (主要材料): the applicant's identity paper or the application form itself."""
    if material.licence_type_code in MAIN_LICENCE_TYPES and material.owner == (MaterialOwner.APPLICANT,):
        return True
    return any(word in material.name for word in MAIN_NAME_WORDS) and not material.concerns_agent


def _material_field(guide: Guide, name: str) -> str:
    for index, material in enumerate(guide.materials):
        if f"「{material.name}」" in name:
            return f"materials:{index}"
    return ""


def _load_time_refusals(guide: Guide) -> list[Finding]:
    """``guide_problems``, without the "code name: " each of its sentences starts with."""
    where = f"{guide.code} {guide.name}: "
    found = []
    for problem in guide_problems(guide):
        text = problem.removeprefix(where)
        field = _material_field(guide, text)
        if "时限" in text:
            field = "promised_limit_days"
        elif "申请材料应为" in text:
            field = "materials"
        elif "服务对象" in text:
            field = "applicant_types"
        elif "情形编码" in text:
            field = "situations"
        elif "编码和名称" in text:
            field = "name"
        elif "容缺上限" in text:
            field = "max_deferred"
        found.append(Finding(text, field))
    return found


def _time_limits(guide: Guide, refusals: list[Finding], warnings: list[Finding]) -> None:
    if guide.on_the_spot and guide.promised_limit_days > 0:
        refusals.append(
            Finding(
                f"即办件的承诺办结时限应为 0（当场办结），现为 {guide.promised_limit_days} 个工作日："
                "请把承诺时限改为 0，或取消「即办件」。",
                "promised_limit_days",
            )
        )
    if not guide.on_the_spot and guide.promised_limit_days == 0:
        refusals.append(
            Finding(
                "承诺件的承诺办结时限应大于 0 个工作日：请填写承诺时限，或勾选「即办件」。",
                "promised_limit_days",
            )
        )
    if guide.instant_approval and not guide.on_the_spot:
        warnings.append(
            Finding(
                "秒批事项一般当场办结，但本事项不是即办件：请核对「秒批」和「即办件」。", "instant_approval"
            )
        )


def _deferral(guide: Guide, refusals: list[Finding], warnings: list[Finding]) -> None:
    deferrable = [(i, m) for i, m in enumerate(guide.materials) if m.deferrable]
    for index, material in deferrable:
        if is_main_material(material):
            refusals.append(
                Finding(
                    f"材料「{material.name}」是主要材料（申请人身份证明或申请表），不能标为容缺。",
                    f"materials:{index}",
                )
            )
    if guide.deferrable and not deferrable:
        refusals.append(
            Finding(
                "容缺受理事项至少要有一项材料标为容缺：请标出可后补的材料，或取消「容缺受理」。", "deferrable"
            )
        )
    if guide.max_deferred and not guide.deferrable:
        warnings.append(
            Finding(f"本事项不是容缺受理事项，容缺材料上限 {guide.max_deferred} 不起作用。", "max_deferred")
        )
    elif guide.deferrable and guide.max_deferred > len(deferrable) > 0:
        warnings.append(
            Finding(
                f"容缺材料上限为 {guide.max_deferred} 项，但只有 {len(deferrable)} 项材料可容缺。",
                "max_deferred",
            )
        )


def _phones(guide: Guide, refusals: list[Finding], warnings: list[Finding]) -> None:
    if not guide.phones or not guide.phones[0].strip():
        if any(p.strip() for p in guide.phones[1:]):
            refusals.append(Finding("填写了监督投诉电话，却没有咨询电话：请填写咨询电话。", "phones"))
        else:
            warnings.append(Finding("未填写咨询电话：申请人将无法电话咨询。", "phones"))
        return
    consultation, complaints = guide.phones[0], guide.phones[1:]
    digits = phone_digits(consultation)
    if any(phone_digits(p) == digits for p in complaints):
        refusals.append(
            Finding(f"咨询电话 {consultation} 与监督投诉电话相同：投诉电话应另设，请分别填写。", "phones")
        )
    if _LOCAL.fullmatch(digits):
        refusals.append(
            Finding(
                f"咨询电话 {consultation} 缺少区号：请写成「区号-号码」，如 0755-{digits[:4]} {digits[4:]}。",
                "phones",
            )
        )
    elif not (_HOTLINE.fullmatch(digits) or _MOBILE.fullmatch(digits) or _WITH_AREA.fullmatch(digits)):
        warnings.append(Finding(f"咨询电话 {consultation} 看起来不是有效号码：请核对。", "phones"))
    for phone in complaints:
        if not phone_digits(phone):
            warnings.append(Finding(f"监督投诉电话「{phone}」没有号码：请核对。", "phones"))


def _materials(guide: Guide, licence_codes: Collection[str], refusals: list[Finding]) -> None:
    for index, material in enumerate(guide.materials):
        where = f"materials:{index}"
        if not material.name.strip():
            refusals.append(Finding(f"第 {index + 1} 项材料没有名称。", where))
        code = material.licence_type_code
        if code and code not in licence_codes:
            refusals.append(
                Finding(
                    f"材料「{material.name}」关联的电子证照类型「{code}」不在证照目录中：请重新选择。", where
                )
            )


def _situations(guide: Guide, refusals: list[Finding], warnings: list[Finding]) -> None:
    used = {c for m in guide.materials for c in (m.when, m.when_not) if c}
    for index, situation in enumerate(guide.situations):
        where = f"situations:{index}"
        if not situation.code.strip() or not situation.question.strip():
            refusals.append(Finding(f"第 {index + 1} 个情形的编码和问题都要填写。", where))
        elif situation.code not in used:
            warnings.append(
                Finding(
                    f"情形「{situation.question}」没有影响任何材料：请为材料设定该情形，或删去它。", where
                )
            )


def check_guide(guide: Guide, *, licence_codes: Collection[str]) -> RuleReport:
    """Everything the editor's rules say about ``guide`` (``licence_codes``: the known e-licence types)."""
    refusals = _load_time_refusals(guide)
    warnings: list[Finding] = []
    if not guide.materials:
        refusals = [f for f in refusals if f.field != "materials"]
        refusals.append(Finding("至少要有一项申请材料。", "materials"))
    _time_limits(guide, refusals, warnings)
    _deferral(guide, refusals, warnings)
    _phones(guide, refusals, warnings)
    _materials(guide, licence_codes, refusals)
    _situations(guide, refusals, warnings)
    if guide.online_url and not guide.online_url.startswith(("http://", "https://")):
        warnings.append(Finding(f"网上办理地址「{guide.online_url}」应以 https:// 开头。", "online_url"))
    if guide.visits < 0:
        refusals.append(Finding("到现场次数不能为负数。", "visits"))
    return RuleReport(tuple(dict.fromkeys(refusals)), tuple(dict.fromkeys(warnings)))
