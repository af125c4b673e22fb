"""Engine and unit of work. SQLite (the embedded default) or PostgreSQL, chosen by URL."""

from __future__ import annotations

import weakref
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 10_000
# One writer at a time on PostgreSQL too, like SQLite's BEGIN IMMEDIATE: a transaction-scoped advisory lock
# taken when a writing unit of work begins (so two counters never race on the same applicant or number).
PG_WRITE_LOCK = 1212238924


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine whose SQLite connections run in WAL mode, ``synchronous=FULL``, foreign keys on.

    Both engines hide bound parameters in their errors and echo logs (``hide_parameters``): a failing
    statement's values are residents' IDs, names and phones, and the error's text reaches the log file.
    """
    if not is_sqlite(url):
        engine = create_engine(url, echo=echo, pool_pre_ping=True, hide_parameters=True)

        @event.listens_for(engine, "begin")
        def _pg_begin(conn: Any) -> None:
            if conn.info.get("write"):
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")

        return engine
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,
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


class StorageFull(OSError):
    """The database could not be written: the disk is full (or failing). Nothing of the action was kept."""


class DatabaseBusy(RuntimeError):
    """Another counter held the database for too long; the action was not done and can be repeated."""


def plain_storage_error(error: BaseException) -> BaseException | None:
    """The clerk-facing error for a storage failure, or None when ``error`` is not one."""
    message = str(getattr(error, "orig", error)).lower()
    if "database or disk is full" in message or "disk i/o error" in message or "no space left" in message:
        return StorageFull(
            "数据盘空间已满（或磁盘故障），本次操作未保存。请联系管理员清理磁盘后重试，已保存的办件不受影响。"
        )
    if "database is locked" in message or "database is busy" in message:
        return DatabaseBusy("数据库正被其他窗口占用，本次操作未保存，请稍后重试。")
    return None


class CommitHook(Protocol):
    """Called around every commit of a writing unit of work (the issue journal, ``store.journal``).

    ``before_commit`` runs inside the transaction with the write lock held and returns what to record (or
    None); ``after_commit`` gets it once the commit succeeded. Neither is called for a rolled-back one.
    """

    def before_commit(self, session: Session) -> object | None: ...

    def after_commit(self, pending: object) -> None: ...


# The hook of each engine: every unit of work on it uses it, whoever made the unit of work (the session,
# the sign-in, the bootstrap). Weak, so a disposed and dropped engine takes its hook with it.
_HOOKS: weakref.WeakKeyDictionary[Engine, CommitHook] = weakref.WeakKeyDictionary()


def attach_commit_hook(engine: Engine, hook: CommitHook | None) -> None:
    """Make ``hook`` run around every writing unit of work's commit on ``engine`` (None: no hook)."""
    if hook is None:
        _HOOKS.pop(engine, None)
    else:
        _HOOKS[engine] = hook


def commit_hook(engine: Engine) -> CommitHook | None:
    return _HOOKS.get(engine)


class UnitOfWork:
    """One use case, one transaction: ``with UnitOfWork(engine) as uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` rolls everything back, so a failed use case writes nothing.
    ``write=True`` takes SQLite's write lock at the start (``BEGIN IMMEDIATE``), so two counters writing
    at once queue up instead of failing half-way. A writing unit of work's commit goes through the
    engine's ``CommitHook`` (``attach_commit_hook``): the numbers it issued and the audit head are journaled
    outside the database once the commit succeeded, before the caller can print anything.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        write: bool = False,
        principal: Any = None,
        hook: CommitHook | None = None,
    ) -> None:
        self.engine = engine
        self.write = write
        self.principal = principal  # who acts (hallapp.domain.access.Principal); the use case checks it
        self.hook = hook if hook is not None else commit_hook(engine)
        self._connection: Connection | None = None
        self._session: Session | None = None

    @property
    def actor(self) -> str:
        """The user name of whoever acts in this unit of work: what every record and audit event carries.
        There is no actor without a principal (the services refuse before they get here)."""
        if self.principal is None:
            raise RuntimeError("UnitOfWork without a principal has no actor")
        return str(self.principal.username)

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> Self:
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
        if isinstance(exc, OperationalError):
            plain = plain_storage_error(exc)
            if plain is not None:
                raise plain from exc  # rolled back above: nothing of the action was kept

    def commit(self) -> None:
        pending = None
        try:
            if self.hook is not None and self.write:
                self.session.flush()
                pending = self.hook.before_commit(self.session)
            self.session.commit()
        except OperationalError as error:
            plain = plain_storage_error(error)
            if plain is None:
                raise
            raise plain from error
        if pending is not None and self.hook is not None:
            self.hook.after_commit(pending)

    def rollback(self) -> None:
        self.session.rollback()
        self.session.info.clear()  # numbers issued in what was rolled back were given back with it
