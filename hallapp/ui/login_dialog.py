"""Sign-in (登录), the first administrator's account on a new installation, and the idle lock's unlock.

The dialog only asks: whoever opened it checks the password with the account services on a worker and
calls ``fail(text)`` (shown inline) or ``accept()``. From the moment the fields are submitted until then
the dialog is busy (fields read-only, a grey line saying what it waits for), so a second Enter does not
send the password twice. At start-up it is shown before the database is open: ``wait_for`` says what it
waits for, and ``set_mode("first")`` turns it into the first administrator's form when the database
turns out to have no account.

Importing this module must stay cheap (PySide6 only): it is on the path to the first paint.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

TITLES = {"first": "创建系统管理员账户", "login": "登录 HallApp", "unlock": "已锁定：请输入密码解锁"}
INTROS = {
    "first": "这是新的安装：请为系统管理员设置账户。没有默认账户，也不能共用账户；"
    "密码至少 10 位，含大写、小写、数字、符号中的三种。",
    "login": "请输入您的用户名和密码。连续 5 次输错，账户将锁定 15 分钟。",
    "unlock": "长时间未操作，窗口已锁定以保护申请人信息。请输入密码继续。",
}
CHECKING = "正在验证…"
MESSAGE_LINES = 2  # the room kept under the fields for an error or the waiting line


class LoginDialog(QDialog):
    """``mode``: "first" (create the administrator), "login", or "unlock" (after the idle lock)."""

    submitted = Signal(object)  # dict of the fields

    def __init__(self, mode: str, parent: QWidget | None = None, *, username: str = "") -> None:
        super().__init__(parent)
        self.mode = mode
        self.busy = False
        self._frozen: list[QLineEdit] = []  # the fields made read-only while busy
        self.username = QLineEdit(username)
        self.username.setReadOnly(mode == "unlock")
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.form = QFormLayout()
        self.form.addRow(self.tr("用户名(&U)"), self.username)
        self.form.addRow(self.tr("姓名(&N)"), self.display_name)
        self.form.addRow(self.tr("密码(&P)"), self.password)
        self.form.addRow(self.tr("确认密码(&C)"), self.confirm)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.status = QLabel()  # what a submitted form waits for: the database, the password check
        self.status.setObjectName("loginStatus")
        self.status.setStyleSheet("color: #475569;")
        self.status.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定"))
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        # The error and the waiting line share one place whose height is kept for two lines whether
        # anything is said or not: an error appearing never moves the fields or resizes the dialog.
        self.messages = QWidget()
        self.messages.setObjectName("loginMessages")
        messages = QVBoxLayout(self.messages)
        messages.setContentsMargins(0, 0, 0, 0)
        messages.setSpacing(2)
        messages.addWidget(self.error)
        messages.addWidget(self.status)
        messages.addStretch(1)
        self.messages.setFixedHeight(self.fontMetrics().lineSpacing() * MESSAGE_LINES + 8)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(self.form)
        layout.addWidget(self.messages)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.set_mode(mode)

    def set_mode(self, mode: str) -> None:
        """Show the fields of ``mode``; what was already typed stays. At start-up, "login" becomes
        "first" when the database turns out to have no account (and back, should one appear)."""
        self.mode = mode
        self.setWindowTitle(self.tr(TITLES[mode]))
        self.hint.setText(self.tr(INTROS[mode]))
        self.form.setRowVisible(self.display_name, mode == "first")
        self.form.setRowVisible(self.confirm, mode == "first")
        empty = [f for f in self._fields() if not f.text() and not (f is self.username and mode == "unlock")]
        (empty[0] if empty else self.password).setFocus()
        self._fit()

    def set_hint(self, text: str) -> None:
        """Another introduction (the idle lock says why and who may take over): the dialog grows to it
        at once, before it is shown, not only when a message later makes it fit."""
        self.hint.setText(text)
        self._fit()

    def _room_for(self, label: QLabel) -> None:
        """A message longer than the lines kept for it gets the room it needs (never clipped)."""
        margins = self.layout().contentsMargins()
        width = self.messages.width() or self.minimumWidth() - margins.left() - margins.right()
        needed = label.heightForWidth(width) + 4
        if needed > self.messages.height():
            self.messages.setFixedHeight(needed)

    def _fit(self) -> None:
        """Keep every line readable when a message appears or the form changes: Qt's minimum size of a
        window ignores how tall word-wrapped text becomes, and the line edits were squeezed to a sliver
        under a two-line error. The height needed at the narrowest allowed width becomes the minimum."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        needed = self.heightForWidth(self.minimumWidth())
        self.setMinimumHeight(needed)
        if self.height() < needed:
            self.resize(self.width(), needed)

    def _fields(self) -> list[QLineEdit]:
        fields = [self.username]
        if self.mode == "first":
            fields.append(self.display_name)
        fields.append(self.password)
        if self.mode == "first":
            fields.append(self.confirm)
        return fields

    def _submit(self) -> None:
        if self.busy:
            return  # already on its way: one Enter, one check
        if self.mode == "first" and self.password.text() != self.confirm.text():
            self.fail(self.tr("两次输入的密码不一致"))
            return
        if not self.username.text().strip() or not self.password.text():
            self.fail(self.tr("请输入用户名和密码"))
            return
        self.error.hide()
        self.wait_for(self.tr(CHECKING))
        self.submitted.emit(
            {
                "username": self.username.text().strip(),
                "display_name": self.display_name.text().strip(),
                "password": self.password.text(),
            }
        )

    def wait_for(self, text: str) -> None:
        """The form has been submitted and waits (for the database, for the check): say for what."""
        self._set_busy(True)
        self.error.hide()  # submitted again: the last error no longer applies
        self.status.setText(text)
        self.status.show()
        self._fit()

    def fail(self, text: str) -> None:
        """Say what went wrong and let the person try again (the password is cleared)."""
        self._set_busy(False)
        self.error.setText(text)
        self.error.show()
        self._room_for(self.error)
        self.password.clear()
        self.confirm.clear()
        self.password.setFocus()
        self._fit()

    def _set_busy(self, busy: bool) -> None:
        """Read-only while waiting; afterwards each field is as it was (the idle lock lets the user name
        be changed, so another person can take the counter over)."""
        self.status.setVisible(busy)
        self.ok_button.setEnabled(not busy)
        if busy == self.busy:
            return
        self.busy = busy
        if busy:
            fields = (self.username, self.display_name, self.password, self.confirm)
            self._frozen = [f for f in fields if not f.isReadOnly()]
            for field in self._frozen:
                field.setReadOnly(True)
        else:
            for field in self._frozen:
                field.setReadOnly(False)
            self._frozen = []

    def reject(self) -> None:  # Esc: an unlock cannot be dismissed
        if self.mode != "unlock":
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
            return
        super().keyPressEvent(event)
