"""Files written whole or not at all: a ``.part`` beside the target, fsynced, then renamed over it.

Whatever goes wrong while the ``.part`` is written (a full disk above all), the ``.part`` is removed and
the target is left as it was, so a folder never holds a half-written document, export, backup or index
that looks like a finished one. A full disk becomes ``FileNotWritten``, whose message a clerk can read.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from hallapp.store.db import StorageFull

PART_SUFFIX = ".part"
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


class FileNotWritten(StorageFull):
    """A file could not be written because the disk is full (or a quota is used up); nothing was left."""


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in _FULL


def disk_full_message(path: Path) -> str:
    return (
        f"磁盘空间已满，文件「{path.name}」没有写成（没有留下不完整的文件）。"
        "请联系管理员清理磁盘后重试；已保存的办件不受影响。"
    )


def part_path(path: Path) -> Path:
    return path.with_name(path.name + PART_SUFFIX)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; elsewhere folders cannot be opened for it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def written_whole(path: Path, *, mode: int | None = None) -> Iterator[Path]:
    """Yield the ``.part`` path to write; on success it is fsynced, given ``mode`` (if any) and renamed
    to ``path``, and the folder is fsynced so the rename survives a power cut.

    On any failure the ``.part`` is deleted; a full disk is raised as ``FileNotWritten``.
    """
    path = Path(path)
    temporary = part_path(path)
    try:
        temporary.unlink(missing_ok=True)
        yield temporary
        fsync_file(temporary)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if is_disk_full(error):
            raise FileNotWritten(disk_full_message(path)) from error
        raise
    fsync_folder(path.parent)


def write_bytes_whole(path: Path, content: bytes, *, mode: int | None = None) -> None:
    """Write ``content`` to ``path`` all at once (its folder created); see ``written_whole``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(path, mode=mode) as temporary:
        temporary.write_bytes(content)
