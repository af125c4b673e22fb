"""Sign-in, lockout after five wrong passwords, and the idle lock — as the clerk meets them."""

import time

from hallapp.domain.access import AccessDenied, Role
from hallapp.services.accounts import create_account, create_first_admin
from hallapp.ui.main_window import MainWindow
from hallapp.ui.session import sign_in


def open_signed_out(qtbot, context):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    sign_in(window, context, lambda principal: window.attach(context, principal))
    qtbot.waitUntil(lambda: getattr(window, "login_dialog", None) is not None)
    return window, window.login_dialog


def ops_for(qtbot, context, principal):
    """The operation helper of a counter where ``principal`` signed in (their session open)."""
    from hallapp.services.session import CounterSession
    from hallapp.ui.ops import Operations

    ops = Operations()  # kept alive by the dialog that holds it
    ops.session = CounterSession.open(context, principal)
    return ops


def make_clerk(context):
    admin = create_first_admin(context.uow(write=True), "admin", "管理员", "Hall-Root-2026x")
    create_account(context.uow(write=True), admin, "lisi", "李四", Role.CLERK, "08", "Clerk-Pass-2026")


def test_sign_in_opens_the_counter_with_the_accounts_name_and_window(qtbot, ready_context):
    make_clerk(ready_context)
    window, dialog = open_signed_out(qtbot, ready_context)
    assert dialog.mode == "login"
    dialog.username.setText("lisi")
    dialog.password.setText("Clerk-Pass-2026")
    dialog._submit()
    qtbot.waitUntil(lambda: window.settings is not None, timeout=10_000)
    assert window.principal.role is Role.CLERK
    assert (window.settings.clerk, window.settings.window) == ("李四", "08")  # documents carry the account


def test_five_wrong_passwords_lock_the_account(qtbot, ready_context):
    make_clerk(ready_context)
    window, dialog = open_signed_out(qtbot, ready_context)
    for attempt in range(5):
        dialog.username.setText("lisi")
        dialog.password.setText(f"wrong-{attempt}")
        dialog._submit()
        qtbot.waitUntil(lambda: dialog.error.isVisible() and dialog.password.text() == "", timeout=10_000)
        dialog.error.hide()
    dialog.username.setText("lisi")
    dialog.password.setText("Clerk-Pass-2026")  # even the right password, while locked
    dialog._submit()
    qtbot.waitUntil(lambda: "锁定" in dialog.error.text(), timeout=10_000)
    assert window.principal is None


def test_the_window_locks_when_idle_and_the_password_unlocks_it(qtbot, ready_context):
    make_clerk(ready_context)
    window, dialog = open_signed_out(qtbot, ready_context)
    dialog.username.setText("lisi")
    dialog.password.setText("Clerk-Pass-2026")
    dialog._submit()
    qtbot.waitUntil(lambda: window.idle_guard is not None, timeout=10_000)
    guard = window.idle_guard
    guard.check(now=time.monotonic() + 10 * 60 + 1)  # ten idle minutes later
    assert guard.dialog is not None and guard.dialog.mode == "unlock"
    unlock = guard.dialog
    unlock.reject()  # Esc does not dismiss it
    assert unlock.isVisible()
    unlock.password.setText("not-it")
    unlock._submit()
    qtbot.waitUntil(lambda: unlock.error.isVisible(), timeout=10_000)
    assert "密码错误" in unlock.error.text() and "锁定 15 分钟" in unlock.error.text()  # with the rule
    unlock.password.setText("Clerk-Pass-2026")
    unlock._submit()
    qtbot.waitUntil(lambda: guard.dialog is None, timeout=10_000)
    assert not guard.lock.locked(time.monotonic())
    guard.stop()


def test_the_administrator_adds_a_clerk_who_can_then_sign_in_and_a_clerk_is_refused(qtbot, ready_context):
    from hallapp.services.accounts import authenticate
    from hallapp.ui.accounts_dialog import AccountsDialog

    admin = create_first_admin(ready_context.uow(write=True), "admin", "管理员", "Hall-Root-2026x")
    dialog = AccountsDialog(ops_for(qtbot, ready_context, admin))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    dialog.username.setText("wangwu")
    dialog.display_name.setText("王五")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.CLERK))
    dialog.window_edit.setText("12")
    dialog.password.setText("weak")
    assert "密码" in dialog.hint.text() and not dialog.add_button.isEnabled()  # the policy, while typing
    dialog.add()
    qtbot.wait(200)
    assert dialog.model.rowCount() == 1  # nothing added
    dialog.password.setText("Window-12-Pass")
    dialog.add()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    clerk = authenticate(ready_context.uow(write=True), "wangwu", "Window-12-Pass")
    assert clerk.role is Role.CLERK and clerk.window == "12"
    clerk_ops = ops_for(qtbot, ready_context, clerk)
    refused = AccountsDialog(clerk_ops)
    qtbot.addWidget(refused)
    refused.show()
    assert "仅系统管理员可管理账户" in refused.refusal.text()  # said before any form, with who to ask
    assert not refused.table.isVisible() and not refused.allowed
    try:  # and the service refuses too, whatever the screen does
        clerk_ops.session.accounts()
    except AccessDenied as refusal:
        assert "无权" in str(refusal) or "系统管理员" in str(refusal)
    else:
        raise AssertionError("a clerk read the accounts")


def test_auditor_sees_and_exports_the_trail_a_clerk_is_refused_and_reveals_are_checked(
    qtbot, ready_context, tmp_path
):
    from hallapp.domain.access import Principal
    from hallapp.ui.audit_dialog import AuditDialog

    clerk_ops = ops_for(qtbot, ready_context, Principal("clerk", "李四", Role.CLERK, "08"))
    refused = AuditDialog(clerk_ops)
    qtbot.addWidget(refused)
    refused.show()
    assert "可查看审计记录" in refused.refusal.text() and not refused.table.isVisible()
    try:
        clerk_ops.session.audit_trail()
    except AccessDenied:
        pass
    else:
        raise AssertionError("a clerk read the audit trail")
    dialog = AuditDialog(ops_for(qtbot, ready_context, Principal("auditor", "审计员", Role.AUDITOR)))
    qtbot.addWidget(dialog)
    dialog.verify()
    qtbot.waitUntil(lambda: "审计链完整" in dialog.message.text())
    dialog.export(str(tmp_path / "trail.csv"))
    qtbot.waitUntil(lambda: "已导出" in dialog.message.text())
    qtbot.waitUntil(
        lambda: (
            dialog.proxy.rowCount() >= 1
            and dialog.proxy.index(0, dialog.model.ACTION).data() == "导出审计记录"
        )
    )
