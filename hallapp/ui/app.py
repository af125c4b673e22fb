"""Start the counter window: the window first, then the database and the index on workers."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hallapp.config import AppPaths
from hallapp.ui.fonts import install_app_font, install_style_sheet
from hallapp.ui.main_window import MainWindow
from hallapp.ui.tasks import run_task, wait_for_tasks

# Benchmarks set this to "window" (print when the window takes keys, then quit) or "index" (also wait
# for the search index, print, then quit).
STARTUP_PROBE_ENV = "HALLAPP_STARTUP_PROBE"


def _open(paths: AppPaths):  # noqa: ANN202 - returns AppContext, imported lazily
    from hallapp.logs import setup_logging
    from hallapp.services.bootstrap import open_app

    setup_logging(paths.log_dir)
    context = open_app(paths)
    from hallapp.licences.local import seed_demo_licences

    seed_demo_licences(context.uow(write=True))  # the demo applicants' licences, into an empty registry only
    return context


def _peak_rss_mb() -> float:
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


def _probe(label: str) -> None:
    print(f"{label} {time.time():.6f} {_peak_rss_mb():.0f}", flush=True)


def start(window: MainWindow, paths: AppPaths, *, probe: str = "") -> None:
    """Open the database, then prepare the search index, both off the UI thread."""

    def indexed() -> None:
        window.index_ready()
        if probe == "index":
            _probe("index-ready")
            QApplication.quit()

    def opened(context) -> None:  # noqa: ANN001
        window.attach(context)
        run_task(window, context.search.prepare, lambda _index: indexed(), window.show_error)

    def failed(error: BaseException) -> None:
        window.set_status(window.tr("无法打开数据库"))
        QMessageBox.critical(
            window,
            window.tr("无法打开数据库"),
            window.tr("HallApp 无法打开数据目录 {0}：\n{1}").format(paths.data_dir, error),
        )

    run_task(window, lambda: _open(paths), opened, failed)


def run(paths: AppPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("HallApp")
    app.setOrganizationName("HallApp")
    install_app_font(app)
    install_style_sheet(app)
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    probe = os.environ.get(STARTUP_PROBE_ENV, "")

    def begin() -> None:
        if probe:
            _probe("ready-for-typing")
            if probe == "window":
                app.quit()
                return
        start(window, paths, probe=probe)

    QTimer.singleShot(0, begin)
    code = app.exec()
    wait_for_tasks()
    if window.context is not None:
        window.context.close()  # closes the connections: SQLite checkpoints its WAL into the file
    return code
