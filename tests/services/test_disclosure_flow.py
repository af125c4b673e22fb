"""A disclosure request's whole procedure through the counter session, with the test people and the
real 2026 holiday schedule: registering, 补正 and its restart, a third party's consultation, an extension
approved by the supervisor's password, a fee, a draft sent back, the supervisor's approval and the archive;
every step audited with the request's new state, and the audit chain intact after all of it."""

from __future__ import annotations

from datetime import date

import pytest

from hallapp.domain.disclosure import DisclosureState, PauseKind, Reply
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.services.changes import DISCLOSURES
from hallapp.store import disclosure_codec
from tests.people import AUDITOR, CLERK, SUPERVISOR
from tests.services.disclosure_helpers import FIRM, FORM, MONDAY, events, stored

D = date


def test_the_whole_procedure_from_receipt_to_archive(hall):
    clerk, supervisor = hall.session(CLERK), hall.session(SUPERVISOR)
    assert clerk.may_disclose() and not clerk.may_approve_disclosure()
    assert supervisor.may_disclose() and supervisor.may_approve_disclosure()

    made = clerk.register_disclosure(FORM, today=MONDAY)
    assert made.changes == DISCLOSURES and made.changes.names == ("disclosures",)
    view = made.value
    number = view.request.number
    assert number == "PSZW2026GK00001"
    assert view.request.registered_by == CLERK.username and view.row.clerk == CLERK.display_name
    assert view.request.received_on == MONDAY
    assert (view.row.state, view.row.status_label) == (DisclosureState.REGISTERED, "办理中")
    assert view.row.deadline == D(2026, 10, 16)  # 20 working days over 中秋 and 国庆, 9-20 and 10-10 worked
    assert view.row.days_left == 20 and not view.row.overdue
    assert view.id_masked == "4403**********1239" and view.phone_masked == "138****5678"
    assert any("2026-09-22 前一次性告知补正" in s for s in view.next_steps)  # 7 working days after receipt

    # 补正: asked within 7 working days, answered: the 20 days run again from the corrected request
    view = clerk.ask_disclosure_correction(
        number, ["写明小区名称", "写明文件年份"], period_days=10, on=D(2026, 9, 16), today=D(2026, 9, 16)
    ).value
    assert view.row.state is DisclosureState.AWAITING_CORRECTION and view.row.deadline is None
    assert view.row.waiting_until == D(2026, 9, 30) and view.row.status_label == "待补正（至 09-30）"
    view = clerk.receive_disclosure_correction(number, on=D(2026, 9, 21), today=D(2026, 9, 21)).value
    assert view.row.state is DisclosureState.REGISTERED and view.row.deadline == D(2026, 10, 26)

    # a third party has 15 working days; the clock stops meanwhile
    view = clerk.start_disclosure_consultation(
        number, PauseKind.THIRD_PARTY, "深圳市某物业管理有限公司", on=D(2026, 9, 22), today=D(2026, 9, 22)
    ).value
    assert view.row.state is DisclosureState.CONSULTING and view.row.waiting_until == D(2026, 10, 20)
    assert view.row.status_label == "征求第三方意见（至 10-20）" and not view.row.overdue

    # the clerk asks for an extension, the supervisor approves it at the counter with their password
    view = clerk.extend_disclosure(
        number,
        10,
        "需征求第三方意见，无法按期答复",
        approver_username=SUPERVISOR.username,
        approver_password="Counter-Pass-2026",
        today=D(2026, 9, 24),
    ).value
    extension = view.request.extension
    assert (extension.days, extension.approved_by, extension.requested_by) == (10, "zhao.liu", "zhang.san")

    view = clerk.end_disclosure_consultation(
        number, "第三方不同意公开", on=D(2026, 10, 12), today=D(2026, 10, 12)
    ).value
    # 20 + 10 working days from 9-21: 9-22, then the 9 working days of 9-23 .. 10-12 did not count
    assert view.row.state is DisclosureState.REGISTERED and view.row.deadline == D(2026, 11, 20)

    assert clerk.disclosure_fee_quote(number, FeeMode.BY_PAGES, 120) == (120, 1100)  # 70×10 + 20×20 元
    view = clerk.notify_disclosure_fee(
        number, FeeMode.BY_PAGES, 120, on=D(2026, 10, 13), today=D(2026, 10, 13)
    ).value
    assert view.row.state is DisclosureState.AWAITING_FEE and view.request.fee.amount == 1100
    view = clerk.record_disclosure_payment(number, on=D(2026, 10, 15), today=D(2026, 10, 15)).value
    assert view.row.state is DisclosureState.REGISTERED
    assert view.row.deadline == D(2026, 11, 24)  # 10-14 and 10-15, waiting for the payment, did not count

    # the reply: drafted, sent back, drafted again, approved by the supervisor (who did not draft it)
    clerk.draft_disclosure_reply(
        number, Reply.PARTLY_DISCLOSED, "公开立项批复；第三方商业信息不予公开", today=D(2026, 10, 16)
    )
    view = supervisor.return_disclosure_reply(number, "请写明不予公开部分的依据", today=D(2026, 10, 16)).value
    assert view.row.status_label == "答复已退回" and view.request.returned_note == "请写明不予公开部分的依据"
    view = clerk.draft_disclosure_reply(
        number,
        Reply.PARTLY_DISCLOSED,
        "公开立项批复；第三方商业信息依第三十七条不予公开",
        today=D(2026, 10, 19),
    ).value
    assert view.row.state is DisclosureState.REPLY_PENDING
    view = supervisor.approve_disclosure_reply(number, today=D(2026, 10, 20)).value
    assert view.row.state is DisclosureState.REPLIED
    assert (view.request.reply.approved_by, view.request.reply.issued_on) == ("zhao.liu", D(2026, 10, 20))
    assert view.request.replied_in_time(hall.context.calendar) is True

    view = clerk.archive_disclosure(number, "档案室 A-3", today=D(2026, 10, 21)).value
    assert view.row.state is DisclosureState.ARCHIVED and view.request.archive_place == "档案室 A-3"
    assert view.next_steps == ()

    trail = events(hall.context, number)
    assert [(actor, action) for actor, action, _ in trail] == [
        ("zhang.san", "disclosure.register"),
        ("zhang.san", "disclosure.correction_ask"),
        ("zhang.san", "disclosure.correction_receive"),
        ("zhang.san", "disclosure.consult_start"),
        ("zhao.liu", "disclosure.extend"),  # the approval is the supervisor's act
        ("zhang.san", "disclosure.consult_end"),
        ("zhang.san", "disclosure.fee_notify"),
        ("zhang.san", "disclosure.fee_paid"),
        ("zhang.san", "disclosure.reply_draft"),
        ("zhao.liu", "disclosure.reply_return"),
        ("zhang.san", "disclosure.reply_draft"),
        ("zhao.liu", "disclosure.reply_approve"),
        ("zhang.san", "disclosure.archive"),
    ]
    # each event carries the request as it was stored by that step; the last one is the request now
    states = [disclosure_codec.decode(detail["request"]).state.value for _, _, detail in trail]
    assert states == [
        "registered",
        "awaiting_correction",
        "registered",
        "consulting",
        "consulting",
        "registered",
        "awaiting_fee",
        "registered",
        "reply_pending",
        "registered",
        "reply_pending",
        "replied",
        "archived",
    ]
    assert disclosure_codec.decode(trail[-1][2]["request"]) == view.request
    assert trail[4][2]["requested_by"] == "zhang.san" and trail[4][2]["approved_by"] == "zhao.liu"

    # the history in words, in the detail view, and the chain verified by the audit administrator
    assert [e.action for e in view.events][:3] == ["登记", "补正告知", "收到补正"]
    assert view.events[4].actor == SUPERVISOR.display_name
    report = hall.session(AUDITOR).verify_audit()
    assert report.ok, report.reason


def test_an_archived_request_changes_no_more_and_stays_in_the_register(hall):
    clerk, supervisor = hall.session(CLERK), hall.session(SUPERVISOR)
    number = clerk.register_disclosure(FORM, today=MONDAY).value.request.number
    clerk.draft_disclosure_reply(
        number, Reply.ALREADY_PUBLIC, "坪山区政府网站“政府信息公开”栏目", today=MONDAY
    )
    supervisor.approve_disclosure_reply(number, today=MONDAY)
    clerk.archive_disclosure(number, today=D(2026, 9, 15))
    before = stored(hall.context, number)
    with pytest.raises(Exception, match="已归档的申请不能再"):
        clerk.ask_disclosure_correction(number, ["补正"], today=D(2026, 9, 15))
    assert stored(hall.context, number) == before
    found = clerk.find_disclosures(number)
    assert [r.number for r in found] == [number] and found[0].state is DisclosureState.ARCHIVED


def test_numbers_are_never_reused_and_each_year_has_its_own_series(hall):
    from hallapp.services.disclosure_form import DisclosureInputError
    from tests.services.disclosure_helpers import form

    clerk = hall.session(CLERK)
    first = clerk.register_disclosure(FORM, today=MONDAY).value.request.number
    with pytest.raises(DisclosureInputError):
        clerk.register_disclosure(form(name=""), today=MONDAY)
    second = clerk.register_disclosure(FORM, today=MONDAY).value.request.number
    new_year = clerk.register_disclosure(form(arrived_on=D(2027, 1, 4)), today=D(2027, 1, 4)).value
    third = clerk.register_disclosure(FORM, today=MONDAY).value.request.number
    assert [first, second, third] == ["PSZW2026GK00001", "PSZW2026GK00002", "PSZW2026GK00003"]
    assert new_year.request.number == "PSZW2027GK00001"
    numbers = [r.number for r in clerk.find_disclosures()]
    assert len(numbers) == len(set(numbers)) == 4


def test_the_audit_trail_as_exported_masks_the_applicant(hall, tmp_path):
    clerk = hall.session(CLERK)
    number = clerk.register_disclosure(FORM, today=MONDAY).value.request.number
    firm = clerk.register_disclosure(FIRM, today=MONDAY).value.request.number
    assert events(hall.context, number)[0][2]["request"]["requester"]["id_number"] == "440308199001011239"
    assert events(hall.context, firm)[0][2]["request"]["requester"]["email"] == "lina@example.com"
    out = tmp_path / "trail.csv"
    hall.session(AUDITOR).export_trail(out)
    exported = out.read_text(encoding="utf-8-sig")
    assert number in exported and "440308199001011239" not in exported and "13812345678" not in exported
    assert firm in exported and "lina@example.com" not in exported and "l***@example.com" in exported
