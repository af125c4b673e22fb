"""Importing a catalogue file: the preview's diff, the all-or-nothing apply, a re-import changing nothing,
matters missing from a partial file kept unless withdrawn, plain lists marked incomplete, stale previews."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import col

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.access import AccessDenied
from hallapp.services.catalogue_files import CatalogueSource, read_catalogue
from hallapp.services.catalogue_import.xlsx_export import export_xlsx
from hallapp.services.import_catalogue import (
    ImportRefused,
    apply_import,
    export_catalogue,
    preview_import,
)
from hallapp.store import audit_repo
from hallapp.store import catalogue_repo as repo
from hallapp.store import models as m
from hallapp.store.case_models import AuditEvent
from hallapp.store.db import UnitOfWork
from hallapp.store.guide_versions import guide_at, guide_versions
from tests.people import ADMIN, CLERK

SHIPPED = read_catalogue(SHIPPED_CATALOGUE_DIR)


def admin(context, *, write: bool = False) -> UnitOfWork:
    return UnitOfWork(context.engine, write=write, principal=ADMIN)


def _count(context) -> int:
    with UnitOfWork(context.engine) as uow:
        return repo.count_matters(uow.session)


def _workbook(tmp_path: Path, guides, name: str = "清单.xlsx") -> Path:
    path = tmp_path / name
    export_xlsx(
        CatalogueSource(
            departments=SHIPPED.departments, licence_types=SHIPPED.licence_types, guides=list(guides)
        ),
        path,
    )
    return path


def _changed_catalogue():
    """The shipped catalogue with one matter's promised limit changed, one dropped and one new matter."""
    guides = list(SHIPPED.guides)
    target = next(g for g in guides if g.promised_limit_days >= 2 and not g.on_the_spot)
    changed = dataclasses.replace(target, promised_limit_days=target.promised_limit_days - 1, hours="全天")
    dropped = guides[-1]
    new = dataclasses.replace(guides[0], code="11440300MB2C92041J4000000000901", name="新导入的测试事项")
    kept = [changed if g.code == target.code else g for g in guides if g.code != dropped.code]
    return target, changed, dropped, new, [*kept, new]


def test_the_exported_catalogue_imported_again_changes_nothing(app_context, tmp_path):
    out = tmp_path / "目录.xlsx"
    assert export_catalogue(admin(app_context), out) == len(SHIPPED.guides)
    preview = preview_import(admin(app_context), out)
    assert (len(preview.added), len(preview.changed), len(preview.missing)) == (0, 0, 0)
    assert preview.unchanged == len(SHIPPED.guides) and not preview.refused
    assert not preview.writes_anything
    with UnitOfWork(app_context.engine) as uow:
        revision = repo.get_setting(uow.session, "catalogue.revision")
    result = apply_import(admin(app_context, write=True), preview)
    assert (result.added, result.updated, result.withdrawn) == (0, 0, 0)
    assert result.revision == revision  # nothing changed: the search index stays valid


def test_the_preview_shows_each_change_and_writes_nothing(app_context, tmp_path):
    target, changed, dropped, new, guides = _changed_catalogue()
    path = _workbook(tmp_path, guides)
    preview = preview_import(admin(app_context), path)
    assert [g.code for g in preview.added] == [new.code]
    assert [c.code for c in preview.changed] == [target.code]
    fields = {f.label: f for f in preview.changed[0].changes}
    assert fields["承诺办结时限"].old == str(target.promised_limit_days)
    assert fields["承诺办结时限"].new == str(changed.promised_limit_days)
    assert fields["办理时间"].new == "全天"
    assert preview.missing == [(dropped.code, dropped.name)]
    assert "新增 1 项，修改 1 项" in preview.summary()
    assert "保留不动" in preview.summary() and "将撤下" in preview.summary(withdraw_missing=True)
    with UnitOfWork(app_context.engine) as uow:  # nothing written by the preview
        assert repo.load_guide(uow.session, target.code) == target
        assert repo.load_guide(uow.session, new.code) is None


def test_applying_adds_changes_with_a_new_version_and_keeps_what_the_file_lacks(app_context, tmp_path):
    target, changed, _dropped, new, guides = _changed_catalogue()
    preview = preview_import(admin(app_context), _workbook(tmp_path, guides))
    result = apply_import(admin(app_context, write=True), preview)
    assert (result.added, result.updated, result.withdrawn) == (1, 1, 0)
    assert _count(app_context) == len(SHIPPED.guides) + 1  # the dropped matter stays
    with UnitOfWork(app_context.engine) as uow:
        assert repo.load_guide(uow.session, target.code) == changed
        assert guide_at(uow.session, target.code, 1) == target
        assert [v.version for v in guide_versions(uow.session, target.code)] == [2, 1]
        assert guide_versions(uow.session, target.code)[0].made_by == ADMIN.username
        assert repo.load_guide(uow.session, new.code) is not None
        origin = repo.get_setting(uow.session, "catalogue.source")
        assert origin.startswith("import:清单.xlsx:")  # start-up never reloads the shipped files over it
        event = uow.session.execute(
            select(AuditEvent).where(col(AuditEvent.action) == "catalogue.import")
        ).scalar_one()
        assert event.actor == ADMIN.username and event.object_id == result.revision
    again = preview_import(admin(app_context), _workbook(tmp_path, guides, "again.xlsx"))
    assert not again.writes_anything and again.unchanged == len(guides)


def test_matters_missing_from_the_file_are_withdrawn_only_when_chosen(app_context, tmp_path):
    _target, _changed, dropped, _new, guides = _changed_catalogue()
    preview = preview_import(admin(app_context), _workbook(tmp_path, guides))
    result = apply_import(admin(app_context, write=True), preview, withdraw_missing=True)
    assert result.withdrawn == 1
    with UnitOfWork(app_context.engine) as uow:
        active = uow.session.execute(
            select(col(m.Matter.active)).where(col(m.Matter.code) == dropped.code)
        ).scalar_one()
    assert active is False
    assert _count(app_context) == len(SHIPPED.guides)


def test_a_failure_part_way_writes_nothing(app_context, tmp_path, monkeypatch):
    target, _changed, _dropped, new, guides = _changed_catalogue()
    preview = preview_import(admin(app_context), _workbook(tmp_path, guides))

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(audit_repo, "record", fail)  # after every matter was written, before the commit
    with pytest.raises(OSError):
        apply_import(admin(app_context, write=True), preview)
    with UnitOfWork(app_context.engine) as uow:
        assert repo.load_guide(uow.session, target.code) == target
        assert repo.load_guide(uow.session, new.code) is None
        assert [v.version for v in guide_versions(uow.session, target.code)] == [1]
    assert _count(app_context) == len(SHIPPED.guides)


def test_a_preview_made_before_the_catalogue_changed_is_refused(app_context, tmp_path):
    _target, _changed, _dropped, _new, guides = _changed_catalogue()
    stale = preview_import(admin(app_context), _workbook(tmp_path, guides))
    fresh = preview_import(admin(app_context), _workbook(tmp_path, guides, "b.xlsx"))
    apply_import(admin(app_context, write=True), fresh)
    with pytest.raises(ImportRefused, match="重新预览"):
        apply_import(admin(app_context, write=True), stale)


def test_a_clerk_may_not_preview_or_apply(app_context, tmp_path):
    path = _workbook(tmp_path, SHIPPED.guides)
    with pytest.raises(AccessDenied):
        preview_import(UnitOfWork(app_context.engine, principal=CLERK), path)
    preview = preview_import(admin(app_context), path)
    with pytest.raises(AccessDenied):
        apply_import(UnitOfWork(app_context.engine, write=True, principal=CLERK), preview)


def test_a_matter_breaking_the_rules_is_refused_with_its_reason_and_the_rest_imported(app_context, tmp_path):
    good = dataclasses.replace(SHIPPED.guides[0], code="11440300MB2C92041J4000000000902", name="合规的新事项")
    bad = dataclasses.replace(
        SHIPPED.guides[0],
        code="11440300MB2C92041J4000000000903",
        name="时限有误的事项",
        statutory_limit_days=5,
        promised_limit_days=9,
        on_the_spot=False,
    )
    preview = preview_import(admin(app_context), _workbook(tmp_path, [*SHIPPED.guides, good, bad]))
    assert [r.code for r in preview.refused] == [bad.code]
    assert any("承诺时限" in reason for reason in preview.refused[0].reasons)
    assert any(bad.code in line and "不导入" in line for line in preview.problem_lines())
    result = apply_import(admin(app_context, write=True), preview)
    assert result.added == 1
    with UnitOfWork(app_context.engine) as uow:
        assert repo.load_guide(uow.session, bad.code) is None


def test_a_plain_list_adds_incomplete_matters_that_a_full_list_completes(app_context, tmp_path):
    path = tmp_path / "清单.csv"
    department = SHIPPED.departments[0]
    path.write_text(
        "实施编码,事项名称,实施主体\n"
        f"11440300MB2C92041J4000000000911,清单里的事项甲,{department.name}\n"
        f"11440300MB2C92041J4000000000912,清单里的事项乙,{department.name}\n",
        encoding="utf-8-sig",
    )
    preview = preview_import(admin(app_context), path)
    assert preview.format == "list" and not preview.refused, preview.problem_lines()
    assert len(preview.added) == 2 and preview.incomplete == 2
    assert "待完善" in preview.summary()
    apply_import(admin(app_context, write=True), preview)
    with UnitOfWork(app_context.engine) as uow:
        flags = dict(
            uow.session.execute(
                select(col(m.Matter.code), col(m.Matter.incomplete)).where(col(m.Matter.code).like("%91_"))
            ).all()
        )
    assert flags == {"11440300MB2C92041J4000000000911": True, "11440300MB2C92041J4000000000912": True}
    # the same list again: nothing to do, the matters missing from it untouched
    again = preview_import(admin(app_context), path)
    assert not again.writes_anything and len(again.missing) == len(SHIPPED.guides)
    # the full implementation list completes one: it changes and is no longer incomplete
    with UnitOfWork(app_context.engine) as uow:
        bare = repo.load_guide(uow.session, "11440300MB2C92041J4000000000911")
    full = dataclasses.replace(SHIPPED.guides[0], code=bare.code, name=bare.name, department=bare.department)
    completed = preview_import(admin(app_context), _workbook(tmp_path, [full], "完整.xlsx"))
    assert [c.code for c in completed.changed] == [full.code]
    apply_import(admin(app_context, write=True), completed)
    with UnitOfWork(app_context.engine) as uow:
        row = uow.session.execute(select(m.Matter).where(col(m.Matter.code) == full.code)).scalar_one()
        assert row.incomplete is False and row.version == 2


def test_kept_fields_of_an_import_are_stored_and_exported_again(app_context, tmp_path):
    guides = list(SHIPPED.guides)
    path = _workbook(tmp_path, guides)
    preview = preview_import(admin(app_context), path)
    code = guides[0].code
    preview.imported.extras[code] = {"xlsx": {"matter": {"行使层级": "区级"}, "materials": {}}}
    apply_import(admin(app_context, write=True), preview)
    with UnitOfWork(app_context.engine) as uow:
        row = uow.session.execute(select(m.Matter).where(col(m.Matter.code) == code)).scalar_one()
        assert json.loads(row.extras)["xlsx"]["matter"] == {"行使层级": "区级"}
        assert row.version == 1  # kept fields never make a new version of the guide


def test_an_unknown_file_type_or_a_missing_file_is_refused_in_words(app_context, tmp_path):
    (tmp_path / "目录.doc").write_bytes(b"x")
    with pytest.raises(ImportRefused, match="不认识的文件类型"):
        preview_import(admin(app_context), tmp_path / "目录.doc")
    with pytest.raises(ImportRefused, match="找不到文件"):
        preview_import(admin(app_context), tmp_path / "没有.xlsx")


def test_a_big_import_gets_a_bigger_page_cache_and_gives_it_back(app_context, tmp_path, monkeypatch):
    from hallapp.services import import_catalogue

    monkeypatch.setattr(import_catalogue, "ROOMY_FROM", 1)
    _target, _changed, _dropped, _new, guides = _changed_catalogue()
    preview = preview_import(admin(app_context), _workbook(tmp_path, guides))
    sizes = []
    real_apply = repo.apply_catalogue

    def spy(session, **kwargs):
        sizes.append(session.connection().exec_driver_sql("PRAGMA cache_size").scalar())
        return real_apply(session, **kwargs)

    monkeypatch.setattr(repo, "apply_catalogue", spy)
    assert apply_import(admin(app_context, write=True), preview).added == 1
    with app_context.engine.connect() as connection:
        after = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    if app_context.engine.dialect.name == "sqlite":
        assert sizes == [-16384] and after != -16384  # 16 MB while it writes, then the default again


def test_a_json_export_of_the_shipped_catalogue_imported_again_changes_nothing(app_context, tmp_path):
    """The national fields cannot say 秒批, 就近办, situations, e-licence links, whose document … : the
    export carries them in HALLAPP_GUIDE and the import takes them back."""
    out = tmp_path / "目录.json"
    assert export_catalogue(admin(app_context), out) == len(SHIPPED.guides)
    preview = preview_import(admin(app_context), out)
    assert not preview.writes_anything and preview.unchanged == len(SHIPPED.guides), [
        (c.code, [str(f) for f in c.changes]) for c in preview.changed[:3]
    ]
    assert preview.imported.messages() == []


def test_a_broken_hallapp_field_is_reported_and_the_national_fields_still_read(app_context, tmp_path):
    out = tmp_path / "目录.json"
    export_catalogue(admin(app_context), out)
    document = json.loads(out.read_text(encoding="utf-8"))
    document["CUSTOM"]["AUDIT_ITEM"][0]["HALLAPP_GUIDE"] = "{not json"
    out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    preview = preview_import(admin(app_context), out)
    assert any("HALLAPP_GUIDE" in line for line in preview.problem_lines())
    assert len(preview.accepted) == len(SHIPPED.guides)


def test_control_characters_and_a_name_too_long_are_refused_with_the_reason(app_context, tmp_path):
    department = SHIPPED.departments[0].name
    path = tmp_path / "坏清单.csv"
    path.write_text(
        "实施编码,事项名称,实施主体\n"
        f"11440300MB2C92041J4000000000921,坏\x01名\x1b[31m字\u202e,{department}\n"
        f"11440300MB2C92041J4000000000922,{'长' * 5000},{department}\n"
        f"11440300MB2C92041J4000000000923,好的清单事项,{department}\n",
        encoding="utf-8",
    )
    preview = preview_import(admin(app_context), path)
    reasons = {r.code[-3:]: " ".join(r.reasons) for r in preview.refused}
    assert "U+0001" in reasons["921"] and "U+202E" in reasons["921"]
    assert "超过 300 个" in reasons["922"]
    assert [g.code[-3:] for g in preview.accepted] == ["923"]


def test_matters_without_materials_exported_and_imported_again_change_nothing(app_context, tmp_path):
    """A plain list's matters stay 待完善 through an export and its import, Excel and JSON alike."""
    department = SHIPPED.departments[0].name
    path = tmp_path / "清单.csv"
    path.write_text(
        f"实施编码,事项名称,实施主体\n11440300MB2C92041J4000000000931,清单事项,{department}\n", "utf-8"
    )
    apply_import(admin(app_context, write=True), preview_import(admin(app_context), path))
    for suffix in (".xlsx", ".json"):
        out = tmp_path / f"导出{suffix}"
        export_catalogue(admin(app_context), out)
        again = preview_import(admin(app_context), out)
        assert not again.writes_anything and not again.refused, (
            suffix,
            [str(f) for c in again.changed for f in c.changes],
        )
