"""Catalogue use cases: load the shipped catalogue, read a guide, list departments."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from hallapp.domain.access import Permission, check
from hallapp.domain.bundles import Bundle
from hallapp.domain.catalogue import Department, Guide
from hallapp.search.pinyin import search_keys, search_keys_many
from hallapp.services.catalogue_files import (
    CatalogueError,
    CatalogueSource,
    folder_fingerprint,
    read_catalogue,
)
from hallapp.store import audit_repo, bundle_repo
from hallapp.store import catalogue_repo as repo
from hallapp.store.db import UnitOfWork

SOURCE_DIGEST_KEY = "catalogue.source_digest"
FINGERPRINT_KEY = "catalogue.source_fingerprint"  # names, sizes and times of the files last loaded
SOURCE_KEY = "catalogue.source"  # where the catalogue in the database came from
REVISION_KEY = "catalogue.revision"
NO_MATTERS = (
    "目录中没有任何事项（matters 文件夹为空或文件都不在了）：为免撤下全部事项，现有目录保持不变。"
    "请检查目录文件夹是否选对、文件是否完整。"
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadResult:
    """What loading the catalogue did. ``skipped``: the files had not changed since the last load."""

    skipped: bool
    added: int = 0
    updated: int = 0
    deactivated: int = 0
    revision: str = ""
    problems: tuple[str, ...] = ()  # at start: why the files were not loaded (the current catalogue stays)


def new_revision(session: Session) -> str:
    """The catalogue changed: a new revision, so every counter's search index is built again for it."""
    revision = uuid.uuid4().hex
    repo.set_setting(session, REVISION_KEY, revision)
    return revision


def record_source(session: Session, digest: str, origin: str) -> None:
    """Where the catalogue now stored came from (a folder, an import) and the digest of what was read:
    start-up only reloads files over a catalogue that came from those files."""
    repo.set_setting(session, SOURCE_DIGEST_KEY, digest)
    repo.set_setting(session, SOURCE_KEY, origin[:1000])


def apply_source(uow: UnitOfWork, source: CatalogueSource, *, origin: str = "") -> LoadResult:
    """Store a parsed catalogue in one transaction; the catalogue revision changes only if a matter did.

    ``origin`` names where it came from (a folder, an import): the app's start-up only reloads a
    catalogue from the place the database's catalogue came from, never over another one.
    """
    if not source.guides:
        # An emptied or half-copied folder must not withdraw every matter the counters search and
        # take in: refuse, and keep the catalogue the database holds.
        raise CatalogueError([NO_MATTERS])
    with uow:
        session = uow.session
        report = repo.apply_catalogue(
            session,
            departments=source.departments,
            licence_types=source.licence_types,
            guides=source.guides,
            keys=search_keys,
            keys_many=search_keys_many,
            actor=uow.actor,
            origin=origin or "目录文件",
        )
        bundles_changed = bundle_repo.apply_bundles(session, source.bundles, search_keys)
        revision = repo.get_setting(session, REVISION_KEY)
        if report.changed or bundles_changed or not revision:
            revision = new_revision(session)
        record_source(session, source.digest, origin or f"digest:{source.digest}")
        if report.changed or bundles_changed:
            audit_repo.record(
                session,
                actor=uow.actor,
                action="catalogue.load",
                object_type="catalogue",
                object_id=revision,
                added=report.added,
                updated=report.updated,
                withdrawn=report.deactivated,
                bundles=bundles_changed,
            )
        uow.commit()
    return LoadResult(False, report.added, report.updated, report.deactivated, revision)


def load_catalogue(uow: UnitOfWork, folder: Path, *, force: bool = False) -> LoadResult:
    """Load the catalogue files of ``folder``. Loading the same files again changes nothing.

    Invalid files raise ``CatalogueError`` with every problem listed, and the database is left as it was;
    so do files without any matter (they would withdraw every matter).
    """
    check(uow.principal, Permission.CATALOGUE)
    fingerprint = folder_fingerprint(folder)
    source = read_catalogue(folder)
    if not force:
        with uow:
            if repo.get_setting(uow.session, SOURCE_DIGEST_KEY) == source.digest:
                repo.set_setting(uow.session, FINGERPRINT_KEY, fingerprint)
                uow.commit()
                return LoadResult(True, revision=repo.get_setting(uow.session, REVISION_KEY))
    result = apply_source(uow, source, origin=_origin(folder))
    with uow:
        repo.set_setting(uow.session, FINGERPRINT_KEY, fingerprint)
        uow.commit()
    return result


def _origin(folder: Path) -> str:
    return f"folder:{folder.resolve()}"


def refresh_catalogue_at_start(uow: UnitOfWork, folder: Path) -> LoadResult:
    """At start-up: load the catalogue files on a new database, or reload them if they changed.

    A database whose catalogue came from somewhere else (another folder, an import) is left alone:
    start-up never replaces a catalogue with the shipped one. Files that cannot be loaded (missing,
    unreadable, wrong, or without any matter) never stop the counter from opening: the catalogue the
    database holds stays, and ``problems`` says why (for the window and the log).
    """
    check(uow.principal, Permission.CATALOGUE)
    with uow:
        origin = repo.get_setting(uow.session, SOURCE_KEY)
        revision = repo.get_setting(uow.session, REVISION_KEY)
        loaded = repo.get_setting(uow.session, FINGERPRINT_KEY)
    if origin and origin != _origin(folder):
        return LoadResult(True, revision=revision)
    if origin and loaded and loaded == folder_fingerprint(folder):
        return LoadResult(True, revision=revision)  # the same files as last time: not read again
    try:
        return load_catalogue(uow, folder)
    except CatalogueError as error:
        log.warning("catalogue files in %s not loaded, the current catalogue stays: %s", folder, error)
        return LoadResult(True, revision=revision, problems=tuple(error.problems))


def get_guide(uow: UnitOfWork, code: str) -> Guide | None:
    """The full guide (办事指南) of the matter with this code, or None."""
    with uow:
        return repo.load_guide(uow.session, code)


def get_bundle(uow: UnitOfWork, code: str) -> tuple[Bundle, tuple[Guide, ...]] | None:
    """A life-event bundle and the guides of its matters, in order; None if there is no such bundle."""
    with uow:
        bundle = bundle_repo.load_bundle(uow.session, code)
        if bundle is None:
            return None
        guides = tuple(
            g for g in (repo.load_guide(uow.session, c) for c in bundle.matter_codes) if g is not None
        )
        return bundle, guides


def list_departments(uow: UnitOfWork) -> list[Department]:
    with uow:
        return repo.list_departments(uow.session)


def catalogue_revision(uow: UnitOfWork) -> str:
    with uow:
        return repo.get_setting(uow.session, REVISION_KEY)
