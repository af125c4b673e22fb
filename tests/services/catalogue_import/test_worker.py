"""The import worker's conversation (JSON lines), run in this process over the test's own database."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.access import AccessDenied
from hallapp.services.catalogue_files import CatalogueSource, read_catalogue
from hallapp.services.catalogue_import.worker import CHUNK, serve
from hallapp.services.catalogue_import.xlsx_export import export_xlsx
from hallapp.services.session import CounterSession
from hallapp.store import catalogue_repo as repo
from hallapp.store.db import UnitOfWork
from tests.people import ADMIN, CLERK

SHIPPED = read_catalogue(SHIPPED_CATALOGUE_DIR)


def _state(context) -> tuple[int, str]:
    with UnitOfWork(context.engine) as uow:
        return repo.count_matters(uow.session), repo.get_setting(uow.session, "catalogue.revision")


def _file(tmp_path: Path) -> Path:
    new = dataclasses.replace(
        SHIPPED.guides[0], code="11440300MB2C92041J4000000000901", name="新导入的测试事项"
    )
    path = tmp_path / "清单.xlsx"
    export_xlsx(CatalogueSource(SHIPPED.departments, SHIPPED.licence_types, [*SHIPPED.guides, new]), path)
    return path


def _talk(context, path: Path, *answers: dict) -> list[dict]:
    session = CounterSession(context, ADMIN, settings=None, licences=None)  # type: ignore[arg-type]
    request = session.import_worker_request(path)
    lines = [json.dumps(request, ensure_ascii=False)] + [json.dumps(a) for a in answers]
    out = io.StringIO()
    serve(io.StringIO("\n".join(lines) + "\n"), out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_preview_then_cancel_writes_nothing_and_apply_writes(app_context, tmp_path):
    path = _file(tmp_path)
    before = _state(app_context)
    said = _talk(app_context, path, {"command": "cancel"})
    kinds = [m["type"] for m in said]
    assert kinds[0] == "progress" and "preview" in kinds and kinds[-1] == "preview_end"
    head = next(m for m in said if m["type"] == "preview")["report"]
    assert head["counts"]["added"] == 1 and head["revision"] == before[1]
    rows = [r for m in said if m["type"] == "rows" and m["list"] == "added" for r in m["rows"]]
    assert rows == [
        ["11440300MB2C92041J4000000000901", "新导入的测试事项", SHIPPED.guides[0].department.name]
    ]
    assert _state(app_context) == before

    said = _talk(app_context, path, {"command": "apply", "withdraw_missing": False})
    result = said[-1]
    assert result["type"] == "result" and result["added"] == 1
    assert _state(app_context) == (before[0] + 1, result["revision"])


def test_long_lists_come_in_chunks_and_errors_in_words(app_context, tmp_path):
    department = SHIPPED.departments[0].name
    path = tmp_path / "批量.csv"
    path.write_text(
        "实施编码,事项名称,实施部门\n"
        + "".join(
            f"11440300MB2C92041J45{i:011d},批量测试事项第{i}号,{department}\n" for i in range(CHUNK * 2 + 5)
        ),
        encoding="utf-8",
    )
    said = _talk(app_context, path)
    chunks = [m for m in said if m["type"] == "rows" and m["list"] == "added"]
    assert [len(m["rows"]) for m in chunks] == [CHUNK, CHUNK, 5]
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a workbook")
    said = _talk(app_context, broken)
    problems = [r for m in said if m["type"] == "rows" and m["list"] == "problems" for r in m["rows"]]
    assert problems and problems[0][0] == "坏.xlsx" and problems[0][6].startswith("坏.xlsx")


def test_only_an_administrator_gets_a_worker(app_context, tmp_path):
    session = CounterSession(app_context, CLERK, settings=None, licences=None)  # type: ignore[arg-type]
    with pytest.raises(AccessDenied):
        session.import_worker_request(tmp_path / "a.xlsx")
    request = CounterSession(app_context, ADMIN, settings=None, licences=None).import_worker_request(  # type: ignore[arg-type]
        tmp_path / "a.xlsx"
    )
    assert request["principal"] == {
        "username": ADMIN.username,
        "display_name": ADMIN.display_name,
        "role": "admin",
        "window": "",
    }
