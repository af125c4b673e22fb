"""Crash safety: no committed case is ever lost, nothing is half-written, a full disk is a clear error."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from hallapp.services.intake import Decision, submit_intake
from hallapp.services.settings import CounterSettings
from hallapp.store.case_models import AuditEvent, Case, CaseMaterial
from hallapp.store.db import StorageFull
from tests.services.intake_helpers import guide_for, request

WRITER = Path(__file__).with_name("kill_writer.py")
SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")


def check_database(path: Path) -> dict[str, int]:
    """integrity_check ok, and every stored case has its materials and its audit record."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        cases = connection.execute("SELECT count(*) FROM cases").fetchone()[0]
        without_audit = connection.execute(
            "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM audit_event e "
            "WHERE e.object_type = 'case' AND e.object_id = coalesce(c.case_number, c.notice_number) "
            "AND e.action LIKE 'case.%')"
        ).fetchone()[0]
        without_materials = connection.execute(
            "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_material m WHERE m.case_id = c.id)"
        ).fetchone()[0]
        assert without_audit == 0 and without_materials == 0
        numbers = {row[0] for row in connection.execute("SELECT case_number FROM cases")}
        return {"cases": cases, "numbers": numbers}  # type: ignore[dict-item]
    finally:
        connection.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is a POSIX signal")
def test_a_writer_killed_at_random_moments_loses_no_committed_case(ready_context):
    code = guide_for(ready_context, "就业登记").code
    data_dir = ready_context.paths.data_dir
    database = ready_context.paths.database_file
    ready_context.close()
    committed: set[str] = set()
    rng = random.Random(7)
    for _round in range(6):
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(data_dir), code],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(writer.pid, signal.SIGKILL)
        out, _err = writer.communicate(timeout=30)
        committed |= {line.strip() for line in out.splitlines() if line.strip()}
        stored = check_database(database)
        assert committed <= stored["numbers"]  # every case the writer saw committed is there
    assert len(committed) > 6


def test_a_full_disk_is_a_clear_error_keeps_nothing_half_written_and_work_resumes(ready_context):
    engine = ready_context.engine
    guide = guide_for(ready_context, "就业登记")
    with engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    def cap(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 6}")

    engine.dispose()
    event.listen(engine, "connect", cap)
    error = None
    try:
        for _ in range(400):
            submit_intake(
                ready_context.uow(write=True),
                request(guide, Decision.ACCEPT),
                settings=SETTINGS,
                calendar=ready_context.calendar,
            )
    except StorageFull as full:
        error = full
    finally:
        event.remove(engine, "connect", cap)
        engine.dispose()
    assert error is not None and "空间已满" in str(error)
    check_database(ready_context.paths.database_file)
    with ready_context.uow() as uow:
        before = uow.session.execute(select(func.count()).select_from(Case)).scalar_one()
    result = submit_intake(
        ready_context.uow(write=True),
        request(guide, Decision.ACCEPT),
        settings=SETTINGS,
        calendar=ready_context.calendar,
    )
    with ready_context.uow() as uow:
        assert uow.session.execute(select(func.count()).select_from(Case)).scalar_one() == before + 1
        assert uow.session.execute(select(func.count()).select_from(CaseMaterial)).scalar_one() > 0
        assert (
            uow.session.execute(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.object_id == result.number)
            ).scalar_one()
            >= 1
        )
