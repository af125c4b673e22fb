"""Every screen of the counter window fits a 1366×768 counter PC with its taskbar: the window can be as
small as the screen leaves (its minimum size never pushes the status bar off the bottom), and the status
bar is drawn inside it (issue 10 §4). The PNGs are kept in $HALLAPP_SHOTS_DIR when set, to look at."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.admin_helpers import app_font, grab
from tests.ui.test_intake_flow import open_intake
from tests.ui.test_intake_keys import open_bundle

AVAILABLE = (1366, 768 - 40)  # the taskbar
CLIENT = (AVAILABLE[0], AVAILABLE[1] - 30)  # and a maximised window's title bar


def status_bar_on_screen(window) -> None:
    QApplication.processEvents()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= CLIENT[0] and minimum.height() <= CLIENT[1], minimum.toTuple()
    assert window.size().toTuple() == CLIENT  # not forced taller than the screen
    bar = window.statusBar()
    assert bar.isVisible() and bar.geometry().bottom() < window.height()
    assert window.status.isVisible() and window.status.geometry().height() > 0


def test_every_screen_keeps_the_status_bar_on_a_1366_by_768_screen(qtbot, qapp, window, tmp_path):
    with app_font(qapp):
        window.resize(*CLIENT)
        status_bar_on_screen(window)
        grab(window, "window-1366-lookup.png", tmp_path)
        open_intake(qtbot, window, "jiuye")
        status_bar_on_screen(window)
        grab(window, "window-1366-intake.png", tmp_path)
        window.back_to_lookup()
        open_bundle(qtbot, window)
        status_bar_on_screen(window)
        grab(window, "window-1366-bundle.png", tmp_path)
        window.back_to_lookup()
        for tab in (1, 2):  # 今日办件, 容缺跟踪
            window.tabs.setCurrentIndex(tab)
            status_bar_on_screen(window)
            grab(window, f"window-1366-tab{tab}.png", tmp_path)
