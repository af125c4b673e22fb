"""Who is at the counter: sign-in at start (or the first administrator's account) and the idle lock.

Passwords are checked by the account services on a worker; the dialogs only ask and show the answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from hallapp.domain.access import IdleLock, Principal
from hallapp.ui.login_dialog import LoginDialog
from hallapp.ui.tasks import run_task

if TYPE_CHECKING:
    from hallapp.services.bootstrap import AppContext

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.InputMethod}


def plain(error: BaseException) -> str:
    problems = getattr(error, "problems", None)
    return "；".join(problems) if problems else str(error)


def sign_in(window: QWidget, context: AppContext, signed_in: Callable[[Principal], None]) -> None:
    """Ask who is at the counter; on a new installation, create the administrator first."""
    from hallapp.services.accounts import authenticate, create_first_admin, needs_first_admin

    def ask(first: bool) -> None:
        dialog = LoginDialog("first" if first else "login", window)

        def attempt(fields: dict[str, str]) -> None:
            def check() -> Principal:
                if first:
                    return create_first_admin(
                        context.uow(write=True),
                        fields["username"],
                        fields["display_name"] or fields["username"],
                        fields["password"],
                    )
                return authenticate(context.uow(write=True), fields["username"], fields["password"])

            run_task(
                dialog,
                check,
                lambda principal: (dialog.accept(), signed_in(principal)),
                lambda error: dialog.fail(plain(error)),
            )

        dialog.submitted.connect(attempt)
        dialog.rejected.connect(QApplication.quit)
        dialog.open()
        window.login_dialog = dialog  # type: ignore[attr-defined]

    run_task(window, lambda: needs_first_admin(context.uow()), ask)


class IdleGuard(QObject):
    """Locks the window after ``minutes`` without keyboard or mouse, until the password is given again."""

    def __init__(self, window: QWidget, context: AppContext, principal: Principal, minutes: float) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.principal = principal
        self.lock = IdleLock(timeout_s=minutes * 60, now=time.monotonic())
        self.dialog: Any = None
        QApplication.instance().installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(5_000)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.dialog is None:
            self.lock.touch(time.monotonic())
        return False

    def check(self, now: float | None = None) -> None:
        if self.dialog is None and self.lock.locked(time.monotonic() if now is None else now):
            self.show_unlock()

    def show_unlock(self) -> None:
        from hallapp.services.accounts import unlock_session

        self.lock.lock()
        dialog = LoginDialog("unlock", self.window, username=self.principal.username)
        self.dialog = dialog

        def attempt(fields: dict[str, str]) -> None:
            def unlocked(ok: bool) -> None:
                if ok:
                    self.lock.unlock(time.monotonic())
                    self.dialog = None
                    dialog.done(1)
                else:
                    dialog.fail("密码错误")

            run_task(
                dialog,
                lambda: unlock_session(self.context.uow(write=True), self.principal, fields["password"]),
                unlocked,
                lambda error: dialog.fail(plain(error)),
            )

        dialog.submitted.connect(attempt)
        dialog.open()

    def stop(self) -> None:
        self.timer.stop()
        QApplication.instance().removeEventFilter(self)
