"""Applicants, cases and their materials and documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlmodel import Session, col

from hallapp.store.case_models import Applicant, Case, CaseDocument, CaseMaterial
from hallapp.store.models import Matter, utcnow


def find_applicant(session: Session, kind: str, id_number: str) -> Applicant | None:
    return session.execute(
        select(Applicant).where(col(Applicant.kind) == kind, col(Applicant.id_number) == id_number)
    ).scalar_one_or_none()


def upsert_applicant(
    session: Session,
    *,
    kind: str,
    id_number: str,
    name: str,
    phone: str,
    legal_representative: str = "",
    contact_name: str = "",
) -> Applicant:
    """The applicant with this ID, created or brought up to date with what was said today."""
    applicant = find_applicant(session, kind, id_number)
    if applicant is None:
        applicant = Applicant(kind=kind, id_number=id_number, name=name, phone=phone)
    applicant.name = name
    applicant.phone = phone
    applicant.legal_representative = legal_representative
    applicant.contact_name = contact_name
    applicant.updated_at = utcnow()
    session.add(applicant)
    session.flush()
    return applicant


def matter_id(session: Session, code: str) -> int | None:
    return session.execute(select(col(Matter.id)).where(col(Matter.code) == code)).scalar_one_or_none()


def add_case(session: Session, case: Case, materials: Sequence[CaseMaterial]) -> Case:
    session.add(case)
    session.flush()
    assert case.id is not None  # the flush gave it one
    for material in materials:
        material.case_id = case.id
        session.add(material)
    session.flush()
    return case


def case_by_number(session: Session, number: str) -> Case | None:
    """A case by its case number (受理编号) or, for a refusal, its notice number."""
    return session.execute(
        select(Case).where(or_(col(Case.case_number) == number, col(Case.notice_number) == number))
    ).scalar_one_or_none()


def materials_of(session: Session, case_id: int) -> list[CaseMaterial]:
    return list(
        session.execute(
            select(CaseMaterial)
            .where(col(CaseMaterial.case_id) == case_id)
            .order_by(col(CaseMaterial.sort_order))
        ).scalars()
    )


def documents_of(session: Session, case_id: int) -> list[CaseDocument]:
    return list(
        session.execute(
            select(CaseDocument).where(col(CaseDocument.case_id) == case_id).order_by(col(CaseDocument.id))
        ).scalars()
    )


def list_cases(
    session: Session,
    *,
    since: datetime,
    until: datetime,
    window: str | None = None,
    text: str = "",
    limit: int = 500,
) -> list[Case]:
    """Cases received in [since, until), newest first, optionally at one window and matching ``text``
    (case, notice or bundle number, applicant name, or the applicant's ID number)."""
    received_at = col(Case.received_at)
    statement = select(Case).where(received_at >= since, received_at < until)
    if window:
        statement = statement.where(col(Case.window) == window)
    text = text.strip()
    if text:
        pattern = f"%{text}%"
        statement = statement.join(Applicant, col(Applicant.id) == col(Case.applicant_id)).where(
            or_(
                col(Case.case_number).like(pattern),
                col(Case.notice_number).like(pattern),
                col(Case.bundle_ref).like(pattern),  # a bundle's number finds all its cases
                col(Case.applicant_name).like(pattern),
                col(Applicant.id_number) == text.upper(),
            )
        )
    return list(session.execute(statement.order_by(received_at.desc()).limit(limit)).scalars())


def cases_of_bundle(session: Session, reference: str) -> list[Case]:
    """The cases of one bundle intake, in the bundle's order."""
    return list(
        session.execute(
            select(Case).where(col(Case.bundle_ref) == reference).order_by(col(Case.id))
        ).scalars()
    )


CLOSED_STATES = ("completed", "refused", "terminated", "withdrawn")  # nothing more will happen to these


def open_cases_of(session: Session, applicant_id: int, matter_codes: Iterable[str]) -> list[str]:
    """The numbers of this applicant's cases of these matters still open (not completed, refused,
    terminated or withdrawn), oldest first."""
    codes = list(matter_codes)
    if not codes:
        return []
    rows = session.execute(
        select(col(Case.case_number))
        .where(
            col(Case.applicant_id) == applicant_id,
            col(Case.matter_code).in_(codes),
            col(Case.state).not_in(CLOSED_STATES),
            col(Case.case_number).is_not(None),
        )
        .order_by(col(Case.id))
    ).scalars()
    return [number for number in rows if number]
