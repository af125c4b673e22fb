"""Command line: ``hallapp`` opens the window; sub-commands work over the same services.

hallapp [--data-dir DIR] [--database-url URL]        the counter window
hallapp search QUERY [--limit N] [--department CODE] [--deferrable] [--instant] [--delegated]
hallapp show CODE                                   print a guide (办事指南)
hallapp backup | restore [FILE]                     back up the SQLite database now; list or restore backups
hallapp catalogue check [DIR] | load [--force]      check or load the catalogue files
hallapp receipt CASE_NO --out FILE.pdf [--kind K]  reprint a case's document
hallapp licences import FILE | show ID_NUMBER      import e-licences (CSV/JSON) or list someone's
hallapp audit verify [--head H [--count N]] | head  check the audit chain (审计链) or print its head
hallapp export --from DATE --to DATE --out FILE.csv|FILE.xlsx   the register, personal data masked
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from hallapp.config import AppPaths, resolve_paths


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", default=argparse.SUPPRESS, help="keep the database, index and logs here"
    )
    common.add_argument(
        "--database-url", default=argparse.SUPPRESS, help="e.g. postgresql+psycopg://user@host/db"
    )
    common.add_argument(
        "--catalogue-dir", default=argparse.SUPPRESS, help="catalogue files to load (default: data/)"
    )
    common.add_argument(
        "--user",
        default=argparse.SUPPRESS,
        help="sign in as this account (password from HALLAPP_PASSWORD or asked)",
    )
    return common


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，例如 2026-11-27，而不是「{text}」") from None


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="hallapp", description="HallApp 政务服务窗口助手", parents=[common])
    commands = parser.add_subparsers(dest="command")
    search = commands.add_parser("search", parents=[common], help="search the catalogue")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--department", help="department code, e.g. rsj")
    search.add_argument("--deferrable", action="store_true", help="only 容缺受理 matters")
    search.add_argument("--instant", action="store_true", help="only 秒批 matters")
    search.add_argument(
        "--delegated", action="store_true", help="only matters delegated to community centres"
    )
    show = commands.add_parser("show", parents=[common], help="print the guide of a matter")
    show.add_argument("code")
    commands.add_parser(
        "backup", parents=[common], help="back up the SQLite database now and verify the copy"
    )
    restore = commands.add_parser("restore", parents=[common], help="list the backups, or restore one")
    restore.add_argument(
        "file", nargs="?", help="the backup to restore (a path, or a name in the backup folder)"
    )
    catalogue = commands.add_parser("catalogue", parents=[common], help="check or load the catalogue files")
    catalogue.add_argument("action", choices=["check", "load"])
    catalogue.add_argument("folder", nargs="?", help="catalogue folder (default: the shipped data/)")
    catalogue.add_argument("--force", action="store_true", help="load even if the files did not change")
    due = commands.add_parser("due", parents=[common], help="deferred cases due within N working days")
    due.add_argument("--within", type=int, default=3, metavar="N")
    due.add_argument("--overdue", action="store_true", help="also list the overdue ones")
    remind = commands.add_parser("remind", parents=[common], help="print the reminders of the cases due soon")
    remind.add_argument("--within", type=int, default=3, metavar="N")
    remind.add_argument("--out", required=True, help="where to write the batch PDF")
    remind.add_argument("--method", choices=["letter", "phone", "sms"], default="letter")
    remind.add_argument("--overdue", action="store_true", help="include the overdue ones")
    receipt = commands.add_parser("receipt", parents=[common], help="reprint a document of a case")
    receipt.add_argument("number", help="case number (受理编号) or one-time notice number")
    receipt.add_argument("--out", required=True, help="where to write the PDF")
    receipt.add_argument(
        "--kind",
        choices=["receipt", "deferral_commitment", "deferral_notice", "one_time_notice"],
        help="which document (default: the case's main one)",
    )
    licences = commands.add_parser("licences", parents=[common], help="e-licences (电子证照): import, show")
    licence_actions = licences.add_subparsers(dest="licences_action", required=True)
    licence_import = licence_actions.add_parser("import", parents=[common], help="import a CSV or JSON file")
    licence_import.add_argument("file", help="see data/README.md for the columns")
    licence_show = licence_actions.add_parser("show", parents=[common], help="list the licences of a holder")
    licence_show.add_argument("id_number", help="resident ID number or unified social credit code")
    export = commands.add_parser("export", parents=[common], help="export the cases received in a period")
    export.add_argument("--from", dest="since", required=True, type=_day, help="YYYY-MM-DD")
    export.add_argument("--to", dest="until", required=True, type=_day, help="YYYY-MM-DD")
    export.add_argument("--out", required=True, help="a .csv or .xlsx file")
    audit = commands.add_parser("audit", parents=[common], help="the audit chain (审计链): verify, head")
    audit_actions = audit.add_subparsers(dest="audit_action", required=True)
    audit_verify = audit_actions.add_parser("verify", parents=[common], help="check every link of the chain")
    audit_verify.add_argument("--head", help="also check a head printed on a document (8 hex digits)")
    audit_verify.add_argument("--count", type=int, help="the record count printed with that head")
    audit_actions.add_parser("head", parents=[common], help="print the current head and record count")
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    paths = resolve_paths(
        getattr(args, "data_dir", None),
        getattr(args, "database_url", None),
        getattr(args, "catalogue_dir", None) or getattr(args, "folder", None),
    )
    if args.command is None:
        from hallapp.ui.app import run

        return run(paths)
    from hallapp import commands

    if args.command == "restore" and args.file:
        return _restore_alone(args, paths)
    return commands.run(args, paths)


def _restore_alone(args: argparse.Namespace, paths: AppPaths) -> int:
    """Replacing the database under a running window would lose its work: refuse while a window holds
    the data folder, and hold it meanwhile so no window opens half-way through. Other commands run
    beside the window (the clerk's ``hallapp due``) and never ask for the folder."""
    from hallapp import commands
    from hallapp.instance_lock import FolderInUse, InstanceLock

    try:
        with InstanceLock(paths.data_dir, purpose="restore"):
            return commands.run(args, paths)
    except FolderInUse as busy:
        if busy.purpose == "restore":
            print(f"数据目录 {busy.data_dir} 正在恢复另一个备份，请等它完成后再试。", file=sys.stderr)
        else:
            print(
                f"数据目录 {busy.data_dir} 正由 HallApp 窗口使用，现在不能恢复备份。"
                "请先关闭使用该数据目录的 HallApp 窗口，再运行 hallapp restore。",
                file=sys.stderr,
            )
        return 1


if __name__ == "__main__":
    sys.exit(main())
