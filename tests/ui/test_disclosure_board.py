"""The disclosure board's steps that the window's walk does not take, and who may do what: the fee's
quote shown before the notice is sent, the payment, a supervisor's draft refused to its own drafter and
changing nothing, a draft sent back with the note the drafter then sees, the archive search, the steps a
request is not at disabled with the reason; and the audit view's words for every disclosure record."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from hallapp.domain.access import Principal, Role
from hallapp.domain.disclosure import DisclosureState, ReceiptChannel, Reply, RequesterKind
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.printing.disclosure_model import DisclosureDocKind
from hallapp.services.disclosure_inputs import DisclosureForm
from hallapp.services.session import CounterSession
from hallapp.store.case_models import AuditEvent
from hallapp.ui.audit_text import action_text, detail_text, object_text
from hallapp.ui.disclosure_board import DisclosureBoard
from hallapp.ui.disclosure_dialogs import DayDialog, FeeDialog
from hallapp.ui.disclosure_reply import ApproveDialog, ReplyDialog, ReturnDialog
from hallapp.ui.main_window import MainWindow
from hallapp.ui.ops import Operations
from tests.people import AUDITOR, PASSWORD, SUPERVISOR, cheap_hashing, create_accounts
from tests.services.intake_helpers import resident_id
from tests.ui.conftest import COUNTER_CLERK, commit_text

TODAY = date(2026, 10, 9)


def form(name: str = "欧阳娜娜", description: str = "2025年坪山区主干道路建设规划批复") -> DisclosureForm:
    return DisclosureForm(
        channel=ReceiptChannel.IN_PERSON,
        arrived_on=TODAY,
        requester_kind=RequesterKind.PERSON,
        name=name,
        id_number=resident_id(),
        phone="13812345678",
        description=description,
    )


@pytest.fixture
def people(ready_context, monkeypatch):
    cheap_hashing(monkeypatch)
    create_accounts(ready_context, COUNTER_CLERK, SUPERVISOR)
    return CounterSession.open(ready_context, COUNTER_CLERK), CounterSession.open(ready_context, SUPERVISOR)


@pytest.fixture
def page(qtbot):
    ops = Operations()
    view = DisclosureBoard()
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    view.today = TODAY
    yield view, ops
    view.detach()
    ops.wait()


def sign_in(qtbot, view: DisclosureBoard, ops: Operations, session) -> None:
    if view.ops is not None:
        view.detach()
    ops.session = session
    with qtbot.waitSignal(view.rows_loaded, timeout=15_000):
        view.attach(ops)


def opened(qtbot, view: DisclosureBoard, action, kind):
    action()
    qtbot.waitUntil(lambda: isinstance(view.dialog, kind), timeout=15_000)
    qtbot.waitExposed(view.dialog)
    return view.dialog


def stored_after(qtbot, view: DisclosureBoard, dialog, session, number: str):
    """Enter on the form's OK; once it closed and the board reloaded, the request as stored."""
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.dialog is not dialog, timeout=15_000)
    request = session.disclosure(number, today=TODAY).request
    shown = lambda: [r.state for r in view.shown_rows() if r.number == number]
    qtbot.waitUntil(lambda: shown() == [request.state], timeout=15_000)  # the board reloaded by itself
    return request


def test_fee_quote_before_the_notice_then_the_payment(qtbot, page, people):
    view, ops = page
    clerk, _supervisor = people
    number = clerk.register_disclosure(form(), today=TODAY).value.row.number
    sign_in(qtbot, view, ops, clerk)
    view.select(number)
    dialog = opened(qtbot, view, view.fee, FeeDialog)
    qtbot.waitUntil(lambda: dialog.quote is not None, timeout=15_000)
    assert dialog.quote[1] == 0 and "不收费" in dialog.quote_label.text()  # the 1st request of the month
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    assert dialog.problems() == ["按规定本申请不收费（未超过免费件数或页数）"] and view.dialog is dialog
    dialog.pages_radio.setChecked(True)
    dialog.pages_spin.setValue(120)
    qtbot.waitUntil(lambda: dialog.quote == (120, 1100), timeout=15_000)  # 70 × 10 元 + 20 × 20 元
    assert "1100 元" in dialog.quote_label.text()
    request = stored_after(qtbot, view, dialog, clerk, number)
    assert request.state is DisclosureState.AWAITING_FEE
    assert (request.fee.mode, request.fee.basis, request.fee.amount) == (FeeMode.BY_PAGES, 120, 1100)
    qtbot.waitUntil(lambda: "已打印" in view.message(), timeout=15_000)
    assert not view.buttons["fee"].isEnabled() and "待缴费" in view.buttons["fee"].toolTip()
    dialog = opened(qtbot, view, view.paid, DayDialog)
    request = stored_after(qtbot, view, dialog, clerk, number)
    assert request.state is DisclosureState.REGISTERED and request.fee.paid_on == TODAY


def test_a_draft_refused_to_its_drafter_then_sent_back_with_a_note(qtbot, page, people):
    view, ops = page
    clerk, supervisor = people
    number = clerk.register_disclosure(form(), today=TODAY).value.row.number
    sign_in(qtbot, view, ops, supervisor)
    view.select(number)
    assert (
        view.buttons["approve"].toolTip().startswith("不可用：")
        and "办理中" in view.buttons["approve"].toolTip()
    )
    dialog = opened(qtbot, view, view.draft, ReplyDialog)
    dialog.choose(Reply.ALREADY_PUBLIC)
    assert dialog.text_label.text().startswith("获取途径")
    commit_text(dialog.text_edit, "已在区政府门户网站公开")
    request = stored_after(qtbot, view, dialog, supervisor, number)
    assert request.state is DisclosureState.REPLY_PENDING and request.reply.drafted_by == SUPERVISOR.username

    view.select(number)
    dialog = opened(qtbot, view, view.approve, ApproveDialog)
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.problems()), timeout=15_000)
    assert "拟稿人以外" in dialog.problems()[0] and view.dialog is dialog  # said in the form, kept open
    assert supervisor.disclosure(number, today=TODAY).request.state is DisclosureState.REPLY_PENDING
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    dialog = opened(qtbot, view, view.send_back, ReturnDialog)
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert dialog.problems() == ["请写明退回的理由"]
    commit_text(dialog.note_edit, "请写明具体网址")
    request = stored_after(qtbot, view, dialog, supervisor, number)
    assert (request.state, request.reply, request.returned_note) == (
        DisclosureState.REGISTERED,
        None,
        "请写明具体网址",
    )

    sign_in(qtbot, view, ops, clerk)
    view.select(number)
    dialog = opened(qtbot, view, view.draft, ReplyDialog)
    notes = [label.text() for label in dialog.findChildren(type(dialog.ground_label), "returnedNote")]
    assert notes == ["负责人退回意见：请写明具体网址"]


def test_steps_a_request_is_not_at_say_why_and_the_archive_is_searched(qtbot, page, people):
    view, ops = page
    clerk, _supervisor = people
    first = clerk.register_disclosure(form(), today=TODAY).value.row.number
    second = clerk.register_disclosure(form("王建国", "某小区规划许可"), today=TODAY).value.row.number
    sign_in(qtbot, view, ops, clerk)
    view.select(first)
    for key in ("receive_correction", "end_consult", "paid", "approve", "send_back", "archive"):
        assert not view.buttons[key].isEnabled(), key
        assert view.buttons[key].toolTip().startswith("不可用："), key
    assert "办理中" in view.buttons["archive"].toolTip()
    assert view.buttons["ask_correction"].isEnabled() and view.buttons["register"].isEnabled()
    assert "负责人" in view.notice()  # why 审核 and 退回 are not the clerk's
    view.archive()  # the key of a disabled step: said on the page, no form
    assert view.dialog is None and "不能归档" in view.message()
    view.status_box.setCurrentIndex(view.status_box.findData("all"))
    qtbot.waitUntil(lambda: len(view.shown_rows()) == 2, timeout=15_000)
    commit_text(view.search_box, "王建国")
    qtbot.waitUntil(lambda: [r.number for r in view.shown_rows()] == [second], timeout=15_000)
    assert "找到 1 件" in view.summary_label.text()


def test_only_those_who_may_see_the_tab(qtbot, ready_context, monkeypatch):
    cheap_hashing(monkeypatch)
    create_accounts(ready_context, COUNTER_CLERK, AUDITOR)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.attach(ready_context, AUDITOR)
    qtbot.waitUntil(lambda: window.session is not None, timeout=15_000)
    action = next(a for a, _p in window.guarded_actions if a.text() == "依申请公开")
    assert not action.isEnabled() and "无权" in action.toolTip()
    board = window.disclosure_board
    assert board is None or not window.tabs.isTabVisible(window.tabs.indexOf(board))
    window.detach()
    window.attach(
        ready_context, Principal(COUNTER_CLERK.username, COUNTER_CLERK.display_name, Role.CLERK, "01")
    )
    qtbot.waitUntil(
        lambda: window.session is not None and window.disclosure_board is not None, timeout=15_000
    )
    assert action.isEnabled() and window.tabs.isTabVisible(window.tabs.indexOf(window.disclosure_board))
    window.show_disclosures()
    assert window.tabs.currentWidget() is window.disclosure_board
    window.ops.wait()


def test_every_disclosure_record_reads_in_words(ready_context, people):
    clerk, supervisor = people
    number = clerk.register_disclosure(form(), today=TODAY).value.row.number
    clerk.ask_disclosure_correction(number, ["请写明文号"], on=TODAY, today=TODAY)
    clerk.receive_disclosure_correction(number, on=TODAY, today=TODAY)
    clerk.notify_disclosure_fee(number, FeeMode.BY_PAGES, 40, on=TODAY, today=TODAY)
    clerk.record_disclosure_payment(number, on=TODAY, today=TODAY)
    supervisor.extend_disclosure(number, 10, "涉及多个部门", today=TODAY)
    clerk.draft_disclosure_reply(number, Reply.DISCLOSED, "提供复印件", today=TODAY)
    supervisor.approve_disclosure_reply(number, today=TODAY)
    clerk.disclosure_document(number, DisclosureDocKind.REPLY, today=TODAY)
    clerk.archive_disclosure(number, "档案室", today=TODAY)
    with ready_context.uow() as uow:
        events = [
            (e.action, e.object_type, e.object_id, e.detail)
            for e in uow.session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
            if e.object_type == "disclosure"
        ]
    assert len({action for action, *_ in events}) >= 10
    names = {SUPERVISOR.username: SUPERVISOR.display_name, COUNTER_CLERK.username: COUNTER_CLERK.display_name}
    for action, object_type, object_id, raw in events:
        assert (
            action_text(action) != action
            and object_text(object_type, object_id) == f"依申请公开申请 {number}"
        )
        shown = detail_text(action, raw, names)
        for code in ("{", "}", '"', "awaiting", "in_person", "person", "by_pages", "True", "None"):
            assert code not in shown, (action, code, shown)
        assert resident_id() not in shown and "13812345678" not in shown, shown
        if action != "disclosure.print":  # a step's record carries the request as stored after it
            assert json.loads(raw)["request"]["state"], action
    extension = next(detail_text(a, d, names) for a, _t, _i, d in events if a == "disclosure.extend")
    assert "审批人：赵六" in extension and "延期 10 个工作日（涉及多个部门，赵六 同意）" in extension
    printed = next(detail_text(a, d, names) for a, _t, _i, d in events if a == "disclosure.print")
    assert "政府信息公开申请答复书" in printed
    archived = next(detail_text(a, d, names) for a, _t, _i, d in events if a == "disclosure.archive")
    assert "办理状态 已归档" in archived and "档案室" in archived and "4403**********" in archived


def test_the_idle_lock_hides_an_open_request_and_unlocking_shows_it_again(
    qtbot, window, ready_context, monkeypatch
):
    cheap_hashing(monkeypatch)
    create_accounts(ready_context, COUNTER_CLERK)
    number = window.session.register_disclosure(form(), today=TODAY).value.row.number
    board = window.disclosure_board
    board.today = TODAY
    window.show_disclosures()
    board.refresh()  # registered behind the window's back: no broadcast
    qtbot.waitUntil(lambda: board.select(number), timeout=15_000)
    board.open_detail(number)
    qtbot.waitUntil(
        lambda: board.detail_dialog is not None and board.detail_dialog.isVisible(), timeout=15_000
    )
    detail = board.detail_dialog
    window.lock_now()
    guard = window.idle_guard
    qtbot.waitUntil(lambda: guard.dialog is not None and guard.dialog.isVisible(), timeout=15_000)
    assert not detail.isVisible()  # nothing of the applicant behind the lock
    qtbot.keyClicks(guard.dialog.password, PASSWORD)
    qtbot.keyClick(guard.dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: guard.dialog is None, timeout=15_000)
    qtbot.waitUntil(detail.isVisible, timeout=5_000)
    assert board.detail_dialog is detail


def test_a_correction_after_its_seven_working_days_is_refused_in_the_form(qtbot):
    from hallapp.domain.workdays import weekdays_only
    from hallapp.ui.disclosure_dialogs import CorrectionDialog
    from tests.ui.test_disclosure_model import row

    late = CorrectionDialog(row("PSZW2026GK00001"), today=date(2026, 11, 10), calendar=weekdays_only())
    qtbot.addWidget(late)
    late.hold_until_answered()
    sent: list = []
    late.submitted.connect(sent.append)
    late.show()
    assert late.problems() == [late.too_late] and "至 2026-10-20" in late.too_late  # said on opening
    commit_text(late.items_edit, "请写明文号")
    qtbot.keyClick(late.period_spin, Qt.Key.Key_Return)
    assert sent == [] and late.problems() == [late.too_late]
    late.date_edit.setDate(late.date_edit.date().addDays(-30))  # given on 10-11, typed in now: in time
    qtbot.keyClick(late.period_spin, Qt.Key.Key_Return)
    assert [v.items for v in sent] == [("请写明文号",)] and sent[0].on == date(2026, 10, 11)


def test_a_supervisor_signed_in_approves_an_extension_without_a_password(qtbot, page, people):
    from hallapp.ui.disclosure_dialogs import DisclosureExtendDialog

    view, ops = page
    clerk, supervisor = people
    number = clerk.register_disclosure(form(), today=TODAY).value.row.number
    sign_in(qtbot, view, ops, supervisor)
    view.select(number)
    assert "负责人在延期窗口" not in view.buttons["extend"].toolTip()
    dialog = opened(qtbot, view, view.extend, DisclosureExtendDialog)
    assert not dialog.approver_needed and dialog.approver_group.isHidden()
    dialog.days_spin.setValue(15)
    due = dialog.row.deadline
    later = supervisor.calendar.add_working_days(due, 15).date
    assert dialog.day_hint.text() == f"答复期限由 {due} 延至 {later}"
    qtbot.keyClick(dialog.days_spin, Qt.Key.Key_Return)
    assert dialog.problems() == ["请填写延期理由"] and view.dialog is dialog
    commit_text(dialog.reason_edit, "需调取档案")
    request = stored_after(qtbot, view, dialog, supervisor, number)
    assert (request.extension.days, request.extension.approved_by) == (15, SUPERVISOR.username)
    qtbot.waitUntil(lambda: view.shown_rows()[0].deadline == later, timeout=15_000)  # as the form said
    qtbot.waitUntil(lambda: "已打印" in view.message(), timeout=15_000)
