"""The start-up benchmark's probes (``benchmarks/startup_bench.py``): when the clerk could really work.

Benchmarks set HALLAPP_STARTUP_PROBE to "signin" (print when the sign-in dialog has been painted and the
event loop is idle, then quit) or "counter" (sign in with HALLAPP_PROBE_USER / HALLAPP_PROBE_PASSWORD,
print when the counter can search and is painted, then open the follow-up board, print, quit; the
credentials go in HALLAPP_PROBE_TYPING_S seconds after the dialog is painted, 0 by default). Each
printed line: label, time.time(), this process's peak RSS in MB.

Importing this module must stay cheap (PySide6 only): it is on the path to the first paint.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from hallapp.ui.login_dialog import LoginDialog
    from hallapp.ui.main_window import MainWindow

STARTUP_PROBE_ENV = "HALLAPP_STARTUP_PROBE"
PROBE_USER_ENV = "HALLAPP_PROBE_USER"
PROBE_PASSWORD_ENV = "HALLAPP_PROBE_PASSWORD"
PROBE_TYPING_ENV = "HALLAPP_PROBE_TYPING_S"
PAINT_FALLBACK_MS = 1_000  # a platform that never paints a hidden dialog must not keep the database shut


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux's VmHWM: getrusage would report the parent's
    peak if it was larger at fork); NaN where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def print_probe(label: str) -> None:
    """One line for the benchmark, flushed at once: it reads the times as they come."""
    print(f"{label} {time.time():.6f} {peak_rss_mb():.0f}", flush=True)


def typing_delay_ms() -> int:
    return int(float(os.environ.get(PROBE_TYPING_ENV) or 0) * 1000)


class _AfterPaint(QObject):
    """Calls ``then`` once, from a zero-timer after ``widget``'s first paint: the dialog is on the screen
    and the event loop has nothing left to do (a timer started right after ``show()`` fires before the
    first paint, which is why the old probe flattered start-up)."""

    def __init__(
        self, widget: QWidget, then: Callable[[], None], fallback_ms: int = PAINT_FALLBACK_MS
    ) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    _AfterPaint(widget, then)


def submit_probe_credentials(dialog: LoginDialog) -> None:
    """Type the benchmark's account into the dialog and press Enter, as a person would."""
    dialog.username.setText(os.environ.get(PROBE_USER_ENV, ""))
    for field in (dialog.password, dialog.confirm):
        field.setText(os.environ.get(PROBE_PASSWORD_ENV, ""))
    print_probe("submitted")
    dialog._submit()


def probe_counter(owner: QObject, window: MainWindow, indexed: Callable[[], bool]) -> None:
    """Print "counter" once the window is attached, the index is ready and the search box has been
    painted; then open the follow-up board and print "board" once its rows are in and it is painted."""
    stage = "counter"
    poll = QTimer(owner)
    poll.setInterval(5)

    def searchable() -> None:
        nonlocal stage
        print_probe("counter")
        stage = "board"

    def board_shown() -> None:
        print_probe("board")
        QApplication.quit()

    def check() -> None:
        nonlocal stage
        board = getattr(window, "board", None)
        if stage == "counter" and window.principal is not None and indexed():
            stage = "painting"
            after_first_paint(window.search_panel.search_box, searchable)
            window.search_panel.search_box.update()
        elif stage == "board" and window.day_summary and board is not None:
            stage = "done"
            poll.stop()
            window.tabs.setCurrentWidget(board)
            after_first_paint(board, board_shown)
            board.update()

    poll.timeout.connect(check)
    poll.start()
