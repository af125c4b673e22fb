"""A damaged index is caught by the start-up check, not only a damaged page (issue 10 §1): a case must
never become unfindable by its number while the file "passes"; the daily backup checks every index."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from hallapp.services.backups import run_daily_backup
from hallapp.store.backup import database_problem, list_backups
from hallapp.store.db import make_engine
from hallapp.store.migrate import upgrade

NUMBERS = [f"PSZW2026{n:06d}" for n in range(1, 41)]


def _database_with_cases(path) -> None:
    """A migrated database with an applicant and ``NUMBERS`` as cases, every required column filled."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        _insert(connection, "applicant", kind="person", id_number="x", name="某")
        for number in NUMBERS:
            _insert(connection, "cases", case_number=number, decision="accepted", applicant_id=1)
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")


def _insert(connection: sqlite3.Connection, table: str, **given) -> None:
    columns = connection.execute(f"PRAGMA table_info({table})").fetchall()
    values = {
        name: _dummy(kind)
        for _cid, name, kind, notnull, default, pk in columns
        if notnull and default is None and not pk
    }
    values.update(given)
    marks = ", ".join("?" for _ in values)
    connection.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})", list(values.values()))


def _dummy(kind: str):
    kind = kind.upper()
    if "INT" in kind or "BOOL" in kind:
        return 0
    if "DATE" in kind or "TIME" in kind:
        return "2026-09-30 10:00:00"
    return "x"


def _damage_case_number_index(path) -> str:
    """Change one case number inside the case-number index's own pages (the table row stays right)."""
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        indexes = connection.execute(
            "SELECT name, rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'"
        ).fetchall()
        (root,) = [
            page
            for name, page in indexes
            if [r[2] for r in connection.execute(f"PRAGMA index_info('{name}')")] == ["case_number"]
        ]
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    page = data[start : start + page_size]
    victim = NUMBERS[17].encode()
    at = page.find(victim)
    assert at >= 0, "the number is not on the index's root page"
    page[at + len(victim) - 1] = ord("9") if victim[-1:] != b"9" else ord("7")
    data[start : start + page_size] = page
    path.write_bytes(bytes(data))
    return NUMBERS[17]


def test_quick_check_alone_misses_the_damaged_index_the_start_up_check_catches_it(tmp_path):
    path = tmp_path / "hallapp.sqlite3"
    _database_with_cases(path)
    assert database_problem(path, quick=True) is None
    lost = _damage_case_number_index(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # the file "passes"
        found = connection.execute("SELECT count(*) FROM cases WHERE case_number = ?", (lost,)).fetchone()
        assert found == (0,)  # unfindable by its number
    problem = database_problem(path, quick=True)
    assert problem is not None and "索引" in problem and "按编号可能查不到办件" in problem
    assert database_problem(path, quick=False) is not None


def test_the_daily_backup_refuses_a_database_with_a_damaged_index(tmp_path):
    from hallapp.config import resolve_paths

    paths = resolve_paths(tmp_path / "data")
    if paths.database_file is None:
        pytest.skip("SQLite only")
    paths.ensure()
    _database_with_cases(paths.database_file)
    _damage_case_number_index(paths.database_file)
    made = run_daily_backup(paths, today=date(2026, 9, 30))
    assert made.backup is None and made.problem is not None and "损坏" in made.problem
    assert list_backups(paths.backup_dir) == []
