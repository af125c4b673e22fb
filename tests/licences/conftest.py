"""A real e-licence library speaking docs/licence-api.md, served on 127.0.0.1 by a thread, per test."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from hallapp.config import SHIPPED_CATALOGUE_DIR
from tests.http_fakes import QuietServer, send_json

DEMO_CSV = SHIPPED_CATALOGUE_DIR / "licences_demo.csv"
BASE_PATH = "/elicence"


@dataclass
class Reply:
    """One scripted answer: a status, a body (dict → JSON, str/bytes as is), after a delay."""

    status: int = 200
    body: Any = None
    delay: float = 0.0


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


def licence_json(type_code: str, number: str, holder_id: str, **extra: Any) -> dict[str, Any]:
    item = {
        "type": type_code,
        "number": number,
        "holder_id": holder_id,
        "holder_name": "陈晓明",
        "issuer": "深圳市公安局坪山分局",
        "issued_on": "2016-08-20",
        "valid_until": None,
        "status": "valid",
    }
    item.update(extra)
    return item


@dataclass
class LibraryServer:
    """The library's state: the licences it holds, scripted replies (used first, in order), what it received."""

    port: int = 0
    licences: list[dict[str, Any]] = field(default_factory=list)
    script: list[Reply] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{BASE_PATH}"

    def answer(self, *replies: Reply) -> None:
        """Answer the next requests with these replies; the last one is repeated for ever after."""
        self.script = list(replies)

    def next_reply(self, request: Received) -> Reply:
        with self.lock:
            self.received.append(request)
            if self.script:
                return self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if request.path != BASE_PATH + "/licences/query" or request.method != "POST":
            return Reply(404, {"error": {"code": "no_such_path", "message": "?"}})
        query = request.json
        found = [
            lic
            for lic in self.licences
            if lic["holder_id"] == query["holder_id"] and lic["type"] in query["types"]
        ]
        return Reply(200, {"licences": found})


def _handler(library: LibraryServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = Received(self.command, self.path, dict(self.headers.items()), self.rfile.read(length))
            reply = library.next_reply(request)
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body
            if isinstance(body, (dict, list)):
                body = json.dumps(body, ensure_ascii=False)
            if isinstance(body, str):
                body = body.encode("utf-8")
            body = body or b""
            moved = {"Location": library.url + "/moved"} if 300 <= reply.status < 400 else None
            send_json(self, reply.status, body, moved)

        do_GET = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def library() -> Iterator[LibraryServer]:
    state = LibraryServer()
    server = QuietServer(("127.0.0.1", 0), _handler(state))
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 where nothing listens: bound but not listening (a connection is refused) for the
    whole test, so no other process (the other xdist worker's servers) can be handed it meanwhile."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def empty_registry(app_context):
    """An installation whose local registry is empty (start-up seeds it with the demo licences)."""
    from sqlalchemy import delete

    from hallapp.store.licence_models import LicenceRecord

    with app_context.uow(write=True) as uow:
        uow.session.execute(delete(LicenceRecord))
        uow.commit()
    return app_context


@pytest.fixture
def demo_registry(empty_registry):
    """An installation whose local registry holds the demo licences, and only them."""
    from hallapp.licences import import_licences
    from tests.people import ADMIN, acting_as

    with acting_as(empty_registry, ADMIN):  # importing licences is the administrator's
        report = import_licences(empty_registry.uow(write=True), DEMO_CSV)
    assert report.ok and report.added > 0, report.problems
    return empty_registry
