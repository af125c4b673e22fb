"""Every refusal of a disclosure step says why in words and changes nothing: the request's row, the
documents and the audit trail are as they were. And the supervisor's approvals: signed in, by password
at a clerk's counter, a wrong password, someone who may not approve, the drafter approving their own reply."""

from __future__ import annotations

from datetime import date

import pytest

from hallapp.domain.access import AccessDenied, Principal, Role
from hallapp.domain.disclosure import PauseKind, ReceiptChannel, Reply, RequesterKind
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.domain.errors import UserError
from hallapp.domain.lifecycle import IllegalTransition
from hallapp.errors import is_expected
from hallapp.printing.disclosure_model import DisclosureDocKind
from hallapp.services.accounts import LoginFailed
from hallapp.services.disclosure import DisclosureError
from hallapp.services.disclosure_form import DisclosureInputError
from hallapp.services.disclosure_views import RECENT_DAYS
from tests.people import ADMIN, AUDITOR, CLERK, PASSWORD, SUPERVISOR, create_accounts
from tests.services.disclosure_helpers import FIRM, FORM, MONDAY, events, form, stored

D = date
LATE = D(2026, 9, 23)  # the 8th working day after receipt: too late for a correction
OTHER_SUPERVISOR = Principal("wang.fang", "王芳", Role.SUPERVISOR, "")
OTHER_CLERK = Principal("li.si", "李四", Role.CLERK, "02")
# A supervisor's password typed at the counter is checked and that check is recorded (a wrong one counts
# towards the lockout): these refusals add that one account event, and nothing of the request.
PASSWORD_CHECKED = {
    "an extension with a wrong supervisor password",
    "an extension a clerk 'approves' for a clerk",
}


@pytest.fixture
def request_number(hall) -> str:
    return hall.session(CLERK).register_disclosure(FORM, today=MONDAY).value.request.number


def refusals(hall, number: str):
    """name: (error type, words in the message, call) — each refused, none changing anything."""
    clerk, supervisor = hall.session(CLERK), hall.session(SUPERVISOR)
    auditor, admin = hall.session(AUDITOR), hall.session(ADMIN)
    return {
        "a correction asked too late": (
            IllegalTransition,
            "7个工作日内一次性告知",
            lambda: clerk.ask_disclosure_correction(number, ["写明年份"], on=LATE, today=LATE),
        ),
        "a correction without items": (
            IllegalTransition,
            "逐项写明",
            lambda: clerk.ask_disclosure_correction(number, [" "], today=MONDAY),
        ),
        "a correction item with an invisible character": (
            DisclosureInputError,
            "U+200B",
            lambda: clerk.ask_disclosure_correction(number, ["写明\u200b年份"], today=MONDAY),
        ),
        "a correction received that was never asked": (
            IllegalTransition,
            "不能接收补正",
            lambda: clerk.receive_disclosure_correction(number, today=MONDAY),
        ),
        "a consultation in the future": (
            IllegalTransition,
            "不能晚于今天",
            lambda: clerk.start_disclosure_consultation(
                number, PauseKind.THIRD_PARTY, "某公司", on=D(2026, 9, 15), today=MONDAY
            ),
        ),
        "a consultation party far too long": (
            DisclosureInputError,
            "不能超过 200 个字符",
            lambda: clerk.start_disclosure_consultation(
                number, PauseKind.OTHER_OFFICE, "局" * 201, today=MONDAY
            ),
        ),
        "a consultation ended that never began": (
            IllegalTransition,
            "不能记录征求意见结果",
            lambda: clerk.end_disclosure_consultation(number, "同意", today=MONDAY),
        ),
        "a free request's fee notice": (
            IllegalTransition,
            "不收费",
            lambda: clerk.notify_disclosure_fee(number, FeeMode.BY_COUNT, today=MONDAY),
        ),
        "a payment without a notice": (
            IllegalTransition,
            "不能登记缴费",
            lambda: clerk.record_disclosure_payment(number, today=MONDAY),
        ),
        "an extension of 21 days": (
            IllegalTransition,
            "最长不超过20个工作日",
            lambda: supervisor.extend_disclosure(number, 21, "工作量大", today=MONDAY),
        ),
        "an extension without a reason": (
            IllegalTransition,
            "请填写延期理由",
            lambda: supervisor.extend_disclosure(number, 5, "  ", today=MONDAY),
        ),
        "an extension a clerk asks alone": (
            AccessDenied,
            "负责人审批",
            lambda: clerk.extend_disclosure(number, 5, "工作量大", today=MONDAY),
        ),
        "an extension with a wrong supervisor password": (
            LoginFailed,
            "",
            lambda: clerk.extend_disclosure(
                number,
                5,
                "工作量大",
                approver_username="zhao.liu",
                approver_password="Wrong-Pass-2026",
                today=MONDAY,
            ),
        ),
        "an extension a clerk 'approves' for a clerk": (
            AccessDenied,
            "无权审核依申请公开答复和延期",
            lambda: clerk.extend_disclosure(
                number, 5, "工作量大", approver_username="li.si", approver_password=PASSWORD, today=MONDAY
            ),
        ),
        "an unclear-after-correction reply without a correction": (
            IllegalTransition,
            "补正后申请内容仍不明确",
            lambda: clerk.draft_disclosure_reply(number, Reply.UNAVAILABLE_UNCLEAR, "仍不明确", today=MONDAY),
        ),
        "a reply without its text": (
            IllegalTransition,
            "请填写理由",
            lambda: clerk.draft_disclosure_reply(number, Reply.WITHHELD_STATE_SECRET, "", today=MONDAY),
        ),
        "a reply with a control character": (
            DisclosureInputError,
            "U+0007",
            lambda: clerk.draft_disclosure_reply(number, Reply.DISCLOSED, "当场\x07提供", today=MONDAY),
        ),
        "an approval of nothing drafted": (
            IllegalTransition,
            "不能审核答复",
            lambda: supervisor.approve_disclosure_reply(number, today=MONDAY),
        ),
        "a clerk approving a reply": (
            AccessDenied,
            "无权审核",
            lambda: clerk.approve_disclosure_reply(number, today=MONDAY),
        ),
        "a clerk returning a reply": (
            AccessDenied,
            "无权审核",
            lambda: clerk.return_disclosure_reply(number, "重写", today=MONDAY),
        ),
        "an archive before the reply": (
            IllegalTransition,
            "不能归档",
            lambda: clerk.archive_disclosure(number, today=MONDAY),
        ),
        "a reply document before the reply": (
            DisclosureError,
            "尚未作出答复",
            lambda: clerk.disclosure_document(number, DisclosureDocKind.REPLY, today=MONDAY),
        ),
        "a correction notice never asked": (
            DisclosureError,
            "未告知补正",
            lambda: clerk.disclosure_document(number, DisclosureDocKind.CORRECTION, today=MONDAY),
        ),
        "a step on an unknown number": (
            DisclosureError,
            "没有登记编号为「PSZW2026GK09999」",
            lambda: clerk.receive_disclosure_correction("PSZW2026GK09999", today=MONDAY),
        ),
        "the auditor at the counter": (
            AccessDenied,
            "审计管理员",
            lambda: auditor.ask_disclosure_correction(number, ["写明年份"], today=MONDAY),
        ),
        "the administrator at the counter": (
            AccessDenied,
            "系统管理员",
            lambda: admin.draft_disclosure_reply(number, Reply.DISCLOSED, "当场提供", today=MONDAY),
        ),
        "the auditor reading the board": (
            AccessDenied,
            "无权办理依申请公开",
            lambda: auditor.disclosure_board(today=MONDAY),
        ),
        "the administrator reading a request": (AccessDenied, "系统管理员", lambda: admin.disclosure(number)),
        "the auditor registering": (
            AccessDenied,
            "审计管理员",
            lambda: auditor.register_disclosure(FORM, today=MONDAY),
        ),
    }


def test_every_refusal_says_why_and_changes_nothing(hall, request_number):
    create_accounts(hall.context, OTHER_CLERK)
    for name, (error, words, call) in refusals(hall, request_number).items():
        before = stored(hall.context, request_number)
        kept = events(hall.context, request_number)
        with pytest.raises(error) as refused:
            call()
        assert is_expected(refused.value), name  # shown as its own words, never as a fault
        assert words in str(refused.value), (name, str(refused.value))
        row, documents, trail = stored(hall.context, request_number)
        assert (row, documents) == before[:2], name
        assert events(hall.context, request_number) == kept, name
        if name not in PASSWORD_CHECKED:
            assert trail == before[2], name


def test_a_signed_in_supervisor_approves_an_extension_themselves(hall, request_number):
    view = (
        hall.session(SUPERVISOR)
        .extend_disclosure(request_number, 15, "涉及多个部门", today=D(2026, 9, 15))
        .value
    )
    assert view.request.extension.approved_by == view.request.extension.requested_by == "zhao.liu"
    assert view.row.deadline == D(2026, 11, 6)  # 10-16 and 15 more working days
    (actor, action, detail) = events(hall.context, request_number)[-1]
    assert (actor, action, detail["approved_by"]) == ("zhao.liu", "disclosure.extend", "zhao.liu")
    with pytest.raises(IllegalTransition, match="已延长过一次"):
        hall.session(SUPERVISOR).extend_disclosure(request_number, 5, "再延", today=D(2026, 9, 16))


def test_an_extension_after_the_deadline_is_refused(hall, request_number):
    supervisor = hall.session(SUPERVISOR)  # signing in is recorded too: before the snapshot
    before = stored(hall.context, request_number)
    with pytest.raises(IllegalTransition, match="2026-10-16 届满"):
        supervisor.extend_disclosure(request_number, 5, "迟了", today=D(2026, 10, 19))
    assert stored(hall.context, request_number) == before


def test_the_drafter_never_approves_their_own_reply(hall, request_number):
    create_accounts(hall.context, OTHER_SUPERVISOR)
    supervisor = hall.session(SUPERVISOR)
    supervisor.draft_disclosure_reply(request_number, Reply.DISCLOSED, "当场提供复印件", today=MONDAY)
    other = hall.session(OTHER_SUPERVISOR)
    before = stored(hall.context, request_number)
    with pytest.raises(IllegalTransition, match="拟稿人以外的负责人审核"):
        supervisor.approve_disclosure_reply(request_number, today=MONDAY)
    assert stored(hall.context, request_number) == before
    view = other.approve_disclosure_reply(request_number, today=MONDAY).value
    assert (view.request.reply.drafted_by, view.request.reply.approved_by) == ("zhao.liu", "wang.fang")


def test_a_correction_not_answered_in_time_closes_the_request_only_after_its_period(hall, request_number):
    clerk, supervisor = hall.session(CLERK), hall.session(SUPERVISOR)
    clerk.ask_disclosure_correction(
        request_number, ["写明年份"], period_days=5, today=MONDAY
    )  # due 9-20, a Sunday worked
    with pytest.raises(IllegalTransition, match="补正期限至 2026-09-20，尚未届满"):
        clerk.draft_disclosure_reply(
            request_number, Reply.OTHER_NO_CORRECTION, "逾期未补正", today=D(2026, 9, 20)
        )
    rows = clerk.disclosure_board(today=D(2026, 9, 21))
    assert rows[0].status_label == "待补正（09-20 期满）"
    clerk.draft_disclosure_reply(
        request_number, Reply.OTHER_NO_CORRECTION, "逾期未补正，视为放弃申请", today=D(2026, 9, 22)
    )
    view = supervisor.return_disclosure_reply(request_number, "请再电话联系一次", today=D(2026, 9, 22)).value
    assert view.row.status_label == "待补正（09-20 期满）"  # sent back to where it was
    assert RECENT_DAYS == 30


def test_what_is_typed_is_checked_before_a_number_is_used(hall):
    clerk = hall.session(CLERK)
    cases = {
        "申请人姓名第 3 个字符是看不见的零宽字符（U+200B）": form(name="陈晓\u200b明"),
        "申请人身份证号码：校验位": form(id_number="440308199001011237"),
        "请填写申请人的身份证号码": form(id_number=""),
        "统一社会信用代码：": form(
            requester_kind=RequesterKind.COMMERCIAL, id_number="91440300MA5DC8XX1Y", contact_person="李娜"
        ),
        "申请公开的政府信息内容描述不能超过 2000 个字符": form(description="文" * 2001),
        "电子邮箱「lina.example.com」格式不对": form(email="lina.example.com"),
        "邮政编码应为 6 位数字": form(postcode="5181"),
        "联系电话：": form(phone="12345"),
        "当面提交的申请以当天为收到日期": form(arrived_on=D(2026, 9, 11)),
        "平常信函的申请以与申请人确认收到之日为收到日期": form(
            channel=ReceiptChannel.POST_ORDINARY, arrived_on=D(2026, 9, 11)
        ),
        "法人或其他组织申请，请填写联系人": form(
            requester_kind=RequesterKind.RESEARCH, id_number="91440300MA5DC8XX1E"
        ),
    }
    for words, typed in cases.items():
        with pytest.raises(UserError) as refused:
            clerk.register_disclosure(typed, today=MONDAY)
        assert words in str(refused.value), (words, str(refused.value))
    assert clerk.find_disclosures() == []
    # nothing was numbered: the first request stored is the year's first number
    first = clerk.register_disclosure(form(description="第一行\r\n第二行"), today=MONDAY).value
    assert first.request.number == "PSZW2026GK00001" and first.request.description == "第一行\n第二行"
    firm = clerk.register_disclosure(FIRM, today=MONDAY).value
    assert (
        firm.request.number == "PSZW2026GK00002" and firm.request.requester.id_number == "91440300MA5DC8XX1E"
    )
    assert firm.row.requester_label == "商业企业"
