"""Bring a database to the newest schema with Alembic; back up an SQLite file before upgrading it."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from hallapp.store.db import PG_WRITE_LOCK

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
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
    """Migrate to head. Returns the revision now in force. Idempotent."""
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
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Counters starting together: the first migrates, the others wait, then find nothing to do.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
            if MigrationContext.configure(connection).get_current_revision() == head:
                return head
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return head
