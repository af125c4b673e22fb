"""``hallapp accounts …``: setting up a hall's counters without the window, and passwords on a terminal.

A password never comes from the command line, where the shell history and the process list would keep
it. The signing-in person's comes from ``HALLAPP_PASSWORD`` or is asked; a password being chosen (a new
account's, a reset) from ``HALLAPP_NEW_PASSWORD`` or is asked twice. ``create-admin`` is the exception:
nobody can sign in yet, so the administrator's own new password is the one in ``HALLAPP_PASSWORD`` (the
same variable signs them in afterwards). Without a terminal and without the variable, the command says
which variable to set instead of waiting for input that will never come.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from hallapp.domain.access import Role, password_problems

if TYPE_CHECKING:
    from hallapp.services.accounts import AccountInfo
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.session import CounterSession

PASSWORD_ENV = "HALLAPP_PASSWORD"
NEW_PASSWORD_ENV = "HALLAPP_NEW_PASSWORD"


def interactive() -> bool:
    """Whether someone at a terminal can type a password (not a script, a pipe or a scheduled task)."""
    return sys.stdin is not None and sys.stdin.isatty()


def sign_in_password(user: str) -> str:
    """The password of the person signing in: ``HALLAPP_PASSWORD``, or typed (not echoed)."""
    from hallapp.commands import UsageError

    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    if not interactive():
        raise UsageError(f"没有可输入密码的终端：请在环境变量 {PASSWORD_ENV} 中提供 {user} 的密码。")
    return getpass.getpass(f"{user} 的密码：")


def chosen_password(username: str, variable: str) -> str:
    """A new password for ``username``: from ``variable``, or typed twice. The policy is checked before
    the second entry, so nobody types a refused password twice; the service checks it again anyway."""
    from hallapp.commands import UsageError
    from hallapp.services.accounts import AccountError

    given = os.environ.get(variable)
    if given:
        return given
    if not interactive():
        raise UsageError(f"没有可输入密码的终端：请在环境变量 {variable} 中提供 {username} 的新密码。")
    first = getpass.getpass(f"{username} 的新密码：")
    problems = password_problems(first, username.strip().lower())
    if problems:
        raise AccountError(problems)
    if getpass.getpass("再输入一次新密码：") != first:
        raise AccountError(["两次输入的密码不一致"])
    return first


def create_admin(app: AppContext, args: argparse.Namespace) -> int:
    """The first administrator of a new installation (only while there is no account at all)."""
    from hallapp.commands import no_accounts_yet
    from hallapp.domain.access import AccessDenied
    from hallapp.services.accounts import create_first_admin
    from hallapp.store.db import UnitOfWork

    if not no_accounts_yet(app):  # asked first, so nobody chooses a password in vain
        raise AccessDenied(
            "系统中已有账户，不能再创建首个管理员；请由系统管理员登录后用 hallapp accounts add 创建账户。"
        )
    password = chosen_password(args.username, PASSWORD_ENV)
    principal = create_first_admin(
        UnitOfWork(app.engine, write=True), args.username, args.name, password, window=args.window
    )
    print(
        f"已创建系统管理员 {principal.username}（{principal.display_name}）。以后的命令请加 --user {principal.username}。"
    )
    print(
        "系统管理员不能受理办件，也不能查看审计记录：请用 hallapp accounts add 为窗口人员、科室负责人和"
        "审计管理员各建账户。",
        file=sys.stderr,
    )
    return 0


def run(session: CounterSession, args: argparse.Namespace) -> int:
    """The other ``accounts`` actions, as the signed-in administrator (the service checks and audits)."""
    action, user = args.accounts_action, getattr(args, "username", "")
    if action == "list":
        for info in session.accounts():
            print(_line(info))
        return 0
    if action == "add":
        password = chosen_password(user, NEW_PASSWORD_ENV)
        info = session.create_account(user, args.name, args.role, password, window=args.window).value
        print(f"已创建账户：{_line(info)}")
        print("请本人登录后立即修改密码（窗口菜单“文件 → 修改密码”，或 Ctrl+Shift+P）。", file=sys.stderr)
    elif action in ("disable", "enable"):
        info = session.set_active(user, action == "enable").value
        print(f"已{'启用' if info.active else '停用'}账户：{_line(info)}")
    elif action == "set-role":
        info = session.set_role(user, args.role).value
        print(f"已改为{info.role.label}：{_line(info)}")
    elif action == "reset-password":
        session.reset_password(user, chosen_password(user, NEW_PASSWORD_ENV))
        print(f"已为 {user.strip().lower()} 设置新密码（账户如已锁定，也已解锁）。")
    elif action == "unlock":
        session.unlock_account(user)
        print(f"已解锁账户 {user.strip().lower()}。")
    return 0


def _line(info: AccountInfo) -> str:
    """One account on one line: user name, name, role, window, state."""
    from hallapp.store.models import utcnow

    if not info.active:
        state = "已停用"
    elif info.locked_until is not None and info.locked_until > utcnow():
        state = f"锁定至 {info.locked_until.astimezone():%Y-%m-%d %H:%M}"
    else:
        state = "启用"
    window = f"窗口 {info.window}" if info.window else "未指定窗口"
    return f"{info.username}\t{info.display_name}\t{info.role.label}\t{window}\t{state}"


ROLE_CHOICES = tuple(role.value for role in (Role.CLERK, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR))
ROLE_HELP = "，".join(
    f"{role.value} {role.label}" for role in (Role.CLERK, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR)
)


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The ``accounts`` sub-commands (kept beside their code, so ``cli.py`` stays one screen per part)."""
    accounts = commands.add_parser(
        "accounts",
        parents=[common],
        help="accounts (账户): create-admin, list, add, disable, enable, set-role, reset-password, unlock",
    )
    actions = accounts.add_subparsers(dest="accounts_action", required=True, metavar="ACTION")
    first = actions.add_parser(
        "create-admin",
        parents=[common],
        help="the first administrator, only on an installation without accounts (password: HALLAPP_PASSWORD or asked)",
    )
    first.add_argument("username")
    first.add_argument("--name", required=True, help="the person's name (姓名)")
    first.add_argument("--window", default="", help="window number (窗口号), if any")
    actions.add_parser("list", parents=[common], help="every account with its role and state")
    add = actions.add_parser(
        "add", parents=[common], help="a new account (its password: HALLAPP_NEW_PASSWORD or asked twice)"
    )
    add.add_argument("username")
    add.add_argument("--name", required=True, help="the person's name (姓名), printed on documents")
    add.add_argument("--role", required=True, choices=ROLE_CHOICES, help=ROLE_HELP)
    add.add_argument("--window", default="", help="window number (窗口号), e.g. 08")
    for action, text in (
        ("disable", "disable an account (accounts are never deleted; the last administrator stays)"),
        ("enable", "enable a disabled account again"),
        (
            "reset-password",
            "a new password for someone who forgot theirs (HALLAPP_NEW_PASSWORD or asked twice)",
        ),
        ("unlock", "lift a lockout after too many wrong passwords"),
    ):
        actions.add_parser(action, parents=[common], help=text).add_argument("username")
    role = actions.add_parser("set-role", parents=[common], help="give an account another role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLE_CHOICES, help=ROLE_HELP)
