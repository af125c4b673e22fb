"""The audit chain on PostgreSQL: events chain across use cases and concurrent writers, and the database
refuses UPDATE, DELETE and TRUNCATE on them (a plpgsql trigger)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from hallapp.services.audit import audit_head, verify_audit
from hallapp.services.intake import Decision, submit_intake
from hallapp.services.settings import CounterSettings
from hallapp.store import audit_repo
from hallapp.store.audit_chain import GENESIS, verify_chain
from hallapp.store.case_models import AuditEvent
from hallapp.store.db import UnitOfWork, make_engine
from tests.people import AUDITOR, acting_as
from tests.services.intake_helpers import guide_for, request

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")


@pytest.fixture
def context(ready_context):
    assert ready_context.engine.dialect.name == "postgresql"
    submit_intake(
        ready_context.uow(write=True),
        request(guide_for(ready_context, "就业登记"), Decision.ACCEPT),
        settings=SETTINGS,
        calendar=ready_context.calendar,
        now=datetime(2026, 9, 30, 10, 15),
    )
    return ready_context


def verify(context):
    """Verify the chain as the audit administrator, whose task it is."""
    with acting_as(context, AUDITOR):
        return verify_audit(context.uow(write=True))


@pytest.mark.parametrize(
    "statement",
    [update(AuditEvent).values(actor="王五"), delete(AuditEvent), text("TRUNCATE audit_event")],
    ids=["update", "delete", "truncate"],
)
def test_postgres_refuses_changes_to_audit_events(context, statement):
    before = audit_head(context.uow())
    assert before.count >= 1
    with pytest.raises(DatabaseError, match="audit_event is append-only"), context.uow(write=True) as uow:
        uow.session.execute(statement)
    assert audit_head(context.uow()) == before
    assert verify(context).ok


def test_the_chain_survives_a_round_trip_through_timestamptz(context):
    with context.uow() as uow:
        first = uow.session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars().first()
        assert first.seq == 1 and first.prev_hash == GENESIS
        report = verify_chain(uow.session)
    assert report.ok and report.count >= 2


def test_concurrent_writers_extend_one_chain(context, paths):
    def window(number: int) -> None:
        engine = make_engine(paths.database_url)
        try:
            for i in range(10):
                with UnitOfWork(engine, write=True) as uow:
                    audit_repo.record(
                        uow.session,
                        actor=f"clerk{number}",
                        action="document.print",
                        object_type="case",
                        object_id=f"X{number}-{i}",
                    )
                    uow.commit()
        finally:
            engine.dispose()

    before = audit_head(context.uow()).count
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(window, range(4)))
    report = verify(context)
    assert report.ok and report.count == before + 40
