"""Bring a database to the newest schema with Alembic; back up an SQLite file before upgrading it."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from hallapp.store.db import PG_WRITE_LOCK, SQLITE_BUSY_TIMEOUT_MS

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# A counter waiting for another's migration waits this long (an upgrade of a large file copies tables).
MIGRATION_BUSY_TIMEOUT_MS = 300_000
_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*"([^"]*)"', re.MULTILINE)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def head_from_files() -> str | None:
    """The newest revision, read from the revision files' own lines (no alembic import: ~16 MB and
    ~0.5 s at every start); None if the files do not form one plain chain (then alembic decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            if found.get("down_revision"):
                parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(engine: Engine) -> str | None:
    """The revision the database says it is at, by plain SQL; None when unknown (new database)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return None
    return rows[0][0] if len(rows) == 1 else None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def backup_sqlite_file(database_file: Path, backup_dir: Path, label: str) -> Path:
    """Copy a live SQLite database with the online backup API (safe even in WAL mode)."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{database_file.stem}-{label}-{stamp}.sqlite3"
    source = sqlite3.connect(database_file)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def upgrade(engine: Engine, *, backup_dir: Path | None = None) -> str:
    """Migrate to head. Returns the revision now in force. Idempotent.

    A database already at the newest revision is recognised without importing alembic (every start)."""
    quick = head_from_files()
    if quick is not None and _stored_revision(engine) == quick:
        return quick
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return head
    database = engine.url.database
    if (
        current is not None
        and backup_dir is not None
        and engine.url.get_backend_name() == "sqlite"
        and database
    ):
        backup_sqlite_file(Path(database), backup_dir, f"before-{head}")
    config = _config()
    # Counters starting together: the first migrates, the others wait for its lock, then find nothing to
    # do. SQLite: the write lock from the start (BEGIN IMMEDIATE, see ``db.make_engine``) with a patient
    # busy timeout; PostgreSQL: the advisory lock every writer takes.
    with engine.connect() as connection:
        connection.info["write"] = True
        _busy_timeout(connection, MIGRATION_BUSY_TIMEOUT_MS)
        try:
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
                if MigrationContext.configure(connection).get_current_revision() == head:
                    return head
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        finally:
            connection.info.pop("write", None)
            _busy_timeout(connection, SQLITE_BUSY_TIMEOUT_MS)
    return head


def _busy_timeout(connection: Connection, milliseconds: int) -> None:
    """SQLite's busy timeout on this connection, set outside any transaction (no-op elsewhere)."""
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute(f"PRAGMA busy_timeout={milliseconds}")
