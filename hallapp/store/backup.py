"""SQLite backup files: make one, check one, list them, prune old ones; say in plain words what is wrong
with a database file that will not open.

A backup is ``<db-stem>-<label>-YYYYmmdd-HHMMSS.sqlite3`` in the backup folder (the same names as the
pre-migration copies of ``migrate.backup_sqlite_file``), with a small ``.json`` beside it recording the row
counts of the source at the moment of the copy and whether the copy was verified. Files whose names start with
``damaged-`` are databases set aside by a restore: never listed as backups, never pruned.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from hallapp.store.files import FileNotWritten, disk_full_message, is_disk_full, write_bytes_whole

log = logging.getLogger(__name__)

BACKUP_SUFFIX = ".sqlite3"
DAMAGED_PREFIX = "damaged-"
PART_SUFFIX = ".part"
SIDECAR_SUFFIX = ".json"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
# Present in every schema since revision 0001: a file without them is not a HallApp database.
REQUIRED_TABLES = ("alembic_version", "department", "matter")
# The columns a case or an applicant is looked up by: their indexes are compared with the table even by
# the quick check at start (``quick_check`` alone does not look into indexes).
KEY_COLUMNS = {"cases": ("case_number", "notice_number", "bundle_ref"), "applicant": ("id_number", "kind")}
_NAME = re.compile(r"^(?P<head>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<seq>\d+))?" + re.escape(BACKUP_SUFFIX) + "$")
_BUSY_TIMEOUT_S = 10.0


class BackupError(Exception):
    """A backup could not be made or used; the message says why, in words a clerk can pass on."""


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file. ``verified`` is True/False when it was checked after writing, None if never."""

    path: Path
    taken_at: datetime
    size: int
    verified: bool | None
    label: str = ""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table of the database (inside the caller's transaction, if any)."""
    return {
        name: connection.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]
        for name in _tables(connection)
    }


def _read_only(path: Path) -> sqlite3.Connection:
    """Open a backup read-only, never creating it nor a -wal/-shm beside it (a copy nobody writes to:
    the pre-upgrade copies of ``migrate`` keep the WAL flag of their source)."""
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=_BUSY_TIMEOUT_S, isolation_level=None)


def sidecar(backup: Path) -> Path:
    return backup.with_name(backup.name + SIDECAR_SUFFIX)


def _read_sidecar(backup: Path) -> dict:
    try:
        data = json.loads(sidecar(backup).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_sidecar(backup: Path, data: dict) -> None:
    write_bytes_whole(sidecar(backup), json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def recorded_counts(backup: Path) -> dict[str, int] | None:
    """The source's row counts recorded when the backup was made (None for copies made elsewhere)."""
    counts = _read_sidecar(backup).get("counts")
    return {str(k): int(v) for k, v in counts.items()} if isinstance(counts, dict) else None


def mark_verified(backup: Path, result: VerifyResult) -> None:
    """Remember the outcome of a check beside the backup, so listing does not re-open every file."""
    data = _read_sidecar(backup)
    data.update(
        verified=result.ok, verified_at=datetime.now().isoformat(timespec="seconds"), problems=result.problems
    )
    _write_sidecar(backup, data)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _free_name(backup_dir: Path, head: str, stamp: str) -> Path:
    target = backup_dir / f"{head}-{stamp}{BACKUP_SUFFIX}"
    sequence = 2
    while target.exists():
        target = backup_dir / f"{head}-{stamp}-{sequence}{BACKUP_SUFFIX}"
        sequence += 1
    return target


def make_backup(database_file: Path, backup_dir: Path, *, label: str, now: datetime | None = None) -> Path:
    """Copy a live database with SQLite's online backup API; safe while the app is writing.

    The copy and the row counts recorded beside it come from one read transaction, so they describe the
    same moment. It is written under a temporary name and renamed when complete: a crash never leaves a
    half-written file that looks like a backup. The copy is in rollback-journal mode, readable on its own.
    """
    database_file = Path(database_file)
    if not database_file.is_file():
        raise BackupError(f"找不到数据库文件 {database_file}，无法备份。")
    backup_dir.mkdir(parents=True, exist_ok=True)
    taken = now or datetime.now()
    target = _free_name(backup_dir, f"{database_file.stem}-{label}", taken.strftime(STAMP_FORMAT))
    temp = target.with_name(target.name + PART_SUFFIX)
    temp.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(database_file, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        try:
            source.execute("BEGIN")  # a read transaction: the counts and the pages copied are one snapshot
            counts = table_counts(source)
            copy = sqlite3.connect(temp)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
            source.execute("COMMIT")
        finally:
            source.close()
        _fsync(temp)
        os.replace(temp, target)
    except sqlite3.Error as error:
        temp.unlink(missing_ok=True)
        if "full" in str(error).lower():
            raise FileNotWritten(disk_full_message(target)) from error
        raise BackupError(f"备份数据库失败：{error}") from error
    except BaseException as error:
        temp.unlink(missing_ok=True)
        if is_disk_full(error):
            raise FileNotWritten(disk_full_message(target)) from error
        raise
    _write_sidecar(
        target,
        {
            "label": label,
            "source": str(database_file),
            "taken_at": taken.isoformat(timespec="seconds"),
            "counts": counts,
            "verified": None,
        },
    )
    log.info("backup written: %s (%d tables)", target.name, len(counts))
    return target


def verify_backup(path: Path, expected_counts: dict[str, int] | None) -> VerifyResult:
    """Open the copy read-only: it must pass ``PRAGMA integrity_check``, hold HallApp's tables and, when
    ``expected_counts`` is given, have exactly those row counts."""
    path = Path(path)
    if not path.is_file():
        return VerifyResult(False, [f"备份文件不存在：{path}"])
    problems: list[str] = []
    try:
        with contextlib.closing(_read_only(path)) as connection:
            checks = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
            if checks != ["ok"]:
                problems.append("备份文件已损坏（完整性检查未通过）：" + "；".join(map(str, checks[:3])))
                return VerifyResult(False, problems)
            tables = set(_tables(connection))
            missing = [name for name in REQUIRED_TABLES if name not in tables]
            if missing:
                problems.append("备份文件里没有 HallApp 的数据表（缺少 " + "、".join(missing) + "）。")
            if expected_counts is not None:
                counts = table_counts(connection)
                for name, expected in sorted(expected_counts.items()):
                    found = counts.get(name)
                    if found is None:
                        problems.append(f"备份缺少数据表 {name}。")
                    elif found != expected:
                        problems.append(f"数据表 {name} 应有 {expected} 行，备份里有 {found} 行。")
    except sqlite3.Error as error:
        problems.append(f"备份文件已损坏或无法读取：{error}")
    return VerifyResult(not problems, problems)


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """The backups in a folder, newest first (including the copies made before a schema upgrade)."""
    if not backup_dir.is_dir():
        return []
    found: list[tuple[datetime, int, BackupInfo]] = []
    for path in backup_dir.glob("*" + BACKUP_SUFFIX):
        match = _NAME.match(path.name)
        if match is None or path.name.startswith(DAMAGED_PREFIX) or not path.is_file():
            continue
        try:
            taken_at = datetime.strptime(match["stamp"], STAMP_FORMAT)
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        meta = _read_sidecar(path)
        verified = meta.get("verified")
        label = meta.get("label") or match["head"].partition("-")[2]  # "hallapp-before-0009" → "before-0009"
        info = BackupInfo(path, taken_at, size, verified if isinstance(verified, bool) else None, str(label))
        found.append((taken_at, int(match["seq"] or 1), info))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [info for _taken, _seq, info in found]


def remove_backup(path: Path) -> None:
    """Delete a backup file and what lies beside it."""
    for item in (path, sidecar(path), *(path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm"))):
        with contextlib.suppress(FileNotFoundError):
            item.unlink()


def prune(backup_dir: Path, keep_days: int, *, today: date | None = None) -> list[Path]:
    """Delete backups taken more than ``keep_days`` days ago; the newest good one is always kept.

    Returns the files deleted. Databases set aside by a restore (``damaged-…``) are left alone.
    """
    today = today or date.today()
    oldest_kept = today - timedelta(days=max(keep_days, 1) - 1)
    backups = list_backups(backup_dir)
    keep = next((b.path for b in backups if b.verified), backups[0].path if backups else None)
    removed: list[Path] = []
    for backup in backups:
        if backup.taken_at.date() < oldest_kept and backup.path != keep:
            remove_backup(backup.path)
            removed.append(backup.path)
    if removed:
        log.info("pruned %d backups older than %d days", len(removed), keep_days)
    return removed


@contextlib.contextmanager
def _opened(database_file: Path) -> Iterator[sqlite3.Connection]:
    # Read-only, never creating the file: a damaged file and its -wal stay exactly as they are (a -wal left
    # by a crash is still read, so the check sees what the app would see).
    connection = sqlite3.connect(
        Path(database_file).resolve().as_uri() + "?mode=ro",
        uri=True,
        timeout=_BUSY_TIMEOUT_S,
        isolation_level=None,
    )
    try:
        yield connection
    finally:
        connection.close()


def _indexes_checked(connection: sqlite3.Connection, tables: set[str]) -> list[str]:
    """Every index a case or an applicant is found by (``KEY_COLUMNS``) holds exactly its table's rows:
    each row's (rowid, key) read from the table must be in the index. About a third of the cost of a
    full ``integrity_check`` of the cases table (which compares its ten indexes), see the README."""
    problems: list[str] = []
    for table, keys in KEY_COLUMNS.items():
        if table not in tables:
            continue
        indexes = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
        ).fetchall()
        for (name,) in indexes:
            columns = [row[2] for row in connection.execute(f"PRAGMA index_info({_quote(name)})")]
            if not columns or columns[0] not in keys or None in columns:
                continue
            listed = ", ".join(_quote(c) for c in columns)
            present = " AND ".join(f"{_quote(c)} IS NOT NULL" for c in columns)
            missing = connection.execute(
                f"SELECT count(*) FROM (SELECT rowid, {listed} FROM {_quote(table)} NOT INDEXED WHERE {present}"
                f" EXCEPT SELECT rowid, {listed} FROM {_quote(table)} INDEXED BY {_quote(name)} WHERE {present})"
            ).fetchone()[0]
            if missing:
                problems.append(f"index {name}: {missing} rows missing from index")
    for table in ("number_counter",):
        if table in tables:
            rows = connection.execute(f"PRAGMA integrity_check({_quote(table)})").fetchall()
            problems += [str(r[0]) for r in rows if r[0] != "ok"]
    return problems or ["ok"]


def database_problem(database_file: Path, *, quick: bool = False) -> str | None:
    """What is wrong with the database file, in plain Chinese, or None if it looks sound.

    A missing file, or a sound one with no tables yet, is not a problem (the first start creates them);
    an empty (0-byte) file is, since it most likely lost its data. ``quick`` (the check at every start)
    uses ``PRAGMA quick_check`` over the whole file, which does not compare indexes with their tables,
    and then compares the indexes cases and applicants are found by with their tables (``KEY_COLUMNS``):
    a damaged index there would make a case unfindable by its number while the file "passes". Without ``quick``
    (the daily backup, after a failed opening) every table and index is checked in full.
    """
    database_file = Path(database_file)
    if not database_file.exists():
        return None
    if not database_file.is_file():
        return f"数据库路径 {database_file} 不是一个文件。"
    size = database_file.stat().st_size
    if size == 0:
        return f"数据库文件 {database_file.name} 是空的（0 字节），里面的数据已经丢失。"
    try:
        with _opened(database_file) as connection:
            pragma = "quick_check" if quick else "integrity_check"
            checks = [row[0] for row in connection.execute(f"PRAGMA {pragma}").fetchall()]
            tables = set(_tables(connection))
            if checks == ["ok"] and quick:
                checks = _indexes_checked(connection, tables)
            if checks != ["ok"]:
                index = any("index" in str(c).lower() for c in checks)
                return (
                    f"数据库文件 {database_file.name} 已损坏（完整性检查发现 {len(checks)} 处问题"
                    + ("，其中有索引损坏：按编号可能查不到办件" if index else "")
                    + "），继续使用可能丢失或弄错办件记录。"
                )
    except sqlite3.DatabaseError as error:
        text = str(error).lower()
        if "not a database" in text or "malformed" in text or "disk image" in text:
            return (
                f"数据库文件 {database_file.name} 已损坏，无法读取（{error}）。"
                "可能是断电、强制关机或磁盘故障造成的。"
            )
        if "locked" in text or "busy" in text:
            return f"数据库文件 {database_file.name} 正被其他程序占用，请关闭其他 HallApp 窗口后再试。"
        return f"无法打开数据库文件 {database_file}（{error}）。"
    except OSError as error:
        return f"无法读取数据库文件 {database_file}（{error}）。"
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing and tables:  # no tables at all: a new database the first start did not finish; it migrates
        return (
            f"数据库文件 {database_file.name} 缺少数据表（{'、'.join(missing)}），不是完整的 HallApp 数据库。"
        )
    return None
