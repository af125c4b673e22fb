"""Intake use cases: accept (受理), accept with missing documents (容缺受理), refuse with one-time notice.

Each decision is one transaction that stores the applicant, the case with its materials, its number and
an audit event — or nothing at all. The verdict is computed again here from the stored guide: what the
screen showed is never trusted.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TypeVar

__all__ = [
    "AgentInput",
    "ApplicantInput",
    "Decision",
    "IntakeError",
    "IntakeRequest",
    "IntakeResult",
    "MaterialInput",
    "applicant_problems",
    "build_checklist",
    "find_returning_applicant",
    "submit_intake",
    "who_applies",
]

from hallapp.domain.access import Permission, check
from hallapp.domain.catalogue import Guide
from hallapp.domain.identity import check_credit_code, check_person_id, normalise_person_name
from hallapp.domain.intake import (
    CheckEditing,
    Checklist,
    Outcome,
    RuleViolation,
    Verdict,
    VerdictKind,
    deferral_days,
)
from hallapp.domain.text import NOTE_MAX_LENGTH, text_problems
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services import case_trail
from hallapp.services.applicant_check import record_rename, register_name_change
from hallapp.services.intake_applicant import applicant_problems, licence_problem, who_applies
from hallapp.services.intake_guide import DecidedGuide, decided_guide
from hallapp.services.intake_inputs import (
    AgentInput,
    ApplicantInput,
    Decision,
    IntakeError,
    IntakeRequest,
    IntakeResult,
    MaterialInput,
)
from hallapp.services.settings import CounterSettings
from hallapp.store import audit_repo, case_repo
from hallapp.store.case_models import Case, CaseMaterial
from hallapp.store.db import UnitOfWork
from hallapp.store.numbering import next_number


def build_checklist(
    guide: Guide,
    materials: tuple[MaterialInput, ...],
    *,
    answers: tuple[tuple[str, bool], ...] = (),
    holders: tuple[str, str] = ("", ""),
    today: date | None = None,
) -> Checklist:
    """The domain checklist for what the clerk recorded; rule violations raise ``RuleViolation``.

    ``holders`` are the applicant's and the agent's normalised ID numbers: an e-licence only counts for
    its holder (an agent's material for the agent), valid on ``today``.
    """
    return record_inputs(
        Checklist.start(guide, answers=dict(answers)), materials, holders, today or date.today()
    )


Editing = TypeVar("Editing", bound=CheckEditing)


def record_inputs(
    checklist: Editing, materials: tuple[MaterialInput, ...], holders: tuple[str, str], today: date
) -> Editing:
    """What the clerk recorded, line by line, on a matter's or a bundle's checklist, checked by the rules."""
    if len(materials) != len(checklist.checks):
        raise RuleViolation(
            f"材料清单与办事指南不符：应有 {len(checklist.checks)} 项，收到 {len(materials)} 项"
        )
    for index, given in enumerate(materials):
        checklist = checklist.set_copies(index, given.copies).set_original(index, given.original_seen)
        if given.licence is not None:
            need = checklist.checks[index].requirement
            if need.licence_party is None:  # someone else's or two people's paper (男女双方 …)
                raise RuleViolation(
                    f"材料「{need.name}」属{need.owner_label}，须核验纸质材料，不能以申请人的电子证照代替"
                )
            holder = holders[1] if need.concerns_agent else holders[0]
            problem = licence_problem(given.licence, holder, today)
            if problem:
                raise RuleViolation(problem)
            checklist = checklist.set_licence(index, given.licence)
        if given.deferred:
            checklist = checklist.defer(index)
    return checklist


def _expected(verdict: Verdict) -> Decision:
    return {
        VerdictKind.ACCEPTABLE: Decision.ACCEPT,
        VerdictKind.ACCEPTABLE_WITH_MISSING: Decision.DEFER,
        VerdictKind.NOT_ACCEPTABLE: Decision.REFUSE,
    }[verdict.kind]


def submit_intake(
    uow: UnitOfWork,
    request: IntakeRequest,
    *,
    settings: CounterSettings,
    calendar: WorkdayCalendar,
    now: datetime | None = None,
) -> IntakeResult:
    """Store the clerk's decision on one application, with its number and audit event, atomically."""
    check(uow.principal, Permission.INTAKE)
    now = now or datetime.now()
    problems, id_number, agent_id = who_applies(request.applicant, request.agent, today=now.date())
    problems += text_problems("备注", request.note, max_length=NOTE_MAX_LENGTH)
    if request.decision is Decision.DEFER and not request.commitment_signed:
        problems.append("容缺受理须由申请人签署承诺书")
    if problems:
        raise IntakeError(problems)
    with uow:
        decided = decided_guide(uow.session, request.matter_code, request.guide_version)
        guide = decided.guide
        try:
            checklist = build_checklist(
                guide,
                request.materials,
                answers=request.answers,
                holders=(id_number, agent_id),
                today=now.date(),
            )
        except RuleViolation as violation:
            raise IntakeError([str(violation)]) from violation
        verdict = checklist.verdict()
        if _expected(verdict) is not request.decision:
            raise IntakeError(
                [f"当前材料情况为「{verdict.kind.label}」，不能{request.decision.label}"]
                + list(verdict.problems)
            )
        result = store_case(uow, request, decided, checklist, verdict, id_number, settings, calendar, now)
        uow.commit()
    return result


def store_case(
    uow: UnitOfWork,
    request: IntakeRequest,
    decided: DecidedGuide,
    checklist: Checklist,
    verdict: Verdict,
    id_number: str,
    settings: CounterSettings,
    calendar: WorkdayCalendar,
    now: datetime,
    bundle: tuple[str, str] | None = None,
) -> IntakeResult:
    """Store one decided case (applicant, case, materials, number, audit) in the caller's transaction,
    with the version of the guide it was checked against (``decided``). ``bundle`` is (bundle code,
    bundle reference) when the case is one matter of a life-event bundle."""
    session, guide = uow.session, decided.guide
    given = request.applicant
    name = normalise_person_name(given.name) if given.kind == "person" else given.name.strip()
    former = register_name_change(
        session, given.kind, id_number, name, corrected=request.name_corrected, checks=checklist.checks
    )
    applicant = case_repo.upsert_applicant(
        session,
        kind=given.kind,
        id_number=id_number,
        name=name,
        phone=given.phone.strip(),
        legal_representative=given.legal_representative.strip(),
        contact_name=given.contact_name.strip(),
    )
    if former is not None:  # the register's name corrected on purpose: the trail keeps both names
        record_rename(session, uow.actor, applicant.id or 0, former, name)
    year = now.year
    promised = deadline = None
    instant = verdict.instant and request.decision is Decision.ACCEPT
    if request.decision is Decision.REFUSE:
        case_number = None
        notice_number = (
            f"{settings.case_prefix}{year}G{next_number(session, f'notice:{settings.case_prefix}{year}'):05d}"
        )
    else:
        case_number = (
            f"{settings.case_prefix}{year}{next_number(session, f'case:{settings.case_prefix}{year}'):06d}"
        )
        notice_number = None
        promised = calendar.add_working_days(
            now.date(), 0 if guide.on_the_spot else guide.promised_limit_days
        )
        if request.decision is Decision.DEFER:
            deadline = calendar.add_working_days(now.date(), deferral_days(guide, settings.deferral_days))
    agent = request.agent
    case = Case(
        case_number=case_number,
        notice_number=notice_number,
        bundle_code=bundle[0] if bundle else None,
        bundle_ref=bundle[1] if bundle else None,
        matter_id=decided.matter_id,
        matter_code=guide.code,
        matter_name=guide.name,
        guide_version=decided.version,
        department_name=guide.department.name,
        applicant_id=applicant.id or 0,
        applicant_name=applicant.name,
        applicant_phone=applicant.phone,
        agent_name=normalise_person_name(agent.name) if agent else "",
        agent_id_number=check_person_id(agent.id_number).normalised if agent else "",
        agent_phone=agent.phone.strip() if agent else "",
        decision=request.decision.value,
        state="completed"
        if instant
        else {Decision.ACCEPT: "accepted", Decision.DEFER: "awaiting_supplement", Decision.REFUSE: "refused"}[
            request.decision
        ],
        completed_at=now if instant else None,
        situation_answers=json.dumps(
            [[s.question, dict(checklist.answers).get(s.code, False)] for s in guide.situations],
            ensure_ascii=False,
        ),
        received_at=now,
        promised_date=promised.date if promised else None,
        promised_unverified=bool(promised and not promised.verified),
        deferral_deadline=deadline.date if deadline else None,
        deferral_unverified=bool(deadline and not deadline.verified),
        commitment_signed_at=now if request.decision is Decision.DEFER else None,
        window=settings.window,
        clerk=settings.clerk,
        clerk_username=uow.actor,
        hall_name=settings.hall_name,
        note=request.note.strip(),
    )
    refused = request.decision is Decision.REFUSE
    materials = [
        CaseMaterial(
            case_id=0,  # set by add_case once the case has its id
            sort_order=order,
            name=check.requirement.name,
            required=check.requirement.required,
            deferrable=check.requirement.deferrable and guide.deferrable,
            originals_required=check.requirement.originals,
            original_handling=check.requirement.original_handling.value,
            copies_required=check.requirement.copies,
            original_seen=check.original_seen,
            copies_received=check.copies,
            # A refusal accepts nothing: what was to come later is simply missing.
            outcome=(
                Outcome.MISSING if refused and check.outcome is Outcome.DEFERRED else check.outcome
            ).value,
            outcome_label=check.outcome_label,
            shortfall=check.shortfall,
            deadline=deadline.date if deadline and check.deferred and not check.complete else None,
            notes=check.requirement.notes,
            licence_type_code=check.licence.type_code if check.licence else None,
            licence_number=check.licence.number if check.licence else None,
            licence_issuer=check.licence.issuer if check.licence else None,
            licence_valid_until=check.licence.valid_until if check.licence else None,
        )
        for order, check in enumerate(checklist.checks, start=1)
    ]
    case_repo.add_case(session, case, materials)
    number = case_number or notice_number or ""
    audit_repo.record(
        session,
        actor=uow.actor,
        action=f"case.{request.decision.value}",
        object_type="case",
        object_id=number,
        matter=guide.code,
        window=settings.window,
        missing=len(verdict.missing),
        deferred=len(verdict.deferred),
        licences=sum(1 for c in checklist.checks if c.licence is not None),
        **case_trail.decision_values(case, materials, applicant),  # the register can be replayed from it
    )
    if instant:
        audit_repo.record(
            session,
            actor=uow.actor,
            action="case.approved",
            object_type="case",
            object_id=number,
            instant=True,
        )
    return IntakeResult(
        case_id=case.id or 0,
        number=number,
        decision=request.decision,
        promised=case.promised_date,
        promised_unverified=case.promised_unverified,
        deferral_deadline=case.deferral_deadline,
        deferral_unverified=case.deferral_unverified,
        completed=instant,
    )


def find_returning_applicant(uow: UnitOfWork, kind: str, id_number: str) -> ApplicantInput | None:
    """The applicant already known by this ID (a person's ID or a credit code), to fill the form."""
    number = (check_person_id(id_number) if kind == "person" else check_credit_code(id_number)).normalised
    with uow:
        found = case_repo.find_applicant(uow.session, kind, number)
        if found is None:
            return None
        return ApplicantInput(
            found.kind,
            found.name,
            found.id_number,
            found.phone,
            found.legal_representative,
            found.contact_name,
        )
