"""The applicant's side of the counter as the clerk and the applicant wait for it: key press → screen.

    python benchmarks/devices_bench.py [--cases 100000] [--presses 50] [--reads 20] [--calls 20] [--decisions 10]
    DISPLAY=:99 python benchmarks/devices_bench.py          # a real X11 window (xcb), keys through XTest
    QT_QPA_PLATFORM=offscreen python benchmarks/devices_bench.py --cases 3000   # no X server

Prepares a data folder (the shipped catalogue; ``--cases`` cases written straight in by
``board_bench.fill``: applicants, materials, a document and the audit trail of each case; a clerk's
account, window 01) on a PC whose ``station.json`` says card_adapter "fake", queue_source "fake",
facing_screen "window". Then, in this process, the real start-up (``hallapp.ui.app.Startup``): the
sign-in dialog, the database opened behind it, the clerk's name and password typed and Enter pressed;
the counter window and the facing screen as they come up. Measured, each from the key press (under xcb
a real key event sent to the X server with XTest; offscreen ``QTest.keyClick``) until the screen shows
the answer: the widgets that carry it have been painted with it, then a zero-timer has run (the event
loop idle). Before each timed press every worker of the window is idle (a quiet counter: at a real one
minutes pass between two decisions, so the board's reload after the last change is over):

1. Space on a row of the intake's checklist → the facing screen's words for that row changed and painted;
2. F4 (读卡, the fake reader with a registered applicant's card laid on it before each press) → name and
   ID in the form, the keyboard on the phone, painted; then the phone filled from the register, painted;
3. F8 (下一位, the demo queue; a ticket issued with ``queue_caller().issue("A")`` before each press) →
   the status bar's ticket, painted;
4. Ctrl+Enter (受理, everything received) → the facing screen's rating page painted. The case is stored
   first (database lane); the receipt is made on the print lane in the background: the time to its
   preview dialog painted is printed beside it.

Floors in the same run, the same key mechanism, presses interleaved with the app's in blocks: a bare
PySide6 window with a table whose Space rewrites a label in a second bare window (1); a bare window whose
F4 rewrites its label, at once and through a worker thread (2, 3); Ctrl+Enter through a worker thread
switching the second bare window's page (4). ``--profile PART`` prints a cProfile of the UI thread over
that part's timed presses (those figures are then inflated by the profiler); ``--profile submit`` one of
the decision's storing on the database worker; ``--trace-db`` lists the database worker's jobs around
each decision.
"""

# ruff: noqa: B023 - each condition is a lambda over the loop's variables, evaluated only in its own turn

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

USER, PASSWORD = "bench.clerk", "Bench-Counter-2026!"
MATTER = "创业培训补贴申领"
BLOCK = 5  # presses of the app, then of the floor, in turn


def prepare(data_dir: Path, cases: int) -> list[tuple[str, str, str]]:
    """The data folder; returns a few registered applicants (name, ID number, phone) for the cards."""
    from board_bench import fill
    from sqlalchemy import select

    from hallapp.config import resolve_paths
    from hallapp.domain.access import Role
    from hallapp.services.account_admin import create_account
    from hallapp.services.accounts import create_first_admin
    from hallapp.services.bootstrap import open_app
    from hallapp.services.station import StationSettings, save_station
    from hallapp.store.case_models import Applicant

    paths = resolve_paths(data_dir)
    context = open_app(paths)
    if cases:
        fill(context, cases, 0.2, 1)
    admin = create_first_admin(context.uow(write=True), "bench.admin", "基准测试管理员", PASSWORD)
    create_account(context.uow(write=True), admin, USER, "基准测试窗口人员", Role.CLERK, "01", PASSWORD)
    with context.uow() as uow:
        rows = uow.session.execute(
            select(Applicant.name, Applicant.id_number, Applicant.phone).order_by(Applicant.id).limit(500)
        ).all()
    context.search.prepare()
    context.close()
    save_station(
        data_dir,
        replace(
            StationSettings(), window="01", card_adapter="fake", queue_source="fake", facing_screen="window"
        ),
    )
    # Only people whose number's birth date is a real date (board_bench makes up the digits).
    people = []
    for name, number, phone in rows:
        try:
            date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            continue
        people.append((name, number, phone))
    return people[::20] or people


# -- key presses -------------------------------------------------------------------------------------------


class XTestKeys:
    """Real key events through the X server (libXtst), as a keyboard sends them: the X server delivers
    them to the window with the X input focus, Qt's xcb plugin reads them like any other."""

    NAMES: ClassVar[dict[str, str]] = {
        "space": "space",
        "f4": "F4",
        "f8": "F8",
        "return": "Return",
        "down": "Down",
        "a": "a",
    }

    def __init__(self, display: str) -> None:
        x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
        xtst = ctypes.cdll.LoadLibrary(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XStringToKeysym.restype = ctypes.c_ulong
        x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.x11, self.xtst = x11, xtst
        self.dpy = x11.XOpenDisplay(display.encode())
        if not self.dpy:
            raise RuntimeError(f"cannot open X display {display}")

    def code(self, name: str) -> int:
        return self.x11.XKeysymToKeycode(self.dpy, self.x11.XStringToKeysym(name.encode()))

    def press(self, key: str, ctrl: bool = False) -> None:
        codes = ([self.code("Control_L")] if ctrl else []) + [self.code(self.NAMES[key])]
        for c in codes:
            self.xtst.XTestFakeKeyEvent(self.dpy, c, 1, 0)
        for c in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.dpy, c, 0, 0)
        self.x11.XFlush(self.dpy)


class QTestKeys:
    """Offscreen: Qt's own key events into the focused widget (shortcuts included)."""

    def press(self, key: str, ctrl: bool = False) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        qt = {
            "space": Qt.Key.Key_Space,
            "f4": Qt.Key.Key_F4,
            "f8": Qt.Key.Key_F8,
            "return": Qt.Key.Key_Return,
            "down": Qt.Key.Key_Down,
            "a": Qt.Key.Key_A,
        }[key]
        target = QApplication.focusWidget() or QApplication.activeWindow()
        mods = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
        QTest.keyClick(target, qt, mods)


# -- the stopwatch ------------------------------------------------------------------------------------------


def spin(condition: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.perf_counter() + timeout
    while not condition():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what or condition}")
        time.sleep(0.001)


def settle(seconds: float = 0.05) -> None:
    end = time.perf_counter() + seconds
    spin(lambda: time.perf_counter() > end, seconds + 5)


def make_stopwatch():
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    class Stopwatch(QObject):
        """From ``press()`` until, for each stage (condition, widgets), every widget has had a paint event
        while the condition held and a zero-timer after the last of them has run: seconds per stage."""

        def measure(
            self,
            press: Callable[[], None],
            stages: Sequence[tuple[Callable[[], bool], Sequence[object]]],
            timeout: float = 15.0,
        ) -> list[float]:
            self.stages = list(stages)
            # A stage's widgets: a list, or a function giving the window not made yet (the preview
            # dialog): then every paint event of the application is looked at for that stage.
            self.waiting = [set(map(id, ws)) if not callable(ws) else {"later"} for _d, ws in stages]
            self.times: list[float | None] = [None] * len(stages)
            self.loop = QEventLoop()
            watched = {id(w): w for _d, ws in stages if not callable(ws) for w in ws}
            self.later = [(i, ws) for i, (_d, ws) in enumerate(stages) if callable(ws)]
            app = QCoreApplication.instance()
            if self.later:
                app.installEventFilter(self)
            for widget in watched.values():
                widget.installEventFilter(self)
            guard = QTimer()
            guard.setSingleShot(True)
            guard.timeout.connect(self.loop.quit)
            guard.start(int(timeout * 1000))
            self.t0 = time.perf_counter()
            press()
            if any(t is None for t in self.times):
                self.loop.exec()
            guard.stop()
            for widget in watched.values():
                widget.removeEventFilter(self)
            if self.later:
                app.removeEventFilter(self)
            if any(t is None for t in self.times):
                from PySide6.QtWidgets import QApplication

                raise TimeoutError(
                    f"not shown within {timeout} s: stages {self.times}, still waiting {self.waiting}, "
                    f"conditions {[done() for done, _w in self.stages]}; focus {QApplication.focusWidget()}, "
                    f"active {QApplication.activeWindow()}"
                )
            return [t for t in self.times if t is not None]

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                for index, (done, widgets) in enumerate(self.stages):
                    waiting = self.waiting[index]
                    if callable(widgets):
                        if not isinstance(watched, QWidget):
                            continue
                        target = widgets()
                        key = "later" if target is not None and watched.window() is target else None
                    else:
                        key = id(watched)
                    if key in waiting and done():
                        waiting.discard(key)
                        if not waiting:
                            QTimer.singleShot(0, lambda i=index: self._idle(i))
            return False

        def _idle(self, index: int) -> None:
            self.times[index] = time.perf_counter() - self.t0
            if all(t is not None for t in self.times):
                self.loop.quit()

    return Stopwatch()


def activate(widget, focus) -> None:
    """Give ``widget``'s window the keyboard (the window manager's job) and ``focus`` the focus."""
    from PySide6.QtWidgets import QApplication

    window = widget.window()
    if QApplication.activeWindow() is not window:
        window.raise_()
        window.activateWindow()
        spin(lambda: QApplication.activeWindow() is window, 10, "the window to be active")
    if focus is not None and QApplication.focusWidget() is not focus:
        focus.setFocus()
        spin(lambda: QApplication.focusWidget() is focus, 10, "the focus")
    settle(0.03)


# -- floors: bare PySide6 windows ----------------------------------------------------------------------------


def make_floor():
    from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import (
        QLabel,
        QStackedWidget,
        QTableWidget,
        QTableWidgetItem,
        QVBoxLayout,
        QWidget,
    )

    class Relay(QObject):
        done = Signal(object)

    class Job(QRunnable):
        def __init__(self, relay: Relay, value: object) -> None:
            super().__init__()
            self.relay, self.value = relay, value

        def run(self) -> None:
            self.relay.done.emit(self.value)

    class Table(QTableWidget):
        space = Signal(int)
        enter = Signal()

        def keyPressEvent(self, event) -> None:
            if event.key() == Qt.Key.Key_Space:
                self.space.emit(self.currentRow())
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier
            ):
                self.enter.emit()
                return
            super().keyPressEvent(event)

    class Floor:
        """Window A (a table of 6 rows, a label, F4 and F8 actions) and window B (6 labels, a second page)."""

        def __init__(self) -> None:
            self.a = QWidget()
            self.a.setWindowTitle("bare floor")
            self.table = Table(6, 3)
            for r in range(6):
                for c in range(3):
                    self.table.setItem(r, c, QTableWidgetItem(f"材料 {r + 1}-{c + 1}"))
            self.table.setCurrentCell(0, 0)
            self.label = QLabel("—")
            layout = QVBoxLayout(self.a)
            layout.addWidget(self.table)
            layout.addWidget(self.label)
            self.a.resize(600, 400)
            self.b = QWidget(None, Qt.WindowType.Window)
            self.b.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
            self.b.setWindowTitle("bare facing")
            self.pages = QStackedWidget()
            rows = QWidget()
            column = QVBoxLayout(rows)
            self.rows = [QLabel(f"{r + 1}. 待核对") for r in range(6)]
            for label in self.rows:
                column.addWidget(label)
            self.other = QLabel("请您对本次服务进行评价")
            self.pages.addWidget(rows)
            self.pages.addWidget(self.other)
            QVBoxLayout(self.b).addWidget(self.pages)
            self.b.resize(600, 400)
            self.b.move(700, 0)
            self.pool = QThreadPool()
            self.pool.setMaxThreadCount(1)
            self.relay = Relay()
            self.relay.done.connect(self._answer, Qt.ConnectionType.QueuedConnection)
            self.count = 0
            self.jobs: list[Job] = []
            self.via_worker = False
            self.table.space.connect(self._space)
            self.table.enter.connect(lambda: self._start("page"))
            for keys in ("F4", "F8"):
                action = QAction(keys, self.a)
                action.setShortcut(QKeySequence(keys))
                action.triggered.connect(self._key)
                self.a.addAction(action)

        def _start(self, value: object) -> None:
            job = Job(self.relay, value)
            self.jobs.append(job)  # held: a Python runnable must outlive its start()
            self.pool.start(job)

        def show(self) -> None:
            self.a.show()
            self.b.show()

        def _space(self, row: int) -> None:
            self.count += 1
            self.rows[row].setText(f"{row + 1}. {'已收取' if self.count % 2 else '待核对'} {self.count}")

        def _key(self) -> None:
            self.count += 1
            if self.via_worker:
                self._start(self.count)
            else:
                self.label.setText(f"已叫 A{self.count:03d}")

        def _answer(self, value: object) -> None:
            if value == "page":
                self.pages.setCurrentWidget(self.other)
            else:
                self.label.setText(f"已叫 A{value:03d}")

        def close(self) -> None:
            self.pool.waitForDone()
            self.a.close()
            self.b.close()

    return Floor()


# -- figures ---------------------------------------------------------------------------------------------


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(values) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
        f"max {ordered[-1] * 1000:7.1f} ms  (n={len(values)})"
    )


def line(label: str, values: list[float], floor: list[float] | None = None) -> str:
    ratio = ""
    if floor:
        ratio = f"   {statistics.median(values) / statistics.median(floor):5.1f}x the floor"
    return f"{label:<52} {ms(values)}{ratio}"


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min), {os.cpu_count()} cores"


# -- the run -----------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=50)
    parser.add_argument("--reads", type=int, default=20)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--decisions", type=int, default=10)
    parser.add_argument(
        "--profile",
        choices=("checklist", "card", "queue", "decision", "submit"),
        help="cProfile the UI thread over that part's timed presses (the figures then include its cost); "
        "submit: the decision's storing, on the database worker",
    )
    parser.add_argument(
        "--trace-db", action="store_true", help="list the database worker's jobs during each decision"
    )
    args = parser.parse_args()
    print(f"machine load before: {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="hallapp-devices-") as folder:
        data_dir = Path(folder)
        began = time.perf_counter()
        chosen = os.environ.get("QT_QPA_PLATFORM")
        people = prepare(data_dir, args.cases)
        if chosen is None:  # board_bench, imported by prepare, sets offscreen for itself
            os.environ.pop("QT_QPA_PLATFORM", None)
        print(
            f"prepared the shipped catalogue and {args.cases:,} cases in {time.perf_counter() - began:.1f} s"
        )
        code = run(args, data_dir, people)
    print(f"machine load after:  {load()}", flush=True)
    return code


def run(args, data_dir: Path, people: list[tuple[str, str, str]]) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    platform = app.platformName()
    keys = XTestKeys(os.environ["DISPLAY"]) if platform == "xcb" else QTestKeys()
    print(f"platform: {platform}; keys: {'XTest (real X key events)' if platform == 'xcb' else 'QTest'}")

    from hallapp.config import resolve_paths
    from hallapp.ui.app import Startup, set_up_application
    from hallapp.ui.fonts import install_style_sheet

    set_up_application(app)
    install_style_sheet(app)
    floor = make_floor()
    floor.show()
    watch = make_stopwatch()

    # The real sign-in: the dialog, the database opening behind it, name and password typed, Enter.
    startup = Startup(resolve_paths(data_dir))
    startup.begin()
    dialog = startup.dialog
    spin(lambda: startup.context is not None, 60, "the database to open")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    activate(dialog, dialog.username)
    QTest.keyClicks(dialog.username, USER)
    QTest.keyClicks(dialog.password, PASSWORD)
    signed_at = time.perf_counter()
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    window = startup.ensure_window()
    spin(lambda: window.session is not None and startup.indexed, 60, "the sign-in")
    print(
        f"signed in as {window.session.principal.username} ({window.session.principal.role.value}), "
        f"window {window.session.settings.window}: {time.perf_counter() - signed_at:.2f} s after Enter"
    )
    spin(lambda: window.facing is not None and window.facing.isVisible(), 20, "the facing screen")
    settle(4.0)  # the print font is read 3 s after sign-in: not beside the first presses
    facing = window.facing
    session = window.session
    from hallapp.services.catalogue import get_guide

    hit = session.context.search.search(MATTER)[0]
    guide = get_guide(session.context.uow(), hit.code)
    results: dict[str, list[float]] = {}
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()

    if profiler is not None and args.profile == "submit":  # the database worker's part of the decision
        store = session.submit
        session.submit = lambda request: profiler.runcall(store, request)

    db_jobs: list[tuple[str, float, float]] = []  # (key, start, end) on the database lane
    if args.trace_db:
        plain_run = window.ops.run

        def traced(owner, fn, *a, key: str = "", lane: str = "db", **kw):
            def timed_fn(s, fn=fn, key=key):
                began = time.perf_counter()
                try:
                    return fn(s)
                finally:
                    db_jobs.append((key or getattr(fn, "__name__", "?"), began, time.perf_counter()))

            return plain_run(owner, timed_fn if lane == "db" else fn, *a, key=key, lane=lane, **kw)

        window.ops.run = traced

    def timed(part: str, press: Callable[[], None], stages) -> list[float]:
        if profiler is None or part != args.profile:
            return watch.measure(press, stages)
        profiler.enable()
        try:
            return watch.measure(press, stages)
        finally:
            profiler.disable()

    def quiet() -> None:
        """Every worker of the window idle (the database lane above all: a decision queued behind the
        board's reload after the last change waits for it; at the counter minutes pass between them)."""
        pools = window.ops._pools
        spin(lambda: all(pool.activeThreadCount() == 0 for pool in pools.values()), 60, "the workers")
        settle(0.05)

    def new_intake(name: str = "", number: str = "", phone: str = "") -> object:
        if window.work.currentWidget() is window.intake:
            window.forget_draft()
            window.close_intake()
            window.back_to_lookup()
        window.begin_intake(guide)
        page = window.intake
        if name:
            page.form.name.setText(name)
            page.form.id_number.setText(number)
            page.form.phone.setText(phone)
        spin(lambda: not window.ops.busy(page, "applicant"), 10)
        settle(0.1)
        return page

    # 1. the checklist key → the facing screen --------------------------------------------------------------
    from hallapp.domain.identity import resident_id_check_char

    def fresh_id(n: int) -> str:
        body = f"44030819{80 + n % 20:02d}0{1 + n % 9}1{n % 9}{n % 1000:03d}"
        return body + resident_id_check_char(body)

    page = new_intake("买买提·艾力", fresh_id(0), "13812345678")
    quiet()
    rows = len(page.checklist.checks)
    print(f"{MATTER}: {rows} materials on the checklist; the facing screen shows {len(facing.shown_rows())}")
    app_times, floor_times = [], []
    done = 0
    while done < args.presses:
        activate(window, page.table)
        for _ in range(min(BLOCK, args.presses - done)):
            row = done % rows
            page.table.setCurrentIndex(page.model.index(row, 0))
            settle(0.02)
            label = facing.row_labels[row][1]
            before = label.text()
            (t,) = timed(
                "checklist", lambda: keys.press("space"), [(lambda: label.text() != before, [label])]
            )
            app_times.append(t)
            done += 1
            settle(0.03)
        activate(floor.a, floor.table)
        for _ in range(BLOCK):
            row = len(floor_times) % 6
            floor.table.setCurrentCell(row, 0)
            settle(0.02)
            label = floor.rows[row]
            before = label.text()
            (t,) = watch.measure(lambda: keys.press("space"), [(lambda: label.text() != before, [label])])
            floor_times.append(t)
            settle(0.03)
    results["checklist"], results["checklist floor"] = app_times, floor_times

    # 4. the decision → the rating on the facing screen -------------------------------------------------------
    rating_times, preview_times, decision_floor, stored_times = [], [], [], []
    decided_at: list[float] = []
    window.decided.connect(lambda _result: decided_at.append(time.perf_counter() - watch.t0))
    for n in range(args.decisions):
        page = new_intake("买买提·艾力", fresh_id(n + 1), "13812345678")
        activate(window, page.table)
        keys.press("a")
        spin(lambda: page.action.isEnabled(), 10, "the verdict")
        settle(0.3)  # the name check after the last edit
        spin(lambda: not window.ops.busy(page, "applicant"), 10)
        quiet()
        window.preview = None
        rating = facing.rating
        t_rating, t_preview = timed(
            "decision",
            lambda: keys.press("return", ctrl=True),
            [
                (lambda: facing.pages.currentWidget() is rating, [rating.title]),
                (lambda: window.preview is not None and window.preview.isVisible(), lambda: window.preview),
            ],
        )
        rating_times.append(t_rating)
        if args.trace_db:
            start = watch.t0
            jobs = [(k, b - start, e - b) for k, b, e in db_jobs if e > start]
            print(
                f"decision {n + 1}: stored at {decided_at[-1] * 1000:.0f} ms; database jobs from the press: "
                + ", ".join(f"{k} at {b * 1000:+.0f} ms for {d * 1000:.0f} ms" for k, b, d in jobs)
            )
        stored_times.append(decided_at[-1])
        preview_times.append(t_preview)
        spin(lambda: window.preview is not None and window.preview.isVisible(), 30, "the preview")
        window.preview.close()
        settle(0.2)
        activate(floor.a, floor.table)
        floor.pages.setCurrentIndex(0)
        settle(0.05)
        (t,) = watch.measure(
            lambda: keys.press("return", ctrl=True),
            [(lambda: floor.pages.currentWidget() is floor.other, [floor.other])],
        )
        decision_floor.append(t)
    results["decision"], results["preview"], results["decision floor"] = (
        rating_times,
        preview_times,
        decision_floor,
    )
    results["stored"] = stored_times

    # 2. F4 → the card in the form ---------------------------------------------------------------------------
    from hallapp.devices.card import CardData, CardKind

    reader = session.card_reader()
    page = new_intake()  # the first read, untimed: the fake reader's own demo card (its code loads)
    activate(window, page.form.name.edit)
    keys.press("f4")
    spin(lambda: page.form.name.text() == "李小红", 10, "the demo card")
    settle(0.3)
    filled, phoned, card_floor, card_floor_worker = [], [], [], []
    for n in range(args.reads):
        name, number, phone = people[n % len(people)]
        page = new_intake()
        form = page.form
        activate(window, form.name.edit)
        reader.put(
            CardData(
                kind=CardKind.RESIDENT,
                name=name,
                sex="男" if int(number[16]) % 2 else "女",
                ethnicity="汉族",
                birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                address="广东省深圳市坪山区示例路1号",
                id_number=number,
                issuing_authority="深圳市公安局坪山分局",
                valid_from=date(2016, 5, 20),
                valid_until=date(date.today().year + 10, 5, 20),
            )
        )
        edits = (form.name.edit, form.id_number.edit, form.phone.edit)
        quiet()
        t_filled, t_phone = timed(
            "card",
            lambda: keys.press("f4"),
            [
                (
                    lambda: (
                        form.name.text() == name
                        and form.id_number.text().replace(" ", "") == number
                        and QApplication.focusWidget() is form.phone.edit
                    ),
                    edits,
                ),
                (lambda: form.phone.text().replace(" ", "") == phone, [form.phone.edit]),
            ],
        )
        filled.append(t_filled)
        phoned.append(t_phone)
        settle(0.05)
        activate(floor.a, floor.table)
        for via_worker, into in ((False, card_floor), (True, card_floor_worker)):
            floor.via_worker = via_worker
            before = floor.label.text()
            (t,) = watch.measure(
                lambda: keys.press("f4"), [(lambda: floor.label.text() != before, [floor.label])]
            )
            into.append(t)
            settle(0.03)
    results["card"], results["card phone"] = filled, phoned
    results["key floor"], results["worker floor"] = card_floor, card_floor_worker

    # 3. F8 → the ticket in the status bar -------------------------------------------------------------------
    window.forget_draft()
    window.close_intake()
    window.back_to_lookup()
    caller = session.queue_caller()
    called = []
    for _n in range(args.calls):
        caller.issue("A")  # the ticket machine
        activate(window, window.search_panel.search_box)
        spin(lambda: not window.ops.busy(window.queue_status, "queue-call"), 10)
        quiet()
        previous = window.queue_ticket.number if window.queue_ticket is not None else ""
        ticket_label = window.queue_status.ticket_label
        (t,) = timed(
            "queue",
            lambda: keys.press("f8"),
            [
                (
                    lambda: (
                        window.queue_ticket is not None
                        and window.queue_ticket.number != previous
                        and window.queue_ticket.number in ticket_label.text()
                    ),
                    [ticket_label],
                )
            ],
        )
        called.append(t)
        settle(0.05)
        activate(floor.a, floor.table)
        for via_worker, into in ((False, card_floor), (True, card_floor_worker)):
            floor.via_worker = via_worker
            before = floor.label.text()
            (t,) = watch.measure(
                lambda: keys.press("f8"), [(lambda: floor.label.text() != before, [floor.label])]
            )
            into.append(t)
            settle(0.03)
    results["queue"] = called

    window.ops.wait()
    floor.close()
    window.close()
    window.ops.wait()
    startup.context.close()

    if profiler is not None:
        import pstats

        where = "session.submit on the database worker" if args.profile == "submit" else "the UI thread"
        print(f"\ncProfile of {where} over the timed presses of {args.profile}:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    print()
    print(
        f"Each from the key press ({'XTest' if platform == 'xcb' else 'QTest'}) to painted + event loop idle:"
    )
    print(
        line(
            "1. Space on the checklist -> facing screen row", results["checklist"], results["checklist floor"]
        )
    )
    print(line("   floor: bare table -> second bare window's label", results["checklist floor"]))
    print(line("2. F4 (fake reader) -> name, ID, focus on phone", results["card"], results["key floor"]))
    print(line("   ... and the phone from the register", results["card phone"], results["worker floor"]))
    print(line("3. F8 (demo queue) -> ticket in the status bar", results["queue"], results["worker floor"]))
    print(line("   floor: bare window key -> label", results["key floor"]))
    print(line("   floor: bare window key -> worker -> label", results["worker floor"]))
    print(
        line(
            "4. Ctrl+Enter -> rating page on the facing screen",
            results["decision"],
            results["decision floor"],
        )
    )
    print(line("   of it: until stored (MainWindow.decided emitted)", results["stored"]))
    print(line("   ... and the receipt's preview (print lane)", results["preview"]))
    print(line("   floor: bare Ctrl+Enter -> worker -> 2nd window page", results["decision floor"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
