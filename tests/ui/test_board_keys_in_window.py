"""The board's Ctrl+E works in the real counter window while the cursor is in the board's search box
(issue 10 §4): the window's own shortcuts and the line edit's editing keys do not swallow it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hallapp.ui.followup_dialogs import ExtendDialog
from tests.ui.board_fixtures import deferred_case


def test_ctrl_e_in_the_boards_search_box_of_the_window_opens_the_extension(qtbot, window):
    number, _names = deferred_case(window.session)
    window.tabs.setCurrentIndex(2)  # 容缺跟踪 (Ctrl+3)
    board = window.board
    board.refresh()
    qtbot.waitUntil(lambda: any(row.number == number for row in board.shown_rows()), timeout=15_000)
    window.activateWindow()
    board.focus_search()
    qtbot.waitUntil(lambda: board.search_box.hasFocus())
    qtbot.keyClicks(board.search_box, number[-4:])
    qtbot.waitUntil(lambda: [row.number for row in board.shown_rows()] == [number], timeout=5_000)
    qtbot.keyClick(board.search_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(board.dialog, ExtendDialog), timeout=5_000)
    assert number in board.dialog.windowTitle()
    assert board.search_box.text() == number[-4:]  # the key did not edit the search text
    qtbot.keyClick(board.dialog, Qt.Key.Key_Escape)
    assert board.dialog is None


def test_the_idle_lock_hides_an_open_form_and_unlocking_shows_it_again(
    qtbot, window, ready_context, monkeypatch
):
    from tests.people import PASSWORD, cheap_hashing, create_accounts
    from tests.ui.conftest import COUNTER_CLERK

    cheap_hashing(monkeypatch)
    create_accounts(ready_context, COUNTER_CLERK)  # the account the window is signed in as, to unlock
    number, _names = deferred_case(window.session)
    window.tabs.setCurrentIndex(2)
    board = window.board
    board.refresh()
    qtbot.waitUntil(lambda: any(row.number == number for row in board.shown_rows()), timeout=15_000)
    board.focus_search()
    qtbot.keyClicks(board.search_box, number[-4:])
    qtbot.waitUntil(lambda: [row.number for row in board.shown_rows()] == [number], timeout=5_000)
    qtbot.keyClick(board.search_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: isinstance(board.dialog, ExtendDialog) and board.dialog.isVisible(), timeout=5_000
    )
    form = board.dialog
    window.lock_now()
    guard = window.idle_guard
    qtbot.waitUntil(lambda: guard.dialog is not None and guard.dialog.isVisible(), timeout=15_000)
    assert not form.isVisible()  # the case number and applicant in its title stay off the screen
    qtbot.keyClicks(guard.dialog.password, PASSWORD)
    qtbot.keyClick(guard.dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: guard.dialog is None, timeout=15_000)
    qtbot.waitUntil(form.isVisible, timeout=5_000)
    assert board.dialog is form
