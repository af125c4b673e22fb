import os
import shutil

import pytest
from sqlalchemy import func, select

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.access import SYSTEM, AccessDenied, NotSignedIn
from hallapp.services.catalogue import catalogue_revision, get_guide, list_departments, load_catalogue
from hallapp.services.catalogue_files import CatalogueError, read_catalogue
from hallapp.store import models as m
from hallapp.store.case_models import AuditEvent
from hallapp.store.db import UnitOfWork
from tests.people import ADMIN, CLERK, SUPERVISOR, acting_as


def count(context, table):
    with context.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(table)).scalar_one()


def load_events(context) -> list[tuple[str, str]]:
    with context.uow() as uow:
        events = uow.session.execute(select(AuditEvent).where(AuditEvent.action == "catalogue.load"))
        return [(e.actor, e.object_id) for e in events.scalars()]


def as_admin(context, folder, **options):
    """Load a catalogue folder as the administrator, whose task it is."""
    with acting_as(context, ADMIN):
        return load_catalogue(context.uow(write=True), folder, **options)


def test_shipped_catalogue_is_complete():
    source = read_catalogue(SHIPPED_CATALOGUE_DIR)
    names = {g.name for g in source.guides}
    for required in (
        "创业培训补贴申领",
        "就业登记",
        "高龄老人津贴申领",
        "生育登记",
        "居住登记",
        "社会保障卡申领",
        "个体工商户设立登记",
        "食品经营许可",
        "政府信息公开申请",
    ):
        assert required in names
    assert len(source.guides) >= 40
    assert len({g.department.code for g in source.guides}) >= 8
    assert len(source.licence_types) >= 20
    assert sum(g.delegated for g in source.guides) >= 10
    assert all(2 <= len(g.materials) <= 10 for g in source.guides)
    assert any("法人" in {a.value for a in g.applicant_types} for g in source.guides)
    deferrable_materials = [m for g in source.guides for m in g.materials if m.deferrable]
    assert deferrable_materials and all(
        g.deferrable for g in source.guides if any(m.deferrable for m in g.materials)
    )
    assert len({m.licence_type_code for g in source.guides for m in g.materials if m.licence_type_code}) >= 15


def test_first_start_loads_the_catalogue_and_loading_twice_changes_nothing(app_context, paths):
    assert app_context.catalogue_load is not None and not app_context.catalogue_load.skipped
    matters, materials = count(app_context, m.Matter), count(app_context, m.MaterialRequirement)
    revision = catalogue_revision(app_context.uow())
    assert matters >= 40

    assert load_events(app_context) == [("system", revision)]  # the installation loaded it at start-up

    again = as_admin(app_context, paths.catalogue_dir)
    assert again.skipped
    forced = as_admin(app_context, paths.catalogue_dir, force=True)
    assert (forced.added, forced.updated, forced.deactivated) == (0, 0, 0)
    assert (count(app_context, m.Matter), count(app_context, m.MaterialRequirement)) == (matters, materials)
    assert catalogue_revision(app_context.uow()) == revision
    assert load_events(app_context) == [("system", revision)]  # nothing changed: nothing to audit


@pytest.mark.parametrize("principal", [None, CLERK, SUPERVISOR], ids=["nobody", "clerk", "supervisor"])
def test_only_the_administrator_loads_a_catalogue(app_context, tmp_path, principal):
    folder = tmp_path / "catalogue"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    (folder / "matters" / "ybj.toml").unlink()
    (folder / "bundles.toml").unlink()
    revision = catalogue_revision(app_context.uow())
    with acting_as(app_context, principal), pytest.raises(AccessDenied) as caught:
        load_catalogue(app_context.uow(write=True), folder, force=True)
    assert isinstance(caught.value, NotSignedIn) is (principal is None)
    assert catalogue_revision(app_context.uow()) == revision and len(load_events(app_context)) == 1


def test_an_edited_file_updates_in_place_and_a_removed_matter_is_withdrawn(app_context, tmp_path):
    folder = tmp_path / "catalogue"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    before = count(app_context, m.Matter)
    revision = catalogue_revision(app_context.uow())
    path = folder / "matters" / "zfb.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("政府信息公开申请", "政府信息公开申请（依申请公开）", 1), encoding="utf-8")
    (folder / "matters" / "ybj.toml").unlink()
    (folder / "bundles.toml").unlink()  # its bundles name ybj's matters

    result = as_admin(app_context, folder)
    assert result.updated == 1 and result.added == 0 and result.deactivated == 2
    assert count(app_context, m.Matter) == before  # never deleted: cases may refer to them
    assert catalogue_revision(app_context.uow()) != revision
    assert load_events(app_context)[-1] == ("sun.admin", result.revision)
    code = read_catalogue(folder).guides[0].code
    assert get_guide(app_context.uow(), code) is not None


def test_a_broken_file_is_refused_with_every_problem_and_changes_nothing(app_context, tmp_path):
    folder = tmp_path / "catalogue"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    path = folder / "matters" / "rsj.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('department = "rsj"', 'department = "nowhere"', 1)
    text = text.replace('licence_type = "resident_id_card"', 'licence_type = "no_such_licence"', 1)
    path.write_text(text, encoding="utf-8")
    revision = catalogue_revision(app_context.uow())
    with pytest.raises(CatalogueError) as error:
        as_admin(app_context, folder)
    assert any("nowhere" in p for p in error.value.problems)
    assert catalogue_revision(app_context.uow()) == revision


def test_guide_reads_back_everything(app_context):
    source = {g.code: g for g in read_catalogue(SHIPPED_CATALOGUE_DIR).guides}
    for code, expected in list(source.items())[:10]:
        assert get_guide(app_context.uow(), code) == expected
    assert get_guide(app_context.uow(), "no-such-code") is None
    assert len(list_departments(app_context.uow())) >= 8


def test_start_up_never_replaces_a_catalogue_from_elsewhere(app_context, paths, tmp_path):
    from hallapp.services.catalogue import refresh_catalogue_at_start

    other = tmp_path / "province"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, other)
    (other / "matters" / "ybj.toml").unlink()
    (other / "bundles.toml").unlink()
    assert as_admin(app_context, other).deactivated == 2
    revision = catalogue_revision(app_context.uow())

    def start_up():  # the installation itself, before anyone signs in
        return UnitOfWork(app_context.engine, write=True, principal=SYSTEM)

    # the next start-up, with the shipped folder configured, leaves the province's catalogue alone
    assert refresh_catalogue_at_start(start_up(), paths.catalogue_dir).skipped
    assert catalogue_revision(app_context.uow()) == revision
    # while changed files in the folder it came from are picked up
    path = other / "matters" / "zfb.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("政府信息公开申请", "政府信息公开申请（依申请）", 1),
        encoding="utf-8",
    )
    assert refresh_catalogue_at_start(start_up(), other).updated == 1
    assert [actor for actor, _revision in load_events(app_context)] == ["system", "sun.admin", "system"]
    with pytest.raises(NotSignedIn):  # and never with nobody at all
        refresh_catalogue_at_start(UnitOfWork(app_context.engine, write=True), other)


# -- an emptied, unreadable or oversized catalogue folder (issue 10 §4) -----------------------------------


def emptied_copy(tmp_path):
    folder = tmp_path / "emptied"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    for path in (folder / "matters").glob("*.toml"):
        path.unlink()
    (folder / "bundles.toml").unlink()
    return folder


def active_matters(context) -> int:
    with context.uow() as uow:
        return uow.session.execute(
            select(func.count()).select_from(m.Matter).where(m.Matter.active)
        ).scalar_one()


def test_an_emptied_folder_withdraws_nothing_and_says_why(app_context, tmp_path):
    before, revision = active_matters(app_context), catalogue_revision(app_context.uow())
    with pytest.raises(CatalogueError) as error:
        as_admin(app_context, emptied_copy(tmp_path), force=True)
    assert "没有任何事项" in error.value.problems[0] and "现有目录保持不变" in error.value.problems[0]
    assert active_matters(app_context) == before > 0
    assert catalogue_revision(app_context.uow()) == revision


def test_at_start_an_emptied_or_missing_folder_keeps_the_catalogue_and_search_still_answers(
    ready_context, tmp_path
):
    from hallapp.services.catalogue import refresh_catalogue_at_start

    before = active_matters(ready_context)
    folder = emptied_copy(tmp_path)
    with ready_context.uow(write=True) as uow:  # as if the database's catalogue came from this folder
        from hallapp.services.catalogue import SOURCE_DIGEST_KEY, SOURCE_KEY
        from hallapp.store import catalogue_repo

        catalogue_repo.set_setting(uow.session, SOURCE_KEY, f"folder:{folder.resolve()}")
        catalogue_repo.set_setting(uow.session, SOURCE_DIGEST_KEY, "changed")
        uow.commit()
    start_up = UnitOfWork(ready_context.engine, write=True, principal=SYSTEM)
    result = refresh_catalogue_at_start(start_up, folder)
    assert result.skipped and "没有任何事项" in result.problems[0]
    (folder / "departments.toml").unlink()  # unreadable: a file is gone
    result = refresh_catalogue_at_start(
        UnitOfWork(ready_context.engine, write=True, principal=SYSTEM), folder
    )
    assert result.skipped and any("departments.toml" in p and "不存在" in p for p in result.problems)
    assert active_matters(ready_context) == before
    ready_context.search.invalidate()
    assert ready_context.search.search("jiuye")[0].name == "就业登记"  # the SQL path, then the index
    ready_context.search.prepare()
    assert ready_context.search.search("jiuye")[0].name == "就业登记"


def test_a_new_installation_with_an_empty_folder_opens_and_search_finds_nothing_without_crashing(tmp_path):
    from hallapp.config import resolve_paths
    from hallapp.services.bootstrap import open_app

    paths = resolve_paths(tmp_path / "data", None, catalogue_dir=emptied_copy(tmp_path))
    context = open_app(paths)
    try:
        assert context.catalogue_load.problems and "没有任何事项" in context.catalogue_load.problems[0]
        assert context.search.search("jiuye") == []  # before the index: the SQL path
        context.search.prepare()  # an index of nothing
        for query in ("jiuye", "就业", "a", "11440"):
            assert context.search.search(query) == []
    finally:
        context.close()


def test_a_catalogue_file_that_cannot_be_read_or_is_too_big_is_named(tmp_path, monkeypatch):
    import os

    from hallapp.services import catalogue_files

    folder = tmp_path / "catalogue"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    big = folder / "matters" / "rsj.toml"
    monkeypatch.setattr(catalogue_files, "MAX_FILE_BYTES", big.stat().st_size - 1)
    with pytest.raises(CatalogueError) as error:
        read_catalogue(folder)
    assert any(p.startswith("rsj.toml") and "MB" in p for p in error.value.problems)
    monkeypatch.undo()
    if os.geteuid() != 0:  # root reads whatever the permissions say
        big.chmod(0)
        with pytest.raises(CatalogueError) as error:
            read_catalogue(folder)
        assert any("rsj.toml" in p and "无法读取" in p for p in error.value.problems)
    big.unlink()
    big.mkdir()  # a folder where a file should be: unreadable as a file, on every system
    with pytest.raises(CatalogueError) as error:
        read_catalogue(folder)
    assert any("rsj.toml" in p and "无法读取" in p for p in error.value.problems)


def test_a_file_with_thousands_of_problems_lists_the_first_200_and_counts_the_rest(tmp_path):
    folder = tmp_path / "catalogue"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    entries = "".join(f'\n[[matter]]\ncode = "bad-{n}"\ndepartment = "nowhere"\n' for n in range(1000))
    with (folder / "matters" / "rsj.toml").open("a", encoding="utf-8") as file:
        file.write(entries)
    with pytest.raises(CatalogueError) as error:
        read_catalogue(folder)
    total = len(error.value.problems)
    assert total >= 1000
    lines = str(error.value).splitlines()
    assert lines[0] == "目录文件有误:" and len(lines) == 1 + 200 + 1
    assert lines[-1] == f"……还有 {total - 200} 条问题未列出"


def test_start_up_does_not_read_files_it_has_already_loaded(app_context, tmp_path, monkeypatch):
    """A cheap fingerprint (names, sizes, times), not a parse: 100,000 matters took 25 s to re-read."""
    from hallapp.services import catalogue as catalogue_service

    folder = tmp_path / "hall"
    shutil.copytree(SHIPPED_CATALOGUE_DIR, folder)
    as_admin(app_context, folder, force=True)  # the catalogue now comes from this folder

    def start_up():
        return UnitOfWork(app_context.engine, write=True, principal=SYSTEM)

    reads = []
    real_read = catalogue_service.read_catalogue
    monkeypatch.setattr(catalogue_service, "read_catalogue", lambda f: reads.append(f) or real_read(f))
    assert catalogue_service.refresh_catalogue_at_start(start_up(), folder).skipped
    assert reads == []  # unchanged files: not opened
    path = folder / "matters" / "zfb.toml"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))  # touched, same content
    assert catalogue_service.refresh_catalogue_at_start(start_up(), folder).skipped
    assert reads == [folder]  # read once and found the same …
    assert catalogue_service.refresh_catalogue_at_start(start_up(), folder).skipped
    assert reads == [folder]  # … and not again
    path.write_text(
        path.read_text(encoding="utf-8").replace("政府信息公开申请", "政府信息公开申请（依申请）", 1),
        encoding="utf-8",
    )
    assert catalogue_service.refresh_catalogue_at_start(start_up(), folder).updated == 1
    assert len(reads) == 2
