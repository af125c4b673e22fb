"""The administrator's catalogue editor through the counter session: a save makes the next version and
an audit event with what changed; refused, stale or unauthorised saves store nothing."""

import json
from dataclasses import replace

import pytest

from hallapp.domain.access import AccessDenied
from hallapp.domain.bundles import Bundle
from hallapp.services.catalogue_edit import GuideRefused, StaleVersion, WarningsNotConfirmed
from hallapp.store import audit_repo
from hallapp.store.catalogue_repo import get_setting
from hallapp.store.db import UnitOfWork
from tests.people import ADMIN, AUDITOR, CLERK, SUPERVISOR, create_accounts

CODE = "11440310MB2C01234A-0301-001"  # 创业培训补贴申领


@pytest.fixture
def admin(hall):
    create_accounts(hall.context, ADMIN)
    return hall.session(ADMIN)


def edit_events(context, object_type="matter", code=CODE):
    """(action, actor, detail) of the object's audit events, oldest first."""
    with UnitOfWork(context.engine) as uow:
        events = audit_repo.events_for(uow.session, object_type, code)
        return [(e.action, e.actor, json.loads(e.detail)) for e in events]


def revision(context) -> str:
    with UnitOfWork(context.engine) as uow:
        return get_setting(uow.session, "catalogue.revision")


def test_a_save_makes_version_2_and_is_audited_with_what_changed(admin, hall):
    opened = admin.open_matter(CODE)
    assert opened.version == 1 and not opened.incomplete
    before_revision = revision(hall.context)
    edited = replace(opened.guide, hours="周一至周六 9:00-18:00", promised_limit_days=10)
    outcome = admin.save_matter(edited, based_on=1)
    assert outcome.value.version == 2 and outcome.changes.catalogue
    assert [str(c) for c in outcome.value.changes] == [
        "承诺办结时限：15 → 10",
        f"办理时间：{opened.guide.hours} → 周一至周六 9:00-18:00",
    ]
    assert admin.open_matter(CODE).guide == edited
    versions = admin.matter_versions(CODE)
    assert (versions[0].version, versions[0].current, versions[0].made_by) == (2, True, ADMIN.username)
    assert versions[1].version == 1 and not versions[1].current
    assert [str(c) for c in admin.compare_versions(CODE, 1, 2)] == [str(c) for c in outcome.value.changes]
    (event,) = [e for e in edit_events(hall.context) if e[0] == "catalogue.edit"]
    _action, actor, detail = event
    assert actor == ADMIN.username and (detail["version"], detail["previous"]) == (2, 1)
    assert detail["changes"]["承诺办结时限"] == ["15", "10"] and len(detail["changes"]) == 2
    assert revision(hall.context) != before_revision  # the counters' index is rebuilt for it
    assert not hall.context.search.ready
    assert [h.name for h in admin.search("创业培训补贴")][:1] == ["创业培训补贴申领"]


def test_long_values_are_trimmed_in_the_audit_event(admin, hall):
    guide = admin.open_matter(CODE).guide
    admin.save_matter(replace(guide, conditions="很长的条件" * 100), based_on=1)
    (event,) = [e for e in edit_events(hall.context) if e[0] == "catalogue.edit"]
    new = event[2]["changes"]["受理条件"][1]
    assert len(new) == 200 and new.endswith("…")


def test_an_unchanged_guide_makes_no_version_and_no_event(admin, hall):
    opened = admin.open_matter(CODE)
    outcome = admin.save_matter(opened.guide, based_on=1)
    assert not outcome.value.saved and outcome.value.version == 1 and not outcome.changes
    assert not [e for e in edit_events(hall.context) if e[0] == "catalogue.edit"]


def test_a_stale_version_is_refused_in_words(admin, hall):
    opened = admin.open_matter(CODE)
    admin.save_matter(replace(opened.guide, fees="免费"), based_on=1)
    with pytest.raises(StaleVersion) as stale:
        admin.save_matter(replace(opened.guide, windows="C01"), based_on=1)
    assert "已由 sun.admin 保存为第 2 版（你打开的是第 1 版）" in str(stale.value)
    assert admin.open_matter(CODE).guide.windows == opened.guide.windows
    assert len(admin.matter_versions(CODE)) == 2


def test_a_refusal_stores_nothing(admin, hall):
    opened = admin.open_matter(CODE)
    bad = replace(opened.guide, on_the_spot=True, promised_limit_days=15, phones=("84908631",))
    with pytest.raises(GuideRefused) as refused:
        admin.save_matter(bad, based_on=1, confirm_warnings=True)
    assert len(refused.value.problems) == 2 and "即办件的承诺办结时限应为 0" in refused.value.problems[0]
    assert "缺少区号" in refused.value.problems[1]
    assert admin.open_matter(CODE) == opened
    assert not edit_events(hall.context)


def test_warnings_need_a_confirmation(admin):
    opened = admin.open_matter(CODE)
    capped = replace(opened.guide, max_deferred=4)
    assert [f.text for f in admin.check_matter(capped).warnings] == [
        "容缺材料上限为 4 项，但只有 1 项材料可容缺。"
    ]
    with pytest.raises(WarningsNotConfirmed):
        admin.save_matter(capped, based_on=1)
    assert admin.open_matter(CODE).version == 1
    assert admin.save_matter(capped, based_on=1, confirm_warnings=True).value.version == 2


@pytest.mark.parametrize("person", [CLERK, SUPERVISOR, AUDITOR])
def test_anyone_but_an_administrator_is_refused_every_editor_use_case(hall, admin, person):
    session = hall.session(person)
    guide = admin.open_matter(CODE).guide
    (bundle,) = [b.bundle for b in admin.editor_bundles() if b.code == "newborn"]
    calls = {
        "editor_lists": lambda: session.editor_lists(),
        "browse_matters": lambda: session.browse_matters(),
        "open_matter": lambda: session.open_matter(CODE),
        "check_matter": lambda: session.check_matter(guide),
        "save_matter": lambda: session.save_matter(replace(guide, fees="免费"), based_on=1),
        "matter_versions": lambda: session.matter_versions(CODE),
        "compare_versions": lambda: session.compare_versions(CODE, 1, 1),
        "editor_bundles": lambda: session.editor_bundles(),
        "save_bundle": lambda: session.save_bundle(replace(bundle, name="改名")),
    }
    for call in calls.values():
        with pytest.raises(AccessDenied, match="无权载入事项目录"):
            call()
    assert admin.open_matter(CODE).version == 1 and not edit_events(hall.context)
    assert [b.name for b in admin.editor_bundles() if b.code == "newborn"] == [bundle.name]


def test_browse_by_department_flag_and_text(admin):
    departments, licence_types = admin.editor_lists()
    assert "rsj" in {d.code for d in departments} and "resident_id_card" in {t.code for t in licence_types}
    everything = admin.browse_matters()
    assert len(everything) >= 40
    rsj = admin.browse_matters(department="rsj")
    assert rsj and {r.department_code for r in rsj} == {"rsj"}
    deferrable = admin.browse_matters(flag="deferrable")
    assert deferrable and all(r.deferrable for r in deferrable) and len(deferrable) < len(everything)
    assert [r.name for r in admin.browse_matters(text="创业培训")] == ["创业培训补贴申领"]
    assert "创业培训补贴申领" in [r.name for r in admin.browse_matters(text="cypx")]


def test_a_bundle_is_edited_and_audited(admin, hall):
    (row,) = [b for b in admin.editor_bundles() if b.code == "newborn"]
    codes = tuple(code for code, _name in row.members)
    edited = Bundle("newborn", "新生儿出生一件事（新）", row.description, codes[:3])
    outcome = admin.save_bundle(edited)
    assert [c.label for c in outcome.value] == ["名称", "包含事项"] and outcome.changes.catalogue
    (again,) = [b for b in admin.editor_bundles() if b.code == "newborn"]
    assert again.bundle == edited
    (event,) = edit_events(hall.context, "bundle", "newborn")
    assert event[0] == "catalogue.bundle_edit"
    assert event[2]["changes"]["名称"] == [row.name, "新生儿出生一件事（新）"]
    with pytest.raises(Exception, match="至少要包含两个事项"):
        admin.save_bundle(replace(edited, matter_codes=codes[:1]))


def test_start_up_no_longer_reloads_the_folder_over_an_edit(admin, hall, tmp_path):
    import shutil

    from hallapp.config import SHIPPED_CATALOGUE_DIR
    from hallapp.domain.access import SYSTEM
    from hallapp.services.catalogue import load_catalogue, refresh_catalogue_at_start

    folder = tmp_path / "catalogue"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    load_catalogue(UnitOfWork(hall.context.engine, write=True, principal=SYSTEM), folder, force=True)
    opened = admin.open_matter(CODE)
    admin.save_matter(replace(opened.guide, fees="免费"), based_on=opened.version)
    path = folder / "matters" / "rsj.toml"
    path.write_text(path.read_text("utf-8").replace('fees = "不收费"', 'fees = "按规定收费"', 1), "utf-8")
    result = refresh_catalogue_at_start(UnitOfWork(hall.context.engine, write=True, principal=SYSTEM), folder)
    assert result.skipped and admin.open_matter(CODE).guide.fees == "免费"


def test_an_incomplete_matter_is_completed_by_its_first_materials(admin, hall):
    from hallapp.search.pinyin import search_keys
    from hallapp.store.guide_versions import save_guide

    full = admin.open_matter(CODE).guide
    with UnitOfWork(hall.context.engine, write=True) as uow:
        save_guide(
            uow.session,
            replace(full, materials=()),
            actor="system",
            origin="import:x",
            keys=search_keys,
            incomplete=True,
        )
        uow.commit()
    opened = admin.open_matter(CODE)
    assert opened.incomplete and not opened.guide.materials
    assert [r.code for r in admin.browse_matters(flag="incomplete")] == [CODE]
    refused = admin.check_matter(opened.guide).refusals
    assert "至少要有一项申请材料。" in [f.text for f in refused]
    outcome = admin.save_matter(replace(opened.guide, materials=full.materials), based_on=opened.version)
    assert outcome.value.changes[-1].label == "待完善" and str(outcome.value.changes[-1]) == "待完善：是 → 否"
    again = admin.open_matter(CODE)
    assert not again.incomplete and again.guide.materials == full.materials
    assert admin.browse_matters(flag="incomplete") == []


def test_a_bundle_may_not_hold_a_withdrawn_or_incomplete_matter(admin, hall):
    from hallapp.store import models as m

    (row,) = [b for b in admin.editor_bundles() if b.code == "newborn"]
    codes = tuple(code for code, _name in row.members)
    with UnitOfWork(hall.context.engine) as uow:
        uow.session.execute(m.Matter.__table__.update().where(m.Matter.code == codes[0]).values(active=False))
        uow.session.execute(
            m.Matter.__table__.update().where(m.Matter.code == codes[1]).values(incomplete=True)
        )
        uow.commit()
    with pytest.raises(Exception, match="已撤下") as refused:
        admin.save_bundle(Bundle("newborn", row.name + "（新）", row.description, codes))
    assert "待完善" in str(refused.value)
    (again,) = [b for b in admin.editor_bundles() if b.code == "newborn"]
    assert again.bundle.name == row.name  # nothing saved
