"""Windows sized for the screen they open on: a counter PC is often 1366×768, with a taskbar."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 40  # room for a title bar and the window frame


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height``, or to what the available screen area allows."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    area = screen.availableGeometry()
    widget.resize(min(width, area.width() - MARGIN // 2), min(height, area.height() - MARGIN))


def show_main_window(widget: QWidget, width: int = 1280, height: int = 800) -> None:
    """The counter window: maximised on a screen smaller than its natural size (nothing cut off at
    1366×768), else at that size in the middle of the screen (not in a corner of a 1920×1080 one)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    widget.resize(width, height)
    if screen is not None:
        area = screen.availableGeometry()
        if area.width() < width + MARGIN or area.height() < height + MARGIN:
            widget.showMaximized()
            return
        widget.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)
    widget.show()
