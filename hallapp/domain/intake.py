"""Intake at the counter: the materials checklist and the verdict (受理 / 容缺受理 / 一次性告知).

The verdict is computed here and only here; screens show it, services enforce it before they store.
Rules (DOMAIN.md):
- a material is *in* when its original was shown (if one is asked) and enough copies were handed in;
- a required material that is not in makes the application not acceptable, unless it is deferred;
- only a deferrable material of a deferrable matter may be deferred (容缺): main materials never are;
- a matter may cap how many materials are deferred;
- an applicant refused 容缺 (dishonesty list, broken commitment) cannot defer anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Self

from hallapp.domain.catalogue import Guide, MaterialRequirement
from hallapp.domain.errors import UserError
from hallapp.domain.licences import Licence


class RuleViolation(UserError, ValueError):
    """An action the rules forbid, with the reason in plain words."""


class VerdictKind(StrEnum):
    ACCEPTABLE = "acceptable"
    ACCEPTABLE_WITH_MISSING = "acceptable_with_missing"
    NOT_ACCEPTABLE = "not_acceptable"

    @property
    def label(self) -> str:
        return {
            VerdictKind.ACCEPTABLE: "材料齐全，可以受理",
            VerdictKind.ACCEPTABLE_WITH_MISSING: "可容缺受理",
            VerdictKind.NOT_ACCEPTABLE: "材料不齐，不予受理（一次性告知）",
        }[self]


class Outcome(StrEnum):
    """What happened to one material at the counter, as printed on the receipt."""

    RECEIVED = "received"
    LICENCE = "licence"  # 电子证照调取, 免提交
    DEFERRED = "deferred"
    MISSING = "missing"
    NOT_NEEDED = "not_needed"  # optional and not brought


@dataclass(frozen=True)
class MaterialCheck:
    """What the applicant brought for one material requirement."""

    requirement: MaterialRequirement
    original_seen: bool = False
    copies: int = 0
    deferred: bool = False
    licence: Licence | None = None  # fetched from the e-licence library, valid: 免提交

    @property
    def from_licence(self) -> bool:
        return self.licence is not None

    @property
    def complete(self) -> bool:
        """Original shown where one is asked and enough copies, or the e-licence was fetched."""
        if self.from_licence:
            return True
        need = self.requirement
        original_ok = need.originals == 0 or self.original_seen
        return original_ok and self.copies >= need.copies and (self.original_seen or self.copies > 0)

    @property
    def shortfall(self) -> str:
        """What is still missing, in words for the one-time notice ("" when complete)."""
        if self.complete:
            return ""
        need = self.requirement
        parts = []
        if need.originals and not self.original_seen:
            parts.append(f"原件{need.originals}份")
        if self.copies < need.copies:
            parts.append(f"复印件{need.copies}份" + (f"(已收{self.copies}份)" if self.copies else ""))
        return "缺" + "、".join(parts) if parts else "未提交"

    @property
    def outcome(self) -> Outcome:
        if self.from_licence:
            return Outcome.LICENCE
        if self.complete:
            return Outcome.RECEIVED
        if self.deferred:
            return Outcome.DEFERRED
        return Outcome.MISSING if self.requirement.required else Outcome.NOT_NEEDED

    @property
    def outcome_label(self) -> str:
        """The receipt's words: 原件已验 / 原件已收 / 复印件已收 / 电子证照调取 / 容缺 / 未提交."""
        outcome = self.outcome
        if outcome is Outcome.LICENCE:
            return "电子证照调取（免提交）"  # the licence's number, issuer and validity go alongside
        if outcome is Outcome.DEFERRED:
            return "容缺（后补）"
        if outcome in (Outcome.MISSING, Outcome.NOT_NEEDED):
            return "未提交"
        parts = []
        if self.original_seen:
            parts.append("原件已" + self.requirement.original_handling.label)
        if self.copies:
            parts.append(f"复印件已收{self.copies}份")
        return "，".join(parts)


def may_defer(guide: Guide, requirement: MaterialRequirement) -> bool:
    """True when this material of this matter may arrive later under a commitment (容缺)."""
    return guide.deferrable and requirement.deferrable


def why_not_deferrable(guide: Guide, requirement: MaterialRequirement) -> str:
    if not guide.deferrable:
        return f"「{guide.name}」不是容缺受理事项，材料不能后补"
    return f"「{requirement.name}」是主要材料，不能容缺后补"


class CheckEditing:
    """What the clerk records on a checklist line; shared by one matter's and a bundle's checklist.

    Subclasses are frozen dataclasses with ``checks``; they say why a line may not be deferred.
    """

    checks: tuple[MaterialCheck, ...]

    def _with(self, index: int, check: MaterialCheck) -> Self:
        checks = list(self.checks)
        checks[index] = check
        return replace(self, checks=tuple(checks))  # type: ignore[type-var]

    def deferral_problem(self, index: int) -> str:
        """Why line ``index`` may not be deferred ("" when it may)."""
        raise NotImplementedError

    def receive_all(self, index: int) -> Self:
        """Everything asked for this material was handed in (original shown, copies counted)."""
        need = self.checks[index].requirement
        return self._with(
            index,
            MaterialCheck(
                need, original_seen=need.originals > 0, copies=need.copies or (0 if need.originals else 1)
            ),
        )

    def set_original(self, index: int, seen: bool) -> Self:
        check = self.checks[index]
        return self._with(
            index, replace(check, original_seen=seen, deferred=False if seen else check.deferred)
        )

    def set_copies(self, index: int, copies: int) -> Self:
        if copies < 0:
            raise RuleViolation("复印件份数不能为负数")
        return self._with(index, replace(self.checks[index], copies=copies))

    def set_licence(self, index: int, licence: Licence | None) -> Self:
        """Record the e-licence fetched for this material (None: none usable). It must be of the linked type."""
        check = self.checks[index]
        if licence is not None and licence.type_code != check.requirement.licence_type_code:
            raise RuleViolation(f"电子证照类型与材料「{check.requirement.name}」不符")
        return self._with(
            index, replace(check, licence=licence, deferred=False if licence else check.deferred)
        )

    def clear(self, index: int) -> Self:
        return self._with(index, MaterialCheck(self.checks[index].requirement))

    def defer(self, index: int, deferred: bool = True) -> Self:
        """Mark a material as deferred (容缺). Refused with ``RuleViolation`` where the rules forbid it."""
        check = self.checks[index]
        problem = self.deferral_problem(index) if deferred else ""
        if problem:
            raise RuleViolation(problem)
        return self._with(
            index,
            replace(check, deferred=deferred, original_seen=False, copies=0)
            if deferred
            else replace(check, deferred=False),
        )


@dataclass(frozen=True)
class Checklist(CheckEditing):
    """The clerk's checklist for one matter: one ``MaterialCheck`` per requirement, in guide order."""

    guide: Guide
    checks: tuple[MaterialCheck, ...]
    deferral_refused: str = ""  # why this applicant may not defer anything ("" = may)
    answers: tuple[tuple[str, bool], ...] = ()  # the situations' answers that chose the materials

    @classmethod
    def start(
        cls, guide: Guide, deferral_refused: str = "", answers: Mapping[str, bool] | None = None
    ) -> Checklist:
        """An empty checklist of the materials this guide asks for these answers (all 否 by default)."""
        given = dict(answers or {})
        chosen = tuple((s.code, bool(given.get(s.code, False))) for s in guide.situations)
        checks = tuple(MaterialCheck(r) for r in guide.materials_for(dict(chosen)))
        return cls(guide, checks, deferral_refused, chosen)

    def answer(self, code: str, yes: bool) -> Checklist:
        """Change one situation's answer: materials come and go, what was recorded for the others stays."""
        answers = dict(self.answers)
        if code not in answers:
            raise RuleViolation(f"本事项没有情形 {code}")
        answers[code] = yes
        fresh = Checklist.start(self.guide, self.deferral_refused, answers)
        kept = {c.requirement.name: c for c in self.checks}
        return replace(fresh, checks=tuple(kept.get(c.requirement.name, c) for c in fresh.checks))

    def deferral_problem(self, index: int) -> str:
        check = self.checks[index]
        if not may_defer(self.guide, check.requirement):
            return why_not_deferrable(self.guide, check.requirement)
        return self.deferral_refused

    def verdict(self) -> Verdict:
        return evaluate(self)


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    missing: tuple[MaterialCheck, ...] = ()  # required and neither in nor deferred: the one-time notice
    deferred: tuple[MaterialCheck, ...] = ()
    problems: tuple[str, ...] = field(default=())  # rule violations, in words
    instant: bool = False  # 秒批: decided on the spot, the case is completed when it is accepted

    @property
    def acceptable(self) -> bool:
        return self.kind is not VerdictKind.NOT_ACCEPTABLE


def evaluate(checklist: Checklist) -> Verdict:
    """The verdict for a checklist: acceptable, acceptable with missing documents, or not acceptable."""
    guide = checklist.guide
    problems: list[str] = []
    missing: list[MaterialCheck] = []
    deferred: list[MaterialCheck] = []
    for check in checklist.checks:
        if check.complete:
            continue
        if check.deferred:
            deferred.append(check)
            if not may_defer(guide, check.requirement):
                problems.append(why_not_deferrable(guide, check.requirement))
        elif check.requirement.required:
            missing.append(check)
    if deferred and checklist.deferral_refused:
        problems.append(checklist.deferral_refused)
    if guide.max_deferred and len(deferred) > guide.max_deferred:
        problems.append(f"本事项最多容缺 {guide.max_deferred} 项，现有 {len(deferred)} 项")
    if missing or problems:
        # Everything not in goes on the one-time notice, deferred items included: nothing was accepted.
        return Verdict(VerdictKind.NOT_ACCEPTABLE, tuple(missing), tuple(deferred), tuple(problems))
    if deferred:
        return Verdict(VerdictKind.ACCEPTABLE_WITH_MISSING, (), tuple(deferred))
    # 秒批: a flagged matter whose every required material is verified is decided on the spot.
    return Verdict(VerdictKind.ACCEPTABLE, instant=guide.instant_approval)


def deferral_days(guide: Guide, hall_default: int) -> int:
    """Working days allowed to supplement deferred materials: the hall's default, never beyond the
    matter's promised time limit (an on-the-spot matter keeps the hall's default)."""
    if guide.promised_limit_days > 0:
        return max(1, min(hall_default, guide.promised_limit_days))
    return max(1, hall_default)
