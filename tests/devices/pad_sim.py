"""A simulated evaluation pad speaking docs/pad-contract.md: a WebSocket server on 127.0.0.1 in a thread,
the peer ``WebSocketPad`` is tested against. Written from the contract, apart from the adapter.

What the applicant does is ``behaviour`` (for every rating request until changed):
``answer`` (rate with ``level``/``indicators``/``comment``), ``skip``, ``late`` (answer after ``delay``
seconds), ``never`` (no answer at all), ``drop`` (the connection cut without a close frame), ``garbage``
(``raw`` sent instead of an answer), ``raw`` (``raw`` sent as the answer, e.g. a pad's error). ``stale``
sends an answer for an older request id first; ``rating_id`` answers for another service;
``hold_handshake`` keeps a new connection waiting in its handshake until the test sets it. ``pong`` False: pings are not answered. ``down()``
stops listening. ``received`` is every message the pad got; ``closed`` is set when a connection ends.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request
from websockets.sync.server import ServerConnection, serve

MODEL, VERSION = "SIM-PAD 7", "2.1.0"


@dataclass
class PadState:
    behaviour: str = "answer"
    level: int | None = 5
    indicators: list[str] = field(default_factory=list)
    comment: str = ""
    rating_id: str | None = None  # answer for this service instead of the one asked about
    delay: float = 0.0
    raw: str | bytes = ""
    stale: bool = False
    pong: bool = True
    hold_handshake: threading.Event | None = None  # set: the handshake waits until the test releases it
    connecting: threading.Event = field(default_factory=threading.Event)  # a handshake began
    received: list[dict[str, Any]] = field(default_factory=list)
    requested: threading.Event = field(default_factory=threading.Event)  # a rating request came in
    closed: threading.Event = field(default_factory=threading.Event)  # a connection ended
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rating(self, request: dict[str, Any], request_id: object | None = None) -> str:
        return json.dumps(
            {
                "type": "rating",
                "id": request["id"] if request_id is None else request_id,
                "rating_id": self.rating_id or request["rating_id"],
                "level": self.level,
                "indicators": self.indicators,
                "comment": self.comment,
            },
            ensure_ascii=False,
        )

    def requests(self) -> list[dict[str, Any]]:
        with self.lock:
            return [m for m in self.received if m.get("type") == "rating_request"]


class PadSim:
    """The running pad: ``url`` for the adapter, ``state`` for the test, ``down()`` to stop listening."""

    def __init__(self, state: PadState) -> None:
        self.state = state
        self._stop = threading.Event()
        self._server = serve(self._handle, "127.0.0.1", 0, compression=None, process_request=self._handshake)
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self._running = True

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    def down(self) -> None:
        """Stop listening (and close what is open): every connection from now on is refused."""
        if self._running:
            self._running = False
            self._stop.set()
            self._server.shutdown()
            self._thread.join(timeout=5)

    def _handshake(self, connection: ServerConnection, request: Request) -> None:
        self.state.connecting.set()
        hold = self.state.hold_handshake
        if hold is not None:
            hold.wait(10)

    def _handle(self, connection: ServerConnection) -> None:
        state = self.state
        try:
            for raw in connection:
                message = json.loads(raw)
                with state.lock:
                    state.received.append(message)
                if message.get("type") == "ping":
                    if state.pong:
                        pong = {"type": "pong", "id": message.get("id"), "model": MODEL, "version": VERSION}
                        connection.send(json.dumps(pong))
                elif message.get("type") == "rating_request":
                    state.requested.set()
                    if self._rate(connection, message) == "dropped":
                        return
        except ConnectionClosed:
            pass
        finally:
            state.closed.set()

    def _rate(self, connection: ServerConnection, request: dict[str, Any]) -> str | None:
        state = self.state
        if state.stale:
            connection.send(state.rating(request, request_id="0" * 32))
        if state.behaviour == "answer":
            connection.send(state.rating(request))
        elif state.behaviour == "skip":
            connection.send(json.dumps({"type": "skipped", "id": request["id"]}))
        elif state.behaviour == "late":
            if not self._stop.wait(state.delay):
                connection.send(state.rating(request))
        elif state.behaviour in ("garbage", "raw"):
            connection.send(state.raw)
        elif state.behaviour == "drop":
            connection.socket.shutdown(socket.SHUT_RDWR)  # no close frame: as a pad losing power
            connection.socket.close()
            return "dropped"
        return None  # "never": the applicant walked away


@contextmanager
def running_pad(state: PadState | None = None) -> Iterator[PadSim]:
    """A simulated pad for the length of the ``with`` block."""
    pad = PadSim(state or PadState())
    try:
        yield pad
    finally:
        pad.down()


@contextmanager
def refused_pad_url() -> Iterator[str]:
    """A pad address where nothing listens (bound, not listening: connections are refused) for the
    whole block, so no other process can be handed the port meanwhile."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        yield f"ws://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        sock.close()
