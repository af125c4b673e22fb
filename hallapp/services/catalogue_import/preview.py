"""What an import would do to the catalogue the database holds, before anything is written.

The preview compares an ``ImportedCatalogue`` with the stored matters: added, changed (field by field, in
the guide's words), unchanged, missing from the file (withdrawn only if the administrator chooses so),
and the matters that cannot be taken (they break the catalogue's rules or name an unknown licence type),
with every problem the reader met. It carries the catalogue revision it was made against: applying it
after someone else changed the catalogue is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from hallapp.domain.catalogue import Guide, guide_problems
from hallapp.domain.guide_diff import GUIDE_LABELS, FieldChange, guide_changes
from hallapp.domain.text import unwanted_character
from hallapp.services.catalogue_import.model import ImportedCatalogue
from hallapp.store.guide_hash import Hashes

__all__ = ["ImportPreview", "MatterChange", "Refused", "compare"]

Progress = Callable[[str, int, int], None]  # (stage in words, done, total)


@dataclass(frozen=True)
class MatterChange:
    code: str
    name: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Refused:
    """A matter of the file that will not be imported, and why."""

    code: str
    name: str
    reasons: tuple[str, ...]


@dataclass
class ImportPreview:
    """What applying ``imported`` would do; nothing has been written."""

    file: str
    imported: ImportedCatalogue
    revision: str  # the catalogue revision compared against
    accepted: list[Guide] = field(default_factory=list)  # what would be stored: the file's guides not refused
    added: list[Guide] = field(default_factory=list)
    changed: list[MatterChange] = field(default_factory=list)
    reactivated: list[tuple[str, str]] = field(default_factory=list)  # withdrawn, listed again unchanged
    unchanged: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)  # in the database, not in the file
    refused: list[Refused] = field(default_factory=list)
    departments_added: list[str] = field(default_factory=list)
    licence_types_added: list[str] = field(default_factory=list)
    hashes: Hashes = field(default_factory=Hashes)  # computed once here, reused when storing

    @property
    def format(self) -> str:
        return self.imported.format

    @property
    def incomplete(self) -> int:
        return sum(1 for g in self.accepted if g.code in self.imported.incomplete)

    @property
    def writes_anything(self) -> bool:
        return bool(self.added or self.changed or self.reactivated)

    def problem_lines(self) -> list[str]:
        """Every problem of the file, then every matter refused with its reasons, in plain words."""
        lines = self.imported.messages()
        lines += [f"事项 {r.code} {r.name} 不导入：{'；'.join(r.reasons)}" for r in self.refused]
        return lines

    def summary(self, *, withdraw_missing: bool = False) -> str:
        """One paragraph: what would happen (the preview's first line, the CLI's last)."""
        parts = [
            f"新增 {len(self.added)} 项",
            f"修改 {len(self.changed)} 项",
            f"未变 {self.unchanged} 项",
        ]
        if self.reactivated:
            parts.append(f"恢复 {len(self.reactivated)} 项")
        if self.missing:
            missing = f"文件中没有的 {len(self.missing)} 项"
            parts.append(f"{missing}将撤下" if withdraw_missing else f"{missing}保留不动")
        if self.refused:
            parts.append(f"{len(self.refused)} 项有误不导入")
        if self.incomplete:
            parts.append(f"其中 {self.incomplete} 项缺少申请材料，标为待完善")
        problems = len(self.imported.all_problems)
        if problems:
            parts.append(f"文件问题 {problems} 条")
        return "，".join(parts) + "。"


@dataclass(frozen=True)
class Stored:
    """What the database holds, as the comparison needs it."""

    matters: dict[str, tuple[str, bool, str]]  # code → (content hash, active, name)
    departments: set[str]
    licence_types: set[str]
    revision: str


def compare(
    imported: ImportedCatalogue,
    stored: Stored,
    *,
    load_old: Callable[[list[str]], dict[str, Guide]],
    file: str = "",
    progress: Progress | None = None,
) -> ImportPreview:
    """The preview of ``imported`` against ``stored``; ````load_old`` reads the stored guides that changed."""
    source = imported.source
    preview = ImportPreview(file=file, imported=imported, revision=stored.revision)
    known_licences = stored.licence_types | {t.code for t in source.licence_types}
    preview.departments_added = [d.name for d in source.departments if d.code not in stored.departments]
    preview.licence_types_added = [t.name for t in source.licence_types if t.code not in stored.licence_types]
    seen: set[str] = set()
    changed_codes: list[str] = []
    total = len(source.guides)
    for number, guide in enumerate(source.guides, start=1):
        if progress is not None and number % 5000 == 0:
            progress("比对现有目录", number, total)
        incomplete = guide.code in imported.incomplete or not guide.materials
        # a matter without materials, from any file: 待完善 until completed (as a plain list's)
        if incomplete:
            imported.incomplete.add(guide.code)
        reasons = _reasons(guide, incomplete, known_licences, guide.code in seen)
        seen.add(guide.code)
        if reasons:
            preview.refused.append(Refused(guide.code, guide.name, tuple(reasons)))
            continue
        preview.accepted.append(guide)
        known = stored.matters.get(guide.code)
        if known is None:
            preview.added.append(guide)
        elif preview.hashes.same(known[0], guide, incomplete):
            if known[1]:
                preview.unchanged += 1
            else:
                preview.reactivated.append((guide.code, guide.name))
        else:
            changed_codes.append(guide.code)
    preview.missing = [
        (code, name) for code, (_h, active, name) in stored.matters.items() if active and code not in seen
    ]
    new = {g.code: g for g in preview.accepted}
    for start in range(0, len(changed_codes), 2000):
        chunk = changed_codes[start : start + 2000]
        if progress is not None:
            progress("比对修改内容", start, len(changed_codes))
        old = load_old(chunk)
        for code in chunk:
            guide = new[code]
            before = old.get(code)
            changes = tuple(guide_changes(before, guide)) if before is not None else ()
            if before is not None and not changes and code in imported.incomplete:
                changes = (FieldChange("待完善", "否", "是"),)
            elif before is not None and not changes:
                changes = (FieldChange("待完善", "是", "否"),)
            preview.changed.append(MatterChange(code, guide.name, changes))
    return preview


_LIMITS = (("code", "实施编码", 100), ("name", "事项名称", 300))  # the columns' sizes (store.models.Matter)
_ONE_LINE = ("code", "name", "place", "windows", "online_url")
_MULTILINE = ("legal_basis", "conditions", "procedure", "fees", "hours")


def _text_reasons(guide: Guide) -> list[str]:
    """A code or name too long for its column, and characters nobody sees (controls, direction overrides,
    terminal colour codes …) in a guide's texts: what a CSV passes through and no document can print."""
    reasons = [
        f"{label}有 {len(getattr(guide, key))} 个字符，超过 {limit} 个"
        for key, label, limit in _LIMITS
        if len(getattr(guide, key)) > limit
    ]
    texts = [(key, getattr(guide, key), False) for key in _ONE_LINE]
    texts += [(key, getattr(guide, key), True) for key in _MULTILINE]
    texts += [("phones", p, False) for p in guide.phones]
    for m in guide.materials:
        texts += [("材料", m.name, False), ("材料说明", m.notes, True), ("来源", m.source, False)]
    for key, text, multiline in texts:
        if text.isprintable():
            continue
        allowed = "\n\t" if multiline else ""
        bad = sorted({c for c in text if c not in allowed and unwanted_character(c)})
        if bad:
            label = GUIDE_LABELS.get(key, key)
            shown = "、".join(f"U+{ord(c):04X}" for c in bad[:3])
            reasons.append(f"{label}含不可见的控制或格式字符（{shown}），请在文件中删去后再导入")
    return reasons


def _reasons(guide: Guide, incomplete: bool, licences: Iterable[str], repeated: bool) -> list[str]:
    if repeated:
        return ["实施编码在文件中重复（只导入第一次出现的）"]
    reasons = _text_reasons(guide)
    reasons += [] if incomplete else [p.split(": ", 1)[-1] for p in guide_problems(guide)]
    known = set(licences)
    for material in guide.materials:
        if material.licence_type_code and material.licence_type_code not in known:
            reasons.append(f"材料「{material.name}」的电子证照类型 {material.licence_type_code} 未知")
    return reasons
