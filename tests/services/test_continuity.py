"""编号连续性: after a restored backup or a lost ``-wal``, no number on paper is issued again, and the loss
is reported and written into the audit trail (``services.continuity``, ``store.journal``)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime

import pytest

from hallapp.services.bootstrap import open_app
from hallapp.services.intake import Decision
from tests.people import ADMIN, CLERK, create_accounts
from tests.services.conftest import Hall

AT = datetime(2026, 9, 30, 10, 0)
MATTER = "创业培训补贴申领"


@pytest.fixture
def sqlite_only(hall):
    if hall.context.paths.database_file is None:
        pytest.skip("the -wal and file backups are SQLite's")
    create_accounts(hall.context, ADMIN)
    hall.context.principal = None
    return hall


def issue(hall, session, people: range, *, printed: bool = True) -> list[str]:
    numbers = []
    for person in people:
        outcome = session.submit(hall.request(MATTER, Decision.ACCEPT, person=person), now=AT)
        number = outcome.value.number
        if printed:
            session.print_documents(number)
        numbers.append(number)
    return numbers


def events(context, action: str) -> list[str]:
    """The details of the audit events of ``action``, oldest first."""
    from sqlmodel import col, select

    from hallapp.store.case_models import AuditEvent

    with context.uow() as uow:
        query = select(AuditEvent.detail).where(AuditEvent.action == action).order_by(col(AuditEvent.seq))
        return list(uow.session.exec(query))


def test_restoring_the_mornings_backup_never_issues_a_printed_number_again(sqlite_only):
    hall = sqlite_only
    clerk = hall.session(CLERK)
    morning = issue(hall, clerk, range(2))
    admin = hall.session(ADMIN)
    backup = admin.backup_now().value
    afternoon = issue(hall, clerk, range(2, 5))

    admin.restore(backup)
    report = hall.context.continuity
    assert report is not None and report.loss
    assert sorted(m.number for m in report.missing) == afternoon
    assert all(n in report.message() for n in afternoon)
    assert report.audit_gap is not None and not report.audit_gap.rewritten

    clerk = hall.session(CLERK)
    (next_one,) = issue(hall, clerk, range(5, 6))
    assert next_one > max(morning + afternoon)
    (loss,) = events(hall.context, "continuity.loss")
    assert all(n in loss for n in afternoon)
    assert events(hall.context, "numbering.advance")


def test_a_lost_wal_is_reported_at_the_next_start_and_numbering_continues_above(sqlite_only, tmp_path):
    hall = sqlite_only
    context = hall.context
    database = context.paths.database_file
    clerk = hall.session(CLERK)
    issue(hall, clerk, range(2))
    context.engine.dispose()  # checkpointed: the morning is in the file itself
    from sqlalchemy import event

    event.listen(context.engine, "connect", lambda c, _r: c.execute("PRAGMA wal_autocheckpoint=0"))
    clerk = hall.session(CLERK)
    lost = issue(hall, clerk, range(2, 4))
    # The file as it stood while the app ran: what is committed since the checkpoint is only in the -wal.
    aside = tmp_path / "aside.sqlite3"
    shutil.copyfile(database, aside)
    context.close()
    with sqlite3.connect(f"file:{aside}?immutable=1", uri=True) as copy:
        kept = {r[0] for r in copy.execute("SELECT case_number FROM cases")}
    assert not kept & set(lost)  # the test really lost them
    shutil.copyfile(aside, database)
    for side in ("-wal", "-shm"):
        database.with_name(database.name + side).unlink(missing_ok=True)

    reopened = open_app(context.paths)
    try:
        report = reopened.continuity
        assert report is not None and sorted(m.number for m in report.missing) == lost
        from tests.services.conftest import Hall

        again = Hall(reopened)
        (next_one,) = issue(again, again.session(CLERK), range(4, 5))
        assert next_one > max(lost)
        assert events(reopened, "continuity.loss")
        # Reported once: the next start finds nothing new.
        reopened.close()
        reopened = open_app(context.paths)
        assert reopened.continuity is not None and not reopened.continuity.loss
    finally:
        reopened.close()


def _cut_the_trail(database, keep: int, *, forge: int = 0) -> None:
    """What someone holding the file can do: drop the append-only trigger, delete the newest events, move
    the in-database checkpoint along to the new end; with ``forge``, chain new events onto the cut end."""
    from hallapp.services.audit import CHECKPOINT_KEY
    from hallapp.store import audit_repo
    from hallapp.store.db import UnitOfWork, make_engine

    with sqlite3.connect(database) as connection:
        connection.execute("DROP TRIGGER audit_event_no_delete")
        connection.execute("DELETE FROM audit_event WHERE seq > ?", (keep,))
    engine = make_engine(f"sqlite:///{database}")  # no journal hook: the file alone
    try:
        with UnitOfWork(engine, write=True) as uow:
            for n in range(forge):
                audit_repo.record(
                    uow.session, actor="x", action="login", object_type="account", object_id=f"f{n}"
                )
            uow.commit()
    finally:
        engine.dispose()
    with sqlite3.connect(database) as connection:
        count, last = connection.execute(
            "SELECT count(*), (SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1) FROM audit_event"
        ).fetchone()
        connection.execute("DELETE FROM setting WHERE key = ?", (CHECKPOINT_KEY,))
        connection.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?)", (CHECKPOINT_KEY, f"{count}:{last}")
        )


@pytest.mark.parametrize("forge", [0, 3])
def test_newest_audit_events_deleted_with_the_checkpoint_moved_are_seen(sqlite_only, forge):
    hall = sqlite_only
    context = hall.context
    issue(hall, hall.session(CLERK), range(3))
    with sqlite3.connect(context.paths.database_file) as connection:
        (reached,) = connection.execute("SELECT max(seq) FROM audit_event").fetchone()
    context.close()
    _cut_the_trail(context.paths.database_file, reached - 4, forge=forge)

    reopened = open_app(context.paths)
    try:
        gap = reopened.continuity.audit_gap
        assert gap is not None and gap.journal_seq == reached and gap.rewritten is bool(forge)
        assert gap.database_seq == reached - 4 + forge
        message = reopened.continuity.message()
        assert f"第 {reached} 条" in message
        assert ("与记载的不同" in message) if forge else (f"只有 {reached - 4} 条" in message)
        assert events(reopened, "continuity.loss")
    finally:
        reopened.close()


def test_without_a_journal_the_archive_of_printed_documents_still_says_what_was_issued(sqlite_only):
    hall = sqlite_only
    clerk = hall.session(CLERK)
    issue(hall, clerk, range(2))
    admin = hall.session(ADMIN)
    backup = admin.backup_now().value
    printed = issue(hall, clerk, range(2, 4))
    unprinted = issue(hall, clerk, range(4, 5), printed=False)
    context = hall.context
    context.close()
    shutil.rmtree(context.paths.data_dir / "journal")  # this PC's journal lost as well
    from hallapp.services.backups import restore

    restore(context.paths, backup)
    reopened = open_app(context.paths)
    try:
        report = reopened.continuity
        assert not report.journal_found
        assert sorted(m.number for m in report.missing) == printed  # on paper; the unprinted one is unknown
        assert {m.source for m in report.missing} == {"archive"}
        again = Hall(reopened)
        (next_one,) = issue(again, again.session(CLERK), range(5, 6))
        # Above every number on paper. The one never printed and never journaled is known to nobody (it
        # was on no paper either): that is the limit of a PC that lost its journal (see the README).
        assert next_one > max(printed) and next_one == unprinted[0]
    finally:
        reopened.close()


def test_the_journal_holds_exactly_the_numbers_intake_stored(sqlite_only):
    from hallapp.store.journal import journal_path

    hall = sqlite_only
    numbers = issue(hall, hall.session(CLERK), range(3), printed=False)
    refused = hall.session(CLERK).submit(hall.request(MATTER, Decision.REFUSE, person=9), now=AT).value.number
    journaled = [n for e in hall.context.journal.entries_newest_first() for _s, _v, n in e.numbers]
    assert sorted(journaled) == sorted([*numbers, refused])
    assert hall.context.journal.path == journal_path(hall.context.paths.data_dir)


def test_a_counter_set_back_in_the_file_continues_above_the_stored_cases(sqlite_only):
    hall = sqlite_only
    numbers = issue(hall, hall.session(CLERK), range(3), printed=False)
    context = hall.context
    context.close()
    shutil.rmtree(context.paths.data_dir / "journal")  # nothing outside says it: only the cases themselves
    with sqlite3.connect(context.paths.database_file) as connection:
        connection.execute("UPDATE number_counter SET value = 1 WHERE series LIKE 'case:%'")
    reopened = open_app(context.paths)
    try:
        assert not reopened.continuity.loss and reopened.continuity.advanced
        again = Hall(reopened)
        (next_one,) = issue(again, again.session(CLERK), range(3, 4), printed=False)
        assert next_one > max(numbers)
    finally:
        reopened.close()


def test_a_disclosure_number_on_a_receipt_is_never_issued_again_after_a_restore(sqlite_only):
    from hallapp.printing.disclosure_model import DisclosureDocKind
    from tests.services.disclosure_helpers import FORM, MONDAY

    hall = sqlite_only
    clerk = hall.session(CLERK)
    first = clerk.register_disclosure(FORM, today=MONDAY).value.row.number
    admin = hall.session(ADMIN)
    backup = admin.backup_now().value
    lost = []
    for _ in range(2):
        number = clerk.register_disclosure(FORM, today=MONDAY).value.row.number
        clerk.disclosure_document(number, DisclosureDocKind.RECEIPT, today=MONDAY)
        lost.append(number)

    admin.restore(backup)
    report = hall.context.continuity
    assert report is not None and report.loss
    assert sorted(m.number for m in report.missing) == lost
    assert all(n in report.message() for n in lost)
    assert "依申请公开登记编号从" in report.message()

    again = hall.session(CLERK).register_disclosure(FORM, today=MONDAY).value.row.number
    assert again > max([first, *lost])
