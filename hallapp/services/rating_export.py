"""The export of the service ratings (好差评) in the national data items, as CSV or Excel.

One row per rated (or skipped) service of a period: case number (projectno), matter code and name
(taskcode, taskname; a bundle's own code and name), the departments' codes (deptcode: each department's
unified social credit code from the catalogue, ``credit_code``; a department the catalogue gives none
keeps its short catalogue key, e.g. ``rsj``, so the row is never without one), satisfaction 1–5 (empty
when not rated: the national item is a number, and the items have no label column for a 未评价 word;
``channel`` and an empty ``alternate`` tell a skipped service), indicator codes, the written comment, the channel (the hall's terminal), the rating time, the
clerk (handleusername), the rectification and the answer. ID and mobile numbers written into the free
text are masked, as the register's exports mask them. A supervisor's (``EXPORT_CASES``); audited as
``rating.export`` with the number of rows, never their content.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from hallapp.domain.access import Permission, check
from hallapp.domain.identity import mask_embedded_ids, mask_phone
from hallapp.domain.rating import Rating, StepKind
from hallapp.services.export import ExportError, export_table
from hallapp.services.rating import period_bounds
from hallapp.store import rating_repo
from hallapp.store.case_models import Case
from hallapp.store.db import UnitOfWork
from hallapp.store.models import Bundle, Department, Matter
from hallapp.store.rating_models import RatingRecord

HALL_TERMINAL = "政务服务大厅评价终端"
EXPORT_HEADER = (
    "projectno",
    "taskcode",
    "taskname",
    "deptcode",
    "satisfaction",
    "alternate",  # the indicator codes
    "writingevaluation",
    "channel",
    "assesstime",
    "handleusername",
    "rectification",
    "answer",
)
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def masked_text(text: str) -> str:
    """Free text with ID numbers and mobile numbers masked (as the register's exports mask them)."""
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), mask_embedded_ids(text))


def _export_rows(session: Session, found: list[tuple[RatingRecord, Rating]]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for _record, rated in found:
        cases = session.execute(
            select(Case, col(Department.credit_code), col(Department.code))
            .join(Matter, col(Matter.id) == col(Case.matter_id))
            .join(Department, col(Department.id) == col(Matter.department_id))
            .where(
                (col(Case.bundle_ref) == rated.service_number)
                if rated.is_bundle
                else (col(Case.case_number) == rated.service_number)
                | (col(Case.notice_number) == rated.service_number)
            )
            .order_by(col(Case.id))
        ).all()
        first = cases[0][0] if cases else None
        departments = ";".join(dict.fromkeys(credit or code for _case, credit, code in cases))
        task_code, task_name = (first.matter_code, first.matter_name) if first else ("", "")
        if rated.is_bundle and first is not None and first.bundle_code:
            bundle = session.execute(
                select(Bundle).where(col(Bundle.code) == first.bundle_code)
            ).scalar_one_or_none()
            task_code, task_name = first.bundle_code, bundle.name if bundle else first.bundle_code
        followup = rated.followup
        rectified = followup.step(StepKind.RECTIFY) if followup else None
        verified = followup.step(StepKind.VERIFY) if followup else None
        answered = followup.step(StepKind.ANSWER) if followup else None
        rectification = rectified.text if rectified else ""
        if verified is not None and not verified.founded:
            rectification = f"经核实不属实：{verified.text}"
        rows.append(
            (
                rated.service_number,
                task_code,
                task_name,
                departments,
                int(rated.level) if rated.level is not None else "",
                ";".join(i.value for i in rated.indicators),
                masked_text(rated.comment),
                f"{HALL_TERMINAL}（{rated.channel.label}）",
                rated.rated_at.strftime("%Y-%m-%d %H:%M:%S"),
                rated.clerk,
                masked_text(rectification),
                masked_text(answered.text) if answered else "",
            )
        )
    return rows


def export_ratings(uow: UnitOfWork, path: Path, *, since: date, until: date) -> int:
    """Write the ratings given from ``since`` to ``until`` (inclusive) to a .csv or .xlsx file in the
    national data items; a skipped rating has an empty satisfaction. Returns how many rows."""
    check(uow.principal, Permission.EXPORT_CASES)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise ExportError("只能导出为 .csv、.xlsx 文件")
    start, end = period_bounds(since, until)
    with uow:
        session = uow.session
        rows = _export_rows(session, rating_repo.rated_between(session, start, end))
    return export_table(
        uow, path, "rating.export", EXPORT_HEADER, rows, sheet="好差评", since=since, until=until
    )
