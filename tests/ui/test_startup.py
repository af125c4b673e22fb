import subprocess
import sys

from PySide6.QtWidgets import QLabel

from hallapp.ui.app import start
from hallapp.ui.main_window import MainWindow


def test_window_opens_before_the_database_then_answers(qtbot, paths):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.search_panel.search_box.isEnabled()
    qtbot.keyClicks(window.search_panel.search_box, "jiuye")  # typed before the database is open
    start(window, paths)
    qtbot.waitUntil(lambda: "目录已就绪" in window.status.text(), timeout=30_000)
    assert "共 45 项事项，6 件“一件事”" in window.status.text()
    # A new installation has no account: the first administrator is created, then the counter opens.
    qtbot.waitUntil(lambda: getattr(window, "login_dialog", None) is not None, timeout=30_000)
    dialog = window.login_dialog
    assert dialog.mode == "first"
    dialog.username.setText("admin")
    dialog.password.setText("short")
    dialog.confirm.setText("short")
    dialog._submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible() and "10" in dialog.error.text())  # the policy, in words
    for field in (dialog.password, dialog.confirm):
        field.setText("Counter-2026!x")
    dialog._submit()
    qtbot.waitUntil(lambda: window.principal is not None, timeout=10_000)
    assert window.principal.username == "admin"
    model = window.search_panel.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.hit(0).name == "就业登记")


def test_the_first_screen_does_not_import_the_slow_libraries():
    code = (
        "import sys, hallapp.ui.app, hallapp.cli;"
        "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'alembic', 'numpy', 'pypinyin', 'reportlab')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_many_void_qt_calls_do_not_crash_the_interpreter(qtbot):
    """PySide6 6.12.0 on Python 3.11 aborts after ~5,200 calls returning None (TESTING.md)."""
    label = QLabel()
    qtbot.addWidget(label)
    for i in range(30_000):
        label.setText("x" if i % 2 else "y")
    assert label.text() == "x"


def test_a_damaged_database_at_start_leads_to_the_restore_offer_and_the_restore_works(qtbot, paths):
    from hallapp.services.backups import backup_now
    from hallapp.services.bootstrap import open_app

    context = open_app(paths)
    context.close()
    backup_now(paths)
    database = paths.database_file
    with open(database, "r+b") as handle:  # a crash or a bad disk scribbled over the header
        handle.write(b"\0" * 100)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    start(window, paths)
    qtbot.waitUntil(lambda: getattr(window, "restore_dialog", None) is not None, timeout=30_000)
    dialog = window.restore_dialog
    assert dialog.isVisible() and dialog.backup_list.count() >= 1
    assert dialog.chosen() is not None
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: "目录已就绪" in window.status.text(), timeout=30_000)  # reopened on the backup
    assert not dialog.isVisible()
    assert window.context is not None and window.context.search.search("jiuye")[0].name == "就业登记"


def test_cases_saved_but_never_printed_are_offered_for_printing_at_start(qtbot, ready_context):
    from datetime import datetime

    from hallapp.services.intake import Decision, submit_intake
    from tests.services.intake_helpers import guide_for, request

    guide = guide_for(ready_context, "就业登记")
    result = submit_intake(
        ready_context.uow(write=True),
        request(guide, Decision.ACCEPT),
        settings=ready_context.settings(),
        calendar=ready_context.calendar,
        now=datetime.now(),
    )
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.attach(ready_context)
    qtbot.waitUntil(lambda: getattr(window, "unprinted_dialog", None) is not None)
    dialog = window.unprinted_dialog
    assert result.number in dialog.list.item(0).text()
    qtbot.waitUntil(lambda: window.settings is not None)
    dialog._print()
    qtbot.waitUntil(lambda: window.preview is not None, timeout=20_000)
    from hallapp.services.cases import unprinted_cases

    assert unprinted_cases(ready_context.uow()) == []
    window.preview.close()
