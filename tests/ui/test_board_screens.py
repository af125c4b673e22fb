"""The board and the extension form as a person sees them on a 1366×768 counter screen: drawn with the
project's own font, nothing cut off. Set HALLAPP_SCREENSHOTS to a folder (docs/) to keep the pictures."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from hallapp.domain.lifecycle import Channel
from hallapp.ui.board_view import BoardView
from hallapp.ui.followup_dialogs import ExtendDialog
from hallapp.ui.fonts import install_app_font
from hallapp.ui.ops import Operations
from tests.ui.board_fixtures import LATE, commit_text, deferred_case, open_hall

SCREEN = (1366, 768)
BOARD_AREA = (1366, 680)  # the tab's share of the window: menu bar, tab bar and status bar take the rest


@pytest.fixture
def app_font(qapp):
    before = QApplication.font()
    family = install_app_font(qapp)
    assert family, "the shipped UI font is missing"
    yield family
    QApplication.setFont(before)


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = os.environ.get("HALLAPP_SCREENSHOTS")
    return Path(folder) if folder else tmp_path


def assert_nothing_cut_off(widget: QWidget) -> None:
    """Every button as wide as its text needs, every wrapped label as tall as its lines need."""
    for button in widget.findChildren(QPushButton):
        if button.isVisible():
            assert button.width() >= button.sizeHint().width(), button.text()
    for label in widget.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
        elif label.isVisible() and label.text() and not label.wordWrap():
            assert label.width() >= label.sizeHint().width(), label.text()


def test_board_and_extension_form_at_1366_by_768(qtbot, ready_context, app_font, shots):
    hall = open_hall(ready_context)
    clerk, other = hall.session("li.si"), hall.session("wang.wu")
    first, _ = deferred_case(clerk, person="44030819900101123")
    deferred_case(other, person="44030819900101124")
    for index, at in enumerate(
        (datetime(2026, 10, 16, 9), datetime(2026, 10, 19, 9), datetime(2026, 10, 20, 9))
    ):
        deferred_case(clerk, person=f"4403081990010113{index}", at=at)
    food, names = deferred_case(other, deferred=2, person="44030819900101140", at=datetime(2026, 10, 19, 9))
    clerk.supplement(food, names[:1], on=date(2026, 10, 20), channel=Channel.POST, today=date(2026, 10, 20))

    ops = Operations()
    view = BoardView()
    qtbot.addWidget(view)
    view.resize(*BOARD_AREA)
    view.show()
    view.today = LATE
    ops.session = clerk
    with qtbot.waitSignal(view.rows_loaded, timeout=15_000):
        view.attach(ops)
    assert view.minimumSizeHint().width() <= BOARD_AREA[0]
    view._select([view.model.row_of(first)], view.model.row_of(first))
    view.show_message(f"已登记 {food} 补交 1 项材料，仍缺 1 项；已打印补正材料接收凭证", "ok")
    qtbot.wait(50)
    assert_nothing_cut_off(view)
    header = view.table.horizontalHeader()
    columns = sum(header.sectionSize(c) for c in range(view.model.columnCount()))
    assert columns <= view.table.viewport().width()  # every column on screen, no sideways scrolling
    assert view.grab().save(str(shots / "board.png"))

    view.extend()
    dialog = view.dialog
    assert isinstance(dialog, ExtendDialog)
    qtbot.waitExposed(dialog)
    commit_text(dialog.reason_edit, "台风“海燕”停工三日")
    qtbot.keyClicks(dialog.username_edit, "wang.kz")
    qtbot.keyClicks(dialog.password_edit, "Wrong#2026pw")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.problems()), timeout=15_000)
    dialog.adjustSize()
    qtbot.wait(50)
    assert dialog.width() <= SCREEN[0] and dialog.height() <= SCREEN[1]
    assert_nothing_cut_off(dialog)
    assert dialog.grab().save(str(shots / "extend-dialog.png"))
    view.detach()
    ops.wait()
