"""Guide versions: a changed matter gets a new version, the old one is kept whole and read back as it was."""

from __future__ import annotations

import dataclasses

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.guide_diff import guide_changes
from hallapp.search.pinyin import search_keys
from hallapp.services.catalogue_files import read_catalogue
from hallapp.store import catalogue_repo as repo
from hallapp.store.db import UnitOfWork
from hallapp.store.guide_codec import decode_guide, encode_guide
from hallapp.store.guide_versions import guide_at, guide_versions, save_guide

SHIPPED = read_catalogue(SHIPPED_CATALOGUE_DIR)


def _apply(session, guides, **kwargs):
    return repo.apply_catalogue(
        session,
        departments=SHIPPED.departments,
        licence_types=SHIPPED.licence_types,
        guides=guides,
        keys=search_keys,
        **kwargs,
    )


def test_every_shipped_guide_survives_the_codec_unchanged():
    for guide in SHIPPED.guides:
        assert decode_guide(encode_guide(guide)) == guide


def test_a_changed_matter_gets_a_new_version_and_the_old_one_is_kept_whole(app_context):
    guide = SHIPPED.guides[0]
    with UnitOfWork(app_context.engine) as uow:
        before = repo.load_guide(uow.session, guide.code)
        assert before == guide
        assert [v.version for v in guide_versions(uow.session, guide.code)] == [1]
        changed = dataclasses.replace(
            guide,
            promised_limit_days=max(0, guide.promised_limit_days - 1),
            place="新的办理地点",
            materials=guide.materials[:-1] if len(guide.materials) > 1 else guide.materials,
        )
        report = _apply(uow.session, [changed, *SHIPPED.guides[1:]], actor="sun.admin", origin="test")
        assert (report.updated, report.added, report.unchanged) == (1, 0, len(SHIPPED.guides) - 1)
        assert report.versions == {guide.code: 2}
        uow.commit()
    with UnitOfWork(app_context.engine) as uow:
        versions = guide_versions(uow.session, guide.code)
        assert [(v.version, v.current) for v in versions] == [(2, True), (1, False)]
        assert versions[0].made_by == "sun.admin" and versions[0].origin == "test"
        assert guide_at(uow.session, guide.code, 1) == guide  # the old one, whole
        assert guide_at(uow.session, guide.code, 2) == changed
        assert guide_at(uow.session, guide.code, None) == changed  # no version: today's
        assert guide_at(uow.session, "NO-SUCH-CODE", 1) is None


def test_the_same_catalogue_again_makes_no_version(app_context):
    with UnitOfWork(app_context.engine) as uow:
        report = _apply(uow.session, SHIPPED.guides)
        assert not report.changed and report.versions == {}
        assert all(len(guide_versions(uow.session, g.code)) == 1 for g in SHIPPED.guides[:5])


def test_a_withdrawn_matter_listed_again_unchanged_is_put_back_without_a_new_version(app_context):
    first, rest = SHIPPED.guides[0], SHIPPED.guides[1:]
    with UnitOfWork(app_context.engine) as uow:
        assert _apply(uow.session, rest).deactivated == 1
        report = _apply(uow.session, SHIPPED.guides)
        assert report.updated == 1 and report.versions == {}
        assert [v.version for v in guide_versions(uow.session, first.code)] == [1]
        assert repo.count_matters(uow.session) == len(SHIPPED.guides)


def test_a_partial_catalogue_withdraws_nothing_when_told_so(app_context):
    with UnitOfWork(app_context.engine) as uow:
        report = _apply(uow.session, SHIPPED.guides[:3], deactivate_missing=False)
        assert report.deactivated == 0
        assert repo.count_matters(uow.session) == len(SHIPPED.guides)


def test_saving_an_edited_guide_makes_the_next_version_and_its_changes_read_in_words(app_context):
    guide = SHIPPED.guides[1]
    edited = dataclasses.replace(guide, hours="周一至周五 9:00-17:00", deferrable=not guide.deferrable)
    with UnitOfWork(app_context.engine) as uow:
        if guide.deferrable:  # a matter no longer deferrable has no deferrable material either
            edited = dataclasses.replace(
                edited,
                materials=tuple(dataclasses.replace(m, deferrable=False) for m in guide.materials),
            )
        assert save_guide(uow.session, edited, actor="sun.admin", origin="编辑", keys=search_keys) == 2
        assert save_guide(uow.session, edited, actor="sun.admin", origin="编辑", keys=search_keys) == 2
        uow.commit()
    with UnitOfWork(app_context.engine) as uow:
        old, new = guide_at(uow.session, guide.code, 1), guide_at(uow.session, guide.code, 2)
    labels = [change.label for change in guide_changes(old, new)]
    assert "办理时间" in labels and "容缺受理" in labels
    hours = next(c for c in guide_changes(old, new) if c.label == "办理时间")
    assert hours.new == "周一至周五 9:00-17:00" and hours.old == guide.hours


def test_changes_name_materials_added_removed_changed_and_reordered():
    guide = next(g for g in SHIPPED.guides if len(g.materials) >= 3)
    first, second, *rest = guide.materials
    new_material = dataclasses.replace(first, name="新增的材料")
    edited = dataclasses.replace(
        guide,
        materials=(second, dataclasses.replace(first, copies=first.copies + 2), *rest[:-1], new_material),
    )
    changes = {c.label: c for c in guide_changes(guide, edited)}
    assert changes["材料「新增的材料」"].old == ""
    assert changes[f"材料「{rest[-1].name}」"].new == ""
    assert f"复印件{first.copies + 2}份" in changes[f"材料「{first.name}」"].new
    assert "材料顺序" in changes
    assert guide_changes(guide, guide) == []


def test_thousands_of_matters_are_written_in_batches_and_read_back_whole(app_context):
    """More than one write batch and one statement chunk: every matter, material and version right."""
    base = SHIPPED.guides
    many = [
        dataclasses.replace(base[i % len(base)], code=f"BATCH-{i:05d}", name=f"批量事项{i}")
        for i in range(repo.WRITE_BATCH * 2 + 123)
    ]
    with UnitOfWork(app_context.engine) as uow:
        report = _apply(uow.session, [*SHIPPED.guides, *many])
        assert report.added == len(many)
        uow.commit()
    changed = [dataclasses.replace(g, fees=f"收费{i}") for i, g in enumerate(many[: repo.WRITE_BATCH + 7])]
    with UnitOfWork(app_context.engine) as uow:
        report = _apply(uow.session, [*SHIPPED.guides, *changed, *many[len(changed) :]])
        assert (report.updated, report.added, report.deactivated) == (len(changed), 0, 0)
        uow.commit()
    with UnitOfWork(app_context.engine) as uow:
        stored = repo.load_guides(uow.session, [g.code for g in many])
        assert [stored[g.code] for g in many] == [*changed, *many[len(changed) :]]
        assert guide_at(uow.session, changed[-1].code, 1) == many[len(changed) - 1]
        assert guide_at(uow.session, changed[-1].code, 2) == changed[-1]
