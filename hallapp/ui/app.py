"""Start the counter: the sign-in dialog first, the database opening behind it, then the window.

The clerk's first screen is the sign-in dialog, and it appears about as fast as a bare Qt program can
show one (``benchmarks/startup_bench.py``): nothing slow is imported before it is painted. Only then
does a worker open the database (sqlmodel, alembic and the rest load there, ~0.6 s) while the person
types. A password given before the database is open waits for it ("正在打开数据库…") instead of
failing; a database without any account turns the dialog into the first administrator's form. After
sign-in the window is attached as before, ``window.attach(context, principal)``, and shown.

One window per data folder (``hallapp.instance_lock``): a second one is refused with a message naming
the folder.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from hallapp.config import AppPaths
from hallapp.instance_lock import FolderInUse, InstanceLock
from hallapp.ui.fonts import install_app_font, install_style_sheet
from hallapp.ui.login_dialog import LoginDialog
from hallapp.ui.tasks import run_task, wait_for_tasks

if TYPE_CHECKING:
    from hallapp.domain.access import Principal
    from hallapp.services.backups import DatabaseDamaged
    from hallapp.services.bootstrap import AppContext
    from hallapp.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# Benchmarks set HALLAPP_STARTUP_PROBE to "signin" (print when the sign-in dialog has been painted and the
# event loop is idle, then quit) or "counter" (sign in with HALLAPP_PROBE_USER / HALLAPP_PROBE_PASSWORD,
# print when the counter can search and is painted, then open the follow-up board, print, quit; the
# credentials go in HALLAPP_PROBE_TYPING_S seconds after the dialog is painted, 0 by default). Each
# printed line: label, time.time(), this process's peak RSS in MB.
STARTUP_PROBE_ENV = "HALLAPP_STARTUP_PROBE"
PROBE_USER_ENV = "HALLAPP_PROBE_USER"
PROBE_PASSWORD_ENV = "HALLAPP_PROBE_PASSWORD"
PROBE_TYPING_ENV = "HALLAPP_PROBE_TYPING_S"
PAINT_FALLBACK_MS = 1_000  # a platform that never paints a hidden dialog must not keep the database shut
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


def _check_credentials(context: AppContext, fields: dict[str, str], *, first: bool) -> Principal:
    """On a worker: sign in, or create the first administrator (argon2id: ~0.1 s, see benchmarks)."""
    from hallapp.services.accounts import authenticate, create_first_admin

    if first:
        return create_first_admin(
            context.uow(write=True),
            fields["username"],
            fields["display_name"] or fields["username"],
            fields["password"],
        )
    return authenticate(context.uow(write=True), fields["username"], fields["password"])


def _warm_imports() -> None:
    """Best effort: a module that is missing or fails here is imported (and reported) where it is used."""
    import importlib

    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # only a head start: attach() imports it again and says why
            log.debug("warm import of %s failed", name, exc_info=True)


def _plain(error: BaseException) -> str:
    from hallapp.ui.session import plain

    return plain(error)


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


class SignIn(QObject):
    """The sign-in dialog's flow, usable before the database is open.

    Until ``database_ready`` a submitted form waits (the dialog says 正在打开数据库…) and is checked as
    soon as the database is there. ``first`` (no account yet) turns the dialog into the first
    administrator's form. Emits ``signed_in(principal)``; the dialog is left open for the caller to close
    once the window is on the screen (closing the last window first would end the application).
    """

    signed_in = Signal(object)  # Principal

    def __init__(self, mode: str = "login", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialog = LoginDialog(mode, parent)
        self.context: AppContext | None = None
        self.pending: dict[str, str] | None = None
        self.dialog.submitted.connect(self._submitted)

    def database_ready(self, context: AppContext, first: bool) -> None:
        self.context = context
        mode = "first" if first else "login"
        if self.dialog.mode != mode:
            if self.pending is not None:  # typed for the other form: ask again in the right one
                self.pending = None
                self.dialog.fail(
                    self.dialog.tr("此数据库还没有任何账户：请先为系统管理员设置账户。")
                    if first
                    else self.dialog.tr("此数据库已有账户：请用您的账户登录。")
                )
            self.dialog.set_mode(mode)
        if self.pending is not None:
            fields, self.pending = self.pending, None
            self._check(fields)

    def _submitted(self, fields: dict[str, str]) -> None:
        if self.context is None:
            self.pending = fields
            self.dialog.wait_for(self.dialog.tr("正在打开数据库…"))
            return
        self._check(fields)

    def _check(self, fields: dict[str, str]) -> None:
        context = self.context
        assert context is not None
        first = self.dialog.mode == "first"
        self.dialog.wait_for(self.dialog.tr("正在验证…"))
        run_task(
            self.dialog,
            lambda: _check_credentials(context, fields, first=first),
            self.signed_in.emit,
            lambda error: self.dialog.fail(_plain(error)),
        )


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
            _probe("signin")
            QApplication.quit()
            return
        self._open()
        QTimer.singleShot(0, self, self.ensure_window)  # built while the person types (~0.1 s)
        if self.probe == "counter":
            typing_ms = int(float(os.environ.get(PROBE_TYPING_ENV) or 0) * 1000)
            QTimer.singleShot(typing_ms, self, self._probe_submit)

    def _open(self) -> None:
        run_task(self, lambda: _open(self.paths), self._opened, self._failed)

    def ensure_window(self) -> MainWindow:
        """The counter window, built hidden behind the sign-in dialog and shown after sign-in."""
        if self.window is None:
            from hallapp.ui.main_window import MainWindow

            self.window = MainWindow()
            self.window.resize(1280, 800)
            if self.context is not None:
                self.window.context = self.context
        return self.window

    def _opened(self, opened: tuple[AppContext, bool]) -> None:
        context, first = opened
        self.context = context
        window = self.ensure_window()
        window.context = context  # the index is prepared now; the counter opens after sign-in
        run_task(window, context.search.prepare, lambda _index: self._index_ready(), window.show_error)
        self.sign_in.database_ready(context, first)  # a waiting password is checked now
        run_task(self, _warm_imports)  # queued after the check: it never delays a sign-in

    def _index_ready(self) -> None:
        self.indexed = True
        if self.window is not None:
            self.window.index_ready()
        self._start_backups()

    def _failed(self, error: BaseException) -> None:
        from hallapp.services.backups import DatabaseDamaged

        if isinstance(error, DatabaseDamaged):
            self._offer_restore(error)
            return
        QMessageBox.critical(
            self.dialog,
            self.dialog.tr("无法打开数据库"),
            self.dialog.tr("HallApp 无法打开数据目录 {0}：\n{1}").format(self.paths.data_dir, error),
        )
        QApplication.quit()

    def _offer_restore(self, error: DatabaseDamaged) -> None:
        """The database cannot be used: offer the newest good backup instead of crashing."""
        from hallapp.services.backups import restore
        from hallapp.ui.restore_dialog import RestoreDialog

        dialog = RestoreDialog(error.problem, error.backups)

        def do_restore(path: Any) -> None:
            run_task(
                dialog,
                lambda: restore(self.paths, path),
                lambda _result: self._restored(dialog),
                lambda failure: dialog.restore_failed(str(failure)),
            )

        dialog.restore_requested.connect(do_restore)
        dialog.rejected.connect(QApplication.quit)
        dialog.show()  # before the sign-in dialog hides: hiding the last window would end the app
        self.dialog.hide()
        self.restore_dialog = dialog

    def _restored(self, dialog: QDialog) -> None:
        self.dialog.show()  # before the restore dialog closes: closing the last window would end the app
        dialog.accept()
        self._open()

    def _signed_in(self, principal: Principal) -> None:
        context, window = self.context, self.ensure_window()
        assert context is not None
        window.attach(context, principal)
        window.show()
        window.activateWindow()
        self.dialog.accept()  # after the window is shown: closing the last window would end the app
        if not self.signed_in_once:  # 退出登录 / 切换用户 later: the window's own dialog, the database open
            from hallapp.ui.session import connect_sign_out

            self.signed_in_once = True
            connect_sign_out(window, context)
        if self.indexed:
            self._start_backups()
        if self.probe == "counter":
            self._probe_counter()

    def _start_backups(self) -> None:
        """The day's backup once someone signed in and the index is ready: copying a large database
        beside the first second of work would only slow it."""
        if self.window is None or self.backups_scheduled or getattr(self.window, "principal", None) is None:
            return
        self.backups_scheduled = True
        schedule_backups(self.window, self.paths)

    # -- the benchmarks' probe ---------------------------------------------------------------------------

    def _probe_submit(self) -> None:
        dialog = self.dialog
        dialog.username.setText(os.environ.get(PROBE_USER_ENV, ""))
        for field in (dialog.password, dialog.confirm):
            field.setText(os.environ.get(PROBE_PASSWORD_ENV, ""))
        _probe("submitted")
        dialog._submit()

    def _probe_counter(self) -> None:
        """Print "counter" once the window is attached, the index is ready and the search box has been
        painted; then open the follow-up board and print "board" once its rows are in and it is painted."""
        window = self.ensure_window()
        stage = "counter"
        poll = QTimer(self)
        poll.setInterval(5)

        def searchable() -> None:
            nonlocal stage
            _probe("counter")
            stage = "board"

        def board_shown() -> None:
            _probe("board")
            QApplication.quit()

        def check() -> None:
            nonlocal stage
            board = getattr(window, "board", None)
            if stage == "counter" and window.principal is not None and self.indexed:
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
    window.backup_timer = timer  # type: ignore[attr-defined]


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


def run(paths: AppPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("HallApp")
    app.setOrganizationName("HallApp")
    install_app_font(app)  # before any message: Chinese must not show as boxes
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
        wait_for_tasks()
        if startup.context is not None:
            startup.context.close()  # closes the connections: SQLite checkpoints its WAL into the file
        return code
    finally:
        lock.release()
