"""Licence registry repository: store imported licences, find a holder's licences, count them.

Rows go in and come out as the domain's ``Licence``, so nothing above the store sees a table class.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlmodel import Session, col

from hallapp.domain.licences import Licence, LicenceStatus
from hallapp.store.licence_models import LicenceRecord
from hallapp.store.models import utcnow

_CHUNK = 500  # keys per IN (...) query: well below SQLite's limit on bound parameters

_FIELDS = ("holder_id", "holder_name", "issuer", "issued_on", "valid_until", "status")


@dataclass(frozen=True)
class UpsertCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def _row(licence: Licence, imported_at: datetime) -> dict[str, object]:
    return {
        "type_code": licence.type_code,
        "number": licence.number,
        "holder_id": licence.holder_id,
        "holder_name": licence.holder_name,
        "issuer": licence.issuer,
        "issued_on": licence.issued_on,
        "valid_until": licence.valid_until,
        "status": licence.status.value,
        "imported_at": imported_at,
    }


def _licence(record: LicenceRecord) -> Licence:
    return Licence(
        type_code=record.type_code,
        number=record.number,
        holder_id=record.holder_id,
        holder_name=record.holder_name,
        issuer=record.issuer,
        issued_on=record.issued_on,
        valid_until=record.valid_until,
        status=LicenceStatus(record.status),
    )


def upsert_licences(
    session: Session, licences: Sequence[Licence], *, imported_at: datetime | None = None
) -> UpsertCounts:
    """Add new licences and update changed ones, matched by (type, number). Unchanged rows are left alone.

    The caller commits; the licences must be unique by (type, number) among themselves.
    """
    moment = imported_at or utcnow()
    existing: dict[tuple[str, str], LicenceRecord] = {}
    numbers = sorted({lic.number for lic in licences})
    for start in range(0, len(numbers), _CHUNK):
        chunk = numbers[start : start + _CHUNK]
        query = select(LicenceRecord).where(col(LicenceRecord.number).in_(chunk))
        for record in session.scalars(query):
            existing[(record.type_code, record.number)] = record
    new_rows: list[dict[str, object]] = []
    updated = unchanged = 0
    for licence in licences:
        found = existing.get((licence.type_code, licence.number))
        if found is None:
            new_rows.append(_row(licence, moment))
            continue
        if _licence(found) == licence:
            unchanged += 1
            continue
        for name in _FIELDS:
            value = getattr(licence, name)
            setattr(found, name, value.value if isinstance(value, LicenceStatus) else value)
        found.imported_at = moment
        updated += 1
    session.flush()
    if new_rows:
        session.execute(insert(LicenceRecord), new_rows)
    return UpsertCounts(added=len(new_rows), updated=updated, unchanged=unchanged)


def find_licences(
    session: Session, *, holder_id: str, type_codes: Collection[str] | None = None
) -> list[Licence]:
    """The licences held by ``holder_id`` (already normalised), of the given types (None: of any type).

    Ordered by type, then the newest first.
    """
    query = select(LicenceRecord).where(col(LicenceRecord.holder_id) == holder_id)
    if type_codes is not None:
        if not type_codes:
            return []
        query = query.where(col(LicenceRecord.type_code).in_(sorted(type_codes)))
    query = query.order_by(
        col(LicenceRecord.type_code), col(LicenceRecord.issued_on).desc(), col(LicenceRecord.id)
    )
    return [_licence(record) for record in session.scalars(query)]


def count_licences(session: Session) -> int:
    """How many licences the registry holds."""
    return int(session.scalar(select(func.count()).select_from(LicenceRecord)) or 0)
