"""账户管理: the administrator lists, adds, changes, disables, unlocks and resets accounts through the
counter session; anyone else is told who manages accounts before any form is shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from hallapp.domain.access import Role
from hallapp.services.accounts import LoginFailed, authenticate
from hallapp.store.db import UnitOfWork
from hallapp.ui.accounts_dialog import AccountsDialog
from tests.ui.admin_helpers import HASHER, OTHER_ROLES, app_font, grab, make_people, session_ops
from tests.ui.conftest import commit_text


@pytest.fixture
def ops_for(ready_context):
    yield from session_ops(ready_context, make_people(ready_context))


def open_dialog(qtbot, ops) -> AccountsDialog:
    dialog = AccountsDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def rows(dialog: AccountsDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def row_of(dialog: AccountsDialog, username: str) -> list[str]:
    return next(r for r in rows(dialog) if r[0] == username)


def choose(qtbot, dialog: AccountsDialog, username: str) -> None:
    dialog.table.selectRow(dialog.model.row_of(username))
    assert dialog.selected().username == username


def sign_in(context, username: str, password: str):
    return authenticate(UnitOfWork(context.engine, write=True), username, password, hasher=HASHER)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_anyone_but_the_administrator_is_told_who_manages_accounts(qtbot, ops_for, role):
    ops = ops_for(role)
    dialog = open_dialog(qtbot, ops)
    assert not dialog.allowed
    text = dialog.refusal.text()
    assert (
        text.startswith("仅系统管理员可管理账户。") and f"{role.label}（" in text and "无权管理账户" in text
    )
    for widget in (
        dialog.table,
        dialog.username,
        dialog.add_button,
        dialog.reset_button,
        dialog.new_password,
    ):
        assert not widget.isVisible()
    assert dialog.model.rowCount() == 0 and not ops.busy(dialog, "accounts")  # nothing was even read
    assert dialog.width() <= 1366 and dialog.height() <= 700


def test_the_administrator_adds_a_clerk_who_can_then_sign_in(qtbot, ops_for, ready_context):
    ops = ops_for(Role.ADMIN)
    dialog = open_dialog(qtbot, ops)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=5000)
    assert row_of(dialog, "lisi") == ["lisi", "李四", "窗口人员", "08", "正常"]
    assert [dialog.role.itemText(i) for i in range(dialog.role.count())] == [
        "窗口人员",
        "科室负责人",
        "系统管理员",
        "审计管理员",
    ]  # never the installation's own 系统 role
    assert not dialog.add_button.isEnabled()  # nothing typed yet

    qtbot.keyClicks(dialog.username, "wangwu")
    dialog.display_name.setFocus()
    commit_text(dialog.display_name, "王五")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.CLERK))
    qtbot.keyClicks(dialog.window_edit, "12")
    qtbot.keyClicks(dialog.password, "weak")
    assert "密码至少 10 位" in dialog.hint.text() and not dialog.add_button.isEnabled()  # before, not after
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "Window-12-Pass")
    assert dialog.add_button.isEnabled()
    with qtbot.waitSignal(ops.did_change, timeout=10_000) as changed:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert changed.args[0].accounts
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 5, timeout=5000)
    assert row_of(dialog, "wangwu") == ["wangwu", "王五", "窗口人员", "12", "正常"]
    assert dialog.message.text() == "已新增账户 wangwu（王五）：请本人登录后修改密码"
    assert dialog.username.text() == "" and dialog.password.text() == ""
    clerk = sign_in(ready_context, "wangwu", "Window-12-Pass")
    assert clerk.role is Role.CLERK and clerk.window == "12" and clerk.display_name == "王五"


def test_a_taken_user_name_is_refused_in_words(qtbot, ops_for):
    dialog = open_dialog(qtbot, ops_for(Role.ADMIN))
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=5000)
    qtbot.keyClicks(dialog.username, "lisi")
    dialog.display_name.setText("另一个李四")
    qtbot.keyClicks(dialog.password, "Another-Pass-2026")
    dialog.add()
    qtbot.waitUntil(lambda: "已被使用" in dialog.message.text(), timeout=10_000)
    assert dialog.model.rowCount() == 4


def test_the_administrator_changes_a_role_disables_unlocks_and_resets(qtbot, ops_for, ready_context):
    ops = ops_for(Role.ADMIN)
    dialog = open_dialog(qtbot, ops)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=5000)

    choose(qtbot, dialog, "lisi")
    assert dialog.selected_role.currentData() == Role.CLERK
    assert not dialog.unlock_button.isEnabled() and not dialog.reset_button.isEnabled()
    dialog.selected_role.setCurrentIndex(dialog.selected_role.findData(Role.SUPERVISOR))
    with qtbot.waitSignal(ops.did_change, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: row_of(dialog, "lisi")[2] == "科室负责人", timeout=5000)
    assert dialog.message.text() == "已将 lisi 改为科室负责人"

    assert dialog.toggle_button.text() == "停用账户(&D)"
    with qtbot.waitSignal(ops.did_change, timeout=5000):
        qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row_of(dialog, "lisi")[4] == "已停用", timeout=5000)
    assert dialog.selected().username == "lisi" and dialog.toggle_button.text() == "启用账户(&D)"
    with pytest.raises(LoginFailed, match="停用"):
        sign_in(ready_context, "lisi", "Clerk-Pass-2026")
    with qtbot.waitSignal(ops.did_change, timeout=5000):
        qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row_of(dialog, "lisi")[4] == "正常", timeout=5000)

    for attempt in range(5):  # five wrong passwords lock the account
        with pytest.raises(LoginFailed):
            sign_in(ready_context, "lisi", f"wrong-{attempt}")
    dialog.refresh()
    qtbot.waitUntil(lambda: row_of(dialog, "lisi")[4].startswith("已锁定（至 "), timeout=5000)
    assert dialog.unlock_button.isEnabled()
    with qtbot.waitSignal(ops.did_change, timeout=5000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row_of(dialog, "lisi")[4] == "正常", timeout=5000)
    assert dialog.message.text() == "已解除 lisi 的锁定"

    dialog.selected_role.setCurrentIndex(dialog.selected_role.findData(Role.AUDITOR))  # chosen, not applied
    qtbot.keyClicks(dialog.new_password, "Fresh-Pass-2026")
    assert dialog.reset_button.isEnabled()
    with qtbot.waitSignal(ops.did_change, timeout=10_000):
        qtbot.keyClick(dialog.new_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已重置 lisi 的密码" in dialog.message.text(), timeout=5000)
    assert dialog.new_password.text() == ""
    assert sign_in(ready_context, "lisi", "Fresh-Pass-2026").role is Role.SUPERVISOR  # Enter reset, only
    assert row_of(dialog, "lisi")[2] == "科室负责人"


def test_the_last_administrator_cannot_be_disabled(qtbot, ops_for):
    dialog = open_dialog(qtbot, ops_for(Role.ADMIN))
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=5000)
    choose(qtbot, dialog, "admin")
    dialog.toggle_active()
    qtbot.waitUntil(lambda: "最后一个启用的系统管理员" in dialog.message.text(), timeout=5000)
    assert row_of(dialog, "admin")[4] == "正常"


def test_screenshot_of_account_management(qtbot, qapp, ops_for, tmp_path):
    with app_font(qapp):
        dialog = open_dialog(qtbot, ops_for(Role.ADMIN))
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=5000)
        choose(qtbot, dialog, "lisi")
        dialog.username.setText("wangwu")
        dialog.display_name.setText("王五")
        dialog.password.setText("weak")
        shot = grab(dialog, "accounts-dialog.png", tmp_path)
        refused = open_dialog(qtbot, ops_for(Role.CLERK))
        refused.move(QPoint(0, 0))
        grab(refused, "accounts-dialog-refused.png", tmp_path)
    assert shot.stat().st_size > 10_000
