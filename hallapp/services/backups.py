"""备份与恢复 (backups): a verified copy of the database every day, and putting one back when the database
file is damaged.

Only for the embedded SQLite database. A PostgreSQL server shared by several counters is backed up by its
administrator (``pg_dump``); these functions say so and touch nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from hallapp.config import AppPaths

if TYPE_CHECKING:
    from hallapp.services.continuity import ContinuityReport
from hallapp.store.backup import (
    DAMAGED_PREFIX,
    BackupError,
    BackupInfo,
    database_problem,
    list_backups,
    make_backup,
    mark_verified,
    prune,
    recorded_counts,
    remove_backup,
    verify_backup,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_KEEP_DAYS = 30
POSTGRES_MESSAGE = (
    "当前使用的是 PostgreSQL 数据库服务器：备份与恢复由数据库管理员用 pg_dump / pg_restore 完成，"
    "HallApp 不做这件事。"
)
# Files SQLite keeps beside a database: they belong to it and must move with it, or a stale -wal would be
# replayed into the restored copy.
SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupRefused(BackupError):
    """A backup failed its check: nothing was changed."""

    def __init__(self, backup: Path, problems: list[str]) -> None:
        super().__init__(f"备份 {backup.name} 未通过校验，未做任何改动：" + "；".join(problems))
        self.backup = backup
        self.problems = problems


class DatabaseDamaged(Exception):
    """The database file cannot be used; ``backups`` are the good copies that could replace it."""

    def __init__(self, problem: str, backups: list[BackupInfo]) -> None:
        super().__init__(problem)
        self.problem = problem
        self.backups = backups


class DatabaseBehind(DatabaseDamaged):
    """The database opens but lacks numbers or audit events already issued (``services.continuity``).

    Raised after the loss was recorded and numbering moved above every number issued, so opening again
    continues with this database safely; ``backups`` are offered in case a newer copy holds more."""

    def __init__(self, report: ContinuityReport, backups: list[BackupInfo]) -> None:
        super().__init__(
            report.message() + "\n重新打开 HallApp（或再次执行命令）即可继续使用当前数据库。", backups
        )
        self.report = report


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: which backup is now the database, and where the replaced files were put."""

    database_file: Path
    backup: Path
    set_aside: list[Path] = field(default_factory=list)


def _database_file(paths: AppPaths) -> Path:
    database = paths.database_file
    if database is None:
        raise BackupError(POSTGRES_MESSAGE)
    return database


def _checked(backup: Path) -> Path:
    """Verify a fresh backup against the counts taken with it; a bad one is deleted, never kept."""
    result = verify_backup(backup, recorded_counts(backup))
    if not result.ok:
        remove_backup(backup)
        log.error(
            "backup %s failed verification and was deleted: %s", backup.name, "; ".join(result.problems)
        )
        raise BackupRefused(backup, result.problems)
    mark_verified(backup, result)
    return backup


def backup_now(paths: AppPaths, *, label: str = "manual") -> Path:
    """Make a backup now and check it. Raises ``BackupError`` (with a plain message) if it cannot be done."""
    database = _database_file(paths)
    return _checked(make_backup(database, paths.backup_dir, label=label))


@dataclass(frozen=True)
class DailyBackup:
    """The day's backup (None if none was made) and, in words, what the full check of the database found
    (None when it is sound or was not checked because today's backup already existed)."""

    backup: Path | None
    problem: str | None = None


def daily_backup(
    paths: AppPaths, *, keep_days: int = DEFAULT_KEEP_DAYS, today: date | None = None
) -> Path | None:
    """The day's backup: made once a day (skipped if a verified one of today exists), checked, old ones pruned.

    Returns the day's backup, or None if there is none (PostgreSQL, no database yet, or a failure, which is
    logged, and a copy that failed its check is deleted). Never raises: it runs beside the clerk's work.
    """
    return run_daily_backup(paths, keep_days=keep_days, today=today).backup


def run_daily_backup(
    paths: AppPaths, *, keep_days: int = DEFAULT_KEEP_DAYS, today: date | None = None
) -> DailyBackup:
    """``daily_backup``, saying what is wrong when the database fails the day's full ``integrity_check``
    (every table and index, not only the quick check of the start): then no backup is made, so a damaged
    file never pushes the last good copies out."""
    database = paths.database_file
    if database is None:
        log.info("daily backup skipped: %s", POSTGRES_MESSAGE)
        return DailyBackup(None)
    if not database.is_file():
        return DailyBackup(None)
    day = today or date.today()
    try:
        existing = next(
            (b for b in list_backups(paths.backup_dir) if b.taken_at.date() == day and b.verified), None
        )
        if existing is not None:
            return DailyBackup(existing.path)
        problem = database_problem(database, quick=False)
        if problem is not None:
            log.error("daily backup not made: the database failed its full check: %s", problem)
            return DailyBackup(None, problem)
        now = datetime.now()
        taken = now if day == now.date() else datetime.combine(day, now.time())
        backup = _checked(make_backup(database, paths.backup_dir, label="daily", now=taken))
        prune(paths.backup_dir, keep_days, today=day)
    except Exception:  # a failed backup must not stop the counter; the log says why
        log.exception("daily backup failed")
        return DailyBackup(None)
    return DailyBackup(backup)


def good_backups(paths: AppPaths) -> list[BackupInfo]:
    """Backups worth offering, newest first: all but those that failed their check."""
    if paths.database_file is None:
        return []
    return [b for b in list_backups(paths.backup_dir) if b.verified is not False]


def check_database(paths: AppPaths, *, quick: bool = True) -> None:
    """Raise ``DatabaseDamaged`` (with the good backups) if the SQLite file is there but unusable.

    Call before opening the database, and again after opening failed (``quick=False``), on a worker.
    """
    database = paths.database_file
    if database is None:
        return
    problem = database_problem(database, quick=quick)
    if problem is not None:
        raise DatabaseDamaged(problem, good_backups(paths))


def open_guarded(
    paths: AppPaths,
    opener: Callable[[AppPaths], T],
    *,
    on_loss: Callable[[ContinuityReport], None] | None = None,
) -> T:
    """Open an installation the careful way (on a worker): refuse a network or cloud-sync folder
    (``DataFolderRefused``), offer the backups if the database file is damaged (``DatabaseDamaged``),
    before opening and again if ``opener`` fails; any other failure is raised as it was. An installation
    whose database is behind what was issued (``AppContext.continuity``) is closed again and reported as
    ``DatabaseBehind`` (a ``DatabaseDamaged``: the same restore offer); the loss is recorded by then, so the
    next opening goes through. With ``on_loss`` (the command line) the report is handed to it instead and
    the installation is returned open.
    """
    from hallapp.services.data_folder import check_data_folder

    check_data_folder(paths)
    check_database(paths)
    try:
        opened = opener(paths)
    except Exception as error:  # noqa: BLE001 - re-raised below unless the file itself is the cause
        failure = error
    else:
        report = getattr(opened, "continuity", None)
        if report is None or not report.loss:
            return opened
        if on_loss is not None:  # the command line: say so and go on (the loss is recorded already)
            on_loss(report)
            return opened
        close = getattr(opened, "close", None)
        if close is not None:
            close()  # the restore offer may replace the file: no connection left on it
        raise DatabaseBehind(report, good_backups(paths))
    # Outside the except block, so DatabaseDamaged does not carry the failed opening (and its engine) along.
    check_database(paths, quick=False)
    raise failure


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def restore(paths: AppPaths, backup: Path) -> RestoreResult:
    """Put a backup in place of the database. The app must not have the database open.

    The backup is checked first; if it fails, nothing changes (``BackupRefused``). The current database
    file and its -wal/-shm are moved, not deleted, into the backup folder as ``damaged-<time>-…``.
    """
    database = _database_file(paths)
    backup = Path(backup)
    result = verify_backup(backup, recorded_counts(backup))
    if not result.ok:
        raise BackupRefused(backup, result.problems)
    paths.backup_dir.mkdir(parents=True, exist_ok=True)
    database.parent.mkdir(parents=True, exist_ok=True)
    incoming = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, incoming)  # copied next to the database first, so the swap is a rename
    with open(incoming, "rb") as handle:
        os.fsync(handle.fileno())
    prefix = f"{DAMAGED_PREFIX}{_stamp()}-"
    moved: list[tuple[Path, Path]] = []
    try:
        for source in [database] + [database.with_name(database.name + s) for s in SIDE_FILES]:
            if source.exists():
                target = paths.backup_dir / (prefix + source.name)
                shutil.move(source, target)
                moved.append((source, target))
        os.replace(incoming, database)
    except BaseException:
        for source, target in reversed(moved):  # put back what was moved: the clerk is where they started
            with contextlib.suppress(OSError):
                shutil.move(target, source)
        incoming.unlink(missing_ok=True)
        raise
    log.warning(
        "database restored from %s; previous files set aside: %s",
        backup.name,
        ", ".join(t.name for _s, t in moved) or "none",
    )
    return RestoreResult(database, backup, [target for _source, target in moved])
