"""Catalogue repository: store a catalogue and read guides back (the search side: ``search_repo``).

Core ``insert()`` with lists of rows is used for bulk loads: the ORM's ``add_all`` is about ten times
slower, which matters for a province-wide catalogue of 100,000 matters.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Table, bindparam, delete, func, insert, select, types, update
from sqlmodel import Session, SQLModel, col

from hallapp.domain.catalogue import Department, Guide, LicenceHolder, LicenceType
from hallapp.store import models as m
from hallapp.store.guide_codec import encode_guide
from hallapp.store.guide_hash import Hashes, content_hash
from hallapp.store.guide_reader import CHUNK, load_guide, load_guides
from hallapp.store.models import utcnow

__all__ = [
    "ApplyReport",
    "apply_catalogue",
    "content_hash",
    "count_matters",
    "get_setting",
    "guide_hash",
    "licence_types",
    "list_departments",
    "load_guide",
    "load_guides",
    "set_setting",
]

PinyinKeys = Callable[[str], tuple[str, str]]
WRITE_BATCH = 2000  # matters whose rows are built and written at a time
ManyKeys = Callable[[Sequence[str]], list[tuple[str, str]]]
LaterKeys = Callable[[Sequence[str]], Callable[[], list[tuple[str, str]]]]


@dataclass
class ApplyReport:
    added: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0
    versions: dict[str, int] = field(default_factory=dict)  # matter code → its new version number

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deactivated)


def guide_hash(guide: Guide) -> str:
    """The content hash of a complete guide (see ``store.guide_hash``)."""
    return content_hash(guide)


def _matter_row(
    guide: Guide, department_id: int, name_keys: tuple[str, str], extras: str, incomplete: bool, hash_: str
) -> dict[str, object]:
    initials, pinyin = name_keys
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
        "content_hash": hash_,
        "active": True,
        "updated_at": utcnow(),
        "incomplete": incomplete,
        "extras": extras,
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


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def _bulk_insert(session: Session, model: type[SQLModel], rows: list[dict[str, object]]) -> None:
    """Many rows in one executemany of the database driver.

    The statement is compiled once for the dialect and each value goes through its column type's bind
    processor (UTC times, booleans), as SQLAlchemy would; but without SQLAlchemy's per-row bookkeeping,
    which took 30 µs a row (20 s for an import of 100,000 matters with their 640,000 materials).
    """
    if not rows:
        return
    table = _table(model)
    connection = session.connection()
    dialect = connection.dialect
    keys = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    order = list(compiled.positiontup or []) if compiled.positional else keys
    # Only our own column types need converting (UTC times); drivers take str, int, bool and None as they are.
    converted = [
        (index, table.c[key].type.bind_processor(dialect))
        for index, key in enumerate(order)
        if isinstance(table.c[key].type, types.TypeDecorator)
    ]
    values: list[object] = []
    for row in rows:
        value = [row[key] for key in order]
        for index, processor in converted:
            if processor is not None:
                value[index] = processor(value[index])
        values.append(tuple(value))
    if not compiled.positional:
        values = [dict(zip(order, value, strict=True)) for value in values if isinstance(value, tuple)]
    connection.exec_driver_sql(str(compiled), values)  # type: ignore[arg-type]


def _replace_children(
    session: Session,
    guides_and_ids: list[tuple[Guide, int]],
    licence_ids: dict[str, int],
    *,
    new_from: int,
) -> None:
    """Materials and situations of these matters, written anew (their rows have no identity of their own).

    The matters from position ``new_from`` on were just inserted: they have none to delete."""
    ids = [matter_id for _g, matter_id in guides_and_ids[:new_from]]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(delete(m.MaterialRequirement).where(col(m.MaterialRequirement.matter_id).in_(chunk)))
        session.execute(delete(m.MatterSituation).where(col(m.MatterSituation.matter_id).in_(chunk)))
    for start in range(0, len(guides_and_ids), WRITE_BATCH):  # bounded memory: 640,000 rows at 100,000
        batch = guides_and_ids[start : start + WRITE_BATCH]
        materials = [row for g, matter_id in batch for row in _material_rows(g, matter_id, licence_ids)]
        _bulk_insert(session, m.MaterialRequirement, materials)
        _bulk_insert(session, m.MatterSituation, [row for g, id_ in batch for row in _situation_rows(g, id_)])


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
    extras: Mapping[str, str] | None = None,
    incomplete: Collection[str] = (),
    actor: str = "",
    origin: str = "",
    keys_many: ManyKeys | None = None,
    hashes: Hashes | None = None,
    keys_later: LaterKeys | None = None,
) -> ApplyReport:
    """Insert new matters, update changed ones in place (by code), deactivate those no longer listed.

    A changed matter gets a new version of its guide; the one it replaces is kept whole (``GuideVersion``)
    for the cases decided under it. A withdrawn matter listed again with the same guide is only put back.
    ``extras`` (JSON by code) and ``incomplete`` come from an import; ``actor`` and ``origin`` say who
    made the new versions and from where. ``keys_many`` computes many names' pinyin keys at once;
    ``hashes`` are the guides' content hashes as an import's preview already computed them.
    ``keys_later`` starts computing the keys of the names it is given (the departments' short names, then
    the matters' names) elsewhere and returns what waits for them: the hashes are made meanwhile.
    """
    extras = extras or {}
    hashes = hashes or Hashes()
    existing = {
        code: (id_, hash_, active, version)
        for id_, code, hash_, active, version in session.execute(
            select(
                col(m.Matter.id),
                col(m.Matter.code),
                col(m.Matter.content_hash),
                col(m.Matter.active),
                col(m.Matter.version),
            )
        )
    }
    report = ApplyReport()
    new_guides: list[Guide] = []
    changed: list[Guide] = []
    reactivated: list[int] = []
    kept: list[tuple[int, str]] = []  # unchanged matters with kept fields (id, code): written if they differ
    seen: set[str] = set()
    for guide in guides:
        seen.add(guide.code)
        known = existing.get(guide.code)
        if known is None:
            new_guides.append(guide)
            continue
        matter_id, stored_hash, active, _version = known
        if hashes.same(stored_hash, guide, guide.code in incomplete):
            if active:
                report.unchanged += 1
                if guide.code in extras:
                    kept.append((matter_id, guide.code))
            else:
                reactivated.append(matter_id)
            continue
        changed.append(guide)
    departments = list(departments)
    names = [g.name for g in (*changed, *new_guides)]
    if keys_later is not None:  # computed elsewhere meanwhile: the hashes are made here (3.5 s at 100,000)
        waiting = keys_later([d.short_name for d in departments] + names)
        for guide in (*changed, *new_guides):
            hashes.of(guide, guide.code in incomplete)
        found = waiting()
        department_keys, found = found[: len(departments)], found[len(departments) :]
    else:
        department_keys = [keys(d.short_name) for d in departments]
        found = keys_many(names) if keys_many else [keys(name) for name in names]
    name_keys = dict(zip(names, found, strict=True))
    del found
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
            for d, (initials, pinyin) in zip(departments, department_keys, strict=True)
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
    now = utcnow()
    version_fields = {"version_at": now, "version_by": actor, "version_origin": origin}

    def row(guide: Guide) -> dict[str, object]:
        return _matter_row(
            guide,
            department_ids[guide.department.code],
            name_keys[guide.name],
            extras.get(guide.code, ""),
            guide.code in incomplete,
            hashes.of(guide, guide.code in incomplete),
        )

    _keep_superseded(session, [g.code for g in changed], existing, now)
    children: list[tuple[Guide, int]] = []
    matters = _table(m.Matter)
    by_id = update(matters).where(matters.c.id == bindparam("matter_row_id"))
    for start in range(0, len(changed), WRITE_BATCH):  # Core: the ORM refuses many sets with WHERE criteria
        updates = []
        for guide in changed[start : start + WRITE_BATCH]:
            matter_id, _hash, _active, version = existing[guide.code]
            updates.append(row(guide) | version_fields | {"version": version + 1, "matter_row_id": matter_id})
            children.append((guide, matter_id))
            report.versions[guide.code] = version + 1
        session.connection().execute(by_id, updates)
    report.updated = len(changed) + len(reactivated)
    kept = _differing_extras(session, kept, extras)
    if kept:  # Core statement: the ORM refuses an UPDATE with WHERE criteria and many parameter sets
        table = _table(m.Matter)
        session.connection().execute(
            update(table).where(table.c.id == bindparam("matter_id")).values(extras=bindparam("kept")),
            [{"matter_id": id_, "kept": text} for id_, text in kept],
        )
    for start in range(0, len(reactivated), CHUNK):
        chunk = reactivated[start : start + CHUNK]
        session.execute(update(m.Matter).where(col(m.Matter.id).in_(chunk)).values(active=True))
    if new_guides:
        for start in range(0, len(new_guides), WRITE_BATCH):
            batch = new_guides[start : start + WRITE_BATCH]
            _bulk_insert(session, m.Matter, [row(g) | version_fields | {"version": 1} for g in batch])
        codes = [g.code for g in new_guides]
        id_query = select(col(m.Matter.code), col(m.Matter.id))
        if len(codes) < CHUNK:
            id_query = id_query.where(col(m.Matter.code).in_(codes))
        ids: dict[str, int] = {code: id_ for code, id_ in session.execute(id_query)}
        children.extend((g, ids[g.code]) for g in new_guides)
        report.added = len(new_guides)
        report.versions.update((code, 1) for code in codes)
    _replace_children(session, children, licence_ids, new_from=len(changed))
    if deactivate_missing:
        gone = [id_ for code, (id_, _h, active, _v) in existing.items() if active and code not in seen]
        for start in range(0, len(gone), CHUNK):  # bounded statements: SQLite caps bound variables
            chunk = gone[start : start + CHUNK]
            session.execute(update(m.Matter).where(col(m.Matter.id).in_(chunk)).values(active=False))
        report.deactivated = len(gone)
    return report


def _differing_extras(
    session: Session, kept: list[tuple[int, str]], extras: Mapping[str, str]
) -> list[tuple[int, str]]:
    """Of the unchanged matters' kept fields, those that differ from what is stored (the rest: no write);
    each text is made a chunk at a time."""
    differing = []
    for start in range(0, len(kept), CHUNK):
        chunk = {id_: extras[code] for id_, code in kept[start : start + CHUNK]}
        stored = dict(
            session.execute(
                select(col(m.Matter.id), col(m.Matter.extras)).where(col(m.Matter.id).in_(list(chunk)))
            ).all()
        )
        differing += [(id_, text) for id_, text in chunk.items() if stored.get(id_) != text]
    return differing


def _keep_superseded(
    session: Session, codes: list[str], existing: Mapping[str, tuple[int, str, bool, int]], now: object
) -> None:
    """Keep the current guides of these matters whole, as the versions they are about to stop being."""
    if not codes:
        return
    stamps = {
        code: (at, by, origin)
        for start in range(0, len(codes), CHUNK)
        for code, at, by, origin in session.execute(
            select(
                col(m.Matter.code),
                col(m.Matter.version_at),
                col(m.Matter.version_by),
                col(m.Matter.version_origin),
            ).where(col(m.Matter.code).in_(codes[start : start + CHUNK]))
        )
    }
    rows = []
    for code, guide in load_guides(session, codes).items():
        _id, stored_hash, _active, version = existing[code]
        at, by, origin = stamps[code]
        rows.append(
            {
                "matter_code": code,
                "version": version,
                "content_hash": stored_hash,
                "guide": encode_guide(guide),
                "created_at": at,
                "created_by": by,
                "origin": origin,
                "superseded_at": now,
            }
        )
    if rows:
        _bulk_insert(session, m.GuideVersion, rows)


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


def licence_types(session: Session) -> list[LicenceType]:
    rows = session.execute(select(m.LicenceType).order_by(col(m.LicenceType.code))).scalars()
    return [LicenceType(t.code, t.name, t.issuer, LicenceHolder(t.holder)) for t in rows]
