"""The one operation helper: slow work off the UI thread, its outcome back on it (Anki's ``CollectionOp``).

    ops.run(self, lambda s: s.terminate(number), on_done=self.terminated, key="terminate")

- **Lanes.** Database work runs on one serialised worker (``db``): the counter session's use cases never
  race each other. E-licence look-ups (``licences``), printing (``print``) and the search index
  (``index``) have their own workers, so a slow library or a long PDF never holds the register up; so do
  the counter's devices (``card``, ``queue``, ``pad``).
- **Busy.** While an operation of ``owner`` with ``key`` runs, a second one with the same key is not
  started; ``owner`` gets the dynamic property ``busy`` and a wait cursor (``busy_changed`` says so).
- **Stale answers.** With ``latest=True`` a newer run of the same (owner, key) supersedes the older one,
  whose answer is dropped here — widgets keep no serial numbers of their own.
- **Errors** go to ``on_error`` if given, else are shown in words by ``show_error`` (``hallapp.errors``
  decides the words and what is logged); nothing personal reaches a log or a message box.
- **Changes.** A result that is an ``Outcome`` is unwrapped: ``on_done`` gets its value and, before it,
  ``did_change`` carries its ``Changes`` to every view (each decides whether to refresh).

Workers never touch widgets; answers for a deleted owner are dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from hallapp.errors import describe, log_failure
from hallapp.services.changes import Outcome

log = logging.getLogger(__name__)

# Devices have a lane each: a card read waits for a card, the pad for the applicant's rating (up to a
# minute), and neither may hold up 下一位 or the register.
# The queue's waiting count polls on a lane of its own, so 下一位 never waits behind a slow count.
LANES = {
    "db": 1,
    "licences": 2,
    "print": 1,
    "index": 1,
    "card": 1,
    "queue": 1,
    "queue-count": 1,
    "pad": 1,
    "pad-cancel": 1,
}


class _Relay(QObject):
    """Lives on the UI thread; the worker emits into it, Qt queues the call across threads."""

    finished = Signal(object, object)  # (result, error)

    def __init__(self, ops: Operations, job: _Job) -> None:
        super().__init__()
        self.moveToThread(ops.thread())
        self._ops = ops
        self._job = job
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        ops._relays.add(self)  # kept alive until delivered: a worker never emits into a collected object

    @Slot(object, object)
    def _deliver(self, result: Any, error: BaseException | None) -> None:
        self._ops._relays.discard(self)
        self.deleteLater()
        if shiboken6.isValid(self._ops):
            self._ops._finish(self._job, result, error)


class _Job:
    def __init__(
        self,
        owner: QObject,
        key: str,
        serial: int,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        self.owner, self.key, self.serial = owner, key, serial
        self.on_done, self.on_error = on_done, on_error


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, what: str) -> None:
        super().__init__()
        self.fn, self.relay, self.what = fn, relay, what

    def run(self) -> None:
        try:
            result, error = self.fn(), None
        except Exception as failure:  # noqa: BLE001 - handed to the UI thread, which decides
            log_failure(log, failure, self.what)
            result, error = None, failure
        self.relay.finished.emit(result, error)


class Operations(QObject):
    """One per window: the workers, who is busy, and the app-level ``did_change`` signal."""

    did_change = Signal(object)  # hallapp.services.changes.Changes
    busy_changed = Signal(object, bool)  # (owner, busy)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: Any = None  # the CounterSession the ``run`` functions get (None before sign-in)
        self.show_error: Callable[[BaseException], None] = lambda error: log.info(
            "unshown: %s", describe(error)
        )
        self._pools: dict[str, QThreadPool] = {}
        for lane, threads in LANES.items():
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
            pool.setExpiryTimeout(-1)
            self._pools[lane] = pool
        self._running: dict[tuple[int, str], int] = {}  # (owner id, key) -> newest serial
        self._relays: set[_Relay] = set()
        self._owners: dict[int, QObject] = {}  # owner id -> owner, while it has a running operation
        self._serial = 0

    def busy(self, owner: QObject, key: str = "") -> bool:
        return (id(owner), key) in self._running

    def run(
        self,
        owner: QObject,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        key: str = "",
        lane: str = "db",
        latest: bool = False,
        session: Any = None,
    ) -> bool:
        """Run ``fn(session)`` on ``lane``; False (and nothing started) if ``owner`` is already busy with
        ``key`` and ``latest`` is not set. Without a session (not signed in yet) ``fn`` gets None."""
        slot = (id(owner), key)
        if slot in self._running and not latest:
            return False
        self._serial += 1
        serial = self._serial
        was_busy = slot in self._running
        self._running[slot] = serial
        if not was_busy:
            self._set_busy(owner, True)
        self._owners[id(owner)] = owner
        chosen = self.session if session is None else session
        job = _Job(owner, key, serial, on_done, on_error)
        relay = _Relay(self, job)
        self._pools[lane].start(_Runnable(lambda: fn(chosen), relay, key or lane))
        return True

    def _finish(self, job: _Job, result: Any, error: BaseException | None) -> None:
        slot = (id(job.owner), job.key)
        if self._running.get(slot) != job.serial:
            return  # superseded by a newer run: the screen no longer wants this answer
        del self._running[slot]
        alive = shiboken6.isValid(job.owner)
        if alive:
            self._set_busy(job.owner, False)
        if isinstance(result, Outcome):
            if result.changes:
                self.did_change.emit(result.changes)
            result = result.value
        if not alive:
            return
        if error is not None:
            (job.on_error or self.show_error)(error)
        elif job.on_done is not None:
            job.on_done(result)

    def forget(self, owner: QObject, key: str = "") -> None:
        """Drop the answer of a running operation (the screen moved on: cancelled, signed out)."""
        if self._running.pop((id(owner), key), None) is not None and shiboken6.isValid(owner):
            self._set_busy(owner, False)

    def forget_all(self) -> None:
        """Drop every pending answer (sign-out: nothing of the previous person may reach the screen)."""
        for owner_id, key in list(self._running):
            self._running.pop((owner_id, key), None)
            owner = self._owners.get(owner_id)
            if owner is not None and shiboken6.isValid(owner):
                self._set_busy(owner, False)
        self._owners.clear()

    def _set_busy(self, owner: QObject, busy: bool) -> None:
        owner.setProperty("busy", busy)
        if isinstance(owner, QWidget):
            if busy:
                owner.setCursor(Qt.CursorShape.BusyCursor)
            else:
                owner.unsetCursor()
        self.busy_changed.emit(owner, busy)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every lane is idle (shutdown and tests)."""
        return all(pool.waitForDone(msecs) for pool in self._pools.values())
