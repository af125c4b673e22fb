"""Deferred cases for the follow-up board: read in two queries, whatever their number."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from hallapp.store.case_models import Applicant, Case, CaseExtension, CaseMaterial
from hallapp.store.models import utcnow


@dataclass(frozen=True)
class OpenCaseRow:
    """One deferred case as the board needs it (ID unmasked here: the service masks it)."""

    case_id: int
    number: str
    applicant_name: str
    applicant_id: str
    applicant_phone: str
    matter_code: str
    matter_name: str
    department: str
    window: str
    clerk: str
    state: str
    deadline: date
    received_on: date
    missing: tuple[str, ...]
    reminders: int


def extensions_of(session: Session, case_id: int) -> list[CaseExtension]:
    return list(
        session.execute(
            select(CaseExtension).where(CaseExtension.case_id == case_id).order_by(CaseExtension.id)  # type: ignore[arg-type]
        ).scalars()
    )


def add_extension(session: Session, case_id: int, previous: date, new: date, reason: str, approved_by: str) -> None:
    session.add(CaseExtension(case_id=case_id, previous=previous, new=new, reason=reason, approved_by=approved_by,
                              at=utcnow()))
    session.flush()


def open_cases(session: Session, states: Sequence[str]) -> list[OpenCaseRow]:
    """Every case in ``states`` with its still-missing deferred materials; two queries in all."""
    rows = session.execute(
        select(
            Case.id, Case.case_number, Case.applicant_name, Applicant.id_number, Case.applicant_phone,
            Case.matter_code, Case.matter_name, Case.department_name, Case.window, Case.clerk, Case.state,
            Case.deferral_deadline, Case.received_at, Case.reminder_count,
        )
        .join(Applicant, Applicant.id == Case.applicant_id)  # type: ignore[arg-type]
        .where(Case.state.in_(states), Case.deferral_deadline.is_not(None))  # type: ignore[attr-defined, union-attr]
    ).all()
    missing: dict[int, list[str]] = defaultdict(list)
    for case_id, name in session.execute(
        select(CaseMaterial.case_id, CaseMaterial.name)
        .join(Case, Case.id == CaseMaterial.case_id)  # type: ignore[arg-type]
        .where(Case.state.in_(states), CaseMaterial.outcome == "deferred")  # type: ignore[attr-defined]
        .order_by(CaseMaterial.case_id, CaseMaterial.sort_order)
    ):
        missing[case_id].append(name)
    return [
        OpenCaseRow(
            case_id=r[0], number=r[1] or "", applicant_name=r[2], applicant_id=r[3], applicant_phone=r[4],
            matter_code=r[5], matter_name=r[6], department=r[7], window=r[8], clerk=r[9], state=r[10],
            deadline=r[11], received_on=r[12].astimezone().date(), missing=tuple(missing[r[0]]), reminders=r[13],
        )
        for r in rows
    ]
