"""The catalogue as search sees it: the records the index is built from, and the plain SQL search that
answers until the index is ready (and for a catalogue just changed)."""

from __future__ import annotations

from sqlalchemy import case, func, or_, select
from sqlmodel import Session, col

from hallapp.domain.search import IndexRecord, SearchFilter, SearchHit
from hallapp.store import models as m

BUNDLE_DEPARTMENT = ("bundle", "一件事一次办", "一件事一次办", "yjsycb", "yi jian shi yi ci ban")


def index_records(session: Session) -> list[IndexRecord]:
    """Every active matter and life-event bundle with what the search index needs."""
    departments = {d.id: d for d in session.execute(select(m.Department)).scalars()}
    rows = session.execute(
        select(
            col(m.Matter.id),
            col(m.Matter.code),
            col(m.Matter.name),
            col(m.Matter.name_initials),
            col(m.Matter.name_pinyin),
            col(m.Matter.department_id),
            col(m.Matter.deferrable),
            col(m.Matter.instant_approval),
            col(m.Matter.delegated),
            col(m.Matter.incomplete),
        ).where(col(m.Matter.active))
    )
    records = []
    for id_, code, name, initials, pinyin, department_id, deferrable, instant, delegated, incomplete in rows:
        department = departments[department_id]
        records.append(
            IndexRecord(
                matter_id=id_,
                code=code,
                name=name,
                initials=initials,
                pinyin=pinyin,
                department_code=department.code,
                department_name=department.name,
                department_short_name=department.short_name,
                department_initials=department.name_initials,
                department_pinyin=department.name_pinyin,
                deferrable=deferrable,
                instant_approval=instant,
                delegated=delegated,
                incomplete=incomplete,
            )
        )
    # A bundle with one incomplete matter cannot be taken in either: it carries the mark too.
    unfinished = set(
        session.execute(
            select(col(m.BundleMatter.bundle_id))
            .join(m.Matter, col(m.Matter.id) == col(m.BundleMatter.matter_id))
            .where(col(m.Matter.incomplete))
        ).scalars()
    )
    code, name, short, d_initials, d_pinyin = BUNDLE_DEPARTMENT
    for bundle in session.execute(select(m.Bundle).where(col(m.Bundle.active))).scalars():
        records.append(
            IndexRecord(
                matter_id=bundle.id or 0,
                code=bundle.code,
                name=bundle.name,
                initials=bundle.name_initials,
                pinyin=bundle.name_pinyin,
                department_code=code,
                department_name=name,
                department_short_name=short,
                department_initials=d_initials,
                department_pinyin=d_pinyin,
                kind="bundle",
                incomplete=bundle.id in unfinished,
            )
        )
    return records


def like_search(
    session: Session, query: str, search_filter: SearchFilter | None = None, limit: int = 50
) -> list[SearchHit]:
    """The plain SQL scan (``LIKE '%…%'``): the answer while the index is being built, and its yardstick."""
    q = query.strip().lower()
    pattern = f"%{q}%"
    name, initials, code = col(m.Matter.name), col(m.Matter.name_initials), col(m.Matter.code)
    joined_pinyin = func.replace(col(m.Matter.name_pinyin), " ", "")
    statement = (
        select(m.Matter, m.Department)
        .join(m.Department, col(m.Matter.department_id) == col(m.Department.id))
        .where(col(m.Matter.active))
    )
    if q:
        statement = statement.where(
            or_(
                name.like(pattern),
                initials.like(pattern),
                joined_pinyin.like(pattern),
                func.lower(code).like(pattern),
                col(m.Department.name).like(pattern),
            )
        )
    if search_filter is not None:
        if search_filter.department_code is not None:
            statement = statement.where(col(m.Department.code) == search_filter.department_code)
        if search_filter.deferrable:
            statement = statement.where(col(m.Matter.deferrable))
        if search_filter.instant_approval:
            statement = statement.where(col(m.Matter.instant_approval))
        if search_filter.delegated:
            statement = statement.where(col(m.Matter.delegated))
    rank = case(
        (name == q, 0),
        (name.like(f"{q}%"), 1),
        (func.lower(code).like(f"{q}%"), 2),
        (initials.like(f"{q}%"), 3),
        (joined_pinyin.like(f"{q}%"), 3),
        (name.like(pattern), 4),
        else_=5,
    )
    statement = statement.order_by(rank, func.length(name), col(m.Matter.name_pinyin), code).limit(limit)
    return [
        SearchHit(
            matter_id=matter.id or 0,
            code=matter.code,
            name=matter.name,
            department_code=department.code,
            department=department.short_name,
            deferrable=matter.deferrable,
            instant_approval=matter.instant_approval,
            delegated=matter.delegated,
            matched_by="",
            incomplete=matter.incomplete,
        )
        for matter, department in session.execute(statement).all()
    ]
