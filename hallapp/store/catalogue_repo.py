"""Catalogue repository: store a catalogue and read guides back (the search side: ``search_repo``).

Core ``insert()`` with lists of rows is used for bulk loads: the ORM's ``add_all`` is about ten times
slower, which matters for a province-wide catalogue of 100,000 matters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlmodel import Session, col

from hallapp.domain.catalogue import (
    APPLICANT_ONLY,
    ApplicantType,
    Department,
    Guide,
    LicenceHolder,
    LicenceType,
    MaterialOwner,
    MaterialRequirement,
    MatterType,
    OriginalHandling,
    Situation,
)
from hallapp.store import models as m
from hallapp.store.models import utcnow

PinyinKeys = Callable[[str], tuple[str, str]]


@dataclass
class ApplyReport:
    added: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deactivated)


def guide_hash(guide: Guide) -> str:
    return hashlib.sha256(repr(guide).encode("utf-8")).hexdigest()


def _matter_row(guide: Guide, department_id: int, keys: PinyinKeys) -> dict[str, object]:
    initials, pinyin = keys(guide.name)
    return {
        "code": guide.code,
        "name": guide.name,
        "matter_type": guide.matter_type.value,
        "applicant_types": ",".join(a.value for a in guide.applicant_types),
        "legal_basis": guide.legal_basis,
        "conditions": guide.conditions,
        "procedure": guide.procedure,
        "statutory_limit_days": guide.statutory_limit_days,
        "promised_limit_days": guide.promised_limit_days,
        "on_the_spot": guide.on_the_spot,
        "fees": guide.fees,
        "place": guide.place,
        "windows": guide.windows,
        "hours": guide.hours,
        "phones": "\n".join(guide.phones),
        "visits": guide.visits,
        "online_url": guide.online_url,
        "deferrable": guide.deferrable,
        "max_deferred": guide.max_deferred,
        "instant_approval": guide.instant_approval,
        "delegated": guide.delegated,
        "department_id": department_id,
        "name_initials": initials,
        "name_pinyin": pinyin,
        "content_hash": guide_hash(guide),
        "active": True,
        "updated_at": utcnow(),
    }


def _material_rows(guide: Guide, matter_id: int, licence_ids: dict[str, int]) -> list[dict[str, object]]:
    return [
        {
            "matter_id": matter_id,
            "sort_order": order,
            "name": material.name,
            "originals": material.originals,
            "original_handling": material.original_handling.value,
            "copies": material.copies,
            "required": material.required,
            "deferrable": material.deferrable,
            "source": material.source,
            "notes": material.notes,
            "licence_type_id": licence_ids[material.licence_type_code]
            if material.licence_type_code
            else None,
            "when_situation": material.when,
            "when_not_situation": material.when_not,
            "owner": ",".join(o.value for o in material.owner),
        }
        for order, material in enumerate(guide.materials, start=1)
    ]


def _situation_rows(guide: Guide, matter_id: int) -> list[dict[str, object]]:
    return [
        {"matter_id": matter_id, "sort_order": order, "code": s.code, "question": s.question}
        for order, s in enumerate(guide.situations, start=1)
    ]


def _replace_children(
    session: Session, guides_and_ids: list[tuple[Guide, int]], licence_ids: dict[str, int]
) -> None:
    """Materials and situations of these matters, written anew (their rows have no identity of their own)."""
    ids = [matter_id for _g, matter_id in guides_and_ids]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(delete(m.MaterialRequirement).where(col(m.MaterialRequirement.matter_id).in_(chunk)))
        session.execute(delete(m.MatterSituation).where(col(m.MatterSituation.matter_id).in_(chunk)))
    materials = [row for g, matter_id in guides_and_ids for row in _material_rows(g, matter_id, licence_ids)]
    situations = [row for g, matter_id in guides_and_ids for row in _situation_rows(g, matter_id)]
    if materials:
        session.execute(insert(m.MaterialRequirement), materials)
    if situations:
        session.execute(insert(m.MatterSituation), situations)


def _upsert_by_code(
    session: Session, table: type[m.Department | m.LicenceType], rows: list[dict[str, object]]
) -> dict[str, int]:
    def ids_by_code() -> dict[str, int]:
        return {code: id_ for id_, code in session.execute(select(col(table.id), col(table.code)))}

    existing = ids_by_code()
    for row in rows:
        code = str(row["code"])
        if code in existing:
            session.execute(update(table).where(col(table.id) == existing[code]).values(**row))
        else:
            session.execute(insert(table).values(**row))
    return ids_by_code()


def apply_catalogue(
    session: Session,
    *,
    departments: Iterable[Department],
    licence_types: Iterable[LicenceType],
    guides: Iterable[Guide],
    keys: PinyinKeys,
    deactivate_missing: bool = True,
) -> ApplyReport:
    """Insert new matters, update changed ones in place (by code), deactivate those no longer listed."""
    department_ids = _upsert_by_code(
        session,
        m.Department,
        [
            {
                "code": d.code,
                "name": d.name,
                "short_name": d.short_name,
                "credit_code": d.credit_code,
                "name_initials": initials,
                "name_pinyin": pinyin,
            }
            for d in departments
            for initials, pinyin in [keys(d.short_name)]
        ],
    )
    licence_ids = _upsert_by_code(
        session,
        m.LicenceType,
        [
            {"code": t.code, "name": t.name, "issuer": t.issuer, "holder": t.holder.value}
            for t in licence_types
        ],
    )
    existing = {
        code: (id_, content_hash, active)
        for id_, code, content_hash, active in session.execute(
            select(col(m.Matter.id), col(m.Matter.code), col(m.Matter.content_hash), col(m.Matter.active))
        )
    }
    report = ApplyReport()
    new_guides: list[Guide] = []
    changed: list[tuple[Guide, int]] = []
    seen: set[str] = set()
    for guide in guides:
        seen.add(guide.code)
        known = existing.get(guide.code)
        if known is None:
            new_guides.append(guide)
            continue
        matter_id, content_hash, active = known
        if content_hash == guide_hash(guide) and active:
            report.unchanged += 1
            continue
        session.execute(
            update(m.Matter)
            .where(col(m.Matter.id) == matter_id)
            .values(**_matter_row(guide, department_ids[guide.department.code], keys))
        )
        changed.append((guide, matter_id))
        report.updated += 1
    if new_guides:
        session.execute(
            insert(m.Matter), [_matter_row(g, department_ids[g.department.code], keys) for g in new_guides]
        )
        codes = [g.code for g in new_guides]
        id_query = select(col(m.Matter.code), col(m.Matter.id))
        if len(codes) < 500:
            id_query = id_query.where(col(m.Matter.code).in_(codes))
        ids: dict[str, int] = {code: id_ for code, id_ in session.execute(id_query)}
        changed.extend((g, ids[g.code]) for g in new_guides)
        report.added = len(new_guides)
    _replace_children(session, changed, licence_ids)
    if deactivate_missing:
        gone = [id_ for code, (id_, _h, active) in existing.items() if active and code not in seen]
        for start in range(0, len(gone), 500):  # bounded statements: SQLite caps bound variables
            chunk = gone[start : start + 500]
            session.execute(update(m.Matter).where(col(m.Matter.id).in_(chunk)).values(active=False))
        report.deactivated = len(gone)
    return report


def get_setting(session: Session, key: str, default: str = "") -> str:
    row = session.get(m.Setting, key)
    return row.value if row is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(m.Setting, key)
    if row is None:
        session.add(m.Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def list_departments(session: Session) -> list[Department]:
    rows = session.execute(select(m.Department).order_by(col(m.Department.code))).scalars()
    return [
        Department(code=d.code, name=d.name, short_name=d.short_name, credit_code=d.credit_code) for d in rows
    ]


def count_matters(session: Session) -> int:
    return int(
        session.execute(select(func.count()).select_from(m.Matter).where(col(m.Matter.active))).scalar_one()
    )


def load_guide(session: Session, code: str) -> Guide | None:
    matter = session.execute(select(m.Matter).where(col(m.Matter.code) == code)).scalar_one_or_none()
    if matter is None:
        return None
    department = session.get(m.Department, matter.department_id)
    assert department is not None
    rows = session.execute(
        select(m.MaterialRequirement, m.LicenceType)
        .outerjoin(m.LicenceType, col(m.MaterialRequirement.licence_type_id) == col(m.LicenceType.id))
        .where(col(m.MaterialRequirement.matter_id) == matter.id)
        .order_by(col(m.MaterialRequirement.sort_order))
    ).all()
    materials = tuple(
        MaterialRequirement(
            name=r.name,
            originals=r.originals,
            original_handling=OriginalHandling(r.original_handling),
            copies=r.copies,
            required=r.required,
            deferrable=r.deferrable,
            source=r.source,
            licence_type_code=lt.code if lt else None,
            licence_type_name=lt.name if lt else None,
            notes=r.notes,
            when=r.when_situation,
            when_not=r.when_not_situation,
            owner=tuple(MaterialOwner(o) for o in r.owner.split(",") if o) or APPLICANT_ONLY,
        )
        for r, lt in rows
    )
    situations = tuple(
        Situation(row.code, row.question)
        for row in session.execute(
            select(m.MatterSituation)
            .where(col(m.MatterSituation.matter_id) == matter.id)
            .order_by(col(m.MatterSituation.sort_order))
        ).scalars()
    )
    return Guide(
        code=matter.code,
        name=matter.name,
        department=Department(
            department.code, department.name, department.short_name, department.credit_code
        ),
        matter_type=MatterType(matter.matter_type),
        applicant_types=tuple(ApplicantType(a) for a in matter.applicant_types.split(",") if a),
        legal_basis=matter.legal_basis,
        conditions=matter.conditions,
        procedure=matter.procedure,
        statutory_limit_days=matter.statutory_limit_days,
        promised_limit_days=matter.promised_limit_days,
        on_the_spot=matter.on_the_spot,
        fees=matter.fees,
        place=matter.place,
        windows=matter.windows,
        hours=matter.hours,
        phones=tuple(p for p in matter.phones.split("\n") if p),
        visits=matter.visits,
        online_url=matter.online_url,
        deferrable=matter.deferrable,
        max_deferred=matter.max_deferred,
        instant_approval=matter.instant_approval,
        delegated=matter.delegated,
        materials=materials,
        situations=situations,
    )


def licence_types(session: Session) -> list[LicenceType]:
    rows = session.execute(select(m.LicenceType).order_by(col(m.LicenceType.code))).scalars()
    return [LicenceType(t.code, t.name, t.issuer, LicenceHolder(t.holder)) for t in rows]
