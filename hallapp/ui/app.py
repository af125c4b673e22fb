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


def _open(paths: AppPaths):
    from hallapp.logs import setup_logging
    from hallapp.services.backups import open_guarded
    from hallapp.services.bootstrap import open_app

    setup_logging(paths.log_dir)
    # Refuses a network or cloud-sync folder, and a damaged database (DatabaseDamaged: the restore offer).
    context = open_guarded(paths, open_app)
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


def offer_restore(window: MainWindow, paths: AppPaths, error, reopen) -> None:
    """The database cannot be used: offer the newest good backup instead of crashing."""
    from hallapp.services.backups import restore
    from hallapp.ui.restore_dialog import RestoreDialog

    dialog = RestoreDialog(error.problem, error.backups, window)

    def do_restore(path) -> None:
        run_task(
            dialog,
            lambda: restore(paths, path),
            lambda _result: (dialog.accept(), reopen()),
            lambda failure: dialog.restore_failed(str(failure)),
        )

    dialog.restore_requested.connect(do_restore)
    dialog.rejected.connect(QApplication.quit)
    dialog.open()
    window.restore_dialog = dialog


def schedule_backups(window: MainWindow, paths: AppPaths) -> None:
    """Today's verified backup now (if not made yet), then every hour for counters left running for days."""
    from hallapp.services.backups import daily_backup

    def backup() -> None:
        run_task(
            window,
            lambda: daily_backup(paths),
            lambda made: (
                None
                if made is not None or paths.database_file is None
                else window.set_status(window.tr("今日自动备份未成功，请联系管理员（详见日志）"))
            ),
        )

    backup()
    timer = QTimer(window)
    timer.setInterval(60 * 60 * 1000)
    timer.timeout.connect(backup)
    timer.start()
    window.backup_timer = timer


def start(window: MainWindow, paths: AppPaths, *, probe: str = "") -> None:
    """Open the database, then prepare the search index, both off the UI thread."""

    def indexed() -> None:
        window.index_ready()
        if probe == "index":
            _probe("index-ready")
            QApplication.quit()

    def opened(context) -> None:
        from hallapp.ui.session import sign_in

        window.context = context  # the index and the backups start now; the counter opens after sign-in
        run_task(window, context.search.prepare, lambda _index: indexed(), window.show_error)
        schedule_backups(window, paths)
        if probe:
            return  # benchmarks measure start-up, not a person typing a password
        sign_in(window, context, lambda principal: window.attach(context, principal))

    def failed(error: BaseException) -> None:
        from hallapp.services.backups import DatabaseDamaged

        window.set_status(window.tr("无法打开数据库"))
        if isinstance(error, DatabaseDamaged):
            offer_restore(window, paths, error, lambda: start(window, paths, probe=probe))
            return
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
