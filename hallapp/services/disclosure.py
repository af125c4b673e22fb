"""Disclosure on request (依申请公开): registering a request and every step until it is archived.

The rules are the domain's (``domain.disclosure_request``). Each use case checks the signed-in person's
permission first, then in one unit of work loads the request, lets the domain decide, stores the new
state and records an audit event carrying it (object ``disclosure``, the registration number) — or
refuses with the domain's reason and changes nothing. Nothing is ever deleted.

An extension (延期) and the reply (答复) need a supervisor: the reply is approved by one other than its
drafter, and issued by that approval; an extension is approved by the supervisor signed in, or, at a
clerk's counter, by a supervisor who confirms it with their own password (the session checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from hallapp.domain.access import Permission, Principal, check, require
from hallapp.domain.disclosure import DEFAULT_CORRECTION_PERIOD, PauseKind, Reply
from hallapp.domain.disclosure_fees import FeeMode, fee
from hallapp.domain.disclosure_request import DisclosureRequest
from hallapp.domain.errors import UserError
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services.disclosure_form import (
    PARTY_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    DisclosureInputError,
    correction_items,
    form_problems,
    multi_line,
    one_line,
)
from hallapp.services.disclosure_inputs import DisclosureForm
from hallapp.store import audit_repo, calendar_repo, disclosure_codec, disclosure_repo
from hallapp.store.db import UnitOfWork
from hallapp.store.disclosure_models import DisclosureRecord
from hallapp.store.numbering import format_number, next_number

OBJECT = "disclosure"


class DisclosureError(UserError, LookupError):
    """No such disclosure request."""


def calendar_of(session: Session) -> WorkdayCalendar:
    """The working-day calendar as the database holds it, read in the caller's transaction."""
    days = calendar_repo.all_days(session)
    return WorkdayCalendar(
        holidays=(day for day, kind in days if kind == "holiday"),
        adjusted_workdays=(day for day, kind in days if kind == "workday"),
        known_years=calendar_repo.year_numbers(session),
    )


def load(session: Session, number: str) -> tuple[DisclosureRecord, DisclosureRequest]:
    record = disclosure_repo.by_number(session, number)
    if record is None:
        raise DisclosureError(f"没有登记编号为「{number.strip()}」的政府信息公开申请")
    return record, disclosure_repo.request_of(record)


def series(prefix: str, year: int) -> str:
    """The numbering series of a hall's disclosure requests of one year."""
    return f"disclosure:{prefix}{year}"


def _record(session: Session, actor: str, action: str, request: DisclosureRequest, **detail: Any) -> None:
    audit_repo.record(
        session,
        actor=actor,
        action=action,
        object_type=OBJECT,
        object_id=request.number,
        request=disclosure_codec.encode(request),
        **detail,
    )


def register_request(
    uow: UnitOfWork,
    form: DisclosureForm,
    *,
    prefix: str,
    today: date | None = None,
    now: datetime | None = None,
) -> DisclosureRequest:
    """Register a request (登记): checked as typed and by the domain's rules, then numbered and stored.

    ``prefix`` is the hall's number prefix (PSZW): the request is numbered like PSZW2026GK00012 in the
    year it is registered. A refused request uses no number."""
    actor = check(uow.principal, Permission.DISCLOSURE).username
    today = today or date.today()
    problems, requester, stored = form_problems(form, today=today)
    if problems:
        raise DisclosureInputError(problems)

    def make(number: str) -> DisclosureRequest:
        return DisclosureRequest.register(
            number=number,
            channel=stored.channel,
            arrived_on=stored.arrived_on,
            confirmed_on=stored.confirmed_on,
            requester=requester,
            description=stored.description,
            registered_by=actor,
            today=today,
            document_number=stored.document_number,
            purpose=stored.purpose,
            forms=stored.forms,
            delivery=stored.delivery,
        )

    make("")  # the domain's refusal comes before a number is drawn
    with uow:
        session = uow.session
        name = series(prefix, today.year)
        request = make(format_number(name, next_number(session, name)))
        # registered at this moment of ``today`` (the day the caller acts on: the receipt is dated by it)
        moment = now or datetime.combine(today, datetime.now().time())
        disclosure_repo.add(session, request, now=moment)
        _record(session, actor, "disclosure.register", request, note=request.channel.label)
        uow.commit()
    return request


def _change(
    uow: UnitOfWork,
    number: str,
    permission: Permission,
    action: str,
    change: Callable[[DisclosureRequest, WorkdayCalendar, Principal], DisclosureRequest],
    **detail: Any,
) -> DisclosureRequest:
    """Load, let the domain change, store and audit, in one unit of work."""
    principal = check(uow.principal, permission)
    with uow:
        session = uow.session
        record, before = load(session, number)
        after = change(before, calendar_of(session), principal)
        disclosure_repo.save(session, record, after)
        _record(session, principal.username, action, after, **detail)
        uow.commit()
    return after


def ask_correction(
    uow: UnitOfWork,
    number: str,
    items: Sequence[str],
    *,
    period_days: int = DEFAULT_CORRECTION_PERIOD,
    on: date | None = None,
    today: date | None = None,
) -> DisclosureRequest:
    """Ask once for a correction (补正告知), every item listed, within 7 working days of receipt."""
    check(uow.principal, Permission.DISCLOSURE)
    today = today or date.today()
    wanted = correction_items(items)
    return _change(
        uow,
        number,
        Permission.DISCLOSURE,
        "disclosure.correction_ask",
        lambda r, cal, _p: r.ask_correction(wanted, period_days, on=on or today, calendar=cal, today=today),
        note=f"补正事项 {len([i for i in wanted if i])} 项，期限 {period_days} 个工作日",
    )


def receive_correction(
    uow: UnitOfWork, number: str, *, on: date | None = None, today: date | None = None
) -> DisclosureRequest:
    """The corrected request arrived: the reply clock restarts from that day."""
    today = today or date.today()
    return _change(
        uow,
        number,
        Permission.DISCLOSURE,
        "disclosure.correction_receive",
        lambda r, _cal, _p: r.receive_correction(on=on or today, today=today),
    )


def start_consultation(
    uow: UnitOfWork,
    number: str,
    kind: PauseKind,
    party: str,
    *,
    on: date | None = None,
    today: date | None = None,
) -> DisclosureRequest:
    """Consult a third party or another office (征求意见): the clock pauses."""
    check(uow.principal, Permission.DISCLOSURE)
    today = today or date.today()
    who = one_line("征求意见的对象", party, max_length=PARTY_MAX_LENGTH)
    return _change(
        uow,
        number,
        Permission.DISCLOSURE,
        "disclosure.consult_start",
        lambda r, _cal, _p: r.start_consultation(kind, who, on=on or today, today=today),
        note=kind.label,
    )


def end_consultation(
    uow: UnitOfWork, number: str, answer: str, *, on: date | None = None, today: date | None = None
) -> DisclosureRequest:
    """The opinion came back (or its period ended): the clock runs again."""
    check(uow.principal, Permission.DISCLOSURE)
    today = today or date.today()
    said = multi_line("意见", answer, max_length=REASON_MAX_LENGTH)
    return _change(
        uow,
        number,
        Permission.DISCLOSURE,
        "disclosure.consult_end",
        lambda r, _cal, _p: r.end_consultation(said, on=on or today, today=today),
    )


def _basis(session: Session, record: DisclosureRecord, mode: FeeMode, pages: int) -> tuple[int, int]:
    if mode is FeeMode.BY_COUNT:
        basis = disclosure_repo.month_position(session, record)
    else:
        basis = pages
    return basis, fee(mode, basis)


def fee_quote(uow: UnitOfWork, number: str, mode: FeeMode, pages: int = 0) -> tuple[int, int]:
    """(basis, amount in 元): by count the basis is this applicant's n-th request received in that
    calendar month, counted from the register; by pages, the pages."""
    check(uow.principal, Permission.DISCLOSURE)
    with uow:
        record, _request = load(uow.session, number)
        return _basis(uow.session, record, mode, pages)


def notify_fee(
    uow: UnitOfWork,
    number: str,
    mode: FeeMode,
    pages: int = 0,
    *,
    on: date | None = None,
    today: date | None = None,
) -> DisclosureRequest:
    """Send a fee notice (收费通知) at the fee the rules give: the clock pauses until the payment."""
    principal = check(uow.principal, Permission.DISCLOSURE)
    today = today or date.today()
    with uow:
        session = uow.session
        record, before = load(session, number)
        basis, amount = _basis(session, record, mode, pages)
        after = before.notify_fee(
            mode, basis, amount, on=on or today, calendar=calendar_of(session), today=today
        )
        disclosure_repo.save(session, record, after)
        _record(session, principal.username, "disclosure.fee_notify", after, note=f"{mode.label} {amount} 元")
        uow.commit()
    return after


def record_payment(
    uow: UnitOfWork, number: str, *, on: date | None = None, today: date | None = None
) -> DisclosureRequest:
    """The fee was paid: the clock runs again."""
    today = today or date.today()
    return _change(
        uow,
        number,
        Permission.DISCLOSURE,
        "disclosure.fee_paid",
        lambda r, _cal, _p: r.record_payment(on=on or today, today=today),
    )


def extend(
    uow: UnitOfWork,
    number: str,
    days: int,
    reason: str,
    *,
    approver: Principal,
    today: date | None = None,
) -> DisclosureRequest:
    """Extend the reply deadline (延期答复), at most 20 working days, once: asked for by the signed-in
    person, approved by ``approver`` (a supervisor: the signed-in one, or one who confirmed it here with
    their password). The approval is the supervisor's act: the audit event names them as its actor."""
    requester = check(uow.principal, Permission.DISCLOSURE)
    require(approver, Permission.APPROVE_DISCLOSURE)
    today = today or date.today()
    why = multi_line("延期理由", reason, max_length=REASON_MAX_LENGTH)
    with uow:
        session = uow.session
        record, before = load(session, number)
        after = before.extend(
            days,
            why,
            approved_by=approver.username,
            requested_by=requester.username,
            on=today,
            calendar=calendar_of(session),
        )
        disclosure_repo.save(session, record, after)
        _record(
            session,
            approver.username,
            "disclosure.extend",
            after,
            approved_by=approver.username,
            requested_by=requester.username,
            note=f"延长 {days} 个工作日",
        )
        uow.commit()
    return after


def draft_reply(
    uow: UnitOfWork,
    number: str,
    reply: Reply,
    text: str,
    *,
    right_office: str = "",
    today: date | None = None,
) -> DisclosureRequest:
    """Draft the reply for a supervisor's approval (答复待审核)."""
    check(uow.principal, Permission.DISCLOSURE)
    today = today or date.today()
    words = multi_line(reply.text_label, text, max_length=REPLY_MAX_LENGTH)
    office = one_line("掌握该信息的机关", right_office, max_length=PARTY_MAX_LENGTH)
    return _change(
        uow,
        number,
        Permission.DISCLOSURE,
        "disclosure.reply_draft",
        lambda r, _cal, p: r.draft_reply(
            reply, words, by=p.username, on=today, today=today, right_office=office
        ),
        note=reply.label,
    )


def return_reply(uow: UnitOfWork, number: str, note: str, *, today: date | None = None) -> DisclosureRequest:
    """A supervisor sends the draft back with what to change."""
    check(uow.principal, Permission.APPROVE_DISCLOSURE)
    words = multi_line("退回理由", note, max_length=REASON_MAX_LENGTH)
    return _change(
        uow,
        number,
        Permission.APPROVE_DISCLOSURE,
        "disclosure.reply_return",
        lambda r, _cal, p: r.return_reply(words, by=p.username),
    )


def approve_reply(uow: UnitOfWork, number: str, *, today: date | None = None) -> DisclosureRequest:
    """A supervisor other than the drafter approves the reply: it is issued today (已答复)."""
    today = today or date.today()
    return _change(
        uow,
        number,
        Permission.APPROVE_DISCLOSURE,
        "disclosure.reply_approve",
        lambda r, _cal, p: r.approve_reply(by=p.username, on=today, today=today),
    )


def archive(uow: UnitOfWork, number: str, place: str = "", *, today: date | None = None) -> DisclosureRequest:
    """File a replied request (存档): it never changes again, and stays in the register."""
    check(uow.principal, Permission.DISCLOSURE)
    today = today or date.today()
    where = one_line("存档位置", place, max_length=PARTY_MAX_LENGTH)
    return _change(
        uow,
        number,
        Permission.DISCLOSURE,
        "disclosure.archive",
        lambda r, _cal, _p: r.archive(where, on=today, today=today),
    )
