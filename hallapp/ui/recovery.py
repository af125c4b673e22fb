"""Backups as the counter meets them: the restore offer at start and the day's automatic backup.

The restore offer comes for a damaged database and for one that is behind what was issued
(``DatabaseBehind``: numbers on paper missing from it); the latter may also go on as it is, and the dialog
says for each backup where numbering continues after restoring it.

Both run on the window's operation helper (``Operations``) rather than a thread of their own, so that
at most one worker per lane touches the database file. The restore runs on the database lane: nobody
is signed in and the database is closed, so nothing else can be queued there. The daily backup runs on
the ``index`` lane: it copies and checks the file through its own SQLite connection (a consistent
snapshot), and on the database lane a copy of a large database would hold the clerk's first searches
and intakes up for seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

if TYPE_CHECKING:
    from hallapp.config import AppPaths
    from hallapp.services.backups import DailyBackup, DatabaseDamaged
    from hallapp.ui.main_window import MainWindow
    from hallapp.ui.ops import Operations
    from hallapp.ui.restore_dialog import RestoreDialog

BACKUP_EVERY_MS = 60 * 60 * 1000  # counters are left running for days


def offer_restore(
    error: DatabaseDamaged,
    paths: AppPaths,
    ops: Operations,
    sign_in_dialog: QDialog,
    reopen: Callable[[], None],
) -> RestoreDialog:
    """The database cannot be used: offer the newest good backup instead of crashing. After a restore
    the sign-in dialog comes back and ``reopen`` opens the restored database; cancelling quits."""
    from hallapp.services.backups import DatabaseBehind, restore
    from hallapp.ui.restore_dialog import RestoreDialog

    behind = isinstance(error, DatabaseBehind)
    dialog = RestoreDialog(error.problem, error.backups, behind=behind)

    def restored() -> None:
        sign_in_dialog.show()  # before the restore dialog closes: closing the last window would end the app
        dialog.accept()
        reopen()

    # The loss is recorded and numbering moved above every number issued: opening again goes on safely.
    dialog.continue_requested.connect(restored)
    if error.backups:
        ops.run(
            dialog,
            lambda _none: numbering_after(paths, [b.path for b in error.backups]),
            dialog.set_numbering,
            lambda _failure: None,  # only a hint: the restore itself still works
            key="restore-numbering",
        )

    def do_restore(path: Path) -> None:
        ops.run(
            dialog,
            lambda _none: restore(paths, path),
            lambda _result: restored(),
            lambda failure: dialog.restore_failed(str(failure)),
            key="restore",
        )

    dialog.restore_requested.connect(do_restore)
    dialog.rejected.connect(QApplication.quit)
    dialog.show()  # before the sign-in dialog hides: hiding the last window would end the app
    sign_in_dialog.hide()
    return dialog


def numbering_after(paths: AppPaths, backups: list[Path]) -> dict[Path, str]:
    """On a worker: where numbering continues after restoring each backup (journal, archive, the copy)."""
    from hallapp.services.bootstrap import issue_journal
    from hallapp.services.restore_numbering import numbering_after_restore

    return numbering_after_restore(paths.data_dir, issue_journal(paths), backups)


def schedule_backups(window: MainWindow, paths: AppPaths) -> None:
    """Today's verified backup now (if not made yet), then every hour for counters left running for days.
    A failure is only a line in the status bar: the counter goes on, the log says why."""
    from hallapp.services.backups import run_daily_backup

    def report(made: DailyBackup) -> None:
        if made.problem is not None:
            window.set_status(window.tr("数据库检查未通过，今日未备份，请立即联系管理员：") + made.problem)
        elif made.backup is None and paths.database_file is not None:
            window.set_status(window.tr("今日自动备份未成功，请联系管理员（详见日志）"))

    def backup() -> None:
        window.ops.run(window, lambda _session: run_daily_backup(paths), report, key="backup", lane="index")

    backup()
    timer = QTimer(window)
    timer.setInterval(BACKUP_EVERY_MS)
    timer.timeout.connect(backup)
    timer.start()
    window.backup_timer = timer  # type: ignore[attr-defined]
