"""Following deferred cases: supplements, extensions, termination, withdrawal, reminders, the board."""

from datetime import date, datetime

import pytest

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

    applicant = ApplicantInput("person", "张三", resident_id(person), "13812345678")
    result = submit_intake(
        context.uow(write=True),
        request(guide, Decision.DEFER, tuple(materials), applicant=applicant, commitment_signed=True),
        settings=SETTINGS,
        calendar=context.calendar,
        now=at,
    )
    return result.number, names


def test_supplement_completes_the_case_and_is_recorded(ready_context):
    number, (name,) = deferred_case(ready_context)
    result = record_supplement(
        ready_context.uow(write=True),
        number,
        [name],
        on=date(2026, 10, 9),
        channel=Channel.POST,
        actor="李四",
        today=date(2026, 10, 9),
    )
    assert result.state is CaseState.SUPPLEMENTED and result.missing == ()
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
        actor="李四",
        today=date(2026, 10, 9),
    )
    content = text(doc.path.read_bytes())
    assert "补正材料接收凭证" in content and squeeze(name) in content and "容缺材料已全部补齐" in content


def test_illegal_steps_are_refused_and_change_nothing(ready_context):
    number, (_name,) = deferred_case(ready_context)
    with pytest.raises(IllegalTransition, match="逾期"):
        terminate_case(ready_context.uow(write=True), number, actor="李四", today=date(2026, 10, 13))
    with pytest.raises(IllegalTransition, match="负责人"):
        extend_deadline(
            ready_context.uow(write=True),
            number,
            date(2026, 10, 20),
            "不可抗力",
            approved_by="王科长",
            supervisor=False,
            actor="李四",
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
        approved_by="王科长",
        supervisor=True,
        actor="李四",
        today=date(2026, 10, 12),
    )
    assert result.deadline == date(2026, 10, 20)
    rows = board_rows(ready_context.uow(), calendar=ready_context.calendar, today=date(2026, 10, 21))
    assert rows[0].number == number and rows[0].overdue and rows[0].status_label == "逾期"
    assert summary(rows).overdue == 1
    terminated = terminate_case(ready_context.uow(write=True), number, actor="李四", today=date(2026, 10, 21))
    assert terminated.state is CaseState.TERMINATED
    doc = produce_followup_document(
        ready_context.uow(write=True),
        number,
        DocumentKind.TERMINATION,
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
        actor="李四",
        today=date(2026, 10, 21),
    )
    assert "终止办理通知书" in text(doc.path.read_bytes())
    assert board_rows(ready_context.uow(), calendar=ready_context.calendar, today=date(2026, 10, 21)) == []
    with pytest.raises(IllegalTransition):
        withdraw_case(ready_context.uow(write=True), number, actor="李四", today=date(2026, 10, 22))


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
    assert record_reminders(ready_context.uow(write=True), [first], method="phone", actor="李四") == 1
    rows = board_rows(ready_context.uow(), calendar=ready_context.calendar, today=date(2026, 10, 9))
    assert rows[0].reminders == 1
    path = reminder_batch(
        ready_context.uow(write=True),
        [r.number for r in rows],
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
        actor="李四",
        today=date(2026, 10, 9),
    )
    content = text(path.read_bytes())
    assert content.count("催补通知") >= 2 and first in content and later in content
    with pytest.raises(IllegalTransition, match="提醒方式"):
        record_reminders(ready_context.uow(write=True), [first], method="carrier pigeon", actor="李四")


def test_printable_history(ready_context):
    number, _names = deferred_case(ready_context)
    record_reminders(ready_context.uow(write=True), [number], method="sms", actor="李四")
    doc = produce_followup_document(
        ready_context.uow(write=True),
        number,
        DocumentKind.CASE_HISTORY,
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
        actor="李四",
    )
    content = text(doc.path.read_bytes())
    assert "办件记录" in content and "容缺受理" in content and "催补" in content
