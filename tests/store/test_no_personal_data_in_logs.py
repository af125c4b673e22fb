"""A failing SQL statement that carries a resident's ID and phone leaves neither in the log nor on screen.

The engine hides bound parameters (``hide_parameters=True``), the log file masks what a driver quotes
anyway (PostgreSQL repeats a duplicate key's value), and ``describe`` never shows a fault's own text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from hallapp.errors import describe, log_failure
from hallapp.logs import PersonalDataFilter, mask_personal, setup_logging
from hallapp.store.case_models import Applicant
from hallapp.store.db import UnitOfWork, is_sqlite
from tests.services.intake_helpers import credit_code, resident_id

ID = resident_id()
PHONE = "13812345678"
NAME = "张三丰"


@pytest.fixture
def log_file(paths) -> Iterator[tuple[Path, RotatingFileHandler]]:
    """The installation's own log file, set up as the app does, removed again afterwards."""
    root = logging.getLogger()
    level = root.level
    handler = setup_logging(paths.log_dir)
    yield Path(handler.baseFilename), handler
    root.removeHandler(handler)
    handler.close()
    root.setLevel(level)


def _duplicate_applicant(context) -> DBAPIError:
    """Insert the same applicant twice: the UNIQUE (kind, id_number) constraint refuses the second."""

    def add() -> None:
        with context.uow(write=True) as uow:
            uow.session.add(Applicant(kind="person", name=NAME, id_number=ID, phone=PHONE))
            uow.commit()

    add()
    with pytest.raises(DBAPIError) as caught:
        add()
    return caught.value


def _missing_table(context) -> DBAPIError:
    """A statement against a table that does not exist, with the ID and phone bound as parameters."""
    with pytest.raises(DBAPIError) as caught, UnitOfWork(context.engine, write=True) as uow:
        uow.session.execute(
            text("INSERT INTO no_such_table (name, id_number, phone) VALUES (:name, :id_number, :phone)"),
            {"name": NAME, "id_number": ID, "phone": PHONE},
        )
    return caught.value


@pytest.mark.parametrize("fail", [_duplicate_applicant, _missing_table], ids=["unique", "missing-table"])
def test_failing_statement_leaves_no_id_or_phone_in_log_or_message(app_context, log_file, fail) -> None:
    path, handler = log_file
    error = fail(app_context)

    assert "SQL parameters hidden" in str(error)
    if is_sqlite(app_context.paths.database_url) or fail is _missing_table:
        # PostgreSQL's own message quotes a duplicate key's value; hide_parameters cannot help there.
        assert ID not in str(error)
    assert PHONE not in str(error) and NAME not in str(error)

    reference = log_failure(logging.getLogger("hallapp.test"), error, "saving an applicant")
    handler.flush()
    logged = path.read_text(encoding="utf-8")
    message = describe(error)

    assert f"ref {reference}" in logged and "Traceback" in logged and " ERROR " in logged
    for personal in (ID, PHONE, NAME):
        assert personal not in logged
        assert personal not in message
    assert reference in message and "意外错误" in message


def test_log_file_masks_ids_and_phones_in_messages_and_tracebacks(log_file) -> None:
    path, handler = log_file
    log = logging.getLogger("hallapp.test")
    code = credit_code()
    log.warning("looked up %s and %s for %s", ID, code, PHONE)
    try:
        raise ValueError(f"bad row {ID} {PHONE}")
    except ValueError:
        log.exception("row refused")
    handler.flush()
    logged = path.read_text(encoding="utf-8")

    for personal in (ID, code, PHONE):
        assert personal not in logged
    assert ID[:4] + "*" * 10 + ID[-4:] in logged
    assert code[:4] + "*" * 10 + code[-4:] in logged
    assert "138****5678" in logged
    assert "ValueError: bad row" in logged


def test_setup_logging_is_idempotent_and_masks_once(paths, log_file) -> None:
    _, handler = log_file
    assert setup_logging(paths.log_dir) is handler
    assert sum(isinstance(f, PersonalDataFilter) for f in handler.filters) == 1
    root_files = [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]
    assert root_files.count(handler) == 1


@pytest.mark.parametrize(
    ("text_in", "text_out"),
    [
        (f"id={ID}.", f"id={ID[:4]}**********{ID[-4:]}."),
        ("44030819900101123x", "4403**********123X"),
        ("call 13912345678 now", "call 139****5678 now"),
        # a 残疾人证 number is the holder's ID and two digits: the ID inside is masked all the same
        (f"licence {ID}41 refused", f"licence {ID[:4]}**********{ID[-4:]}41 refused"),
        # not personal: longer numbers, case numbers, timestamps, hashes stay readable
        ("1234567890123456789", "1234567890123456789"),
        ("SZ2024000123", "SZ2024000123"),
        ("2024-05-01 12:00:00,123", "2024-05-01 12:00:00,123"),
        ("1715000000000", "1715000000000"),
        ("a3f5c9e1b2d4f6a8c0e2b4d6f8a0c2e4", "a3f5c9e1b2d4f6a8c0e2b4d6f8a0c2e4"),
    ],
)
def test_mask_personal(text_in: str, text_out: str) -> None:
    assert mask_personal(text_in) == text_out
