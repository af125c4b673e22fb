"""The administrator's catalogue editor: browse matters, edit a guide under the quality rules, its versions,
the life-event bundles.

Every save is one transaction: the rules are checked again (a refusal stores nothing), the guide must
still be the version the editor opened (another administrator may have saved in between), the guide
becomes the matter's next version (the one it replaces is kept whole), the catalogue revision changes
(so the counters' search index is rebuilt) and an audit event ``catalogue.edit`` says what changed.
A catalogue loaded from a folder and then edited is no longer that folder's: start-up stops reloading
the folder over the administrator's edits (``catalogue.refresh_catalogue_at_start``).
"""

from __future__ import annotations

from dataclasses import dataclass

from hallapp.domain.access import Permission, check
from hallapp.domain.bundles import Bundle
from hallapp.domain.catalogue import Department, Guide, LicenceType
from hallapp.domain.errors import UserError
from hallapp.domain.guide_diff import FieldChange, guide_changes
from hallapp.services.catalogue import SOURCE_KEY, new_revision
from hallapp.services.catalogue_rules import RuleReport, check_guide
from hallapp.store import audit_repo
from hallapp.store import catalogue_browse as browse
from hallapp.store import catalogue_repo as repo
from hallapp.store.catalogue_browse import BundleRow, MatterRow
from hallapp.store.db import UnitOfWork
from hallapp.store.guide_versions import GuideVersionInfo, guide_at, guide_versions, save_guide

__all__ = [
    "FLAGS",
    "BundleRow",
    "EditableMatter",
    "GuideRefused",
    "MatterRow",
    "SaveResult",
    "StaleVersion",
    "WarningsNotConfirmed",
    "browse_matters",
    "check_matter",
    "compare_versions",
    "editor_lists",
    "list_bundles",
    "matter_versions",
    "open_matter",
    "save_bundle",
    "save_matter",
]

FLAGS = {  # the list's flag filter, in the words of the hall
    "deferrable": "容缺受理",
    "instant_approval": "秒批",
    "delegated": "就近办",
    "on_the_spot": "即办件",
    "incomplete": "待完善",
}
AUDIT_TEXT_MAX = 200  # characters of each old / new value kept in the audit event


class GuideRefused(UserError):
    """The quality rules refuse the guide: ``problems`` says every reason; nothing was saved."""


class WarningsNotConfirmed(UserError):
    """The guide has warnings the administrator has not confirmed; nothing was saved."""


class StaleVersion(UserError):
    """Someone saved the matter after the editor opened it; nothing was saved."""


@dataclass(frozen=True)
class EditableMatter:
    """A matter as the editor opens it: its guide, the version it is, and its marks."""

    guide: Guide
    version: int
    incomplete: bool
    active: bool


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the version now current and what changed (empty: nothing to save)."""

    code: str
    version: int
    changes: tuple[FieldChange, ...]

    @property
    def saved(self) -> bool:
        return bool(self.changes)


def editor_lists(uow: UnitOfWork) -> tuple[list[Department], list[LicenceType]]:
    """The departments and e-licence types the editor's choices offer."""
    check(uow.principal, Permission.CATALOGUE)
    with uow:
        return repo.list_departments(uow.session), repo.licence_types(uow.session)


def browse_matters(
    uow: UnitOfWork, *, department: str = "", flag: str = "", text: str = "", limit: int = 1000
) -> list[MatterRow]:
    """Matters of a department (code), with a flag (a key of ``FLAGS``), whose name, code or pinyin
    contains ``text``; withdrawn and incomplete matters included."""
    check(uow.principal, Permission.CATALOGUE)
    if flag and flag not in FLAGS:
        raise UserError(f"未知的筛选条件：{flag}")
    with uow:
        return browse.browse_matters(uow.session, department=department, flag=flag, text=text, limit=limit)


def open_matter(uow: UnitOfWork, code: str) -> EditableMatter:
    """The guide of a matter to edit, with the version the save will be checked against."""
    check(uow.principal, Permission.CATALOGUE)
    with uow:
        state = browse.matter_state(uow.session, code)
        guide = repo.load_guide(uow.session, code)
        if state is None or guide is None:
            raise UserError(f"没有编码为 {code} 的事项。")
        version, incomplete, active, _by = state
        return EditableMatter(guide, version, incomplete, active)


def _known_licences(uow: UnitOfWork) -> set[str]:
    return {t.code for t in repo.licence_types(uow.session)}


def check_matter(uow: UnitOfWork, guide: Guide) -> RuleReport:
    """What the quality rules say about an edited guide, before it is saved."""
    check(uow.principal, Permission.CATALOGUE)
    with uow:
        return check_guide(guide, licence_codes=_known_licences(uow))


def _mark_edited(uow: UnitOfWork) -> None:
    """A new catalogue revision (the search index is rebuilt) that is no longer a folder's copy."""
    session = uow.session
    new_revision(session)
    origin = repo.get_setting(session, SOURCE_KEY)
    if origin.startswith("folder:"):
        repo.set_setting(session, SOURCE_KEY, f"edited:{origin}"[:1000])


def _trim(text: str) -> str:
    return text if len(text) <= AUDIT_TEXT_MAX else text[: AUDIT_TEXT_MAX - 1] + "…"


def _audited(changes: list[FieldChange]) -> dict[str, list[str]]:
    """What changed as an audit detail: {label: [old, new]}, each value cut to ``AUDIT_TEXT_MAX``
    (the shape the audit view shows as 名称 旧 → 新, like a settings change)."""
    return {c.label: [_trim(c.old), _trim(c.new)] for c in changes}


def save_matter(
    uow: UnitOfWork, guide: Guide, *, based_on: int, confirm_warnings: bool = False
) -> SaveResult:
    """Save an edited guide as the matter's next version, if the rules allow it and nobody saved the matter
    since version ``based_on`` was opened. ``confirm_warnings``: the administrator saw the warnings."""
    principal = check(uow.principal, Permission.CATALOGUE)
    from hallapp.search.pinyin import search_keys

    with uow:
        session = uow.session
        state = browse.matter_state(session, guide.code)
        before = repo.load_guide(session, guide.code)
        if state is None or before is None:
            raise UserError(f"没有编码为 {guide.code} 的事项，未保存。")
        version, incomplete, _active, by = state
        if version != based_on:
            raise StaleVersion(
                f"「{before.name}」已由 {by or '他人'} 保存为第 {version} 版（你打开的是第 {based_on} 版），"
                "本次修改未保存：请重新打开此事项，在最新版本上修改。"
            )
        report = check_guide(guide, licence_codes=_known_licences(uow))
        if report.refusals:
            problems = [f.text for f in report.refusals]
            raise GuideRefused(
                f"有 {len(problems)} 处须改正，未保存：" + "；".join(problems), problems=problems
            )
        if report.warnings and not confirm_warnings:
            problems = [f.text for f in report.warnings]
            raise WarningsNotConfirmed("请确认以下提醒后再保存：" + "；".join(problems), problems=problems)
        changes = guide_changes(before, guide)
        if incomplete:
            changes.append(FieldChange("待完善", "是", "否"))
        if not changes:
            return SaveResult(guide.code, version, ())
        new_version = save_guide(
            session, guide, actor=principal.username, origin="editor", keys=search_keys, incomplete=False
        )
        _mark_edited(uow)
        audit_repo.record(
            session,
            actor=uow.actor,
            action="catalogue.edit",
            object_type="matter",
            object_id=guide.code,
            name=guide.name,
            version=new_version,
            previous=version,
            changes=_audited(changes),
            warnings=[f.text for f in report.warnings],
        )
        uow.commit()
    return SaveResult(guide.code, new_version, tuple(changes))


def matter_versions(uow: UnitOfWork, code: str) -> list[GuideVersionInfo]:
    """Every version of a matter's guide, newest first."""
    check(uow.principal, Permission.CATALOGUE)
    with uow:
        return guide_versions(uow.session, code)


def compare_versions(uow: UnitOfWork, code: str, old: int, new: int) -> list[FieldChange]:
    """What changed in a matter's guide from version ``old`` to version ``new``, in the guide's words."""
    check(uow.principal, Permission.CATALOGUE)
    with uow:
        known = {v.version for v in guide_versions(uow.session, code)}
        missing = [n for n in (old, new) if n not in known]
        if missing:
            raise UserError(f"事项 {code} 没有第 {missing[0]} 版。")
        before, after = guide_at(uow.session, code, old), guide_at(uow.session, code, new)
        assert before is not None and after is not None
        return guide_changes(before, after)


def list_bundles(uow: UnitOfWork) -> list[BundleRow]:
    """Every life-event bundle with its matters in order."""
    check(uow.principal, Permission.CATALOGUE)
    with uow:
        return browse.list_bundles(uow.session)


def _bundle_lines(row: BundleRow | None, bundle: Bundle) -> list[FieldChange]:
    if row is None:
        return []
    old, changes = row.bundle, []
    if old.name != bundle.name:
        changes.append(FieldChange("名称", old.name, bundle.name))
    if old.description != bundle.description:
        changes.append(FieldChange("说明", old.description, bundle.description))
    if old.matter_codes != bundle.matter_codes:
        changes.append(FieldChange("包含事项", "、".join(old.matter_codes), "、".join(bundle.matter_codes)))
    return changes


def save_bundle(uow: UnitOfWork, bundle: Bundle) -> list[FieldChange]:
    """Save a bundle's name, description and matters (in order); audited as ``catalogue.bundle_edit``.
    Returns what changed (empty: nothing was saved)."""
    check(uow.principal, Permission.CATALOGUE)
    from hallapp.search.pinyin import search_keys

    problems = []
    if not bundle.name.strip():
        problems.append("一件事的名称不能为空。")
    if len(bundle.matter_codes) < 2:
        problems.append("一件事至少要包含两个事项。")
    if len(set(bundle.matter_codes)) != len(bundle.matter_codes):
        problems.append("同一事项在一件事中只能出现一次。")
    with uow:
        session = uow.session
        rows = {r.code: r for r in browse.list_bundles(session)}
        row = rows.get(bundle.code)
        if row is None:
            problems.append(f"没有编码为 {bundle.code} 的一件事。")
        known = browse.known_codes(session, bundle.matter_codes)
        problems += [f"没有编码为 {code} 的事项。" for code in bundle.matter_codes if code not in known]
        unusable = browse.unusable_codes(session, bundle.matter_codes)
        problems += [f"事项 {code} {why}，不能放进一件事（窗口无法受理）。" for code, why in unusable.items()]
        if problems:
            raise UserError("；".join(problems), problems=problems)
        changes = _bundle_lines(row, bundle)
        if not changes:
            return []
        browse.write_bundle(session, bundle, search_keys(bundle.name))
        _mark_edited(uow)
        audit_repo.record(
            session,
            actor=uow.actor,
            action="catalogue.bundle_edit",
            object_type="bundle",
            object_id=bundle.code,
            name=bundle.name,
            changes=_audited(changes),
        )
        uow.commit()
    return changes
