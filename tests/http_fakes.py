"""The small HTTP servers the tests stand in for a hall's systems with (the e-licence library in
``tests/licences``, the queue system in ``tests/devices/queue_server.py``): threaded, on 127.0.0.1."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class QuietServer(ThreadingHTTPServer):
    """A threaded server that keeps quiet about clients that hang up (a timed-out adapter)."""

    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up on a slow answer leaves a broken pipe behind: expected here


def send_json(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None
) -> None:
    """Answer ``status`` with ``body`` as UTF-8 JSON (and any further ``headers``)."""
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
