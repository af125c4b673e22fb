"""The applicant's side never takes the clerk's keyboard: the small keypad is the applicant's from the
decision only until the clerk presses another key on the counter window (said on the status bar), the
facing screen never takes the keyboard focus and has no typed comment, and the applicant cannot close it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hallapp.domain.rating import NOT_RATED_LABEL, Indicator, Level
from tests.ui.facing_helpers import KEYPAD, open_facing_counter


@pytest.fixture
def counter(qtbot, ready_context):
    yield from open_facing_counter(qtbot, ready_context)


def test_keypad_digits_rate_until_the_clerk_takes_the_keypad_back(qtbot, counter):
    window = counter.window
    said: list[str] = []
    shown = window.set_status
    window.set_status = lambda text: (said.append(text), shown(text))  # every status line, in order
    result = counter.take_in()
    rating, box = counter.rating, window.search_panel.search_box
    assert "等待申请人评价：小键盘 1–5 由申请人使用，按任意其他键收回" in said
    # said on the status line at the decision (the documents' words follow it there), and beside it
    # for as long as the keypad is the applicant's
    assert window.facing_keypad_label.isVisibleTo(window)
    assert window.facing_keypad_label.text() == "小键盘 1–5 由申请人评价使用，按任意其他键收回"
    box.setFocus()
    box.clear()
    qtbot.keyClick(box, Qt.Key.Key_5, KEYPAD)  # the applicant's keypad: 非常满意
    assert rating.level is Level.VERY_SATISFIED and box.text() == ""
    qtbot.keyClick(box, Qt.Key.Key_2, KEYPAD)  # changed their mind: 不满意
    assert rating.level is Level.DISSATISFIED
    assert set(rating.indicator_buttons) == {i for i in Indicator if i.is_bad}  # what went wrong
    qtbot.keyClick(box, Qt.Key.Key_7, KEYPAD)  # any other keypad key is the applicant's too: nothing
    assert box.text() == "" and rating.level is Level.DISSATISFIED
    qtbot.keyClick(box, Qt.Key.Key_3, KEYPAD)
    qtbot.keyClick(box, Qt.Key.Key_Enter, KEYPAD)  # keypad Enter: 提交
    counter.thanked()
    assert counter.settled(result.number).level is Level.BASICALLY_SATISFIED
    assert window.status.text() == "申请人已评价：基本满意"
    assert not window.facing_keypad_label.isVisibleTo(window)
    qtbot.keyClick(box, Qt.Key.Key_1, KEYPAD)  # nothing asked any more: the keypad is the clerk's again
    assert box.text() == "1"


def test_the_clerks_own_keypad_after_another_key_never_rates(qtbot, counter):
    """The review's case: after the decision the clerk presses F3 and types 101 and Enter on the numpad:
    the digits go into the search box, nothing is rated; a touch on the facing screen still rates."""
    result = counter.take_in()
    window, rating = counter.window, counter.rating
    robot = counter.robot
    robot.key(Qt.Key.Key_F3)  # 查询: the keyboard is the clerk's again
    box = window.search_panel.search_box
    qtbot.waitUntil(lambda: box.hasFocus())
    assert window.status.text().startswith("小键盘已收回")
    assert not window.facing_keypad_label.isVisibleTo(window)
    for key in (Qt.Key.Key_1, Qt.Key.Key_0, Qt.Key.Key_1, Qt.Key.Key_Enter):
        robot.key(key, KEYPAD)
    assert box.text() == "101"
    assert rating.asking and rating.level is None and rating.stages.currentWidget() is not rating.details
    assert counter.unrated(result.number)
    qtbot.mouseClick(rating.level_buttons[Level.SATISFIED], Qt.MouseButton.LeftButton)  # a touch
    qtbot.mouseClick(rating.submit_button, Qt.MouseButton.LeftButton)
    assert counter.settled(result.number).level is Level.SATISFIED


def test_the_documents_preview_closed_with_esc_leaves_the_keypad_the_applicants(qtbot, counter):
    """Every decision ends with its documents' preview, closed with Esc: that is not the clerk taking
    the keypad back (the clerk is still with this applicant)."""
    result = counter.take_in()  # the robot closed the preview with Esc after the decision
    counter.robot.key(Qt.Key.Key_4, KEYPAD)
    assert counter.rating.level is Level.SATISFIED
    counter.robot.key(Qt.Key.Key_Enter, KEYPAD)
    assert counter.settled(result.number).level is Level.SATISFIED


def test_the_facing_screen_has_no_typed_comment_and_nothing_on_it_takes_the_keyboard(qtbot, counter):
    from PySide6.QtWidgets import QApplication, QLineEdit, QTextEdit, QWidget

    window, facing = counter.window, counter.facing
    assert facing.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert facing.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert not facing.findChildren(QLineEdit) and not facing.findChildren(QTextEdit)
    assert not hasattr(facing.rating, "comment")
    counter.take_in()
    rating = facing.rating
    qtbot.mouseClick(rating.level_buttons[Level.SATISFIED], Qt.MouseButton.LeftButton)  # a touch
    focusable = [w for w in facing.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert focusable == [], [type(w).__name__ for w in focusable]
    assert facing.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert QApplication.focusWidget() is None or QApplication.focusWidget().window() is window
    assert QApplication.activeWindow() is not facing


def test_the_applicant_cannot_close_the_facing_screen_and_later_services_are_still_asked(qtbot, counter):
    facing = counter.facing
    flags = facing.windowFlags()
    assert not flags & Qt.WindowType.WindowCloseButtonHint and flags & Qt.WindowType.CustomizeWindowHint
    assert not flags & (Qt.WindowType.WindowMinimizeButtonHint | Qt.WindowType.WindowMaximizeButtonHint)
    assert not facing.close()  # what Alt+F4 or the title bar asks: refused
    assert facing.isVisible() and counter.window.facing is facing
    result = counter.take_in()
    assert counter.rating.asking and facing.pages.currentWidget() is counter.rating
    qtbot.mouseClick(counter.rating.skip_now, Qt.MouseButton.LeftButton)
    assert counter.settled(result.number).label == NOT_RATED_LABEL


def test_quitting_the_program_is_not_refused_by_the_facing_screen(tmp_path):
    """QApplication.quit (Esc on the sign-in dialog) first closes every window, and one that refuses
    stops the quit: the facing screen, which refuses the applicant's close, lets the program end. Run in
    a process of its own (a quit would end this one's windows)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "quit.py"
    script.write_text(
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication, QWidget\n"
        "from hallapp.ui.facing_screen import FacingScreen\n"
        "app = QApplication([])\n"
        "clerks = QWidget(); clerks.show()\n"
        "facing = FacingScreen(); facing.show()\n"
        "assert not facing.close() and facing.isVisible()  # the applicant's Alt+F4: refused\n"
        "QTimer.singleShot(50, QApplication.quit)\n"
        "QTimer.singleShot(20_000, lambda: app.exit(3))  # the quit was refused\n"
        "sys.exit(app.exec())\n",
        encoding="utf-8",
    )
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": root}
    done = subprocess.run(
        [sys.executable, str(script)], check=False, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def test_a_modifier_alone_does_not_take_the_keypad_back(qtbot, counter):
    result = counter.take_in()
    counter.robot.key(Qt.Key.Key_Shift)  # the clerk rests a finger on Shift: not a key pressed for work
    counter.robot.key(Qt.Key.Key_2, KEYPAD)
    assert counter.rating.level is Level.DISSATISFIED
    counter.robot.key(Qt.Key.Key_Enter, KEYPAD)
    assert counter.settled(result.number).level is Level.DISSATISFIED
