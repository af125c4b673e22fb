"""Shared fixtures. Qt runs offscreen; every test gets its own data directory and database.

The suite runs in one process per core (pytest-xdist, ``addopts`` in pyproject.toml), so nothing a test
writes may be shared with another process: files go below ``tmp_path``, servers listen on ports the system hands out, and
each process (worker) gets its own user folders (``XDG_*``, where platformdirs puts the default data folder
when a test gives none) instead of the real user's. ``HALLAPP_DATA_DIR``, ``HALLAPP_DATABASE_URL`` and
``HALLAPP_CATALOGUE_DIR`` from the shell that started pytest are dropped: a test never opens the person's own
installation (``HALLAPP_TEST_DATABASE_URL`` is the knob for the tests' database; every test then uses that
one database, so it is refused with more than one process: add ``-n 0``).

Nobody signed in means every use case refuses, so the installation opens with a clerk (``tests.people``
``CLERK``, 张三) at the counter; a test that acts as another role says so with ``acting_as`` (or sets
``context.principal`` for the rest of the test).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: no screen needed

from collections.abc import Iterator
from pathlib import Path

import pytest

from hallapp.config import CATALOGUE_DIR_ENV, DATA_DIR_ENV, DATABASE_URL_ENV, AppPaths, resolve_paths
from tests.people import ADMIN, AUDITOR, CLERK, SUPERVISOR, acting_as

__all__ = ["ADMIN", "AUDITOR", "CLERK", "SUPERVISOR", "acting_as"]

USER_FOLDERS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
# The slowest files of a serial run (2 cores, seconds): under xdist they start first, so no worker is left
# running one of them alone at the end while the other has nothing to do. (xdist's own order would start the
# robot's day, a single two-minute test, last.) The other files follow in the order they are collected.
LONGEST_FIRST = (
    "tests/ui/test_robot_day.py",  # 125
    "tests/ui/test_catalogue_import_dialog.py",  # 75
    "tests/ui/test_catalogue_editor.py",  # 49
    "tests/services/test_imports.py",  # 47
    "tests/store/test_concurrent_start.py",  # 42
    "tests/ui/test_intake_keys.py",  # 40
    "tests/store/test_durability.py",  # 40
)


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("HALLAPP_TEST_DATABASE_URL") and (config.getoption("numprocesses", None) or 0) > 1:
        raise pytest.UsageError(
            "HALLAPP_TEST_DATABASE_URL gives every test the same database: "
            "the test processes would write into each other's data. Run them in one process: -n 0"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return  # one process: the usual order
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    # A stable sort: the files stay whole and in their order otherwise.
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


@pytest.fixture(scope="session", autouse=True)
def own_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This process's own user folders, and none of the shell's HallApp settings, for the whole session
    (subprocesses the tests start inherit them). Under xdist ``tmp_path_factory`` is per worker already."""
    home = tmp_path_factory.mktemp("user-folders")
    with pytest.MonkeyPatch.context() as patch:
        for name in USER_FOLDERS:
            patch.setenv(name, str(home / name.removeprefix("XDG_").removesuffix("_HOME").lower()))
        for name in (DATA_DIR_ENV, DATABASE_URL_ENV, CATALOGUE_DIR_ENV):
            patch.delenv(name, raising=False)
        # Windows and macOS ignore XDG_*: the default data folder is this process's there too (in-process).
        patch.setattr("hallapp.config.default_data_dir", lambda: home / "default-data" / "HallApp")
        yield home


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    """A fresh data directory with the shipped catalogue, on SQLite (or $HALLAPP_TEST_DATABASE_URL)."""
    return resolve_paths(tmp_path / "data", os.environ.get("HALLAPP_TEST_DATABASE_URL"))


@pytest.fixture
def app_context(paths: AppPaths):
    """An open installation with the clerk 张三 (``CLERK``) signed in at the counter."""
    from hallapp.services.bootstrap import open_app

    context = open_app(paths)
    context.principal = CLERK
    yield context
    context.close()


@pytest.fixture
def ready_context(app_context):
    """An open installation whose search index is built (the clerk 张三 signed in)."""
    app_context.search.prepare()
    return app_context
