import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from hallapp.store.backup import (
    BackupError,
    database_problem,
    list_backups,
    make_backup,
    mark_verified,
    prune,
    recorded_counts,
    table_counts,
    verify_backup,
)


def make_database(path: Path, rows: int = 200) -> Path:
    """A small database with HallApp's core tables, in WAL mode like the app's."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.executescript(
        """
        CREATE TABLE alembic_version (version_num TEXT PRIMARY KEY);
        INSERT INTO alembic_version VALUES ('0008');
        CREATE TABLE department (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE matter (id INTEGER PRIMARY KEY, name TEXT, department_id INTEGER);
        CREATE INDEX ix_matter_name ON matter (name);
        INSERT INTO department VALUES (1, '区人力资源局'), (2, '区民政局');
        """
    )
    connection.executemany(
        "INSERT INTO matter (name, department_id) VALUES (?, ?)",
        [(f"事项{i:04d}" + "说明" * 20, 1 + i % 2) for i in range(rows)],
    )
    connection.commit()
    connection.close()
    return path


def damage_middle(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 1024)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return make_database(tmp_path / "hallapp.sqlite3")


def test_backup_is_verified_with_the_counts_of_the_source(database, tmp_path):
    backup = make_backup(database, tmp_path / "backups", label="manual")
    assert backup.parent == tmp_path / "backups" and backup.name.startswith("hallapp-manual-")
    assert not list((tmp_path / "backups").glob("*.part"))
    counts = recorded_counts(backup)
    assert counts == {"alembic_version": 1, "department": 2, "matter": 200}
    result = verify_backup(backup, counts)
    assert result.ok and result.problems == []
    # the copy is an ordinary rollback-journal file: readable on its own, read-only
    connection = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert table_counts(connection) == counts
    connection.close()


def test_counts_that_differ_fail_verification(database, tmp_path):
    backup = make_backup(database, tmp_path / "backups", label="manual")
    result = verify_backup(backup, {"matter": 201, "department": 2, "cases": 5})
    assert not result.ok
    assert any("matter" in p and "201" in p and "200" in p for p in result.problems)
    assert any("cases" in p for p in result.problems)


def test_a_corrupted_backup_fails_verification(database, tmp_path):
    backup = make_backup(database, tmp_path / "backups", label="manual")
    damage_middle(backup)
    result = verify_backup(backup, recorded_counts(backup))
    assert not result.ok
    assert "损坏" in result.problems[0] or "无法读取" in result.problems[0]


def test_a_file_that_is_not_hallapps_fails_verification(tmp_path):
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    result = verify_backup(other, None)
    assert not result.ok and "没有 HallApp 的数据表" in result.problems[0]
    assert not verify_backup(tmp_path / "missing.sqlite3", None).ok


def test_backing_up_a_missing_file_says_so(tmp_path):
    with pytest.raises(BackupError, match="找不到数据库文件"):
        make_backup(tmp_path / "nope.sqlite3", tmp_path / "backups", label="manual")
    assert not (tmp_path / "nope.sqlite3").exists()


def test_list_newest_first_with_size_and_verified(database, tmp_path):
    folder = tmp_path / "backups"
    older = make_backup(database, folder, label="daily", now=datetime(2024, 5, 1, 8, 0))
    newer = make_backup(database, folder, label="daily", now=datetime(2024, 5, 2, 8, 0))
    same_second = make_backup(database, folder, label="daily", now=datetime(2024, 5, 2, 8, 0))
    mark_verified(newer, verify_backup(newer, recorded_counts(newer)))
    (folder / "damaged-20240503-090000-hallapp.sqlite3").write_bytes(b"x")  # set aside by a restore
    (folder / "hallapp-daily-20240503-090000.sqlite3.part").write_bytes(b"x")  # unfinished
    found = list_backups(folder)
    assert [b.path for b in found] == [same_second, newer, older]
    assert found[1].verified is True and found[2].verified is None
    assert found[0].label == "daily" and found[0].size == same_second.stat().st_size
    assert found[2].taken_at == datetime(2024, 5, 1, 8, 0)
    assert list_backups(tmp_path / "nothing-here") == []


def test_copies_made_before_an_upgrade_are_listed_and_verify(database, tmp_path):
    from hallapp.store.migrate import backup_sqlite_file

    copy = backup_sqlite_file(database, tmp_path / "backups", "before-0009")
    (info,) = list_backups(tmp_path / "backups")
    assert info.path == copy and info.label == "before-0009" and info.verified is None
    assert verify_backup(copy, recorded_counts(copy)).ok
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [copy.name]  # no -wal/-shm left


def test_prune_keeps_the_last_n_days(database, tmp_path):
    folder = tmp_path / "backups"
    today = date(2024, 6, 30)
    for days_ago in range(10):
        backup = make_backup(
            database,
            folder,
            label="daily",
            now=datetime.combine(today - timedelta(days=days_ago), datetime.min.time()),
        )
        mark_verified(backup, verify_backup(backup, None))
    (folder / "damaged-20200101-000000-hallapp.sqlite3").write_bytes(b"x")
    removed = prune(folder, 7, today=today)
    assert len(removed) == 3 and not any(p.exists() for p in removed)
    assert not any(Path(str(p) + ".json").exists() for p in removed)
    kept = list_backups(folder)
    assert [b.taken_at.date() for b in kept] == [today - timedelta(days=d) for d in range(7)]
    assert (folder / "damaged-20200101-000000-hallapp.sqlite3").exists()


def test_prune_never_removes_the_last_good_backup(database, tmp_path):
    folder = tmp_path / "backups"
    only = make_backup(database, folder, label="daily", now=datetime(2020, 1, 1))
    mark_verified(only, verify_backup(only, None))
    assert prune(folder, 30, today=date(2024, 1, 1)) == []
    assert only.exists()


def test_a_sound_database_has_no_problem(database, tmp_path):
    assert database_problem(database) is None
    assert database_problem(database, quick=True) is None
    assert database_problem(tmp_path / "not-yet-created.sqlite3") is None
    assert not (tmp_path / "not-yet-created.sqlite3").exists()


def test_garbage_over_the_header_is_reported(database):
    with open(database, "r+b") as handle:
        handle.write(b"this is not an sqlite file at all" * 4)
    problem = database_problem(database)
    assert problem is not None and "已损坏" in problem and "hallapp.sqlite3" in problem


def test_a_truncated_file_is_reported(database):
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 3])
    problem = database_problem(database)
    assert problem is not None and "损坏" in problem


def test_an_empty_file_is_reported(tmp_path):
    empty = tmp_path / "hallapp.sqlite3"
    empty.write_bytes(b"")
    assert "0 字节" in database_problem(empty)


def test_damage_in_the_middle_is_reported(database):
    damage_middle(database)
    problem = database_problem(database)
    assert problem is not None and "损坏" in problem


def test_missing_tables_are_reported(database):
    connection = sqlite3.connect(database)
    connection.execute("DROP TABLE matter")
    connection.commit()
    connection.close()
    problem = database_problem(database)
    assert problem is not None and "缺少数据表" in problem and "matter" in problem
