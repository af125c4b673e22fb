"""``hallapp`` sub-commands: the public catalogue, and the register through a signed-in counter session."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from pathlib import Path

import pytest

from hallapp.cli import main
from hallapp.config import SHIPPED_CATALOGUE_DIR
from hallapp.services.catalogue_files import read_catalogue
from tests.cli_helpers import (
    actors_of,
    build_installation,
    cheap_hashing,
    copy_installation,
    run_as,
    session_of,
    trail,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_installation(tmp_path_factory.mktemp("cli") / "data")


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
def data_dir(template, tmp_path):
    return copy_installation(template, tmp_path)


def _accepted(data_dir: str) -> str:
    """A case accepted by the clerk lisi, never printed; its number."""
    from hallapp.services.intake import Decision
    from tests.services.intake_helpers import guide_for, request

    with session_of(data_dir, "lisi") as session:
        guide = guide_for(session.context, "就业登记")
        outcome = session.submit(request(guide, Decision.ACCEPT), now=datetime(2026, 11, 27, 9, 30))
    return outcome.value.number


def _deferred(data_dir: str) -> str:
    """A case the clerk lisi took in with one material deferred (容缺受理), today; its number."""
    from hallapp.services.intake import Decision
    from tests.services.intake_helpers import guide_for, request, with_deferred

    with session_of(data_dir, "lisi") as session:
        guide = guide_for(session.context, "创业培训补贴申领")
        outcome = session.submit(
            request(guide, Decision.DEFER, with_deferred(guide), commitment_signed=True), now=datetime.now()
        )
    return outcome.value.number


# -- the public catalogue --------------------------------------------------------------------------------


def test_search_prints_code_name_department(data_dir, capsys):
    assert main(["search", "cypxbt", "--data-dir", data_dir]) == 0
    out = capsys.readouterr().out.splitlines()
    code, name, department = out[0].split("\t")
    assert name == "创业培训补贴申领" and department == "区人力资源局" and code.startswith("11440310")


def test_search_options_before_the_command_and_filters(data_dir, capsys):
    assert main(["--data-dir", data_dir, "search", "登记", "--delegated", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 1 <= len(lines) <= 3 and all("登记" in line for line in lines)


def test_show_prints_the_guide_and_unknown_codes_say_so(data_dir, capsys):
    main(["search", "高龄老人津贴", "--data-dir", data_dir])
    code = capsys.readouterr().out.split("\t")[0]
    assert main(["show", code, "--data-dir", data_dir]) == 0
    out = capsys.readouterr().out
    for part in (
        "高龄老人津贴申领",
        "申请材料",
        "受理条件",
        "办理流程",
        "设定依据",
        "咨询电话",
        "居民身份证",
    ):
        assert part in out
    assert main(["show", "nope", "--data-dir", data_dir]) == 1
    assert "没有编码为「nope」的事项" in capsys.readouterr().err
    assert main(["search", "完全不存在的东西", "--data-dir", data_dir]) == 1
    assert "没有找到" in capsys.readouterr().err


def test_data_dir_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HALLAPP_DATA_DIR", str(tmp_path / "env-data"))
    assert main(["search", "jiuye"]) == 0
    assert (tmp_path / "env-data" / "hallapp.sqlite3").exists()


def test_catalogue_check_needs_nobody_and_load_needs_the_administrator(data_dir, monkeypatch, capsys):
    assert main(["catalogue", "check"]) == 0
    count = len(read_catalogue(SHIPPED_CATALOGUE_DIR).guides)
    assert f"{count} 个事项" in capsys.readouterr().out
    assert run_as(monkeypatch, data_dir, "lisi", "catalogue", "load") == 1
    assert "无权载入事项目录" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "load", "--force") == 0
    assert "已载入" in capsys.readouterr().out
    assert run_as(monkeypatch, data_dir, "admin", "catalogue", "load") == 0
    assert "未变化" in capsys.readouterr().out


# -- the register, as the signed-in person ---------------------------------------------------------------


def test_receipt_prints_as_the_clerk_and_reprints_a_copy(data_dir, tmp_path, monkeypatch, capsys):
    from tests.printing.pdfcheck import text

    number = _accepted(data_dir)
    out = tmp_path / "r.pdf"
    assert run_as(monkeypatch, data_dir, "lisi", "receipt", number, "--out", str(out)) == 0
    assert "受理回执" in capsys.readouterr().out
    first = text(out.read_bytes())
    assert number in first and "副本" not in first
    assert run_as(monkeypatch, data_dir, "lisi", "receipt", number, "--out", str(out)) == 0
    assert "副本" in text(out.read_bytes())
    assert run_as(monkeypatch, data_dir, "lisi", "receipt", "NOPE", "--out", str(out)) == 1
    assert "没有编号" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "admin", "receipt", number, "--out", str(out)) == 1
    assert "无权" in capsys.readouterr().err
    assert actors_of(data_dir, "document.print") == ["lisi"]
    assert actors_of(data_dir, "document.reprint") == ["lisi"]


def test_due_and_remind_as_the_clerk(data_dir, tmp_path, monkeypatch, capsys):
    from tests.printing.pdfcheck import text

    number = _deferred(data_dir)
    assert run_as(monkeypatch, data_dir, "lisi", "due", "--within", "10") == 0
    out = capsys.readouterr().out
    assert number in out and "剩" in out
    assert run_as(monkeypatch, data_dir, "lisi", "due", "--within", "0") == 0
    assert number not in capsys.readouterr().out  # 5 working days left, not 0
    pdf = tmp_path / "reminders.pdf"
    args = ("remind", "--within", "10", "--out", str(pdf), "--method", "letter")
    assert run_as(monkeypatch, data_dir, "shenji", *args) == 1  # the auditor follows up nothing
    assert "无权" in capsys.readouterr().err and not pdf.exists()
    assert run_as(monkeypatch, data_dir, "lisi", *args) == 0
    assert "1 份催补通知" in capsys.readouterr().out
    assert number in text(pdf.read_bytes())
    assert actors_of(data_dir, "case.remind") == ["lisi"]


def test_a_reminder_by_phone_prints_no_letter(data_dir, tmp_path, monkeypatch, capsys):
    number = _deferred(data_dir)
    pdf = tmp_path / "reminders.pdf"
    with_out = ("remind", "--within", "10", "--out", str(pdf), "--method", "phone")
    assert run_as(monkeypatch, data_dir, "lisi", *with_out) == 2
    assert "不打印" in capsys.readouterr().err and not pdf.exists()
    assert actors_of(data_dir, "case.remind") == []
    assert run_as(monkeypatch, data_dir, "lisi", "remind", "--within", "10", "--method", "phone") == 0
    out = capsys.readouterr().out
    assert "电话催补" in out and number in out
    assert actors_of(data_dir, "case.remind") == ["lisi"] and actors_of(data_dir, "document.print") == []
    assert run_as(monkeypatch, data_dir, "lisi", "remind", "--within", "10") == 2  # a letter needs --out
    assert "--out" in capsys.readouterr().err


def test_export_by_the_supervisor_is_audited_in_their_name(data_dir, tmp_path, monkeypatch, capsys):
    _accepted(data_dir)
    out = tmp_path / "c.csv"
    args = ("export", "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(out))
    assert run_as(monkeypatch, data_dir, "lisi", *args) == 1  # a clerk may not export the register
    assert "无权导出办件" in capsys.readouterr().err and not out.exists()
    assert run_as(monkeypatch, data_dir, "wangwu", *args) == 0
    assert "已导出 1 件" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8-sig").startswith("受理编号")
    assert actors_of(data_dir, "cases.export") == ["wangwu"]
    wrong = ("export", "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(tmp_path / "c.txt"))
    assert run_as(monkeypatch, data_dir, "wangwu", *wrong) == 1
    assert "只能导出为" in capsys.readouterr().err


def test_audit_verify_and_head_as_the_auditor(data_dir, monkeypatch, capsys):
    assert run_as(monkeypatch, data_dir, "admin", "audit", "verify") == 1  # not the administrator
    assert "无权查看和导出审计记录" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "shenji", "audit", "head") == 0
    head, count = re.fullmatch(r"链头 (\w+)，共 (\d+) 条记录", capsys.readouterr().out.strip()).groups()
    assert run_as(monkeypatch, data_dir, "shenji", "audit", "verify") == 0
    assert "审计链完整" in capsys.readouterr().out
    assert run_as(monkeypatch, data_dir, "shenji", "audit", "verify", "--head", head, "--count", count) == 0
    assert run_as(monkeypatch, data_dir, "shenji", "audit", "verify", "--head", "0badc0de") == 1
    assert "链上已没有链头为 0badc0de" in capsys.readouterr().err


def test_backup_and_restore_by_the_administrator_are_audited(data_dir, monkeypatch, capsys):
    assert run_as(monkeypatch, data_dir, "lisi", "backup") == 1  # a clerk makes no backups
    assert "无权备份和恢复数据" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "admin", "backup") == 0
    made = capsys.readouterr().out.split(": ", 1)[1].strip()
    assert actors_of(data_dir, "backup.make") == ["admin"]
    assert run_as(monkeypatch, data_dir, "lisi", "restore") == 1  # nor lists them
    assert "无权" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "admin", "restore") == 0
    assert made in capsys.readouterr().out
    assert run_as(monkeypatch, data_dir, "lisi", "restore", made) == 1
    assert run_as(monkeypatch, data_dir, "admin", "restore", made) == 0
    assert "恢复数据库" in capsys.readouterr().out
    restored = [row for row in trail(data_dir) if row.action == "backup.restore"]
    assert [row.actor for row in restored] == ["admin"]


def test_restore_without_sign_in_only_when_the_database_does_not_open(data_dir, monkeypatch, capsys):
    from pathlib import Path

    assert run_as(monkeypatch, data_dir, "admin", "backup") == 0
    made = capsys.readouterr().out.split(": ", 1)[1].strip()
    assert run_as(monkeypatch, data_dir, None, "restore", made) == 1  # the database opens: sign in
    assert "--user" in capsys.readouterr().err
    database = Path(data_dir) / "hallapp.sqlite3"
    database.write_bytes(b"this is not a database" * 100)
    for side in ("-wal", "-shm"):
        database.with_name(database.name + side).unlink(missing_ok=True)
    assert run_as(monkeypatch, data_dir, "admin", "due") == 1
    err = capsys.readouterr().err
    assert "已损坏" in err and "hallapp restore" in err
    assert run_as(monkeypatch, data_dir, None, "restore") == 0
    assert made in capsys.readouterr().out
    assert run_as(monkeypatch, data_dir, None, "restore", Path(made).name) == 0
    captured = capsys.readouterr()
    assert "恢复数据库" in captured.out and "不经登录" in captured.err
    (restored,) = [row for row in trail(data_dir) if row.action == "backup.restore"]
    detail = json.loads(restored.detail)
    assert restored.actor == "system" and "os_user" in detail and detail["unattended"] is True


# -- who may run what ------------------------------------------------------------------------------------

SIGNED_COMMANDS = [
    ("catalogue", "load"),
    ("receipt", "X", "--out", "x.pdf"),
    ("due",),
    ("remind", "--out", "x.pdf"),
    ("licences", "import", "x.csv"),
    ("licences", "show", "440307199010010514"),
    ("export", "--from", "2026-01-01", "--to", "2026-12-31", "--out", "x.csv"),
    ("audit", "verify"),
    ("audit", "head"),
    ("backup",),
    ("restore",),
    ("restore", "x.sqlite3"),
    ("accounts", "list"),
    ("accounts", "add", "zhaoliu", "--name", "赵六", "--role", "clerk"),
    ("accounts", "disable", "lisi"),
    ("accounts", "enable", "lisi"),
    ("accounts", "set-role", "lisi", "supervisor"),
    ("accounts", "reset-password", "lisi"),
    ("accounts", "unlock", "lisi"),
]


def test_every_command_but_the_catalogue_refuses_without_user(data_dir, monkeypatch, capsys):
    monkeypatch.setenv("HALLAPP_NEW_PASSWORD", "New-Pass-2026x")
    for args in SIGNED_COMMANDS:
        assert run_as(monkeypatch, data_dir, None, *args) == 1, args
        assert "--user" in capsys.readouterr().err, args


def test_before_any_account_only_create_admin_works(tmp_path, monkeypatch, capsys):
    data_dir = str(build_installation(tmp_path / "data", with_accounts=False))
    for args in SIGNED_COMMANDS:
        assert run_as(monkeypatch, data_dir, "admin", *args) == 1, args
        assert "请先创建系统管理员" in capsys.readouterr().err, args
    assert main(["search", "jiuye", "--data-dir", data_dir]) == 0  # the catalogue is public all along


def test_wrong_password_and_no_terminal(data_dir, monkeypatch, capsys):
    assert run_as(monkeypatch, data_dir, "lisi", "due", password="Wrong-Pass-2026") == 1
    assert "用户名或密码错误" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "nobody", "due", password="Wrong-Pass-2026") == 1
    assert "用户名或密码错误" in capsys.readouterr().err  # the same words: nobody learns who exists
    monkeypatch.delenv("HALLAPP_PASSWORD")
    assert main(["due", "--user", "lisi", "--data-dir", data_dir]) == 2  # stdin is no terminal here
    assert "HALLAPP_PASSWORD" in capsys.readouterr().err
    unknown, known = actors_of(data_dir, "login.failure")
    assert unknown.startswith("未知用户·") and known == "lisi"  # a name that is no account is not stored


def test_the_password_is_asked_at_a_terminal(data_dir, monkeypatch, capsys):
    import getpass

    from hallapp import commands_accounts

    monkeypatch.delenv("HALLAPP_PASSWORD", raising=False)
    monkeypatch.setattr(commands_accounts, "interactive", lambda: True)
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "Clerk-Pass-2026")
    assert main(["due", "--user", "lisi", "--data-dir", data_dir]) == 0
    assert asked == ["lisi 的密码："]


# -- wrong command lines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["search", "x", "--limit", "-1"], "--limit：应在 1 到 1000 之间"),
        (["search", "x", "--limit", "lots"], "应为整数"),
        (["due", "--within", "-1"], "--within：应在 0 到 250 之间"),
        (["export", "--from", "2026-01-01", "--to", "9999-12-31", "--out", "x.csv"], "日期应在"),
        (
            ["export", "--from", "2026-12-31", "--to", "2026-01-01", "--out", "x.csv"],
            "结束日期不能早于开始日期",
        ),
        (["export", "--from", "yesterday", "--to", "2026-01-01", "--out", "x.csv"], "YYYY-MM-DD"),
        (["export", "--from", "2026-01-01"], "缺少参数"),
        (["audit", "verify", "--head", "abcdef12", "--count", str(10**25)], "--count：应在 0 到"),
        (["audit", "verify", "--count", "3"], "只能与 --head 一起使用"),
        (["audit", "verify", "--head", "xyz"], "十六进制"),
        (["accounts", "add", "x", "--name", "X", "--role", "boss"], "--role 不能是 'boss'"),
        (["accounts", "add", "x", "--name", "X", "--role", "clerk", "--password", "p"], "无法识别的参数"),
        (["frobnicate"], "不能是 'frobnicate'"),
    ],
)
def test_wrong_arguments_exit_2_with_words(args, words, tmp_path, capsys):
    assert main([*args, "--data-dir", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not (tmp_path / "data").exists()  # refused before anything was opened


def test_a_file_as_data_dir_and_unusable_database_addresses(tmp_path, closed_port, capsys):
    afile = tmp_path / "a-file"
    afile.write_text("x")
    assert main(["search", "jiuye", "--data-dir", str(afile)]) == 2
    assert "是一个文件，不是文件夹" in capsys.readouterr().err
    data = str(tmp_path / "data")
    url = f"postgresql+psycopg://clerk:secret@127.0.0.1:{closed_port}/hall"
    assert main(["search", "jiuye", "--data-dir", data, "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert "无法打开数据库" in err and "secret" not in err and "Traceback" not in err
    assert main(["search", "jiuye", "--data-dir", data, "--database-url", "no such thing"]) == 2
    assert "无法识别数据库地址" in capsys.readouterr().err


@pytest.fixture
def closed_port():
    """Bound but not listening for the whole test: refused, and never handed to another process meanwhile."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_an_unexpected_error_prints_a_reference_and_logs_the_traceback(data_dir, monkeypatch, capsys):
    from pathlib import Path

    from hallapp import commands

    def broken(session, args):
        raise RuntimeError("SELECT … WHERE id_number = '440307199010010514'")

    monkeypatch.setattr(commands, "_due", broken)
    assert run_as(monkeypatch, data_dir, "lisi", "due") == 1
    err = capsys.readouterr().err
    assert "系统出现意外错误" in err and "440307199010010514" not in err and "Traceback" not in err
    reference = err.split("错误编号 ")[1][:8]
    for handler in logging.getLogger().handlers:
        handler.flush()
    log = (Path(data_dir) / "logs" / "hallapp.log").read_text(encoding="utf-8")
    assert reference in log and "RuntimeError" in log and "440307199010010514" not in log


# -- every subcommand answers a bad argument in plain words (issue 10 §4) --------------------------------


def test_a_data_dir_below_a_file_or_that_cannot_be_made_and_an_empty_query(tmp_path, capsys):
    afile = tmp_path / "a-file"
    afile.write_text("x")
    assert main(["search", "jiuye", "--data-dir", str(afile / "data")]) == 2
    err = capsys.readouterr().err
    assert f"其中的 {afile} 是一个文件，不是文件夹" in err and "Not a directory" not in err
    for args in (["search", "  "], ["show", ""]):
        assert main([*args, "--data-dir", str(tmp_path / "data")]) == 2
        assert "查找内容为空" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, where no folder can be made")
def test_a_data_dir_that_cannot_be_created_is_said_in_chinese(capsys):
    assert main(["search", "jiuye", "--data-dir", "/proc/hallapp-data"]) == 2
    err = capsys.readouterr().err
    assert "无法使用数据目录 /proc/hallapp-data" in err
    assert "No such file" not in err and "Traceback" not in err


def test_the_bad_arguments_of_the_issue_end_in_words_in_a_real_process(tmp_path, closed_port):
    """The command a person types, in its own process: exit 2, Chinese words, never a traceback."""
    import subprocess
    import sys

    afile = tmp_path / "a-file"
    afile.write_text("x")
    data = str(tmp_path / "data")
    cases = [
        (["search", "jiuye", "--limit", "-1", "--data-dir", data], "--limit：应在 1 到 1000 之间"),
        (["export", "--from", "2026-01-01", "--to", "9999-12-31", "--out", "x.csv"], "日期应在"),
        (["audit", "verify", "--head", "abcdef1234567890", "--count", "10^25"], "--count：应为整数"),
        (["search", "jiuye", "--data-dir", str(afile)], "是一个文件，不是文件夹"),
        (
            [
                "search",
                "jiuye",
                "--data-dir",
                data,
                "--database-url",
                f"postgresql+psycopg://x@127.0.0.1:{closed_port}/h",
            ],
            "无法打开数据库",
        ),
    ]
    for args, words in cases:
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from hallapp.cli import main; sys.exit(main())", *args],
            check=False,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr + done.stdout, (args, done.stderr)
