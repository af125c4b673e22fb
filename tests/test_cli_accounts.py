"""``hallapp accounts …`` end to end: a hall sets up its counters without the window."""

from __future__ import annotations

import getpass

import pytest

from hallapp import commands_accounts
from hallapp.cli import main
from tests.cli_helpers import actors_of, build_installation, cheap_hashing, copy_installation, run_as, trail


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory):
    return build_installation(tmp_path_factory.mktemp("no-accounts") / "data", with_accounts=False)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_installation(tmp_path_factory.mktemp("accounts") / "data")


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)
    monkeypatch.delenv("HALLAPP_NEW_PASSWORD", raising=False)


@pytest.fixture
def fresh(empty_template, tmp_path):
    """An installation nobody can sign in to yet."""
    return copy_installation(empty_template, tmp_path)


@pytest.fixture
def data_dir(template, tmp_path):
    return copy_installation(template, tmp_path)


@pytest.fixture
def terminal(monkeypatch):
    """A person at a terminal typing these answers, in order, to the password prompts."""
    answers: list[str] = []
    prompts: list[str] = []
    monkeypatch.setattr(commands_accounts, "interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: prompts.append(prompt) or answers.pop(0))
    return answers, prompts


def create_admin(monkeypatch, data_dir, *extra: str, password: str = "Hall-Root-2026x") -> int:
    monkeypatch.setenv("HALLAPP_PASSWORD", password)
    return main(["accounts", "create-admin", "chief", "--name", "陈主任", *extra, "--data-dir", data_dir])


def test_create_admin_then_sign_in_with_it(fresh, monkeypatch, capsys):
    assert create_admin(monkeypatch, fresh, "--window", "01") == 0
    assert "已创建系统管理员 chief（陈主任）" in capsys.readouterr().out
    monkeypatch.setenv("HALLAPP_PASSWORD", "Hall-Root-2026x")
    assert main(["accounts", "list", "--user", "chief", "--data-dir", fresh]) == 0
    assert capsys.readouterr().out.strip() == "chief\t陈主任\t系统管理员\t窗口 01\t启用"
    assert create_admin(monkeypatch, fresh) == 1  # only on an installation without accounts
    assert "系统中已有账户" in capsys.readouterr().err


def test_create_admin_says_what_is_wrong_with_the_password(fresh, monkeypatch, capsys):
    assert create_admin(monkeypatch, fresh, password="short") == 1
    err = capsys.readouterr().err
    assert "密码至少 10 位" in err and "三种" in err
    monkeypatch.delenv("HALLAPP_PASSWORD")
    assert main(["accounts", "create-admin", "chief", "--name", "陈主任", "--data-dir", fresh]) == 2
    assert "HALLAPP_PASSWORD" in capsys.readouterr().err  # no terminal: which variable to set


def test_create_admin_asks_twice_at_a_terminal(fresh, monkeypatch, terminal, capsys):
    answers, prompts = terminal
    monkeypatch.delenv("HALLAPP_PASSWORD", raising=False)
    argv = ["accounts", "create-admin", "chief", "--name", "陈主任", "--data-dir", fresh]
    answers[:] = ["password123"]
    assert main(argv) == 1  # refused at once, not after typing it twice
    assert "密码过于常见" in capsys.readouterr().err and len(prompts) == 1
    answers[:] = ["Hall-Root-2026x", "Hall-Root-2026y"]
    assert main(argv) == 1
    assert "两次输入的密码不一致" in capsys.readouterr().err
    answers[:] = ["Hall-Root-2026x", "Hall-Root-2026x"]
    assert main(argv) == 0
    assert prompts[-2:] == ["chief 的新密码：", "再输入一次新密码："]


def test_add_an_account_that_then_works(data_dir, monkeypatch, capsys):
    add = ("accounts", "add", "zhaoliu", "--name", "赵六", "--role", "clerk", "--window", "09")
    monkeypatch.setenv("HALLAPP_NEW_PASSWORD", "Zhao-Pass-2026")
    assert run_as(monkeypatch, data_dir, "lisi", *add) == 1  # a clerk manages no accounts
    assert "无权管理账户" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "admin", *add) == 0
    assert "已创建账户：zhaoliu\t赵六\t窗口人员\t窗口 09\t启用" in capsys.readouterr().out
    assert run_as(monkeypatch, data_dir, "admin", *add) == 1
    assert "已被使用" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "zhaoliu", "due", password="Zhao-Pass-2026") == 0
    created = [
        row for row in trail(data_dir) if row.action == "account.create" and row.object_id == "zhaoliu"
    ]
    assert [(row.actor, row.outcome) for row in created] == [("admin", "ok"), ("lisi", "denied")]


def test_add_asks_the_new_password_twice_and_checks_the_policy(data_dir, monkeypatch, terminal, capsys):
    answers, prompts = terminal
    add = ("accounts", "add", "zhaoliu", "--name", "赵六", "--role", "supervisor")
    answers[:] = ["zhaoliu-2026X"]  # contains the user name
    assert run_as(monkeypatch, data_dir, "admin", *add) == 1
    assert "密码不能包含用户名" in capsys.readouterr().err
    answers[:] = ["Zhao-Pass-2026", "Zhao-Pass-2026"]
    assert run_as(monkeypatch, data_dir, "admin", *add) == 0
    assert "科室负责人" in capsys.readouterr().out
    assert prompts[-2:] == ["zhaoliu 的新密码：", "再输入一次新密码："]


def test_disable_enable_and_set_role(data_dir, monkeypatch, capsys):
    assert run_as(monkeypatch, data_dir, "admin", "accounts", "disable", "lisi") == 0
    assert "已停用账户：lisi" in capsys.readouterr().out
    assert run_as(monkeypatch, data_dir, "lisi", "due") == 1
    assert "已停用" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "admin", "accounts", "enable", "lisi") == 0
    assert run_as(monkeypatch, data_dir, "lisi", "due") == 0
    capsys.readouterr()
    assert run_as(monkeypatch, data_dir, "admin", "accounts", "set-role", "lisi", "supervisor") == 0
    assert "已改为科室负责人" in capsys.readouterr().out
    assert run_as(monkeypatch, data_dir, "admin", "accounts", "disable", "admin") == 1
    assert "最后一个启用的系统管理员" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "admin", "accounts", "disable", "nobody") == 1
    assert "没有用户名为“nobody”的账户" in capsys.readouterr().err
    assert actors_of(data_dir, "account.set_active") == ["admin", "admin"]


def test_lockout_unlock_and_reset_password(data_dir, monkeypatch, capsys):
    for _ in range(5):
        assert run_as(monkeypatch, data_dir, "lisi", "due", password="Wrong-Pass-2026") == 1
    assert run_as(monkeypatch, data_dir, "lisi", "due") == 1
    assert "已锁定" in capsys.readouterr().err
    assert run_as(monkeypatch, data_dir, "admin", "accounts", "list") == 0
    assert "锁定至" in capsys.readouterr().out
    assert run_as(monkeypatch, data_dir, "admin", "accounts", "unlock", "lisi") == 0
    assert run_as(monkeypatch, data_dir, "lisi", "due") == 0

    assert run_as(monkeypatch, data_dir, "admin", "accounts", "reset-password", "lisi") == 2
    assert "HALLAPP_NEW_PASSWORD" in capsys.readouterr().err  # no terminal, no variable
    monkeypatch.setenv("HALLAPP_NEW_PASSWORD", "weak")
    assert run_as(monkeypatch, data_dir, "admin", "accounts", "reset-password", "lisi") == 1
    assert "密码至少 10 位" in capsys.readouterr().err
    monkeypatch.setenv("HALLAPP_NEW_PASSWORD", "Brand-New-2026")
    assert run_as(monkeypatch, data_dir, "admin", "accounts", "reset-password", "lisi") == 0
    assert run_as(monkeypatch, data_dir, "lisi", "due") == 1  # the old password no longer works
    assert run_as(monkeypatch, data_dir, "lisi", "due", password="Brand-New-2026") == 0
    assert actors_of(data_dir, "account.password_reset") == ["admin"]
    assert actors_of(data_dir, "account.unlock") == ["admin"]


def test_a_password_is_never_taken_from_the_command_line(data_dir, capsys):
    argv = ["accounts", "add", "zhaoliu", "--name", "赵六", "--role", "clerk", "--password", "Zhao-Pass-2026"]
    assert main([*argv, "--data-dir", data_dir]) == 2
    assert "无法识别的参数" in capsys.readouterr().err
