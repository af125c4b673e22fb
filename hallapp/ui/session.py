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

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from hallapp.domain.access import IdleLock, Principal
from hallapp.errors import describe
from hallapp.ui.login_dialog import LoginDialog

if TYPE_CHECKING:
    from hallapp.services.bootstrap import AppContext
    from hallapp.ui.main_window import MainWindow

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.InputMethod}


def plain(error: BaseException) -> str:
    return describe(error)


def sign_in(window: MainWindow, context: AppContext, signed_in: Callable[[Principal], None]) -> None:
    """Ask who is at the counter; on a new installation, create the administrator first."""
    from hallapp.services.accounts import authenticate, create_first_admin, needs_first_admin

    ops = window.ops

    def ask(first: bool) -> None:
        dialog = LoginDialog("first" if first else "login", window)

        def attempt(fields: dict[str, str]) -> None:
            def check(_none: object) -> Principal:
                if first:
                    return create_first_admin(
                        context.uow(write=True),
                        fields["username"],
                        fields["display_name"] or fields["username"],
                        fields["password"],
                    )
                return authenticate(context.uow(write=True), fields["username"], fields["password"])

            ops.run(
                dialog,
                check,
                lambda principal: (dialog.accept(), signed_in(principal)),
                lambda error: dialog.fail(plain(error)),
                key="sign-in",
            )

        dialog.submitted.connect(attempt)
        dialog.rejected.connect(QApplication.quit)
        dialog.open()
        window.login_dialog = dialog  # type: ignore[attr-defined]

    ops.run(window, lambda _none: needs_first_admin(context.uow()), ask, key="needs-admin")


def connect_sign_out(window: MainWindow, context: AppContext) -> None:
    """Sign out (退出登录) and switch user (切换用户) from the menu: the window is cleared at once and the
    sign-in dialog asks who is next; no restart."""

    def leave() -> None:
        window.detach()
        sign_in(window, context, lambda principal: window.attach(context, principal))

    window.sign_out_requested.connect(leave)
    window.switch_user_requested.connect(leave)


class IdleGuard(QObject):
    """Locks the window after ``minutes`` without keyboard or mouse, until a password is given again."""

    def __init__(self, window: MainWindow, minutes: float) -> None:
        super().__init__(window)
        self.window = window
        self.lock = IdleLock(timeout_s=minutes * 60, now=time.monotonic())
        self.dialog: Any = None
        QApplication.instance().installEventFilter(self)
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
        if self.dialog is None:
            self.show_unlock()

    def _hide_counter(self, hidden: bool) -> None:
        """Nothing of the applicant or the register stays visible behind the lock."""
        window = self.window
        window.centralWidget().setVisible(not hidden)
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

    def show_unlock(self) -> None:
        session = self.window.session
        if session is None:
            return
        self.lock.lock()
        self._hide_counter(True)
        current = session.principal
        dialog = LoginDialog("unlock", self.window, username=current.username)
        dialog.username.setReadOnly(False)  # another person may take the counter over here
        self.dialog = dialog

        def attempt(fields: dict[str, str]) -> None:
            username = fields["username"].strip()
            if username.casefold() == current.username.casefold():
                self.window.ops.run(
                    dialog,
                    lambda s: s.unlock(fields["password"]),
                    lambda ok: self._unlocked(dialog) if ok else dialog.fail("密码错误"),
                    lambda error: dialog.fail(plain(error)),
                    key="unlock",
                )
                return
            context = session.context
            from hallapp.services.accounts import authenticate

            def switched(principal: Principal) -> None:
                self._unlocked(dialog)
                self.window.detach()
                self.window.attach(context, principal)

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
        QApplication.instance().removeEventFilter(self)
