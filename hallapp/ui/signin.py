"""The one sign-in flow (登录): at start-up before the database is open, and after 退出登录 / 切换用户.

Start-up shows the dialog before the database exists (``hallapp.ui.app``); after a sign-out the window's
own dialog asks who is next with the database already open (``hallapp.ui.session``). Both are this
class, so the wait for the database, the first administrator's form and the words of a refusal are
the same in both places. Passwords are checked on the window's serialised database worker
(``Operations``, lane ``db``), never on the UI thread and never beside another database job.

Importing this module must stay cheap (PySide6 only): it is on the path to the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from hallapp.ui.login_dialog import LoginDialog

if TYPE_CHECKING:
    from hallapp.domain.access import Principal
    from hallapp.services.bootstrap import AppContext
    from hallapp.ui.ops import Operations


def check_credentials(context: AppContext, fields: dict[str, str], *, first: bool) -> Principal:
    """On a worker: sign in, or create the first administrator (argon2id: ~0.1 s, see benchmarks)."""
    from hallapp.services.accounts import authenticate, create_first_admin

    if first:
        return create_first_admin(
            context.uow(write=True),
            fields["username"],
            fields["display_name"] or fields["username"],
            fields["password"],
        )
    return authenticate(context.uow(write=True), fields["username"], fields["password"])


def plain(error: BaseException) -> str:
    """A refusal in the words the clerk reads (``hallapp.errors``), imported only when one happens."""
    from hallapp.errors import describe

    return describe(error)


class SignIn(QObject):
    """The sign-in dialog's flow, usable before the database is open.

    Until ``database_ready`` a submitted form waits (the dialog says 正在打开数据库…) and is checked as
    soon as the database is there. ``first`` (no account yet) turns the dialog into the first
    administrator's form. Emits ``signed_in(principal)``; the dialog is left open for the caller to close
    once the window is on the screen (closing the last window first would end the application).
    """

    signed_in = Signal(object)  # Principal

    def __init__(self, mode: str = "login", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialog = LoginDialog(mode, parent)
        self.context: AppContext | None = None
        self.ops: Operations | None = None
        self.pending: dict[str, str] | None = None
        self.dialog.submitted.connect(self._submitted)

    def database_ready(self, context: AppContext, first: bool, ops: Operations) -> None:
        """The database is open: ``ops`` is the window's operation helper, whose database lane checks
        the password (the same worker the signed-in person's session will use)."""
        self.context, self.ops = context, ops
        mode = "first" if first else "login"
        if self.dialog.mode != mode:
            if self.pending is not None:  # typed for the other form: ask again in the right one
                self.pending = None
                self.dialog.fail(
                    self.dialog.tr("此数据库还没有任何账户：请先为系统管理员设置账户。")
                    if first
                    else self.dialog.tr("此数据库已有账户：请用您的账户登录。")
                )
            self.dialog.set_mode(mode)
        if self.pending is not None:
            fields, self.pending = self.pending, None
            self._check(fields)

    def _submitted(self, fields: dict[str, str]) -> None:
        if self.context is None:
            self.pending = fields
            self.dialog.wait_for(self.dialog.tr("正在打开数据库…"))
            return
        self._check(fields)

    def _check(self, fields: dict[str, str]) -> None:
        context, ops = self.context, self.ops
        assert context is not None and ops is not None
        first = self.dialog.mode == "first"
        self.dialog.wait_for(self.dialog.tr("正在验证…"))
        ops.run(
            self.dialog,
            lambda _none: check_credentials(context, fields, first=first),
            self.signed_in.emit,
            lambda error: self.dialog.fail(plain(error)),
            key="sign-in",
        )
