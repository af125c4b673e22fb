"""Read guides back from the catalogue tables: one by code, or many at once (an import's diff, a snapshot).

``load_guides`` reads thousands of guides in a few statements per 500 matters instead of three per
matter, which is what makes comparing an import of 100,000 matters with the database affordable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from hallapp.domain.catalogue import (
    APPLICANT_ONLY,
    ApplicantType,
    Department,
    Guide,
    MaterialOwner,
    MaterialRequirement,
    MatterType,
    OriginalHandling,
    Situation,
)
from hallapp.store import models as m

__all__ = ["CHUNK", "guide_from_rows", "load_guide", "load_guides"]

CHUNK = 500  # bound variables per statement (SQLite caps them)


def _material(r: m.MaterialRequirement, lt: m.LicenceType | None) -> MaterialRequirement:
    return MaterialRequirement(
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


def guide_from_rows(
    matter: m.Matter,
    department: m.Department,
    materials: Iterable[MaterialRequirement],
    situations: Iterable[Situation],
) -> Guide:
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
        materials=tuple(materials),
        situations=tuple(situations),
    )


def load_guide(session: Session, code: str) -> Guide | None:
    """The current guide of the matter with this code (active or withdrawn), or None."""
    return load_guides(session, [code]).get(code)


def load_guides(session: Session, codes: Iterable[str]) -> dict[str, Guide]:
    """The current guides of these matter codes (those that exist), by code."""
    wanted = list(dict.fromkeys(codes))
    guides: dict[str, Guide] = {}
    departments: dict[int, m.Department] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        matters = list(session.execute(select(m.Matter).where(col(m.Matter.code).in_(chunk))).scalars())
        if not matters:
            continue
        ids = [matter.id for matter in matters]
        materials: dict[Any, list[MaterialRequirement]] = defaultdict(list)
        for r, lt in session.execute(
            select(m.MaterialRequirement, m.LicenceType)
            .outerjoin(m.LicenceType, col(m.MaterialRequirement.licence_type_id) == col(m.LicenceType.id))
            .where(col(m.MaterialRequirement.matter_id).in_(ids))
            .order_by(col(m.MaterialRequirement.matter_id), col(m.MaterialRequirement.sort_order))
        ).all():
            materials[r.matter_id].append(_material(r, lt))
        situations: dict[Any, list[Situation]] = defaultdict(list)
        for row in session.execute(
            select(m.MatterSituation)
            .where(col(m.MatterSituation.matter_id).in_(ids))
            .order_by(col(m.MatterSituation.matter_id), col(m.MatterSituation.sort_order))
        ).scalars():
            situations[row.matter_id].append(Situation(row.code, row.question))
        for matter in matters:
            department = departments.get(matter.department_id)
            if department is None:
                department = session.get(m.Department, matter.department_id)
                assert department is not None
                departments[matter.department_id] = department
            guides[matter.code] = guide_from_rows(
                matter, department, materials.get(matter.id, ()), situations.get(matter.id, ())
            )
    return guides
