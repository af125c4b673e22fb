"""The local licence registry (本地证照库): e-licences imported from a file, for halls without a library.

One row per licence, keyed by its type and number (a licence number is unique within its type only).
``holder_id`` is the holder's resident ID number or unified social credit code, normalised, so a look-up
by whatever the clerk typed finds it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from hallapp.store.models import utcnow
from hallapp.store.types import UtcDateTime


class LicenceRecordBase(SQLModel):
    """The fields an import file fills (see ``data/README.md``)."""

    type_code: str = Field(max_length=64)  # a licence_type.code
    number: str = Field(max_length=100)  # 证照编号
    holder_id: str = Field(max_length=18, index=True)  # normalised resident ID or credit code
    holder_name: str = Field(max_length=200)
    issuer: str = Field(default="", max_length=200)  # 发证机关
    issued_on: date | None = None
    valid_until: date | None = None  # None: 长期有效
    status: str = Field(default="valid", max_length=16)  # valid | revoked (注销 / 吊销)


class LicenceRecord(LicenceRecordBase, table=True):
    __tablename__ = "licence_record"
    __table_args__ = (
        UniqueConstraint("type_code", "number", name="uq_licence_record_type_number"),
        CheckConstraint("status IN ('valid', 'revoked')", name="ck_licence_record_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
