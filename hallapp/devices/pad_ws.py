"""An evaluation pad (评价器) speaking JSON over a WebSocket; the contract is in ``docs/pad-contract.md``.

The pad listens (``ws://10.1.2.3:8765/``) and HallApp connects for each request: one connection per
rating request or ping, closed when it is answered. A pad that was switched off and on between two
services therefore costs nothing, and no answer can reach a later request over an old connection.

Every answer is checked before it becomes a ``PadAnswer``; an answer HallApp cannot trust entirely is
refused as a whole (``PadError`` saying what was wrong), never half-recorded: a level outside 1–5, an
indicator code HallApp does not know or that does not fit the level, a comment over 500 characters, an
answer for another service. An answer for an earlier request (another ``id``) is ignored: it belongs to
a service already recorded. When the applicant does not answer in time the result is not rated
(``PadAnswer(None)``), never a good rating, and the pad is told to clear its screen (``cancel``).

The library is ``websockets`` (its synchronous client: the window already runs pad calls on their own
worker). Nothing personal is logged: message types, ids and timings only; a comment never.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import urllib.parse
import uuid
from typing import Any

from hallapp.devices.pad import PadAnswer, PadError, PadUnavailable, RatingRequest
from hallapp.domain.lifecycle import IllegalTransition
from hallapp.domain.rating import COMMENT_MAX_LENGTH, Indicator, Level, check_indicators
from hallapp.net import is_loopback

log = logging.getLogger(__name__)

OPEN_TIMEOUT_S = 3.0  # a pad on the counter's network answers the handshake at once, or is not there
CLOSE_TIMEOUT_S = 1.0
PING_TIMEOUT_S = 3.0
MAX_MESSAGE_BYTES = 16_384  # an answer is a few hundred bytes; a 500-character comment about 1.5 KB
USER_AGENT = "HallApp/0.1 (evaluation pad)"
_ID_MAX = 64
_TEXT_MAX = 40  # the pad's model and version as ``hallapp devices`` prints them


def _unreachable(error: BaseException) -> PadUnavailable:
    """No connection could be opened, in words the clerk can pass on to the administrator."""
    if isinstance(error, ConnectionRefusedError):
        why = "连接被拒绝，评价器可能未开机或未接入网络"
    elif isinstance(error, socket.gaierror):
        why = "找不到评价器的地址"
    elif isinstance(error, TimeoutError):
        why = f"超过 {OPEN_TIMEOUT_S:g} 秒没有应答"
    else:
        from websockets.exceptions import InvalidHandshake

        why = "该地址上的设备不是评价器" if isinstance(error, InvalidHandshake) else "网络错误"
    return PadUnavailable(f"无法连接评价器（{why}），请检查评价器的电源和网线，或联系管理员")


def _dropped() -> PadUnavailable:
    return PadUnavailable("评价器连接中断，本次未能取得评价：请检查评价器的电源和网线，或联系管理员")


def _not_contract(what: str) -> PadError:
    return PadError(f"评价器的回答不符合接口规范（{what}），本次评价未记录：请联系评价器厂商或管理员")


def _single_line(value: object) -> str:
    text = value if isinstance(value, str) else ""
    return "".join(ch for ch in text if ch.isprintable()).strip()[:_TEXT_MAX]


def parse_answer(message: dict[str, Any], request: RatingRequest) -> PadAnswer:
    """A rating (or skipped) message already known to answer ``request`` (its ``id``), as a ``PadAnswer``;
    ``PadError`` naming every part that is not the contract. Nothing of a refused answer is kept."""
    if message.get("type") == "skipped":
        return PadAnswer(None)
    if message.get("rating_id") != request.rating_id:
        raise _not_contract("回答的是另一项服务")
    level_value = message.get("level")
    indicators_value = message.get("indicators", [])
    comment_value = message.get("comment", "")
    problems = []
    level: Level | None = None
    if level_value is not None:
        if isinstance(level_value, int) and not isinstance(level_value, bool) and 1 <= level_value <= 5:
            level = Level(level_value)
        else:
            problems.append(f"满意度 {json.dumps(level_value, ensure_ascii=False)[:20]} 不是 1–5")
    indicators: list[Indicator] = []
    if not isinstance(indicators_value, list):
        problems.append("评价指标不是列表")
    else:
        unknown = []
        for code in indicators_value:
            if isinstance(code, str) and code in Indicator.__members__:
                indicators.append(Indicator(code))
            else:
                unknown.append(json.dumps(code, ensure_ascii=False)[:12])
        if unknown:
            problems.append(f"未知的评价指标 {'、'.join(unknown[:5])}")
    if comment_value is None:
        comment_value = ""
    if not isinstance(comment_value, str):
        problems.append("评价内容不是文字")
        comment_value = ""
    elif len(comment_value.strip()) > COMMENT_MAX_LENGTH:
        problems.append(f"评价内容 {len(comment_value.strip())} 个字，超过 {COMMENT_MAX_LENGTH} 个字")
    if problems:
        raise _not_contract("；".join(problems))
    if level is None:
        return PadAnswer(None)  # not rated: whatever came with it is not a rating
    try:
        chosen = check_indicators(level, indicators)
    except IllegalTransition as mismatch:
        raise _not_contract(str(mismatch)) from None
    return PadAnswer(level, chosen, comment_value.strip())


def request_message(request: RatingRequest, request_id: str) -> dict[str, str]:
    """The ``rating_request`` message sent to the pad (no personal data of the applicant)."""
    return {
        "type": "rating_request",
        "id": request_id,
        "window": request.window,
        "rating_id": request.rating_id,
        "clerk": request.clerk,
        "staff_number": request.staff_number,
        "matter": request.matter,
        "date": request.on.isoformat(),
    }


class WebSocketPad:
    """``EvaluationPad`` speaking ``docs/pad-contract.md`` to the pad at ``url`` (``ws://`` or ``wss://``).

    ``cancel()`` (from another thread) ends a request that is waiting for the applicant: it returns as
    not rated, and the pad is told to clear its screen.
    """

    name = "评价器"

    def __init__(self, url: str, *, open_timeout_s: float = OPEN_TIMEOUT_S) -> None:
        parts = urllib.parse.urlsplit(url.strip())
        if parts.scheme not in ("ws", "wss") or not parts.hostname:
            raise ValueError(f"评价器地址应以 ws:// 或 wss:// 开头：{url!r}")
        if open_timeout_s <= 0:
            raise ValueError("open_timeout_s must be positive")
        self.url = url.strip()
        self.open_timeout_s = open_timeout_s
        self._direct = is_loopback(parts.hostname)  # a pad on this very PC is never reached via a proxy
        self._lock = threading.Lock()
        self._busy = False  # a rating request is in progress
        self._waiting: Any = None  # its connection, once open
        self._cancelled = False

    # --- the EvaluationPad methods ---------------------------------------------------------------------

    def request_rating(self, request: RatingRequest, timeout_s: float) -> PadAnswer:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        request_id = uuid.uuid4().hex
        with self._lock:
            self._busy, self._cancelled = True, False
        try:
            with self._connected() as connection:
                with self._lock:
                    self._waiting = connection
                    cancelled = self._cancelled  # while the connection was being opened
                message = None
                if not cancelled:
                    self._send(connection, request_message(request, request_id))
                    message = self._answer(connection, request_id, timeout_s, ("rating", "skipped"))
                with self._lock:
                    self._waiting = None
                    cancelled = self._cancelled
                if message is None or cancelled:
                    why = "cancelled" if cancelled else f"no answer in {timeout_s:g} s"
                    log.info("pad request %s: %s, not rated", request_id, why)
                    self._send(connection, {"type": "cancel", "id": request_id}, quiet=True)
                    return PadAnswer(None)
        finally:
            with self._lock:
                self._busy, self._waiting = False, None
        answer = parse_answer(message, request)
        log.info("pad request %s answered: %s", request_id, "rated" if answer.rated else "not rated")
        return answer

    def ping(self) -> str:
        ping_id = uuid.uuid4().hex
        with self._connected() as connection:
            self._send(connection, {"type": "ping", "id": ping_id})
            message = self._answer(connection, ping_id, PING_TIMEOUT_S, ("pong",))
        if message is None:
            raise PadUnavailable(
                f"评价器已连接，但 {PING_TIMEOUT_S:g} 秒内没有回应：请重启评价器或联系管理员"
            )
        model, version = _single_line(message.get("model")), _single_line(message.get("version"))
        return " ".join(filter(None, (model or "评价器", version)))

    def cancel(self) -> None:
        """Stop waiting for the applicant (the clerk moved on): the request in progress, if any — still
        connecting, or waiting for the answer — returns not rated, whatever the pad says meanwhile."""
        with self._lock:
            if not self._busy:
                return
            self._cancelled = True
            connection = self._waiting
        if connection is not None:
            connection.close()  # the waiting recv() wakes up; the request sees it was cancelled

    # --- one connection ------------------------------------------------------------------------------

    def _connected(self) -> Any:
        """A connection to the pad (a context manager closing it), or ``PadUnavailable``."""
        from websockets.exceptions import InvalidHandshake, InvalidURI
        from websockets.sync.client import connect

        try:
            return connect(
                self.url,
                open_timeout=self.open_timeout_s,
                close_timeout=CLOSE_TIMEOUT_S,
                max_size=MAX_MESSAGE_BYTES,
                compression=None,
                proxy=None if self._direct else True,
                user_agent_header=USER_AGENT,
            )
        except InvalidURI as error:
            raise PadError(f"评价器地址无效：{self.url}") from error
        except (OSError, InvalidHandshake) as error:
            log.warning("pad %s: no connection (%s)", self.url, type(error).__name__)
            raise _unreachable(error) from None

    def _send(self, connection: Any, message: dict[str, str], *, quiet: bool = False) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            connection.send(json.dumps(message, ensure_ascii=False))
        except (ConnectionClosed, OSError):
            if not quiet:
                raise _dropped() from None

    def _answer(
        self, connection: Any, wanted_id: str, timeout_s: float, types: tuple[str, ...]
    ) -> dict[str, Any] | None:
        """The pad's message of one of ``types`` answering ``wanted_id``; None when none came in time (or
        the request was cancelled). Answers to other requests and messages of other types are ignored."""
        from websockets.exceptions import ConnectionClosed, ConnectionClosedError

        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                raw = connection.recv(timeout=left)
            except TimeoutError:
                return None
            except ConnectionClosed as closed:
                with self._lock:
                    if self._cancelled:
                        return None
                if isinstance(closed, ConnectionClosedError) and closed.sent and closed.sent.code == 1009:
                    raise _not_contract(f"回答超过 {MAX_MESSAGE_BYTES} 字节") from None
                raise _dropped() from None
            message = self._message(raw)
            kind, answer_id = message.get("type"), message.get("id")
            if kind == "error" and answer_id in (wanted_id, None):
                code = _single_line(message.get("code")) or "error"
                raise PadError(f"评价器拒绝了请求（{code}），本次未能取得评价：请检查评价器或联系管理员")
            if kind not in types:
                log.info("pad sent a %r message: ignored", str(kind)[:20])
                continue
            if answer_id is None and kind != "pong":
                raise _not_contract("回答没有请求编号 id")
            if answer_id is not None and answer_id != wanted_id:
                log.warning("pad answered an earlier request (%s): ignored", str(answer_id)[:_ID_MAX])
                continue
            return message

    @staticmethod
    def _message(raw: object) -> dict[str, Any]:
        if not isinstance(raw, str):
            raise _not_contract("收到二进制数据，而不是 JSON 文字")
        try:
            message = json.loads(raw)
        except ValueError:
            raise _not_contract("不是 JSON") from None
        if not isinstance(message, dict):
            raise _not_contract("不是 JSON 对象")
        return message
