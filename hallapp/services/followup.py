"""Following deferred cases (容缺跟踪): supplements, extensions, reminders, termination, withdrawal.

The rules are the domain's (``hallapp.domain.lifecycle``); each use case loads the case, lets the domain
decide, and stores the new state with its audit event in one transaction — or refuses with the domain's
reason and changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlmodel import Session

from hallapp.domain.access import AccessDenied, Permission, Principal, check, require, same_person
from hallapp.domain.lifecycle import CaseState, Channel, DeferredItem, Extension, FollowUp, IllegalTransition
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services import case_trail
from hallapp.services.followup_rules import extension_problem, reason_problem, supplement_problem
from hallapp.store import audit_repo, calendar_repo, case_repo, followup_repo
from hallapp.store.case_models import Case, CaseMaterial, CaseReminder
from hallapp.store.db import UnitOfWork

OPEN_STATES = (CaseState.AWAITING_SUPPLEMENT.value, CaseState.PARTLY_SUPPLEMENTED.value)
REMINDER_METHODS = {"letter": "书面通知", "phone": "电话", "sms": "短信"}


class FollowUpError(LookupError):
    """No such deferred case."""


@dataclass(frozen=True)
class FollowUpResult:
    number: str
    state: CaseState
    deadline: date
    missing: tuple[str, ...]
    approved_by_name: str = ""  # an extension: the approving supervisor's display name, as the screen says it


def _follow_up(session: Session, case: Case) -> tuple[FollowUp, list[CaseMaterial]]:
    """The domain's view of a stored deferred case, and its deferred material rows."""
    rows = [
        m for m in case_repo.materials_of(session, case.id or 0) if m.outcome in ("deferred", "supplemented")
    ]
    if not rows or case.deferral_deadline is None:
        raise FollowUpError(f"办件 {case.case_number} 不是容缺受理的办件")
    items = tuple(
        DeferredItem(
            m.name,
            m.deadline or case.deferral_deadline,
            m.arrived_on,
            Channel(m.arrival_channel) if m.arrival_channel else None,
        )
        for m in rows
    )
    extensions = tuple(
        Extension(e.previous, e.new, e.reason, e.approved_by)
        for e in followup_repo.extensions_of(session, case.id or 0)
    )
    state = CaseState(case.state)
    closed = case.closed_on
    follow_up = FollowUp(
        state=state,
        items=items,
        deadline=case.deferral_deadline,
        extensions=extensions,
        terminated_on=closed if state is CaseState.TERMINATED else None,
        withdrawn_on=closed if state is CaseState.WITHDRAWN else None,
    )
    return follow_up, rows


def _received_on(case: Case) -> date:
    """The day the case was received, at the counter's clock."""
    return case.received_at.astimezone().date()


def _calendar(session: Session) -> WorkdayCalendar:
    """The working-day calendar as the database holds it, read in the caller's transaction."""
    days = calendar_repo.all_days(session)
    return WorkdayCalendar(
        holidays=(day for day, kind in days if kind == "holiday"),
        adjusted_workdays=(day for day, kind in days if kind == "workday"),
        known_years=calendar_repo.year_numbers(session),
    )


def _load(session: Session, number: str) -> tuple[Case, FollowUp, list[CaseMaterial]]:
    case = case_repo.case_by_number(session, number.strip())
    if case is None or case.decision != "deferred":
        raise FollowUpError(f"没有编号为「{number}」的容缺受理办件")
    follow_up, rows = _follow_up(session, case)
    return case, follow_up, rows


def _save(
    session: Session, case: Case, rows: list[CaseMaterial], after: FollowUp, actor: str
) -> FollowUpResult:
    """Store the domain's new state of the case; ``actor`` (an account) is named on what it changed."""
    by_name = {item.name: item for item in after.items}
    for row in rows:
        item = by_name[row.name]
        row.deadline = item.deadline
        if item.arrived_on is not None and row.arrived_on is None:
            row.outcome = "supplemented"
            row.arrived_on = item.arrived_on
            row.arrival_channel = item.channel.value if item.channel else None
            row.supplemented_by = actor
            channel = item.channel.label if item.channel else ""
            row.outcome_label = f"已补交（{item.arrived_on:%Y-%m-%d} {channel}）".replace(" ）", "）")
            row.shortfall = ""
        session.add(row)
    case.state = after.state.value
    case.deferral_deadline = after.deadline
    case.closed_on = after.terminated_on or after.withdrawn_on
    if case.closed_on is not None and not case.closed_by:
        case.closed_by = actor
    session.add(case)
    session.flush()
    return FollowUpResult(
        case.case_number or "", after.state, after.deadline, tuple(i.name for i in after.missing_items)
    )


def record_supplement(
    uow: UnitOfWork,
    number: str,
    names: Collection[str],
    *,
    on: date,
    channel: Channel,
    today: date | None = None,
) -> FollowUpResult:
    """Record which deferred materials arrived (补正), on which day and how; all in: the case is complete."""
    actor = check(uow.principal, Permission.FOLLOW_UP).username
    with uow:
        session = uow.session
        case, before, rows = _load(session, number)
        problem = supplement_problem(on, received=_received_on(case), today=today or date.today())
        if problem:
            raise IllegalTransition(problem)
        after = before.supplement(names, on, channel, today=today or date.today())
        result = _save(session, case, rows, after, actor)
        audit_repo.record(
            session,
            actor=actor,
            action="case.supplement",
            object_type="case",
            object_id=result.number,
            materials=len(names),
            channel=channel.value,
            on=on,
            complete=after.state is CaseState.SUPPLEMENTED,
            **case_trail.followup_values(case, rows),
        )
        uow.commit()
    return result


def extend_deadline(
    uow: UnitOfWork,
    number: str,
    new_deadline: date,
    reason: str,
    *,
    approver: Principal,
    today: date | None = None,
    calendar: WorkdayCalendar | None = None,
) -> FollowUpResult:
    """Extend the supplement deadline (延期): asked for by the signed-in person, approved by a supervisor.

    The reason must say something and the new deadline is a working day within the hall's bounds
    (``followup_rules``: at most 30 working days per extension, 60 in all); otherwise nothing changes.
    ``calendar`` is the working-day calendar (read from the database when not given).

    ``approver`` is the supervisor who approved it — the signed-in person themselves, or a supervisor who
    confirmed it at this counter with their own password (the session checks that). A supervisor never
    approves an extension of a case they took in themselves; accounts are compared, not names.
    """
    requester = check(uow.principal, Permission.FOLLOW_UP)
    require(approver, Permission.APPROVE_EXTENSION)
    with uow:
        session = uow.session
        case, before, rows = _load(session, number)
        if same_person(case.clerk_username, approver.username):
            raise AccessDenied("科室负责人不能审批本人受理办件的延期，请由其他科室负责人审批。")
        first = before.extensions[0].previous if before.extensions else before.deadline
        problem = reason_problem(reason) or extension_problem(
            new_deadline,
            current=before.deadline,
            first=first,
            today=today or date.today(),
            calendar=calendar or _calendar(session),
        )
        if problem:
            raise IllegalTransition(problem)
        after = before.extend(
            new_deadline, reason, approved_by=approver.username, supervisor=True, today=today or date.today()
        )
        result = _save(session, case, rows, after, requester.username)
        followup_repo.add_extension(
            session,
            case.id or 0,
            before.deadline,
            new_deadline,
            reason.strip(),
            approver.username,
            requested_by=requester.username,
        )
        audit_repo.record(
            session,
            actor=approver.username,  # the approval is the supervisor's act
            action="case.extend",
            object_type="case",
            object_id=result.number,
            previous=before.deadline,
            new=new_deadline,
            reason=reason.strip(),
            approved_by=approver.username,
            requested_by=requester.username,
            **case_trail.followup_values(case, rows),
        )
        uow.commit()
    return replace(result, approved_by_name=approver.display_name)


def terminate_case(uow: UnitOfWork, number: str, *, today: date | None = None) -> FollowUpResult:
    """Terminate an overdue case (终止办理): its 终止办理通知书 is printed afterwards."""
    actor = check(uow.principal, Permission.FOLLOW_UP).username
    with uow:
        session = uow.session
        case, before, rows = _load(session, number)
        after = before.terminate(today or date.today())
        result = _save(session, case, rows, after, actor)
        audit_repo.record(
            session,
            actor=actor,
            action="case.terminate",
            object_type="case",
            object_id=result.number,
            missing=len(result.missing),
            **case_trail.followup_values(case, rows),
        )
        uow.commit()
    return result


def withdraw_case(uow: UnitOfWork, number: str, *, today: date | None = None) -> FollowUpResult:
    """The applicant withdraws the application (撤回)."""
    actor = check(uow.principal, Permission.FOLLOW_UP).username
    with uow:
        session = uow.session
        case, before, rows = _load(session, number)
        after = before.withdraw(today or date.today())
        result = _save(session, case, rows, after, actor)
        audit_repo.record(
            session,
            actor=actor,
            action="case.withdraw",
            object_type="case",
            object_id=result.number,
            **case_trail.followup_values(case, rows),
        )
        uow.commit()
    return result


def record_reminders(
    uow: UnitOfWork,
    numbers: Collection[str],
    *,
    method: str,
    note: str = "",
    now: datetime | None = None,
) -> int:
    """Record that these open cases were reminded (催补) and how. Nothing is sent by the app itself."""
    actor = check(uow.principal, Permission.FOLLOW_UP).username
    if method not in REMINDER_METHODS:
        raise IllegalTransition(f"提醒方式只能是 {'、'.join(REMINDER_METHODS.values())}")
    with uow:
        session = uow.session
        for number in numbers:
            case, follow_up, _rows = _load(session, number)
            if not follow_up.is_open:
                raise IllegalTransition(f"办件 {number} 已{follow_up.state.label}，无需催补")
            reminder = CaseReminder(
                case_id=case.id or 0,
                method=method,
                note=note.strip(),
                clerk=actor,
                at=now or datetime.now(),
            )
            session.add(reminder)
            case.reminder_count += 1
            session.add(case)
            audit_repo.record(
                session,
                actor=actor,
                action="case.remind",
                object_type="case",
                object_id=number,
                method=method,
                reminder=case_trail.reminder_values(reminder),
                **case_trail.followup_values(case),
            )
        uow.commit()
    return len(numbers)


def follow_up_of(uow: UnitOfWork, number: str) -> FollowUp:
    """The follow-up state of one deferred case (for screens and documents)."""
    with uow:
        _case, follow_up, _rows = _load(uow.session, number)
        return follow_up
