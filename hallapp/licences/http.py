"""The government e-licence library (电子证照库) over HTTP/JSON; the contract is in ``docs/licence-api.md``.

Only the standard library is used. A look-up never blocks the counter for long: each attempt gives up
after the timeout, a failed attempt (timeout, no connection, 5xx, an answer that cannot be read) is
retried a few times with a short pause, and then the clerk gets one line saying the library cannot be
reached and carries on with paper. Nothing personal is logged: only counts, status codes and timings.
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
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from hallapp.domain.identity import normalise_id
from hallapp.domain.licences import Licence, LicenceServiceUnavailable, LicenceStatus
from hallapp.net import connection_reason, json_opener

log = logging.getLogger(__name__)

QUERY_PATH = "/licences/query"
MAX_RESPONSE_BYTES = 4_000_000
USER_AGENT = "HallApp/0.1 (licence lookup)"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ERROR_CODE = re.compile(r"[A-Za-z0-9_.-]{1,40}")


class _Retryable(Exception):
    """This attempt failed; another may succeed."""


class _Refused(Exception):
    """The library answered, and asking again will not help."""


class _Malformed(ValueError):
    """The answer is not what the contract says."""


def _seconds(value: float) -> str:
    return f"{value:g}"


def _date_value(value: object) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _Malformed("date")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise _Malformed("date") from error


def _string(item: Mapping[str, Any], key: str, *, required: bool = True) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _Malformed(key)
    return value.strip()


def parse_response(raw: bytes) -> list[Licence]:
    """The licences of a 200 answer; raises ``ValueError`` when it does not follow the contract."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise _Malformed("json") from error
    if not isinstance(data, dict) or not isinstance(data.get("licences"), list):
        raise _Malformed("licences")
    licences = []
    for item in data["licences"]:
        if not isinstance(item, dict):
            raise _Malformed("licence")
        status = item.get("status", LicenceStatus.VALID.value)
        if status not in {s.value for s in LicenceStatus}:
            raise _Malformed("status")
        licences.append(
            Licence(
                type_code=_string(item, "type"),
                number=_string(item, "number"),
                holder_id=normalise_id(_string(item, "holder_id")),
                holder_name=_string(item, "holder_name", required=False),
                issuer=_string(item, "issuer", required=False),
                issued_on=_date_value(item.get("issued_on")),
                valid_until=_date_value(item.get("valid_until")),
                status=LicenceStatus(status),
            )
        )
    return licences


class HttpLicenceProvider:
    """``LicenceProvider`` asking the e-licence library: ``POST {base_url}/licences/query``.

    ``timeout_s`` bounds each attempt, ``retries`` is how many times a failed attempt is repeated (so a
    look-up takes at most about ``timeout_s * (retries + 1)`` plus the pauses between attempts).
    """

    name = "电子证照库"

    def __init__(
        self,
        base_url: str,
        timeout_s: float = 3.0,
        retries: int = 1,
        *,
        backoff_s: float = 0.2,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        parts = urllib.parse.urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"电子证照库地址应以 http:// 或 https:// 开头：{base_url!r}")
        if timeout_s <= 0 or retries < 0:
            raise ValueError("timeout_s must be positive and retries not negative")
        self.base_url = base_url.strip().rstrip("/")
        self.url = self.base_url + QUERY_PATH
        self.timeout_s = timeout_s
        self.retries = retries
        self.backoff_s = backoff_s
        self._headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            **(headers or {}),
        }
        self._opener = json_opener(parts.hostname)  # no redirects; a library on this PC: no proxy

    def lookup(self, holder_id: str, type_codes: Collection[str]) -> list[Licence]:
        """Every licence of the given types held by ``holder_id``.

        Raises ``LicenceServiceUnavailable`` (one line for the clerk) when the library cannot be asked.
        """
        number = normalise_id(holder_id)
        types = sorted(set(type_codes))
        if not number or not types:
            return []
        body = json.dumps({"holder_id": number, "types": types}, ensure_ascii=False).encode("utf-8")
        attempts = self.retries + 1
        message = ""
        for attempt in range(1, attempts + 1):
            if attempt > 1:
                time.sleep(min(self.backoff_s * (attempt - 1), 1.0))
            started = time.monotonic()
            try:
                status, licences = self._ask(body)
            except _Retryable as failure:
                message = str(failure)
                cause = type(failure.__cause__).__name__ if failure.__cause__ else "answer"
                elapsed_ms = (time.monotonic() - started) * 1000
                log.warning(
                    "licence library attempt %d/%d failed after %.0f ms: %s",
                    attempt,
                    attempts,
                    elapsed_ms,
                    cause,
                )
                continue
            except _Refused as refusal:
                log.warning("licence library refused the query (attempt %d/%d)", attempt, attempts)
                raise LicenceServiceUnavailable(str(refusal)) from None
            mine = [lic for lic in licences if lic.holder_id == number and lic.type_code in types]
            if len(mine) != len(licences):
                ignored = len(licences) - len(mine)
                log.warning("licence library sent %d licence(s) not asked for: ignored", ignored)
            log.info(
                "licence library answered HTTP %d: %d licence(s) for %d type(s) in %.0f ms (attempt %d/%d)",
                status,
                len(mine),
                len(types),
                (time.monotonic() - started) * 1000,
                attempt,
                attempts,
            )
            return mine
        raise LicenceServiceUnavailable(message)

    def _ask(self, body: bytes) -> tuple[int, list[Licence]]:
        """One attempt: the HTTP status and the licences, or ``_Retryable`` / ``_Refused``."""
        timeout = _seconds(self.timeout_s)
        too_slow = f"电子证照库无响应（超时 {timeout} 秒），请收取纸质材料"
        request = urllib.request.Request(self.url, data=body, headers=self._headers, method="POST")
        deadline = time.monotonic() + self.timeout_s
        try:
            with self._opener.open(request, timeout=self.timeout_s) as response:
                status = response.status
                raw = self._read(response, deadline)
        except urllib.error.HTTPError as error:
            with error:
                return error.code, self._error_answer(error)
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise _Retryable(too_slow) from error.reason
            cause = error.reason if isinstance(error.reason, BaseException) else error
            raise _Retryable(f"无法连接电子证照库（{connection_reason(cause)}），请收取纸质材料") from cause
        except TimeoutError as error:
            raise _Retryable(too_slow) from error
        except (OSError, http.client.HTTPException) as error:
            raise _Retryable(f"无法连接电子证照库（{connection_reason(error)}），请收取纸质材料") from error
        if status != 200:
            raise _Retryable(f"电子证照库返回了意外的应答（HTTP {status}），请收取纸质材料")
        try:
            return status, parse_response(raw)
        except _Malformed as error:
            raise _Retryable("电子证照库返回的数据无法识别，请收取纸质材料") from error

    def _read(self, response: http.client.HTTPResponse, deadline: float) -> bytes:
        """The body, read in pieces so that a server dribbling bytes cannot hold the counter."""
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(65_536):
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise _Retryable("电子证照库返回的数据过大，请收取纸质材料")
            if time.monotonic() > deadline + self.timeout_s:
                raise TimeoutError("body too slow")
            chunks.append(chunk)
        return b"".join(chunks)

    def _error_answer(self, error: urllib.error.HTTPError) -> list[Licence]:
        """An HTTP error status: 404 means no licence; 5xx, 408, 429 may pass; 3xx and other 4xx will not."""
        status = error.code
        if status == 404:
            return []
        if status >= 500 or status in (408, 429):
            raise _Retryable(f"电子证照库暂时无法服务（HTTP {status}），请收取纸质材料")
        code = ""
        try:
            detail = json.loads(error.read(16_384) or b"{}").get("error", {})
            if isinstance(detail, dict) and _ERROR_CODE.fullmatch(str(detail.get("code", ""))):
                code = f"，{detail['code']}"
        except (ValueError, AttributeError, OSError):
            pass  # the code only helps the administrator: a body that cannot be read changes nothing
        if 300 <= status < 400:
            raise _Refused(f"电子证照库地址已变更（HTTP {status}），请联系管理员；本次请收取纸质材料")
        if status in (401, 403):
            raise _Refused(f"电子证照库拒绝访问（HTTP {status}{code}），请联系管理员；本次请收取纸质材料")
        raise _Refused(f"电子证照库拒绝了查询（HTTP {status}{code}），请收取纸质材料")
