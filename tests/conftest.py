"""Shared fixtures. Qt runs offscreen; every test gets its own data directory and database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: no screen needed

from pathlib import Path

import pytest

from hallapp.config import AppPaths, resolve_paths


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    """A fresh data directory with the shipped catalogue, on SQLite (or $HALLAPP_TEST_DATABASE_URL)."""
    return resolve_paths(tmp_path / "data", os.environ.get("HALLAPP_TEST_DATABASE_URL"))


@pytest.fixture
def app_context(paths: AppPaths):
    from hallapp.services.bootstrap import open_app

    context = open_app(paths)
    yield context
    context.close()


@pytest.fixture
def ready_context(app_context):
    """An open installation whose search index is built."""
    app_context.search.prepare()
    return app_context
