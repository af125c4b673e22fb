"""The versions of a matter's guide: the current one in the catalogue tables, the superseded ones kept whole.

A case decided under version N is shown and reprinted with version N (``guide_at``): after the matter
changed, that is a stored snapshot; before, the live guide. Cases from before versions were kept have no
version and get today's guide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from hallapp.domain.catalogue import Guide
from hallapp.store import models as m
from hallapp.store.guide_codec import decode_guide
from hallapp.store.guide_reader import load_guide

PinyinKeys = Callable[[str], tuple[str, str]]

__all__ = ["GuideVersionInfo", "current_version", "guide_at", "guide_versions", "save_guide"]


@dataclass(frozen=True)
class GuideVersionInfo:
    """One version of a guide: its number, when and by whom it was made, from where, whether it is current."""

    version: int
    made_at: datetime | None
    made_by: str
    origin: str
    current: bool


def current_version(session: Session, code: str) -> int | None:
    """The version number of the matter's guide now, or None when there is no such matter."""
    return session.execute(select(col(m.Matter.version)).where(col(m.Matter.code) == code)).scalar()


def guide_at(session: Session, code: str, version: int | None) -> Guide | None:
    """The guide of the matter as it was in ``version`` (today's when None or current); None if unknown."""
    if version is not None:
        stored = session.execute(
            select(col(m.GuideVersion.guide)).where(
                col(m.GuideVersion.matter_code) == code, col(m.GuideVersion.version) == version
            )
        ).scalar()
        if stored is not None:
            return decode_guide(stored)
    return load_guide(session, code)


def guide_versions(session: Session, code: str) -> list[GuideVersionInfo]:
    """Every version of the matter's guide, newest first (empty when there is no such matter)."""
    matter = session.execute(select(m.Matter).where(col(m.Matter.code) == code)).scalar_one_or_none()
    if matter is None:
        return []
    versions = [
        GuideVersionInfo(matter.version, matter.version_at, matter.version_by, matter.version_origin, True)
    ]
    for row in session.execute(
        select(m.GuideVersion)
        .where(col(m.GuideVersion.matter_code) == code)
        .order_by(col(m.GuideVersion.version).desc())
    ).scalars():
        versions.append(GuideVersionInfo(row.version, row.created_at, row.created_by, row.origin, False))
    return versions


def save_guide(
    session: Session,
    guide: Guide,
    *,
    actor: str,
    origin: str,
    keys: PinyinKeys,
    incomplete: bool = False,
) -> int:
    """Store an edited guide of an existing or new matter as its next version; returns that version.

    Its imported extras stay; the department must exist; an unchanged guide keeps its version.
    """
    from hallapp.store.catalogue_repo import apply_catalogue

    stored = session.execute(select(m.Matter).where(col(m.Matter.code) == guide.code)).scalar_one_or_none()
    extras = {guide.code: stored.extras} if stored is not None and stored.extras else {}
    report = apply_catalogue(
        session,
        departments=[],
        licence_types=[],
        guides=[guide],
        keys=keys,
        deactivate_missing=False,
        extras=extras,
        incomplete={guide.code} if incomplete else set(),
        actor=actor,
        origin=origin,
    )
    if guide.code in report.versions:
        return report.versions[guide.code]
    version = current_version(session, guide.code)
    assert version is not None
    return version
