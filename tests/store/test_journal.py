"""The issue journal (``store.journal``): one fsynced line per commit that issued numbers or moved the
audit chain, readable newest first, a torn last line skipped and closed before the next append."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from hallapp.store.db import UnitOfWork, attach_commit_hook, make_engine
from hallapp.store.journal import IssueJournal, JournalEntry, journal_path
from hallapp.store.migrate import upgrade
from hallapp.store.numbering import format_number, next_number, parse_number


def _entry(value: int) -> JournalEntry:
    series = "case:PSZW2026"
    return JournalEntry(
        datetime(2026, 9, 30, 2, 0, tzinfo=UTC),
        ((series, value, format_number(series, value)),),
        value,
        "ab" * 32,
    )


def test_a_torn_last_line_is_skipped_and_closed_before_the_next_append(tmp_path):
    journal = IssueJournal(journal_path(tmp_path), station="01@pc")
    assert journal.append(_entry(1)) and journal.append(_entry(2))
    with open(journal.path, "ab") as handle:
        handle.write(_entry(3).to_line()[:25])  # the power went mid-write
    assert [e.seq for e in journal.entries_newest_first()] == [2, 1]
    assert journal.append(_entry(4))
    assert [e.seq for e in journal.entries_newest_first()] == [4, 2, 1]
    assert journal.path.read_bytes().count(b"\n") == 4  # the torn line ended before the new one


def test_a_missing_journal_reads_as_empty(tmp_path):
    journal = IssueJournal(journal_path(tmp_path))
    assert not journal.exists() and list(journal.entries_newest_first()) == []


def test_numbers_as_printed_and_back():
    assert format_number("case:PSZW2026", 12) == "PSZW2026000012"
    assert format_number("notice:PSZW2026", 3) == "PSZW2026G00003"
    assert format_number("bundle:PS-1", 2) == "PS-1B00002"
    assert parse_number("PSZW2026000012", "case:PSZW2026") == 12
    assert parse_number("PSZW2026G00003", "case:PSZW2026") is None
    assert parse_number("PSZW2026G00003", "notice:PSZW2026") == 3


def test_each_commit_that_issues_a_number_is_journaled_and_a_rolled_back_one_is_not(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    journal = IssueJournal(journal_path(tmp_path))
    attach_commit_hook(engine, journal)
    try:
        with UnitOfWork(engine, write=True) as uow:
            assert next_number(uow.session, "case:PSZW2026") == 1
            uow.commit()
        with UnitOfWork(engine, write=True) as uow:
            next_number(uow.session, "case:PSZW2026")  # given back: never committed
        with UnitOfWork(engine, write=True) as uow:
            assert next_number(uow.session, "case:PSZW2026") == 2
            uow.commit()
        with UnitOfWork(engine, write=True) as uow:
            uow.session.execute(text("UPDATE number_counter SET value = value"))
            uow.commit()  # nothing issued, the audit head unmoved: no line
    finally:
        attach_commit_hook(engine, None)
        engine.dispose()
    numbers = [e.numbers for e in journal.entries_newest_first()]
    assert numbers == [(("case:PSZW2026", 2, "PSZW2026000002"),), (("case:PSZW2026", 1, "PSZW2026000001"),)]


def test_a_journal_that_cannot_be_written_never_fails_the_commit_it_records(tmp_path, caplog):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    blocked = journal_path(tmp_path)
    blocked.mkdir(parents=True)  # a folder where the file should be: every append fails
    journal = IssueJournal(blocked)
    attach_commit_hook(engine, journal)
    try:
        with UnitOfWork(engine, write=True) as uow:
            next_number(uow.session, "case:PSZW2026")
            uow.commit()
        with UnitOfWork(engine) as uow:
            stored = uow.session.execute(text("SELECT value FROM number_counter")).scalar_one()
    finally:
        attach_commit_hook(engine, None)
        engine.dispose()
    assert stored == 1 and journal.failed
    assert "could not be written" in caplog.text
