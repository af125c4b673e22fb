import json
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from hallapp.config import resolve_paths
from hallapp.services.backups import (
    BackupError,
    BackupRefused,
    DatabaseDamaged,
    backup_now,
    check_database,
    daily_backup,
    good_backups,
    restore,
)
from hallapp.services.bootstrap import open_app
from hallapp.store.backup import list_backups, make_backup, mark_verified, verify_backup
from tests.people import ADMIN, CHEAP, CLERK, PASSWORD, create_accounts


def count(database, table="matter"):
    connection = sqlite3.connect(database)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def installed(paths):
    """An installation opened once and closed, with its catalogue loaded (SQLite only)."""
    if paths.database_file is None:
        pytest.skip("backups are for the SQLite database")
    open_app(paths).close()
    return paths


def test_backup_now_is_verified(installed):
    backup = backup_now(installed)
    (info,) = list_backups(installed.backup_dir)
    assert info.path == backup and info.verified is True and info.label == "manual"
    assert count(backup) == count(installed.database_file) > 0


def test_daily_backup_once_a_day_and_pruned(installed):
    day = date(2030, 3, 10)
    first = daily_backup(installed, today=day)
    assert first is not None and first.name.startswith("hallapp-daily-20300310-")
    assert daily_backup(installed, today=day) == first  # already done today
    assert len(list_backups(installed.backup_dir)) == 1
    second = daily_backup(installed, today=day + timedelta(days=1))
    assert second not in (None, first)
    for later in range(2, 6):
        daily_backup(installed, keep_days=3, today=day + timedelta(days=later))
    days = [b.taken_at.date() for b in list_backups(installed.backup_dir)]
    assert days == [day + timedelta(days=d) for d in (5, 4, 3)]


def test_a_backup_of_today_that_was_never_verified_does_not_count(installed):
    unverified = make_backup(installed.database_file, installed.backup_dir, label="before-0009")
    made = daily_backup(installed)
    assert made is not None and made != unverified and "daily" in made.name


def test_daily_backup_deletes_a_copy_that_fails_verification_and_returns_none(installed, monkeypatch, caplog):
    from hallapp.services import backups
    from hallapp.store.backup import VerifyResult

    monkeypatch.setattr(
        backups, "verify_backup", lambda path, counts: VerifyResult(False, ["数据表 matter 行数不符"])
    )
    assert daily_backup(installed) is None
    assert list(installed.backup_dir.glob("*.sqlite3*")) == []
    assert "failed verification" in caplog.text
    with pytest.raises(BackupRefused, match="未通过校验"):
        backup_now(installed)


def test_daily_backup_never_raises(installed, monkeypatch):
    from hallapp.services import backups

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backups, "make_backup", broken)
    assert daily_backup(installed) is None


def test_postgresql_is_the_dbas_job(tmp_path):
    paths = resolve_paths(tmp_path / "data", "postgresql+psycopg://hall@db.example/hall")
    assert daily_backup(paths) is None
    with pytest.raises(BackupError, match="pg_dump"):
        backup_now(paths)
    with pytest.raises(BackupError, match="pg_dump"):
        restore(paths, tmp_path / "x.sqlite3")
    check_database(paths)  # nothing to check here
    assert good_backups(paths) == []


def test_a_corrupted_database_leads_to_the_restore_offer_and_the_restore_works(installed):
    backup = backup_now(installed)
    matters = count(installed.database_file)
    database = installed.database_file
    with open(database, "r+b") as handle:  # garbage over the header: a crash, a bad disk
        handle.write(b"\x00garbage" * 64)
    (database.parent / (database.name + "-wal")).write_bytes(b"stale wal")
    damaged_bytes = database.read_bytes()

    with pytest.raises(DatabaseDamaged) as raised:
        check_database(installed)
    assert "已损坏" in raised.value.problem
    assert [b.path for b in raised.value.backups] == [backup]

    result = restore(installed, raised.value.backups[0].path)
    assert result.database_file == database and result.backup == backup
    names = sorted(p.name for p in result.set_aside)
    assert all(p.parent == installed.backup_dir and p.name.startswith("damaged-") for p in result.set_aside)
    assert any(n.endswith("-hallapp.sqlite3") for n in names) and any(
        n.endswith("-hallapp.sqlite3-wal") for n in names
    )
    aside = next(p for p in result.set_aside if p.name.endswith(".sqlite3"))
    assert aside.read_bytes() == damaged_bytes  # kept as it was, for whoever looks into it
    assert not (database.parent / (database.name + "-wal")).exists()
    assert [b.path for b in list_backups(installed.backup_dir)] == [backup]  # the damaged file is no backup

    check_database(installed, quick=False)
    context = open_app(installed)
    context.close()
    assert count(database) == matters


def test_restore_refuses_a_bad_backup_and_changes_nothing(installed):
    backup = backup_now(installed)
    size = backup.stat().st_size
    with open(backup, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xff" * 8192)
    before = installed.database_file.read_bytes()
    folder_before = sorted(p.name for p in installed.backup_dir.iterdir())
    with pytest.raises(BackupRefused) as raised:
        restore(installed, backup)
    assert raised.value.problems and "未做任何改动" in str(raised.value)
    assert installed.database_file.read_bytes() == before
    assert sorted(p.name for p in installed.backup_dir.iterdir()) == folder_before
    assert not list(installed.database_file.parent.glob("*.restoring"))


def test_restore_refuses_counts_that_do_not_match(installed):
    backup = backup_now(installed)
    connection = sqlite3.connect(backup)
    connection.execute("DELETE FROM matter WHERE id IN (SELECT id FROM matter LIMIT 1)")
    connection.commit()
    connection.close()
    with pytest.raises(BackupRefused, match="matter"):
        restore(installed, backup)


def test_restore_of_a_listed_backup_when_the_database_is_gone(installed):
    backup = backup_now(installed)
    installed.database_file.unlink()
    result = restore(installed, backup)
    assert result.set_aside == [] and count(installed.database_file) == count(backup)


def test_good_backups_leave_out_those_that_failed(installed):
    good = backup_now(installed)
    bad = make_backup(
        installed.database_file,
        installed.backup_dir,
        label="daily",
        now=datetime.now() + timedelta(seconds=5),
    )
    mark_verified(bad, verify_backup(bad, {"matter": -1}))
    assert [b.path for b in good_backups(installed)] == [good]


@pytest.fixture
def hall_cli(installed, monkeypatch):
    """``hallapp ARGS --data-dir DIR --user USER`` against ``installed``, where the administrator and a
    clerk have accounts (cheap hashing; the password in HALLAPP_PASSWORD, as the command line reads it)."""
    from hallapp.cli import main
    from hallapp.services import accounts

    monkeypatch.setattr(accounts, "default_hasher", lambda: CHEAP)
    context = open_app(installed)
    try:
        create_accounts(context, CLERK)  # the administrator first, who creates the clerk
    finally:
        context.close()
    monkeypatch.setenv("HALLAPP_PASSWORD", PASSWORD)

    def run(*args: str, user: str = ADMIN.username) -> int:
        return main([*args, "--data-dir", str(installed.data_dir), "--user", user])

    return run


def trail_of(paths) -> list[tuple[str, str, dict]]:
    """(actor, action, detail) of the backup events in the database at ``paths``."""
    connection = sqlite3.connect(paths.database_file)
    try:
        rows = connection.execute(
            "SELECT actor, action, detail FROM audit_event WHERE action LIKE 'backup.%' ORDER BY seq"
        ).fetchall()
    finally:
        connection.close()
    return [(actor, action, json.loads(detail)) for actor, action, detail in rows]


def test_cli_backup_then_list_then_restore(installed, hall_cli, capsys):
    assert hall_cli("backup") == 0
    made = capsys.readouterr().out.strip().split(": ", 1)[1]
    assert made.endswith(".sqlite3") and "manual" in made
    assert [(a, action) for a, action, _d in trail_of(installed)] == [("sun.admin", "backup.make")]
    assert hall_cli("restore") == 0
    listing = capsys.readouterr().out
    assert made in listing and "已校验" in listing

    assert hall_cli("restore", Path(made).name) == 0  # a name in the backup folder will do
    captured = capsys.readouterr()
    assert "关闭 HallApp" in captured.err and "已用" in captured.out
    # the restored database (made before its own backup event) records the restore, by the administrator
    assert [(a, action) for a, action, _d in trail_of(installed)] == [("sun.admin", "backup.restore")]
    check_database(installed, quick=False)


def test_cli_restores_a_damaged_database_without_sign_in_as_the_system(installed, hall_cli, capsys):
    assert hall_cli("backup") == 0
    made = capsys.readouterr().out.strip().split(": ", 1)[1]
    with open(installed.database_file, "r+b") as handle:
        handle.write(b"garbage!" * 32)
    assert hall_cli("restore", Path(made).name, user="") == 0  # nobody can sign in to a damaged file
    captured = capsys.readouterr()
    assert "关闭 HallApp" in captured.err and "已用" in captured.out and "damaged-" in captured.out
    check_database(installed, quick=False)
    ((actor, action, detail),) = trail_of(installed)
    assert (actor, action, detail["unattended"], detail["reason"]) == (
        "system",
        "backup.restore",
        True,
        "database_damaged",
    )
    assert detail["os_user"]


def test_cli_backups_are_the_administrators(installed, hall_cli, capsys):
    assert hall_cli("backup", user=CLERK.username) != 0
    assert "无权备份和恢复数据" in capsys.readouterr().err
    assert hall_cli("restore", user=CLERK.username) != 0
    assert "无权备份和恢复数据" in capsys.readouterr().err
    assert list_backups(installed.backup_dir) == [] and trail_of(installed) == []


def test_cli_restore_refuses_what_is_not_a_good_backup(installed, hall_cli, tmp_path, capsys):
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a database" * 100)
    assert hall_cli("restore", str(bogus)) == 1
    assert "未通过校验" in capsys.readouterr().err
    assert check_database(installed, quick=False) is None and trail_of(installed) == []


def test_cli_restore_without_backups_says_so(installed, hall_cli, capsys):
    assert hall_cli("restore") == 1
    assert "没有备份" in capsys.readouterr().err


def test_cli_backup_before_any_account_asks_for_the_administrator(tmp_path, capsys):
    from hallapp.cli import main

    assert main(["backup", "--data-dir", str(tmp_path / "data"), "--user", "sun.admin"]) != 0
    assert "请先创建系统管理员" in capsys.readouterr().err
    assert list_backups(resolve_paths(tmp_path / "data").backup_dir) == []


def test_open_guarded_opens_a_sound_installation(installed):
    from hallapp.services.backups import open_guarded

    context = open_guarded(installed, open_app)
    context.close()


def test_open_guarded_offers_the_backups_of_a_damaged_database(installed):
    from hallapp.services.backups import open_guarded

    backup = backup_now(installed)
    with open(installed.database_file, "r+b") as handle:
        handle.write(b"garbage!" * 32)
    opened = []
    with pytest.raises(DatabaseDamaged) as raised:
        open_guarded(installed, opened.append)
    assert opened == [] and [b.path for b in raised.value.backups] == [backup]


def test_open_guarded_looks_at_the_file_again_when_opening_fails(installed, monkeypatch):
    from hallapp.services import backups
    from hallapp.services.backups import open_guarded

    def fails(_paths):
        raise RuntimeError("catalogue broken")

    assert pytest.raises(RuntimeError, open_guarded, installed, fails).match("catalogue broken")
    quick_checks = []
    real = backups.database_problem
    monkeypatch.setattr(
        backups,
        "database_problem",
        lambda f, quick=False: quick_checks.append(quick) or (None if quick else real(f)),
    )
    with open(installed.database_file, "r+b") as handle:  # damage only a thorough check sees
        handle.write(b"garbage!" * 32)
    with pytest.raises(DatabaseDamaged):
        open_guarded(installed, fails)
    assert quick_checks == [True, False]


def test_open_guarded_refuses_a_cloud_folder(tmp_path):
    from hallapp.services.backups import open_guarded
    from hallapp.services.data_folder import DataFolderRefused

    paths = resolve_paths(tmp_path / "OneDrive" / "HallApp")
    with pytest.raises(DataFolderRefused, match="云同步文件夹「OneDrive」"):
        open_guarded(paths, open_app)
    assert not paths.data_dir.exists()
