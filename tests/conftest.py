"""Shared fixtures. Qt runs offscreen; every test gets its own data directory and database.

Nobody signed in means every use case refuses, so the installation opens with a clerk (``tests.people``
``CLERK``, 张三) at the counter; a test that acts as another role says so with ``acting_as`` (or sets
``context.principal`` for the rest of the test).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: no screen needed

from pathlib import Path

import pytest

from hallapp.config import AppPaths, resolve_paths
from tests.people import ADMIN, AUDITOR, CLERK, SUPERVISOR, acting_as

__all__ = ["ADMIN", "AUDITOR", "CLERK", "SUPERVISOR", "acting_as"]


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
