"""What the disclosure board (依申请公开台账), the archive search and the detail view show.

Rows are computed with the hall's working-day calendar: the reply deadline (extended, clock-paused), the
working days left, overdue only against that deadline, and what a waiting request waits for until when.
Nothing here shows an ID or a phone unmasked; a description that holds an ID number shows it masked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta

from sqlmodel import Session

from hallapp.domain.access import Permission, check
from hallapp.domain.disclosure import DisclosureState, PauseKind
from hallapp.domain.disclosure_request import DisclosureRequest
from hallapp.domain.identity import mask_embedded_ids, mask_id, mask_phone, normalise_id
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.printing.disclosure_model import DisclosureDocKind
from hallapp.services.cases import local
from hallapp.services.disclosure import OBJECT, calendar_of
from hallapp.services.disclosure_inputs import (
    DisclosureDocumentLine,
    DisclosureEventLine,
    DisclosureRow,
    DisclosureView,
)
from hallapp.services.people import display_names
from hallapp.store import audit_repo, disclosure_repo
from hallapp.store.db import UnitOfWork
from hallapp.store.disclosure_models import DisclosureRecord

RECENT_DAYS = 30
"""The board shows a request answered within this many days after the open ones."""

ACTION_LABELS = {
    "disclosure.register": "登记",
    "disclosure.correction_ask": "补正告知",
    "disclosure.correction_receive": "收到补正",
    "disclosure.consult_start": "征求意见",
    "disclosure.consult_end": "收到意见",
    "disclosure.fee_notify": "收费通知",
    "disclosure.fee_paid": "缴费",
    "disclosure.extend": "延期答复",
    "disclosure.reply_draft": "拟定答复",
    "disclosure.reply_return": "退回答复",
    "disclosure.reply_approve": "审核通过并答复",
    "disclosure.archive": "归档",
    "disclosure.print": "打印文书",
}


def _md(day: date) -> str:
    return f"{day:%m-%d}"


def _waiting(request: DisclosureRequest, calendar: WorkdayCalendar) -> date | None:
    """Until when a waiting request waits: the correction's, the third party's or the payment's period."""
    if request.state is DisclosureState.AWAITING_CORRECTION and request.correction is not None:
        return request.correction.due
    if request.state is DisclosureState.AWAITING_FEE and request.fee is not None:
        return request.fee.due
    pause = request.open_pause
    if request.state is DisclosureState.CONSULTING and pause is not None:
        due = pause.due(calendar)
        return None if due is None else due.date
    return None


def _status(request: DisclosureRequest, overdue: bool, waiting: date | None, today: date) -> str:
    state = request.state
    if state is DisclosureState.AWAITING_CORRECTION:
        assert waiting is not None
        return (
            f"待补正（{_md(waiting)} 期满）"
            if request.correction_lapsed(today)
            else f"待补正（至 {_md(waiting)}）"
        )
    if state is DisclosureState.AWAITING_FEE:
        assert waiting is not None
        return (
            f"待缴费（{_md(waiting)} 期满）" if request.fee_lapsed(today) else f"待缴费（至 {_md(waiting)}）"
        )
    if state is DisclosureState.CONSULTING:
        pause = request.open_pause
        label = pause.kind.label if pause is not None else PauseKind.THIRD_PARTY.label
        return f"{label}（至 {_md(waiting)}）" if waiting is not None else label
    if overdue:
        return "逾期" if state is DisclosureState.REGISTERED else f"{state.label}（逾期）"
    if state is DisclosureState.REGISTERED and request.returned_note:
        return "答复已退回"
    return state.label


def first_line(text: str) -> str:
    """The first line of a text, with any ID number in it masked."""
    return mask_embedded_ids(text.strip().split("\n", 1)[0])


def row_of(
    request: DisclosureRequest, calendar: WorkdayCalendar, today: date, clerks: dict[str, str]
) -> DisclosureRow:
    deadline = request.deadline(calendar, today)
    overdue = request.is_overdue(calendar, today)
    waiting = _waiting(request, calendar)
    left = request.working_days_left(calendar, today) if request.is_open else None
    if overdue and left is not None:
        left = min(left, -1)  # past the deadline on a day off: still overdue
    return DisclosureRow(
        number=request.number,
        applicant=request.requester.name,
        requester_label=request.requester.kind.label,
        description=first_line(request.description),
        channel_label=request.channel.label,
        received_on=request.received_on,
        state=request.state,
        status_label=_status(request, overdue, waiting, today),
        deadline=deadline.date if deadline is not None else None,
        days_left=left,
        overdue=overdue,
        waiting_until=waiting,
        clerk=clerks.get(request.registered_by, request.registered_by),
    )


def _rows(session: Session, records: Iterable[DisclosureRecord], today: date) -> list[DisclosureRow]:
    requests = [disclosure_repo.request_of(r) for r in records]
    calendar = calendar_of(session)
    clerks = display_names(session, {r.registered_by for r in requests})
    return [row_of(r, calendar, today, clerks) for r in requests]


def _urgency(row: DisclosureRow) -> tuple[int, int, date, str]:
    if row.state.is_open:
        when = row.deadline or row.waiting_until or date.max
        return (0, 0 if row.overdue else 1, when, row.number)
    return (1, 0, date.max, row.number)


def board(uow: UnitOfWork, *, today: date | None = None) -> list[DisclosureRow]:
    """Open requests, most urgent first (overdue, then by deadline or the end of the wait), then the
    requests answered in the last 30 days, newest first."""
    check(uow.principal, Permission.DISCLOSURE)
    today = today or date.today()
    with uow:
        session = uow.session
        records = disclosure_repo.board_records(session, closed_since=today - timedelta(days=RECENT_DAYS))
        rows = _rows(session, records, today)
        issued = {r.number: r.issued_on for r in records}
    open_rows = sorted((r for r in rows if r.state.is_open), key=_urgency)
    closed = [r for r in rows if not r.state.is_open]
    closed.sort(key=lambda r: (issued[r.number] or date.min, r.number), reverse=True)
    return open_rows + closed


def find(
    uow: UnitOfWork, text: str = "", *, year: int | None = None, today: date | None = None
) -> list[DisclosureRow]:
    """The archive: every request (open, answered, archived) whose number, applicant or description
    holds ``text`` — or whose applicant has that full ID number or credit code — newest first."""
    check(uow.principal, Permission.DISCLOSURE)
    needle = text.strip()
    full = normalise_id(needle)
    with uow:
        session = uow.session
        records = disclosure_repo.search(
            session, needle, year=year, id_number=full if len(full) == 18 else ""
        )
        return _rows(session, records, today or date.today())


def next_steps(request: DisclosureRequest, calendar: WorkdayCalendar, today: date) -> tuple[str, ...]:
    """What may be done now, in words."""
    state = request.state
    steps: list[str] = []
    if state is DisclosureState.REGISTERED:
        if request.correction is None:
            last = request.correction_notice_due(calendar)
            if today <= last:
                steps.append(f"如申请内容不明确，可在 {last} 前一次性告知补正")
        steps.append("可征求第三方或其他机关意见")
        if request.fee is None:
            steps.append("可发出收费通知")
        if request.extension is None:
            steps.append("可申请延期答复（须负责人审批）")
        steps.append("拟定答复，提交负责人审核")
    elif state is DisclosureState.AWAITING_CORRECTION:
        steps.append("收到补正后登记，答复期限自收到补正之日起重新计算")
        if request.correction_lapsed(today):
            steps.append("补正期限已满：可按“逾期未补正”拟定答复")
    elif state is DisclosureState.CONSULTING:
        steps.append("收到意见（或期满未提出意见）后记录结果")
        if request.extension is None:
            steps.append("可申请延期答复（须负责人审批）")
    elif state is DisclosureState.AWAITING_FEE:
        steps.append("申请人缴费后登记缴费")
        if request.fee_lapsed(today):
            steps.append("缴费期限已满：可按“逾期未缴费”拟定答复")
    elif state is DisclosureState.REPLY_PENDING:
        steps.append("等待负责人审核答复：审核通过即作出答复，或退回修改")
    elif state is DisclosureState.REPLIED:
        steps.append("打印答复书送达申请人，然后归档")
    return tuple(steps)


def document_title(request: DisclosureRequest, kind: DisclosureDocKind) -> str:
    if kind is DisclosureDocKind.REPLY and request.reply is not None:
        return request.reply.reply.document_title
    if kind is DisclosureDocKind.CONSULTATION:
        pause = next((p for p in reversed(request.pauses) if p.kind is not PauseKind.FEE), None)
        if pause is not None and pause.kind is PauseKind.OTHER_OFFICE:
            return "政府信息公开征求意见函"
    return kind.default_title


def view(uow: UnitOfWork, number: str, *, today: date | None = None) -> DisclosureView | None:
    """One request with its history and documents, as the detail view shows it (None: no such number)."""
    check(uow.principal, Permission.DISCLOSURE)
    today = today or date.today()
    with uow:
        session = uow.session
        record = disclosure_repo.by_number(session, number)
        if record is None:
            return None
        request = disclosure_repo.request_of(record)
        calendar = calendar_of(session)
        events = audit_repo.events_for(session, OBJECT, request.number)
        documents = disclosure_repo.documents_of(session, record.id or 0)
        names = display_names(session, {request.registered_by, *(e.actor for e in events)})
        lines = []
        for event in events:
            detail = json.loads(event.detail or "{}")
            words = detail.get("note", "")
            if event.action == "disclosure.print":
                words = DisclosureDocKind[detail["kind"]].default_title + (
                    "（副本）" if detail.get("copy") else ""
                )
            lines.append(
                DisclosureEventLine(
                    local(event.at),
                    names.get(event.actor, event.actor),
                    ACTION_LABELS.get(event.action, event.action),
                    mask_embedded_ids(str(words)),
                )
            )
        row = row_of(request, calendar, today, names)
        phone = request.requester.phone
        return DisclosureView(
            request=request,
            row=row,
            id_masked=mask_id(request.requester.id_number) if request.requester.id_number else "",
            phone_masked=mask_phone(phone) if phone else "",
            events=tuple(lines),
            documents=tuple(
                DisclosureDocumentLine(
                    d.kind,
                    document_title(request, DisclosureDocKind[d.kind]),
                    d.path,
                    local(d.created_at),
                    d.is_copy,
                )
                for d in documents
            ),
            next_steps=next_steps(request, calendar, today),
        )
