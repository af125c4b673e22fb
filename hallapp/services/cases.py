"""Reading cases back: today's cases at this counter, and one case with its materials, documents, history.

Personal data leaves this module masked (``4401**********1234``, ``138****5678``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlmodel import Session, col

from hallapp.domain.catalogue import Guide
from hallapp.domain.identity import mask_id, mask_phone
from hallapp.services import case_trail
from hallapp.services.people import display_names
from hallapp.store import audit_repo, case_repo
from hallapp.store.case_models import Applicant, Case, CaseDocument
from hallapp.store.db import UnitOfWork
from hallapp.store.guide_versions import current_version, guide_at
from hallapp.store.models import Bundle

DECISION_LABELS = case_trail.DECISIONS
INSTANT_LABEL = "秒批（当场办结）"
STATE_LABELS = case_trail.STATES
ACTION_LABELS = {
    "case.accepted": "受理",
    "case.deferred": "容缺受理",
    "case.refused": "出具一次性告知书",
    "case.approved": "秒批办结",
    "case.supplement": "补正",
    "case.extend": "延期",
    "case.terminate": "终止办理",
    "case.withdraw": "申请人撤回",
    "case.remind": "催补",
    "case.submit": "受理",
    "bundle.submit": "一件事受理",
    "login.success": "登录",
    "login.failure": "登录失败",
    "approval.success": "审批确认（核对密码）",
    "approval.failure": "审批确认失败（密码错误）",
    "session.unlock": "解锁",
    "session.unlock_failure": "解锁失败",
    "account.create": "新增账户",
    "account.set_role": "变更角色",
    "account.set_active": "停用/启用账户",
    "account.password_reset": "重置密码",
    "account.password_change": "修改密码",
    "account.password_change_failure": "修改密码失败",
    "account.unlock": "解除锁定",
    "settings.save": "保存窗口设置",
    "calendar.set_day": "修改节假日",
    "calendar.import_year": "导入年度节假日",
    "catalogue.load": "载入事项目录",
    "cases.export": "导出办件",
    "audit.export": "导出审计记录",
    "audit.verify": "校验审计链",
    "personal_data.reveal": "查看完整证件号码",
    "personal_data.reveal_phone": "查看完整联系电话",
    "report.daily_close": "窗口日结",
    "document.print": "生成文书",  # archived and shown for printing; the print dialog is the system's
    "document.reprint": "生成副本",
}


@dataclass(frozen=True)
class CaseRow:
    id: int
    number: str
    decision: str
    decision_label: str
    state: str
    state_label: str
    matter_name: str
    applicant_name: str
    applicant_id_masked: str
    received_at: datetime  # local time
    window: str
    clerk: str
    deferral_deadline: date | None
    bundle_ref: str = ""  # 一件事一次办: the bundle's number (on its one receipt), "" for a single matter
    bundle_name: str = ""  # the bundle's name in Chinese (新生儿出生一件事), never its code

    @property
    def is_bundle(self) -> bool:
        """The row stands for a whole bundle (its number is the bundle's), not one of its cases."""
        return bool(self.bundle_ref) and self.number == self.bundle_ref


@dataclass(frozen=True)
class MaterialView:
    name: str
    required: bool
    deferrable: bool
    outcome: str
    outcome_label: str
    shortfall: str
    deadline: date | None


@dataclass(frozen=True)
class DocumentView:
    kind: str
    path: str
    is_copy: bool
    created_at: datetime


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor: str
    action: str
    detail: str


@dataclass(frozen=True)
class CaseDetail:
    row: CaseRow
    matter_code: str
    department: str
    phone_masked: str
    agent_name: str
    promised_date: date | None
    promised_unverified: bool
    deferral_unverified: bool
    materials: tuple[MaterialView, ...]
    documents: tuple[DocumentView, ...]
    history: tuple[EventView, ...]
    # The guide the case was decided under (``guide_at``): its materials, limits, place and phones as
    # they were; None when the matter is gone. ``guide_version`` None: decided before versions were
    # kept, the guide is today's.
    guide: Guide | None = None
    guide_version: int | None = None
    current_version: int | None = None  # the matter's version now (newer: the guide changed since)

    @property
    def guide_label(self) -> str:
        """办事指南版本 as the detail view says it: 第 2 版（现行第 3 版）, or that it is today's."""
        if self.guide_version is None:
            return "未记录（显示现行指南）"
        if self.current_version is not None and self.current_version != self.guide_version:
            return f"第 {self.guide_version} 版（现行第 {self.current_version} 版）"
        return f"第 {self.guide_version} 版（现行）"


def local(moment: datetime) -> datetime:
    """A stored moment in the PC's local time, without time zone (for display)."""
    return moment.astimezone().replace(tzinfo=None)


def _row(case: Case, id_number: str, bundle_names: dict[str, str] | None = None) -> CaseRow:
    code = case.bundle_code or ""
    return CaseRow(
        id=case.id or 0,
        number=case.case_number or case.notice_number or "",
        decision=case.decision,
        decision_label=INSTANT_LABEL
        if case.completed_at is not None and case.decision == "accepted"  # 秒批: decided and done at once
        else DECISION_LABELS.get(case.decision, case.decision),
        state=case.state,
        state_label=STATE_LABELS.get(case.state, case.state),
        matter_name=case.matter_name,
        applicant_name=case.applicant_name,
        applicant_id_masked=mask_id(id_number),
        received_at=local(case.received_at),
        window=case.window,
        clerk=case.clerk,
        deferral_deadline=case.deferral_deadline,
        bundle_ref=case.bundle_ref or "",
        bundle_name=(bundle_names or {}).get(code, "一件事一次办") if code else "",
    )


def _bundle_names(session: Session, cases: Iterable[Case]) -> dict[str, str]:
    """The Chinese names of the bundles these cases belong to (by bundle code)."""
    codes = {c.bundle_code for c in cases if c.bundle_code}
    if not codes:
        return {}
    found = session.execute(select(col(Bundle.code), col(Bundle.name)).where(col(Bundle.code).in_(codes)))
    return {code: name for code, name in found.all()}


def todays_cases(
    uow: UnitOfWork, *, window: str | None, text: str = "", day: date | None = None
) -> list[CaseRow]:
    """Cases received on ``day`` (today) at ``window`` (all windows if None), newest first, filtered by
    case number, bundle number (一件事: all its cases), applicant name or ID number."""
    day = day or date.today()
    since = datetime.combine(day, time.min)
    with uow:
        cases = case_repo.list_cases(
            uow.session, since=since, until=since + timedelta(days=1), window=window, text=text
        )
        ids = {c.applicant_id for c in cases}
        numbers = {a.id: a.id_number for a in (uow.session.get(Applicant, i) for i in ids) if a is not None}
        names = _bundle_names(uow.session, cases)
        return [_row(c, numbers.get(c.applicant_id, ""), names) for c in cases]


def _detail_text(raw: str) -> str:
    try:
        values = json.loads(raw) if raw else {}
    except ValueError:
        return raw
    if not isinstance(values, dict):
        return ""
    # The values an event set (applicant, case, materials) seal the register for ``audit verify``; they
    # hold full ID numbers and phones, so the case's history on screen shows only the short facts.
    return "，".join(f"{k}={v}" for k, v in values.items() if not isinstance(v, (dict, list)))


def case_detail(uow: UnitOfWork, number: str) -> CaseDetail | None:
    """Everything about one case, by case number or notice number; None if there is no such case."""
    with uow:
        session = uow.session
        case = case_repo.case_by_number(session, number.strip())
        if case is None:
            return None
        applicant = session.get(Applicant, case.applicant_id)
        materials = tuple(
            MaterialView(
                m.name, m.required, m.deferrable, m.outcome, m.outcome_label, m.shortfall, m.deadline
            )
            for m in case_repo.materials_of(session, case.id or 0)
        )
        documents = tuple(
            DocumentView(d.kind, d.path, d.is_copy, local(d.created_at))
            for d in case_repo.documents_of(session, case.id or 0)
        )
        events = audit_repo.events_for(session, "case", number.strip())
        names = display_names(session, (e.actor for e in events))
        history = tuple(
            EventView(
                local(e.at), names[e.actor], ACTION_LABELS.get(e.action, e.action), _detail_text(e.detail)
            )
            for e in events
        )
        return CaseDetail(
            row=_row(case, applicant.id_number if applicant else "", _bundle_names(session, [case])),
            matter_code=case.matter_code,
            department=case.department_name,
            phone_masked=mask_phone(case.applicant_phone) if case.applicant_phone else "",
            agent_name=case.agent_name,
            promised_date=case.promised_date,
            promised_unverified=case.promised_unverified,
            deferral_unverified=case.deferral_unverified,
            materials=materials,
            documents=documents,
            history=history,
            guide=guide_at(session, case.matter_code, case.guide_version),
            guide_version=case.guide_version,
            current_version=current_version(session, case.matter_code),
        )


def unprinted_cases(uow: UnitOfWork) -> list[CaseRow]:
    """Cases committed whose documents were never made (the PC stopped between saving and printing).

    A life-event bundle prints one receipt for all its cases (archived with its first case): its cases
    count as printed once that receipt exists, except a deferred or refused one, which also has its own
    notices. A bundle whose receipt is missing is listed once, as the bundle (printing it makes the
    receipt and every notice of its cases)."""
    from sqlalchemy import and_, or_
    from sqlalchemy.orm import aliased

    from hallapp.printing.model import DocumentKind

    receipt_kind = DocumentKind.BUNDLE_RECEIPT.name
    member, document = aliased(Case), aliased(CaseDocument)
    own_documents = exists().where(
        col(CaseDocument.case_id) == col(Case.id), col(CaseDocument.kind) != receipt_kind
    )
    bundle_receipt = (
        exists()
        .where(col(member.bundle_ref) == col(Case.bundle_ref))
        .where(col(document.case_id) == col(member.id), col(document.kind) == receipt_kind)
    )
    with uow:
        session = uow.session
        found = session.execute(
            select(Case, col(Applicant.id_number), bundle_receipt)
            .join(Applicant, col(Applicant.id) == col(Case.applicant_id))
            .where(
                ~own_documents,
                or_(
                    col(Case.bundle_ref).is_(None),
                    col(Case.decision) != "accepted",  # a notice of its own besides the receipt
                    and_(col(Case.bundle_ref).is_not(None), ~bundle_receipt),
                ),
            )
            .order_by(col(Case.received_at), col(Case.id))
        ).all()
        names = _bundle_names(session, (case for case, _id, _receipt in found))
        rows: list[CaseRow] = []
        listed: set[str] = set()
        for case, id_number, has_receipt in found:
            reference = case.bundle_ref
            if not reference:
                rows.append(_row(case, id_number))
            elif has_receipt:  # its own 承诺书 / 一次性告知书 are missing
                rows.append(_row(case, id_number, names))
            elif reference not in listed:
                listed.add(reference)
                row = _row(case, id_number, names)
                rows.append(replace(row, number=reference, matter_name=row.bundle_name))
        return rows


def reveal_id(uow: UnitOfWork, number: str) -> str:
    """The applicant's full ID number of a case, for someone allowed to see it (查看完整证件号码).

    Every reveal is written to the audit trail: who, when, which case (never the number itself).
    """
    from hallapp.domain.access import Permission, check

    check(uow.principal, Permission.REVEAL_PERSONAL_DATA)
    with uow:
        case = case_repo.case_by_number(uow.session, number.strip())
        if case is None:
            raise LookupError(f"没有编号为「{number}」的办件")
        applicant = uow.session.get(Applicant, case.applicant_id)
        assert applicant is not None
        audit_repo.record(
            uow.session,
            actor=uow.actor,
            action="personal_data.reveal",
            object_type="case",
            object_id=number.strip(),
        )
        uow.commit()
        return applicant.id_number
