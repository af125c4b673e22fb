"""Intake of a life-event bundle (一件事一次办): one applicant, each material once, every matter decided.

All cases of the bundle are stored in one transaction (each with its own case number, or notice number
when that matter cannot be accepted), tied together by a bundle reference that the single receipt
carries. Nothing is stored if any part fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session

from hallapp.domain.access import Permission, check
from hallapp.domain.bundles import BundleChecklist
from hallapp.domain.intake import RuleViolation, VerdictKind
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services.intake import record_inputs, store_case, who_applies
from hallapp.services.intake_guide import DecidedGuide, decided_guide
from hallapp.services.intake_inputs import (
    BundleRequest,
    BundleResult,
    Decision,
    IntakeError,
    IntakeRequest,
    IntakeResult,
)
from hallapp.services.settings import CounterSettings
from hallapp.store import audit_repo, bundle_repo
from hallapp.store.db import UnitOfWork
from hallapp.store.numbering import next_number

DECISION_OF = {
    VerdictKind.ACCEPTABLE: Decision.ACCEPT,
    VerdictKind.ACCEPTABLE_WITH_MISSING: Decision.DEFER,
    VerdictKind.NOT_ACCEPTABLE: Decision.REFUSE,
}


def submit_bundle(
    uow: UnitOfWork,
    request: BundleRequest,
    *,
    settings: CounterSettings,
    calendar: WorkdayCalendar,
    now: datetime | None = None,
) -> BundleResult:
    """Decide every matter of the bundle by its own rules and store them all, or nothing."""
    check(uow.principal, Permission.INTAKE)
    now = now or datetime.now()
    problems, id_number, agent_id = who_applies(request.applicant, request.agent, today=now.date())
    if problems:
        raise IntakeError(problems)
    with uow:
        session = uow.session
        bundle = bundle_repo.load_bundle(session, request.bundle_code)
        if bundle is None:
            raise IntakeError([f"没有编码为 {request.bundle_code} 的一件事"])
        # Each matter's guide as stored now, its version recorded on its case; an incomplete one refuses all.
        decided = _decided_guides(session, bundle.matter_codes)
        guides = tuple(d.guide for d in decided)
        try:
            shared = record_inputs(
                BundleChecklist.start(bundle, guides, dict(request.answers)),
                request.materials,
                (id_number, agent_id),
                now.date(),
            )
        except RuleViolation as violation:
            raise IntakeError([str(violation)]) from violation
        checklists = shared.matter_checklists()
        verdicts = [c.verdict() for c in checklists]
        if (
            any(v.kind is VerdictKind.ACCEPTABLE_WITH_MISSING for v in verdicts)
            and not request.commitment_signed
        ):
            raise IntakeError(["容缺受理须由申请人签署承诺书"])
        if all(v.kind is VerdictKind.NOT_ACCEPTABLE for v in verdicts) and not any(
            v.missing for v in verdicts
        ):
            raise IntakeError([p for v in verdicts for p in v.problems] or ["没有可以办理的事项"])
        reference = f"{settings.case_prefix}{now.year}B{next_number(session, f'bundle:{settings.case_prefix}{now.year}'):05d}"
        cases = []
        for one_guide, checklist, verdict in zip(decided, checklists, verdicts, strict=True):
            guide = one_guide.guide
            decision = DECISION_OF[verdict.kind]
            one = IntakeRequest(
                matter_code=guide.code,
                applicant=request.applicant,
                materials=(),
                decision=decision,
                agent=request.agent,
                commitment_signed=request.commitment_signed,
                answers=checklist.answers,
                name_corrected=request.name_corrected,
            )
            result = store_case(
                uow,
                one,
                one_guide,
                checklist,
                verdict,
                id_number,
                settings,
                calendar,
                now,
                bundle=(bundle.code, reference),
            )
            cases.append((guide.name, result))
        audit_repo.record(
            session,
            actor=uow.actor,
            action="bundle.submit",
            object_type="bundle",
            object_id=reference,
            bundle=bundle.code,
            bundle_name=bundle.name,  # what the audit view shows (the code is ours, not for people)
            cases=len(cases),
            members=[result.number for _name, result in cases],
        )
        uow.commit()
    return BundleResult(reference, tuple(cases))


def _decided_guides(session: Session, codes: Sequence[str]) -> list[DecidedGuide]:
    """The guides of the bundle's matters for the decision, in order, or ``IntakeError`` naming every
    matter of it that cannot be taken in (one still incomplete refuses the whole bundle)."""
    decided: list[DecidedGuide] = []
    problems: list[str] = []
    for code in codes:
        try:
            decided.append(decided_guide(session, code))
        except IntakeError as error:
            problems += error.problems
    if problems:
        raise IntakeError(["本一件事中有事项尚不能受理", *problems])
    return decided


def outcome_words(result: IntakeResult) -> str:
    """How one matter of a bundle ended, as its receipt line says it."""
    if result.completed:
        return "已办结"
    return {
        Decision.ACCEPT: "受理",
        Decision.DEFER: "容缺受理",
        Decision.REFUSE: "不予受理（见一次性告知书）",
    }[result.decision]


def promised_words(promised: date | None, unverified: bool) -> str:
    if promised is None:
        return ""
    return f"{promised.year}年{promised.month}月{promised.day}日" + ("（待核实）" if unverified else "")
