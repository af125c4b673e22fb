"""Command line: ``hallapp`` opens the window; sub-commands work over the same counter session.

Options for every command: --data-dir DIR, --database-url URL, --catalogue-dir DIR, --user USER.

hallapp                                             the counter window
hallapp search QUERY [--limit N] [--department CODE] [--deferrable] [--instant] [--delegated]
hallapp show CODE                                   print a guide (办事指南)
hallapp catalogue check [DIR] | load [DIR] [--force]   check the catalogue files, or load them (admin)
hallapp catalogue import FILE [--format exchange-json|xlsx|list] [--mapping FILE] [--dry-run] [--withdraw-missing]
                                                    preview a platform's export and apply it (admin)
hallapp catalogue export --out FILE.xlsx|FILE.json  the catalogue as Excel or national exchange data (admin)
hallapp receipt CASE_NO --out FILE.pdf [--kind K]   reprint a case's document (clerk, supervisor)
hallapp due [--within N] [--overdue]                deferred cases due soon (clerk, supervisor)
hallapp disclosure due [--within N] | report --year Y --out FILE.xlsx|FILE.pdf
                                                    disclosure requests due or waiting; the annual table
hallapp remind [--out FILE.pdf] [--within N] [--method letter|phone|sms] [--overdue]   and their reminders
hallapp licences import FILE | show ID_NUMBER       import e-licences (admin) or list someone's
hallapp card read [--adapter serial|sdtapi|fake] [--port PORT]   read one ID card, the number masked
hallapp queue next [--window W] [--adapter http|fake] [--url URL]   call the next ticket (下一位)
hallapp devices                                     this PC's card reader, queue caller, pad: do they answer
hallapp export --from DATE --to DATE --out FILE.csv|FILE.xlsx   the register, personal data masked (supervisor)
hallapp audit verify [--head H [--count N]] | head  check the audit chain (审计链) or print its head (auditor)
hallapp backup | restore [FILE]                     back up the SQLite database now; list or restore backups (admin)
hallapp accounts create-admin USER --name NAME [--window W]   the first administrator (no accounts yet)
hallapp accounts list | add USER --name NAME --role clerk|supervisor|admin|auditor [--window W]
hallapp accounts disable | enable | reset-password | unlock USER;  accounts set-role USER ROLE   (admin)

Who: search, show and catalogue check need nobody. Every other command signs in with --user; the password
comes from HALLAPP_PASSWORD or is asked, never from the command line. Before any account exists only
``accounts create-admin`` works (its password: HALLAPP_PASSWORD or asked twice). A new account's or a reset
password: HALLAPP_NEW_PASSWORD or asked twice. ``restore`` works without --user only when the database
cannot be opened (damaged); the restored database then records the restore as the system's, with the
computer's user name.

Exit status: 0 done; 1 refused, failed or nothing found (the reason on stderr); 2 a wrong command line.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable
from datetime import date
from typing import NoReturn

from hallapp.config import AppPaths, resolve_paths

log = logging.getLogger(__name__)

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)

# argparse's own sentences, in the words of the rest of the command line.
_ARGPARSE_WORDS = (
    (re.compile(r"^the following arguments are required: (.*)$"), r"缺少参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"无法识别的参数：\1"),
    (re.compile(r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$"), r"\1 不能是 \2，可选：\3"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"\1 后面缺少值"),
    (re.compile(r"^argument (\S+): (.*)$"), r"\1：\2"),
    (re.compile(r"^invalid choice: (.*?) \(choose from (.*)\)$"), r"不能是 \1，可选：\2"),
)


class _Parser(argparse.ArgumentParser):
    """Says what is wrong in Chinese and exits with 2 (caught in ``main``, which returns it)."""

    def error(self, message: str) -> NoReturn:
        for pattern, words in _ARGPARSE_WORDS:
            if pattern.match(message):
                message = pattern.sub(words, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：{message}\n（用法：{self.prog} --help）\n")


def _common() -> _Parser:
    common = _Parser(add_help=False)
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
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，例如 2026-11-27，而不是「{text}」") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(f"日期应在 {FIRST_DAY} 至 {LAST_DAY} 之间，而不是 {text}")
    return day


def _whole(low: int, high: int) -> Callable[[str], int]:
    """A whole number between ``low`` and ``high``: anything else is refused before any work starts."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"应为整数，而不是「{text[:40]}」") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"应在 {low} 到 {high} 之间，而不是 {text[:40]}")
        return value

    return parse


def _head(text: str) -> str:
    """A head as printed: "1a2b…" or the footer's whole "校验：1a2b…·1234" (head·count); "head" or
    "head·count" back."""
    printed = re.fullmatch(
        r"(?:校验[:：]\s*)?([0-9a-f]{8,64})(?:\s*[·・./-]\s*(\d{1,12}))?", text.strip().lower()
    )
    if printed is None:
        raise argparse.ArgumentTypeError(
            f"链头应为 8 至 64 位十六进制数字（0-9、a-f），而不是「{text[:70]}」"
        )
    head, count = printed.groups()
    return f"{head}·{count}" if count else head


def build_parser() -> argparse.ArgumentParser:
    from hallapp.commands_accounts import add_parsers as add_account_parsers
    from hallapp.commands_devices import add_card_parser, add_devices_parser
    from hallapp.commands_disclosure import add_parsers as add_disclosure_parsers
    from hallapp.commands_queue import add_parsers as add_queue_parsers

    common = _common()
    parser = _Parser(prog="hallapp", description="HallApp 政务服务窗口助手", parents=[common])
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    search = commands.add_parser("search", parents=[common], help="search the catalogue (public)")
    search.add_argument("query")
    search.add_argument("--limit", type=_whole(1, 1000), default=10, metavar="N")
    search.add_argument("--department", help="department code, e.g. rsj")
    search.add_argument("--deferrable", action="store_true", help="only 容缺受理 matters")
    search.add_argument("--instant", action="store_true", help="only 秒批 matters")
    search.add_argument(
        "--delegated", action="store_true", help="only matters delegated to community centres"
    )
    show = commands.add_parser("show", parents=[common], help="print the guide of a matter (public)")
    show.add_argument("code")
    commands.add_parser(
        "backup",
        parents=[common],
        help="back up the SQLite database now and verify the copy (administrator, audited)",
    )
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="list the backups, or restore one (administrator, audited)",
        description="List the backups, or put one in place of the database: as an administrator (--user), "
        "recorded in the restored database's audit trail with their name. When the database cannot be opened "
        "(damaged), nobody can sign in against it: then both work without --user, and the restored database "
        "records the restore as done by the system, with this computer's user name. Close HallApp on every "
        "counter first.",
    )
    restore.add_argument(
        "file", nargs="?", help="the backup to restore (a path, or a name in the backup folder)"
    )
    catalogue = commands.add_parser(
        "catalogue",
        parents=[common],
        help="check the catalogue files (no sign-in), or load them; import or export a catalogue file "
        "(administrator)",
    )
    catalogue.add_argument("action", choices=["check", "load", "import", "export"])
    catalogue.add_argument(
        "folder",
        nargs="?",
        metavar="FOLDER|FILE",
        help="check/load: catalogue folder (default: the shipped data/); import: FILE",
    )
    catalogue.add_argument("--force", action="store_true", help="load even if the files did not change")
    catalogue.add_argument(
        "--format",
        choices=["exchange-json", "xlsx", "list"],
        help="import: the file's kind (default: by name)",
    )
    catalogue.add_argument("--mapping", help="import: a code mapping file (.toml) for the source's codes")
    catalogue.add_argument(
        "--dry-run", action="store_true", help="import: print the preview only, write nothing"
    )
    catalogue.add_argument(
        "--withdraw-missing",
        action="store_true",
        help="import: withdraw the matters the file does not list (never without this)",
    )
    catalogue.add_argument("--out", help="export: FILE.xlsx or FILE.json")
    working_days = _whole(0, 250)
    due = commands.add_parser("due", parents=[common], help="deferred cases due within N working days")
    due.add_argument("--within", type=working_days, default=3, metavar="N")
    due.add_argument("--overdue", action="store_true", help="also list the overdue ones")
    remind = commands.add_parser("remind", parents=[common], help="print the reminders of the cases due soon")
    remind.add_argument("--within", type=working_days, default=3, metavar="N")
    remind.add_argument("--out", help="where to write the batch PDF (letters only)")
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
    licence_actions = licences.add_subparsers(dest="licences_action", required=True, metavar="ACTION")
    licence_import = licence_actions.add_parser(
        "import", parents=[common], help="import a CSV or JSON file (administrator)"
    )
    licence_import.add_argument("file", help="see data/README.md for the columns")
    licence_show = licence_actions.add_parser("show", parents=[common], help="list the licences of a holder")
    licence_show.add_argument("id_number", help="resident ID number or unified social credit code")
    export = commands.add_parser(
        "export", parents=[common], help="export the cases received in a period (supervisor, audited)"
    )
    export.add_argument("--from", dest="since", required=True, type=_day, help="YYYY-MM-DD")
    export.add_argument("--to", dest="until", required=True, type=_day, help="YYYY-MM-DD")
    export.add_argument("--out", required=True, help="a .csv or .xlsx file")
    audit = commands.add_parser(
        "audit", parents=[common], help="the audit chain (审计链): verify, head (audit administrator)"
    )
    audit_actions = audit.add_subparsers(dest="audit_action", required=True, metavar="ACTION")
    audit_verify = audit_actions.add_parser("verify", parents=[common], help="check every link of the chain")
    audit_verify.add_argument(
        "--head",
        type=_head,
        help="also check a head printed on a document (16 hex digits, 8 on old papers; "
        "or the footer's 校验：head·count as printed)",
    )
    audit_verify.add_argument(
        "--count", type=_whole(0, 10**12), metavar="N", help="the record count printed with that head"
    )
    audit_actions.add_parser("head", parents=[common], help="print the current head and record count")
    add_account_parsers(commands, common)
    add_disclosure_parsers(commands, common, working_days)
    add_card_parser(commands, common)
    add_devices_parser(commands, common)
    add_queue_parsers(commands, common)
    return parser


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What one option says about another: refused like any wrong argument (exit 2)."""
    if args.command == "export" and args.until < args.since:
        parser.error(f"--to {args.until} 早于 --from {args.since}：结束日期不能早于开始日期")
    if args.command == "audit" and args.audit_action == "verify" and args.count is not None and not args.head:
        parser.error("--count 是打印在文书上的链头的记录条数，只能与 --head 一起使用")
    if args.command == "catalogue" and args.action == "import" and not args.folder:
        parser.error("缺少要导入的文件：hallapp catalogue import 文件")
    if args.command == "catalogue" and args.action == "export" and not args.out:
        parser.error("缺少 --out：导出到哪个文件（.xlsx 或 .json）")
    if args.command in ("search", "show"):
        given = args.query if args.command == "search" else args.code
        if not given.strip():
            parser.error("查找内容为空：请给出事项名称、拼音首字母或事项编码")
    data_dir = getattr(args, "data_dir", None)
    if data_dir:
        from pathlib import Path

        folder = Path(data_dir).expanduser()
        if folder.exists() and not folder.is_dir():
            parser.error(f"--data-dir {data_dir} 是一个文件，不是文件夹")
        blocking = next((p for p in folder.parents if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            parser.error(f"--data-dir {data_dir}：其中的 {blocking} 是一个文件，不是文件夹")


def _paths(args: argparse.Namespace) -> AppPaths:
    return resolve_paths(
        getattr(args, "data_dir", None),
        getattr(args, "database_url", None),
        getattr(args, "catalogue_dir", None) or _catalogue_folder(args),
    )


def _catalogue_folder(args: argparse.Namespace) -> str | None:
    """``catalogue check|load DIR`` names a catalogue folder; ``catalogue import FILE`` names a file."""
    return getattr(args, "folder", None) if getattr(args, "action", None) in ("check", "load") else None


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        _check(parser, args)
    except SystemExit as done:  # --help (0) or a wrong argument (2), already explained by the parser
        return done.code if isinstance(done.code, int) else 2
    paths = _paths(args)
    if args.command is None:
        from hallapp.ui.app import run

        return run(paths)
    if (refused := _unusable_data_dir(paths)) is not None:
        print(f"hallapp：{refused}", file=sys.stderr)
        return 2
    try:
        return _run(args, paths)
    except KeyboardInterrupt:
        print("\n已取消。", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - every failure ends in words, never a traceback
        return _failed(args, error)


def _unusable_data_dir(paths: AppPaths) -> str | None:
    """Why the data folder cannot be used (cannot be created, e.g. no permission), or None."""
    from hallapp.errors import os_reason

    try:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"无法使用数据目录 {paths.data_dir}（--data-dir 或 HALLAPP_DATA_DIR）：{os_reason(error)}"
    return None


def _run(args: argparse.Namespace, paths: AppPaths) -> int:
    from hallapp import commands

    if args.command == "restore" and args.file:
        return _restore_alone(args, paths)
    if args.command == "catalogue" and args.action in ("import", "export"):
        from hallapp import commands_catalogue

        return commands_catalogue.run(args, paths)
    if args.command == "disclosure":
        from hallapp import commands_disclosure

        return commands_disclosure.run(args, paths)
    if args.command == "card":
        from hallapp import commands_devices

        return commands_devices.card_read(args)
    if args.command == "devices":
        from hallapp import commands_devices

        return commands_devices.devices(args)
    if args.command == "queue":
        from hallapp import commands_queue

        return commands_queue.run(args)
    return commands.run(args, paths)


def _failed(args: argparse.Namespace, error: Exception) -> int:
    """Put a failure into words once: a wrong command line (2), a refusal (1), a fault (1, logged with
    its traceback under the reference the person is shown; its own text may hold personal data)."""
    from hallapp.commands import UsageError
    from hallapp.errors import describe, is_expected, log_failure, os_reason

    what = " ".join(filter(None, (args.command, getattr(args, f"{args.command}_action", None))))
    if isinstance(error, UsageError):
        print(f"hallapp：{describe(error)}", file=sys.stderr)
        return 2
    if isinstance(error, OSError) and error.filename and not is_expected(error):
        print(f"无法读写文件 {error.filename}：{os_reason(error)}。", file=sys.stderr)
        return 1
    if logging.getLogger().handlers:  # never the last-resort handler: it would print the traceback
        log_failure(log, error, f"hallapp {what}")
    print(describe(error), file=sys.stderr)
    return 1


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
