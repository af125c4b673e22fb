"""Start-up as the clerk meets it: the sign-in dialog before the database, the window after sign-in."""

import subprocess
import sys

import pytest
from argon2 import PasswordHasher
from PySide6.QtWidgets import QLabel

from hallapp.services.settings import CounterSettings
from hallapp.ui.app import Startup, run
from hallapp.ui.main_window import MainWindow
from tests.people import CLERK

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
SLOW = ("sqlmodel", "sqlalchemy", "alembic", "numpy", "pypinyin", "reportlab", "argon2", "hallapp.printing")


@pytest.fixture
def start(qtbot, paths):
    """Start the counter in this process; closing the dialog at the end must not quit the test run."""
    made = []

    def begin() -> Startup:
        startup = Startup(paths)
        startup.dialog.rejected.disconnect()
        qtbot.addWidget(startup.dialog)
        startup.begin()
        made.append(startup)
        return startup

    yield begin
    for startup in made:
        if startup.window is not None:
            startup.window.ops.wait()  # the open, the index, the backup: all on the window's workers
            startup.window.close()
            startup.window.deleteLater()
        if startup.context is not None:
            startup.context.close()


def test_a_password_given_before_the_database_is_open_waits_for_it(qtbot, start):
    startup = start()
    dialog = startup.dialog
    assert dialog.isVisible() and startup.context is None
    assert dialog.mode == "first"  # no database file yet: certainly a new installation
    dialog.username.setText("admin")
    for field in (dialog.password, dialog.confirm):
        field.setText("short")
    dialog._submit()  # before the database is open
    assert dialog.busy and dialog.status.text() == "正在打开数据库…" and not dialog.ok_button.isEnabled()
    # Checked as soon as the database is there: the policy refuses it, in words; the dialog takes input again.
    qtbot.waitUntil(lambda: dialog.error.isVisible() and "10" in dialog.error.text(), timeout=30_000)
    assert not dialog.busy and dialog.password.text() == ""
    for field in (dialog.password, dialog.confirm):
        field.setText("Counter-2026!x")
    dialog._submit()
    qtbot.waitUntil(
        lambda: startup.window is not None and startup.window.principal is not None, timeout=10_000
    )
    window = startup.window
    assert window.principal.username == "admin" and window.isVisible() and not dialog.isVisible()
    qtbot.waitUntil(lambda: "目录已就绪" in window.status.text(), timeout=30_000)
    assert "共 45 项事项，6 件“一件事”" in window.status.text()
    qtbot.keyClicks(window.search_panel.search_box, "jiuye")
    model = window.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.hit(0).name == "就业登记")


def test_a_database_without_accounts_turns_the_sign_in_into_the_first_administrators_form(
    qtbot, start, paths
):
    from hallapp.services.bootstrap import open_app

    open_app(paths).close()  # the database exists (the command line made it) but nobody has an account
    startup = start()
    dialog = startup.dialog
    assert dialog.mode == "login" and dialog.display_name.isHidden()
    dialog.username.setText("admin")
    dialog.password.setText("whatever")
    dialog._submit()  # a sign-in typed for the wrong form
    qtbot.waitUntil(lambda: dialog.mode == "first", timeout=30_000)
    assert dialog.windowTitle() == "创建系统管理员账户" and dialog.confirm.isVisible()
    assert not dialog.busy and "还没有任何账户" in dialog.error.text()  # asked again, not sent on
    assert dialog.username.text() == "admin"
    assert startup.window is None or startup.window.principal is None


def test_signing_in_opens_the_counter_and_an_old_hash_is_upgraded(qtbot, start, paths):
    from hallapp.services.accounts import create_first_admin, default_hasher
    from hallapp.services.bootstrap import open_app
    from hallapp.store import account_repo

    context = open_app(paths)
    create_first_admin(context.uow(write=True), "admin", "管理员", "Hall-Root-2026x", hasher=CHEAP)
    context.close()
    startup = start()
    dialog = startup.dialog
    assert dialog.mode == "login"
    qtbot.waitUntil(lambda: startup.context is not None, timeout=30_000)  # this time the database was first
    dialog.username.setText("admin")
    dialog.password.setText("Hall-Root-2026x")
    dialog._submit()
    assert dialog.status.text() == "正在验证…"
    qtbot.waitUntil(lambda: startup.window.principal is not None, timeout=10_000)
    assert startup.window.isVisible() and not dialog.isVisible()
    qtbot.waitUntil(lambda: startup.backups_scheduled, timeout=30_000)  # someone signed in, index ready
    with startup.context.uow() as uow:
        stored = account_repo.find(uow.session, "admin").password_hash
    assert not default_hasher().check_needs_rehash(stored)  # made with other parameters: rehashed


def test_the_dialog_is_painted_before_anything_slow_is_imported(tmp_path):
    code = (
        "import os, sys;"
        "os.environ.update(QT_QPA_PLATFORM='offscreen', HALLAPP_STARTUP_PROBE='signin');"
        "from hallapp.cli import main;"
        f"code = main(['--data-dir', {str(tmp_path)!r}]);"
        f"print('loaded', sorted(m for m in {SLOW!r} if m in sys.modules), code)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0].startswith("signin ")  # the probe: painted, the event loop idle
    assert out.splitlines()[-1] == "loaded [] 0"


def test_a_second_window_on_the_same_data_folder_is_refused_by_name(monkeypatch, paths):
    from PySide6.QtWidgets import QMessageBox

    from hallapp.instance_lock import InstanceLock

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, title, text: shown.append(text)))
    with InstanceLock(paths.data_dir):  # the first window
        assert run(paths) == 1
    assert len(shown) == 1 and str(paths.data_dir) in shown[0] and "只能打开一个" in shown[0]


def test_a_long_error_line_does_not_squash_the_fields(qtbot):
    from hallapp.ui.login_dialog import LoginDialog

    dialog = LoginDialog("login")
    qtbot.addWidget(dialog)
    dialog.show()
    wanted = dialog.username.sizeHint().height()
    dialog.fail("密码连续输错 5 次，账户已锁定，请于 2026-11-27 16:05 后再试，或请系统管理员解锁。" * 2)
    qtbot.wait(10)
    assert dialog.error.height() > dialog.error.fontMetrics().height() * 2  # wrapped, and all of it shown
    assert dialog.username.height() >= wanted and dialog.password.height() >= wanted


def test_many_void_qt_calls_do_not_crash_the_interpreter(qtbot):
    """PySide6 6.12.0 on Python 3.11 aborts after ~5,200 calls returning None (TESTING.md)."""
    label = QLabel()
    qtbot.addWidget(label)
    for i in range(30_000):
        label.setText("x" if i % 2 else "y")
    assert label.text() == "x"


def test_a_damaged_database_at_start_leads_to_the_restore_offer_and_the_restore_works(qtbot, start, paths):
    from hallapp.services.backups import backup_now
    from hallapp.services.bootstrap import open_app

    context = open_app(paths)
    context.close()
    backup_now(paths)
    database = paths.database_file
    with open(database, "r+b") as handle:  # a crash or a bad disk scribbled over the header
        handle.write(b"\0" * 100)
    startup = start()
    qtbot.waitUntil(lambda: startup.restore_dialog is not None, timeout=30_000)
    dialog = startup.restore_dialog
    dialog.rejected.disconnect()
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.backup_list.count() >= 1 and not startup.dialog.isVisible()
    assert dialog.chosen() is not None
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: startup.context is not None, timeout=30_000)  # reopened on the backup
    assert not dialog.isVisible() and startup.dialog.isVisible()  # and back to signing in
    qtbot.waitUntil(lambda: startup.indexed, timeout=30_000)
    assert startup.context.search.search("jiuye")[0].name == "就业登记"


def test_cases_saved_but_never_printed_are_offered_for_printing_at_start(qtbot, ready_context):
    from datetime import datetime

    from hallapp.services.intake import Decision, submit_intake
    from tests.services.intake_helpers import guide_for, request

    guide = guide_for(ready_context, "就业登记")
    result = submit_intake(
        ready_context.uow(write=True),
        request(guide, Decision.ACCEPT),
        settings=CounterSettings(),
        calendar=ready_context.calendar,
        now=datetime.now(),
    )
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.attach(ready_context, CLERK)
    qtbot.waitUntil(lambda: getattr(window, "unprinted_dialog", None) is not None)
    dialog = window.unprinted_dialog
    assert result.number in dialog.list.item(0).text()
    qtbot.waitUntil(lambda: window.settings is not None)
    dialog._print()
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    from hallapp.services.cases import unprinted_cases

    assert unprinted_cases(ready_context.uow()) == []
    window.preview.close()
    window.ops.wait()


def test_a_failed_check_gives_back_the_fields_as_they_were(qtbot):
    """The idle lock lets another person type their user name: a wrong password must not freeze it."""
    from hallapp.ui.login_dialog import LoginDialog

    dialog = LoginDialog("unlock", username="zhang.san")
    qtbot.addWidget(dialog)
    dialog.username.setReadOnly(False)  # as the idle lock does
    dialog.password.setText("wrong")
    dialog._submit()
    assert dialog.busy and dialog.username.isReadOnly() and dialog.password.isReadOnly()
    with qtbot.assertNotEmitted(dialog.submitted):
        dialog._submit()  # a second Enter while waiting sends nothing
    dialog.fail("密码错误")
    assert not dialog.busy and not dialog.username.isReadOnly() and not dialog.password.isReadOnly()
    assert dialog.ok_button.isEnabled() and not dialog.status.isVisible()
