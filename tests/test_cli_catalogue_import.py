"""``hallapp catalogue import FILE`` and ``hallapp catalogue export --out FILE`` (administrator): the
preview printed, --dry-run writing nothing, an export imported again changing nothing, broken files said
in words with a non-zero exit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hallapp.config import SHIPPED_CATALOGUE_DIR, resolve_paths
from hallapp.services.catalogue_files import CatalogueSource, read_catalogue
from hallapp.services.catalogue_import.xlsx_export import export_xlsx
from hallapp.store import catalogue_repo as repo
from hallapp.store.db import UnitOfWork
from tests.cli_helpers import actors_of, build_installation, cheap_hashing, copy_installation, run_as

SHIPPED = read_catalogue(SHIPPED_CATALOGUE_DIR)
FILES = Path(__file__).parent / "services" / "catalogue_import" / "files"
NEW_CODE = "11440300MB2C92041J4000000000901"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_installation(tmp_path_factory.mktemp("cli-import") / "data")


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
def data_dir(template, tmp_path):
    return copy_installation(template, tmp_path)


def _state(data_dir: str) -> tuple[int, str]:
    from hallapp.store.db import make_engine

    engine = make_engine(resolve_paths(data_dir).database_url)
    try:
        with UnitOfWork(engine) as uow:
            return repo.count_matters(uow.session), repo.get_setting(uow.session, "catalogue.revision")
    finally:
        engine.dispose()


def _changed(tmp_path: Path) -> tuple[Path, str]:
    guides = list(SHIPPED.guides)
    target = next(g for g in guides if not g.on_the_spot)
    changed = dataclasses.replace(target, hours="每天 8:30-17:30（全天）")
    new = dataclasses.replace(guides[0], code=NEW_CODE, name="新导入的测试事项")
    kept = [changed if g.code == target.code else g for g in guides[:-1]]
    path = tmp_path / "清单.xlsx"
    export_xlsx(CatalogueSource(SHIPPED.departments, SHIPPED.licence_types, [*kept, new]), path)
    return path, target.code


def test_dry_run_prints_the_preview_and_changes_nothing(monkeypatch, data_dir, tmp_path, capsys):
    path, changed_code = _changed(tmp_path)
    before = _state(data_dir)
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "import", str(path), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "新增 1 项，修改 1 项" in out and "保留不动" in out
    assert f"  {NEW_CODE}  新导入的测试事项" in out
    assert changed_code in out and "办理时间：" in out and "→ 每天 8:30-17:30（全天）" in out
    assert SHIPPED.guides[-1].code in out  # missing from the file, listed
    assert "没有写入任何内容" in out
    assert _state(data_dir) == before


def test_import_applies_and_withdraws_only_when_asked(monkeypatch, data_dir, tmp_path, capsys):
    path, _code = _changed(tmp_path)
    count, revision = _state(data_dir)
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "import", str(path)) == 0
    out = capsys.readouterr().out
    assert "已导入：新增 1 项，修改 1 项，撤下 0 项" in out
    after = _state(data_dir)
    assert after[0] == count + 1 and after[1] != revision
    assert actors_of(data_dir, "catalogue.import") == ["admin"]
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "import", str(path), "--withdraw-missing") == 0
    out = capsys.readouterr().out
    assert "将撤下" in out and "撤下 1 项" in out


def test_only_an_administrator_imports(monkeypatch, data_dir, tmp_path, capsys):
    path, _code = _changed(tmp_path)
    before = _state(data_dir)
    assert run_as(monkeypatch, data_dir, "lisi", "catalogue", "import", str(path)) == 1
    assert "无权" in capsys.readouterr().err
    assert _state(data_dir) == before


@pytest.mark.parametrize("suffix", [".xlsx", ".json"])
def test_an_export_imported_again_changes_nothing(monkeypatch, data_dir, tmp_path, capsys, suffix):
    if suffix == ".json":
        # an exchange catalogue (what the national tables hold), the shipped matters withdrawn
        source = FILES / "custom_envelope.json"
        assert (
            run_as(monkeypatch, data_dir, "admin", "catalogue", "import", str(source), "--withdraw-missing")
            == 0
        )
        capsys.readouterr()
    out_file = tmp_path / f"导出{suffix}"
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "export", "--out", str(out_file)) == 0
    assert "已导出" in capsys.readouterr().out and out_file.is_file()
    before = _state(data_dir)
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "import", str(out_file)) == 0
    out = capsys.readouterr().out
    assert "新增 0 项，修改 0 项" in out and "文件中没有" not in out
    assert "已导入：新增 0 项，修改 0 项，撤下 0 项" in out
    assert _state(data_dir) == before  # the same revision: the search index stays valid


def test_a_broken_file_is_said_in_words_with_a_non_zero_exit(monkeypatch, data_dir, tmp_path, capsys):
    broken = tmp_path / "坏.json"
    broken.write_text('{"STATUS": {"CODE": "00"}, "CUSTOM": {"AUDIT_ITEM": [', encoding="utf-8")
    before = _state(data_dir)
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "import", str(broken)) == 1
    captured = capsys.readouterr()
    assert "不是有效的 JSON" in captured.out and "没有可以导入的事项" in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "import", str(tmp_path / "没有.xlsx")) == 1
    assert "找不到文件" in capsys.readouterr().err
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "import", str(tmp_path / "a.pdf")) == 1
    assert "不认识的文件类型" in capsys.readouterr().err
    assert _state(data_dir) == before


def test_the_command_line_says_what_is_missing(monkeypatch, data_dir, capsys):
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "import") == 2
    assert "缺少要导入的文件" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "export") == 2
    assert "缺少 --out" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "export", "--out", "x.pdf") == 1
    assert ".json" in capsys.readouterr().err


def test_long_lists_are_cut_with_how_many_more(monkeypatch, data_dir, tmp_path, capsys):
    department = SHIPPED.departments[0].name
    rows = [f"11440300MB2C92041J45{i:011d},批量测试事项第{i}号,{department}" for i in range(60)]
    path = tmp_path / "批量.csv"
    path.write_text("实施编码,事项名称,实施部门\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "import", str(path), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "新增（60 项）" in out and "……还有 40 项" in out
    assert "批量测试事项第19号" in out and "批量测试事项第20号" not in out
