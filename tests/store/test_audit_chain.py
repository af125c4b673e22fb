"""The audit chain on SQLite: how events are sealed, that the database refuses to change them, and that
every kind of tampering is found by the verifier at the right record."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from itertools import pairwise

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from hallapp.store import audit_chain, audit_repo
from hallapp.store.audit_chain import GENESIS, verify_against, verify_chain
from hallapp.store.case_models import AuditEvent
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import MIGRATIONS_DIR, upgrade

TRIGGERS = ("audit_event_no_update", "audit_event_no_delete")


@pytest.fixture
def db_file(tmp_path):
    return tmp_path / "db.sqlite3"


@pytest.fixture
def engine(db_file):
    engine = make_engine(f"sqlite:///{db_file}")
    upgrade(engine)
    yield engine
    engine.dispose()


def add_events(engine, n: int, *, start: int = 1) -> None:
    for i in range(start, start + n):
        with UnitOfWork(engine, write=True) as uow:
            audit_repo.record(
                uow.session,
                actor="李四",
                action="case.accepted",
                object_type="case",
                object_id=f"PS2026{i:06d}",
                kind="RECEIPT",
                deferred=i % 2,
            )
            uow.commit()


def report(engine):
    with UnitOfWork(engine) as uow:
        return verify_chain(uow.session)


def state(engine):
    with UnitOfWork(engine) as uow:
        return audit_chain.chain_state(uow.session)


def against(engine, head, count=None):
    with UnitOfWork(engine) as uow:
        return verify_against(uow.session, head, count)


def tamper(db_file, *statements: str) -> None:
    """Edit the file the way the sqlite3 command-line tool would: drop the triggers, then change rows."""
    connection = sqlite3.connect(db_file)
    try:
        for trigger in TRIGGERS:
            connection.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def rows(db_file) -> list[tuple]:
    connection = sqlite3.connect(db_file)
    try:
        return connection.execute(
            "SELECT id, seq, prev_hash, hash, actor FROM audit_event ORDER BY seq"
        ).fetchall()
    finally:
        connection.close()


# --- sealing ------------------------------------------------------------------------------------------


def test_the_canonical_form_is_stable_json_with_utc_microseconds():
    content = audit_chain.canonical(
        seq=3,
        at=datetime(2026, 9, 30, 10, 15, 0, 5, tzinfo=UTC),
        actor="李四",
        action="case.accepted",
        object_type="case",
        object_id="PS2026000001",
        outcome="ok",
        detail='{"kind":"RECEIPT"}',
    )
    assert content == (
        '{"action":"case.accepted","actor":"李四","at":"2026-09-30T10:15:00.000005+00:00",'
        '"detail":"{\\"kind\\":\\"RECEIPT\\"}","object_id":"PS2026000001","object_type":"case","outcome":"ok","seq":3}'
    )
    assert json.loads(content)["seq"] == 3
    assert (
        audit_chain.link_hash(GENESIS, content)
        == hashlib.sha256((GENESIS + content).encode("utf-8")).hexdigest()
    )


def test_events_are_numbered_without_gaps_and_each_holds_the_previous_hash(engine):
    with UnitOfWork(engine, write=True) as uow:  # several events in one transaction chain too
        for i in range(3):
            audit_repo.record(
                uow.session, actor="李四", action="document.print", object_type="case", object_id=f"X{i}"
            )
        uow.commit()
    add_events(engine, 2)
    with UnitOfWork(engine) as uow:
        events = uow.session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars().all()
        assert [e.seq for e in events] == [1, 2, 3, 4, 5]
        assert events[0].prev_hash == GENESIS
        assert all(e.prev_hash == before.hash for before, e in pairwise(events))
        assert all(e.hash == audit_chain.event_hash(e) and len(e.hash) == 64 for e in events)
        last = events[-1].hash
    assert report(engine) == audit_chain.ChainReport(True, 5, last[:16])
    assert (state(engine).count, state(engine).last_hash, state(engine).head) == (5, last, last[:16])


def test_an_empty_chain_is_whole_and_its_head_is_zeros(engine):
    assert report(engine).ok and report(engine).count == 0
    with UnitOfWork(engine) as uow:
        assert audit_chain.chain_head(uow.session) == "0" * 16
    assert against(engine, "0" * 16, 0).ok
    assert against(engine, "00000000", 0).ok  # a paper printed before the head grew to 16 digits


def test_a_rolled_back_use_case_leaves_no_gap(engine):
    add_events(engine, 1)
    with UnitOfWork(engine, write=True) as uow:
        audit_repo.record(
            uow.session, actor="李四", action="case.accepted", object_type="case", object_id="gone"
        )
        # no commit: the use case failed
    add_events(engine, 1, start=2)
    assert [r[1] for r in rows(engine.url.database)] == [1, 2]
    assert report(engine).ok


def test_a_second_event_with_the_same_seq_fails_rather_than_forking_the_chain(engine):
    add_events(engine, 1)
    with pytest.raises(DatabaseError, match="UNIQUE"), UnitOfWork(engine, write=True) as uow:
        first = uow.session.execute(select(AuditEvent)).scalar_one()
        uow.session.add(
            AuditEvent(
                seq=1,
                prev_hash=GENESIS,
                hash=first.hash,
                at=first.at,
                actor="x",
                action="x",
                object_type="x",
                object_id="x",
            )
        )
        uow.session.flush()


# --- the database refuses changes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditEvent).values(actor="王五"),
        delete(AuditEvent),
        text("UPDATE audit_event SET detail = '{}' WHERE seq = 1"),
        text("DELETE FROM audit_event WHERE seq = 2"),
    ],
    ids=["orm-update", "orm-delete", "sql-update", "sql-delete"],
)
def test_the_database_refuses_update_and_delete(engine, statement):
    add_events(engine, 2)
    with (
        pytest.raises(DatabaseError, match="audit_event is append-only"),
        UnitOfWork(engine, write=True) as uow,
    ):
        uow.session.execute(statement)
    assert report(engine).ok and report(engine).count == 2


def test_changing_a_loaded_event_is_refused_on_flush(engine):
    add_events(engine, 1)
    with pytest.raises(DatabaseError, match="append-only"), UnitOfWork(engine, write=True) as uow:
        event = uow.session.execute(select(AuditEvent)).scalar_one()
        event.outcome = "failed"
        uow.session.flush()


# --- tampering found ---------------------------------------------------------------------------------------


def test_an_edited_field_is_found_at_its_record(engine, db_file):
    add_events(engine, 5)
    tamper(db_file, "UPDATE audit_event SET actor = '王五' WHERE seq = 3")
    found = report(engine)
    assert not found.ok and found.first_broken == 3 and "被修改" in found.reason


@pytest.mark.parametrize(
    "column, value",
    [
        ("object_id", "'PS2026999999'"),
        ("outcome", "'failed'"),
        ("at", "'2026-01-01 00:00:00.000000'"),
        ("detail", "'{}'"),
        ("action", "'case.refused'"),
    ],
)
def test_every_sealed_field_is_covered(engine, db_file, column, value):
    add_events(engine, 4)
    tamper(db_file, f"UPDATE audit_event SET {column} = {value} WHERE seq = 2")
    assert report(engine).first_broken == 2


def test_an_unreadable_value_is_reported_not_raised(engine, db_file):
    add_events(engine, 3)
    tamper(db_file, "UPDATE audit_event SET at = 'yesterday' WHERE seq = 2")
    found = report(engine)
    assert not found.ok and found.first_broken == 2


def test_the_walk_reads_in_pages_and_pins_an_unreadable_value_inside_one(engine, db_file, monkeypatch):
    monkeypatch.setattr(audit_chain, "_PAGE", 2)
    add_events(engine, 7)
    assert report(engine).ok and report(engine).count == 7
    tamper(db_file, "UPDATE audit_event SET at = 'not a time' WHERE seq = 6")
    found = report(engine)
    assert not found.ok and found.first_broken == 6 and "无法读取" in found.reason


def test_a_deleted_record_is_found_as_a_gap(engine, db_file):
    add_events(engine, 5)
    tamper(db_file, "DELETE FROM audit_event WHERE seq = 2")
    found = report(engine)
    assert not found.ok and found.first_broken == 2 and "缺失" in found.reason


def test_a_deleted_first_record_is_found(engine, db_file):
    add_events(engine, 3)
    tamper(db_file, "DELETE FROM audit_event WHERE seq = 1")
    assert report(engine).first_broken == 1


def test_a_deleted_and_renumbered_record_is_found_at_the_broken_link(engine, db_file):
    add_events(engine, 5)
    tamper(
        db_file, "DELETE FROM audit_event WHERE seq = 3", "UPDATE audit_event SET seq = seq - 1 WHERE seq > 3"
    )
    found = report(engine)
    assert not found.ok and found.first_broken == 3  # the record now numbered 3 points at the deleted one


def test_two_swapped_records_are_found(engine, db_file):
    add_events(engine, 5)
    columns = ("at", "actor", "action", "object_type", "object_id", "outcome", "detail")
    tamper(  # records 2 and 4 trade their contents; seq and hashes stay where they were
        db_file,
        "CREATE TEMP TABLE saved AS SELECT * FROM audit_event WHERE seq IN (2, 4)",
        *(
            f"UPDATE audit_event SET {c} = (SELECT {c} FROM saved WHERE saved.seq = 6 - audit_event.seq) "
            "WHERE seq IN (2, 4)"
            for c in columns
        ),
    )
    connection = sqlite3.connect(db_file)
    assert [r[0] for r in connection.execute("SELECT object_id FROM audit_event ORDER BY seq")] == [
        "PS2026000001",
        "PS2026000004",
        "PS2026000003",
        "PS2026000002",
        "PS2026000005",
    ]
    connection.close()
    found = report(engine)
    assert not found.ok and found.first_broken == 2 and "被修改" in found.reason


def test_two_records_swapped_whole_are_found_by_their_order(engine, db_file):
    add_events(engine, 4)
    tamper(  # every column but the id: the chain read in seq order is whole, but not in the order written
        db_file,
        "UPDATE audit_event SET id = 100 WHERE seq = 2",
        "UPDATE audit_event SET id = 2 WHERE seq = 3",
        "UPDATE audit_event SET id = 3 WHERE seq = 2",
    )
    found = report(engine)
    assert not found.ok and found.first_broken == 3 and "调换" in found.reason


def test_a_consistently_rehashed_record_is_found_at_the_next_link(engine, db_file):
    add_events(engine, 5)
    with UnitOfWork(engine) as uow:
        target = uow.session.execute(select(AuditEvent).where(AuditEvent.seq == 3)).scalar_one()
        uow.session.expunge(target)
    target.actor = "王五"
    forged = audit_chain.event_hash(target)
    tamper(db_file, f"UPDATE audit_event SET actor = '王五', hash = '{forged}' WHERE seq = 3")
    found = report(engine)
    assert not found.ok and found.first_broken == 4 and "链接" in found.reason


def test_a_truncated_tail_is_found_with_a_head_printed_earlier(engine, db_file):
    add_events(engine, 3)
    printed = state(engine)
    add_events(engine, 2, start=4)
    assert against(engine, printed.head, printed.count).ok
    assert against(engine, printed.head).ok  # without the count: anywhere on the chain
    tamper(db_file, "DELETE FROM audit_event WHERE seq >= 3")
    assert report(engine).ok  # the shortened chain alone looks whole
    found = against(engine, printed.head, printed.count)
    assert not found.ok and found.first_broken == 3 and "截断" in found.reason
    assert not against(engine, printed.head).ok


def test_a_rewritten_tail_is_found_with_a_head_printed_earlier(engine, db_file):
    add_events(engine, 3)
    printed = state(engine)
    with UnitOfWork(engine) as uow:
        last = uow.session.execute(select(AuditEvent).where(AuditEvent.seq == 3)).scalar_one()
        uow.session.expunge(last)
    last.outcome = "failed"
    tamper(
        db_file,
        f"UPDATE audit_event SET outcome = 'failed', hash = '{audit_chain.event_hash(last)}' WHERE seq = 3",
    )
    assert report(engine).ok
    found = against(engine, printed.head.upper(), printed.count)
    assert not found.ok and found.first_broken == 3 and "改写" in found.reason


@pytest.mark.parametrize("head", ["abc", "xyz12345", ""])
def test_a_printed_head_must_be_hex(engine, head):
    with pytest.raises(ValueError, match="十六进制"):
        against(engine, head)


# --- the migration ------------------------------------------------------------------------------------------


def _alembic(engine, action: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def test_migration_chains_existing_events_in_id_order_and_downgrades(db_file):
    engine = make_engine(f"sqlite:///{db_file}")
    _alembic(engine, "upgrade", "0008")
    with engine.begin() as connection:
        for i, actor in enumerate(["李四", "王五", "张三"]):
            connection.execute(
                text(
                    "INSERT INTO audit_event (at, actor, action, object_type, object_id, outcome, detail) "
                    f"VALUES ('2026-09-30 02:15:0{i}.12345{i}', '{actor}', 'case.accepted', 'case', 'PS{i}', 'ok', '{{}}')"
                )
            )
    upgrade(engine)
    assert [(r[1], r[4]) for r in rows(db_file)] == [(1, "李四"), (2, "王五"), (3, "张三")]
    assert report(engine) == audit_chain.ChainReport(True, 3, rows(db_file)[-1][3][:16])
    add_events(engine, 1)  # new events continue the backfilled chain
    assert report(engine).ok and report(engine).count == 4
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event"))

    _alembic(engine, "downgrade", "0008")
    with engine.begin() as connection:
        names = {
            r[0] for r in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        }
        assert not names & set(TRIGGERS)
        columns = {r[1] for r in connection.execute(text("PRAGMA table_info(audit_event)"))}
        assert not {"seq", "prev_hash", "hash"} & columns
        connection.execute(text("DELETE FROM audit_event"))  # no longer append-only
    engine.dispose()
