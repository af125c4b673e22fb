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
