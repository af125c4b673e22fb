"""Life-event bundles (一件事一次办): several matters applied for at once, each material asked once.

Materials of the bundle's matters that are "the same" (the same e-licence type, or the same name) are
merged into one line of a shared checklist. Each matter is then decided on its own, from its own view of
the shared lines, by the ordinary rules of ``hallapp.domain.intake``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from hallapp.domain.catalogue import Guide, MaterialRequirement
from hallapp.domain.intake import CheckEditing, Checklist, MaterialCheck, RuleViolation, Verdict, may_defer


@dataclass(frozen=True)
class Bundle:
    """一件事: a named group of matters, handled in the listed order."""

    code: str
    name: str
    description: str
    matter_codes: tuple[str, ...]


def material_key(requirement: MaterialRequirement) -> str:
    """What makes two materials of different matters the same paper: the e-licence type, else the name."""
    owner = requirement.party_key  # the applicant's ID card is not the agent's, nor both spouses'
    if requirement.licence_type_code:
        return f"{owner}:licence:{requirement.licence_type_code}"
    return f"{owner}:name:{requirement.name.strip()}"


@dataclass(frozen=True)
class SharedMaterial:
    """One line of a bundle's checklist, standing for the same material of one or more matters."""

    key: str
    requirement: MaterialRequirement  # the most demanding form (most originals and copies)
    used_by: tuple[int, ...]  # indices of the guides needing it
    deferrable_everywhere: bool


def _joined(notes: Iterable[str]) -> str:
    """Review notes of one paper in several matters as one sentence: "…出示；核对…。", never "。；"."""
    parts = dict.fromkeys(n.strip().rstrip("。；;.") for n in notes if n.strip())
    return "；".join(parts) + "。" if parts else ""


def _merge(
    guides: tuple[Guide, ...], per_guide: tuple[tuple[MaterialRequirement, ...], ...]
) -> tuple[SharedMaterial, ...]:
    order: list[str] = []
    found: dict[str, list[tuple[int, MaterialRequirement]]] = {}
    for index, materials in enumerate(per_guide):
        for requirement in materials:
            key = material_key(requirement)
            if key not in found:
                order.append(key)
                found[key] = []
            found[key].append((index, requirement))
    shared = []
    for key in order:
        uses = found[key]
        first = uses[0][1]
        merged = replace(
            first,
            originals=max(r.originals for _i, r in uses),
            copies=max(r.copies for _i, r in uses),
            required=any(r.required for _i, r in uses),
            deferrable=all(may_defer(guides[i], r) for i, r in uses),
            notes=_joined(r.notes for _i, r in uses),
        )
        shared.append(SharedMaterial(key, merged, tuple(i for i, _r in uses), merged.deferrable))
    return tuple(shared)


@dataclass(frozen=True)
class BundleChecklist(CheckEditing):
    """The shared checklist of a bundle intake, and each matter's own checklist derived from it."""

    bundle: Bundle
    guides: tuple[Guide, ...]
    shared: tuple[SharedMaterial, ...]
    checks: tuple[MaterialCheck, ...]
    answers: tuple[tuple[str, bool], ...] = ()

    @classmethod
    def start(
        cls, bundle: Bundle, guides: tuple[Guide, ...], answers: Mapping[str, bool] | None = None
    ) -> BundleChecklist:
        given = dict(answers or {})
        codes = list(dict.fromkeys(s.code for g in guides for s in g.situations))
        chosen = tuple((code, bool(given.get(code, False))) for code in codes)
        per_guide = tuple(g.materials_for(dict(chosen)) for g in guides)
        shared = _merge(guides, per_guide)
        return cls(bundle, guides, shared, tuple(MaterialCheck(s.requirement) for s in shared), chosen)

    def deferral_problem(self, index: int) -> str:
        """A shared line may be deferred only where every matter needing it allows 容缺 for it."""
        if self.shared[index].deferrable_everywhere:
            return ""
        names = "、".join(self.guides[i].name for i in self.shared[index].used_by)
        return f"「{self.checks[index].requirement.name}」在 {names} 中不能全部容缺"

    def answer(self, code: str, yes: bool) -> BundleChecklist:
        """Change one situation's answer (asked once for the whole bundle); recorded lines stay."""
        answers = dict(self.answers)
        if code not in answers:
            raise RuleViolation(f"本件事没有情形 {code}")
        answers[code] = yes
        fresh = BundleChecklist.start(self.bundle, self.guides, answers)
        kept = {s.key: c for s, c in zip(self.shared, self.checks, strict=True)}
        return replace(
            fresh, checks=tuple(kept.get(s.key, c) for s, c in zip(fresh.shared, fresh.checks, strict=True))
        )

    def matter_checklists(self) -> tuple[Checklist, ...]:
        """Each matter's checklist, its materials recorded as on the shared lines."""
        by_key = {self.shared[i].key: c for i, c in enumerate(self.checks)}
        result = []
        for guide in self.guides:
            checklist = Checklist.start(guide, answers=dict(self.answers))
            checks = tuple(
                replace(by_key[material_key(c.requirement)], requirement=c.requirement)
                for c in checklist.checks
            )
            result.append(replace(checklist, checks=checks))
        return tuple(result)

    def verdicts(self) -> tuple[Verdict, ...]:
        """Each matter decided on its own: one may be accepted while another needs a one-time notice."""
        return tuple(c.verdict() for c in self.matter_checklists())
