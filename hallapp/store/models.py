"""SQLModel tables. Layered: ``*Base`` holds the fields a form or loader fills; the table adds keys.

Schema changes go through a migration in ``migrations/versions``; these classes and the newest migration
must describe the same schema (a test compares them).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from hallapp.store.types import UtcDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


class DepartmentBase(SQLModel):
    code: str = Field(max_length=32, unique=True, index=True)
    credit_code: str = Field(default="", max_length=18)
    name: str = Field(max_length=200)
    short_name: str = Field(max_length=100)


class Department(DepartmentBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name_initials: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    name_pinyin: str = Field(default="", max_length=600, sa_column_kwargs={"server_default": ""})


class LicenceTypeBase(SQLModel):
    code: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    issuer: str = Field(default="", max_length=200)
    holder: str = Field(default="person", max_length=16)


class LicenceType(LicenceTypeBase, table=True):
    __tablename__ = "licence_type"

    id: int | None = Field(default=None, primary_key=True)


class MatterBase(SQLModel):
    code: str = Field(max_length=100, unique=True, index=True)
    name: str = Field(max_length=300)
    matter_type: str = Field(max_length=32)
    applicant_types: str = Field(default="自然人", max_length=64)  # comma-separated ApplicantType values
    legal_basis: str = ""
    conditions: str = ""
    procedure: str = ""
    statutory_limit_days: int = 0
    promised_limit_days: int = 0
    on_the_spot: bool = False
    fees: str = ""
    place: str = ""
    windows: str = ""
    hours: str = ""
    phones: str = ""  # one per line
    visits: int = 1
    online_url: str = ""
    deferrable: bool = False
    max_deferred: int = 0
    instant_approval: bool = False
    delegated: bool = False


class Matter(MatterBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    # Search keys, computed once when the matter is stored (pypinyin is too slow for start-up).
    name_initials: str = Field(default="", max_length=300)
    name_pinyin: str = Field(default="", max_length=2000)
    content_hash: str = Field(default="", max_length=64)  # of the guide as last loaded
    active: bool = True
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    # The guide's version: 1 when first stored, one more at each change (the old ones: ``GuideVersion``).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    version_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    version_by: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    version_origin: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    # Imported without materials (a plain list): found in search, refused at intake until completed.
    incomplete: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    extras: str = Field(default="", sa_column_kwargs={"server_default": ""})  # JSON: imported fields kept


class MaterialRequirementBase(SQLModel):
    sort_order: int = 0
    name: str = Field(max_length=300)
    originals: int = 0
    original_handling: str = Field(default="inspect", max_length=16)
    copies: int = 0
    required: bool = True
    deferrable: bool = False
    source: str = Field(default="", max_length=200)
    notes: str = ""


class MaterialRequirement(MaterialRequirementBase, table=True):
    __tablename__ = "material_requirement"

    id: int | None = Field(default=None, primary_key=True)
    matter_id: int = Field(foreign_key="matter.id", index=True, ondelete="CASCADE")
    licence_type_id: int | None = Field(default=None, foreign_key="licence_type.id")
    when_situation: str | None = Field(default=None, max_length=40)
    when_not_situation: str | None = Field(default=None, max_length=40)
    owner: str = Field(default="applicant", max_length=120)  # whose document: "applicant,spouse" …


class MatterSituation(SQLModel, table=True):
    """情形 of a matter: a question whose answer adds or removes materials."""

    __tablename__ = "matter_situation"

    id: int | None = Field(default=None, primary_key=True)
    matter_id: int = Field(foreign_key="matter.id", index=True, ondelete="CASCADE")
    sort_order: int = 0
    code: str = Field(max_length=40)
    question: str = Field(max_length=200)


class Bundle(SQLModel, table=True):
    """一件事一次办: several matters done together."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, index=True)
    name: str = Field(max_length=200)
    description: str = ""
    name_initials: str = Field(default="", max_length=200)
    name_pinyin: str = Field(default="", max_length=1000)
    active: bool = True


class BundleMatter(SQLModel, table=True):
    __tablename__ = "bundle_matter"

    id: int | None = Field(default=None, primary_key=True)
    bundle_id: int = Field(foreign_key="bundle.id", index=True, ondelete="CASCADE")
    matter_id: int = Field(foreign_key="matter.id")
    sort_order: int = 0


class GuideVersion(SQLModel, table=True):
    """A superseded version of a matter's guide, kept whole (JSON) for the cases decided under it."""

    __tablename__ = "guide_version"
    __table_args__ = (UniqueConstraint("matter_code", "version", name="uq_guide_version_code_version"),)

    id: int | None = Field(default=None, primary_key=True)
    matter_code: str = Field(max_length=100, index=True)
    version: int
    content_hash: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    guide: str  # JSON of the whole guide (store.guide_codec)
    created_at: datetime | None = Field(default=None, sa_type=UtcDateTime)  # when this version was made
    created_by: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    origin: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    superseded_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Setting(SQLModel, table=True):
    """Key/value settings and bookkeeping (catalogue revision, counter settings)."""

    key: str = Field(primary_key=True, max_length=100)
    value: str = ""
