"""Exporting the register of cases to CSV or Excel, safe to open anywhere.

Personal data leaves masked (ID ``4401**********1234``, phone ``138****5678``), and every text cell that
a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) is defused
with a leading apostrophe. Each export is recorded in the audit trail (how many rows, which format).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from hallapp.domain.access import Permission, check
from hallapp.domain.identity import mask_id, mask_phone
from hallapp.services.cases import DECISION_LABELS, STATE_LABELS, local
from hallapp.store import audit_repo
from hallapp.store.case_models import Applicant, Case
from hallapp.store.db import UnitOfWork
from hallapp.store.files import written_whole

HEADER = (
    "受理编号/告知书编号",
    "受理时间",
    "事项编码",
    "事项名称",
    "申请人",
    "证件号码",
    "联系电话",
    "代理人",
    "结果",
    "状态",
    "承诺办结日期",
    "补正期限",
    "窗口",
    "窗口人员",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = (".csv", ".xlsx")


class ExportError(ValueError):
    """The export cannot be written as asked (format, dates); nothing was written."""


def neutralise(value: object) -> object:
    """A cell value that no spreadsheet will run as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(uow: UnitOfWork, since: date, until: date) -> list[tuple[object, ...]]:
    start, end = datetime.combine(since, time.min), datetime.combine(until + timedelta(days=1), time.min)
    with uow:
        found = uow.session.execute(
            select(Case, col(Applicant.id_number))
            .join(Applicant, col(Applicant.id) == col(Case.applicant_id))
            .where(col(Case.received_at) >= start, col(Case.received_at) < end)
            .order_by(col(Case.received_at), col(Case.id))
        ).all()
        return [
            (
                case.case_number or case.notice_number or "",
                f"{local(case.received_at):%Y-%m-%d %H:%M}",
                case.matter_code,
                case.matter_name,
                case.applicant_name,
                mask_id(id_number),
                mask_phone(case.applicant_phone) if case.applicant_phone else "",
                case.agent_name,
                DECISION_LABELS.get(case.decision, case.decision),
                STATE_LABELS.get(case.state, case.state),
                f"{case.promised_date:%Y-%m-%d}" if case.promised_date else "",
                f"{case.deferral_deadline:%Y-%m-%d}" if case.deferral_deadline else "",
                case.window,
                case.clerk,
            )
            for case, id_number in found
        ]


def _write_csv(path: Path, rows: Iterable[Sequence[object]]) -> None:
    # UTF-8 with BOM: Excel on a Chinese Windows PC opens it without garbling the characters.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([neutralise(v) for v in row] for row in rows)


def _write_xlsx(path: Path, rows: Iterable[Sequence[object]]) -> None:
    from openpyxl import Workbook  # only when exporting

    book = Workbook()
    sheet = book.active
    sheet.title = "办件"
    sheet.append(HEADER)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    for column, width in zip(
        "ABCDEFGHIJKLMN", (20, 17, 30, 30, 14, 22, 14, 10, 12, 10, 13, 13, 8, 12), strict=True
    ):
        sheet.column_dimensions[column].width = width
    book.save(path)


def export_cases(uow: UnitOfWork, path: Path, *, since: date, until: date) -> int:
    """Write the cases received from ``since`` to ``until`` (inclusive) to a .csv or .xlsx file."""
    check(uow.principal, Permission.EXPORT_CASES)
    if path.suffix.lower() not in FORMATS:
        raise ExportError(f"只能导出为 {'、'.join(FORMATS)} 文件")
    if until < since:
        raise ExportError("结束日期不能早于开始日期")
    rows = _rows(uow, since, until)
    with written_whole(path) as temporary:  # a full disk: no .part left, a plain message
        (_write_xlsx if path.suffix.lower() == ".xlsx" else _write_csv)(temporary, rows)
    with uow:
        audit_repo.record(
            uow.session,
            actor=uow.actor,
            action="cases.export",
            object_type="export",
            object_id=path.suffix.lower(),
            rows=len(rows),
            since=since,
            until=until,
        )
        uow.commit()
    return len(rows)
