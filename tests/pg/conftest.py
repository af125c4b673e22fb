"""A throwaway PostgreSQL server for the tests in this folder, and a fresh database per test.

The server is started once per session (so once per pytest-xdist worker: each worker has its own server,
data folder and port, and the workers share nothing) from the local PostgreSQL binaries (Debian's
``/usr/lib/postgresql/<version>/bin``, ``$HALLAPP_TEST_PG_BIN`` or ``PATH``): ``initdb`` with trust
authentication into a temporary folder, listening on 127.0.0.1 and a free port only. As root, the server
runs as the ``postgres`` user (PostgreSQL refuses to run as root). ``$HALLAPP_TEST_PG_ADMIN_URL``
(``postgresql://user@host:port/postgres``) uses an existing server instead (e.g. on Windows).

Where no server can be had, every test here is skipped with the reason; with
``HALLAPP_TEST_PG_REQUIRED=1`` (CI that installs PostgreSQL) that is a failure instead.

Inside this folder ``paths`` points at the test's PostgreSQL database, so the shared ``app_context`` and
``ready_context`` fixtures of ``tests/conftest.py`` open HallApp on PostgreSQL.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from hallapp.config import AppPaths, resolve_paths

START_TIMEOUT_S = 30
DIR_PREFIX = "hallapp-pg-"
PORT_ATTEMPTS = 3
# A test server: durability is not wanted, speed is.
SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL tests not run: {reason}"
    if os.environ.get("HALLAPP_TEST_PG_REQUIRED") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _version(bin_dir: str) -> int:
    name = Path(bin_dir).parent.name
    return int(name) if name.isdigit() else 0


def _find_bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: $HALLAPP_TEST_PG_BIN only, if set; else Debian's newest, else PATH."""
    given = os.environ.get("HALLAPP_TEST_PG_BIN")
    if given:
        candidates = [given]
    else:
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
        on_path = shutil.which("initdb")
        candidates += [str(Path(on_path).parent)] if on_path else []
    return next(
        (Path(c) for c in candidates if shutil.which("initdb", path=c) and shutil.which("pg_ctl", path=c)),
        None,
    )


def _as_server_user() -> list[str] | None:
    """The command prefix that runs a program as a user PostgreSQL accepts; None if there is none."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    import pwd

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"]
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _session_gone(base: Path) -> bool:
    """Whether the test session that made ``base`` has ended (killed before its teardown)."""
    try:
        owner = int((base / "owner.pid").read_text())
    except (OSError, ValueError):
        return False  # not made by this fixture, or still being made: leave it alone
    try:
        os.kill(owner, 0)  # POSIX only: on Windows this would end the process
    except ProcessLookupError:
        return True
    except OSError:
        pass
    return False


def _stop_stale_servers(pg_ctl: Path, prefix: list[str]) -> None:
    """Stop and remove servers left behind by killed test sessions."""
    if os.name != "posix":
        return
    for base in Path(tempfile.gettempdir()).glob(f"{DIR_PREFIX}*"):
        if _session_gone(base):
            subprocess.run(
                prefix + [str(pg_ctl), "-D", str(base / "data"), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=START_TIMEOUT_S,
                check=False,
            )
            shutil.rmtree(base, ignore_errors=True)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=START_TIMEOUT_S, check=False)
    if done.returncode != 0:
        _unavailable(
            f"{shlex.join(command)} failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-500:]}"
        )


def _port_taken(log: Path) -> bool:
    """Whether the server's start failed because its port was taken meanwhile (by another test process)."""
    try:
        return "already in use" in log.read_text(errors="replace")
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The admin URL (``postgresql://postgres@127.0.0.1:PORT/postgres``) of a server for this session."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")
    if os.environ.get("HALLAPP_TEST_PG_ADMIN_URL"):
        yield os.environ["HALLAPP_TEST_PG_ADMIN_URL"]
        return
    bin_dir = _find_bin_dir()
    if bin_dir is None:
        _unavailable("no initdb/pg_ctl found (apt-get install postgresql, or set HALLAPP_TEST_PG_BIN)")
    prefix = _as_server_user()
    if prefix is None:
        _unavailable("running as root without a 'postgres' user and runuser to start the server as")
    assert bin_dir is not None and prefix is not None
    _stop_stale_servers(bin_dir / "pg_ctl", prefix)
    base = Path(tempfile.mkdtemp(prefix=DIR_PREFIX))
    (base / "owner.pid").write_text(str(os.getpid()))
    data, log = base / "data", base / "server.log"
    if prefix:
        base.chmod(0o755)  # the server user must reach its folder
        shutil.chown(base, user="postgres", group="postgres")
    started = False
    try:
        _run(
            prefix
            + [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
        for _attempt in range(PORT_ATTEMPTS):
            # The free port is closed again before the server binds it: another process (the other xdist
            # worker's server, a test's HTTP server) can take it in between; then try another one.
            port = _free_port()
            options = f"-h 127.0.0.1 -p {port} -k {base} {SERVER_OPTIONS}"
            start = prefix + [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options]
            start += ["-w", "-t", str(START_TIMEOUT_S), "start"]
            log.unlink(missing_ok=True)  # what a failed attempt wrote is not this attempt's reason
            done = subprocess.run(start, capture_output=True, text=True, timeout=START_TIMEOUT_S, check=False)
            if done.returncode == 0 or not _port_taken(log):
                break
        if done.returncode != 0:
            output = (done.stderr or done.stdout).strip()[-500:]
            _unavailable(f"{shlex.join(start)} failed ({done.returncode}): {output}")
        started = True
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run(
                prefix + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=START_TIMEOUT_S,
                check=False,
            )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(autouse=True)
def _needs_pg_server(pg_server: str) -> None:
    """Every test in this folder skips (with the reason) when no server could be started."""


def _create_database(admin_url: str, template: str | None = None) -> str:
    import psycopg

    name = f"hallapp_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


def _drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _url(admin_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return (
        make_url(admin_url)
        .set(drivername="postgresql+psycopg", database=name)
        .render_as_string(hide_password=False)
    )


@pytest.fixture(scope="session")
def pg_opened_template(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database as ``open_app`` leaves it (migrated, shipped catalogue loaded), to be copied per test."""
    from hallapp.services.bootstrap import open_app

    name = _create_database(pg_server)
    open_app(resolve_paths(tmp_path_factory.mktemp("pg-template"), _url(pg_server, name))).close()
    yield name
    _drop_database(pg_server, name)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A new, empty database for one test: its SQLAlchemy URL (``postgresql+psycopg://…``)."""
    name = _create_database(pg_server)
    yield _url(pg_server, name)
    _drop_database(pg_server, name)


@pytest.fixture
def pg_opened_url(pg_server: str, pg_opened_template: str) -> Iterator[str]:
    """A new database for one test, already migrated and with the shipped catalogue (a copy of the template)."""
    name = _create_database(pg_server, template=pg_opened_template)
    yield _url(pg_server, name)
    _drop_database(pg_server, name)


@pytest.fixture
def paths(tmp_path: Path, pg_opened_url: str) -> AppPaths:
    """A fresh data directory with the shipped catalogue, on the test's own PostgreSQL database."""
    return resolve_paths(tmp_path / "data", pg_opened_url)
