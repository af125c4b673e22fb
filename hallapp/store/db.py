"""Engine and unit of work. SQLite (the embedded default) or PostgreSQL, chosen by URL."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 10_000
# One writer at a time on PostgreSQL too, like SQLite's BEGIN IMMEDIATE: a transaction-scoped advisory lock
# taken when a writing unit of work begins (so two counters never race on the same applicant or number).
PG_WRITE_LOCK = 1212238924


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine whose SQLite connections run in WAL mode, ``synchronous=FULL``, foreign keys on."""
    if not is_sqlite(url):
        engine = create_engine(url, echo=echo, pool_pre_ping=True)

        @event.listens_for(engine, "begin")
        def _pg_begin(conn: Any) -> None:
            if conn.info.get("write"):
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")

        return engine
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN (not the driver's implicit one) open transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

    return engine


class UnitOfWork:
    """One use case, one transaction: ``with UnitOfWork(engine) as uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` rolls everything back, so a failed use case writes nothing.
    ``write=True`` takes SQLite's write lock at the start (``BEGIN IMMEDIATE``), so two counters writing
    at once queue up instead of failing half-way.
    """

    def __init__(self, engine: Engine, *, write: bool = False) -> None:
        self.engine = engine
        self.write = write
        self._connection: Connection | None = None
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._connection = self.engine.connect()
        self._connection.info["write"] = self.write
        self._session = Session(bind=self._connection, expire_on_commit=False)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None and self._connection is not None
        try:
            self._session.rollback()
            self._session.close()
        finally:
            self._connection.info.pop("write", None)
            self._connection.close()
            self._session = None
            self._connection = None

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
