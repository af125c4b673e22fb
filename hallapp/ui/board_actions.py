"""容缺跟踪's actions: 补正, 延期, 终止办理, 撤回, 催补 and 办件记录, on the selected case(s).

Ask before, not after: when the board is attached, each action the signed-in person may not do is
disabled, with the reason as its tooltip and on a visible line (``CounterSession.why_not``), so nobody fills
in a form only to be refused. A permitted action opens its form held open: OK runs the use case on the
database worker through the operation helper, and a refusal (a wrong supervisor password, a supervisor's
own case, a date the rules do not allow) is shown in the form, with everything typed kept. Once the
change is stored, the form closes, the page says what was done, and the document is printed on the print
lane and handed to the window (``preview_requested``): the supplement receipt, the 延期通知书, the
termination notice, and the reminder letters — only for a reminder by letter, never for a call or an SMS.
A case that is not overdue is said to be so before any "terminate?" is asked. The board reloads itself
from the ``Changes`` the helper broadcasts: no action reloads it by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from hallapp.domain.access import AccessDenied, Permission
from hallapp.domain.lifecycle import IllegalTransition
from hallapp.errors import describe
from hallapp.ui.followup_dialogs import (
    LETTER_METHODS,
    ConfirmDialog,
    ExtendDialog,
    ReminderDialog,
    SupplementDialog,
)

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from hallapp.domain.workdays import WorkdayCalendar
    from hallapp.printing.model import DocumentKind
    from hallapp.services.board import BoardRow
    from hallapp.ui.followup_dialogs import ExtendValues, ReminderValues, SupplementValues, _Form
    from hallapp.ui.ops import Operations

# (key, button text, shortcut, tooltip): the order of the buttons on the page
ACTIONS = (
    ("supplement", "补正(&B)", "Ctrl+B", "登记补交的容缺材料并打印接收凭证"),
    ("extend", "延期(&E)", "Ctrl+E", "经科室负责人批准延长补正期限并打印延期通知书"),
    ("terminate", "终止办理(&T)", "Ctrl+T", "逾期未补正：终止办理并打印通知书"),
    ("withdraw", "撤回(&C)", "", "申请人撤回申请"),
    ("remind", "催补(&R)", "Ctrl+R", "为全部选中的办件登记催补（书面通知时打印催补通知）"),
    ("history", "办件记录(&H)", "Ctrl+H", "打印办件的全部办理记录"),
)
NEEDS = dict.fromkeys((key for key, *_ in ACTIONS), Permission.FOLLOW_UP)  # what each action asks of the role
NOT_SIGNED_IN = "尚未登录，不能办理容缺跟踪。"


class BoardActions:
    """Mixed into ``BoardView`` (which provides the widgets, the selection and the messages)."""

    ops: Operations | None
    today: date | None
    dialog: _Form | None
    buttons: dict[str, QPushButton]
    notice_label: QLabel
    preview_requested: SignalInstance
    _refusals: dict[str, str]
    _calendar: WorkdayCalendar | None

    def show_message(self, text: str, kind: str) -> None:
        raise NotImplementedError

    def current_row(self) -> BoardRow | None:
        raise NotImplementedError

    def selected_rows(self) -> list[BoardRow]:
        raise NotImplementedError

    def _today(self) -> date:
        return self.today or date.today()

    # -- who may do what -------------------------------------------------------------------------------

    def _apply_permissions(self) -> None:
        """Enable what the signed-in person may do; say, on the button and on the page, why not the rest."""
        session: Any = self.ops.session if self.ops is not None else None
        refusals: dict[str, str] = {}
        for key, _text, keys, tip in ACTIONS:
            reason = session.why_not(NEEDS[key]) if session is not None else NOT_SIGNED_IN
            refusals[key] = reason
            button = self.buttons[key]
            button.setEnabled(not reason)
            shortcut = f"  {keys}" if keys else ""
            if key == "extend" and not reason and not session.may(Permission.APPROVE_EXTENSION):
                tip = "延期须经科室负责人批准：科室负责人在延期窗口中输入其本人的用户名和密码"
            button.setToolTip(f"不可用：{reason}" if reason else f"{tip}{shortcut}")
        self._refusals = refusals
        reasons = sorted({reason for reason in refusals.values() if reason})
        self.notice_label.setText("；".join(reasons))
        self.notice_label.setVisible(bool(reasons) and session is not None)

    def _may(self, key: str) -> bool:
        """Whether ``key`` may start now; if not, say why on the page (a shortcut reaches a disabled one)."""
        reason = self._refusals.get(key, NOT_SIGNED_IN)
        if reason:
            self.show_message(reason, "error")
        return not reason

    def _one(self, key: str, what: str) -> BoardRow | None:
        if not self._may(key):
            return None
        row = self.current_row() or next(iter(self.selected_rows()), None)
        if row is None:
            self.show_message(f"请先在列表中选中要{what}的办件", "error")
        return row

    # -- forms held open until the use case answers ----------------------------------------------------

    def _ask(
        self,
        dialog: _Form,
        key: str,
        work: Callable[[Any, Any], Any],
        done: Callable[[Any, Any], None],
        focus: Callable[[BaseException], QWidget | None] = lambda _error: None,
    ) -> None:
        """Open ``dialog``; its OK runs ``work(session, values)`` with the dialog as the busy owner."""
        self.close_dialog()
        self.dialog = dialog
        dialog.hold_until_answered()
        dialog.submitted.connect(lambda values: self._submit(dialog, key, work, done, focus, values))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _submit(
        self,
        dialog: _Form,
        key: str,
        work: Callable[[Any, Any], Any],
        done: Callable[[Any, Any], None],
        focus: Callable[[BaseException], QWidget | None],
        values: Any,
    ) -> None:
        ops = self.ops
        if ops is None or ops.session is None or dialog is not self.dialog:
            return

        def answered(result: Any) -> None:
            if dialog is self.dialog and self.ops is not None:
                dialog.answered()
                done(values, result)

        def refused(error: BaseException) -> None:
            if dialog is self.dialog:
                dialog.refused(describe(error), focus(error))

        ops.run(dialog, lambda session: work(session, values), answered, refused, key=key)

    def _busy_changed(self, owner: QObject, busy: bool) -> None:
        """While its answer is awaited, a form's OK is off (the helper refuses a second start anyway)."""
        if owner is self.dialog and self.dialog is not None:
            self.dialog.ok_button.setEnabled(not busy)

    def _dialog_closed(self, dialog: _Form) -> None:
        if dialog is self.dialog:
            self.dialog = None
        dialog.deleteLater()

    def hideEvent(self, event: QHideEvent) -> None:
        """The page hidden (the idle lock hides the counter): its open form is hidden with it, so no
        case or applicant stays on screen behind the lock, and shown again with the page."""
        super().hideEvent(event)  # type: ignore[misc]
        dialog = self.dialog
        self._hidden_form = dialog if dialog is not None and dialog.isVisible() else None
        if self._hidden_form is not None:
            self._hidden_form.hide()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        hidden, self._hidden_form = getattr(self, "_hidden_form", None), None
        if hidden is not None and hidden is self.dialog:  # not closed meanwhile (sign-out)
            hidden.show()

    def close_dialog(self) -> None:
        """Close the open form, if any, even while it waits (sign-out and lock)."""
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.done(QDialog.DialogCode.Rejected)

    # -- printing after a stored change ----------------------------------------------------------------

    def _print(self, title: str, label: str, job: Callable[[Any], Any], said: str = "") -> None:
        """Print on the print lane; then preview it and add it to what the page says (``said``)."""
        ops = self.ops
        if ops is None or ops.session is None:
            return
        lead = f"{said}；" if said else ""

        def printed(made: Any) -> None:
            if self.ops is None:
                return  # signed out meanwhile: nothing of it reaches the screen
            path = made if isinstance(made, Path) else made.path
            self.show_message(f"{lead}已打印{label}", "ok")
            self.preview_requested.emit(title, [(label, path)])

        def failed(error: BaseException) -> None:
            if self.ops is not None:
                text = f"{lead}但{label}未能打印：" if said else f"未能打印{label}："
                self.show_message(text + describe(error), "error")

        if ops.run(self._widget(), job, printed, failed, key=f"print {title} {label}", lane="print"):
            self.show_message(f"{lead}正在打印{label}…", "busy")
        else:
            self.show_message(f"{lead}{label}正在打印，请稍候", "busy")

    def _document(self, row: BoardRow, kind: DocumentKind, said: str = "") -> None:
        today = self._today()
        self._print(
            row.number,
            kind.title,
            lambda session: session.followup_document(row.number, kind, today=today),
            said,
        )

    # -- the actions -----------------------------------------------------------------------------------

    def supplement(self) -> None:
        """补正: record which deferred materials arrived, then print the supplement receipt."""
        from hallapp.printing.model import DocumentKind

        row = self._one("supplement", "补正")
        if row is None:
            return
        today = self._today()

        def work(session: Any, values: SupplementValues) -> Any:
            return session.supplement(
                row.number, values.names, on=values.on, channel=values.channel, today=today
            )

        def done(values: SupplementValues, result: Any) -> None:
            state = "材料已全部补齐" if not result.missing else f"仍缺 {len(result.missing)} 项"
            said = f"已登记 {row.number} 补交 {len(values.names)} 项材料，{state}"
            self._document(row, DocumentKind.SUPPLEMENT_RECEIPT, said)

        dialog = SupplementDialog(row, self._widget(), today=today)
        self._ask(dialog, "supplement", work, done, lambda _error: dialog.date_edit)

    def extend(self) -> None:
        """延期: a supervisor signed in approves it; otherwise a supervisor approves it here, in the form."""
        row = self._one("extend", "延期")
        session = self.ops.session if self.ops is not None else None
        if row is None or session is None:
            return
        today = self._today()
        approves = session.may(Permission.APPROVE_EXTENSION)
        calendar = self._calendar or session.calendar  # the hall's working days, never a guess
        dialog = ExtendDialog(
            row, self._widget(), today=today, calendar=calendar, approver_needed=not approves
        )

        def work(session: Any, values: ExtendValues) -> Any:
            return session.extend(
                row.number,
                values.new_deadline,
                values.reason,
                approver_username=values.approver_username,
                approver_password=values.approver_password,
                today=today,
            )

        def done(values: ExtendValues, result: Any) -> None:
            from hallapp.printing.model import DocumentKind

            approver = result.approved_by_name or session.principal.display_name
            said = f"已将 {row.number} 的补正期限延至 {result.deadline.isoformat()}（科室负责人 {approver} 批准）"
            self._document(row, DocumentKind.EXTENSION_NOTICE, said)

        def focus(error: BaseException) -> QWidget:
            from hallapp.services.accounts import LoginFailed

            if dialog.approver_needed and isinstance(error, LoginFailed):
                return dialog.password_edit  # a wrong password: type it again
            if dialog.approver_needed and isinstance(error, AccessDenied):
                return dialog.username_edit  # not a supervisor, or their own case: another supervisor
            return dialog.date_edit if isinstance(error, IllegalTransition) else dialog.reason_edit

        self._ask(dialog, "extend", work, done, focus)

    def terminate(self) -> None:
        """终止办理: end an overdue case, then print its 终止办理通知书."""
        from hallapp.printing.model import DocumentKind

        row = self._one("terminate", "终止办理")
        if row is None:
            return
        if not row.overdue:  # said before asking, not after "are you sure?"
            self.show_message(
                f"{row.number} 尚未逾期（补正期限 {row.deadline.isoformat()}），不能终止办理；"
                "逾期未补正的办件才能终止办理",
                "error",
            )
            return
        today = self._today()
        question = "终止办理 {0}（{1}，{2}）？\n将打印终止办理通知书；终止后该办件不能再补正。"
        self._ask(
            self._confirm(question.format(row.number, row.applicant_name, row.matter_name), "终止办理"),
            "terminate",
            lambda session, _values: session.terminate(row.number, today=today),
            lambda _values, _result: self._document(
                row, DocumentKind.TERMINATION, f"已终止办理 {row.number}"
            ),
        )

    def withdraw(self) -> None:
        """撤回: the applicant withdraws the application."""
        row = self._one("withdraw", "撤回")
        if row is None:
            return
        today = self._today()
        self._ask(
            self._confirm(
                f"登记 {row.number}（{row.applicant_name}，{row.matter_name}）由申请人撤回？", "撤回"
            ),
            "withdraw",
            lambda session, _values: session.withdraw(row.number, today=today),
            lambda _values, _result: self.show_message(f"已登记 {row.number} 由申请人撤回", "ok"),
        )

    def remind(self) -> None:
        """催补: record the reminder of every selected case, then print all their notices in one PDF."""
        if not self._may("remind"):
            return
        numbers = [row.number for row in self.selected_rows()]
        if not numbers:
            self.show_message("请先选中要催补的办件（可用“选中到期”按钮）", "error")
            return
        from hallapp.services.followup import REMINDER_METHODS

        today = self._today()
        now = datetime.combine(today, datetime.now().time()) if self.today else None

        def work(session: Any, values: ReminderValues) -> Any:
            return session.remind(numbers, method=values.method, note=values.note, now=now)

        def done(values: ReminderValues, _count: Any) -> None:
            how = REMINDER_METHODS.get(values.method, values.method)
            if values.method not in LETTER_METHODS:  # a call or an SMS: nothing to print
                self.show_message(f"已登记 {len(numbers)} 件催补（{how}），无需打印催补通知", "ok")
                return
            self._print(
                f"催补通知（{len(numbers)} 件）",
                "催补通知",
                lambda session: session.reminder_batch(numbers, today=today),
                f"已登记 {len(numbers)} 件催补（{how}）",
            )

        self._ask(ReminderDialog(len(numbers), self._widget()), "remind", work, done)

    def print_history(self) -> None:
        """办件记录: print the timeline of every event of the current case."""
        from hallapp.printing.model import DocumentKind

        row = self._one("history", "打印办件记录")
        if row is not None:
            self._document(row, DocumentKind.CASE_HISTORY)

    def _confirm(self, text: str, ok_text: str) -> ConfirmDialog:
        return ConfirmDialog(text, self._widget(), title=ok_text, ok_text=ok_text)

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self
