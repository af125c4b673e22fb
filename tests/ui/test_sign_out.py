"""Leaving the counter: sign-out clears every view; the idle lock hides the counter; another person may
sign in at the lock with their own account, and the first person gets no failed sign-in against them."""

from __future__ import annotations

import argon2
import pytest
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QTextEdit

from hallapp.domain.access import Principal, Role
from hallapp.services.accounts import create_account, create_first_admin
from hallapp.services.audit import trail
from hallapp.services.intake import ApplicantInput, Decision
from hallapp.store.db import UnitOfWork
from tests.people import ADMIN, AUDITOR
from tests.services.intake_helpers import guide_for, request, resident_id, with_deferred
from tests.ui.conftest import COUNTER_CLERK
from tests.ui.test_intake_flow import fill_person, open_intake

CHEAP = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
OUYANG = ApplicantInput("person", "欧阳娜娜", resident_id("44030819851212456"), "13900001111")
LISI = Principal("li.si", "李四", Role.CLERK, "08")
LISI_PASSWORD = "Counter-Li-2026"


def everything_shown(window) -> list[str]:
    """Every text of the window's widgets and every cell of its tables and lists."""
    texts = [window.windowTitle()]
    for edit in window.findChildren(QLineEdit):
        texts.append(edit.text())
    for label in window.findChildren(QLabel):
        texts += [label.text(), label.toolTip()]
    for view in window.findChildren(QTextEdit):
        texts.append(view.toPlainText())
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                texts.append(str(model.index(r, c).data() or ""))
    return texts


def take_in_deferred(qtbot, window, ready_context) -> str:
    """A deferred case for 欧阳娜娜 taken in through the window's session (it reaches 今日办件 by itself)."""
    guide = guide_for(ready_context, "创业培训补贴申领")
    req = request(guide, Decision.DEFER, with_deferred(guide), applicant=OUYANG, commitment_signed=True)
    numbers = []
    window.ops.run(window, lambda s: s.submit(req), lambda result: numbers.append(result.number), key="test")
    qtbot.waitUntil(lambda: bool(numbers), timeout=10_000)
    return numbers[0]


def test_sign_out_clears_every_view(qtbot, window, ready_context):
    number = take_in_deferred(qtbot, window, ready_context)
    cases = window.cases_view
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1 and cases.model.row_at(0).number == number)
    assert cases.model.row_at(0).applicant_name == "欧阳娜娜"
    page = open_intake(qtbot, window, "jiuye")  # the next applicant half typed in
    fill_person(qtbot, page)
    assert page.form.name.edit.text() == "买买提·艾力"
    shown = "\n".join(everything_shown(window))
    assert number in shown and "欧阳娜娜" in shown and "买买提·艾力" in shown  # all on screen before

    window.detach()

    assert window.session is None and window.principal is None and window.settings is None
    assert cases.model.rowCount() == 0 and cases.search_box.text() == "" and cases.summary.text() == ""
    assert window.search_panel.search_box.text() == ""
    assert window.work.currentWidget() is window.lookup
    assert "已退出登录" in window.guide_view.toPlainText()
    assert not window.lookup.start_button.isEnabled()
    form = window.intake.form
    assert [f.edit.text() for f in (form.name, form.id_number, form.phone)] == ["", "", ""]
    qtbot.wait(400)  # any answer still on its way (a debounced search, a load) must not bring it back
    texts = everything_shown(window)
    for secret in (
        number,
        "欧阳娜娜",
        OUYANG.id_number,
        "4403**********4564",
        "买买提·艾力",
        resident_id(),
        "13812345678",
        COUNTER_CLERK.display_name,
    ):
        leaks = [text for text in texts if secret in text]
        assert not leaks, f"{secret!r} still shown after sign-out: {leaks[:3]}"


def test_the_idle_lock_hides_the_counter(qtbot, window, ready_context):
    take_in_deferred(qtbot, window, ready_context)
    qtbot.waitUntil(lambda: window.cases_view.model.rowCount() == 1)
    assert window.centralWidget().isVisible()
    window.idle_guard.lock_now()
    guard = window.idle_guard
    assert guard.dialog is not None and guard.dialog.mode == "unlock" and guard.dialog.isVisible()
    assert not window.centralWidget().isVisible()
    assert not window.menuBar().isEnabled()
    assert not window.status.isVisible()
    guard.dialog.reject()  # Esc does not dismiss the lock
    assert guard.dialog.isVisible() and not window.centralWidget().isVisible()


@pytest.fixture
def second_person(ready_context):
    """李四, a clerk with an account of their own (the first person, 张三, is at the counter)."""
    uow = lambda: UnitOfWork(ready_context.engine, write=True)
    create_first_admin(uow(), ADMIN.username, ADMIN.display_name, "Hall-Root-2026x", hasher=CHEAP)
    create_account(
        uow(), ADMIN, LISI.username, LISI.display_name, LISI.role, LISI.window, LISI_PASSWORD, hasher=CHEAP
    )
    return LISI


def audit_rows(context):
    return trail(UnitOfWork(context.engine, principal=AUDITOR), limit=10_000)


def against(rows, username: str, action: str) -> list:
    return [r for r in rows if r.action == action and username in (r.actor, r.object_id)]


def test_another_person_signs_in_at_the_lock_as_themselves(qtbot, window, ready_context, second_person):
    number = take_in_deferred(qtbot, window, ready_context)
    qtbot.waitUntil(lambda: window.cases_view.model.rowCount() == 1)
    first = window.principal
    assert first.username == COUNTER_CLERK.username
    window.idle_guard.lock_now()
    dialog = window.idle_guard.dialog
    assert dialog.username.text() == first.username and not dialog.username.isReadOnly()

    dialog.username.setText(second_person.username)
    dialog.password.setText("not-the-password")  # the colleague mistypes once
    dialog._submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert window.principal == first and not window.centralWidget().isVisible()  # still locked

    dialog.username.setText(second_person.username)
    dialog.password.setText(LISI_PASSWORD)
    dialog._submit()
    qtbot.waitUntil(
        lambda: window.principal is not None and window.principal.username == "li.si", timeout=10_000
    )
    assert window.principal.display_name == "李四" and window.principal.role is Role.CLERK
    qtbot.waitUntil(lambda: window.settings is not None and window.settings.clerk == "李四")
    assert window.idle_guard.dialog is None and window.centralWidget().isVisible()
    assert window.menuBar().isEnabled()
    assert "李四" in window.windowTitle() and "张三" not in window.windowTitle()

    rows = audit_rows(ready_context)
    assert against(rows, "li.si", "login.success")  # the colleague signed in as themselves
    assert len(against(rows, "li.si", "login.failure")) == 1  # their own mistyped password, against them
    assert against(rows, first.username, "login.failure") == []  # nothing against the first person
    assert number  # the first person's case stays stored; only the screen changed hands
    (locked,) = [r for r in rows if r.action == "counter.lock"]
    assert locked.actor == first.username and '"how":"by_hand"' in locked.detail
    qtbot.waitUntil(lambda: any(r.action == "counter.take_over" for r in audit_rows(ready_context)))
    (taken,) = [r for r in audit_rows(ready_context) if r.action == "counter.take_over"]
    assert taken.actor == "li.si" and f'"previous":"{first.username}"' in taken.detail


def test_switching_user_asks_through_the_start_up_sign_in_and_shows_only_the_next_persons_work(
    qtbot, window, ready_context, second_person
):
    from PySide6.QtGui import QAction, QKeySequence

    from hallapp.ui.session import connect_sign_out
    from hallapp.ui.signin import SignIn

    number = take_in_deferred(qtbot, window, ready_context)
    cases = window.cases_view
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1 and cases.model.row_at(0).number == number)
    assert "张三" in window.windowTitle()
    connect_sign_out(window, ready_context)  # as start-up wires it after the first sign-in
    switch = next(a for a in window.findChildren(QAction) if a.text() == "切换用户…")
    assert QKeySequence("Ctrl+Shift+L") in switch.shortcuts()

    switch.trigger()

    flow = window.sign_in_flow
    dialog = window.login_dialog
    assert isinstance(flow, SignIn) and dialog is flow.dialog  # start-up's flow, not a second one
    assert dialog.isVisible() and dialog.mode == "login" and dialog.isModal()
    assert window.principal is None and "张三" not in window.windowTitle()  # cleared at once
    assert cases.model.rowCount() == 0
    dialog.username.setText(second_person.username)
    dialog.password.setText("not-the-password")
    dialog._submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10_000)
    assert window.principal is None  # refused: nobody is let in, the window stays cleared
    dialog.username.setText(second_person.username)
    dialog.password.setText(LISI_PASSWORD)
    dialog._submit()
    qtbot.waitUntil(
        lambda: window.principal is not None and window.principal.username == "li.si", timeout=10_000
    )
    qtbot.waitUntil(lambda: window.settings is not None and window.settings.clerk == "李四")
    assert window.sign_in_flow is None and window.login_dialog is None  # the dialog is gone (deleted)
    assert "李四" in window.windowTitle() and "张三" not in window.windowTitle()
    qtbot.wait(300)  # 今日办件 of 李四's window has loaded: none of 张三's cases
    shown = [cases.model.row_at(r) for r in range(cases.model.rowCount())]
    assert all(row.number != number and row.applicant_name != "欧阳娜娜" for row in shown)
    rows = audit_rows(ready_context)
    assert against(rows, "li.si", "login.success") and against(rows, "li.si", "login.failure")
    (left,) = [r for r in rows if r.action == "counter.sign_out"]
    assert left.actor == "zhang.san" and '"how":"switch_user"' in left.detail  # as the person leaving


def test_closing_the_sign_in_after_a_sign_out_keeps_the_window_cleared(qtbot, window, ready_context):
    from hallapp.ui.session import connect_sign_out

    connect_sign_out(window, ready_context)
    window.sign_out_requested.emit()
    dialog = window.login_dialog
    assert dialog.isVisible() and window.principal is None
    dialog.reject()  # Esc or ×: no quit (start-up quits; here the next person may come any minute)
    assert window.isVisible() and window.login_dialog is None and window.principal is None
    assert "Ctrl+Shift+L" in window.status.text()
    window.switch_user_requested.emit()  # and the menu brings the dialog back
    assert window.login_dialog is not None and window.login_dialog.isVisible()
    window.switch_user_requested.emit()  # asked twice: still one dialog
    assert len([d for d in window.findChildren(type(dialog)) if d.isVisible()]) == 1
