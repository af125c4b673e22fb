"""The catalogue: service matters (事项), their guides (办事指南) and material requirements (申请材料)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class MatterType(StrEnum):
    """事项类型."""

    LICENSING = "行政许可"
    CONFIRMATION = "行政确认"
    BENEFIT = "行政给付"
    ADJUDICATION = "行政裁决"
    REWARD = "行政奖励"
    OTHER_POWER = "其他行政权力"
    PUBLIC_SERVICE = "公共服务"


class ApplicantType(StrEnum):
    """服务对象: a person (自然人) or an organisation (法人/其他组织)."""

    PERSON = "自然人"
    ORGANISATION = "法人"


class OriginalHandling(StrEnum):
    """What happens to an original: 验 (inspected and returned) or 收 (kept by the hall)."""

    INSPECT = "inspect"
    KEEP = "keep"

    @property
    def label(self) -> str:
        return "验" if self is OriginalHandling.INSPECT else "收"


class LicenceHolder(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str
    short_name: str
    credit_code: str = ""


@dataclass(frozen=True, slots=True)
class LicenceType:
    """电子证照 kind held in the e-licence library."""

    code: str
    name: str
    issuer: str = ""
    holder: LicenceHolder = LicenceHolder.PERSON


AGENT_SITUATION = "agent"  # 由代理人办理: its materials (委托书, 代理人身份证) concern the agent


class MaterialOwner(StrEnum):
    """Whose document a material is (材料所属人): the applicant's own, the spouse's, the agent's …

    An e-licence stands in for a material only when it is the document of the one person whose ID the
    counter knows for that role; a material of two people (男女双方居民身份证) is never replaced by one
    person's licence.
    """

    APPLICANT = "applicant"  # 申请人本人 (a person, or the organisation itself)
    SPOUSE = "spouse"  # 配偶 / 另一方当事人 of a marriage
    CHILD = "child"  # 子女, e.g. the newborn
    PARENT = "parent"  # 父母
    GUARDIAN = "guardian"  # 监护人
    FAMILY = "family"  # 共同生活的家庭成员
    AGENT = "agent"  # 代理人
    LEGAL_REPRESENTATIVE = "legal_representative"  # 法定代表人
    OTHER = "other"  # 其他当事人

    @property
    def label(self) -> str:
        return OWNER_LABELS[self]


OWNER_LABELS = {
    MaterialOwner.APPLICANT: "申请人",
    MaterialOwner.SPOUSE: "配偶",
    MaterialOwner.CHILD: "子女",
    MaterialOwner.PARENT: "父母",
    MaterialOwner.GUARDIAN: "监护人",
    MaterialOwner.FAMILY: "家庭成员",
    MaterialOwner.AGENT: "代理人",
    MaterialOwner.LEGAL_REPRESENTATIVE: "法定代表人",
    MaterialOwner.OTHER: "其他当事人",
}
APPLICANT_ONLY: tuple[MaterialOwner, ...] = (MaterialOwner.APPLICANT,)


@dataclass(frozen=True, slots=True)
class Situation:
    """情形: a question asked at the counter whose answer (是/否) adds or removes materials."""

    code: str
    question: str


@dataclass(frozen=True, slots=True)
class MaterialRequirement:
    """One 申请材料 of a matter: what to bring, in which form, and whether it may come later (容缺)."""

    name: str
    originals: int = 0
    original_handling: OriginalHandling = OriginalHandling.INSPECT
    copies: int = 0
    required: bool = True
    deferrable: bool = False
    source: str = ""
    licence_type_code: str | None = None
    licence_type_name: str | None = None
    notes: str = ""
    when: str | None = None  # asked only when this situation is answered 是
    when_not: str | None = None  # asked only when this situation is answered 否
    owner: tuple[MaterialOwner, ...] = APPLICANT_ONLY  # whose document(s) it is; the applicant's by default

    def applies(self, answers: Mapping[str, bool]) -> bool:
        """Whether this material is asked, given the answers to the matter's situations (否 by default)."""
        if self.when is not None and not answers.get(self.when, False):
            return False
        return not (self.when_not is not None and answers.get(self.when_not, False))

    @property
    def concerns_agent(self) -> bool:
        """Materials asked only for an agent (代理人身份证 …) are the agent's, e.g. for e-licence look-ups."""
        return self.when == AGENT_SITUATION or self.owner == (MaterialOwner.AGENT,)

    @property
    def licence_party(self) -> MaterialOwner | None:
        """Whose e-licence may replace this material: the applicant's for the applicant's own document,
        the agent's for the agent's; None when it is someone else's or several people's (男女双方 …),
        which are checked on paper."""
        if self.concerns_agent:
            return MaterialOwner.AGENT
        return MaterialOwner.APPLICANT if self.owner == APPLICANT_ONLY else None

    @property
    def owner_label(self) -> str:
        """Whose document, in words: 申请人、配偶; "" for the applicant's own (the usual case)."""
        if self.concerns_agent:
            return MaterialOwner.AGENT.label
        return "" if self.owner == APPLICANT_ONLY else "、".join(o.label for o in self.owner)

    @property
    def party_key(self) -> str:
        """Whose paper, for telling two materials apart: "agent", "applicant", "applicant+spouse" …"""
        if self.concerns_agent:
            return MaterialOwner.AGENT.value
        return "+".join(o.value for o in self.owner)

    @property
    def form_label(self) -> str:
        """How the material is handed in, as printed in a guide: 原件1份(验) 复印件1份."""
        parts = []
        if self.originals:
            parts.append(f"原件{self.originals}份({self.original_handling.label})")
        if self.copies:
            parts.append(f"复印件{self.copies}份")
        return " ".join(parts) or "—"


@dataclass(frozen=True, slots=True)
class Guide:
    """办事指南: everything a clerk needs to know about one matter."""

    code: str
    name: str
    department: Department
    matter_type: MatterType
    applicant_types: tuple[ApplicantType, ...]
    legal_basis: str
    conditions: str
    procedure: str
    statutory_limit_days: int
    promised_limit_days: int
    on_the_spot: bool
    fees: str
    place: str
    windows: str
    hours: str
    phones: tuple[str, ...]
    visits: int
    online_url: str
    deferrable: bool
    max_deferred: int
    instant_approval: bool
    delegated: bool
    materials: tuple[MaterialRequirement, ...] = field(default=())
    situations: tuple[Situation, ...] = field(default=())

    def materials_for(self, answers: Mapping[str, bool]) -> tuple[MaterialRequirement, ...]:
        """The materials asked for these answers to the situations, in guide order."""
        return tuple(m for m in self.materials if m.applies(answers))

    @property
    def time_limit_label(self) -> str:
        """承诺时限 as a clerk says it: 即办件 or 承诺 N 个工作日."""
        if self.on_the_spot or self.promised_limit_days == 0:
            return "即办件(当场办结)"
        return f"承诺件: {self.promised_limit_days} 个工作日"

    @property
    def flag_labels(self) -> tuple[str, ...]:
        labels = []
        if self.deferrable:
            labels.append("容缺受理")
        if self.instant_approval:
            labels.append("秒批")
        if self.delegated:
            labels.append("就近办")
        if self.on_the_spot:
            labels.append("即办件")
        return tuple(labels)


def guide_problems(guide: Guide) -> list[str]:
    """Everything wrong with a guide as published; an empty list means it may be loaded.

    Rules: 1 to 20 materials, named once each; a deferrable material only in a deferrable matter; the
    promised limit never beyond the statutory one; at least one applicant type.
    """
    problems: list[str] = []
    where = f"{guide.code} {guide.name}"
    if not guide.code.strip() or not guide.name.strip():
        problems.append(f"{where}: 编码和名称不能为空")
    if not guide.applicant_types:
        problems.append(f"{where}: 至少要有一种服务对象")
    if not 1 <= len(guide.materials) <= 20:
        problems.append(f"{where}: 申请材料应为 1–20 项, 现有 {len(guide.materials)} 项")
    if guide.promised_limit_days < 0 or guide.statutory_limit_days < 0:
        problems.append(f"{where}: 时限不能为负数")
    if guide.statutory_limit_days and guide.promised_limit_days > guide.statutory_limit_days:
        problems.append(
            f"{where}: 承诺时限 {guide.promised_limit_days} 超过法定时限 {guide.statutory_limit_days}"
        )
    if guide.max_deferred < 0:
        problems.append(f"{where}: 容缺上限不能为负数")
    names = [m.name for m in guide.materials]
    if len(set(names)) != len(names):
        problems.append(f"{where}: 材料名称重复")
    codes = [s.code for s in guide.situations]
    if len(set(codes)) != len(codes):
        problems.append(f"{where}: 情形编码重复")
    for material in guide.materials:
        for condition in (material.when, material.when_not):
            if condition is not None and condition not in codes:
                problems.append(f"{where}: 材料「{material.name}」引用了未定义的情形 {condition}")
    for material in guide.materials:
        if material.deferrable and not guide.deferrable:
            problems.append(f"{where}: 材料「{material.name}」标为容缺, 但事项不是容缺受理事项")
        if material.originals < 0 or material.copies < 0:
            problems.append(f"{where}: 材料「{material.name}」份数不能为负数")
        if material.originals == 0 and material.copies == 0 and not material.licence_type_code:
            problems.append(f"{where}: 材料「{material.name}」既无原件也无复印件")
        if not material.owner or len(set(material.owner)) != len(material.owner):
            problems.append(f"{where}: 材料「{material.name}」的所属人应列出且不重复")
        paper = material.originals or material.copies
        if material.licence_type_code and material.licence_party is None and not paper:
            problems.append(
                f"{where}: 材料「{material.name}」属{material.owner_label}，不能以申请人的电子证照代替，"
                "须写明原件或复印件份数"
            )
    return problems
