"""Changing the stored catalogue in a test as an import or the editor does: new guide versions, a new
catalogue revision, the search index rebuilt for it."""

from __future__ import annotations

import dataclasses
import uuid

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.catalogue import Guide
from hallapp.search.pinyin import search_keys
from hallapp.services.catalogue import REVISION_KEY
from hallapp.services.catalogue_files import read_catalogue
from hallapp.store import catalogue_repo as repo
from hallapp.store.db import UnitOfWork

SHIPPED = read_catalogue(SHIPPED_CATALOGUE_DIR)
PLAIN_LIST_CODE = "11440310MB2C01234A-0399-001"


def shipped(name: str) -> Guide:
    return next(g for g in SHIPPED.guides if g.name == name)


def change_catalogue(context, guides, *, incomplete=(), actor="sun.admin") -> dict[str, int]:
    """Store ``guides`` (the rest of the catalogue stays), as ``actor``; the versions made, by code."""
    with UnitOfWork(context.engine) as uow:
        report = repo.apply_catalogue(
            uow.session,
            departments=SHIPPED.departments,
            licence_types=SHIPPED.licence_types,
            guides=list(guides),
            keys=search_keys,
            deactivate_missing=False,
            incomplete=set(incomplete),
            actor=actor,
            origin="测试",
        )
        repo.set_setting(uow.session, REVISION_KEY, uuid.uuid4().hex)  # what an import does
        uow.commit()
    context.search.invalidate()
    context.search.prepare()
    return dict(report.versions)


def plain_list_matter(name: str = "灵活就业人员登记备案") -> Guide:
    """A matter as a plain list brings it: a name, a code and a department, no materials."""
    base = shipped("就业登记")
    return dataclasses.replace(base, code=PLAIN_LIST_CODE, name=name, materials=(), situations=())
