"""The import worker process as the window sees it: a ``QProcess`` whose JSON lines become signals.

The worker (``hallapp.services.catalogue_import.worker``) reads, compares and writes in its own process,
so the window's event loop never waits for it; its lines arrive through Qt's own notifier on the UI
thread. ``cancel`` kills the process: what it had not committed is rolled back by the database.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QObject, QProcess, QProcessEnvironment, QTimer, Signal

log = logging.getLogger(__name__)

BUDGET_MS = 12  # of the event loop's time per turn spent on the worker's lines
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding ``hallapp``


class ImportProcess(QObject):
    """One import: ``start(request)``, then ``apply(withdraw)`` after ``preview_ready``, or ``cancel``."""

    progress = Signal(str, int, int)  # stage in words, done, total (0: unknown)
    preview_ready = Signal(object)  # the worker's report (dict)
    applied = Signal(object)  # the result (dict)
    failed = Signal(str)  # in plain words
    ended = Signal(int, bool)  # exit code, whether it was ended on purpose (cancelled or closed)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process = QProcess(self)
        self._process.setProgram(sys.executable)
        self._process.setArguments(["-m", "hallapp.services.catalogue_import.worker"])
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONPATH", os.pathsep.join(p for p in (_PACKAGE_ROOT, env.value("PYTHONPATH")) if p))
        env.insert("PYTHONIOENCODING", "utf-8")
        self._process.setProcessEnvironment(env)
        self._process.readyReadStandardOutput.connect(self._read)
        self._process.readyReadStandardError.connect(self._read_errors)
        self._process.finished.connect(self._finished)
        self._process.errorOccurred.connect(self._error)
        self._buffer = bytearray()
        self._errors = bytearray()
        self._stopped = False
        self._said_failure = False
        self._draining = False
        self._report: dict[str, Any] | None = None

    @property
    def running(self) -> bool:
        return self._process.state() != QProcess.ProcessState.NotRunning

    def start(self, request: dict[str, Any]) -> None:
        self._process.start()
        self._write(request)

    def apply(self, *, withdraw_missing: bool) -> None:
        self._write({"command": "apply", "withdraw_missing": withdraw_missing})

    def cancel(self) -> None:
        """End the worker now, whatever it is doing; nothing uncommitted survives."""
        if self.running:
            self._stopped = True
            self._process.kill()

    def close(self) -> None:
        """The dialog is going: tell a waiting worker to stop, and make sure it does."""
        if self.running:
            self._stopped = True
            # It holds no open transaction while it waits (it was only ever asked to preview or has
            # finished): ending it at once loses nothing and keeps the window from waiting on it.
            self._process.kill()
            self._process.waitForFinished(500)

    def _write(self, message: dict[str, Any]) -> None:
        self._process.write((json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8"))

    def _read(self) -> None:
        self._buffer += self._process.readAllStandardOutput().data()
        self._drain()

    def _drain(self) -> None:
        """Handle whole lines for at most ``BUDGET_MS``, then let the event loop run and come back."""
        clock = QElapsedTimer()
        clock.start()
        while (end := self._buffer.find(b"\n")) >= 0:
            if clock.elapsed() >= BUDGET_MS:
                if not self._draining:
                    self._draining = True
                    QTimer.singleShot(0, self._resume)
                return
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            if line.strip():
                self._line(line)

    def _resume(self) -> None:
        self._draining = False
        self._drain()

    def _line(self, line: bytes) -> None:
        if self._stopped:
            return  # cancelled: what it had written before it was ended is no longer wanted
        try:
            message = json.loads(line)
        except ValueError:
            log.warning("import worker wrote a line that is not JSON (%d bytes)", len(line))
            return
        kind = message.get("type")
        if kind == "progress":
            self.progress.emit(str(message["stage"]), int(message["done"]), int(message["total"]))
        elif kind == "preview":
            self._report = message["report"]
            self._report["rows"] = {}
        elif kind == "rows" and self._report is not None:
            self._report["rows"].setdefault(message["list"], []).extend(message["rows"])
        elif kind == "preview_end" and self._report is not None:
            report, self._report = self._report, None
            self.preview_ready.emit(report)
        elif kind == "result":
            self.applied.emit(message)
        elif kind == "error":
            self._said_failure = True
            self.failed.emit(str(message["message"]))

    def _read_errors(self) -> None:
        self._errors += self._process.readAllStandardError().data()
        del self._errors[:-8000]  # the end of a traceback is what says why

    def _finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        self._buffer += self._process.readAllStandardOutput().data()
        while (end := self._buffer.find(b"\n")) >= 0:  # the last lines, whole, before saying it ended
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            if line.strip():
                self._line(line)
        if code != 0 and not self._stopped and not self._said_failure:
            log.warning(
                "import worker ended with %s: %s", code, self._errors.decode("utf-8", "replace")[-2000:]
            )
            self.failed.emit(f"导入程序意外结束（退出码 {code}）")
        self.ended.emit(code, self._stopped)

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._said_failure = True
            self.failed.emit("无法启动导入程序（Python 解释器不可用）")
            self.ended.emit(-1, False)
