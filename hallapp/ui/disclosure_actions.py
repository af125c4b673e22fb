"""依申请公开's actions, their keys, and who may do which of them on which request.

Ask before, not after: each action the signed-in person may not do is disabled with the reason as its
tooltip (``CounterSession.why_not``), and so is each step the selected request is not at (a request
waiting for its correction cannot be sent for a fee) — the session checks everything again. A permitted
action opens its form held open: OK runs the use case on the database worker, a refusal is shown in the
form with everything typed kept, and once stored the form closes and the step's document (补正告知书,
征求意见书, 收费通知书, 延期答复告知书, 答复书) is printed on the print lane and previewed. The board
reloads itself from the ``Changes`` the helper broadcasts. The steps themselves are ``disclosure_steps``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from hallapp.domain.access import Permission
from hallapp.domain.disclosure import DisclosureState
from hallapp.errors import describe

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from hallapp.printing.disclosure_model import DisclosureDocKind
    from hallapp.services.disclosure_inputs import DisclosureRow, DisclosureView
    from hallapp.ui.followup_form import _Form
    from hallapp.ui.ops import Operations

S = DisclosureState
# (key, button text, shortcut, tooltip, permission, the states it applies to; None: no request needed)
ACTIONS: tuple[tuple[str, str, str, str, Permission, frozenset[DisclosureState] | None], ...] = (
    (
        "register",
        "登记(&N)",
        "Ctrl+N",
        "登记新的政府信息公开申请（当面、邮寄、网上、电子邮件、传真）",
        Permission.DISCLOSURE,
        None,
    ),
    (
        "ask_correction",
        "补正告知(&B)",
        "Ctrl+B",
        "一次性告知申请人需要补正的全部事项并打印补正告知书",
        Permission.DISCLOSURE,
        frozenset({S.REGISTERED}),
    ),
    (
        "receive_correction",
        "收到补正",
        "Ctrl+Shift+B",
        "登记收到补正后的申请：答复期限重新计算",
        Permission.DISCLOSURE,
        frozenset({S.AWAITING_CORRECTION}),
    ),
    (
        "consult",
        "征求意见(&J)",
        "Ctrl+J",
        "征求第三方或其他机关意见（暂停计时）并打印征求意见书",
        Permission.DISCLOSURE,
        frozenset({S.REGISTERED}),
    ),
    (
        "end_consult",
        "意见已回复",
        "Ctrl+Shift+J",
        "记录征求意见的结果，恢复计时",
        Permission.DISCLOSURE,
        frozenset({S.CONSULTING}),
    ),
    (
        "fee",
        "收费通知(&M)",
        "Ctrl+M",
        "计算信息处理费并发出收费通知书（暂停计时）",
        Permission.DISCLOSURE,
        frozenset({S.REGISTERED}),
    ),
    (
        "paid",
        "已缴费(&K)",
        "Ctrl+K",
        "登记申请人已缴费，恢复计时",
        Permission.DISCLOSURE,
        frozenset({S.AWAITING_FEE}),
    ),
    (
        "extend",
        "延期(&E)",
        "Ctrl+E",
        "经负责人同意延长答复期限（最长 20 个工作日）并打印延期答复告知书",
        Permission.DISCLOSURE,
        frozenset({S.REGISTERED, S.CONSULTING}),
    ),
    (
        "draft",
        "拟定答复(&D)",
        "Ctrl+D",
        "拟定答复，提交负责人审核",
        Permission.DISCLOSURE,
        frozenset({S.REGISTERED, S.AWAITING_CORRECTION, S.AWAITING_FEE}),
    ),
    (
        "approve",
        "审核通过(&Y)",
        "Ctrl+Y",
        "审核通过拟定的答复，发出并打印答复书",
        Permission.APPROVE_DISCLOSURE,
        frozenset({S.REPLY_PENDING}),
    ),
    (
        "send_back",
        "退回(&U)",
        "Ctrl+U",
        "将拟定的答复退回修改",
        Permission.APPROVE_DISCLOSURE,
        frozenset({S.REPLY_PENDING}),
    ),
    (
        "archive",
        "归档(&G)",
        "Ctrl+G",
        "已答复的申请连同文书、记录存档",
        Permission.DISCLOSURE,
        frozenset({S.REPLIED}),
    ),
    (
        "print_documents",
        "打印/补打(&P)",
        "Ctrl+P",
        "打印或补打本申请的文书",
        Permission.DISCLOSURE,
        frozenset(S),
    ),
)
WHAT = {  # what each step is, for "cannot …"
    "ask_correction": "要求补正",
    "receive_correction": "登记收到补正",
    "consult": "征求意见",
    "end_consult": "记录意见结果",
    "fee": "发出收费通知",
    "paid": "登记缴费",
    "extend": "延期",
    "draft": "拟定答复",
    "approve": "审核答复",
    "send_back": "退回答复",
    "archive": "归档",
    "print_documents": "打印文书",
}
NOT_SIGNED_IN = "尚未登录，不能办理依申请公开。"
APPROVER_NOTICE = (
    "审核通过和退回答复须由负责人登录办理；延期由负责人在延期窗口中输入其本人的用户名和密码批准。"
)
NONE_CHOSEN = "请先在列表中选中一件申请"


def state_refusal(key: str, row: DisclosureRow | None) -> str:
    """Why ``key`` does not apply to ``row`` now ("" when it does)."""
    states = next(a[5] for a in ACTIONS if a[0] == key)
    if states is None:
        return ""
    if row is None:
        return NONE_CHOSEN
    if row.state in states:
        return ""
    return f"{row.number} 当前为「{row.state.label}」，不能{WHAT[key]}"


class DisclosureActions:
    """Mixed into ``DisclosureBoard`` (which provides the widgets, the selection and the messages)."""

    ops: Operations | None
    today: date | None
    dialog: _Form | None
    buttons: dict[str, QPushButton]
    notice_label: QLabel
    preview_requested: SignalInstance
    _refusals: dict[str, str]

    def show_message(self, text: str, kind: str) -> None:
        raise NotImplementedError

    def current_row(self) -> DisclosureRow | None:
        raise NotImplementedError

    def _today(self) -> date:
        return self.today or date.today()

    # -- who may do what, on what --------------------------------------------------------------------------

    def _apply_permissions(self) -> None:
        """Enable what the signed-in person may do on the selected request; say why not in each tooltip."""
        session: Any = self.ops.session if self.ops is not None else None
        row = self.current_row()
        refusals: dict[str, str] = {}
        denied: set[str] = set()
        for key, _text, keys, tip, permission, _states in ACTIONS:
            reason = session.why_not(permission) if session is not None else NOT_SIGNED_IN
            if reason:
                denied.add(reason)
            else:
                reason = state_refusal(key, row)
            refusals[key] = reason
            button = self.buttons[key]
            button.setEnabled(not reason)
            if key == "extend" and not reason and not session.may(Permission.APPROVE_DISCLOSURE):
                tip = "延期须经负责人同意：负责人在延期窗口中输入其本人的用户名和密码"
            button.setToolTip(f"不可用：{reason}" if reason else f"{tip}  {keys}")
        self._refusals = refusals
        if session is not None and denied and session.may(Permission.DISCLOSURE):
            denied = {APPROVER_NOTICE}  # a clerk: only the supervisor's steps are not theirs, said plainly
        self.notice_label.setText("；".join(sorted(denied)))
        self.notice_label.setVisible(bool(denied) and session is not None)

    def _may(self, key: str) -> DisclosureRow | None | bool:
        """The selected request when ``key`` may start now (True for one needing none); else say why."""
        self._apply_permissions()  # the selection may have moved since the buttons were set
        reason = self._refusals.get(key, NOT_SIGNED_IN)
        if reason:
            self.show_message(reason, "error")
            return None
        return self.current_row() or True

    def _row(self, key: str) -> DisclosureRow | None:
        row = self._may(key)
        return row if row is not None and row is not True else None  # type: ignore[return-value]

    # -- forms held open until the session answers ---------------------------------------------------------

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
        if owner is self.dialog and self.dialog is not None:
            self.dialog.ok_button.setEnabled(not busy)

    def _dialog_closed(self, dialog: _Form) -> None:
        if dialog is self.dialog:
            self.dialog = None
            self._refocus()
        dialog.deleteLater()

    def _refocus(self) -> None:
        """A form closed: the keys go back to the page (its focus had been in the form)."""

    def close_dialog(self) -> None:
        """Close the open form, if any, even while it waits (sign-out and lock)."""
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.done(QDialog.DialogCode.Rejected)

    def _with_view(self, number: str, then: Callable[[DisclosureView], None]) -> None:
        """Read the request as stored (its draft, its documents), then ``then(view)``."""
        ops = self.ops
        if ops is None or ops.session is None:
            return
        today = self._today()

        def read(view: DisclosureView | None) -> None:
            if self.ops is None:
                return
            if view is None:
                self.show_message(f"找不到申请 {number}", "error")
            else:
                then(view)

        ops.run(self._widget(), lambda s: s.disclosure(number, today=today), read, key="view", latest=True)

    # -- printing ----------------------------------------------------------------------------------------------

    def _print(self, number: str, kind: DisclosureDocKind, said: str = "", *, copy: bool = False) -> None:
        """Make the document on the print lane (archived and recorded by the session), then preview it."""
        ops = self.ops
        if ops is None or ops.session is None:
            return
        today = self._today()
        label = kind.default_title if kind.name != "REPLY" else "答复书"
        lead = f"{said}；" if said else ""

        def printed(made: Any) -> None:
            if self.ops is None:
                return  # signed out meanwhile: nothing of it reaches the screen
            path = made if isinstance(made, Path) else Path(made.path)
            self.show_message(f"{lead}已打印{label}" + ("（副本）" if copy else ""), "ok")
            self.preview_requested.emit(number, [(label, path)])

        def failed(error: BaseException) -> None:
            if self.ops is not None:
                text = f"{lead}但{label}未能打印：" if said else f"未能打印{label}："
                self.show_message(text + describe(error), "error")

        job = lambda s: s.disclosure_document(number, kind, copy=copy, today=today)
        if ops.run(self._widget(), job, printed, failed, key=f"print {number} {kind.name}", lane="print"):
            self.show_message(f"{lead}正在打印{label}…", "busy")
        else:
            self.show_message(f"{lead}{label}正在打印，请稍候", "busy")

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self
