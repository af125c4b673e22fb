"""Life-event bundles (一件事一次办) in the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session, col

from hallapp.domain.bundles import Bundle
from hallapp.store import models as m

PinyinKeys = Callable[[str], tuple[str, str]]


def apply_bundles(session: Session, bundles: Iterable[Bundle], keys: PinyinKeys) -> int:
    """Store the bundles (by code), their matters in order; withdraw bundles no longer listed.
    Returns how many bundles changed."""
    matter_ids: dict[str, int] = dict(session.execute(select(col(m.Matter.code), col(m.Matter.id))).all())
    existing = {b.code: b for b in session.execute(select(m.Bundle)).scalars()}
    changed = 0
    listed: set[str] = set()
    for bundle in bundles:
        listed.add(bundle.code)
        initials, pinyin = keys(bundle.name)
        row = existing.get(bundle.code)
        members = [matter_ids[code] for code in bundle.matter_codes if code in matter_ids]
        if row is not None:
            current = [
                matter_id
                for (matter_id,) in session.execute(
                    select(col(m.BundleMatter.matter_id))
                    .where(col(m.BundleMatter.bundle_id) == row.id)
                    .order_by(col(m.BundleMatter.sort_order))
                )
            ]
            same = (row.name, row.description, row.active, current) == (
                bundle.name,
                bundle.description,
                True,
                members,
            )
            if same:
                continue
            row.name, row.description, row.active = bundle.name, bundle.description, True
            row.name_initials, row.name_pinyin = initials, pinyin
            session.execute(delete(m.BundleMatter).where(col(m.BundleMatter.bundle_id) == row.id))
        else:
            row = m.Bundle(
                code=bundle.code,
                name=bundle.name,
                description=bundle.description,
                name_initials=initials,
                name_pinyin=pinyin,
            )
            session.add(row)
        session.flush()
        if members:
            session.execute(
                insert(m.BundleMatter),
                [
                    {"bundle_id": row.id, "matter_id": mid, "sort_order": n}
                    for n, mid in enumerate(members, start=1)
                ],
            )
        changed += 1
    gone = [b.id for code, b in existing.items() if b.active and code not in listed]
    if gone:
        session.execute(update(m.Bundle).where(col(m.Bundle.id).in_(gone)).values(active=False))
    return changed + len(gone)


def load_bundle(session: Session, code: str) -> Bundle | None:
    row = session.execute(
        select(m.Bundle).where(col(m.Bundle.code) == code, col(m.Bundle.active))
    ).scalar_one_or_none()
    if row is None:
        return None
    codes = [
        matter_code
        for (matter_code,) in session.execute(
            select(col(m.Matter.code))
            .join(m.BundleMatter, col(m.BundleMatter.matter_id) == col(m.Matter.id))
            .where(col(m.BundleMatter.bundle_id) == row.id)
            .order_by(col(m.BundleMatter.sort_order))
        )
    ]
    return Bundle(row.code, row.name, row.description, tuple(codes))


def active_bundles(session: Session) -> list[m.Bundle]:
    return list(
        session.execute(select(m.Bundle).where(col(m.Bundle.active)).order_by(col(m.Bundle.code))).scalars()
    )
