"""Account management (账户管理) for the administrator: list, add, change role, disable, reset password.

Every action goes to the account services on a worker; they check the administrator's permission
themselves (a clerk opening this gets the refusal in words) and audit the change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.access import Principal, Role
from hallapp.ui.session import plain
from hallapp.ui.tasks import run_task

if TYPE_CHECKING:
    from hallapp.services.bootstrap import AppContext

COLUMNS = ("用户名", "姓名", "角色", "窗口", "状态")


class AccountsDialog(QDialog):
    def __init__(self, context: AppContext, principal: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("账户管理"))
        self.context = context
        self.principal = principal
        self.accounts: list[Any] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role)
        self.window_edit = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("用户名(&U)"), self.username)
        form.addRow(self.tr("姓名(&N)"), self.display_name)
        form.addRow(self.tr("角色(&R)"), self.role)
        form.addRow(self.tr("窗口(&W)"), self.window_edit)
        form.addRow(self.tr("初始密码(&P)"), self.password)
        add = QPushButton(self.tr("新增账户(&A)"))
        add.clicked.connect(self.add)
        disable = QPushButton(self.tr("停用/启用(&D)"))
        disable.clicked.connect(self.toggle_active)
        reset = QPushButton(self.tr("重置密码(&S)"))
        reset.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        for button in (add, disable, reset):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.resize(720, 560)
        self.refresh()

    def say(self, text: str, good: bool = True) -> None:
        self.message.setStyleSheet("color: #047857;" if good else "color: #b91c1c;")
        self.message.setText(text)

    def _run(self, work: Callable[[], Any], done: str) -> None:
        run_task(self, work, lambda _r: (self.say(done), self.refresh()), lambda e: self.say(plain(e), False))

    def refresh(self) -> None:
        from hallapp.services.accounts import list_accounts

        run_task(
            self,
            lambda: list_accounts(self.context.uow(), self.principal),
            self._show,
            lambda e: self.say(plain(e), False),
        )

    def _show(self, accounts: list[Any]) -> None:
        self.accounts = accounts
        self.table.setRowCount(len(accounts))
        for row, account in enumerate(accounts):
            values = (
                account.username,
                account.display_name,
                account.role.label,
                account.window,
                "已停用" if not account.active else ("已锁定" if account.locked_until else "正常"),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _selected(self) -> Any:
        row = self.table.currentRow()
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    def add(self) -> None:
        from hallapp.services.accounts import create_account

        username, name, role = (
            self.username.text().strip(),
            self.display_name.text().strip(),
            self.role.currentData(),
        )
        window, password = self.window_edit.text().strip(), self.password.text()
        self._run(
            lambda: create_account(
                self.context.uow(write=True), self.principal, username, name, role, window, password
            ),
            self.tr("已新增账户 {0}").format(username),
        )
        self.password.clear()

    def toggle_active(self) -> None:
        from hallapp.services.accounts import set_active

        account = self._selected()
        if account is None:
            self.say(self.tr("请先选择一个账户"), False)
            return
        self._run(
            lambda: set_active(
                self.context.uow(write=True), self.principal, account.username, not account.active
            ),
            self.tr("已更新账户 {0}").format(account.username),
        )

    def reset(self) -> None:
        from hallapp.services.accounts import reset_password

        account, password = self._selected(), self.password.text()
        if account is None:
            self.say(self.tr("请先选择一个账户，并在“初始密码”中输入新密码"), False)
            return
        self._run(
            lambda: reset_password(self.context.uow(write=True), self.principal, account.username, password),
            self.tr("已重置 {0} 的密码").format(account.username),
        )
        self.password.clear()
