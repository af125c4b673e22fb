"""Documents of following a deferred case: supplement receipt, reminders (one batch PDF), extension notice,
termination notice, and the printable case history. Made from what is committed; each print is recorded.

A reminder letter goes to the applicant: the clerk's note on a reminder (how they reached them, what was
said) stays in the hall's records and is never printed on it."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from hallapp.domain.access import Permission, check
from hallapp.printing.model import DeferredLine, DocumentData, DocumentKind, HistoryLine, MaterialLine
from hallapp.services.cases import ACTION_LABELS, local
from hallapp.services.documents import (
    HOW_TO_SUPPLY,
    DocumentError,
    ProducedDocument,
    _write,
    bundle_name,
    document_data,
)
from hallapp.services.output_file import check_output_path, write_output
from hallapp.services.people import display_names
from hallapp.services.settings import CounterSettings
from hallapp.store import audit_chain, audit_repo, case_repo, followup_repo
from hallapp.store.case_models import Applicant, CaseDocument
from hallapp.store.db import UnitOfWork
from hallapp.store.guide_versions import guide_at

FOLLOW_UP_KINDS = (
    DocumentKind.SUPPLEMENT_RECEIPT,
    DocumentKind.REMINDER,
    DocumentKind.EXTENSION_NOTICE,
    DocumentKind.TERMINATION,
    DocumentKind.CASE_HISTORY,
)


def _how(channel: str | None) -> str:
    """How a material came in, for the supplement receipt's 说明 ("现场递交"); the date is beside it."""
    from hallapp.domain.lifecycle import Channel

    try:
        return f"{Channel(channel).label}递交" if channel else ""
    except ValueError:
        return ""


def _data(
    uow: UnitOfWork, number: str, kind: DocumentKind, settings: CounterSettings, note: str, today: date
) -> tuple[int, DocumentData]:
    session = uow.session
    case = case_repo.case_by_number(session, number.strip())
    if case is None:
        raise DocumentError(f"没有编号为「{number}」的办件")
    applicant = session.get(Applicant, case.applicant_id)
    assert applicant is not None
    materials = case_repo.materials_of(session, case.id or 0)
    guide = guide_at(session, case.matter_code, case.guide_version)  # as on the day it was decided
    # The case's own facts as on its original document (receipt, or one-time notice for a refusal).
    data = document_data(
        case,
        materials,
        applicant,
        DocumentKind.RECEIPT if case.case_number else DocumentKind.ONE_TIME_NOTICE,
        settings=settings,
        place=f"{guide.place} {guide.windows}" if guide else "",
        phones="；".join(guide.phones) if guide else "",
        bundle_name=bundle_name(session, case.bundle_code),
    )
    still = tuple(
        DeferredLine(m.name, HOW_TO_SUPPLY, m.deadline or case.deferral_deadline, case.deferral_unverified)  # type: ignore[arg-type]
        for m in materials
        if m.outcome == "deferred"
    )
    if kind is DocumentKind.SUPPLEMENT_RECEIPT:
        arrived = tuple(
            MaterialLine(m.name, "已补交", f"{m.arrived_on:%Y-%m-%d} {_how(m.arrival_channel)}")
            for m in materials
            if m.arrived_on is not None
        )
        data = replace(data, kind=kind, materials=arrived, deferred=still)
    elif kind in (DocumentKind.REMINDER, DocumentKind.TERMINATION):
        if not still:
            raise DocumentError(f"办件 {number} 没有待补交的材料")
        data = replace(data, kind=kind, deferred=still, missing=(), materials=())
        if kind is DocumentKind.REMINDER:
            note = ""  # the applicant's letter: a clerk's note is the hall's, never printed on it
    elif kind is DocumentKind.EXTENSION_NOTICE:
        extensions = followup_repo.extensions_of(session, case.id or 0)
        if not extensions or not still:
            raise DocumentError(f"办件 {number} 没有延期记录或待补交的材料")
        last = extensions[-1]
        data = replace(data, kind=kind, deferred=still, missing=(), materials=(), extended_from=last.previous)
        note = note or last.reason
    else:
        events = audit_repo.events_for(session, "case", number.strip())
        names = display_names(session, (e.actor for e in events))
        history = tuple(
            HistoryLine(local(e.at), names[e.actor], ACTION_LABELS.get(e.action, e.action), "")
            for e in events
        )
        data = replace(
            data,
            kind=kind,
            history=history,
            materials=(),
            deferred=(),
            missing=(),
            completed=False,
            case_number=case.case_number or case.notice_number,
        )
    # The person who does this (reminds, terminates, records the supplement) signs this paper, at their window.
    who = uow.principal
    return case.id or 0, replace(
        data,
        note=note,
        issued_on=today,
        copy=False,
        audit_head=audit_chain.chain_head(session),
        audit_count=audit_chain.chain_state(session).count,
        clerk=who.display_name if who is not None else data.clerk,
        window=settings.window,
    )


def produce_followup_document(
    uow: UnitOfWork,
    number: str,
    kind: DocumentKind,
    *,
    data_dir: Path,
    settings: CounterSettings,
    note: str = "",
    today: date | None = None,
) -> ProducedDocument:
    """Render, archive and record one follow-up document of a committed case."""
    check(uow.principal, Permission.FOLLOW_UP)
    from hallapp.printing.documents import render

    if kind not in FOLLOW_UP_KINDS:
        raise DocumentError(f"{kind.title} 不是跟踪文书")
    today = today or date.today()
    with uow:
        session = uow.session
        case_id, data = _data(uow, number, kind, settings, note, today)
        content = render(data)
        count = sum(1 for d in case_repo.documents_of(session, case_id) if d.kind == kind.name)
        relative = (
            Path("archive")
            / f"{today:%Y}"
            / f"{today:%m}"
            / f"{number.strip()}-{kind.name.lower()}{'-' + str(count + 1) if count else ''}.pdf"
        )
        _write(data_dir / relative, content)
        session.add(
            CaseDocument(
                case_id=case_id,
                kind=kind.name,
                path=relative.as_posix(),
                sha256=hashlib.sha256(content).hexdigest(),
                is_copy=False,
                created_by=uow.actor,
            )
        )
        audit_repo.record(
            session,
            actor=uow.actor,
            action="document.print",
            object_type="case",
            object_id=number.strip(),
            kind=kind.name,
        )
        uow.commit()
    return ProducedDocument(kind, data_dir / relative, False)


def reminder_batch(
    uow: UnitOfWork,
    numbers: Sequence[str],
    *,
    data_dir: Path,
    settings: CounterSettings,
    today: date | None = None,
    out: Path | None = None,
) -> Path:
    """One PDF with the 催补通知 of every case in ``numbers`` (in order), archived and recorded.

    Letters only: a reminder given by phone or SMS has nothing to print. ``out``: also write the PDF
    there, before the print is recorded; if that fails nothing is recorded (``OutputFileError``)."""
    check(uow.principal, Permission.FOLLOW_UP)
    if out is not None:
        out = check_output_path(out)  # a missing folder is said before anything is rendered
    from pypdf import PdfWriter

    from hallapp.printing.documents import render

    if not numbers:
        raise DocumentError("没有选中需要催补的办件")
    today = today or date.today()
    merged = PdfWriter()
    with uow:
        for number in numbers:
            _case_id, data = _data(uow, number, DocumentKind.REMINDER, settings, "", today)
            merged.append(io.BytesIO(render(data)))
        buffer = io.BytesIO()
        merged.write(buffer)
        content = buffer.getvalue()
        stamp = f"{today:%Y%m%d}"
        relative = Path("archive") / f"{today:%Y}" / f"{today:%m}" / f"reminders-{stamp}-{len(numbers)}.pdf"
        _write(data_dir / relative, content)
        for number in numbers:
            audit_repo.record(
                uow.session,
                actor=uow.actor,
                action="document.print",
                object_type="case",
                object_id=number,
                kind=DocumentKind.REMINDER.name,
                batch=relative.name,
            )
        if out is not None:
            write_output(out, content)  # inside the transaction: no file, no record
        uow.commit()
    return data_dir / relative
