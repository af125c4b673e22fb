"""What HallApp's network clients share: the e-licence library (``licences.http``), the queue system
(``devices.queue_http``) and the evaluation pad (``devices.pad_ws``).

A service on this very PC is never reached through the system's proxy; a service that answers with a
redirect has moved, which is a configuration problem to say in words rather than follow; and a failed
connection is told in a few words the clerk can pass on to the administrator. Standard library only.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.request
from typing import Any


def is_loopback(host: str) -> bool:
    """``localhost``, ``127.x.x.x`` or ``::1``: this PC itself."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A moved service is a configuration problem: say so instead of re-sending a request elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def json_opener(host: str) -> urllib.request.OpenerDirector:
    """A urllib opener that follows no redirect and, for a service on this PC, uses no proxy."""
    handlers: list[urllib.request.BaseHandler] = [NoRedirect()]
    if is_loopback(host):
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def connection_reason(error: BaseException, *, refused: str = "连接被拒绝") -> str:
    """Why a connection failed, in a few words; ``refused`` is what a refused connection is called (a
    client may add what it usually means, e.g. that its service is not started)."""
    if isinstance(error, ConnectionRefusedError):
        return refused
    if isinstance(error, socket.gaierror):
        return "找不到服务器地址"
    if isinstance(error, UnicodeError):  # "encoding with 'idna' codec failed": a host no domain name can be
        return "服务器地址中的主机名无效（不是有效的域名）"
    if isinstance(error, ssl.SSLCertVerificationError):
        return "服务器证书无效"
    if isinstance(error, ssl.SSLError):
        return "安全连接失败"
    if isinstance(error, (ConnectionResetError, ConnectionAbortedError, http.client.RemoteDisconnected)):
        return "连接被中断"
    if isinstance(error, http.client.HTTPException):
        return "应答不完整"
    return "网络错误"
