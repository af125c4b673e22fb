"""The steps of a disclosure request on the board, each through its form and the session's use case:
登记 (then the 登记回执 offered), 补正告知 / 收到补正, 征求意见 / 意见已回复, 收费通知 / 已缴费, 延期,
拟定答复, 审核通过 / 退回, 归档 and 打印 / 补打. Who may do which, and the frame, are ``disclosure_actions``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from hallapp.domain.access import AccessDenied, Permission
from hallapp.domain.disclosure import DisclosureState, Reply
from hallapp.errors import describe
from hallapp.printing.disclosure_model import DisclosureDocKind
from hallapp.ui.disclosure_actions import DisclosureActions
from hallapp.ui.disclosure_dialogs import (
    ConsultDialog,
    ConsultValues,
    CorrectionDialog,
    CorrectionValues,
    DayDialog,
    DayValues,
    DisclosureExtendDialog,
    ExtendValues,
    FeeDialog,
    FeeValues,
)
from hallapp.ui.disclosure_register import RegisterDialog
from hallapp.ui.disclosure_reply import ApproveDialog, ReplyDialog, ReplyValues, ReturnDialog, ReturnValues
from hallapp.ui.followup_form import ConfirmDialog

if TYPE_CHECKING:
    from hallapp.domain.disclosure_fees import FeeMode
    from hallapp.services.disclosure_inputs import DisclosureForm, DisclosureRow, DisclosureView


def _deadline(view: DisclosureView) -> str:
    row = view.row
    return row.deadline.isoformat() if row.deadline is not None else "—"


class DisclosureSteps(DisclosureActions):
    """The board's actions (``ACTIONS`` names each method)."""

    select_after: str  # the number to select once the board reloaded (a request just registered)

    def register(self) -> None:
        """登记: the form; once stored, the board selects it and offers to print the 登记回执."""
        if not self._may("register"):
            return
        today = self._today()

        def work(session: Any, form: DisclosureForm) -> Any:
            return session.register_disclosure(form, today=today)

        def done(_form: DisclosureForm, view: DisclosureView) -> None:
            number = view.row.number
            self.select_after = number
            said = f"已登记 {number}（{view.row.applicant}），答复期限 {_deadline(view)}"
            self.show_message(said, "ok")
            self._offer_receipt(number, said)

        self._ask(RegisterDialog(self._widget(), today=today), "register", work, done)

    def _offer_receipt(self, number: str, said: str) -> None:
        question = ConfirmDialog(
            f"{said}。\n打印政府信息公开申请登记回执交申请人？",
            self._widget(),
            title="打印登记回执",
            ok_text="打印回执",
        )
        self.close_dialog()
        self.dialog = question
        question.accepted.connect(lambda: self._print(number, DisclosureDocKind.RECEIPT, said))
        question.finished.connect(lambda _result: self._dialog_closed(question))
        question.open()

    def ask_correction(self) -> None:
        """补正告知: once, listing every item, within 7 working days of receipt; prints the notice."""
        row = self._row("ask_correction")
        session = self.ops.session if self.ops is not None else None
        if row is None or session is None:
            return
        today = self._today()
        dialog = CorrectionDialog(row, self._widget(), today=today, calendar=session.calendar)

        def work(session: Any, v: CorrectionValues) -> Any:
            return session.ask_disclosure_correction(
                row.number, v.items, period_days=v.period_days, on=v.on, today=today
            )

        def done(v: CorrectionValues, view: DisclosureView) -> None:
            due = view.row.waiting_until.isoformat() if view.row.waiting_until else ""
            said = f"已告知 {row.number} 补正 {len(v.items)} 项" + (f"，补正期限至 {due}" if due else "")
            self._print(row.number, DisclosureDocKind.CORRECTION, said)

        self._ask(dialog, "ask_correction", work, done, lambda _e: dialog.date_edit)

    def receive_correction(self) -> None:
        """收到补正: the day the corrected request arrived; the reply deadline restarts from it."""
        row = self._row("receive_correction")
        if row is None:
            return
        today = self._today()
        dialog = DayDialog(
            "收到补正",
            row,
            self._widget(),
            today=today,
            day_label="收到补正日期(&D)",
            ok="登记收到补正",
            note="答复期限自收到补正之日起重新计算 20 个工作日。",
        )

        def work(session: Any, v: DayValues) -> Any:
            return session.receive_disclosure_correction(row.number, on=v.on, today=today)

        def done(v: DayValues, view: DisclosureView) -> None:
            self.show_message(f"已登记 {row.number} 于 {v.on} 收到补正，答复期限至 {_deadline(view)}", "ok")

        self._ask(dialog, "receive_correction", work, done, lambda _e: dialog.date_edit)

    def consult(self) -> None:
        """征求意见: the clock pauses; prints the 征求意见书."""
        row = self._row("consult")
        if row is None:
            return
        today = self._today()
        dialog = ConsultDialog(row, self._widget(), today=today)

        def work(session: Any, v: ConsultValues) -> Any:
            return session.start_disclosure_consultation(row.number, v.kind, v.party, on=v.on, today=today)

        def done(v: ConsultValues, _view: DisclosureView) -> None:
            said = f"已就 {row.number} {v.kind.label}（{v.party}），暂停计时"
            self._print(row.number, DisclosureDocKind.CONSULTATION, said)

        self._ask(dialog, "consult", work, done, lambda _e: dialog.date_edit)

    def end_consult(self) -> None:
        """意见已回复: what the other side said (or that it said nothing in time); the clock runs again."""
        row = self._row("end_consult")
        if row is None:
            return
        today = self._today()
        dialog = DayDialog(
            "意见已回复",
            row,
            self._widget(),
            today=today,
            day_label="收到意见日期(&D)",
            ok="登记",
            text_label="意见(&A)",
            text_needed="请简要记录意见（或写明逾期未提出意见）",
            placeholder="如：第三方不同意公开；或：逾期未提出意见",
        )

        def work(session: Any, v: DayValues) -> Any:
            return session.end_disclosure_consultation(row.number, v.text, on=v.on, today=today)

        def done(_v: DayValues, view: DisclosureView) -> None:
            self.show_message(f"已记录 {row.number} 的意见，恢复计时，答复期限至 {_deadline(view)}", "ok")

        self._ask(dialog, "end_consult", work, done, lambda _e: dialog.date_edit)

    def fee(self) -> None:
        """收费通知: the quote the rules give is shown first; OK sends the notice and prints it."""
        row = self._row("fee")
        if row is None or self.ops is None:
            return
        today = self._today()
        dialog = FeeDialog(row, self._widget(), today=today)
        ops = self.ops

        def quote(mode: FeeMode, pages: int) -> None:
            ops.run(
                dialog,
                lambda s: s.disclosure_fee_quote(row.number, mode, pages, today=today),
                lambda q: dialog.show_quote(mode, pages, *q),
                lambda error: dialog.quote_label.setText(describe(error)),
                key="quote",
                latest=True,
            )

        dialog.quote_wanted.connect(quote)

        def work(session: Any, v: FeeValues) -> Any:
            return session.notify_disclosure_fee(row.number, v.mode, v.pages, on=v.on, today=today)

        def done(_v: FeeValues, view: DisclosureView) -> None:
            fee = view.request.fee
            amount = f"{fee.amount} 元" if fee is not None else ""
            self._print(
                row.number, DisclosureDocKind.FEE, f"已向 {row.number} 发出收费通知 {amount}，暂停计时"
            )

        self._ask(dialog, "fee", work, done, lambda _e: dialog.date_edit)
        dialog.ask_quote()

    def paid(self) -> None:
        """已缴费: the day it was paid; the clock runs again."""
        row = self._row("paid")
        if row is None:
            return
        today = self._today()
        dialog = DayDialog(
            "已缴费", row, self._widget(), today=today, day_label="缴费日期(&D)", ok="登记缴费"
        )

        def work(session: Any, v: DayValues) -> Any:
            return session.record_disclosure_payment(row.number, on=v.on, today=today)

        def done(_v: DayValues, view: DisclosureView) -> None:
            self.show_message(f"已登记 {row.number} 缴费，恢复计时，答复期限至 {_deadline(view)}", "ok")

        self._ask(dialog, "paid", work, done, lambda _e: dialog.date_edit)

    def extend(self) -> None:
        """延期: approved by a supervisor signed in, or here with a supervisor's user name and password."""
        row = self._row("extend")
        session = self.ops.session if self.ops is not None else None
        if row is None or session is None:
            return
        today = self._today()
        dialog = DisclosureExtendDialog(
            row,
            self._widget(),
            calendar=session.calendar,
            approver_needed=not session.may(Permission.APPROVE_DISCLOSURE),
        )

        def work(session: Any, v: ExtendValues) -> Any:
            return session.extend_disclosure(
                row.number,
                v.days,
                v.reason,
                approver_username=v.approver_username,
                approver_password=v.approver_password,
                today=today,
            )

        def done(v: ExtendValues, view: DisclosureView) -> None:
            extension = view.request.extension
            approver = extension.approved_by if extension is not None else ""
            said = (
                f"已将 {row.number} 的答复期限延长 {v.days} 个工作日，至 {_deadline(view)}（{approver} 同意）"
            )
            self._print(row.number, DisclosureDocKind.EXTENSION, said)

        def focus(error: BaseException) -> QWidget:
            from hallapp.services.accounts import LoginFailed

            if dialog.approver_needed and isinstance(error, LoginFailed):
                return dialog.password_edit
            if dialog.approver_needed and isinstance(error, AccessDenied):
                return dialog.username_edit
            return dialog.reason_edit

        self._ask(dialog, "extend", work, done, focus)

    def draft(self) -> None:
        """拟定答复: read the request (a supervisor's note on a returned draft), then the reply form."""
        row = self._row("draft")
        if row is not None:
            self._with_view(row.number, lambda view: self._draft(row, view))

    def _draft(self, row: DisclosureRow, view: DisclosureView) -> None:
        today = self._today()
        dialog = ReplyDialog(row, self._widget(), returned_note=view.request.returned_note)
        if row.state is DisclosureState.AWAITING_CORRECTION:
            dialog.choose(Reply.OTHER_NO_CORRECTION)
        elif row.state is DisclosureState.AWAITING_FEE:
            dialog.choose(Reply.OTHER_FEE_UNPAID)

        def work(session: Any, v: ReplyValues) -> Any:
            return session.draft_disclosure_reply(
                row.number, v.reply, v.text, right_office=v.right_office, today=today
            )

        def done(v: ReplyValues, _view: DisclosureView) -> None:
            self.show_message(f"已拟定 {row.number} 的答复（{v.reply.label}），待负责人审核", "ok")

        self._ask(dialog, "draft", work, done, lambda _e: dialog.text_edit)

    def approve(self) -> None:
        """审核通过: the draft shown; OK issues the reply today and prints it."""
        row = self._row("approve")
        if row is not None:
            self._with_view(row.number, lambda view: self._approve(row, view))

    def _approve(self, row: DisclosureRow, view: DisclosureView) -> None:
        today = self._today()

        def work(session: Any, _values: Any) -> Any:
            return session.approve_disclosure_reply(row.number, today=today)

        def done(_values: Any, result: DisclosureView) -> None:
            draft = result.request.reply
            said = f"已审核通过 {row.number} 的答复" + (f"（{draft.reply.label}）" if draft else "")
            self._print(row.number, DisclosureDocKind.REPLY, said)

        from hallapp.ui.disclosure_detail import people_of

        dialog = ApproveDialog(row, view.request.reply, self._widget(), people_of(view))
        self._ask(dialog, "approve", work, done)

    def send_back(self) -> None:
        """退回: the draft goes back to the drafter with the supervisor's note."""
        row = self._row("send_back")
        if row is not None:
            self._with_view(row.number, lambda view: self._send_back(row, view))

    def _send_back(self, row: DisclosureRow, view: DisclosureView) -> None:
        today = self._today()
        from hallapp.ui.disclosure_detail import people_of

        dialog = ReturnDialog(row, view.request.reply, self._widget(), people_of(view))

        def work(session: Any, v: ReturnValues) -> Any:
            return session.return_disclosure_reply(row.number, v.note, today=today)

        def done(_v: ReturnValues, _view: DisclosureView) -> None:
            self.show_message(f"已将 {row.number} 的答复退回修改", "ok")

        self._ask(dialog, "send_back", work, done, lambda _e: dialog.note_edit)

    def archive(self) -> None:
        """归档: where the paper file is kept; the request never changes again."""
        row = self._row("archive")
        if row is None:
            return
        today = self._today()
        dialog = DayDialog(
            "归档",
            row,
            self._widget(),
            today=today,
            day_label="",
            ok="归档",
            text_label="存放位置(&L)",
            placeholder="可不填，如：档案室 2 号柜 2026 年第 3 盒",
            note="归档后申请不能再更改；文书、办理记录和答复均可在“全部（含归档）”中查找。",
        )

        def work(session: Any, v: DayValues) -> Any:
            return session.archive_disclosure(row.number, v.text, today=today)

        def done(_v: DayValues, _view: DisclosureView) -> None:
            self.show_message(f"已将 {row.number} 归档", "ok")

        self._ask(dialog, "archive", work, done)

    def print_documents(self, number: str = "") -> None:
        """打印 / 补打: choose one of the request's documents (one printed before is a copy)."""
        from hallapp.ui.disclosure_detail import PrintChoiceDialog

        if not number:
            row = self._row("print_documents")
            if row is None:
                return
            number = row.number

        def choose(view: DisclosureView) -> None:
            dialog = PrintChoiceDialog(view, self._widget())
            self.close_dialog()
            self.dialog = dialog

            def chosen() -> None:
                picked = dialog.values()
                if picked is not None:
                    self._print(number, picked[0], copy=picked[1])

            dialog.accepted.connect(chosen)
            dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
            dialog.open()

        self._with_view(number, choose)
