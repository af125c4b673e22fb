"""The one place that turns an error into words for a message box or a status line, and into a log line.

Two kinds of failure reach the screen. A *refusal* (validation, permissions, a wrong password, a full disk)
is something a person can read and act on: its own message is shown and it is logged quietly, because
nothing is broken. A *fault* (a bug, a failing SQL statement) is not: its text may hold SQL and the values
of a resident's record, so it is never shown. The clerk reads a generic sentence with a short reference
(错误编号), and the same reference is in the log line that carries the traceback, so support can find it.

Qt-free, so the window, the CLI and the tests share it. Service modules are imported lazily: importing
this module must stay cheap for the start-up path.
"""

from __future__ import annotations

import functools
import logging
import uuid

from hallapp.domain.errors import UserError

_REFERENCE_ATTR = "_hallapp_error_reference"


@functools.cache
def _expected_types() -> tuple[type[BaseException], ...]:
    """Every refusal a person causes and should just read (imported on first use, not at start-up)."""
    from hallapp.domain.licences import LicenceServiceUnavailable
    from hallapp.printing.errors import PrintingError
    from hallapp.services.accounts import AccountError, LoginFailed
    from hallapp.services.calendar import CalendarError
    from hallapp.services.data_folder import DataFolderRefused
    from hallapp.services.documents import DocumentError
    from hallapp.services.export import ExportError
    from hallapp.services.followup import FollowUpError
    from hallapp.services.intake_inputs import IntakeError
    from hallapp.services.settings import SettingsError
    from hallapp.store.backup import BackupError  # what hallapp.services.backups raises and re-exports
    from hallapp.store.db import DatabaseBusy, StorageFull

    return (
        UserError,
        IntakeError,
        SettingsError,
        LoginFailed,
        AccountError,
        DocumentError,
        FollowUpError,
        ExportError,
        CalendarError,
        BackupError,
        DataFolderRefused,
        StorageFull,
        DatabaseBusy,
        PrintingError,
        LicenceServiceUnavailable,
    )


def is_expected(error: BaseException) -> bool:
    """True for a refusal a person caused and should just read; False for a fault of the program."""
    return isinstance(error, _expected_types())


def _plain_storage(error: BaseException) -> BaseException | None:
    """The clerk-facing storage error (full disk, busy database) behind a raw driver error, if it is one."""
    from sqlalchemy.exc import OperationalError

    if not isinstance(error, OperationalError):
        return None
    from hallapp.store.db import plain_storage_error

    return plain_storage_error(error)


def reference(error: BaseException) -> str:
    """The short reference (错误编号) of this error, the same in the message box and in the log line.

    It is kept on the exception, so the worker thread that logs a failure and the UI thread that shows it
    name it alike without passing anything else around.
    """
    existing = getattr(error, _REFERENCE_ATTR, None)
    if isinstance(existing, str):
        return existing
    new = uuid.uuid4().hex[:8].upper()
    try:
        setattr(error, _REFERENCE_ATTR, new)
    except (AttributeError, TypeError):  # an exception type that refuses attributes: a fresh one each time
        pass
    return new


def _message(error: BaseException) -> str:
    """An expected error's own words, with every problem it carries.

    Most errors with ``problems`` already say them all (``IntakeError``); one with a heading of its own
    (``BackupRefused`` names the backup) keeps it; a bare ``UserError(problems=[...])`` shows the list.
    """
    message = str(error)
    problems = [str(problem) for problem in getattr(error, "problems", None) or ()]
    missing = [problem for problem in problems if problem not in message]
    if missing:
        joined = "；".join(problems if len(missing) == len(problems) else missing)
        message = f"{message}：{joined}" if message else joined
    return message or "操作未完成。"


def describe(error: BaseException) -> str:
    """The words a message box or status line shows for ``error``.

    A refusal shows its own message. A full disk or a busy database behind a raw driver error shows the
    plain storage message. Anything else shows a generic sentence with the reference, and never the
    exception's own text: it may hold SQL and a resident's ID or phone number.
    """
    if is_expected(error):
        return _message(error)
    plain = _plain_storage(error)
    if plain is not None:
        return _message(plain)
    return f"系统出现意外错误，本次操作未完成（错误编号 {reference(error)}，详见日志）。"


def log_failure(logger: logging.Logger, error: BaseException, what: str) -> str:
    """Log ``error`` as the failure of ``what`` and return its reference.

    A refusal is logged at INFO without traceback and without its message (the message may quote what the
    clerk typed): it is not an error of the program, and a log full of "errors" that are wrong passwords
    hides the real ones. A full disk or busy database is a WARNING: nothing is broken in the program, but an
    administrator should know. Anything else is an ERROR with its traceback, under the reference the clerk
    was shown. The log file's filter masks IDs and phone numbers in whatever the traceback quotes.
    """
    ref = reference(error)
    if is_expected(error):
        level = logging.WARNING if _is_storage(error) else logging.INFO
        logger.log(level, "%s refused (%s, ref %s)", what, type(error).__name__, ref)
    elif _plain_storage(error) is not None:
        logger.warning("%s not done: storage unavailable (%s, ref %s)", what, type(error).__name__, ref)
    else:
        logger.error(
            "%s failed (%s, ref %s)",
            what,
            type(error).__name__,
            ref,
            exc_info=(type(error), error, error.__traceback__),
        )
    return ref


def _is_storage(error: BaseException) -> bool:
    from hallapp.store.db import DatabaseBusy, StorageFull

    return isinstance(error, StorageFull | DatabaseBusy)


_OS_REASONS = {
    "ENOENT": "不存在",
    "ENOTDIR": "路径中有一段是文件，不是文件夹",
    "EISDIR": "这是一个文件夹，不是文件",
    "EACCES": "没有权限",
    "EPERM": "操作系统不允许此操作",
    "EROFS": "所在磁盘是只读的",
    "ENOSPC": "磁盘已满",
    "EEXIST": "已经存在",
    "ENAMETOOLONG": "路径太长",
    "EBUSY": "正被其他程序占用",
}


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in plain Chinese ("没有权限"), never its English strerror."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return _OS_REASONS.get(name, "操作系统拒绝了此操作")
