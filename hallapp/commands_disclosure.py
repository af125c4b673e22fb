"""``hallapp disclosure due --within N`` and ``hallapp disclosure report --year Y --out FILE.xlsx|.pdf``:
the disclosure requests (依申请公开) through the counter session of ``--user``.

``due`` lists the open requests due within N working days, the overdue ones and those waiting for a
correction, an opinion or a payment, most urgent first; no ID number is printed (one inside a
description is masked). ``report`` writes the year's table 收到和处理政府信息公开申请情况 and prints its
cross-check.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hallapp.config import AppPaths
from hallapp.domain.access import Permission

if TYPE_CHECKING:
    from hallapp.services.disclosure_inputs import DisclosureRow
    from hallapp.services.session import CounterSession

FIRST_YEAR, LAST_YEAR = 2008, 2999  # the 条例 took effect in 2008


def _year(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"年份应为四位数字，例如 2026，而不是「{text[:40]}」") from None
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"年份应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间，而不是 {value}")
    return value


def add_parsers(
    commands: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
    working_days: Callable[[str], int],
) -> None:
    """The ``disclosure`` sub-commands (kept beside their code)."""
    disclosure = commands.add_parser(
        "disclosure",
        parents=[common],
        help="disclosure requests (依申请公开): due, report (clerk, supervisor)",
    )
    actions = disclosure.add_subparsers(dest="disclosure_action", required=True, metavar="ACTION")
    due = actions.add_parser(
        "due",
        parents=[common],
        help="requests due within N working days, overdue, or waiting (correction, opinion, payment)",
    )
    due.add_argument("--within", type=working_days, default=3, metavar="N")
    report = actions.add_parser(
        "report", parents=[common], help="the annual table 收到和处理政府信息公开申请情况 as .xlsx or .pdf"
    )
    report.add_argument("--year", required=True, type=_year, metavar="Y")
    report.add_argument("--out", required=True, help="FILE.xlsx or FILE.pdf")


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Sign in as ``--user`` and list the due requests or write the report."""
    from hallapp.commands import open_installation, require, sign_in
    from hallapp.logs import setup_logging

    setup_logging(paths.log_dir)
    app = open_installation(paths)
    try:
        session = sign_in(app, args)
        require(session, Permission.DISCLOSURE)
        if args.disclosure_action == "report":
            return report(session, args)
        return due(session, args)
    finally:
        app.close()


def _left(row: DisclosureRow) -> str:
    if row.days_left is None:
        return "期限暂停" if row.deadline is not None else "待补正，期限未起算"
    if row.overdue:
        return f"逾期 {-row.days_left} 个工作日"
    return f"剩 {row.days_left} 个工作日"


def due(session: CounterSession, args: argparse.Namespace) -> int:
    """The requests to act on: due within ``--within`` working days, overdue, or waiting."""
    from hallapp.domain.disclosure import DisclosureState

    waiting = (DisclosureState.AWAITING_CORRECTION, DisclosureState.CONSULTING, DisclosureState.AWAITING_FEE)
    rows = [
        r
        for r in session.disclosure_board()
        if r.state.is_open and (r.overdue or r.due_within(args.within) or r.state in waiting)
    ]
    if not rows:
        print(f"{args.within} 个工作日内没有到期、逾期或等待中的政府信息公开申请。")
        return 0
    for row in rows:
        deadline = f"{row.deadline:%Y-%m-%d}" if row.deadline else "—"
        until = (
            f"（至 {row.waiting_until:%Y-%m-%d}）"
            if row.waiting_until and "至" not in row.status_label
            else ""
        )
        print(
            f"{row.number}\t{row.status_label}{until}\t{deadline}\t{_left(row)}\t"
            f"{row.applicant}（{row.requester_label}）\t{row.description}"
        )
    return 0


def report(session: CounterSession, args: argparse.Namespace) -> int:
    """Write the year's table and print its cross-check."""
    from hallapp.domain.disclosure_report import check_lines

    table = session.disclosure_report(args.year)
    written = session.export_disclosure_report(args.year, Path(args.out)).value
    print(f"已输出 {args.year} 年政府信息公开申请情况表: {written}")
    for line in check_lines(table):
        print(line)
    return 0
