"""The window's daily close report (窗口日结报表): the day's cases, and the audit chain's head."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from hallapp.domain.access import Permission, check
from hallapp.printing.model import DocumentData, DocumentKind, HistoryLine
from hallapp.services.cases import DECISION_LABELS, todays_cases
from hallapp.services.documents import ProducedDocument, _write
from hallapp.services.settings import CounterSettings
from hallapp.store import audit_chain, audit_repo
from hallapp.store.db import UnitOfWork


def daily_close(uow: UnitOfWork, *, day: date, settings: CounterSettings, data_dir: Path) -> ProducedDocument:
    """Print and archive the day's report of this window; its audit head lets tomorrow's check see any
    rewrite or truncation of today's trail. Recorded in the trail itself."""
    check(uow.principal, Permission.INTAKE)
    from hallapp.printing.documents import render

    rows = list(reversed(todays_cases(uow, window=settings.window, day=day)))
    counts = Counter(row.decision for row in rows)
    totals = "，".join(
        f"{DECISION_LABELS[k]} {counts[k]}" for k in ("accepted", "deferred", "refused") if counts[k]
    )
    with uow:
        seal = audit_chain.chain_state(uow.session)
        head = seal.head
        data = DocumentData(
            kind=DocumentKind.DAILY_CLOSE,
            case_number=f"RJ-{day:%Y%m%d}-{settings.window}",
            hall_name=settings.hall_name,
            matter_name="窗口日结",
            matter_code="",
            department="",
            applicant_name="",
            applicant_id_masked="",
            phone_masked="",
            received_at=datetime.combine(day, datetime.min.time()),
            window=settings.window,
            clerk=uow.principal.display_name if uow.principal is not None else settings.clerk,  # 制表人
            issued_on=day,
            audit_head=head,
            audit_count=seal.count,
            paper=settings.paper,  # type: ignore[arg-type]
            history=tuple(
                HistoryLine(
                    row.received_at,
                    row.number,
                    row.decision_label,
                    f"{row.matter_name} / {row.applicant_name} / 经办：{row.clerk}",
                )
                for row in rows
            ),
            note=f"合计 {len(rows)} 件" + (f"：{totals}" if totals else ""),
        )
        content = render(data)
        folder = Path("archive") / f"{day:%Y}" / f"{day:%m}"
        stem = f"daily-close-{day:%Y%m%d}-{settings.window}"
        taken = (
            sum(1 for _p in (data_dir / folder).glob(f"{stem}*.pdf")) if (data_dir / folder).is_dir() else 0
        )
        relative = folder / (
            f"{stem}.pdf" if not taken else f"{stem}-{taken + 1}.pdf"
        )  # never over an earlier one
        _write(data_dir / relative, content)
        audit_repo.record(
            uow.session,
            actor=uow.actor,
            action="report.daily_close",
            object_type="report",
            object_id=data.case_number or "",
            cases=len(rows),
            head=head,
            sha256=hashlib.sha256(content).hexdigest(),
        )
        uow.commit()
    return ProducedDocument(DocumentKind.DAILY_CLOSE, data_dir / relative, False)
