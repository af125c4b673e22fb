"""Run slow work (database, index, PDF) on a worker thread; deliver the outcome on the UI thread.

    run_task(self, lambda: get_guide(uow, code), on_done=self.show_guide, on_error=self.show_error)

The function runs on Qt's global thread pool. ``on_done(result)`` or ``on_error(exception)`` is then
called on the UI thread through a relay object that lives there and is kept alive until it has
delivered (so a worker never emits into a deleted object); if ``owner`` was destroyed meanwhile,
nothing is called. Workers never touch widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from hallapp.errors import log_failure

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; the worker emits into it, Qt queues the call across threads."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        owner: QObject,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        super().__init__()
        self.moveToThread(owner.thread())
        self._owner = owner
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)
        _alive.add(self)

    def _release(self) -> bool:
        """Forget this relay; True if its owner is still there to be told."""
        _alive.discard(self)
        self.deleteLater()
        return shiboken6.isValid(self._owner)

    @Slot(object)
    def _deliver_done(self, value: Any) -> None:
        if self._release() and self._on_done is not None:
            self._on_done(value)

    @Slot(object)
    def _deliver_error(self, error: BaseException) -> None:
        if not self._release():
            return
        if self._on_error is not None:
            self._on_error(error)
        else:
            log_failure(log, error, "background task (no error handler)")


_alive: set[_Relay] = set()  # relays waiting for their worker: never deleted under it


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as error:  # noqa: BLE001 - handed to the UI thread, which decides
            log_failure(log, error, "background task")
            outcome, value = "failed", error
        else:
            outcome, value = "done", result
        getattr(self.relay, outcome).emit(value)


def run_task(
    owner: QObject,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``fn`` off the UI thread; call back on the UI thread while ``owner`` exists."""
    QThreadPool.globalInstance().start(_Task(fn, _Relay(owner, on_done, on_error)))


def wait_for_tasks(msecs: int = 30_000) -> bool:
    """Block until every background task has finished (for shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
