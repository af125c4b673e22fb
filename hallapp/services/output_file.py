"""A document written where someone asked for it (``hallapp receipt --out``, ``remind --out``).

The file is the proof of what was printed: a print or a reminder is recorded only once the file exists.
So the folder is checked before anything is rendered, and the file is written inside the transaction that
records it, atomically (a temporary file beside it, flushed to disk, renamed over): if writing fails, the
transaction rolls back, nothing is recorded, and no half-written file or ``.part`` is left behind.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from hallapp.domain.errors import UserError

__all__ = ["OutputFileError", "check_output_path", "write_output"]


class OutputFileError(UserError):
    """The file cannot be written where it was asked for; nothing was recorded."""


def check_output_path(path: Path) -> Path:
    """``path`` made absolute, or ``OutputFileError`` in plain words when no file can be written there.

    The folder must exist already: a mistyped folder is more likely than a wish for a new one.
    """
    target = Path(path).expanduser().absolute()
    folder = target.parent
    if target.is_dir():
        raise OutputFileError(f"{target} 是一个文件夹，请在后面加上文件名（例如 {target / '回执.pdf'}）。")
    if not folder.exists():
        raise OutputFileError(
            f"输出文件夹不存在：{folder}。请先建立该文件夹，或换一个位置。本次未作任何记录。"
        )
    if not folder.is_dir():
        raise OutputFileError(f"{folder} 不是文件夹，无法在其中保存文件。本次未作任何记录。")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputFileError(f"没有权限在文件夹 {folder} 中保存文件，请换一个位置。本次未作任何记录。")
    return target


def write_output(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically; ``OutputFileError`` in plain words when it cannot be.

    A temporary file in the same folder is written and flushed to disk, then renamed over ``path``, so a
    reader never sees half a document; on failure the temporary file is removed.
    """
    from hallapp.store.files import FileNotWritten, written_whole

    target = check_output_path(path)
    try:
        with written_whole(target) as temporary:  # the one way files are written whole (store.files)
            temporary.write_bytes(content)
    except FileNotWritten as error:  # a full disk (an OSError too), said as this command says it
        cause = error.__cause__ if isinstance(error.__cause__, OSError) else OSError(errno.ENOSPC, "")
        raise OutputFileError(_words(cause, target)) from error
    except OSError as error:
        raise OutputFileError(_words(error, target)) from error


def _words(error: OSError, target: Path) -> str:
    if error.errno == errno.ENOSPC:
        return f"磁盘已满，无法保存 {target}。请腾出空间或换一个位置。本次未作任何记录。"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有权限保存 {target}，请换一个位置。本次未作任何记录。"
    return f"无法保存 {target}：{error.strerror or '操作系统拒绝了此操作'}。本次未作任何记录。"
