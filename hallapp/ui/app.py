"""Start the counter: the sign-in dialog first, the database opening behind it, then the window.

The clerk's first screen is the sign-in dialog, and it appears about as fast as a bare Qt program can
show one (``benchmarks/startup_bench.py``): nothing slow is imported before it is painted. Only then
is the (hidden) window built and its database worker opens the database (sqlmodel, alembic and the
rest load there, ~0.6 s) while the person types. A password given before the database is open waits
for it ("正在打开数据库…") instead of failing; a database without any account turns the dialog into the
first administrator's form (``hallapp.ui.signin``). After sign-in the window is attached,
``window.attach(context, principal)``, and shown; 退出登录 / 切换用户 later reuse the same flow over
the window (``hallapp.ui.session.sign_in``).

All the work runs on the window's operation helper (``window.ops``), before sign-in with no session:
opening the database and checking passwords on its database lane (one serialised worker, the one the
session then uses), the search index on the ``index`` lane, backups as ``hallapp.ui.recovery`` says.

One window per data folder (``hallapp.instance_lock``): a second one is refused with a message naming
the folder.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from hallapp.config import AppPaths
from hallapp.instance_lock import FolderInUse, InstanceLock
from hallapp.ui.fonts import install_app_font, install_style_sheet
from hallapp.ui.login_dialog import LoginDialog
from hallapp.ui.probes import (
    STARTUP_PROBE_ENV,
    after_first_paint,
    print_probe,
    probe_counter,
    submit_probe_credentials,
    typing_delay_ms,
)
from hallapp.ui.screen import show_main_window
from hallapp.ui.signin import SignIn

if TYPE_CHECKING:
    from hallapp.domain.access import Principal
    from hallapp.services.bootstrap import AppContext
    from hallapp.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# What ``window.attach`` imports after sign-in, imported on a worker while the person types instead
# (~0.15 s of the wait after Enter; the UI thread stays free for the keystrokes meanwhile).
WARM_MODULES = (
    "hallapp.services.session",
    "hallapp.services.cases",
    "hallapp.services.board",
    "hallapp.ui.cases_view",
    "hallapp.ui.board_view",
)


def _open(paths: AppPaths) -> tuple[AppContext, bool]:
    """On a worker: the installation, opened the careful way, and whether it still lacks an account."""
    from hallapp.logs import setup_logging
    from hallapp.services.accounts import needs_first_admin
    from hallapp.services.backups import open_guarded
    from hallapp.services.bootstrap import open_app

    setup_logging(paths.log_dir)
    # Refuses a network or cloud-sync folder, and a damaged database (DatabaseDamaged: the restore offer).
    context = open_guarded(paths, open_app)
    from hallapp.licences.local import seed_demo_licences

    seed_demo_licences(context.uow(write=True))  # the demo applicants' licences, into an empty registry only
    return context, needs_first_admin(context.uow())


def _warm_imports() -> None:
    """Best effort: a module that is missing or fails here is imported (and reported) where it is used."""
    import importlib

    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # only a head start: attach() imports it again and says why
            log.debug("warm import of %s failed", name, exc_info=True)


WARM_FONT_AFTER_MS = 3000


def _warm_print_font() -> None:
    """The print font, read once the counter is up (about 0.4 s of Python holding the GIL: not beside the
    sign-in or the first search): every intake checks its names against it before storing."""
    try:
        from hallapp.printing.fonts import load_font

        load_font()
    except Exception:  # a missing font is said at the first intake, in words
        log.debug("warm load of the print font failed", exc_info=True)


class Startup(QObject):
    """One start of the counter: the sign-in dialog, the database behind it, then the window."""

    def __init__(self, paths: AppPaths, *, probe: str = "") -> None:
        super().__init__()
        self.paths = paths
        self.probe = probe
        self.context: AppContext | None = None
        self.window: MainWindow | None = None
        self.indexed = False
        self.restore_dialog: Any = None
        self.backups_scheduled = False
        self.signed_in_once = False
        # No database file yet means no account yet: the first administrator's form from the start.
        database = paths.database_file
        new = database is not None and not database.exists()
        self.sign_in = SignIn("first" if new else "login")
        self.sign_in.signed_in.connect(self._signed_in)
        self.sign_in.dialog.rejected.connect(QApplication.quit)

    @property
    def dialog(self) -> LoginDialog:
        return self.sign_in.dialog

    def begin(self) -> None:
        after_first_paint(self.dialog, self._painted)
        self.dialog.show()

    def _painted(self) -> None:
        if self.probe == "signin":
            print_probe("signin")
            QApplication.quit()
            return
        # The window (~0.25 s, hidden behind the dialog) comes first: its database worker opens the
        # database, so the open, the password check and the session's work share one serialised lane.
        self.ensure_window()
        self._open()
        if self.probe == "counter":
            QTimer.singleShot(typing_delay_ms(), self, lambda: submit_probe_credentials(self.dialog))

    def _open(self) -> None:
        self.ensure_window().ops.run(self, lambda _none: _open(self.paths), self._opened, self._failed)

    def ensure_window(self) -> MainWindow:
        """The counter window, built hidden behind the sign-in dialog and shown after sign-in."""
        if self.window is None:
            from hallapp.ui.main_window import MainWindow

            self.window = MainWindow()
            if self.context is not None:
                self.window.context = self.context
        return self.window

    def _opened(self, opened: tuple[AppContext, bool]) -> None:
        context, first = opened
        self.context = context
        window = self.ensure_window()
        window.context = context  # the index is prepared now; the counter opens after sign-in
        self._prepare_index()
        self.sign_in.database_ready(context, first, window.ops)  # a waiting password is checked now
        # Not database work: on the idle print lane, so it never stands before a password check.
        window.ops.run(self, lambda _none: _warm_imports(), key="warm", lane="print")

    def _prepare_index(self) -> None:
        window, context = self.ensure_window(), self.context
        assert context is not None
        window.ops.run(
            self,
            lambda _none: context.search.prepare(),
            lambda _index: self._index_ready(),
            window.show_error,
            key="index",
            lane="index",
            latest=True,
        )

    def _index_ready(self) -> None:
        self.indexed = True
        if self.window is not None:
            self.window.index_ready()
        self._start_backups()

    def _failed(self, error: BaseException) -> None:
        from hallapp.services.backups import DatabaseDamaged

        if isinstance(error, DatabaseDamaged):
            from hallapp.ui.recovery import offer_restore

            ops = self.ensure_window().ops
            self.restore_dialog = offer_restore(error, self.paths, ops, self.dialog, self._open)
            return
        QMessageBox.critical(
            self.dialog,
            self.dialog.tr("无法打开数据库"),
            self.dialog.tr("HallApp 无法打开数据目录 {0}：\n{1}").format(self.paths.data_dir, error),
        )
        QApplication.quit()

    def _signed_in(self, principal: Principal) -> None:
        context, window = self.context, self.ensure_window()
        assert context is not None
        window.attach(context, principal)
        if not window.isVisible():
            show_main_window(window)
        window.activateWindow()
        self.dialog.accept()  # after the window is shown: closing the last window would end the app
        if not self.signed_in_once:  # 退出登录 / 切换用户 later: the same flow over the window
            from hallapp.ui.session import connect_sign_out

            self.signed_in_once = True
            connect_sign_out(window, context, self._signed_in_again)
        if self.indexed:
            self._start_backups()
        if self.probe == "counter":
            probe_counter(self, window, lambda: self.indexed)

    def _signed_in_again(self, principal: Principal) -> None:
        """After a sign-out: attach the next person. A sign-out while the index was still being built
        dropped its answer with the last person's (``ops.forget_all``): ask again (the index lane is
        serial, so this waits for the build and then only loads the saved index)."""
        context, window = self.context, self.ensure_window()
        assert context is not None
        window.attach(context, principal)
        if not self.indexed:
            self._prepare_index()
        self._start_backups()

    def _start_backups(self) -> None:
        """The day's backup once someone signed in and the index is ready: copying a large database
        beside the first second of work would only slow it."""
        # Someone signed in, not "the window has a principal": the session opens on the worker after
        # ``attach``, so right after sign-in it has none yet and the backup would never be scheduled.
        if self.window is None or self.backups_scheduled or not self.indexed or not self.signed_in_once:
            return
        from hallapp.ui.recovery import schedule_backups

        self.backups_scheduled = True
        schedule_backups(self.window, self.paths)
        window = self.window  # a few seconds after the counter came up, while the first applicant talks
        QTimer.singleShot(  # with the window as context: never fired once the window is gone
            WARM_FONT_AFTER_MS,
            window,
            lambda: window.ops.run(window, lambda _none: _warm_print_font(), key="warm-font", lane="print"),
        )


def refuse_second_window(busy: FolderInUse) -> None:
    """Another HallApp already works on this data folder: say so in plain words and name the folder."""
    if busy.purpose == "restore":
        text = "数据目录 {0} 正在恢复备份。\n\n请等恢复完成后再打开 HallApp。"
    else:
        text = (
            "数据目录 {0} 已经由另一个 HallApp 窗口打开。\n\n"
            "同一个数据目录同时只能打开一个 HallApp 窗口。请切换到已经打开的那个窗口继续办理；"
            "如果看不到它，请先在任务栏中找到并关闭它，再重新打开。"
        )
    QMessageBox.warning(None, "HallApp 已在运行", text.format(busy.data_dir))


QT_CATALOGUES = ("qtbase",)  # QMessageBox, QFileDialog, QPrintDialog, QDialogButtonBox, line-edit menus
CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def install_qt_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's own Chinese (qtbase_zh_CN.qm, shipped with PySide6) so standard buttons and dialogs
    say 确定 / 取消 / 打开 / 打印, not OK / Cancel / Open / Print. A missing file is logged, never fatal."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for catalogue in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(CHINESE, catalogue, "_", folder) and app.installTranslator(translator):
            installed.append(translator)
        else:
            log.warning("Qt's Chinese translation %s_zh_CN.qm not found in %s", catalogue, folder)
    return installed


def set_up_application(app: QApplication) -> None:
    """Names, the shipped font and Qt's Chinese: before any window or message is shown."""
    app.setApplicationName("HallApp")
    app.setOrganizationName("HallApp")
    QLocale.setDefault(CHINESE)  # dates and numbers in standard widgets the Chinese way
    install_app_font(app)  # before any message: Chinese must not show as boxes
    install_qt_translations(app)


def run(paths: AppPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    set_up_application(app)
    lock = InstanceLock(paths.data_dir)
    try:
        lock.acquire()
    except FolderInUse as busy:
        refuse_second_window(busy)
        return 1
    except OSError as error:  # a folder that cannot hold the lock file: opening it will say why
        log.warning("data folder lock not taken: %s", error)
    try:
        install_style_sheet(app)
        startup = Startup(paths, probe=os.environ.get(STARTUP_PROBE_ENV, ""))
        startup.begin()
        code = app.exec()
        if startup.window is not None:
            startup.window.ops.wait()  # no worker may outlive the connections closed next
        if startup.context is not None:
            startup.context.close()  # closes the connections: SQLite checkpoints its WAL into the file
        return code
    finally:
        lock.release()
