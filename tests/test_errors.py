"""One place turns an error into words: refusals read as themselves, faults as a reference only."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from hallapp.domain.access import AccessDenied, NotSignedIn
from hallapp.domain.errors import UserError
from hallapp.domain.intake import RuleViolation
from hallapp.errors import describe, is_expected, log_failure, reference
from hallapp.printing.errors import FontUnavailable, MissingGlyphs, PrintingError
from hallapp.services.accounts import AccountError, AccountLocked, LoginFailed
from hallapp.services.backups import BackupError, BackupRefused
from hallapp.services.calendar import CalendarError
from hallapp.services.data_folder import DataFolderRefused
from hallapp.services.documents import DocumentError
from hallapp.services.export import ExportError
from hallapp.services.followup import FollowUpError
from hallapp.services.intake_inputs import IntakeError
from hallapp.services.settings import SettingsError
from hallapp.store.db import DatabaseBusy, StorageFull

SECRET = "INSERT INTO applicant VALUES ('440308199001011234', '13812345678')"

EXPECTED = [
    (UserError("请先选择事项"), "请先选择事项"),
    (UserError(problems=["缺少姓名", "电话有误"]), "缺少姓名；电话有误"),
    (UserError("表单有误", problems=["缺少姓名", "电话有误"]), "表单有误：缺少姓名；电话有误"),
    (RuleViolation("本事项没有情形 X"), "本事项没有情形 X"),
    (AccessDenied("窗口人员无权导出"), "窗口人员无权导出"),
    (NotSignedIn("尚未登录"), "尚未登录"),
    (IntakeError(["缺少申请人", "缺少材料"]), "缺少申请人；缺少材料"),
    (SettingsError(["窗口号不能为空"]), "窗口号不能为空"),
    (LoginFailed("用户名或密码不正确"), "用户名或密码不正确"),
    (AccountError(["密码太短", "密码太常见"]), "密码太短；密码太常见"),
    (DocumentError("没有编号为「X1」的办件"), "没有编号为「X1」的办件"),
    (FollowUpError("没有编号为「X1」的容缺受理办件"), "没有编号为「X1」的容缺受理办件"),
    (ExportError("结束日期早于开始日期"), "结束日期早于开始日期"),
    (CalendarError("该日已设置"), "该日已设置"),
    (BackupError("备份文件已损坏"), "备份文件已损坏"),
    (
        BackupRefused(Path("hall-20240501-120000.db"), ["文件不完整"]),
        "备份 hall-20240501-120000.db 未通过校验，未做任何改动：文件不完整",
    ),
    (DataFolderRefused("数据库不能放在网络文件夹中"), "数据库不能放在网络文件夹中"),
    (StorageFull("数据盘空间已满"), "数据盘空间已满"),
    (DatabaseBusy("数据库正被占用"), "数据库正被占用"),
    (PrintingError("无法打印"), "无法打印"),
]


@pytest.mark.parametrize(("error", "words"), EXPECTED, ids=[type(e).__name__ for e, _ in EXPECTED])
def test_refusals_read_as_their_own_message(error: BaseException, words: str) -> None:
    assert is_expected(error)
    assert describe(error) == words


def test_subclasses_of_the_family_are_refusals_too() -> None:
    from datetime import UTC, datetime

    assert issubclass(RuleViolation, UserError) and issubclass(RuleViolation, ValueError)
    assert is_expected(AccountLocked(datetime(2030, 1, 1, tzinfo=UTC)))
    assert is_expected(FontUnavailable(Path("font.ttf"), "missing"))
    assert is_expected(MissingGlyphs(["㛃"]))


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError(SECRET),
        KeyError(SECRET),
        ValueError(SECRET),  # a plain ValueError is not a refusal: only the family is
        IntegrityError(SECRET, {"id": "440308199001011234"}, sqlite3.IntegrityError("UNIQUE failed")),
        OperationalError(SECRET, {}, sqlite3.OperationalError("no such table: applicant")),
    ],
    ids=["RuntimeError", "KeyError", "ValueError", "IntegrityError", "OperationalError"],
)
def test_a_fault_shows_a_reference_never_its_text(error: BaseException) -> None:
    assert not is_expected(error)
    words = describe(error)
    assert "440308199001011234" not in words and "13812345678" not in words and "INSERT" not in words
    assert "意外错误" in words and reference(error) in words
    assert describe(error) == words  # one error, one reference


@pytest.mark.parametrize(
    ("driver_message", "plain"),
    [("database or disk is full", "数据盘空间已满"), ("database is locked", "数据库正被其他窗口占用")],
)
def test_a_raw_storage_error_reads_as_the_plain_storage_message(driver_message: str, plain: str) -> None:
    error = OperationalError(SECRET, {}, sqlite3.OperationalError(driver_message))
    words = describe(error)
    assert words.startswith(plain)
    assert "INSERT" not in words


def test_log_failure_logs_a_refusal_quietly(caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("hallapp.test")
    error = IntakeError(["身份证号 440308199001011234 校验位不符"])
    with caplog.at_level(logging.DEBUG):
        ref = log_failure(log, error, "intake")
    [record] = caplog.records
    assert record.levelno == logging.INFO and record.exc_info is None
    assert "IntakeError" in record.getMessage() and ref in record.getMessage()
    assert "440308199001011234" not in record.getMessage()  # what the clerk typed stays out of the log


def test_log_failure_warns_on_storage_trouble(caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("hallapp.test")
    raw = OperationalError(SECRET, {}, sqlite3.OperationalError("database or disk is full"))
    with caplog.at_level(logging.DEBUG):
        log_failure(log, StorageFull("数据盘空间已满"), "saving")
        log_failure(log, raw, "saving")
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.WARNING]
    assert all(r.exc_info is None and "INSERT" not in r.getMessage() for r in caplog.records)


def test_log_failure_logs_a_fault_with_traceback_under_the_shown_reference(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = logging.getLogger("hallapp.test")
    try:
        raise RuntimeError("boom")
    except RuntimeError as caught:
        error = caught
    with caplog.at_level(logging.DEBUG):
        ref = log_failure(log, error, "printing a receipt")
    [record] = caplog.records
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and record.exc_info[1] is error
    assert "printing a receipt" in record.getMessage() and ref in record.getMessage()
    assert ref in describe(error)
    assert log_failure(log, error, "again") == ref
