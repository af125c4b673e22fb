"""Ask before, not after: what a role may not do on the board is disabled with the reason shown, and an
extension asked for by a clerk is approved on the spot by a supervisor with their own password."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlmodel import Session, select

from hallapp.domain.access import Permission
from hallapp.services.accounts import WRONG_CREDENTIALS
from hallapp.store import audit_repo
from hallapp.store.case_models import CaseExtension
from hallapp.ui.board_view import BoardView
from hallapp.ui.followup_dialogs import ExtendDialog
from hallapp.ui.ops import Operations
from tests.ui.board_fixtures import ACCOUNTS, commit_text, deferred_case

SUPERVISOR_PASSWORD = ACCOUNTS["wang.kz"][3]


def sign_in(qtbot, view: BoardView, ops: Operations, session) -> None:
    ops.session = session
    with qtbot.waitSignal(view.rows_loaded, timeout=15_000):
        view.attach(ops)


def extend_form(qtbot, view: BoardView, number: str) -> ExtendDialog:
    view._select([view.model.row_of(number)], view.model.row_of(number))
    view.extend()
    dialog = view.dialog
    assert isinstance(dialog, ExtendDialog)
    qtbot.waitExposed(dialog)
    return dialog


def stored(context, number: str) -> tuple[list[CaseExtension], list]:
    """The extensions recorded for case ``number`` and its audit events."""
    with Session(context.engine) as session:
        extensions = list(session.exec(select(CaseExtension)))
        events = audit_repo.events_for(session, "case", number)
    return extensions, events


@pytest.mark.parametrize("username", ["admin", "zhao.sj"])
def test_what_a_role_may_not_do_is_disabled_with_the_reason(qtbot, board, ops, hall, username):
    number, _ = deferred_case(hall.session("li.si"))
    sign_in(qtbot, board, ops, hall.session(username))
    reason = hall.session(username).why_not(Permission.FOLLOW_UP)
    assert reason and "无权" in reason
    assert not any(button.isEnabled() for button in board.buttons.values())
    assert all(reason in button.toolTip() for button in board.buttons.values())
    assert board.notice() == reason and board.notice_label.isVisible()
    board._select([0], 0)
    board.activateWindow()
    board.table.setFocus()
    qtbot.waitUntil(lambda: board.table.hasFocus())
    qtbot.keyClick(board.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # the shortcut, too
    assert board.dialog is None and board.message() == reason
    assert board.shown_rows()[0].number == number


def test_a_clerk_may_follow_up_and_asks_a_supervisor_to_approve(qtbot, board, ops, hall):
    number, _ = deferred_case(hall.session("li.si"))
    sign_in(qtbot, board, ops, hall.session("li.si"))
    assert all(button.isEnabled() for button in board.buttons.values()) and board.notice() == ""
    assert "科室负责人" in board.extend_button.toolTip()
    dialog = extend_form(qtbot, board, number)
    assert dialog.approver_group.isVisible() and dialog.username_edit.isVisible()
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password


def test_a_supervisor_signed_in_approves_directly(qtbot, board, ops, hall, ready_context):
    number, _ = deferred_case(hall.session("li.si"))
    sign_in(qtbot, board, ops, hall.session("wang.kz"))
    dialog = extend_form(qtbot, board, number)
    assert not dialog.approver_group.isVisible()
    commit_text(dialog.reason_edit, "台风停工")
    new = dialog.values().new_deadline
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: board.dialog is None and board.shown_rows()[0].deadline == new, timeout=15_000)
    (extension,), _events = stored(ready_context, number)
    assert extension.approved_by == "wang.kz" and extension.requested_by == "wang.kz"
    assert "王科长" in board.message()


def test_a_supervisor_approves_a_clerks_request_on_the_spot(qtbot, board, ops, hall, ready_context):
    number, _ = deferred_case(hall.session("li.si"))
    sign_in(qtbot, board, ops, hall.session("li.si"))
    dialog = extend_form(qtbot, board, number)
    new = dialog.values().new_deadline
    commit_text(dialog.reason_edit, "台风停工")
    qtbot.keyClicks(dialog.username_edit, "wang.kz")
    qtbot.keyClicks(dialog.password_edit, SUPERVISOR_PASSWORD)
    assert SUPERVISOR_PASSWORD not in repr(dialog.values())
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: board.dialog is None and board.shown_rows()[0].deadline == new, timeout=15_000)
    (extension,), events = stored(ready_context, number)
    assert (extension.approved_by, extension.requested_by, extension.new) == ("wang.kz", "li.si", new)
    (extend_event,) = [event for event in events if event.action == "case.extend"]
    assert extend_event.actor == "wang.kz" and json.loads(extend_event.detail)["requested_by"] == "li.si"
    assert (
        f"延至 {new.isoformat()}" in board.message()
        and "王科长" in board.message()
        and "wang.kz" not in board.message()
    )


def test_a_wrong_supervisor_password_is_refused_in_the_form(qtbot, board, ops, hall, ready_context):
    number, _ = deferred_case(hall.session("li.si"))
    sign_in(qtbot, board, ops, hall.session("li.si"))
    dialog = extend_form(qtbot, board, number)
    commit_text(dialog.reason_edit, "台风停工")
    qtbot.keyClicks(dialog.username_edit, "wang.kz")
    qtbot.keyClicks(dialog.password_edit, "Wrong#2026pw")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.problems()), timeout=15_000)
    assert dialog.problems() == [WRONG_CREDENTIALS] and board.dialog is dialog and dialog.isVisible()
    assert dialog.reason_edit.text() == "台风停工" and dialog.username_edit.text() == "wang.kz"
    assert dialog.focusWidget() is dialog.password_edit and dialog.password_edit.selectedText()
    assert dialog.ok_button.isEnabled()
    extensions, events = stored(ready_context, number)
    assert extensions == [] and not [event for event in events if event.action == "case.extend"]
    assert board.shown_rows()[0].deadline == date(2026, 10, 13) and board.message() == ""

    dialog.password_edit.setText(SUPERVISOR_PASSWORD)  # typed again, right this time
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: board.dialog is None, timeout=15_000)
    assert len(stored(ready_context, number)[0]) == 1


@pytest.mark.parametrize(
    ("approver", "password", "words"),
    [
        ("wang.kz", SUPERVISOR_PASSWORD, "不能审批本人受理办件"),  # the supervisor took this case in
        ("wang.wu", ACCOUNTS["wang.wu"][3], "无权审批延期"),  # a clerk's own password approves nothing
    ],
)
def test_an_approver_who_may_not_approve_is_refused(
    qtbot, board, ops, hall, ready_context, approver, password, words
):
    taker = "wang.kz" if approver == "wang.kz" else "li.si"
    number, _ = deferred_case(hall.session(taker))
    sign_in(qtbot, board, ops, hall.session("li.si"))
    dialog = extend_form(qtbot, board, number)
    commit_text(dialog.reason_edit, "不可抗力")
    qtbot.keyClicks(dialog.username_edit, approver)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.problems()), timeout=15_000)
    assert words in dialog.problems()[0] and dialog.focusWidget() is dialog.username_edit
    assert stored(ready_context, number)[0] == []
