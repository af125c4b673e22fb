"""Following deferred cases: supplements, extensions, termination, withdrawal, reminders, the board."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from hallapp.domain.access import AccessDenied, Principal, Role
from hallapp.domain.lifecycle import CaseState, Channel, IllegalTransition
from hallapp.printing.model import DocumentKind
from hallapp.services.board import BoardFilter, board_rows, due_within, summary
from hallapp.services.cases import case_detail
from hallapp.services.followup import (
    extend_deadline,
    record_reminders,
    record_supplement,
    terminate_case,
    withdraw_case,
)
from hallapp.services.followup_documents import produce_followup_document, reminder_batch
from hallapp.services.intake import Decision, MaterialInput, submit_intake
from hallapp.services.settings import CounterSettings
from hallapp.store import case_repo, followup_repo
from hallapp.store.case_models import AuditEvent, CaseReminder
from tests.people import ADMIN, AUDITOR, SUPERVISOR, acting_as, create_accounts
from tests.printing.pdfcheck import squeeze, text
from tests.services.intake_helpers import all_received, guide_for, request, resident_id

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)  # deadline 2026-10-13 (5 working days over National Day)


def deferred_case(context, deferred=1, person="44030819900101123", at=AT):
    guide = guide_for(context, "创业培训补贴申领" if deferred == 1 else "食品经营许可")
    materials = list(all_received(guide))
    names = []
    for index, material in enumerate(guide.materials_for({})):
        if material.deferrable and len(names) < deferred:
            materials[index] = MaterialInput(deferred=True)
            names.append(material.name)
    from hallapp.services.intake_inputs import ApplicantInput

    applicant = ApplicantInput("person", "陈晓明", resident_id(person), "13812345678")
    result = submit_intake(
        context.uow(write=True),
        request(guide, Decision.DEFER, tuple(materials), applicant=applicant, commitment_signed=True),
        settings=SETTINGS,
        calendar=context.calendar,
        now=at,
    )
    return result.number, names


def stored(context, number):
    """The case row and its material rows, as stored."""
    with context.uow() as uow:
        case = case_repo.case_by_number(uow.session, number)
        materials = case_repo.materials_of(uow.session, case.id)
        uow.session.expunge_all()  # keep the loaded values: leaving the block rolls back (and expires)
    return case, materials


def events(context, number) -> list[tuple[str, str]]:
    with context.uow() as uow:
        found = uow.session.execute(
            select(AuditEvent).where(AuditEvent.object_id == number).order_by(AuditEvent.seq)
        )
        return [(e.actor, e.action) for e in found.scalars()]


def test_supplement_completes_the_case_and_is_recorded(ready_context):
    number, (name,) = deferred_case(ready_context)
    result = record_supplement(
        ready_context.uow(write=True),
        number,
        [name],
        on=date(2026, 10, 9),
        channel=Channel.POST,
        today=date(2026, 10, 9),
    )
    assert result.state is CaseState.SUPPLEMENTED and result.missing == ()
    _case, materials = stored(ready_context, number)
    assert [(m.name, m.supplemented_by) for m in materials if m.outcome == "supplemented"] == [
        (name, "zhang.san")
    ]
    assert {m.supplemented_by for m in materials if m.outcome != "supplemented"} == {""}
    detail = case_detail(ready_context.uow(), number)
    assert detail.row.state_label == "已补齐"
    line = next(m for m in detail.materials if m.name == name)
    assert line.outcome == "supplemented" and "2026-10-09" in line.outcome_label
    assert detail.history[-1].action == "补正"
    doc = produce_followup_document(
        ready_context.uow(write=True),
        number,
        DocumentKind.SUPPLEMENT_RECEIPT,
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
        today=date(2026, 10, 9),
    )
    content = text(doc.path.read_bytes())
    assert "补正材料接收凭证" in content and squeeze(name) in content and "容缺材料已全部补齐" in content
    assert "张三" in content and "李四" not in content  # signed by who received it, not the intake setting
    assert squeeze("2026-10-09邮寄递交") in content and content.count("2026-10-09") == 1  # said once
    assert events(ready_context, number)[1:] == [
        ("zhang.san", "case.supplement"),
        ("zhang.san", "document.print"),
    ]


def test_illegal_steps_are_refused_and_change_nothing(ready_context):
    number, (_name,) = deferred_case(ready_context)
    with pytest.raises(IllegalTransition, match="逾期"):
        terminate_case(ready_context.uow(write=True), number, today=date(2026, 10, 13))
    with pytest.raises(AccessDenied, match="窗口人员.*无权审批延期"):  # a clerk approves no extension
        extend_deadline(
            ready_context.uow(write=True),
            number,
            date(2026, 10, 20),
            "不可抗力",
            approver=Principal("wang.wu", "王五", Role.CLERK, "09"),
            today=date(2026, 10, 9),
        )
    with pytest.raises(IllegalTransition, match="原期限"):  # nor a deadline earlier than the present one
        extend_deadline(
            ready_context.uow(write=True),
            number,
            date(2026, 10, 12),
            "不可抗力",
            approver=SUPERVISOR,
            today=date(2026, 10, 9),
        )
    assert case_detail(ready_context.uow(), number).row.state_label == "待补正"
    assert [e.action for e in case_detail(ready_context.uow(), number).history] == ["容缺受理"]


def test_extension_then_termination_when_overdue(ready_context):
    number, _names = deferred_case(ready_context)
    result = extend_deadline(
        ready_context.uow(write=True),
        number,
        date(2026, 10, 20),
        "台风停工",
        approver=SUPERVISOR,  # asked for by the clerk signed in, approved by the supervisor
        today=date(2026, 10, 12),
    )
    assert result.deadline == date(2026, 10, 20)
    case, _materials = stored(ready_context, number)
    with ready_context.uow() as uow:
        (extension,) = followup_repo.extensions_of(uow.session, case.id)
        uow.session.expunge_all()
    assert (extension.requested_by, extension.approved_by) == ("zhang.san", "zhao.liu")
    assert (extension.previous, extension.new, extension.reason) == (
        date(2026, 10, 13),
        date(2026, 10, 20),
        "台风停工",
    )
    assert events(ready_context, number)[-1] == (
        "zhao.liu",
        "case.extend",
    )  # the approval is the supervisor's
    rows = board_rows(ready_context.uow(), calendar=ready_context.calendar, today=date(2026, 10, 21))
    assert rows[0].number == number and rows[0].overdue and rows[0].status_label == "逾期"
    assert summary(rows).overdue == 1
    terminated = terminate_case(ready_context.uow(write=True), number, today=date(2026, 10, 21))
    assert terminated.state is CaseState.TERMINATED
    case, _materials = stored(ready_context, number)
    assert (case.closed_on, case.closed_by) == (date(2026, 10, 21), "zhang.san")
    doc = produce_followup_document(
        ready_context.uow(write=True),
        number,
        DocumentKind.TERMINATION,
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
        today=date(2026, 10, 21),
    )
    assert "终止办理通知书" in text(doc.path.read_bytes())
    assert board_rows(ready_context.uow(), calendar=ready_context.calendar, today=date(2026, 10, 21)) == []
    with pytest.raises(IllegalTransition):
        withdraw_case(ready_context.uow(write=True), number, today=date(2026, 10, 22))
    assert stored(ready_context, number)[0].closed_by == "zhang.san"


def test_withdrawal_names_who_recorded_it(ready_context):
    number, _names = deferred_case(ready_context)
    with acting_as(ready_context, SUPERVISOR):
        assert (
            withdraw_case(ready_context.uow(write=True), number, today=date(2026, 10, 9)).state
            is CaseState.WITHDRAWN
        )
    case, _materials = stored(ready_context, number)
    assert (case.closed_on, case.closed_by, case.clerk_username) == (
        date(2026, 10, 9),
        "zhao.liu",
        "zhang.san",
    )
    assert events(ready_context, number)[-1] == ("zhao.liu", "case.withdraw")


def test_board_order_filters_reminders_and_batch(ready_context):
    first, _ = deferred_case(ready_context, person="44030819900101123")
    later, _ = deferred_case(ready_context, person="44030819900101124", at=datetime(2026, 10, 9, 9, 0))
    rows = board_rows(ready_context.uow(), calendar=ready_context.calendar, today=date(2026, 10, 9))
    assert [r.number for r in rows] == [first, later]  # earliest deadline first
    assert rows[0].days_left == 3  # Saturday 10-10 (an adjusted working day), 10-12 and 10-13
    assert rows[0].applicant_id_masked.startswith("4403") and "*" in rows[0].applicant_id_masked
    assert [r.number for r in due_within(rows, 3)] == [first]
    assert BoardFilter(text=later[-4:]).apply(rows)[0].number == later
    assert [r.number for r in BoardFilter(text=resident_id("44030819900101124")).apply(rows)] == [later]
    assert BoardFilter(window="99").apply(rows) == []
    with acting_as(ready_context, SUPERVISOR):
        assert record_reminders(ready_context.uow(write=True), [first], method="phone") == 1
    with ready_context.uow() as uow:
        reminders = uow.session.execute(select(CaseReminder)).scalars().all()
        assert [(r.method, r.clerk) for r in reminders] == [("phone", "zhao.liu")]  # the account
    rows = board_rows(ready_context.uow(), calendar=ready_context.calendar, today=date(2026, 10, 9))
    assert rows[0].reminders == 1
    path = reminder_batch(
        ready_context.uow(write=True),
        [r.number for r in rows],
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
        today=date(2026, 10, 9),
    )
    content = text(path.read_bytes())
    assert content.count("催补通知") >= 2 and first in content and later in content
    assert events(ready_context, first)[-2:] == [("zhao.liu", "case.remind"), ("zhang.san", "document.print")]
    with pytest.raises(IllegalTransition, match="提醒方式"):
        record_reminders(ready_context.uow(write=True), [first], method="carrier pigeon")


def test_printable_history(ready_context):
    number, _names = deferred_case(ready_context)
    create_accounts(ready_context, SUPERVISOR)
    with acting_as(ready_context, SUPERVISOR):
        record_reminders(ready_context.uow(write=True), [number], method="sms")
    doc = produce_followup_document(
        ready_context.uow(write=True),
        number,
        DocumentKind.CASE_HISTORY,
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
    )
    content = text(doc.path.read_bytes())
    assert "办件记录" in content and "容缺受理" in content and "催补" in content
    # each line names the person (display name where an account exists), never a bare login
    assert "赵六" in content and "zhao.liu" not in content


@pytest.mark.parametrize("principal", [None, ADMIN, AUDITOR], ids=["nobody", "admin", "auditor"])
def test_only_the_counter_follows_cases_up(ready_context, principal):
    number, (name,) = deferred_case(ready_context)
    today = date(2026, 10, 21)
    steps = [
        lambda: record_supplement(
            ready_context.uow(write=True), number, [name], on=today, channel=Channel.ON_SITE, today=today
        ),
        lambda: terminate_case(ready_context.uow(write=True), number, today=today),
        lambda: withdraw_case(ready_context.uow(write=True), number, today=today),
        lambda: record_reminders(ready_context.uow(write=True), [number], method="phone"),
        lambda: extend_deadline(
            ready_context.uow(write=True),
            number,
            date(2026, 10, 30),
            "台风",
            approver=SUPERVISOR,
            today=today,
        ),
    ]
    with acting_as(ready_context, principal):
        for step in steps:
            with pytest.raises(AccessDenied):
                step()
    case, _materials = stored(ready_context, number)
    assert (case.state, case.closed_by, case.reminder_count) == ("awaiting_supplement", "", 0)
    assert events(ready_context, number) == [("zhang.san", "case.deferred")]
