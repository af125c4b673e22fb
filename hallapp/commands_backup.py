"""``hallapp backup`` and ``hallapp restore``: the administrator's backups, audited like the window's.

Both sign in as an administrator and go through the counter session, so the backup and the restore are
recorded with their name (the restore in the restored database, so its trail shows the jump).

One exception, because otherwise nothing could be done: when the database file is damaged it cannot be
opened, so nobody can sign in against it. Then ``restore`` lists the backups and ``restore FILE`` puts one
in place without sign-in — what the window's restore offer does at start — and the restored database
records the restore as done by the system, with this computer's user name in the detail.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hallapp.config import AppPaths
from hallapp.domain.access import Permission

if TYPE_CHECKING:
    from hallapp.services.backups import DatabaseDamaged, RestoreResult
    from hallapp.services.continuity import ContinuityReport
    from hallapp.services.session import CounterSession

CLOSE_OTHERS = "注意：恢复前请先在所有窗口关闭 HallApp，否则正在办理的业务会写入被替换的数据库。"


def backup(session: CounterSession, args: argparse.Namespace) -> int:
    """Copy and verify the database now (administrator, audited)."""
    print(f"已备份并校验: {session.backup_now().value}")
    return 0


def restore(session: CounterSession, args: argparse.Namespace) -> int:
    """List the backups, or put FILE in place of the database (administrator, audited)."""
    from hallapp.commands import require
    from hallapp.services.backups import POSTGRES_MESSAGE, BackupError

    require(session, Permission.BACKUP)
    paths = session.paths
    if paths.database_file is None:
        raise BackupError(POSTGRES_MESSAGE)
    if not args.file:
        return _list(paths, hint=f" --user {session.principal.username}")
    print(CLOSE_OTHERS, file=sys.stderr)
    _report(session.restore(_chosen(paths, args.file)).value)
    _say_numbering(session.context.continuity)
    return 0


def restore_unattended(args: argparse.Namespace, paths: AppPaths, damaged: DatabaseDamaged) -> int:
    """The database does not open, so nobody can sign in: list the backups, or restore FILE and record it
    in the restored database as the system's doing, naming the computer's user."""
    from hallapp.services.backups import DatabaseBehind
    from hallapp.services.backups import restore as restore_file

    print(damaged.problem, file=sys.stderr)
    if isinstance(damaged, DatabaseBehind):
        # The database opens (the loss is recorded now): restoring is an administrator's signed-in act.
        print(
            "数据库可以打开：请以管理员身份登录后再恢复：hallapp restore [文件] --user 用户名",
            file=sys.stderr,
        )
        return 1
    if not args.file:
        return _list(paths, hint="（数据库无法打开，恢复无需登录）")
    os_user = _os_user()
    print(
        "数据库无法打开，因此无法登录：本次恢复不经登录进行，恢复后的数据库将记为“系统”所做，"
        f"并记下本机用户名 {os_user}。",
        file=sys.stderr,
    )
    print(CLOSE_OTHERS, file=sys.stderr)
    chosen = _chosen(paths, args.file)
    print(_numbering_after(paths, [chosen]).get(chosen, ""), file=sys.stderr)
    result = restore_file(paths, chosen)
    _record_unattended_restore(paths, result, os_user)
    _report(result)
    return 0


def _record_unattended_restore(paths: AppPaths, result: RestoreResult, os_user: str) -> None:
    """Open the restored database (upgrading an older one) and add the restore to its audit trail.

    The counter session cannot do this (nobody signed in), so it is the one place the command line writes
    an audit event itself, as ``SYSTEM``.
    """
    from hallapp.commands import DamagedDatabase, open_installation
    from hallapp.domain.access import SYSTEM
    from hallapp.services.backups import DatabaseBehind
    from hallapp.store import audit_repo
    from hallapp.store.db import UnitOfWork

    try:
        app = open_installation(paths)
    except DamagedDatabase as behind:
        if not isinstance(behind.damaged, DatabaseBehind):
            raise
        # The restored copy lacks what was issued since: recorded, numbering moved above it; say so.
        print(behind.damaged.report.message(), file=sys.stderr)
        app = open_installation(paths)
    try:
        with UnitOfWork(app.engine, write=True, principal=SYSTEM) as uow:
            audit_repo.record(
                uow.session,
                actor=uow.actor,
                action="backup.restore",
                object_type="backup",
                object_id=result.backup.name[:60],
                unattended=True,
                reason="database_damaged",
                os_user=os_user,
            )
            uow.commit()
    finally:
        app.close()


def _os_user() -> str:
    """Who is logged in to this computer, as far as the system says."""
    try:
        return getpass.getuser()[:60] or "?"
    except Exception:  # noqa: BLE001 - no user name known (no login name, no passwd entry)
        return "?"


def _chosen(paths: AppPaths, name: str) -> Path:
    """A path as given, or the name of a file in the backup folder."""
    chosen = Path(name)
    if not chosen.exists() and (paths.backup_dir / name).exists():
        chosen = paths.backup_dir / name
    return chosen


def _list(paths: AppPaths, *, hint: str = "") -> int:
    from hallapp.store.backup import list_backups

    backups = list_backups(paths.backup_dir)
    if not backups:
        print(f"备份文件夹 {paths.backup_dir} 里没有备份。", file=sys.stderr)
        return 1
    following = _numbering_after(paths, [item.path for item in backups])
    for item in backups:
        state = {True: "已校验", False: "校验未通过", None: "未校验"}[item.verified]
        print(f"{item.taken_at:%Y-%m-%d %H:%M:%S}\t{item.size / 1048576:.1f} MB\t{state}\t{item.path}")
        print(f"\t{following.get(item.path, '')}")
    print(f"恢复: hallapp restore 文件{hint}", file=sys.stderr)
    return 0


def _report(result: RestoreResult) -> None:
    print(f"已用 {result.backup.name} 恢复数据库 {result.database_file}")
    for moved in result.set_aside:
        print(f"原文件已移到: {moved}")


def _numbering_after(paths: AppPaths, backups: list[Path]) -> dict[Path, str]:
    """Where numbering continues if each backup is restored: above every number ever issued."""
    from hallapp.services.bootstrap import issue_journal
    from hallapp.services.restore_numbering import numbering_after_restore

    return numbering_after_restore(paths.data_dir, issue_journal(paths), backups)


def _say_numbering(report: ContinuityReport | None) -> None:
    """After a restore: what the restored copy lacks (recorded in its trail) and where numbering goes on."""
    from hallapp.services.continuity import numbering_sentence

    if report is None:
        return
    if report.loss:
        print(report.message(), file=sys.stderr)
    else:
        print(numbering_sentence(report.next_numbers, prefix="恢复后受理编号将从") + "。")


def say_loss(report: ContinuityReport) -> None:
    """The command line opened a database behind what was issued: say what is missing, then go on (the
    loss is in the audit trail and numbering continues above every number issued)."""
    print(report.message(), file=sys.stderr)
    print("可用 hallapp restore --user 管理员 列出备份并恢复。", file=sys.stderr)
