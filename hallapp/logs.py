"""A rotating log file under the data directory. Nothing personal is ever logged (IDs, phones, names).

The code never logs personal data on purpose, but an exception's text can quote it (a database driver's
message, a value a check refused), and a log file is copied around when support asks for it. So the file
handler masks, as the last step, anything that looks like a resident ID, a unified social credit code or a
mainland mobile number, in the message and in the traceback alike.
"""

from __future__ import annotations

import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from hallapp.domain.identity import mask_embedded_ids, mask_id, mask_phone

LOG_FILE_NAME = "hallapp.log"

# 18 characters: a resident ID (17 digits and a check digit or X) or a credit code (its alphabet has no
# I, O, S, V, Z; positions 3–8 are the area code). Not part of a longer number or code.
_ID_OR_CODE = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_personal(text: str) -> str:
    """``text`` with every resident ID, credit code and mobile number masked as on a receipt."""
    text = _ID_OR_CODE.sub(lambda match: mask_id(match.group().upper()), text)
    text = mask_embedded_ids(text)  # an ID inside a longer number: a 残疾人证 number is the ID and two digits
    return _MOBILE.sub(lambda match: mask_phone(match.group()), text)


class PersonalDataFilter(logging.Filter):
    """Masks personal numbers in a record's message, traceback and stack before the file sees it.

    The record is rewritten in place (message formatted, traceback rendered into ``exc_text``), so any
    handler after this one gets the masked text too: never less private than the file.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed log call: the handler reports it, nothing is written
            return True
        record.msg, record.args = mask_personal(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal(record.stack_info)
        return True


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> RotatingFileHandler:
    """Log to ``log_dir/hallapp.log`` (rotated, masked); return the file handler.

    Idempotent for one folder. Opening another installation (another ``--data-dir``) moves the log there,
    so one installation's log never collects another's lines.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    path = os.path.abspath(log_dir / LOG_FILE_NAME)  # as RotatingFileHandler keeps it in baseFilename
    root = logging.getLogger()
    ours = [h for h in root.handlers if isinstance(h, RotatingFileHandler) and _is_our_log(h.baseFilename)]
    for existing in ours:
        if existing.baseFilename == path:
            _ensure_masked(existing)
            root.setLevel(level)
            return existing
        root.removeHandler(existing)
        existing.close()
    handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _ensure_masked(handler)
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def _is_our_log(file_name: str) -> bool:
    return Path(file_name).name == LOG_FILE_NAME


def _ensure_masked(handler: logging.Handler) -> None:
    if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
        handler.addFilter(PersonalDataFilter())
