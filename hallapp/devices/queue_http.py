"""A hall's queue system (排队叫号系统) over HTTP/JSON; the contract is in ``docs/queue-contract.md``.

Only the standard library. Each call gives up after the timeout, so 下一位 never holds the counter for
long, and every failure ends in one sentence for the clerk (``QueueUnavailable`` / ``QueueRefused``).

Retries: only ``waiting`` (a read) is sent a second time, and only when the connection failed (refused,
reset, closed before an answer) — not after a timeout, which would only double the wait. The writes are
never retried here: a repeated ``next`` could call two applicants. Instead ``next`` carries a request id;
when a call's outcome is unknown (timed out, connection lost) the clerk's next press for that window
sends the same id again, and the queue system answers with the ticket it already called, if any.
Nothing personal is logged: paths, statuses and timings only.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from hallapp.devices.queue import (
    TICKET_NUMBER,
    QueueRefused,
    QueueUnavailable,
    Ticket,
    check_window,
)
from hallapp.net import connection_reason, json_opener

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 65_536
USER_AGENT = "HallApp/0.1 (queue caller)"
REUSE_REQUEST_ID_S = 120.0  # an unanswered 下一位 pressed again within this long re-sends the same id
_ERROR_CODE = re.compile(r"[A-Za-z0-9_.-]{1,40}")
_ACTIONS = {"recall": "重呼", "skip": "过号", "transfer": "转移", "link": "关联办件"}


REFUSED = "连接被拒绝，叫号服务可能未启动"  # what a refused connection usually means here


class _ConnectionFailed(Exception):
    """No answer because the connection failed: a read may be sent once more."""


def _malformed() -> QueueUnavailable:
    return QueueUnavailable("排队叫号系统返回的数据无法识别，请联系管理员")


def parse_ticket(item: object) -> Ticket:
    """A ticket object of the contract, or ``QueueUnavailable`` when it is not one."""
    if not isinstance(item, dict):
        raise _malformed()
    number, group, issued, window = (item.get(k) for k in ("number", "group", "issued_at", "window"))
    if not isinstance(number, str) or not TICKET_NUMBER.fullmatch(number):
        raise _malformed()
    if not isinstance(group, str) or not isinstance(issued, str):
        raise _malformed()
    if window is not None and not isinstance(window, str):
        raise _malformed()
    try:
        issued_at = datetime.fromisoformat(issued)
    except ValueError:
        raise _malformed() from None
    return Ticket(number=number, group=group.strip()[:40], issued_at=issued_at, window=(window or "").strip())


class HttpQueueCaller:
    """``QueueCaller`` speaking ``docs/queue-contract.md`` to ``base_url`` (e.g. ``http://10.1.2.3:8080/queue``)."""

    name = "排队叫号系统"

    def __init__(
        self,
        base_url: str,
        timeout_s: float = 2.0,
        *,
        headers: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        parts = urllib.parse.urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"排队叫号系统地址应以 http:// 或 https:// 开头：{base_url!r}")
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.base_url = base_url.strip().rstrip("/")
        self.timeout_s = timeout_s
        self._clock = clock
        self._headers = {"Accept": "application/json", "User-Agent": USER_AGENT, **(headers or {})}
        self._opener = json_opener(parts.hostname)  # no redirects; a queue system on this PC: no proxy
        self._unanswered: dict[str, tuple[str, float]] = {}  # window -> (request id, when sent)

    # --- the QueueCaller methods -----------------------------------------------------------------------

    def next(self, window: str) -> Ticket | None:
        window = check_window(window)
        request_id = self._request_id(window)
        try:
            answer = self._call("POST", f"/windows/{_seg(window)}/next", {"request_id": request_id})
        except QueueUnavailable:
            raise  # the outcome is unknown: the id is kept, so pressing again cannot call a second ticket
        except QueueRefused:
            self._unanswered.pop(window, None)
            raise
        self._unanswered.pop(window, None)
        item = answer.get("ticket")
        if item is None:
            return None
        ticket = parse_ticket(item)
        return ticket if ticket.window else replace(ticket, window=window)

    def recall(self, ticket: Ticket) -> None:
        self._act(ticket, "recall", {"window": ticket.window})

    def skip(self, ticket: Ticket) -> None:
        self._act(ticket, "skip", {"window": ticket.window})

    def transfer(self, ticket: Ticket, to_window: str) -> None:
        self._act(ticket, "transfer", {"window": ticket.window, "to_window": check_window(to_window)})

    def link(self, ticket: Ticket, case_number: str) -> None:
        case = case_number.strip()
        if not case:
            raise QueueRefused("办件编号为空，无法与号票关联")
        self._act(ticket, "link", {"window": ticket.window, "case_number": case})

    def waiting(self, window: str) -> int:
        path = f"/windows/{_seg(check_window(window))}/waiting"
        answer = self._call("GET", path, None, retry_connection=True)
        count = answer.get("waiting")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise _malformed()
        return count

    # --- one request ---------------------------------------------------------------------------------

    def _request_id(self, window: str) -> str:
        unanswered = self._unanswered.get(window)
        if unanswered is not None and self._clock() - unanswered[1] <= REUSE_REQUEST_ID_S:
            return unanswered[0]
        request_id = uuid.uuid4().hex
        self._unanswered[window] = (request_id, self._clock())
        return request_id

    def _act(self, ticket: Ticket, action: str, body: dict[str, str]) -> None:
        self._call(
            "POST", f"/tickets/{_seg(ticket.number)}/{action}", body, ticket=ticket.number, action=action
        )

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, str] | None,
        *,
        retry_connection: bool = False,
        ticket: str = "",
        action: str = "",
    ) -> dict[str, Any]:
        """The JSON object of a 200 answer; every other outcome as ``QueueUnavailable`` / ``QueueRefused``."""
        attempts = 2 if retry_connection else 1
        for attempt in range(1, attempts + 1):
            started = time.monotonic()
            try:
                status, raw = self._send(method, path, body)
            except _ConnectionFailed as failure:
                log.warning(
                    "queue %s %s attempt %d/%d: no answer (%s)", method, path, attempt, attempts, failure
                )
                if attempt < attempts:
                    continue
                raise QueueUnavailable(f"无法连接排队叫号系统（{failure}），请稍后再试或联系管理员") from None
            elapsed = (time.monotonic() - started) * 1000
            log.info("queue %s %s answered HTTP %d in %.0f ms", method, path, status, elapsed)
            if status != 200:
                raise self._refusal(status, raw, ticket=ticket, action=action)
            try:
                answer = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                raise _malformed() from None
            if not isinstance(answer, dict):
                raise _malformed()
            return answer
        raise AssertionError("unreachable")

    def _send(self, method: str, path: str, body: dict[str, str] | None) -> tuple[int, bytes]:
        """One request: the status and body, ``_ConnectionFailed``, or ``QueueUnavailable`` for a timeout."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = dict(self._headers)
        if data is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers, method=method)
        too_slow = QueueUnavailable(
            f"排队叫号系统无响应（超过 {self.timeout_s:g} 秒），请稍后再试或联系管理员"
        )
        deadline = time.monotonic() + 2 * self.timeout_s
        try:
            with self._opener.open(request, timeout=self.timeout_s) as response:
                return response.status, self._read(response, deadline)
        except urllib.error.HTTPError as error:
            with error:
                try:
                    return error.code, error.read(16_384)
                except (OSError, http.client.HTTPException):
                    return error.code, b""
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise too_slow from None
            raise _ConnectionFailed(
                connection_reason(reason if isinstance(reason, BaseException) else error, refused=REFUSED)
            ) from None
        except TimeoutError:
            raise too_slow from None
        except (OSError, http.client.HTTPException, UnicodeError) as error:  # UnicodeError: an IDNA host
            raise _ConnectionFailed(connection_reason(error, refused=REFUSED)) from None

    def _read(self, response: http.client.HTTPResponse, deadline: float) -> bytes:
        """The body in pieces, so a server dribbling bytes or sending megabytes cannot hold the counter."""
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(8192):
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES or time.monotonic() > deadline:
                raise _malformed()
            chunks.append(chunk)
        return b"".join(chunks)

    def _refusal(self, status: int, raw: bytes, *, ticket: str, action: str) -> Exception:
        """An HTTP error status in words: 404/409 say no to this call; the rest mean the system is unwell."""
        code = ""
        try:
            detail = json.loads(raw or b"{}").get("error", {})
            if isinstance(detail, dict) and _ERROR_CODE.fullmatch(str(detail.get("code", ""))):
                code = str(detail["code"])
        except (ValueError, AttributeError, UnicodeDecodeError):
            pass  # the code only sharpens the words: a body that cannot be read changes nothing
        what = _ACTIONS.get(action, "叫号")
        if status == 404 and code == "no_such_window":
            return QueueRefused("排队叫号系统中没有这个窗口号：请核对本机设置中的窗口号")
        if status == 404 and ticket:
            return QueueRefused(f"排队叫号系统中没有 {ticket} 号（可能已过期或已办结），无法{what}")
        if status == 409:
            return QueueRefused(f"{ticket or '该号'}当前不能{what}（可能已被其他窗口处理），请刷新后再试")
        if status >= 500 or status in (408, 429):
            return QueueUnavailable(f"排队叫号系统暂时无法服务（HTTP {status}），请稍后再试或联系管理员")
        if 300 <= status < 400:
            return QueueUnavailable(f"排队叫号系统地址已变更（HTTP {status}），请联系管理员")
        if status in (401, 403):
            return QueueUnavailable(f"排队叫号系统拒绝了本机的访问（HTTP {status}），请联系管理员")
        suffix = f"，{code}" if code else ""
        return QueueUnavailable(f"排队叫号系统不接受本机的请求（HTTP {status}{suffix}），请联系管理员")


def _seg(text: str) -> str:
    """One path segment, percent-encoded as UTF-8 (a window may be called 综合3)."""
    return urllib.parse.quote(text, safe="")
