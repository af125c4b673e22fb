"""Who is at the counter: sign-in, sign-out, switching user, and the idle lock.

Passwords are checked by the account services on the database worker; the dialogs only ask and show the
answer. The idle lock hides every name, ID and case behind it; another person may sign in at the lock
(the first is signed out), so a colleague taking the counter over never gets 密码错误 logged against the
first person.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from hallapp.domain.access import IdleLock, Principal
from hallapp.errors import describe
from hallapp.ui.login_dialog import LoginDialog

if TYPE_CHECKING:
    from hallapp.services.bootstrap import AppContext
    from hallapp.ui.main_window import MainWindow
    from hallapp.ui.signin import SignIn

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.InputMethod}


def plain(error: BaseException) -> str:
    return describe(error)


def sign_in(
    window: MainWindow, context: AppContext, signed_in: Callable[[Principal], None] | None = None
) -> SignIn:
    """Ask who is at the counter, with the database already open: start-up's own flow
    (``hallapp.ui.signin.SignIn``), so the first administrator's form, the waiting and the words of a
    refusal are the same as at start. ``signed_in`` defaults to attaching the window.

    The dialog is window-modal over the (cleared) window. Closing it (Esc, ×) does not quit, as it does
    at start: the window stays cleared, nothing of the last person on it, and says how to sign in
    again (切换用户, Ctrl+Shift+L); 退出 (Ctrl+Q) still ends the program. A clerk who presses Esc by
    mistake should not have to start HallApp again, and a modal dialog that could not be closed would
    leave no way to quit (a window blocked by a modal dialog cannot be closed either).
    """
    from hallapp.services.accounts import needs_first_admin
    from hallapp.ui.signin import SignIn

    current = getattr(window, "sign_in_flow", None)
    if isinstance(current, SignIn) and current.dialog.isVisible():
        current.dialog.raise_()  # already asking: one dialog, not a second on top
        current.dialog.activateWindow()
        return current
    done = signed_in or (lambda principal: window.attach(context, principal))
    flow = SignIn("login", window)
    dialog = flow.dialog
    dialog.setWindowModality(Qt.WindowModality.WindowModal)

    def finished() -> None:
        window.login_dialog = window.sign_in_flow = None  # type: ignore[attr-defined]
        dialog.deleteLater()  # a late answer for it is dropped by the operation helper
        flow.deleteLater()

    def accepted(principal: Principal) -> None:
        dialog.accept()
        finished()
        done(principal)

    def cancelled() -> None:
        finished()
        window.set_status(window.tr("已退出登录。要登录，请按 Ctrl+Shift+L（文件 → 切换用户）"))

    flow.signed_in.connect(accepted)
    dialog.rejected.connect(cancelled)
    window.login_dialog, window.sign_in_flow = dialog, flow  # type: ignore[attr-defined]
    dialog.open()
    ops = window.ops
    ops.run(
        dialog,
        lambda _none: needs_first_admin(context.uow()),
        lambda first: flow.database_ready(context, first, ops),
        lambda error: dialog.fail(plain(error)),
        key="needs-admin",
    )
    return flow


def connect_sign_out(
    window: MainWindow, context: AppContext, signed_in: Callable[[Principal], None] | None = None
) -> None:
    """Sign out (退出登录) and switch user (切换用户) from the menu: the window is cleared at once and the
    sign-in dialog asks who is next (``sign_in``); no restart, the database stays open."""

    def leave(how: str) -> None:
        if window.session is not None:  # in the trail as the person leaving, before the window forgets them
            window.ops.run(window, lambda s: s.note_counter("counter.sign_out", how=how), key="left")
        window.detach()
        sign_in(window, context, signed_in)

    window.sign_out_requested.connect(lambda: leave("sign_out"))
    window.switch_user_requested.connect(lambda: leave("switch_user"))


def _app() -> QCoreApplication:
    """The running application: the idle guard only exists inside one."""
    app = QApplication.instance()
    assert app is not None
    return app


# The lock knows who is at the counter: it may say the password was wrong, with the lockout rule.
def _wrong_unlock() -> str:
    from hallapp.services.accounts import LOCKOUT, MAX_FAILED_LOGINS

    return (
        f"密码错误。连续输错 {MAX_FAILED_LOGINS} 次账户将锁定 {LOCKOUT.seconds // 60} 分钟；"
        "忘记密码请联系系统管理员。"
    )


class IdleGuard(QObject):
    """Locks the window after ``minutes`` without keyboard or mouse, until a password is given again."""

    def __init__(self, window: MainWindow, minutes: float) -> None:
        super().__init__(window)
        self.window = window
        self.lock = IdleLock(timeout_s=minutes * 60, now=time.monotonic())
        self.dialog: Any = None
        _app().installEventFilter(self)  # every key and click of the program counts as activity
        self.timer = QTimer(self)
        self.timer.setInterval(5_000)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def restart(self, minutes: float) -> None:
        """A new person signed in: their countdown starts now."""
        self.lock = IdleLock(timeout_s=minutes * 60, now=time.monotonic())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.dialog is None:
            self.lock.touch(time.monotonic())
        return False

    def check(self, now: float | None = None) -> None:
        if self.dialog is None and self.lock.locked(time.monotonic() if now is None else now):
            self.show_unlock()

    def lock_now(self) -> None:
        """Locked by hand (Ctrl+Alt+L): the same lock, saying why."""
        if self.dialog is None:
            self.show_unlock(by_hand=True)

    def _hide_counter(self, hidden: bool) -> None:
        """Nothing of the applicant or the register stays visible behind the lock."""
        window = self.window
        window.tabs.setVisible(not hidden)  # the central widget
        window.menuBar().setEnabled(not hidden)
        for label in (window.status, window.summary_label):
            label.setVisible(not hidden)
        for name in ("preview", "case_dialog", "unprinted_dialog"):
            dialog = getattr(window, name, None)
            if isinstance(dialog, QWidget):
                try:
                    dialog.setVisible(not hidden)
                except RuntimeError:
                    pass

    def show_unlock(self, *, by_hand: bool = False) -> None:
        session = self.window.session
        if session is None:
            return
        self.lock.lock()
        self._hide_counter(True)
        self.window.ops.run(
            self, lambda s: s.note_counter("counter.lock", how="by_hand" if by_hand else "idle"), key="locked"
        )
        current = session.principal
        dialog = LoginDialog("unlock", self.window, username=current.username)
        dialog.username.setReadOnly(False)  # another person may take the counter over here
        why = "窗口已锁定" if by_hand else "长时间未操作，窗口已锁定"
        dialog.set_hint(
            f"{why}，申请人信息已隐藏。{current.display_name}请输入密码继续；"
            "其他工作人员可输入本人用户名和密码接替本窗口（上一位将退出登录）。"
        )
        self.dialog = dialog

        def attempt(fields: dict[str, str]) -> None:
            username = fields["username"].strip()
            if username.casefold() == current.username.casefold():
                self.window.ops.run(
                    dialog,
                    lambda s: s.unlock(fields["password"]),
                    lambda ok: self._unlocked(dialog) if ok else dialog.fail(_wrong_unlock()),
                    lambda error: dialog.fail(plain(error)),
                    key="unlock",
                )
                return
            context = session.context
            from hallapp.services.accounts import authenticate

            def switched(principal: Principal) -> None:
                from hallapp.services.session_admin import record_counter_event

                window_number = session.settings.window
                self._unlocked(dialog)
                self.window.detach()
                self.window.attach(context, principal)
                self.window.ops.run(
                    self,
                    lambda _s: record_counter_event(
                        context, principal, "counter.take_over", window_number, previous=current.username
                    ),
                    key="taken",
                )

            self.window.ops.run(
                dialog,
                lambda _s: authenticate(context.uow(write=True), username, fields["password"]),
                switched,
                lambda error: dialog.fail(plain(error)),
                key="unlock",
            )

        dialog.submitted.connect(attempt)
        dialog.open()

    def _unlocked(self, dialog: LoginDialog) -> None:
        self.lock.unlock(time.monotonic())
        self.dialog = None
        self._hide_counter(False)
        dialog.done(1)

    def stop(self) -> None:
        self.timer.stop()
        _app().removeEventFilter(self)
