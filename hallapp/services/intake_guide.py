"""The guide a decision is checked against, and the version of it that a case records.

Every change to a matter makes a new version of its guide (``store.guide_versions``). The clerk reads
one version on screen; the decision is checked again against the guide as stored at that moment, in the
decision's own transaction, and the case keeps that version's number (``Case.guide_version``), so that
its detail view, its reprints and its follow-up notices show what applied on the day.

A matter imported from a plain list has no materials yet (``Matter.incomplete``): it is found in search,
marked, and refused here until an administrator completes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from hallapp.domain.catalogue import Guide
from hallapp.domain.search import INCOMPLETE_LABEL, INCOMPLETE_REASON
from hallapp.services.cases import local
from hallapp.services.intake_inputs import IntakeError
from hallapp.store import models as m
from hallapp.store.db import UnitOfWork
from hallapp.store.guide_reader import load_guide

__all__ = ["DecidedGuide", "ShownGuide", "decided_guide", "shown_guide"]


@dataclass(frozen=True)
class ShownGuide:
    """A guide as the clerk reads it: which version of it, and whether it may be taken in yet."""

    guide: Guide
    version: int
    incomplete: bool = False


@dataclass(frozen=True)
class DecidedGuide:
    """The guide a decision is checked against, the matter's row id and the guide's version."""

    guide: Guide
    matter_id: int
    version: int


def shown_guide(uow: UnitOfWork, code: str) -> ShownGuide | None:
    """Today's guide of the matter ``code`` with its version and incomplete mark; None if unknown."""
    with uow:
        session = uow.session
        row = session.execute(
            select(col(m.Matter.version), col(m.Matter.incomplete)).where(col(m.Matter.code) == code)
        ).first()
        guide = load_guide(session, code) if row is not None else None
        if row is None or guide is None:
            return None
        return ShownGuide(guide, row[0], bool(row[1]))


def decided_guide(session: Session, code: str, shown_version: int | None = None) -> DecidedGuide:
    """The stored guide of ``code`` for a decision in this transaction, or ``IntakeError`` saying why not.

    The matter's row is read first and held (``FOR UPDATE`` where the database has it), so that the
    guide read next is the one of that version even if an administrator saves a change meanwhile.
    Refused: an unknown matter; a withdrawn one (a bundle may still name it); an incomplete one; one
    changed since the version the screen showed.
    """
    matter = session.execute(
        select(m.Matter).where(col(m.Matter.code) == code).with_for_update()
    ).scalar_one_or_none()
    guide = load_guide(session, code) if matter is not None else None
    if matter is None or guide is None:
        raise IntakeError([f"没有编码为 {code} 的事项"])
    if not matter.active:
        raise IntakeError([f"事项「{guide.name}」已从事项目录撤下，不能受理；如仍在办理，请管理员恢复该事项"])
    if matter.incomplete:
        raise IntakeError([f"事项「{guide.name}」{INCOMPLETE_LABEL}：{INCOMPLETE_REASON}"])
    if shown_version is not None and shown_version != matter.version:
        when = f"已于{local(matter.version_at):%Y-%m-%d %H:%M}" if matter.version_at else "已"
        changed = f"第 {shown_version} 版→第 {matter.version} 版"
        raise IntakeError([f"事项「{guide.name}」的办事指南{when}更新（{changed}），请重新打开事项核对材料"])
    return DecidedGuide(guide, matter.id or 0, matter.version)
