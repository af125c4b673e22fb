"""What goes into the search index, what a search may be narrowed by, and what comes out."""

from __future__ import annotations

from dataclasses import dataclass

# A matter imported from a plain list (no materials yet) is found and shown with this mark, never taken in.
INCOMPLETE_LABEL = "待完善"
INCOMPLETE_REASON = "该事项由清单导入，缺少申请材料等信息，完善前不能受理"


@dataclass(frozen=True)
class IndexRecord:
    """One active matter as the index sees it (its pinyin keys computed when it was stored)."""

    matter_id: int
    code: str
    name: str
    initials: str
    pinyin: str
    department_code: str
    department_name: str
    department_short_name: str
    department_initials: str = ""
    department_pinyin: str = ""
    deferrable: bool = False
    instant_approval: bool = False
    delegated: bool = False
    kind: str = "matter"  # or "bundle" (一件事一次办: matter_id is then the bundle's id)
    incomplete: bool = False  # imported from a plain list, no materials yet (a bundle: one of its matters)


@dataclass(frozen=True)
class SearchFilter:
    """Narrow a search to one department and/or to matters carrying flags."""

    department_code: str | None = None
    deferrable: bool = False
    instant_approval: bool = False
    delegated: bool = False

    @property
    def is_empty(self) -> bool:
        return self.department_code is None and not (
            self.deferrable or self.instant_approval or self.delegated
        )


@dataclass(frozen=True)
class SearchHit:
    """One line of the result list."""

    matter_id: int
    code: str
    name: str
    department_code: str
    department: str
    deferrable: bool
    instant_approval: bool
    delegated: bool
    matched_by: str = "名称"
    kind: str = "matter"  # or "bundle"
    incomplete: bool = False  # 待完善: found, shown, but not taken in until its guide is completed

    @property
    def is_bundle(self) -> bool:
        return self.kind == "bundle"
