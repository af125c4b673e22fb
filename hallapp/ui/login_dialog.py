"""Sign-in (登录), the first administrator's account on a new installation, and the idle lock's unlock.

The dialog only asks: the window checks the password with the account services on a worker and calls
``fail(text)`` (shown inline) or ``accept()``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


class LoginDialog(QDialog):
    """``mode``: "first" (create the administrator), "login", or "unlock" (after the idle lock)."""

    submitted = Signal(object)  # dict of the fields

    def __init__(self, mode: str, parent: QWidget | None = None, *, username: str = "") -> None:
        super().__init__(parent)
        self.mode = mode
        titles = {"first": "创建系统管理员账户", "login": "登录 HallApp", "unlock": "已锁定：请输入密码解锁"}
        self.setWindowTitle(self.tr(titles[mode]))
        self.username = QLineEdit(username)
        self.username.setReadOnly(mode == "unlock")
        self.display_name = QLineEdit()
        self.window_edit = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("用户名(&U)"), self.username)
        if mode == "first":
            form.addRow(self.tr("姓名(&N)"), self.display_name)
        form.addRow(self.tr("密码(&P)"), self.password)
        if mode == "first":
            form.addRow(self.tr("确认密码(&C)"), self.confirm)
        intro = {
            "first": "这是新的安装：请为系统管理员设置账户。没有默认账户，也不能共用账户；"
            "密码至少 10 位，含大写、小写、数字、符号中的三种。",
            "login": "请输入您的用户名和密码。连续 5 次输错，账户将锁定 15 分钟。",
            "unlock": "长时间未操作，窗口已锁定以保护申请人信息。请输入密码继续。",
        }[mode]
        hint = QLabel(self.tr(intro))
        hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.accepted.connect(self._submit)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        self.setMinimumWidth(420)
        (self.password if mode == "unlock" or username else self.username).setFocus()

    def _submit(self) -> None:
        if self.mode == "first" and self.password.text() != self.confirm.text():
            self.fail(self.tr("两次输入的密码不一致"))
            return
        if not self.username.text().strip() or not self.password.text():
            self.fail(self.tr("请输入用户名和密码"))
            return
        self.error.hide()
        self.submitted.emit(
            {
                "username": self.username.text().strip(),
                "display_name": self.display_name.text().strip(),
                "password": self.password.text(),
            }
        )

    def fail(self, text: str) -> None:
        """Say what went wrong and let the person try again (the password is cleared)."""
        self.error.setText(text)
        self.error.show()
        self.password.clear()
        self.confirm.clear()
        self.password.setFocus()

    def reject(self) -> None:  # Esc: an unlock cannot be dismissed
        if self.mode != "unlock":
            super().reject()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
            return
        super().keyPressEvent(event)
