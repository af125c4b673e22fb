"""Where the counter window opens: maximised on a small screen, in the middle of a large one."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from hallapp.ui.screen import show_main_window


class _Screen:
    def __init__(self, area: QRect) -> None:
        self.area = area

    def availableGeometry(self) -> QRect:  # Qt's name
        return self.area


def test_on_a_1920_screen_the_window_opens_in_the_middle(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.screen = lambda: _Screen(QRect(0, 0, 1920, 1040))  # 1920×1080 less a taskbar
    show_main_window(widget, 1280, 800)
    assert not widget.isMaximized() and (widget.width(), widget.height()) == (1280, 800)
    assert (widget.x(), widget.y()) == (320, 120)


def test_on_a_1366_screen_the_window_is_maximised(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.screen = lambda: _Screen(QRect(0, 0, 1366, 728))
    show_main_window(widget, 1280, 800)
    assert widget.windowState() & widget.windowState().WindowMaximized
