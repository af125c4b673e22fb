"""One HallApp window per data folder (数据目录): an operating-system lock on ``<data_dir>/hallapp.lock``.

Two windows on one folder would each keep their own counter settings, index and idle lock over one
database, and a restore would replace the file under a running window. The lock is taken by the window
for as long as it runs, and by ``hallapp restore FILE`` while it replaces the database; every other
command-line use (``hallapp due``, ``remind``, ``export``…) is made while a window runs and never asks.

Why a kernel lock rather than a "pid file" that says who runs: the kernel lets go of it when the process
ends in any way (closed, crashed, killed with SIGKILL, the PC restarted), so a crash never leaves the
folder locked and nobody has to delete a stale file. POSIX: ``fcntl.flock`` on the whole file (held by
the open file, so even a second attempt in the same process is refused); Windows: ``msvcrt.locking`` on
one byte far past the text, so the text stays readable. Python opens files non-inheritable, so a child
process (the index builder) never keeps the lock alive after the app is gone. The stdlib does all of
this; the ``filelock`` package would add a dependency for the same two calls (and its default lock is
reentrant within a process, which would hide a second window opened by the same program).

The file's text (who holds it, since when) is for an administrator looking at the folder; the lock is
what counts. Qt-free: the window and the command line both use it.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Self

LOCK_FILE_NAME = "hallapp.lock"
_WINDOWS_LOCK_OFFSET = 1 << 30  # msvcrt locks a byte range: one far past the text keeps the text readable


class FolderInUse(Exception):
    """Another HallApp process holds the data folder; ``purpose`` says what it does ("window",
    "restore"; "" when its note could not be read)."""

    def __init__(self, data_dir: Path, purpose: str) -> None:
        super().__init__(f"data folder {data_dir} is in use ({purpose or 'unknown'})")
        self.data_dir = data_dir
        self.purpose = purpose


class InstanceLock:
    """The data folder's lock. ``acquire()`` raises ``FolderInUse`` at once rather than waiting."""

    def __init__(self, data_dir: Path, purpose: str = "window") -> None:
        self.data_dir = data_dir
        self.purpose = purpose
        self.path = data_dir / LOCK_FILE_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise FolderInUse(self.data_dir, holder_purpose(self.data_dir)) from None
        self._fd = fd
        note = f"purpose={self.purpose}\npid={os.getpid()}\nsince={datetime.now().isoformat(timespec='seconds')}\n"
        try:
            os.ftruncate(fd, 0)
            os.write(fd, note.encode("ascii"))
        except OSError:
            pass  # the note is informative; the lock is already held

    def release(self) -> None:
        """Let go of the folder (also done by the kernel when the process ends, however it ends)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


def holder_purpose(data_dir: Path) -> str:
    """What the process holding the folder said it does ("window", "restore"), or "" if unknown."""
    try:
        text = (data_dir / LOCK_FILE_NAME).read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    for line in text.splitlines():
        if line.startswith("purpose="):
            return line.removeprefix("purpose=").strip()
    return ""


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        os.lseek(fd, 0, os.SEEK_SET)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
