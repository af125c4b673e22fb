"""A queue system speaking docs/queue-contract.md, served on 127.0.0.1 by a thread: the peer that
``HttpQueueCaller`` is tested against. Written from the contract, apart from the fake, so the two check it.

Switches for the failures a counter meets: ``down()`` (nothing listens: connections are refused),
``drop`` (the next N connections are closed without an answer), ``slow`` (the answer comes this many
seconds late, after the call has been done), ``fail_status`` (every answer is that HTTP error) and
``garbage`` (200 with this body instead of JSON of the contract).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.http_fakes import QuietServer, send_json

HALL_TIME = timezone(timedelta(hours=8))
BASE_PATH = "/queue"


@dataclass
class _Ticket:
    number: str
    group: str
    issued_at: datetime
    state: str = "waiting"  # waiting | called | skipped | done
    window: str = ""
    to_window: str = ""
    cases: list[str] = field(default_factory=list)
    recalls: int = 0

    def json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "group": self.group,
            "issued_at": self.issued_at.isoformat(),
            "window": self.window or None,
            "state": self.state,
        }


@dataclass
class QueueState:
    """What the queue system holds, its switches, and every request it received (method, path, body)."""

    groups: dict[str, str] = field(default_factory=lambda: {"A": "综合受理", "B": "社保医保"})
    windows: dict[str, tuple[str, ...]] = field(default_factory=lambda: {"01": ("A", "B"), "02": ("A",)})
    tickets: dict[str, _Ticket] = field(default_factory=dict)
    request_ids: dict[str, str | None] = field(default_factory=dict)  # request id -> ticket number called
    received: list[tuple[str, str, Any]] = field(default_factory=list)
    drop: int = 0
    slow: float = 0.0
    fail_status: int = 0
    garbage: bytes | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, prefix: str) -> str:
        count = 1 + sum(1 for number in self.tickets if number.startswith(prefix))
        number = f"{prefix}{count:03d}"
        issued = datetime(2026, 12, 1, 9, 0, tzinfo=HALL_TIME) + timedelta(minutes=len(self.tickets))
        self.tickets[number] = _Ticket(number, self.groups[prefix], issued)
        return number

    def calls_to(self, suffix: str) -> int:
        return sum(1 for _, path, _ in self.received if path.endswith(suffix))

    # --- the contract ----------------------------------------------------------------------------------

    def handle(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        parts = [urllib.parse.unquote(p) for p in path.removeprefix(BASE_PATH).strip("/").split("/")]
        if len(parts) == 3 and parts[0] == "windows" and parts[1] not in self.windows:
            return 404, _error("no_such_window")
        if parts[:1] == ["windows"] and len(parts) == 3:
            window = parts[1]
            if parts[2] == "waiting" and method == "GET":
                return 200, {"waiting": sum(1 for t in self.tickets.values() if self._waits(t, window))}
            if parts[2] == "next" and method == "POST":
                return self._next(window, body)
        if parts[:1] == ["tickets"] and len(parts) == 3 and method == "POST":
            ticket = self.tickets.get(parts[1])
            if ticket is None:
                return 404, _error("no_such_ticket")
            return self._act(ticket, parts[2], body)
        return 404, _error("no_such_path")

    def _waits(self, ticket: _Ticket, window: str) -> bool:
        if ticket.state != "waiting":
            return False
        return ticket.to_window == window if ticket.to_window else ticket.number[0] in self.windows[window]

    def _next(self, window: str, body: Any) -> tuple[int, Any]:
        request_id = body.get("request_id") if isinstance(body, dict) else None
        if not isinstance(request_id, str) or not 8 <= len(request_id) <= 64:
            return 400, _error("bad_request")
        if request_id in self.request_ids:  # a repeat: the same answer, nobody else called
            number = self.request_ids[request_id]
            return 200, {"ticket": None if number is None else self.tickets[number].json()}
        for ticket in self.tickets.values():
            if ticket.state == "called" and ticket.window == window:
                ticket.state = "done"
        waiting = [t for t in self.tickets.values() if self._waits(t, window)]
        waiting = [t for t in waiting if t.to_window] or waiting
        chosen = min(waiting, key=lambda t: t.issued_at, default=None)
        if chosen is not None:
            chosen.state, chosen.window, chosen.to_window = "called", window, ""
        self.request_ids[request_id] = None if chosen is None else chosen.number
        return 200, {"ticket": None if chosen is None else chosen.json()}

    def _act(self, ticket: _Ticket, action: str, body: Any) -> tuple[int, Any]:
        if action not in ("recall", "skip", "transfer", "link"):
            return 404, _error("no_such_path")
        if not isinstance(body, dict) or not isinstance(body.get("window"), str):
            return 400, _error("bad_request")
        if action == "link":
            case = body.get("case_number")
            if not isinstance(case, str) or not case:
                return 400, _error("bad_request")
            if case not in ticket.cases:
                ticket.cases.append(case)
            return 200, {"ticket": ticket.json()}
        if ticket.state != "called" or ticket.window != body["window"]:
            return 409, _error("ticket_state")
        if action == "recall":
            ticket.recalls += 1
        elif action == "skip":
            ticket.state = "skipped"
        else:
            target = body.get("to_window")
            if target not in self.windows:
                return 404, _error("no_such_window")
            ticket.state, ticket.window, ticket.to_window = "waiting", "", str(target)
        return 200, {"ticket": ticket.json()}


def _error(code: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": code.replace("_", " ")}}


def _handler(state: QueueState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            with state.lock:
                if state.drop:
                    state.drop -= 1
                    self.close_connection = True
                    return  # closed without a word: the client sees the connection end
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            with state.lock:
                state.received.append((self.command, self.path, body))
                if state.fail_status:
                    status, answer = state.fail_status, _error("internal")
                else:
                    status, answer = state.handle(self.command, self.path, body)
                data = state.garbage if state.garbage is not None and status == 200 else None
                delay = state.slow
            if data is None:
                data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            if delay:
                time.sleep(delay)
            send_json(self, status, data)

        do_GET = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class QueueServer:
    """The running server: ``url`` for the adapter, ``state`` for the test, ``down()`` to stop listening."""

    def __init__(self, state: QueueState) -> None:
        self.state = state
        self.port = 0
        self._running = False
        self.up()

    def up(self) -> None:
        """Listen (again, after ``down()``: at the same address, with the same tickets, as a queue system
        restarted)."""
        if self._running:
            return
        self._server = QuietServer(("127.0.0.1", self.port), _handler(self.state))
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self._running = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{BASE_PATH}"

    def down(self) -> None:
        """Stop listening: every connection from now on is refused."""
        if self._running:
            self._running = False
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=2)


@contextmanager
def running_queue(state: QueueState | None = None) -> Iterator[QueueServer]:
    """A queue server for the length of the ``with`` block."""
    server = QueueServer(state or QueueState())
    try:
        yield server
    finally:
        server.down()


@contextmanager
def refused_url() -> Iterator[str]:
    """A queue address where nothing listens (bound, not listening: connections are refused) for the
    whole block, so no other process (another xdist worker's server) can be handed the port meanwhile."""
    import socket

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}{BASE_PATH}"
    finally:
        sock.close()
