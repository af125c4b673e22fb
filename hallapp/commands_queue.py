"""``hallapp queue next [--window W] [--adapter http|fake] [--url URL]``: call the next ticket from the shell.

An administrator setting a counter up uses it to see that the queue system answers for this window. The
queue system comes from this PC's settings (``queue_source``, ``queue_url``, ``queue_timeout_ms`` in
``station.json``) unless ``--url`` (the HTTP adapter at that address) or ``--adapter fake`` (a demo
queue) names one; the window is ``--window`` or this PC's window number.

It calls a real applicant, as 下一位 does, and touches nothing in HallApp's database, so it signs nobody
in. Exit status: 0 a ticket was called; 1 nobody waiting, no queue system configured, or it did not
answer (the reason on stderr). A configured or given value is echoed escaped and shortened, and the
adapter's log records go to the log file, not to the console (``commands_devices``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hallapp.commands_devices import quiet_console, safe
from hallapp.devices.queue import QueueCaller, QueueError, Ticket
from hallapp.devices.queue_factory import QueueSettings, make_queue_caller, queue_settings_of
from hallapp.services.station_checks import shown, url_problems

NOT_CONFIGURED = (
    "本机未配置排队叫号系统（本机设置中的 queue_source 为 off）。"
    "设置时可用 --url http://地址 直接试叫，或用 --adapter fake 演示。"
)
STATION_WINDOW_HINT = "请核对本机设置中的窗口号"  # what the adapters say of a window the system does not know


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The ``queue`` sub-commands (kept beside their code, so ``cli.py`` stays one screen per part)."""
    queue = commands.add_parser("queue", parents=[common], help="queue calling (排队叫号): next")
    actions = queue.add_subparsers(dest="queue_action", required=True, metavar="ACTION")
    call = actions.add_parser("next", parents=[common], help="call the next ticket for a window (下一位)")
    call.add_argument("--window", metavar="W", help="the window number (default: this PC's)")
    call.add_argument("--adapter", choices=("http", "fake"), help="default: this PC's setting")
    call.add_argument("--url", help="the queue system's address, e.g. http://10.1.2.3:8080/queue")
    call.add_argument(
        "--timeout-ms", type=int, default=None, metavar="MS", help="give up after this long (200–10000)"
    )


def run(args: argparse.Namespace) -> int:
    """Dispatch ``hallapp queue ACTION``."""
    if args.queue_action == "next":
        return queue_next(args)
    raise ValueError(f"unknown queue action {args.queue_action!r}")


def _station(args: argparse.Namespace) -> object:
    from hallapp.config import resolve_paths
    from hallapp.services.station import read_station

    paths = resolve_paths(getattr(args, "data_dir", None))
    quiet_console(paths)
    station, warnings = read_station(Path(paths.data_dir))
    for warning in warnings:
        print(warning, file=sys.stderr)
    return station


def _settings(args: argparse.Namespace, station: object) -> QueueSettings:
    configured = queue_settings_of(station)
    url, adapter = getattr(args, "url", None), getattr(args, "adapter", None)
    timeout_ms = getattr(args, "timeout_ms", None)
    timeout = timeout_ms if timeout_ms is not None else configured.timeout_ms
    if url:
        return QueueSettings("http", url.strip(), timeout)  # checked whole in queue_next
    if adapter == "fake":
        return QueueSettings("fake", "", timeout)
    if adapter == "http" and configured.source != "http":
        return QueueSettings("http", configured.url, timeout)  # its URL's problem is said below
    return QueueSettings(configured.source, configured.url, timeout)


def _show(ticket: Ticket) -> str:
    issued = ticket.issued_at.strftime("%H:%M")
    return f"{ticket.number} {ticket.group}（{issued} 取号）→ {ticket.window} 号窗口"


def queue_next(args: argparse.Namespace) -> int:
    """Call the next ticket for the window and print it with how many are still waiting there."""
    station = _station(args)
    settings = _settings(args, station)
    problems = settings.problems()
    if not problems and settings.source == "http":
        problems = url_problems(
            "排队叫号系统地址",
            settings.url,
            ("http", "https"),
            "排队叫号系统地址应以 http:// 或 https:// 开头",
        )
    if problems:
        print(safe(f"排队叫号设置有误：{'；'.join(problems)}"), file=sys.stderr)
        return 1
    caller: QueueCaller | None = make_queue_caller(settings)
    if caller is None:
        print(NOT_CONFIGURED, file=sys.stderr)
        return 1
    given = (getattr(args, "window", None) or "").strip()
    window = given or (getattr(station, "window", "") or "").strip()
    try:
        ticket = caller.next(window)
    except QueueError as error:
        words = str(error)
        if given:  # the window came from the command line, not from this PC's settings
            words = words.replace(STATION_WINDOW_HINT, f"请核对窗口号 {shown(given)}")
        print(safe(words), file=sys.stderr)
        return 1
    if ticket is None:
        print(safe(f"{window} 号窗口目前无人等候（{caller.name}）。"), file=sys.stderr)
        return 1
    print(safe(_show(ticket)))
    try:
        print(safe(f"{ticket.window} 号窗口还有 {caller.waiting(ticket.window)} 人等候（{caller.name}）"))
    except QueueError as error:  # the ticket is called: only the count is missing
        print(safe(f"已叫号，但等候人数未能取得：{error}"), file=sys.stderr)
    return 0
