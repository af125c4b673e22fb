"""The content hash an import compares stored matters by: every value of a guide changes it; the older
hash of matters stored before is still recognised (an upgrade must not make every matter look changed)."""

from __future__ import annotations

import dataclasses

from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.domain.catalogue import (
    ApplicantType,
    Department,
    MaterialOwner,
    MatterType,
    OriginalHandling,
    Situation,
)
from hallapp.search.pinyin import search_keys
from hallapp.services.catalogue_files import read_catalogue
from hallapp.store import catalogue_repo as repo
from hallapp.store import models as m
from hallapp.store.db import UnitOfWork
from hallapp.store.guide_hash import content_hash, legacy_hash, same_content

GUIDE = next(
    g for g in read_catalogue(SHIPPED_CATALOGUE_DIR).guides if len(g.materials) >= 2 and g.situations
)


def _other(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, MatterType):
        return next(t for t in MatterType if t is not value)
    if isinstance(value, OriginalHandling):
        return next(h for h in OriginalHandling if h is not value)
    if isinstance(value, Department):
        return dataclasses.replace(value, name=value.name + "（新）")
    if value is None:
        return "x"
    if isinstance(value, str):
        return value + "改"
    if isinstance(value, tuple) and value and isinstance(value[0], ApplicantType):
        return (*value, ApplicantType.ORGANISATION) if ApplicantType.ORGANISATION not in value else value[:1]
    if isinstance(value, tuple) and value and isinstance(value[0], MaterialOwner):
        return (*value, MaterialOwner.SPOUSE)
    if isinstance(value, tuple) and value and isinstance(value[0], Situation):
        return (*value, Situation("new", "新的情形？"))
    if isinstance(value, tuple):
        return (*value, "新")
    raise AssertionError(f"no other value for {value!r}")


def test_every_value_of_a_guide_and_of_its_materials_changes_the_hash():
    base = content_hash(GUIDE)
    for f in dataclasses.fields(GUIDE):
        if f.name == "materials":
            continue
        changed = dataclasses.replace(GUIDE, **{f.name: _other(getattr(GUIDE, f.name))})
        assert content_hash(changed) != base, f.name
    material = GUIDE.materials[0]
    for f in dataclasses.fields(material):
        other = dataclasses.replace(material, **{f.name: _other(getattr(material, f.name))})
        changed = dataclasses.replace(GUIDE, materials=(other, *GUIDE.materials[1:]))
        assert content_hash(changed) != base, f"material {f.name}"
    reordered = dataclasses.replace(GUIDE, materials=GUIDE.materials[::-1])
    assert content_hash(reordered) != base
    assert content_hash(GUIDE, incomplete=True) != base
    assert content_hash(dataclasses.replace(GUIDE)) == base and len(base) <= 64


def test_a_matter_stored_with_the_older_hash_is_still_found_unchanged(app_context):
    shipped = read_catalogue(SHIPPED_CATALOGUE_DIR)
    assert same_content(legacy_hash(GUIDE), GUIDE) and not same_content(legacy_hash(GUIDE), GUIDE, True)
    with UnitOfWork(app_context.engine) as uow:
        for guide in shipped.guides:  # as a database from before this change holds them
            uow.session.execute(
                m.Matter.__table__.update()
                .where(m.Matter.code == guide.code)
                .values(content_hash=legacy_hash(guide))
            )
        report = repo.apply_catalogue(
            uow.session,
            departments=shipped.departments,
            licence_types=shipped.licence_types,
            guides=shipped.guides,
            keys=search_keys,
        )
        assert not report.changed and report.unchanged == len(shipped.guides)
