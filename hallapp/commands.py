"""The sub-commands of ``hallapp`` (see ``cli.py``), printing plain text for a terminal.

The command line goes through the same door as the window: every command that reads or changes the
register signs in with ``--user`` and calls the methods of a ``CounterSession``, so the services check that
person's rights and every record it makes names them. Only the public catalogue (``search``, ``show``) and
``catalogue check`` (which reads files only) need nobody. Before any account exists only
``accounts create-admin`` works; ``restore`` without sign-in only when the database cannot be opened
(``commands_backup``).

Errors a person caused are raised as they are and put into words once, in ``cli.main``; ``UsageError``
there means the command line itself is wrong (exit status 2).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from hallapp.config import AppPaths
from hallapp.domain.access import AccessDenied, Permission
from hallapp.domain.catalogue import Guide
from hallapp.domain.errors import UserError
from hallapp.domain.search import SearchFilter
from hallapp.logs import setup_logging
from hallapp.services.catalogue_files import CatalogueError, read_catalogue
from hallapp.store.db import UnitOfWork

if TYPE_CHECKING:
    from hallapp.services.backups import DatabaseDamaged
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.session import CounterSession

log = logging.getLogger(__name__)

PUBLIC_COMMANDS = ("search", "show")  # the catalogue is public; everything else acts for someone
FIRST_ADMIN = (
    "还没有任何账户，请先创建系统管理员：hallapp accounts create-admin 用户名 --name 姓名"
    "（密码取自环境变量 HALLAPP_PASSWORD，或在此输入）。"
)
NEED_USER = (
    "此命令须以账户身份执行：请用 --user 用户名 登录（密码取自环境变量 HALLAPP_PASSWORD，或在此输入）。"
)


class UsageError(UserError):
    """The command line itself is wrong (an option, the database address): ``cli.main`` exits with 2."""


class DamagedDatabase(UserError):
    """The database file cannot be used; ``damaged`` holds the problem and the good backups."""

    def __init__(self, damaged: DatabaseDamaged) -> None:
        super().__init__(
            f"{damaged.problem}\n可用 hallapp restore 列出备份，用 hallapp restore 文件 恢复"
            "（数据库无法打开时无需登录）。"
        )
        self.damaged = damaged


def format_guide(guide: Guide) -> str:
    """A guide as plain text, in the order a clerk reads it."""
    lines = [
        f"{guide.name}",
        f"事项编码: {guide.code}",
        f"实施部门: {guide.department.name}",
        f"事项类型: {guide.matter_type.value}    服务对象: {'、'.join(a.value for a in guide.applicant_types)}",
        f"标记: {' '.join(guide.flag_labels) or '无'}",
        f"办理时限: {guide.time_limit_label}"
        + (f"  (法定 {guide.statutory_limit_days} 个工作日)" if guide.statutory_limit_days else ""),
        f"收费: {guide.fees}",
        f"办理地点: {guide.place}  {guide.windows}",
        f"办理时间: {guide.hours}",
        f"咨询电话: {'; '.join(guide.phones)}",
        f"到现场次数: {guide.visits}",
    ]
    if guide.online_url:
        lines.append(f"网上办理: {guide.online_url}")
    if guide.deferrable:
        cap = f", 最多 {guide.max_deferred} 项" if guide.max_deferred else ""
        lines.append(f"容缺受理: 可容缺{cap}")
    lines += ["", "受理条件:", guide.conditions, "", "申请材料:"]
    for number, material in enumerate(guide.materials, start=1):
        tags = ["必要" if material.required else "非必要"]
        if material.deferrable:
            tags.append("可容缺")
        if material.licence_type_name:
            tags.append(f"电子证照: {material.licence_type_name}")
        lines.append(f"  {number}. {material.name}  {material.form_label}  [{' | '.join(tags)}]")
        if material.notes:
            lines.append(f"     审查要点: {material.notes}")
    lines += ["", "办理流程:", guide.procedure, "", "设定依据:", guide.legal_basis]
    return "\n".join(lines)


# -- opening the installation and signing in -------------------------------------------------------------


def _shown_url(url: str) -> str:
    """The database address as it may be printed: never with its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an address that does not parse has no password to hide either
        return "（无法识别的地址）"


def open_installation(paths: AppPaths, *, load_shipped_catalogue: bool = True) -> AppContext:
    """Open the installation the careful way the window does (``open_guarded``), saying in words why not.

    A damaged SQLite file raises ``DamagedDatabase`` (``restore`` then works without sign-in); an address
    that does not parse or a server that does not answer is a wrong argument (``UsageError``).
    """
    from sqlalchemy.exc import ArgumentError, DBAPIError

    from hallapp.commands_backup import say_loss
    from hallapp.services.backups import DatabaseDamaged, open_guarded
    from hallapp.services.bootstrap import open_app
    from hallapp.store.db import plain_storage_error

    try:
        return open_guarded(
            paths, partial(open_app, load_shipped_catalogue=load_shipped_catalogue), on_loss=say_loss
        )
    except DatabaseDamaged as damaged:
        raise DamagedDatabase(damaged) from None
    except CatalogueError as error:
        raise UserError(str(error)) from None
    except (ArgumentError, ImportError) as error:
        log.warning("database address not usable (%s)", type(error).__name__)
        raise UsageError(
            f"无法识别数据库地址 {_shown_url(paths.database_url)}："
            "应形如 postgresql+psycopg://用户@主机/库名（--database-url 或 HALLAPP_DATABASE_URL）。"
        ) from None
    except DBAPIError as error:
        plain = plain_storage_error(error)
        if plain is not None:
            raise plain from error
        log.warning("database did not open (%s)", type(error.orig).__name__)
        raise UsageError(
            f"无法打开数据库 {_shown_url(paths.database_url)}：请检查 --database-url（或 HALLAPP_DATABASE_URL）、"
            "网络以及数据库服务器是否在运行。"
        ) from None


def no_accounts_yet(app: AppContext) -> bool:
    """Whether nobody can sign in yet. Asked before anyone signs in, so with a unit of work for nobody."""
    from hallapp.services.accounts import needs_first_admin

    return needs_first_admin(UnitOfWork(app.engine))


def sign_in(app: AppContext, args: argparse.Namespace) -> CounterSession:
    """The counter session of ``--user``: the password checked (audited, lockout counts) like the window's."""
    from hallapp.commands_accounts import sign_in_password
    from hallapp.services.session import CounterSession

    if no_accounts_yet(app):
        raise UserError(FIRST_ADMIN)
    user = (getattr(args, "user", None) or "").strip()
    if not user:
        raise UserError(NEED_USER)
    return CounterSession.sign_in(app, user, sign_in_password(user))


def require(session: CounterSession, permission: Permission) -> None:
    """Refuse before reading what the signed-in person may not see (the session's reads do not check)."""
    why = session.why_not(permission)
    if why:
        raise AccessDenied(why)


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run one sub-command; errors a person caused propagate to ``cli.main``, which puts them into words."""
    from hallapp import commands_accounts, commands_backup, commands_licences

    if args.command == "catalogue" and args.action == "check":
        return _check_catalogue(paths)
    setup_logging(paths.log_dir)
    try:
        app = open_installation(paths, load_shipped_catalogue=args.command != "catalogue")
    except DamagedDatabase as error:
        if args.command == "restore":  # nobody can sign in to a database that does not open
            return commands_backup.restore_unattended(args, paths, error.damaged)
        raise
    try:
        if args.command in PUBLIC_COMMANDS:
            return _public(app, args)
        if args.command == "accounts" and args.accounts_action == "create-admin":
            return commands_accounts.create_admin(app, args)
        session = sign_in(app, args)
        handlers: dict[str, Callable[[CounterSession, argparse.Namespace], int]] = {
            "catalogue": _load_catalogue,
            "receipt": _receipt,
            "due": _due,
            "remind": _due,
            "export": _export,
            "licences": commands_licences.run,
            "audit": _audit,
            "backup": commands_backup.backup,
            "restore": commands_backup.restore,
            "accounts": commands_accounts.run,
        }
        return handlers[args.command](session, args)
    finally:
        app.close()


# -- the catalogue ---------------------------------------------------------------------------------------


def _check_catalogue(paths: AppPaths) -> int:
    """Read the catalogue files and say what they hold; no database, no sign-in."""
    try:
        source = read_catalogue(paths.catalogue_dir)
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"目录文件无误: {len(source.departments)} 个部门, {len(source.licence_types)} 种电子证照, "
        f"{len(source.guides)} 个事项"
    )
    return 0


def _public(app: AppContext, args: argparse.Namespace) -> int:
    """``search`` and ``show``: the public catalogue, read for nobody in particular."""
    from hallapp.services.catalogue import get_guide

    if args.command == "search":
        app.search.prepare()
        search_filter = SearchFilter(args.department, args.deferrable, args.instant, args.delegated)
        hits = app.search.search(args.query, search_filter, args.limit)
        if not hits:
            print(f"没有找到与「{args.query}」相符的事项。", file=sys.stderr)
            return 1
        for hit in hits:
            print(f"{hit.code}\t{hit.name}\t{hit.department}")
        return 0
    guide = get_guide(UnitOfWork(app.engine), args.code.strip())
    if guide is None:
        print(f"没有编码为「{args.code}」的事项。可先用 hallapp search 查找编码。", file=sys.stderr)
        return 1
    print(format_guide(guide))
    return 0


def _load_catalogue(session: CounterSession, args: argparse.Namespace) -> int:
    """``catalogue load``: the administrator loads the catalogue files (skipped when they did not change)."""
    try:
        result = session.load_catalogue(session.paths.catalogue_dir, force=args.force).value
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    if result.skipped:
        print("目录文件未变化, 无需载入。")
    else:
        print(f"已载入: 新增 {result.added}, 更新 {result.updated}, 停用 {result.deactivated}")
    return 0


# -- the register ----------------------------------------------------------------------------------------


def _receipt(session: CounterSession, args: argparse.Namespace) -> int:
    """Reprint one document of a case to ``--out`` (an original if it was never printed)."""
    from hallapp.printing.model import DocumentKind
    from hallapp.services.documents import KINDS

    require(session, Permission.INTAKE)
    detail = session.case_detail(args.number)
    if detail is None:
        print(f"没有编号为「{args.number}」的办件。", file=sys.stderr)
        return 1
    kind = DocumentKind[args.kind.upper()] if args.kind else KINDS[detail.row.decision][-1]
    printed_before = any(d.kind == kind.name for d in detail.documents)
    # written where asked inside the transaction that records the print: a missing folder records nothing
    out = Path(args.out)
    (document,) = session.print_documents(args.number, copy=printed_before, kinds=(kind,), out=out).value
    print(f"已输出{'（副本）' if document.is_copy else ''}{kind.title}: {args.out}")
    return 0


def _due(session: CounterSession, args: argparse.Namespace) -> int:
    """List (``due``) or remind (``remind``) the deferred cases due within N working days."""
    from hallapp.services.board import due_within
    from hallapp.services.output_file import check_output_path

    require(session, Permission.FOLLOW_UP)
    rows = due_within(session.board_rows(), args.within, include_overdue=args.overdue)
    if args.command == "due":
        if not rows:
            print(f"{args.within} 个工作日内没有到期的容缺办件。")
        for row in rows:
            left = f"逾期 {-row.days_left} 个工作日" if row.overdue else f"剩 {row.days_left} 个工作日"
            print(
                f"{row.number}\t{row.deadline:%Y-%m-%d}\t{left}\t{row.applicant_name}\t{row.matter_name}\t"
                f"{'、'.join(row.missing)}"
            )
        return 0
    if not rows:
        print(f"{args.within} 个工作日内没有到期的容缺办件，无需催补。")
        return 0
    numbers = [row.number for row in rows]
    if args.method != "letter":  # a call or a text message is recorded, no letter is printed
        if args.out:
            raise UsageError("电话或短信催补不打印通知书，请去掉 --out")
        session.remind(numbers, method=args.method)
        how = "电话" if args.method == "phone" else "短信"
        print(f"已登记 {len(numbers)} 件办件的{how}催补: {'、'.join(numbers)}")
        return 0
    if not args.out:
        raise UsageError("书面催补需要 --out 指明催补通知书 PDF 的保存位置")
    out = check_output_path(Path(args.out))  # a missing folder is said before anything is done
    session.reminder_batch(numbers, out=out)  # the letters exist where asked before the print is recorded
    session.remind(numbers, method=args.method)  # and the reminders only after
    print(f"已输出 {len(numbers)} 份催补通知: {args.out}")
    return 0


def _export(session: CounterSession, args: argparse.Namespace) -> int:
    """Export the cases of a period to CSV or Excel, personal data masked, formulas defused (audited)."""
    rows = session.export_cases(Path(args.out), since=args.since, until=args.until).value
    print(f"已导出 {rows} 件办件到 {args.out}（证件号码和电话已遮盖）")
    return 0


def _audit(session: CounterSession, args: argparse.Namespace) -> int:
    """Verify the audit chain and the register against it (exit 1 at the first broken record or at any
    case that differs from its events, each named with the field), or print the head and record count."""
    if args.audit_action == "head":
        state = session.audit_head()
        print(f"链头 {state.head}，共 {state.count} 条记录")
        return 0
    head, _, printed_count = (args.head or "").partition("·")  # the footer prints 校验：head·count
    if printed_count and args.count is not None and int(printed_count) != args.count:
        raise UsageError(f"--head 中的记录条数 {printed_count} 与 --count {args.count} 不一致")
    count = int(printed_count) if printed_count else args.count
    report = session.verify_audit()
    if report.ok and head:
        try:
            printed = session.check_printed_head(head, count)
        except ValueError as error:  # the parser checks the head already; this is the service's word
            raise UsageError(str(error)) from None
        if not printed.ok:
            report = printed
        else:
            at = f"（第 {count} 条记录）" if count is not None else ""
            print(f"文书上打印的链头 {head}{at or ' '}仍在审计链上")
    for line in report.findings:  # the register compared with the trail, case by case
        print(line, file=sys.stderr if not report.ok else sys.stdout)
    if not report.ok:
        if report.first_broken or not report.findings:
            where = f"在第 {report.first_broken} 条记录处" if report.first_broken else ""
            print(f"审计链{where}断裂：{report.reason}", file=sys.stderr)
        else:
            print(report.reason, file=sys.stderr)
        return 1
    print(
        f"审计链完整：{report.count} 条记录，链头 {report.head}；"
        f"登记簿与审计记录相符（核对 {report.cases_checked} 件办件）"
    )
    return 0
