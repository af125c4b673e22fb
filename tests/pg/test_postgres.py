"""Schema, migrations and use cases on PostgreSQL (a throwaway server: see conftest.py).

The same checks as the SQLite tests under tests/store and tests/services, kept to what can differ
between the two databases: DDL, upserts and locking, LIKE and string functions, CHECK constraints,
time zones, dates and transactions.
"""

from __future__ import annotations

import importlib
import multiprocessing
import pkgutil
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlmodel import SQLModel

from hallapp.config import SHIPPED_CATALOGUE_DIR, resolve_paths
from hallapp.domain.access import Principal, Role
from hallapp.services.bootstrap import open_app
from hallapp.services.catalogue import catalogue_revision, get_guide, load_catalogue
from hallapp.services.catalogue_files import read_catalogue
from hallapp.services.documents import produce_documents
from hallapp.services.intake import ApplicantInput, Decision, IntakeError, MaterialInput, submit_intake
from hallapp.services.search import CatalogueSearch
from hallapp.services.settings import CounterSettings
from hallapp.store import __path__ as store_path
from hallapp.store import case_models, case_repo
from hallapp.store import models as m
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import current_revision, head_revision, upgrade
from tests.people import ADMIN, CLERK, acting_as
from tests.printing.pdfcheck import squeeze, text
from tests.services.intake_helpers import PERSON, all_received, guide_for, request, resident_id, with_deferred

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)
TABLES = {
    "department",
    "licence_type",
    "matter",
    "material_requirement",
    "setting",
    "applicant",
    "cases",
    "case_material",
    "case_document",
    "number_counter",
    "audit_event",
    "alembic_version",
}
QUERIES = [
    "",
    "登记",
    "申领",
    "证",
    "jy",
    "cypxbt",
    "chuangye",
    "11440310mb2c07890g",
    "许可",
    "就业登记",
    "高龄老人津贴申领",
]


def submit(context, req, now=AT, settings=SETTINGS, uow=None):
    return submit_intake(
        uow or context.uow(write=True), req, settings=settings, calendar=context.calendar, now=now
    )


def count(context, table) -> int:
    with context.uow() as uow:
        return uow.session.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture
def context(ready_context):
    assert ready_context.engine.dialect.name == "postgresql"
    return ready_context


@pytest.fixture
def first_start(pg_url, tmp_path):
    """HallApp opened for the first time on an empty PostgreSQL database."""
    context = open_app(resolve_paths(tmp_path / "data", pg_url))
    context.principal = CLERK
    yield context
    context.close()


@pytest.fixture
def sqlite_context(tmp_path):
    """The same installation on SQLite, to compare with."""
    context = open_app(resolve_paths(tmp_path / "sqlite"))
    context.principal = CLERK
    yield context
    context.close()


# --- schema -------------------------------------------------------------------------------------------


def test_migration_builds_the_models_schema_from_nothing_and_is_idempotent(pg_url):
    for module in pkgutil.iter_modules(store_path):  # every table in SQLModel.metadata
        if module.name.endswith("models"):
            importlib.import_module(f"hallapp.store.{module.name}")
    engine = make_engine(pg_url)
    try:
        assert current_revision(engine) is None
        assert upgrade(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert TABLES <= tables == set(SQLModel.metadata.tables) | {"alembic_version"}
        assert upgrade(engine) == head_revision() == current_revision(engine)
        with engine.connect() as connection:
            migration = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = [
                d
                for d in compare_metadata(migration, SQLModel.metadata)
                if d[0] != "remove_table" or d[1].name != "alembic_version"
            ]
        assert differences == []
    finally:
        engine.dispose()


# --- catalogue and search -----------------------------------------------------------------------------


def test_catalogue_loads_once_and_reads_back_equal_to_its_files(first_start):
    app_context = first_start
    assert app_context.catalogue_load is not None and not app_context.catalogue_load.skipped
    sizes = count(app_context, m.Matter), count(app_context, m.MaterialRequirement)
    revision = catalogue_revision(app_context.uow())
    assert sizes[0] >= 40
    with acting_as(app_context, ADMIN):  # loading a catalogue is the administrator's
        assert load_catalogue(app_context.uow(write=True), SHIPPED_CATALOGUE_DIR).skipped
        forced = load_catalogue(app_context.uow(write=True), SHIPPED_CATALOGUE_DIR, force=True)
    assert (forced.added, forced.updated, forced.deactivated) == (0, 0, 0)
    assert (count(app_context, m.Matter), count(app_context, m.MaterialRequirement)) == sizes
    assert catalogue_revision(app_context.uow()) == revision
    for guide in read_catalogue(SHIPPED_CATALOGUE_DIR).guides:
        assert get_guide(app_context.uow(), guide.code) == guide


def test_sql_scan_agrees_with_the_index_and_with_sqlite(context, sqlite_context):
    scan = CatalogueSearch(context.uow, None)  # never prepared: always the SQL scan (like_search)
    sqlite_scan = CatalogueSearch(sqlite_context.uow, None)
    for query in QUERIES:
        hits = scan.search(query, limit=100)
        assert hits, query
        assert {h.code for h in hits} <= {h.code for h in context.search.search(query, limit=100)}, query
        assert [h.code for h in hits] == [h.code for h in sqlite_scan.search(query, limit=100)], query
    for query in ["就业登记", "高龄老人津贴申领"]:
        assert context.search.search(query)[0].name == scan.search(query)[0].name == query


# --- intake -------------------------------------------------------------------------------------------


def accept_defer_refuse(context) -> list[dict[str, Any]]:
    """Three decisions at 2026-09-30 10:15; every case, material and audit event stored, without ids and clocks."""
    employment, subsidy = guide_for(context, "就业登记"), guide_for(context, "创业培训补贴申领")
    nothing = tuple(MaterialInput() for _ in employment.materials_for({}))
    results = [
        submit(context, request(employment, Decision.ACCEPT)),
        submit(context, request(subsidy, Decision.DEFER, with_deferred(subsidy), commitment_signed=True)),
        submit(context, request(employment, Decision.REFUSE, nothing)),
    ]
    assert [r.number for r in results] == ["PS2026000001", "PS2026000002", "PS2026G00001"]
    assert results[0].promised == date(2026, 9, 30)  # 即办件
    assert results[1].deferral_deadline == date(2026, 10, 13) and not results[1].deferral_unverified
    ids = {"id", "case_id", "applicant_id", "matter_id", "created_at", "updated_at", "at"}
    ids |= {"hash", "prev_hash"}  # chained over the clock: differ by design
    tables = (case_models.Case, case_models.CaseMaterial, case_models.AuditEvent)
    with context.uow() as uow:
        rows = [row for t in tables for row in uow.session.execute(select(t).order_by(t.id)).scalars()]
        # the catalogue's load (a random revision id) is not part of what the intakes stored
        return [row.model_dump(exclude=ids) for row in rows if getattr(row, "object_type", "") != "catalogue"]


def test_accept_defer_and_refuse_store_the_same_as_on_sqlite(context, sqlite_context):
    stored = accept_defer_refuse(context)
    assert stored == accept_defer_refuse(sqlite_context)
    cases = {c["case_number"] or c["notice_number"]: c for c in stored if "decision" in c}
    assert {c["received_at"] for c in cases.values()} == {AT.astimezone(UTC)}
    assert cases["PS2026000002"]["deferral_deadline"] == date(2026, 10, 13)
    assert cases["PS2026G00001"]["case_number"] is None
    assert [m["deadline"] for m in stored if m.get("outcome") == "deferred"] == [date(2026, 10, 13)]
    assert {e["object_id"] for e in stored if "action" in e} == set(cases)
    seqs = [e["seq"] for e in stored if "action" in e]
    assert seqs == sorted(seqs)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"applicant": ApplicantInput("person", "张三", "440308199001011234", "13812345678")}, "校验位"),
        ({"decision": Decision.REFUSE}, "不能出具一次性告知书"),  # refused inside the transaction
    ],
)
def test_bad_input_stores_nothing(context, change, message):
    guide = guide_for(context, "就业登记")
    tables = (
        case_models.Case,
        case_models.CaseMaterial,
        case_models.AuditEvent,
        case_models.Applicant,
        case_models.NumberCounter,
    )
    before = [count(context, table) for table in tables]  # the catalogue's load is on the trail already
    with pytest.raises(IntakeError, match=message):
        submit(context, request(guide, change.pop("decision", Decision.ACCEPT), **change))
    assert [count(context, table) for table in tables] == before


def test_the_check_constraint_refuses_a_deferred_main_material(context):
    result = submit(context, request(guide_for(context, "就业登记"), Decision.ACCEPT))
    with pytest.raises(Exception, match="ck_case_material_deferrable"), context.uow(write=True) as uow:
        case = case_repo.case_by_number(uow.session, result.number)
        material = case_repo.materials_of(uow.session, case.id)[0]
        material.outcome = "deferred"  # bypassing the domain
        uow.session.flush()
    with context.uow() as uow:
        case = case_repo.case_by_number(uow.session, result.number)
        assert case_repo.materials_of(uow.session, case.id)[0].outcome == "received"


@pytest.mark.parametrize("same_applicant", [False, True])
def test_case_numbers_are_unique_and_gapless_under_concurrent_writers(context, paths, same_applicant):
    guide = guide_for(context, "就业登记")
    start = threading.Barrier(4)

    def window(number: int) -> list[str]:
        engine = make_engine(paths.database_url)  # each counter PC has its own connection pool
        settings = CounterSettings(window=f"{number:02d}", clerk=f"clerk{number}", case_prefix="PS")
        clerk = Principal(f"clerk{number}", f"clerk{number}", Role.CLERK, f"{number:02d}")
        applicants = [
            PERSON
            if same_applicant
            else replace(PERSON, id_number=resident_id(f"44030819900101{number}{i:02d}"))
            for i in range(15)
        ]
        try:
            start.wait()
            return [
                submit(
                    context,
                    request(guide, Decision.ACCEPT, applicant=applicant),
                    settings=settings,
                    uow=UnitOfWork(engine, write=True, principal=clerk),
                ).number
                for applicant in applicants
            ]
        finally:
            engine.dispose()

    with ThreadPoolExecutor(4) as pool:
        numbers = [n for batch in pool.map(window, range(4)) for n in batch]
    assert sorted(numbers) == [f"PS2026{n:06d}" for n in range(1, 61)]
    assert count(context, case_models.Case) == 60


_counters_ready: Any = None


def _ready_together(barrier: Any) -> None:
    global _counters_ready
    _counters_ready = barrier


def _start_counter(data_dir: str, url: str) -> int:
    """One counter PC starting HallApp (in its own process: Alembic is not thread-safe)."""
    _counters_ready.wait(timeout=60)
    app = open_app(resolve_paths(data_dir, url))
    try:
        with app.uow() as uow:
            return int(uow.session.execute(select(func.count()).select_from(m.Matter)).scalar_one())
    finally:
        app.close()


def test_counters_starting_together_on_a_new_database(pg_url, tmp_path):
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        2, mp_context=spawn, initializer=_ready_together, initargs=(spawn.Barrier(2),)
    ) as pool:
        matters = list(pool.map(_start_counter, [str(tmp_path / f"pc{i}") for i in range(2)], [pg_url] * 2))
    assert len(set(matters)) == 1 and matters[0] >= 40


# --- documents ----------------------------------------------------------------------------------------


def test_documents_of_an_accepted_case(context):
    guide = guide_for(context, "创业培训补贴申领")
    result = submit(context, request(guide, Decision.ACCEPT, all_received(guide)))
    (receipt,) = produce_documents(
        context.uow(write=True),
        result.number,
        data_dir=context.paths.data_dir,
        settings=SETTINGS,
    )
    assert receipt.path.is_file() and receipt.path.is_relative_to(
        context.paths.data_dir / "archive" / "2026" / "09"
    )
    content = text(receipt.path.read_bytes())
    assert result.number in content and squeeze(guide.name) in content
    assert count(context, case_models.CaseDocument) == 1
    with context.uow() as uow:
        document = uow.session.execute(select(case_models.CaseDocument)).scalar_one()
        assert document.created_by == "zhang.san"
