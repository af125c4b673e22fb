"""修改密码: the signed-in person changes their own password (the current one, the new one twice).

The dialog only asks; the window runs the change on the counter session and answers ``refuse(text)``
(shown inline, everything typed kept) or closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from hallapp.domain.access import password_problems


class PasswordDialog(QDialog):
    submitted = Signal(str, str)  # current password, new password

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.username = username
        self.setWindowTitle(self.tr("修改密码"))
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.confirm = QLineEdit()
        for edit in (self.current, self.new, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("当前密码(&O)"), self.current)
        form.addRow(self.tr("新密码(&N)"), self.new)
        form.addRow(self.tr("确认新密码(&C)"), self.confirm)
        self.error = QLabel()
        self.error.setObjectName("passwordError")
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setWordWrap(True)
        hint = QLabel(self.tr("新密码至少 10 位，含大写、小写、数字、符号中的三种，不能包含用户名。"))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("修改"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def problems(self) -> list[str]:
        """What is wrong before asking the services (they check again)."""
        if not self.current.text():
            return ["请输入当前密码"]
        if self.new.text() != self.confirm.text():
            return ["两次输入的新密码不一致"]
        return password_problems(self.new.text(), self.username)

    def _submit(self) -> None:
        problems = self.problems()
        if problems:
            self.refuse("；".join(problems))
            return
        self.error.clear()
        self.submitted.emit(self.current.text(), self.new.text())

    def refuse(self, message: str) -> None:
        self.error.setText(message)
