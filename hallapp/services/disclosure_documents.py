"""The documents of a disclosure request: what each prints (a ``DisclosureLetter``, IDs, phones and
e-mail masked), rendered by ``printing.disclosure_render``, archived as PDF under the data folder and
recorded (``disclosure_document`` and a ``disclosure.print`` event) in one unit of work.

Each letter is dated by its own step (the receipt by the registration, the correction notice by the day it
was asked, the reply by the day it was issued), so a reprint says what the original said, marked 副本.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from hallapp.domain.access import Permission, Principal, check
from hallapp.domain.disclosure import RIGHTS, PauseKind
from hallapp.domain.disclosure_fees import basis_words
from hallapp.domain.disclosure_request import DisclosureRequest
from hallapp.domain.identity import mask_email, mask_embedded_ids, mask_id, mask_phone
from hallapp.domain.workdays import Deadline, WorkdayCalendar
from hallapp.printing.disclosure_model import DisclosureDocKind, DisclosureLetter
from hallapp.services.cases import local
from hallapp.services.disclosure import OBJECT, DisclosureError, calendar_of, load
from hallapp.services.disclosure_views import document_title
from hallapp.services.people import display_names
from hallapp.services.settings import CounterSettings
from hallapp.store import audit_chain, audit_repo, disclosure_repo
from hallapp.store.db import UnitOfWork
from hallapp.store.disclosure_models import DisclosureRecord

_SUFFIX = {
    DisclosureDocKind.RECEIPT: "回执",
    DisclosureDocKind.CORRECTION: "补正",
    DisclosureDocKind.EXTENSION: "延期",
    DisclosureDocKind.CONSULTATION: "征求意见",
    DisclosureDocKind.FEE: "收费",
    DisclosureDocKind.REPLY: "答复",
}
_NUMBER = re.compile(r"(\d{4})GK(\d+)$")


@dataclass(frozen=True)
class ProducedDisclosureDocument:
    kind: DisclosureDocKind
    path: Path  # the archived PDF
    is_copy: bool


def letter_number(number: str, kind: DisclosureDocKind) -> str:
    """This document's own number, e.g. 依申请公开〔2026〕第0012号-补正."""
    found = _NUMBER.search(number)
    base = f"依申请公开〔{found.group(1)}〕第{int(found.group(2)):04d}号" if found else number
    return f"{base}-{_SUFFIX[kind]}"


def _note(deadline: Deadline | None) -> str:
    if deadline is None or deadline.verified:
        return ""
    years = "、".join(str(y) for y in deadline.unverified_years)
    return f"{years}年节假日安排尚未公布，期限按周一至周五工作日暂定，以公布后的安排为准"


def letter(
    request: DisclosureRequest,
    kind: DisclosureDocKind,
    *,
    calendar: WorkdayCalendar,
    settings: CounterSettings,
    clerk: str,
    registered_on: date,
    names: dict[str, str],
    today: date,
    copy: bool = False,
    audit_head: str = "",
    audit_count: int = 0,
) -> DisclosureLetter:
    """What the ``kind`` document of ``request`` prints; ``DisclosureError`` when the request has no
    such step yet (no correction asked, no extension, no consultation, no fee, no reply issued)."""
    r = request.requester
    issued_on = registered_on
    fields: dict[str, Any] = {}  # what this kind adds to the request's own facts
    recipient = r.name
    if kind is DisclosureDocKind.RECEIPT:
        deadline = request.deadline(calendar, registered_on)
        fields = {"deadline": deadline.date if deadline else None, "deadline_note": _note(deadline)}
    elif kind is DisclosureDocKind.CORRECTION:
        c = request.correction
        if c is None:
            raise DisclosureError(f"申请 {request.number} 未告知补正，没有补正告知书")
        issued_on = c.asked_on
        fields = {"correction_items": c.items, "correction_due": c.due}
    elif kind is DisclosureDocKind.EXTENSION:
        e = request.extension
        if e is None:
            raise DisclosureError(f"申请 {request.number} 未延期，没有延期答复告知书")
        issued_on = e.on
        deadline = request.deadline(calendar, today)
        original = request.original_deadline(calendar, today)
        fields = {
            "extension_days": e.days,
            "extension_reason": e.reason,
            "deadline": deadline.date if deadline else None,
            "original_deadline": original.date if original else None,
            "deadline_note": _note(deadline),
            "approved_by": names.get(e.approved_by, e.approved_by),
        }
    elif kind is DisclosureDocKind.CONSULTATION:
        pause = next((p for p in reversed(request.pauses) if p.kind is not PauseKind.FEE), None)
        if pause is None:
            raise DisclosureError(f"申请 {request.number} 未征求意见，没有征求意见书")
        issued_on = pause.started_on
        recipient = pause.party
        due = pause.due(calendar)
        fields = {"consulted_party": pause.party, "consultation_due": due.date if due else None}
    elif kind is DisclosureDocKind.FEE:
        f = request.fee
        if f is None:
            raise DisclosureError(f"申请 {request.number} 未发出收费通知，没有收费通知书")
        issued_on = f.notified_on
        fields = {"fee_amount": f.amount, "fee_basis": basis_words(f.mode, f.basis), "fee_due": f.due}
    else:
        d = request.reply
        if d is None or d.issued_on is None:
            raise DisclosureError(f"申请 {request.number} 尚未作出答复（答复须经负责人审核），没有答复书")
        issued_on = d.issued_on
        fields = {
            "reply_label": d.reply.label,
            "reply_text": d.text,
            "reply_ground": d.reply.ground,
            "right_office": d.right_office if d.reply.names_office else "",
            "rights": RIGHTS,
            "approved_by": names.get(d.approved_by, d.approved_by),
        }
    base = DisclosureLetter(
        kind=kind,
        title=document_title(request, kind),
        office=settings.hall_name,
        number=request.number,
        letter_number=letter_number(request.number, kind),
        issued_on=issued_on,
        recipient=recipient,
        applicant_name=r.name,
        applicant_kind=r.kind.label,
        applicant_id_masked=mask_id(r.id_number) if r.id_number else "",
        contact_person=r.contact_person,
        phone_masked=mask_phone(r.phone) if r.phone else "",
        address=r.address,
        email_masked=mask_email(r.email) if r.email else "",
        channel=request.channel.label,
        received_on=request.received_on,
        description=mask_embedded_ids(request.description),
        document_number=request.document_number,
        purpose=mask_embedded_ids(request.purpose),
        forms="、".join(form.label for form in request.forms),
        delivery=request.delivery.label,
        window=settings.window,
        clerk=clerk,
        audit_head=audit_head,
        audit_count=audit_count,
        place=settings.hall_address,
        phones=settings.hall_phone,
        copy=copy,
    )
    return replace(base, **fields)


def _registered_on(record: DisclosureRecord) -> date:
    return local(record.registered_at).date()


def build_letter(
    uow: UnitOfWork,
    number: str,
    kind: DisclosureDocKind,
    *,
    settings: CounterSettings,
    copy: bool = False,
    today: date | None = None,
) -> DisclosureLetter:
    """The letter as it would print now, without printing or recording anything (a preview)."""
    principal = check(uow.principal, Permission.DISCLOSURE)
    with uow:
        return _letter(uow, number, kind, principal, settings, copy, today or date.today())[1]


def _letter(
    uow: UnitOfWork,
    number: str,
    kind: DisclosureDocKind,
    principal: Principal,
    settings: CounterSettings,
    copy: bool,
    today: date,
) -> tuple[DisclosureRecord, DisclosureLetter]:
    session = uow.session
    record, request = load(session, number)
    extension = request.extension
    reply = request.reply
    names = display_names(
        session,
        {
            extension.approved_by if extension else "",
            reply.approved_by if reply else "",
        },
    )
    made = letter(
        request,
        kind,
        calendar=calendar_of(session),
        settings=settings,
        clerk=principal.display_name,
        registered_on=_registered_on(record),
        names=names,
        today=today,
        copy=copy,
        audit_head=audit_chain.chain_head(session),
        audit_count=audit_chain.chain_state(session).count,
    )
    return record, made


def produce(
    uow: UnitOfWork,
    number: str,
    kind: DisclosureDocKind,
    *,
    data_dir: Path,
    settings: CounterSettings,
    copy: bool = False,
    today: date | None = None,
) -> ProducedDisclosureDocument:
    """Render, archive and record one document of a request (``copy``: a reprint, marked 副本)."""
    principal = check(uow.principal, Permission.DISCLOSURE)
    from hallapp.printing.disclosure_render import render_disclosure
    from hallapp.store.files import write_bytes_whole

    today = today or date.today()
    with uow:
        session = uow.session
        record, made = _letter(uow, number, kind, principal, settings, copy, today)
        content = render_disclosure(made)
        count = sum(1 for d in disclosure_repo.documents_of(session, record.id or 0) if d.kind == kind.name)
        relative = (
            Path("archive")
            / f"{today:%Y}"
            / f"{today:%m}"
            / f"{record.number}-{kind.value}{'-' + str(count + 1) if count else ''}.pdf"
        )
        write_bytes_whole(data_dir / relative, content)
        disclosure_repo.add_document(
            session,
            record.id or 0,
            kind=kind.name,
            path=relative.as_posix(),
            sha256=hashlib.sha256(content).hexdigest(),
            is_copy=copy,
            created_by=principal.username,
        )
        audit_repo.record(
            session,
            actor=principal.username,
            action="disclosure.print",
            object_type=OBJECT,
            object_id=record.number,
            kind=kind.name,
            copy=copy,
            path=relative.as_posix(),
        )
        uow.commit()
    return ProducedDisclosureDocument(kind, data_dir / relative, copy)
