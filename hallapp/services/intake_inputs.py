"""What a clerk submits at intake, and what comes back: plain data, light to import (no database)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from hallapp.domain.licences import Licence


class Decision(StrEnum):
    ACCEPT = "accepted"
    DEFER = "deferred"
    REFUSE = "refused"

    @property
    def label(self) -> str:
        """What the clerk does, in words: 受理, 容缺受理, 出具一次性告知书."""
        return {"accepted": "受理", "deferred": "容缺受理", "refused": "出具一次性告知书"}[self.value]


class IntakeError(ValueError):
    """The intake cannot be stored as asked; ``problems`` says why, in plain words. Nothing was stored."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ApplicantInput:
    kind: str  # "person" or "organisation"
    name: str
    id_number: str
    phone: str = ""
    legal_representative: str = ""
    contact_name: str = ""


@dataclass(frozen=True)
class AgentInput:
    name: str
    id_number: str
    phone: str = ""


@dataclass(frozen=True)
class MaterialInput:
    """What the clerk recorded for one material, in guide order."""

    original_seen: bool = False
    copies: int = 0
    deferred: bool = False
    licence: Licence | None = None  # the e-licence fetched for it (免提交)


@dataclass(frozen=True)
class IntakeRequest:
    matter_code: str
    applicant: ApplicantInput
    materials: tuple[MaterialInput, ...]
    decision: Decision
    agent: AgentInput | None = None
    commitment_signed: bool = False
    note: str = ""
    answers: tuple[tuple[str, bool], ...] = ()  # 情形: situation code → 是/否
    name_corrected: bool = False  # the clerk confirmed the register's name for this ID is to be corrected
    guide_version: int | None = None  # the version of the guide the clerk's screen showed, when known


def printed_fields(applicant: ApplicantInput, agent: AgentInput | None) -> list[tuple[str, str]]:
    """(label, text) of everything typed at intake that documents print or may print."""
    fields = [
        ("申请人姓名" if applicant.kind == "person" else "单位名称", applicant.name),
        ("法定代表人", applicant.legal_representative),
        ("联系人", applicant.contact_name),
        ("联系电话", applicant.phone),
    ]
    if agent is not None:
        fields += [("代理人姓名", agent.name), ("代理人电话", agent.phone)]
    return fields


def unprintable_problems(fields: Iterable[tuple[str, str]]) -> list[str]:
    """One plain message per character that no shipped font can print, before anything is stored.

    A case whose applicant's name cannot be printed leaves the applicant without a receipt or the
    commitment they must sign. The shipped fonts cover every hanzi up to CJK Extension F and most of G
    (see resources/fonts/README.md); a character beyond them is named with its code point, so the clerk
    can write a homophone and explain it in the note.
    """
    from hallapp.printing.errors import FontUnavailable  # reportlab is loaded on the first intake only
    from hallapp.printing.fonts import unprintable

    problems: list[str] = []
    try:
        for label, value in fields:
            problems += [
                f"{label}：「{ch}」(U+{ord(ch):04X}) 无法打印：本机字体中没有这个字。"
                "请用同音字并在备注中说明，或联系管理员。"
                for ch in unprintable([value])
            ]
    except FontUnavailable as exc:
        return [str(exc).split("。 / ", 1)[0] + "。"]
    return problems


@dataclass(frozen=True)
class IntakeResult:
    case_id: int
    number: str  # case number (受理编号), or notice number for a refusal
    decision: Decision
    promised: date | None
    promised_unverified: bool
    deferral_deadline: date | None
    deferral_unverified: bool
    completed: bool = False  # 秒批: decided on the spot


@dataclass(frozen=True)
class BundleRequest:
    bundle_code: str
    applicant: ApplicantInput
    materials: tuple[MaterialInput, ...]  # one per shared line of the bundle's checklist
    answers: tuple[tuple[str, bool], ...] = ()
    agent: AgentInput | None = None
    commitment_signed: bool = False
    name_corrected: bool = False  # as for one matter: the register's name is corrected, on purpose


@dataclass(frozen=True)
class BundleResult:
    reference: str  # printed on the bundle's receipt
    cases: tuple[tuple[str, IntakeResult], ...]  # (matter name, its case) in the bundle's order
