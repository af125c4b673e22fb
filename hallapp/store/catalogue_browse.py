"""The catalogue as the administrator's editor reads it: matters by department, flag and text; bundles.

Unlike the counter's search, this lists withdrawn matters and incomplete ones too (an administrator
completes those), and reads the bundle rows an edit replaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, or_, select
from sqlmodel import Session, col

from hallapp.domain.bundles import Bundle
from hallapp.store import models as m

__all__ = [
    "FLAG_COLUMNS",
    "BundleRow",
    "MatterRow",
    "browse_matters",
    "known_codes",
    "list_bundles",
    "matter_state",
    "write_bundle",
]

# The flags the list filters by, with the column each one is.
FLAG_COLUMNS = {
    "deferrable": m.Matter.deferrable,
    "instant_approval": m.Matter.instant_approval,
    "delegated": m.Matter.delegated,
    "on_the_spot": m.Matter.on_the_spot,
    "incomplete": m.Matter.incomplete,
}


@dataclass(frozen=True)
class MatterRow:
    """One line of the editor's matter list."""

    code: str
    name: str
    department_code: str
    department: str  # short name
    deferrable: bool
    instant_approval: bool
    delegated: bool
    on_the_spot: bool
    incomplete: bool
    active: bool
    version: int


@dataclass(frozen=True)
class BundleRow:
    """A life-event bundle as the editor shows it: its matters by code and name, in order."""

    code: str
    name: str
    description: str
    active: bool
    members: tuple[tuple[str, str], ...]

    @property
    def bundle(self) -> Bundle:
        return Bundle(self.code, self.name, self.description, tuple(code for code, _n in self.members))


def browse_matters(
    session: Session, *, department: str = "", flag: str = "", text: str = "", limit: int = 1000
) -> list[MatterRow]:
    """Matters of ``department`` (a code; "" for all) with ``flag`` set ("" for any) whose name, code or
    pinyin contains ``text``, by department and name; at most ``limit``."""
    query = select(
        col(m.Matter.code),
        col(m.Matter.name),
        col(m.Department.code),
        col(m.Department.short_name),
        col(m.Matter.deferrable),
        col(m.Matter.instant_approval),
        col(m.Matter.delegated),
        col(m.Matter.on_the_spot),
        col(m.Matter.incomplete),
        col(m.Matter.active),
        col(m.Matter.version),
    ).join(m.Department, col(m.Department.id) == col(m.Matter.department_id))
    if department:
        query = query.where(col(m.Department.code) == department)
    if flag:
        query = query.where(col(FLAG_COLUMNS[flag]))
    words = text.strip().lower()
    if words:
        pattern = f"%{words}%"
        query = query.where(
            or_(
                col(m.Matter.name).like(pattern),
                col(m.Matter.code).like(pattern),
                col(m.Matter.name_initials).like(pattern),
                col(m.Matter.name_pinyin).like(pattern),
            )
        )
    query = query.order_by(col(m.Department.code), col(m.Matter.name)).limit(limit)
    return [MatterRow(*row) for row in session.execute(query).all()]


def matter_state(session: Session, code: str) -> tuple[int, bool, bool, str] | None:
    """(version, incomplete, active, version_by) of a matter, or None when there is no such matter."""
    row = session.execute(
        select(
            col(m.Matter.version), col(m.Matter.incomplete), col(m.Matter.active), col(m.Matter.version_by)
        ).where(col(m.Matter.code) == code)
    ).first()
    return None if row is None else (int(row[0]), bool(row[1]), bool(row[2]), str(row[3]))


def known_codes(session: Session, codes: tuple[str, ...]) -> set[str]:
    """Which of these matter codes exist."""
    return set(session.execute(select(col(m.Matter.code)).where(col(m.Matter.code).in_(codes))).scalars())


def unusable_codes(session: Session, codes: tuple[str, ...]) -> dict[str, str]:
    """Of these matter codes, the withdrawn and the incomplete ones: code → "已撤下" or "待完善"."""
    rows = session.execute(
        select(col(m.Matter.code), col(m.Matter.active), col(m.Matter.incomplete)).where(
            col(m.Matter.code).in_(codes)
        )
    )
    return {
        code: "已撤下" if not active else "待完善"
        for code, active, incomplete in rows
        if not active or incomplete
    }


def list_bundles(session: Session) -> list[BundleRow]:
    """Every bundle (withdrawn ones too), by code, with its matters in order."""
    members: dict[int, list[tuple[str, str]]] = {}
    for bundle_id, code, name in session.execute(
        select(col(m.BundleMatter.bundle_id), col(m.Matter.code), col(m.Matter.name))
        .join(m.Matter, col(m.Matter.id) == col(m.BundleMatter.matter_id))
        .order_by(col(m.BundleMatter.bundle_id), col(m.BundleMatter.sort_order))
    ):
        members.setdefault(bundle_id, []).append((code, name))
    return [
        BundleRow(b.code, b.name, b.description, b.active, tuple(members.get(b.id or 0, ())))
        for b in session.execute(select(m.Bundle).order_by(col(m.Bundle.code))).scalars()
    ]


def write_bundle(session: Session, bundle: Bundle, keys: tuple[str, str]) -> None:
    """Store this bundle's name, description and matters (in order) over the existing one of its code."""
    row = session.execute(select(m.Bundle).where(col(m.Bundle.code) == bundle.code)).scalar_one()
    row.name, row.description = bundle.name, bundle.description
    row.name_initials, row.name_pinyin = keys
    session.execute(delete(m.BundleMatter).where(col(m.BundleMatter.bundle_id) == row.id))
    ids = dict(
        session.execute(
            select(col(m.Matter.code), col(m.Matter.id)).where(col(m.Matter.code).in_(bundle.matter_codes))
        ).all()
    )
    session.flush()
    if bundle.matter_codes:
        session.execute(
            insert(m.BundleMatter),
            [
                {"bundle_id": row.id, "matter_id": ids[code], "sort_order": n}
                for n, code in enumerate(bundle.matter_codes, start=1)
            ],
        )
