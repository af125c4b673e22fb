"""修改密码 from the window: the signed-in person changes their own password; refusals keep what was typed."""

from __future__ import annotations

import pytest

from hallapp.services.accounts import authenticate, create_first_admin
from hallapp.store.db import UnitOfWork
from hallapp.ui.main_window import MainWindow
from tests.people import CHEAP, PASSWORD

NEW = "Fresh-Counter-77"


@pytest.fixture
def signed_in(qtbot, ready_context, monkeypatch):
    monkeypatch.setattr("hallapp.services.accounts.default_hasher", lambda: CHEAP)
    admin = create_first_admin(UnitOfWork(ready_context.engine, write=True), "sun.admin", "孙管理", PASSWORD)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.attach(ready_context, admin)
    qtbot.waitUntil(lambda: window.session is not None)
    yield window
    window.ops.wait()


def _open(qtbot, window):
    window.change_password()
    dialog = window.password_dialog
    dialog.current.setText(PASSWORD)
    return dialog


def test_a_person_changes_their_own_password_and_signs_in_with_it(qtbot, signed_in, ready_context):
    dialog = _open(qtbot, signed_in)
    dialog.new.setText(NEW)
    dialog.confirm.setText(NEW)
    dialog._submit()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert signed_in.status.text() == "密码已修改"
    assert authenticate(UnitOfWork(ready_context.engine, write=True), "sun.admin", NEW, hasher=CHEAP)


def test_a_mismatch_or_a_wrong_current_password_is_refused_in_the_dialog(qtbot, signed_in, ready_context):
    dialog = _open(qtbot, signed_in)
    dialog.new.setText(NEW)
    dialog.confirm.setText(NEW + "x")
    dialog._submit()
    assert dialog.error.text() == "两次输入的新密码不一致" and dialog.isVisible()
    dialog.current.setText("Not-The-Password-1")
    dialog.confirm.setText(NEW)
    dialog._submit()
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert dialog.isVisible() and dialog.new.text() == NEW  # what was typed is kept
    assert authenticate(UnitOfWork(ready_context.engine, write=True), "sun.admin", PASSWORD, hasher=CHEAP)
