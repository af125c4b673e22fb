"""``audit verify`` checks the trail against the issue journal kept outside the database: deleting the
newest events and moving the in-database checkpoint along with them is found while the counter runs."""

from __future__ import annotations

import sqlite3

from tests.people import AUDITOR, CLERK
from tests.services.test_continuity import _cut_the_trail, issue, sqlite_only  # noqa: F401 - fixture


def test_verify_finds_the_newest_events_cut_off_with_the_checkpoint_moved(sqlite_only):  # noqa: F811
    hall = sqlite_only
    issue(hall, hall.session(CLERK), range(3))
    auditor = hall.session(AUDITOR)
    assert auditor.verify_audit().ok  # whole, and the in-database checkpoint set
    with sqlite3.connect(hall.context.paths.database_file) as connection:
        (reached,) = connection.execute("SELECT max(seq) FROM audit_event").fetchone()
    _cut_the_trail(hall.context.paths.database_file, reached - 3)  # beside the running counter

    report = auditor.verify_audit()
    assert not report.ok
    assert "审计记录缺失" in report.reason and f"第 {reached} 条" in report.reason
    assert report.first_broken == reached - 2


def test_verify_of_an_untouched_trail_agrees_with_the_journal(sqlite_only):  # noqa: F811
    hall = sqlite_only
    issue(hall, hall.session(CLERK), range(2))
    report = hall.session(AUDITOR).verify_audit()
    assert report.ok and not report.reason
