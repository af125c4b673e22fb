"""A disclosure request's whole life in the real counter window, driven with keys: registered in person
(the 登记回执 printed), a letter typed in later with its signed-for day, a correction asked and received,
a third party consulted, an extension approved on the spot by a supervisor's password, a reply drafted by
the clerk and approved by the supervisor signed in, printed, archived, found in the archive and reprinted.
After each step the board's rows and the stored request are checked; each refusal changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.exceptions import TimeoutError

from hallapp.domain.disclosure import DisclosureState, PauseKind, ReceiptChannel, Reply, ReplyGroup
from hallapp.ui.disclosure_detail import DisclosureDetailDialog, PrintChoiceDialog
from hallapp.ui.disclosure_dialogs import (
    ConsultDialog,
    CorrectionDialog,
    DayDialog,
    DisclosureExtendDialog,
)
from hallapp.ui.disclosure_register import RegisterDialog
from hallapp.ui.disclosure_reply import ApproveDialog, ReplyDialog
from hallapp.ui.followup_form import ConfirmDialog
from tests.people import PASSWORD, SUPERVISOR, cheap_hashing, create_accounts
from tests.printing.pdfcheck import squeeze, text
from tests.services.intake_helpers import resident_id
from tests.ui.conftest import COUNTER_CLERK, commit_text

TODAY = date(2026, 10, 9)
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
WAIT = 20_000


@pytest.fixture
def desk(qtbot, window, ready_context, monkeypatch):
    """The window with the clerk 张三 at the disclosure tab (Ctrl+4), on a fixed day; the supervisor 赵六
    has an account (for the password on the spot and to sign in later)."""
    cheap_hashing(monkeypatch)
    create_accounts(ready_context, COUNTER_CLERK, SUPERVISOR)
    board = window.disclosure_board
    assert board is not None
    board.today = TODAY
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is board and board.search_box.hasFocus())
    return Desk(qtbot, window, board)


class Desk:
    def __init__(self, qtbot, window, board) -> None:
        self.qtbot, self.window, self.board = qtbot, window, board

    def key(self, key, modifiers=Qt.KeyboardModifier.NoModifier, widget=None) -> None:
        target = widget or QApplication.focusWidget() or self.window
        self.qtbot.keyClick(target, key, modifiers)

    def form(self, key, modifiers=CTRL, kind=None):
        """Press the step's key on the board; the form it opened (the keyboard in it)."""
        board = self.board
        before = board.dialog
        self.key(key, modifiers)
        try:
            self.qtbot.waitUntil(
                lambda: board.dialog is not None and board.dialog is not before, timeout=WAIT
            )
        except TimeoutError:
            raise AssertionError(
                f"no form: the keyboard in {QApplication.focusWidget()!r}, the board says {board.message()!r}"
            ) from None
        dialog = board.dialog
        if kind is not None:
            assert isinstance(dialog, kind), (dialog, board.message())
        self.qtbot.waitExposed(dialog)
        return dialog

    def submit(self, dialog, widget) -> None:
        """Enter in ``widget``; the form closes once the change is stored."""
        self.key(Qt.Key.Key_Return, widget=widget)
        try:
            self.qtbot.waitUntil(lambda: self.board.dialog is not dialog, timeout=WAIT)
        except TimeoutError:
            raise AssertionError(f"the form stayed open: {dialog.problems()}") from None
        if self.board.dialog is None and (self.window.preview is None or not self.window.preview.isVisible()):
            self.back()  # nothing else asked or shown: the window has the keyboard again

    def preview(self, before) -> list[Path]:
        """The preview the step printed into: its PDFs; Esc closes it."""
        window = self.window
        self.qtbot.waitUntil(
            lambda: window.preview is not None and window.preview is not before, timeout=WAIT
        )
        preview = window.preview
        paths = list(preview.paths)
        self.qtbot.keyClick(preview, Qt.Key.Key_Escape)
        self.qtbot.waitUntil(lambda: not preview.isVisible())
        self.back()
        return paths

    def back(self) -> None:
        """A dialog closed: the window has the keyboard again (a window manager would say so) — unless
        the step's print arrived meanwhile (it is made after the form closes): then the preview has it,
        and the caller reads it with ``preview``."""

        def settled() -> bool:
            preview = self.window.preview
            if preview is not None and preview.isVisible():
                return True
            self.window.activateWindow()
            return QApplication.activeWindow() is self.window

        self.qtbot.waitUntil(settled, timeout=WAIT)

    def find(self, number: str) -> None:
        """The request alone on the board and selected (its number typed in the search box)."""
        board = self.board
        self.back()
        board.focus_search()
        self.qtbot.waitUntil(board.search_box.hasFocus)
        board.search_box.clear()
        self.qtbot.keyClicks(board.search_box, number)
        self.qtbot.waitUntil(lambda: [r.number for r in board.shown_rows()] == [number], timeout=WAIT)
        self.qtbot.waitUntil(lambda: board.current_row() is not None and board.current_row().number == number)

    def row(self, number: str):
        """The row the board shows for ``number`` once it reloaded itself after a step."""
        board = self.board
        self.qtbot.waitUntil(lambda: any(r.number == number for r in board.model.rows()), timeout=WAIT)
        return next(r for r in board.model.rows() if r.number == number)

    def stored(self, number: str):
        return self.window.session.disclosure(number, today=TODAY)

    def wait_state(self, number: str, state: DisclosureState):
        self.qtbot.waitUntil(lambda: self.row(number).state is state, timeout=WAIT)
        assert self.stored(number).request.state is state
        return self.row(number)


def pdf(path: Path) -> str:
    return text(Path(path).read_bytes())


def test_a_request_from_the_counter_to_the_archive(qtbot, desk, ready_context):
    board, window = desk.board, desk.window
    calendar = window.session.calendar
    due = calendar.add_working_days(TODAY, 20).date

    # 登记 in person: the form, Enter, the receipt offered and printed
    dialog = desk.form(Qt.Key.Key_N, kind=RegisterDialog)
    assert dialog.channel is ReceiptChannel.IN_PERSON
    desk.key(Qt.Key.Key_Tab)  # from the channel past the (fixed) day to 自然人
    commit_text(dialog.name_edit, "欧阳娜娜")
    qtbot.keyClicks(dialog.id_edit, resident_id())
    qtbot.keyClicks(dialog.phone_edit, "13812345678")
    commit_text(dialog.description_edit, "2025年坪山区主干道路建设规划批复")
    commit_text(dialog.purpose_edit, "了解周边规划")
    before = window.preview
    desk.submit(dialog, dialog.name_edit)
    question = board.dialog
    assert isinstance(question, ConfirmDialog) and "登记回执" in question.text_label.text()
    desk.key(Qt.Key.Key_Return, widget=question)
    (receipt,) = desk.preview(before)
    first = desk.row(next(r.number for r in board.model.rows()))
    number = first.number
    assert number.startswith("PSZW2026GK") and board.current_row().number == number
    assert "已打印政府信息公开申请登记回执" in board.message()
    content = pdf(receipt)
    assert squeeze(number) in content and squeeze("欧阳娜娜") in content
    assert resident_id() not in content  # the ID masked on paper
    assert (first.state, first.received_on, first.deadline, first.days_left) == (
        DisclosureState.REGISTERED,
        TODAY,
        due,
        20,
    )
    view = desk.stored(number)
    assert view.request.requester.name == "欧阳娜娜" and view.request.registered_by == COUNTER_CLERK.username
    assert [d.kind for d in view.documents] == ["RECEIPT"]

    # a registered letter typed in later: its signed-for day is the received day
    dialog = desk.form(Qt.Key.Key_N, kind=RegisterDialog)
    dialog.channel_box.setCurrentIndex(dialog.channel_box.findData(ReceiptChannel.POST_REGISTERED.value))
    assert dialog.arrival_label.text().startswith("签收日期")
    dialog.arrival_edit.setFocus()
    desk.key(Qt.Key.Key_A, CTRL, widget=dialog.arrival_edit)
    qtbot.keyClicks(dialog.arrival_edit, "2026-09-29")  # the day it was signed for
    assert dialog.arrival_edit.date().toPython() == date(2026, 9, 29)
    commit_text(dialog.name_edit, "王建国")
    qtbot.keyClicks(dialog.id_edit, resident_id("44030819800312011"))
    commit_text(dialog.address_edit, "深圳市坪山区龙田街道 8 号")
    commit_text(dialog.description_edit, "某小区建设工程规划许可证")
    dialog.delivery_box.setCurrentIndex(1)  # 邮寄
    before = window.preview
    desk.submit(dialog, dialog.name_edit)
    desk.key(Qt.Key.Key_Escape, widget=board.dialog)  # no receipt now: it is posted later
    desk.back()
    qtbot.waitUntil(lambda: len(board.model.rows()) == 2, timeout=WAIT)
    letter = next(r for r in board.model.rows() if r.number != number)
    assert letter.received_on == date(2026, 9, 29) and letter.channel_label == "邮政挂号/快递"
    assert letter.deadline == calendar.add_working_days(date(2026, 9, 29), 20).date
    assert window.preview is before  # Esc on the question printed nothing
    assert [d.kind for d in desk.stored(letter.number).documents] == []

    # 补正告知, then 收到补正: the clock restarts from the day the correction arrived
    desk.find(number)
    dialog = desk.form(Qt.Key.Key_B, kind=CorrectionDialog)
    commit_text(dialog.items_edit, "请写明所需规划批复的文号或年份\n请说明道路名称")
    before = window.preview
    desk.submit(dialog, dialog.period_spin)
    (notice,) = desk.preview(before)
    assert "补正" in pdf(notice) and squeeze("请说明道路名称") in pdf(notice)
    row = desk.wait_state(number, DisclosureState.AWAITING_CORRECTION)
    assert row.deadline is None and row.waiting_until is not None
    assert desk.stored(number).request.correction.items == (
        "请写明所需规划批复的文号或年份",
        "请说明道路名称",
    )
    assert not board.buttons["ask_correction"].isEnabled()  # once only: said on the button
    assert "待补正" in board.buttons["ask_correction"].toolTip()
    desk.key(Qt.Key.Key_B, CTRL)  # the key of a disabled step says why and opens nothing
    assert board.dialog is None and "不能要求补正" in board.message()

    dialog = desk.form(Qt.Key.Key_B, CTRL | SHIFT, kind=DayDialog)
    desk.submit(dialog, dialog.date_edit)
    row = desk.wait_state(number, DisclosureState.REGISTERED)
    assert row.deadline == due and desk.stored(number).request.correction.received_on == TODAY

    # 征求意见 (the clock pauses), 意见已回复 (it runs again)
    dialog = desk.form(Qt.Key.Key_J, kind=ConsultDialog)
    commit_text(dialog.party_edit, "深圳市某某置业有限公司")
    before = window.preview
    desk.submit(dialog, dialog.party_edit)
    (letter_pdf,) = desk.preview(before)
    assert squeeze("深圳市某某置业有限公司") in pdf(letter_pdf)
    row = desk.wait_state(number, DisclosureState.CONSULTING)
    assert board.model.data(board.model.index(board.model.row_of(number), 7)) == "暂停计时"
    (pause,) = desk.stored(number).request.pauses
    assert (pause.kind, pause.party, pause.started_on) == (
        PauseKind.THIRD_PARTY,
        "深圳市某某置业有限公司",
        TODAY,
    )
    dialog = desk.form(Qt.Key.Key_J, CTRL | SHIFT, kind=DayDialog)
    commit_text(dialog.text_edit, "第三方同意公开")
    desk.submit(dialog, dialog.text_edit)
    desk.wait_state(number, DisclosureState.REGISTERED)
    assert desk.stored(number).request.pauses[0].answer == "第三方同意公开"

    # 延期 by the clerk: a wrong supervisor password is refused in the form and changes nothing
    assert "负责人" in board.buttons["extend"].toolTip()
    dialog = desk.form(Qt.Key.Key_E, kind=DisclosureExtendDialog)
    assert dialog.approver_needed and dialog.days_spin.value() == 20
    desk.key(Qt.Key.Key_Tab)
    commit_text(dialog.reason_edit, "需调取多个部门的档案")
    qtbot.keyClicks(dialog.username_edit, SUPERVISOR.username)
    qtbot.keyClicks(dialog.password_edit, "Wrong-Pass-2026")
    desk.key(Qt.Key.Key_Return, widget=dialog.password_edit)
    qtbot.waitUntil(lambda: bool(dialog.problems()), timeout=WAIT)
    assert board.dialog is dialog and dialog.password_edit.hasFocus()
    assert desk.stored(number).request.extension is None
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    before = window.preview
    desk.submit(dialog, dialog.password_edit)
    (extension_pdf,) = desk.preview(before)
    assert "延期" in pdf(extension_pdf)
    extension = desk.stored(number).request.extension
    assert (extension.days, extension.approved_by, extension.requested_by) == (
        20,
        SUPERVISOR.username,
        COUNTER_CLERK.username,
    )
    qtbot.waitUntil(lambda: desk.row(number).deadline == calendar.add_working_days(due, 20).date)
    assert "赵六" in board.message() or SUPERVISOR.username in board.message()

    # 拟定答复 by the clerk; the clerk may not approve it (said on the button)
    dialog = desk.form(Qt.Key.Key_D, kind=ReplyDialog)
    dialog.group_box.setCurrentIndex(dialog.group_box.findData(ReplyGroup.DISCLOSED.value))
    dialog.reply_box.setCurrentIndex(dialog.reply_box.findData(Reply.DISCLOSED.value))
    assert dialog.text_label.text().startswith(Reply.DISCLOSED.text_label)
    commit_text(dialog.text_edit, "提供规划批复复印件一份，请于 2026 年 10 月 20 日到二楼政务公开窗口领取")
    desk.submit(dialog, dialog.reply_box)
    desk.wait_state(number, DisclosureState.REPLY_PENDING)
    assert desk.stored(number).request.reply.drafted_by == COUNTER_CLERK.username
    assert not board.buttons["approve"].isEnabled()
    assert board.buttons["approve"].toolTip().startswith("不可用：")

    # the supervisor signs in and approves: the reply is issued and printed
    window.detach()
    window.attach(ready_context, SUPERVISOR)
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.principal == SUPERVISOR, timeout=WAIT
    )
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is board and bool(board.model.rows()), timeout=WAIT)
    desk.find(number)
    dialog = desk.form(Qt.Key.Key_Y, kind=ApproveDialog)
    assert "领取" in dialog.draft_label.text()
    before = window.preview
    desk.submit(dialog, dialog.ok_button)
    (reply_pdf,) = desk.preview(before)
    assert squeeze(Reply.DISCLOSED.document_title) in pdf(reply_pdf) and squeeze("行政复议") in pdf(reply_pdf)
    desk.wait_state(number, DisclosureState.REPLIED)
    draft = desk.stored(number).request.reply
    assert (draft.approved_by, draft.issued_on) == (SUPERVISOR.username, TODAY)

    # 归档; then found in 全部（含归档）, opened with Enter, a document reprinted as a copy
    dialog = desk.form(Qt.Key.Key_G, kind=DayDialog)
    commit_text(dialog.text_edit, "档案室 2 号柜")
    desk.submit(dialog, dialog.text_edit)
    qtbot.waitUntil(lambda: desk.stored(number).request.state is DisclosureState.ARCHIVED, timeout=WAIT)
    assert desk.stored(number).request.archive_place == "档案室 2 号柜"
    board.status_box.setCurrentIndex(board.status_box.count() - 1)  # 全部（含归档）
    board.search_box.clear()
    qtbot.keyClicks(board.search_box, number[-5:])
    qtbot.waitUntil(lambda: [r.number for r in board.shown_rows()] == [number], timeout=WAIT)
    assert board.shown_rows()[0].state is DisclosureState.ARCHIVED
    desk.key(Qt.Key.Key_Return, widget=board.search_box)
    qtbot.waitUntil(lambda: isinstance(board.detail_dialog, DisclosureDetailDialog), timeout=WAIT)
    detail = board.detail_dialog
    qtbot.waitExposed(detail)
    assert "已归档" in detail.findChild(type(detail.facts), "caseNumber").text()
    assert "延期 20 个工作日" in detail.clock.text() and "深圳市某某置业有限公司" in detail.clock.text()
    actions = [detail.history.item(r, 2).text() for r in range(detail.history.rowCount())]
    for action in (
        "登记",
        "补正告知",
        "收到补正",
        "征求意见",
        "延期答复",
        "拟定答复",
        "审核通过并答复",
        "归档",
    ):
        assert action in actions, (action, actions)
    assert detail.documents.rowCount() == 5  # 回执, 补正告知书, 征求意见书, 延期告知书, 答复书
    before = window.preview
    detail.documents.setFocus()
    desk.key(Qt.Key.Key_Return, widget=detail.documents)
    (opened,) = desk.preview(before)
    assert Path(opened).exists()
    qtbot.keyClick(detail, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: board.detail_dialog is None)
    window.activateWindow()
    board.table.setFocus()
    dialog = desk.form(Qt.Key.Key_P, kind=PrintChoiceDialog)
    assert dialog.kind.name == "REPLY" and dialog.copy_box.isChecked()  # printed before: a copy
    before = window.preview
    desk.key(Qt.Key.Key_Return, widget=dialog.list)
    (copy_pdf,) = desk.preview(before)
    assert "副本" in pdf(copy_pdf)
    documents = desk.stored(number).documents
    assert [(d.kind, d.is_copy) for d in documents][-1] == ("REPLY", True)
