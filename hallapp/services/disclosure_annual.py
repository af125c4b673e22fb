"""The annual table of disclosure requests (收到和处理政府信息公开申请情况) from the register.

The counting is ``domain.disclosure_report``'s and the files ``services.disclosure_report``'s; this reads
the register's columns (who asked, when received, when and how answered) for the year and hands them on.
Whoever handles disclosure requests may make it: the table holds counts, no personal data.
"""

from __future__ import annotations

from pathlib import Path

from hallapp.domain.access import Permission, check
from hallapp.domain.disclosure import Reply, RequesterKind
from hallapp.domain.disclosure_report import AnnualTable, ReportRecord, annual_table
from hallapp.store import disclosure_repo
from hallapp.store.db import UnitOfWork


def report_records(uow: UnitOfWork, year: int) -> list[ReportRecord]:
    """The requests the table of ``year`` counts, as the report reads them."""
    with uow:
        return [
            ReportRecord(
                requester_kind=RequesterKind(r.requester_kind),
                received_on=r.received_on,
                issued_on=r.issued_on,
                reply=Reply(r.reply) if r.reply and r.issued_on is not None else None,
                number=r.number,
            )
            for r in disclosure_repo.report_records(uow.session, year)
        ]


def annual_report(uow: UnitOfWork, year: int) -> AnnualTable:
    """The table of ``year`` computed from the register."""
    check(uow.principal, Permission.DISCLOSURE)
    return annual_table(report_records(uow, year), year)


def export_report(uow: UnitOfWork, year: int, out: Path, *, office: str) -> Path:
    """The table of ``year`` written to ``out`` (.xlsx or .pdf, by its suffix); the path written."""
    from hallapp.services.disclosure_report import write_report

    table = annual_report(uow, year)
    return write_report(table, Path(out), office=office)
