"""Search use case: the in-memory index when it is ready, the plain SQL scan until then.

Building the index of a large catalogue takes seconds, so it is kept on disk per catalogue revision and
(re)built off the UI thread: ``prepare()`` is meant to run on a worker, ``search()`` anywhere.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from hallapp.domain.search import SearchFilter, SearchHit
from hallapp.search import persist
from hallapp.search.index import SearchIndex
from hallapp.store import catalogue_repo as repo
from hallapp.store import search_repo
from hallapp.store.db import UnitOfWork

log = logging.getLogger(__name__)

# From this many matters on, the index is built in a separate process (see search/build_main.py).
SUBPROCESS_BUILD_FROM = 20_000
BUILD_TIMEOUT_S = 900


class CatalogueSearch:
    """Answers searches over the catalogue of one database."""

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        index_dir: Path | None,
        *,
        database_url: str | None = None,
        subprocess_build_from: int = SUBPROCESS_BUILD_FROM,
    ) -> None:
        self._new_uow = uow_factory
        self._index_dir = index_dir
        self._database_url = database_url
        self._subprocess_build_from = subprocess_build_from
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._index is not None

    @property
    def index(self) -> SearchIndex | None:
        return self._index

    def invalidate(self) -> None:
        """The catalogue changed: forget the index, so searches use the plain SQL path over the new
        catalogue until ``prepare`` has built (or loaded) the index of the new revision and swapped it in."""
        with self._lock:
            self._index = None

    def _index_path(self, revision: str) -> Path | None:
        return self._index_dir / f"search-{revision}.npz" if self._index_dir and revision else None

    def prepare(self) -> SearchIndex:
        """Load the saved index of the current catalogue revision, or build and save it. Slow: use a worker."""
        with self._new_uow() as uow:
            revision = repo.get_setting(uow.session, "catalogue.revision")
            size = repo.count_matters(uow.session)
        path = self._index_path(revision)
        if path is not None and not path.exists() and size >= self._subprocess_build_from:
            self._build_in_subprocess(path, revision)
        index: SearchIndex | None = None
        if path is not None and path.exists():
            try:
                index = persist.load(path)
            except (OSError, ValueError, KeyError) as error:
                log.warning("search index %s unreadable, rebuilding: %s", path.name, error)
        if index is None or index.revision != revision:
            with self._new_uow() as uow:
                records = search_repo.index_records(uow.session)
            index = SearchIndex.build(records)
            index.revision = revision
            if path is not None:
                persist.save(index, path)
                for old in path.parent.glob("search-*.npz"):
                    if old != path:
                        old.unlink(missing_ok=True)
        with self._lock:
            self._index = index
        return index

    def _build_in_subprocess(self, path: Path, revision: str) -> None:
        """Build the index file in a child process; on any failure the caller builds it in-process."""
        if not self._database_url:
            return
        command = [sys.executable, "-m", "hallapp.search.build_main", self._database_url, str(path), revision]
        try:
            subprocess.run(command, check=True, timeout=BUILD_TIMEOUT_S, capture_output=True)
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("index build in a child process failed, building here: %s", error)

    def search(
        self,
        query: str,
        search_filter: SearchFilter | None = None,
        limit: int = 50,
        *,
        prefer_delegated: bool = False,
    ) -> list[SearchHit]:
        """The best matters for ``query``, best first; at a community centre (``prefer_delegated``) the
        matters delegated to community centres come first, then the others."""
        if prefer_delegated and not (search_filter and search_filter.delegated):
            base = search_filter or SearchFilter()
            local = self._search(query, replace(base, delegated=True), limit)
            codes = {hit.code for hit in local}
            others = [hit for hit in self._search(query, base, limit) if hit.code not in codes]
            return (local + others)[:limit]
        return self._search(query, search_filter, limit)

    def _search(self, query: str, search_filter: SearchFilter | None, limit: int) -> list[SearchHit]:
        index = self._index
        if index is not None:
            return index.search(query, search_filter, limit)
        with self._new_uow() as uow:
            return search_repo.like_search(uow.session, query, search_filter, limit)
