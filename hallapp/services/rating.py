"""The service rating (好差评): recording the applicant's rating of a service, following up a bad one,
and 回访整改率. The export in the national data items is ``rating_export``.

The rules are the domain's (``domain.rating``). Each use case checks the signed-in person's permission
first, then in one unit of work loads what it needs, lets the domain decide, stores the result and
records an audit event (object ``rating``, the service's number) — or refuses with the reason and changes
nothing. Ratings and their steps are never deleted.

Who may: the counter (``INTAKE``) records a rating or a skip right after its decision, at the session of
the clerk who took the service in (no one records a rating of another's service); the follow-up of a
bad rating, the list of open ones, 回访整改率 and the export are a supervisor's (``APPROVE_EXTENSION``: the
supervisor's right over the counter's deadlines; ``EXPORT_CASES`` for the export). Audit events carry no
comment or step text (the applicant may have written personal data there), only levels, codes and dates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from hallapp.domain.access import Permission, check
from hallapp.domain.errors import UserError
from hallapp.domain.rating import (
    DEFAULT_FOLLOWUP_DAYS,
    Indicator,
    Level,
    Rating,
    RatingChannel,
    RectificationRate,
    StepKind,
    rectification_rate,
)
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services.export import ExportError
from hallapp.store import audit_repo, rating_repo
from hallapp.store.case_models import Case
from hallapp.store.db import UnitOfWork
from hallapp.store.models import Setting

OBJECT = "rating"
FOLLOWUP_DAYS_KEY = "rating.followup_days"  # hall scope: the shared database's settings table
MAX_FOLLOWUP_DAYS = 60


class RatingError(UserError, LookupError):
    """No such service to rate, or no rating of it."""


@dataclass(frozen=True)
class Service:
    """What is rated: one case, or a bundle (its number on the one receipt)."""

    number: str
    is_bundle: bool
    clerk: str  # the account that took it in
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class OpenBadRating:
    """A line of the supervisor's list of bad ratings still to answer."""

    rating: Rating
    due: date
    days_left: int  # working days from today to the due date (negative: overdue)
    overdue: bool
    next_step: StepKind
    matter: str = ""  # the matter's name, or the bundle's (一件事) name
    applicant: str = ""  # the applicant's name, as taken in (to answer them)
    phone: str = ""  # the applicant's phone, masked (the whole one: ``reveal_phone``, audited)
    clerk_name: str = ""  # who served them: the clerk's display name as printed that day
    window: str = ""  # and the window
    names: tuple[tuple[str, str], ...] = ()  # display names of the accounts in the line (step authors)

    def name_of(self, username: str) -> str:
        """An account's display name (the user name itself when none is known)."""
        return dict(self.names).get(username, username)


def rated_case(session: Session, number: str, is_bundle: bool) -> Case | None:
    """The case behind a rated service (a bundle's first): its matter, applicant and clerk."""
    column = col(Case.bundle_ref) if is_bundle else col(Case.case_number)
    return session.execute(
        select(Case)
        .where((column == number) | (col(Case.notice_number) == number))
        .order_by(col(Case.id))
        .limit(1)
    ).scalar_one_or_none()


def matter_of(session: Session, number: str, is_bundle: bool, case: Case | None = None) -> str:
    """The name of what was rated: the case's matter, or the bundle's name for a bundle's reference."""
    from hallapp.store.models import Bundle

    case = case or rated_case(session, number, is_bundle)
    if case is None:
        return ""
    if is_bundle and case.bundle_code:
        found = session.execute(select(Bundle).where(col(Bundle.code) == case.bundle_code)).scalar()
        name = found.name if found is not None else ""
        return f"一件事：{name}" if name else "一件事一次办"
    return case.matter_name


def service_of(session: Session, number: str) -> Service:
    """The service behind a case or notice number, or a bundle's reference (the number on its receipt);
    a case of a bundle is its bundle (rated once)."""
    wanted = number.strip()
    case = session.execute(
        select(Case).where((col(Case.case_number) == wanted) | (col(Case.notice_number) == wanted))
    ).scalar_one_or_none()
    if case is None and wanted:
        case = session.execute(
            select(Case).where(col(Case.bundle_ref) == wanted).order_by(col(Case.id)).limit(1)
        ).scalar_one_or_none()
    if case is None:
        raise RatingError(f"没有编号为「{wanted}」的办件，无法评价")
    if case.bundle_ref:
        members = session.execute(
            select(Case).where(col(Case.bundle_ref) == case.bundle_ref).order_by(col(Case.id))
        ).scalars()
        return Service(case.bundle_ref, True, case.clerk_username, tuple(members))
    return Service(case.case_number or case.notice_number or wanted, False, case.clerk_username, (case,))


def followup_days(session: Session) -> int:
    """The hall's working days for answering a bad rating (default ``DEFAULT_FOLLOWUP_DAYS``)."""
    setting = session.get(Setting, FOLLOWUP_DAYS_KEY)
    if setting is None or not setting.value.strip().isdigit():
        return DEFAULT_FOLLOWUP_DAYS
    return int(setting.value)


def set_followup_days(uow: UnitOfWork, days: int) -> int:
    """An administrator sets the hall's follow-up period (1 to 60 working days)."""
    actor = check(uow.principal, Permission.SETTINGS).username
    if not 1 <= days <= MAX_FOLLOWUP_DAYS:
        raise UserError(f"差评整改期限应为 1 至 {MAX_FOLLOWUP_DAYS} 个工作日")
    with uow:
        session = uow.session
        setting = session.get(Setting, FOLLOWUP_DAYS_KEY) or Setting(key=FOLLOWUP_DAYS_KEY)
        before = setting.value
        setting.value = str(days)
        session.add(setting)
        audit_repo.record(
            session,
            actor=actor,
            action="rating.followup_days",
            object_type="settings",
            object_id=FOLLOWUP_DAYS_KEY,
            before=before,
            after=days,
        )
        uow.commit()
    return days


def _audit(session: Session, actor: str, action: str, rating: Rating, **detail: Any) -> None:
    audit_repo.record(
        session,
        actor=actor,
        action=action,
        object_type=OBJECT,
        object_id=rating.service_number,
        level=int(rating.level) if rating.level is not None else None,
        indicators=[i.value for i in rating.indicators],
        channel=rating.channel.value,
        **detail,
    )


def _store_new(
    uow: UnitOfWork, number: str, action: str, make: Callable[[Service, Session], Rating]
) -> Rating:
    actor = check(uow.principal, Permission.INTAKE).username
    with uow:
        session = uow.session
        service = service_of(session, number)
        what = "一件事" if service.is_bundle else "办件"
        if service.clerk and service.clerk != actor:  # the applicant rates at the counter that served them
            raise RatingError(f"{what} {service.number} 不是本窗口受理的，评价只能在受理人员的窗口记录")
        existing = rating_repo.by_number(session, service.number)
        if existing is not None:
            raise RatingError(f"{what} {service.number} 已经评价过（每项服务只评价一次）")
        rating = make(service, session)
        rating_repo.add(session, rating, recorded_by=actor)
        followup = rating.followup
        _audit(session, actor, action, rating, due_on=followup.due if followup else None)
        uow.commit()
    return rating


COMMENT_MAX_LENGTH = 500
STEP_TEXT_MAX_LENGTH = 2000


def _typed(label: str, value: str, *, max_length: int) -> str:
    """``value`` as it will be stored (trimmed, line breaks kept); refused with every problem in words —
    control characters, characters no font prints, over-long text — before anything is stored."""
    from hallapp.services.disclosure_form import multiline_problems

    problems = multiline_problems(label, value, max_length=max_length)
    if problems:
        raise UserError("；".join(problems))
    return value.strip()


def record_rating(
    uow: UnitOfWork,
    number: str,
    level: Level,
    indicators: Sequence[Indicator] = (),
    comment: str = "",
    channel: RatingChannel = RatingChannel.FACING_SCREEN,
    *,
    calendar: WorkdayCalendar,
    now: datetime | None = None,
) -> Rating:
    """Store the applicant's rating of the service ``number`` (a case, or any case of a bundle); a bad
    rating opens its follow-up, due within the hall's working days. A second rating is refused."""
    moment = now or datetime.now()
    comment = _typed("评价意见", comment, max_length=COMMENT_MAX_LENGTH)
    return _store_new(
        uow,
        number,
        "rating.record",
        lambda service, session: Rating.rate(
            service_number=service.number,
            is_bundle=service.is_bundle,
            level=level,
            indicators=indicators,
            comment=comment,
            channel=channel,
            rated_at=moment,
            clerk=service.clerk,
            calendar=calendar,
            followup_days=followup_days(session),
        ),
    )


def skip_rating(
    uow: UnitOfWork,
    number: str,
    channel: RatingChannel = RatingChannel.FACING_SCREEN,
    *,
    now: datetime | None = None,
) -> Rating:
    """The applicant left without rating: stored as 未评价 (it then cannot be rated a second time)."""
    moment = now or datetime.now()
    return _store_new(
        uow,
        number,
        "rating.skip",
        lambda service, _session: Rating.skipped(
            service_number=service.number,
            is_bundle=service.is_bundle,
            channel=channel,
            rated_at=moment,
            clerk=service.clerk,
        ),
    )


def rating(uow: UnitOfWork, number: str) -> Rating | None:
    """The rating of a service (by its case number or a case of its bundle); None: not rated yet."""
    check(uow.principal, Permission.INTAKE)
    with uow:
        session = uow.session
        record = rating_repo.by_number(session, service_of(session, number).number)
        return rating_repo.load(session, record) if record is not None else None


def follow_up(
    uow: UnitOfWork,
    number: str,
    kind: StepKind,
    text: str,
    *,
    founded: bool | None = None,
    on: date | None = None,
    today: date | None = None,
) -> Rating:
    """A supervisor records one step of a bad rating's follow-up: 核实 (with ``founded``), 整改, 回复."""
    principal = check(uow.principal, Permission.APPROVE_EXTENSION)
    text = _typed(kind.label + "情况", text, max_length=STEP_TEXT_MAX_LENGTH)
    today = today or date.today()
    day = on or today
    with uow:
        session = uow.session
        record = rating_repo.by_number(session, number)
        if record is None:
            raise RatingError(f"没有编号为「{number.strip()}」的评价")
        before = rating_repo.load(session, record)
        who = principal.username
        if kind is StepKind.VERIFY:
            if founded is None:
                raise UserError("请说明核实结果：差评反映的问题是否属实")
            after = before.verify(by=who, on=day, text=text, founded=founded, today=today)
        elif kind is StepKind.RECTIFY:
            after = before.rectify(by=who, on=day, text=text, today=today)
        else:
            after = before.answer(by=who, on=day, text=text, today=today)
        assert after.followup is not None
        step = after.followup.steps[-1]
        rating_repo.add_step(session, record, step)
        _audit(session, who, f"rating.{kind.value}", after, on=day, founded=step.founded)
        uow.commit()
    return after


def open_bad_ratings(
    uow: UnitOfWork, *, calendar: WorkdayCalendar, today: date | None = None
) -> list[OpenBadRating]:
    """Bad ratings not yet answered, the soonest due first, with the working days left."""
    from hallapp.domain.identity import mask_phone
    from hallapp.services.people import display_names

    check(uow.principal, Permission.APPROVE_EXTENSION)
    today = today or date.today()
    rows = []
    with uow:
        session = uow.session
        found = [rated for _record, rated in rating_repo.open_bad(session)]
        authors = {step.by for rated in found if rated.followup for step in rated.followup.steps}
        names = display_names(session, authors | {rated.clerk for rated in found})  # accounts only
        for rated in found:
            followup = rated.followup
            assert followup is not None
            step = followup.next_step()
            assert step is not None
            left = calendar.working_days_between(today, followup.due)
            case = rated_case(session, rated.service_number, rated.is_bundle)
            wanted = {rated.clerk} | {s.by for s in followup.steps}
            rows.append(
                OpenBadRating(
                    rated,
                    followup.due,
                    left,
                    followup.overdue(today),
                    step,
                    matter_of(session, rated.service_number, rated.is_bundle, case),
                    applicant=case.applicant_name if case else "",
                    phone=mask_phone(case.applicant_phone) if case and case.applicant_phone else "",
                    clerk_name=(case.clerk if case and case.clerk else names.get(rated.clerk, rated.clerk)),
                    window=case.window if case else "",
                    names=tuple(sorted((u, names[u]) for u in wanted if u in names)),
                )
            )
    return rows


def reveal_phone(uow: UnitOfWork, number: str) -> str:
    """The whole phone of a bad rating's applicant, for a supervisor allowed to see personal data (to
    call them back). Every reveal is audited (who, when, which rating; never the number itself)."""
    actor = check(uow.principal, Permission.REVEAL_PERSONAL_DATA).username
    check(uow.principal, Permission.APPROVE_EXTENSION)
    with uow:
        session = uow.session
        record = rating_repo.by_number(session, number.strip())
        if record is None:
            raise RatingError(f"没有编号为「{number.strip()}」的评价")
        rated = rating_repo.load(session, record)
        case = rated_case(session, rated.service_number, rated.is_bundle)
        if case is None or not case.applicant_phone:
            raise RatingError(f"{rated.service_number} 的申请人未留联系电话")
        audit_repo.record(
            session,
            actor=actor,
            action="personal_data.reveal_phone",
            object_type=OBJECT,
            object_id=rated.service_number,
        )
        uow.commit()
        return case.applicant_phone


def period_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """The moments from the start of ``since`` to the end of ``until`` (a period of days, inclusive)."""
    if until < since:
        raise ExportError("结束日期不能早于开始日期")
    return datetime.combine(since, time.min), datetime.combine(until + timedelta(days=1), time.min)


def rate_of_period(
    uow: UnitOfWork, *, since: date, until: date, today: date | None = None
) -> RectificationRate:
    """回访整改率 of the bad ratings given from ``since`` to ``until`` (inclusive)."""
    check(uow.principal, Permission.APPROVE_EXTENSION)
    start, end = period_bounds(since, until)
    with uow:
        found = rating_repo.rated_between(uow.session, start, end)
    return rectification_rate((r for _record, r in found), today=today or date.today())
