"""Account management (账户管理) for the administrator: list, add, change role, disable, unlock, reset.

Only the system administrator manages accounts. Anyone else who opens this sees who may and why they
may not, before any form — the account services check again and audit every change. Every call runs
through the window's operations on the database worker (``ops``); after a change the list reloads
itself from the ``accounts`` change the operation broadcasts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.access import ACCOUNT_ROLES, Permission, Role, password_problems, username_problems
from hallapp.errors import describe
from hallapp.ui.row_model import Index, RowTableModel

if TYPE_CHECKING:
    from hallapp.services.accounts import AccountInfo
    from hallapp.services.changes import Changes
    from hallapp.ui.ops import Operations

MUTED = QColor("#6b7280")
STYLE = """
QLabel#refusal { color: #7f1d1d; background: #fef2f2; border: 1px solid #fecaca; border-radius: 4px;
    padding: 10px 12px; }
QLabel#hint { color: #64748b; }
"""


def status_text(account: AccountInfo, now: datetime | None = None) -> str:
    """正常, 已停用, or 已锁定（至 10:16）while a lockout runs."""
    if not account.active:
        return "已停用"
    locked = account.locked_until
    if locked is not None and locked > (now or datetime.now(locked.tzinfo)):
        return f"已锁定（至 {locked.astimezone():%H:%M}）"
    return "正常"


class AccountsModel(RowTableModel):
    """Every account, by user name (never a password or its hash)."""

    COLUMNS = ("用户名", "姓名", "角色", "窗口", "状态")

    def set_accounts(self, accounts: Sequence[AccountInfo]) -> None:
        self.beginResetModel()
        self._rows = list(accounts)
        self.endResetModel()

    def account(self, row: int) -> AccountInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, username: str) -> int:
        return next((i for i, a in enumerate(self._rows) if a.username == username), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        account = self.account(index.row()) if index.isValid() else None
        if account is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            values = (account.username, account.display_name, account.role.label, account.window)
            return values[index.column()] if index.column() < 4 else status_text(account)
        if role == Qt.ItemDataRole.ForegroundRole and not account.active:
            return MUTED
        return None


class AccountsDialog(QDialog):
    """Opened by the window as ``AccountsDialog(ops, parent)`` with ``ops.session`` signed in."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("账户管理"))
        self.setStyleSheet(STYLE)
        session = ops.session
        self.allowed = session is not None and session.may(Permission.ACCOUNTS)

        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.model = AccountsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selected_changed())
        list_label = QLabel(self.tr("账户(&L)"))
        list_label.setBuddy(self.table)

        # the selected account
        self.selected_role = QComboBox()
        self.toggle_button = QPushButton(self.tr("停用账户(&D)"))
        self.unlock_button = QPushButton(self.tr("解除锁定(&K)"))
        self.role_button = QPushButton(self.tr("变更角色(&G)"))
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reset_button = QPushButton(self.tr("重置密码(&S)"))
        for role in ACCOUNT_ROLES:
            self.selected_role.addItem(role.label, role)
        self.selected_box = selected = QGroupBox(self.tr("所选账户"))
        selected_form = QFormLayout(selected)
        role_row = QHBoxLayout()
        role_row.addWidget(self.selected_role, 1)
        role_row.addWidget(self.role_button)
        password_row = QHBoxLayout()
        password_row.addWidget(self.new_password, 1)
        password_row.addWidget(self.reset_button)
        state_row = QHBoxLayout()
        state_row.addWidget(self.toggle_button)
        state_row.addWidget(self.unlock_button)
        state_row.addStretch(1)
        role_label, password_label = QLabel(self.tr("角色(&O)")), QLabel(self.tr("新密码(&W)"))
        role_label.setBuddy(self.selected_role)
        password_label.setBuddy(self.new_password)
        selected_form.addRow(role_label, role_row)
        selected_form.addRow(password_label, password_row)
        selected_form.addRow(self.tr("状态"), state_row)

        # a new account
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("如 zhangsan（小写字母、数字）"))
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in ACCOUNT_ROLES:
            self.role.addItem(role.label, role)
        self.window_edit = QLineEdit()
        self.window_edit.setPlaceholderText(self.tr("如 08（可空）"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("新增账户(&A)"))
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        new = QGroupBox(self.tr("新增账户"))
        new_form = QFormLayout(new)
        new_form.addRow(self.tr("用户名(&U)"), self.username)
        new_form.addRow(self.tr("姓名(&N)"), self.display_name)
        new_form.addRow(self.tr("角色(&R)"), self.role)
        new_form.addRow(self.tr("窗口(&I)"), self.window_edit)
        new_form.addRow(self.tr("初始密码(&P)"), self.password)
        new_form.addRow("", self.hint)
        new_form.addRow("", self.add_button)

        forms = QHBoxLayout()
        forms.addWidget(selected, 1)
        forms.addWidget(new, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self.refusal)
        layout.addWidget(list_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(forms)
        layout.addLayout(bottom)

        self.add_button.clicked.connect(self.add)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.unlock_button.clicked.connect(self.unlock)
        self.role_button.clicked.connect(self.change_role)
        self.reset_button.clicked.connect(self.reset)
        for edit in (self.username, self.display_name, self.password):
            edit.textChanged.connect(self._check_new)
        self.new_password.textChanged.connect(self._enable_selected)
        self.new_password.returnPressed.connect(self.reset)
        self.password.returnPressed.connect(self.add)
        ops.did_change.connect(self._changed)
        self.resize(900, 620)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field does what the field says, never another button

        if not self.allowed:
            self._refuse(close)
            return
        self.refusal.hide()
        self._check_new()
        self._selected_changed()
        self.table.setFocus()
        self.refresh()

    def _refuse(self, close: QPushButton) -> None:
        """Say who manages accounts and why this person may not; no list, no form."""
        session = self.ops.session
        if session is None:
            self.refusal.setText(self.tr("尚未登录：请先登录。"))
        else:
            who = session.who_may(Permission.ACCOUNTS)
            self.refusal.setText(
                self.tr("仅{0}可管理账户。\n{1}").format(who, session.why_not(Permission.ACCOUNTS))
            )
        for widget in self.findChildren(QWidget):
            if widget not in (self.refusal, self.message, close):
                widget.hide()
        close.setFocus()
        self.resize(560, 200)

    def say(self, text: str, good: bool = True) -> None:
        self.message.setStyleSheet("color: #047857;" if good else "color: #b91c1c;")
        self.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.say(describe(error), False)

    # -- the list ------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.allowed:
            self.ops.run(self, lambda s: s.accounts(), self._show, self._failed, key="accounts", latest=True)

    def _changed(self, changes: Changes) -> None:
        if changes.accounts:
            self.refresh()

    def _show(self, accounts: list[AccountInfo]) -> None:
        current = self.selected()
        self.model.set_accounts(accounts)
        row = self.model.row_of(current.username) if current else -1
        self.table.selectRow(max(row, 0))
        self._selected_changed()

    def selected(self) -> AccountInfo | None:
        return self.model.account(self.table.currentIndex().row())

    def _selected_changed(self) -> None:
        account = self.selected()
        title = (
            self.tr("所选账户：{0}（{1}）").format(account.username, account.display_name) if account else ""
        )
        self.selected_box.setTitle(title or self.tr("所选账户"))
        if account is not None:
            self.selected_role.setCurrentIndex(self.selected_role.findData(account.role))
            self.toggle_button.setText(self.tr("停用账户(&D)") if account.active else self.tr("启用账户(&D)"))
        self._enable_selected()

    def _enable_selected(self) -> None:
        """What can be done to the selected account: unlock only a locked one, reset only with a password."""
        account = self.selected()
        for widget in (self.selected_role, self.role_button, self.toggle_button, self.new_password):
            widget.setEnabled(account is not None)
        self.unlock_button.setEnabled(account is not None and account.locked_until is not None)
        self.reset_button.setEnabled(account is not None and bool(self.new_password.text()))

    def _check_new(self) -> None:
        """What is wrong with the new account so far, shown while typing (the service checks again)."""
        username, password = self.username.text().strip(), self.password.text()
        problems = username_problems(username) if username else []
        if password:
            problems += password_problems(password, username)
        complete = bool(username and self.display_name.text().strip() and password)
        self.hint.setText(
            "；".join(problems) if problems else self.tr("密码至少 10 位，含大写、小写、数字、符号中的三种")
        )
        self.hint.setStyleSheet("color: #b91c1c;" if problems else "")
        self.add_button.setEnabled(complete and not problems)

    # -- changing ------------------------------------------------------------------------------------------

    def _run(self, key: str, work: Callable[[Any], Any], done: str) -> None:
        self.ops.run(self, work, lambda _r: self.say(done), self._failed, key=key)

    def add(self) -> None:
        if not self.add_button.isEnabled():
            return
        username, name = self.username.text().strip(), self.display_name.text().strip()
        role, window, password = (
            self.role.currentData(),
            self.window_edit.text().strip(),
            self.password.text(),
        )

        def done(_info: object) -> None:
            self.say(self.tr("已新增账户 {0}（{1}）：请本人登录后修改密码").format(username, name))
            for edit in (self.username, self.display_name, self.window_edit, self.password):
                edit.clear()

        self.ops.run(
            self,
            lambda s: s.create_account(username, name, role, password, window=window),
            done,
            self._failed,
            key="account-create",
        )

    def change_role(self) -> None:
        account, role = self.selected(), Role(self.selected_role.currentData())  # Qt hands back a str
        if account is None or role == account.role:
            return
        self._run(
            "account-role",
            lambda s: s.set_role(account.username, role),
            self.tr("已将 {0} 改为{1}").format(account.username, role.label),
        )

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        done = self.tr("已停用账户 {0}：此人不能再登录") if account.active else self.tr("已启用账户 {0}")
        self._run(
            "account-active",
            lambda s: s.set_active(account.username, not account.active),
            done.format(account.username),
        )

    def unlock(self) -> None:
        account = self.selected()
        if account is None:
            return
        self._run(
            "account-unlock",
            lambda s: s.unlock_account(account.username),
            self.tr("已解除 {0} 的锁定").format(account.username),
        )

    def reset(self) -> None:
        account, password = self.selected(), self.new_password.text()
        if account is None or not password:
            return
        self._run(
            "account-password",
            lambda s: s.reset_password(account.username, password),
            self.tr("已重置 {0} 的密码：请本人登录后修改").format(account.username),
        )
        self.new_password.clear()
