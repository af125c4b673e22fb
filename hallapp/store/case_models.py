"""Tables of the counter's work: applicants, cases (办件), their materials, documents, numbering, audit.

A case keeps a copy of what the matter asked at the time (name, materials), so later catalogue changes
never rewrite what an applicant was told. Rules that protect the record are also constraints here:
a material that is not deferrable can never be stored as deferred, whatever the caller does.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from hallapp.store.models import utcnow
from hallapp.store.types import UtcDateTime


class Applicant(SQLModel, table=True):
    """申请人: a person (resident ID) or an organisation (unified social credit code)."""

    __table_args__ = (UniqueConstraint("kind", "id_number", name="uq_applicant_kind_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # person | organisation
    name: str = Field(max_length=200)
    id_number: str = Field(max_length=18, index=True)  # normalised resident ID or credit code
    phone: str = Field(default="", max_length=40)
    legal_representative: str = Field(default="", max_length=100)
    contact_name: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class Case(SQLModel, table=True):
    """办件: one application at the counter, accepted (with a case number) or refused (with a notice number)."""

    __tablename__ = "cases"  # "case" is an SQL keyword
    __table_args__ = (
        Index("ix_cases_state_deadline", "state", "deferral_deadline"),
        CheckConstraint("decision IN ('accepted', 'deferred', 'refused')", name="ck_case_decision"),
        CheckConstraint("(decision = 'refused') = (case_number IS NULL)", name="ck_case_number_iff_accepted"),
        CheckConstraint(
            "decision <> 'deferred' OR commitment_signed_at IS NOT NULL",
            name="ck_case_deferred_needs_commitment",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_number: str | None = Field(default=None, max_length=40, unique=True)
    notice_number: str | None = Field(default=None, max_length=40, unique=True)
    matter_id: int = Field(foreign_key="matter.id", index=True)
    matter_code: str = Field(max_length=100)
    matter_name: str = Field(max_length=300)
    guide_version: int | None = None  # the version of the matter's guide it was decided under
    department_name: str = Field(default="", max_length=200)
    applicant_id: int = Field(foreign_key="applicant.id", index=True)
    applicant_name: str = Field(max_length=200)  # as on the day: names and phones change
    applicant_phone: str = Field(default="", max_length=40)
    agent_name: str = Field(default="", max_length=100)
    agent_id_number: str = Field(default="", max_length=18)
    agent_phone: str = Field(default="", max_length=40)
    decision: str = Field(max_length=16)
    state: str = Field(max_length=32, index=True)
    received_at: datetime = Field(default_factory=utcnow, index=True, sa_type=UtcDateTime)
    promised_date: date | None = None
    promised_unverified: bool = False
    deferral_deadline: date | None = None
    deferral_unverified: bool = False
    commitment_signed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)  # 容缺受理承诺书
    situation_answers: str = Field(
        default="[]", sa_column_kwargs={"server_default": "[]"}
    )  # JSON [[q, 是否]]
    completed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)  # 秒批: decided on the spot
    bundle_code: str | None = Field(default=None, max_length=40)
    bundle_ref: str | None = Field(default=None, max_length=40, index=True)  # the cases of one bundle intake
    closed_on: date | None = None  # terminated (终止办理) or withdrawn (撤回)
    reminder_count: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    window: str = Field(default="", max_length=40, index=True)
    clerk: str = Field(default="", max_length=100)  # the intake clerk's display name, as printed that day
    clerk_username: str = Field(default="", max_length=40, index=True)  # and their account
    closed_by: str = Field(default="", max_length=40)  # the account that terminated or withdrew it
    hall_name: str = Field(default="", max_length=200)
    note: str = ""


class CaseMaterial(SQLModel, table=True):
    """One material of a case: what was asked and what happened to it."""

    __tablename__ = "case_material"
    __table_args__ = (
        CheckConstraint("outcome <> 'deferred' OR \"deferrable\"", name="ck_case_material_deferrable"),
        CheckConstraint(
            "outcome IN ('received', 'licence', 'deferred', 'missing', 'not_needed', 'supplemented')",
            name="ck_case_material_outcome",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    sort_order: int = 0
    name: str = Field(max_length=300)
    required: bool = True
    deferrable: bool = False
    originals_required: int = 0
    original_handling: str = Field(default="inspect", max_length=16)
    copies_required: int = 0
    original_seen: bool = False
    copies_received: int = 0
    outcome: str = Field(max_length=16)
    outcome_label: str = Field(default="", max_length=100)
    shortfall: str = Field(default="", max_length=200)
    deadline: date | None = None
    notes: str = ""
    licence_type_code: str | None = Field(default=None, max_length=64)
    licence_number: str | None = Field(default=None, max_length=100)
    licence_issuer: str | None = Field(default=None, max_length=200)
    licence_valid_until: date | None = None
    arrived_on: date | None = None  # a deferred material supplemented (补正): the day it arrived
    arrival_channel: str | None = Field(default=None, max_length=16)
    supplemented_by: str = Field(default="", max_length=40)  # the account that recorded the arrival


class CaseDocument(SQLModel, table=True):
    """A printed document, archived as PDF under the data directory."""

    __tablename__ = "case_document"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: str = Field(max_length=32)
    path: str = Field(max_length=500)  # relative to the data directory
    sha256: str = Field(max_length=64)
    is_copy: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    created_by: str = Field(default="", max_length=100)  # the account that printed it


class NumberCounter(SQLModel, table=True):
    """The last number issued in a series (e.g. case numbers of one hall and year). Never goes back."""

    __tablename__ = "number_counter"

    series: str = Field(primary_key=True, max_length=60)
    value: int = 0


class AuditEvent(SQLModel, table=True):
    """Who did what, when, to which object: written in the same transaction as the change.

    Append-only (database triggers refuse UPDATE and DELETE) and hash-chained: ``seq`` counts 1, 2, 3…
    without gaps, ``prev_hash`` is the previous event's ``hash``, and ``hash`` seals this event's content
    (see ``audit_chain``). Only ``audit_repo.record`` fills these three.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        UniqueConstraint("seq", name="uq_audit_event_seq"),  # a race fails, never forks the chain
        Index("ix_audit_event_object", "object_type", "object_id"),  # a case's history, in any register size
    )

    id: int | None = Field(default=None, primary_key=True)
    seq: int
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow, index=True, sa_type=UtcDateTime)
    actor: str = Field(max_length=100)
    action: str = Field(max_length=40)
    object_type: str = Field(max_length=40)
    object_id: str = Field(max_length=60)
    outcome: str = Field(default="ok", max_length=16)
    detail: str = ""


class CaseExtension(SQLModel, table=True):
    """A deadline extended (延期) by a supervisor, with the reason."""

    __tablename__ = "case_extension"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    previous: date
    new: date
    reason: str
    approved_by: str = Field(max_length=100)  # the approving supervisor's account
    requested_by: str = Field(default="", max_length=40)  # the account that asked for it
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class CaseReminder(SQLModel, table=True):
    """A reminder (催补) given: by letter, phone or SMS (the app itself sends nothing)."""

    __tablename__ = "case_reminder"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    method: str = Field(max_length=16)
    note: str = ""
    clerk: str = Field(max_length=100)  # the account that reminded
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
