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


def write_table(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    xlsx: bool,
    sheet: str,
    widths: Sequence[float] = (),
) -> None:
    """One table to ``path``: an Excel sheet named ``sheet`` (``widths`` per column), or CSV in UTF-8
    with a byte-order mark (Excel on a Chinese Windows PC opens it without garbling). Every cell is
    neutralised: a spreadsheet never runs a value as a formula."""
    if xlsx:
        from openpyxl import Workbook  # only when exporting

        book = Workbook()
        table = book.active
        table.title = sheet
        table.append(list(header))
        for row in rows:
            table.append([neutralise(v) for v in row])
        for column, width in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", widths, strict=False):
            table.column_dimensions[column].width = width
        book.save(path)
        return
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([neutralise(v) for v in row] for row in rows)


def export_table(
    uow: UnitOfWork,
    path: Path,
    action: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    sheet: str,
    widths: Sequence[float] = (),
    since: date,
    until: date,
) -> int:
    """Write the table whole to ``path`` (.csv or .xlsx by its suffix; a full disk leaves no ``.part``
    behind), then record who exported how many rows of which period (``action``). Returns the rows."""
    with written_whole(path) as temporary:  # the .part path has no suffix of its own
        write_table(temporary, header, rows, xlsx=path.suffix.lower() == ".xlsx", sheet=sheet, widths=widths)
    with uow:
        audit_repo.record(
            uow.session,
            actor=uow.actor,
            action=action,
            object_type="export",
            object_id=path.suffix.lower(),
            rows=len(rows),
            since=since,
            until=until,
        )
        uow.commit()
    return len(rows)


def export_cases(uow: UnitOfWork, path: Path, *, since: date, until: date) -> int:
    """Write the cases received from ``since`` to ``until`` (inclusive) to a .csv or .xlsx file."""
    check(uow.principal, Permission.EXPORT_CASES)
    if path.suffix.lower() not in FORMATS:
        raise ExportError(f"只能导出为 {'、'.join(FORMATS)} 文件")
    if until < since:
        raise ExportError("结束日期不能早于开始日期")
    widths = (20, 17, 30, 30, 14, 22, 14, 10, 12, 10, 13, 13, 8, 12)
    rows = _rows(uow, since, until)
    return export_table(
        uow, path, "cases.export", HEADER, rows, sheet="办件", widths=widths, since=since, until=until
    )
