"""Left over from the global-thread-pool helper ``run_task``, which is gone: all slow work now runs on the
window's operation helper (``hallapp.ui.ops.Operations``), database work on one serialised worker.

Only ``wait_for_tasks`` remains, because ``tests/ui/conftest.py`` still calls it at the end of each UI
test; nothing in ``hallapp`` starts work on Qt's global pool any more, so it returns at once. Delete
this module once that fixture waits on ``window.ops.wait()`` alone.
"""

from __future__ import annotations

from PySide6.QtCore import QThreadPool


def wait_for_tasks(msecs: int = 30_000) -> bool:
    """Block until Qt's global thread pool is idle (tests' teardown; nothing of ours uses it)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
