"""The 导入事项目录 dialog importing 100,000 matters in the real signed-in window: how long, and whether the
window stays responsive.

    python benchmarks/catalogue_import_ui_bench.py [--matters 100000] [--materials 5]

Under offscreen Qt, on a fresh installation with the shipped catalogue, the administrator's window opens
the real dialog and imports a generated exchange file (``catalogue_import_bench.generate``: the CUSTOM
envelope, national field names). Measured:

- 预览 pressed → the preview painted (the worker process reads and compares; the dialog fills its tabs);
- 导入 pressed → the result shown and the window's search index rebuilt and swapped in (the new matters
  findable through the window's session);
- during both, the longest gap between ticks of a 10 ms ``QTimer`` on the window's event loop (what a
  person would feel as a freeze), and how many gaps exceeded 50 ms;
- beside two floors: the same timer's gaps in a bare PySide6 window, idle, in this process before anything
  of HallApp is imported; and, during each phase, in a bare window of a process of its own, which feels
  the same load of the machine (the worker, the index build, anything else running) but has no work.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget


class GapRecorder:
    """A 10 ms timer; the longest interval between two of its ticks while ``recording``."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.gaps: list[float] = []

    def start(self) -> None:
        self.gaps = []
        self.clock.start()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        self.gaps.append(self.clock.nsecsElapsed() / 1e6)
        self.clock.restart()

    def figures(self) -> str:
        if not self.gaps:
            return "no ticks"
        ordered = sorted(self.gaps)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        over = sum(1 for g in self.gaps if g > 50)
        return f"longest gap {ordered[-1]:6.1f} ms, p99 {p99:5.1f} ms, {over} gaps over 50 ms ({len(ordered)} ticks)"


def wait_until(condition: Callable[[], bool], timeout_s: float) -> None:
    """Run the event loop (the real one: timers and the worker's lines go through it) until ``condition``."""
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(5)
    deadline = time.monotonic() + timeout_s

    def poll() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    check.timeout.connect(poll)
    check.start()
    loop.exec()
    check.stop()
    if not condition():
        raise SystemExit(f"timed out after {timeout_s:.0f} s")


def floor(app: QApplication, seconds: float) -> str:
    """A bare window, idle: the timer's own gaps on this machine right now."""
    widget = QWidget()
    QLabel("idle", widget)
    widget.resize(400, 300)
    widget.show()
    recorder = GapRecorder()
    recorder.start()
    end = time.monotonic() + seconds
    wait_until(lambda: time.monotonic() > end, seconds + 5)
    recorder.stop()
    widget.close()
    return recorder.figures()


def floor_process() -> int:
    """``--floor``: a bare window's timer gaps until stdin closes (the same load as the phase beside it)."""
    import select

    app = QApplication(sys.argv)
    widget = QWidget()
    QLabel("idle", widget)
    widget.show()
    recorder = GapRecorder()

    def poll() -> None:
        if select.select([sys.stdin], [], [], 0)[0] and not sys.stdin.readline():
            app.quit()

    check = QTimer()
    check.setInterval(50)
    check.timeout.connect(poll)
    check.start()
    QTimer.singleShot(0, lambda: print("ready", flush=True))
    recorder.start()
    app.exec()
    print(recorder.figures(), flush=True)
    return 0


class ConcurrentFloor:
    """A bare PySide6 window in a process of its own, running while a phase is measured."""

    def __init__(self) -> None:
        import subprocess

        self.process = subprocess.Popen(
            [sys.executable, __file__, "--floor"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "ready"

    def figures(self) -> str:
        out, _err = self.process.communicate(timeout=30)
        return out.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=100_000)
    parser.add_argument("--materials", type=int, default=5)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        return floor_process()
    app = QApplication(sys.argv)
    print(f"floor (bare PySide6 window, idle 3 s): {floor(app, 3.0)}", flush=True)

    from catalogue_import_bench import generate

    from hallapp.config import resolve_paths
    from hallapp.domain.access import Principal, Role
    from hallapp.services.bootstrap import open_app
    from hallapp.ui.fonts import install_app_font
    from hallapp.ui.main_window import MainWindow

    install_app_font(app)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        source = Path(folder) / "exchange.json"
        source.write_bytes(generate(args.matters, args.materials, "custom"))
        print(
            f"{args.matters} matters × {args.materials} materials: {source.stat().st_size / 2**20:.0f} MB "
            f"(generated in {time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        context = open_app(resolve_paths(Path(folder) / "data"))
        context.search.prepare()
        admin = Principal("bench.admin", "测管理", Role.ADMIN, "")
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        window.attach(context, admin)
        wait_until(lambda: window.session is not None, 60)
        window.open_catalogue_import()
        dialog = window.catalogue_import_dialog
        dialog.path_edit.setText(str(source))
        wait_until(lambda: dialog.isVisible(), 10)
        recorder = GapRecorder()

        beside = ConcurrentFloor()
        recorder.start()
        t0 = time.perf_counter()
        dialog.preview_button.click()
        wait_until(lambda: dialog.state in ("previewed", "idle") and dialog.report is not None, 1800)
        dialog.repaint()
        t1 = time.perf_counter()
        recorder.stop()
        counts = dialog.report["counts"]
        print(f"预览 → preview painted: {t1 - t0:6.1f} s   {recorder.figures()}", flush=True)
        print(f"  beside it, a bare window in its own process: {beside.figures()}", flush=True)
        print(f"  {dialog.report['summary']}", flush=True)

        done: list[object] = []
        dialog.finished_import.connect(done.append)
        search = window.session.context.search
        beside = ConcurrentFloor()
        recorder.start()
        t2 = time.perf_counter()
        dialog.import_button.click()
        wait_until(lambda: bool(done), 1800)
        t3 = time.perf_counter()
        revision = dialog.result["revision"]
        wait_until(lambda: search.ready and search.index.revision == revision, 1800)
        t4 = time.perf_counter()
        recorder.stop()
        hits = window.session.search("测试事项第99号")
        print(
            f"导入 → result shown: {t3 - t2:6.1f} s; → search index rebuilt and swapped in: {t4 - t2:6.1f} s   "
            f"{recorder.figures()}",
            flush=True,
        )
        print(f"  beside it, a bare window in its own process: {beside.figures()}", flush=True)
        print(
            f"  added {dialog.result['added']} of {counts['added']}; search finds: {[h.name for h in hits[:3]]}"
        )
        window.close()
        window.ops.wait()
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
