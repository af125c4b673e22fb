"""The network clients' shared helpers: this PC is reached directly, redirects are not followed, and a
failed connection is put into a few words."""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.request

import pytest

from hallapp.net import NoRedirect, connection_reason, is_loopback, json_opener


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("localhost", True), ("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("10.1.2.3", False)]
    + [("pad.hall.local", False), ("", False)],
)
def test_this_pc_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def _handlers(opener: urllib.request.OpenerDirector) -> list[type]:
    return [type(h) for h in opener.handlers]


def test_the_opener_follows_no_redirect_and_skips_the_proxy_only_for_this_pc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("http_proxy", "http://proxy.hall.local:3128")
    local, remote = json_opener("127.0.0.1"), json_opener("10.1.2.3")
    for opener in (local, remote):
        assert NoRedirect in _handlers(opener)
        assert urllib.request.HTTPRedirectHandler not in _handlers(opener)
    assert urllib.request.ProxyHandler in _handlers(remote)  # the system's proxy, for the hall's network
    assert urllib.request.ProxyHandler not in _handlers(local)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (ConnectionRefusedError(), "连接被拒绝"),
        (socket.gaierror(), "找不到服务器地址"),
        (ssl.SSLCertVerificationError(), "服务器证书无效"),
        (ssl.SSLError(), "安全连接失败"),
        (ConnectionResetError(), "连接被中断"),
        (http.client.RemoteDisconnected(), "连接被中断"),
        (http.client.IncompleteRead(b""), "应答不完整"),
        (OSError(), "网络错误"),
    ],
)
def test_a_failed_connection_in_words(error: BaseException, words: str) -> None:
    assert connection_reason(error) == words


def test_a_client_names_a_refusal_its_own_way() -> None:
    assert (
        connection_reason(ConnectionRefusedError(), refused="连接被拒绝，服务未启动")
        == "连接被拒绝，服务未启动"
    )
    assert connection_reason(socket.gaierror(), refused="x") == "找不到服务器地址"


def test_a_host_no_domain_name_can_be_is_said_in_words() -> None:
    try:
        "q..hall".encode("idna")
    except UnicodeError as error:
        assert connection_reason(error) == "服务器地址中的主机名无效（不是有效的域名）"
    else:
        pytest.fail("the IDNA codec accepted an empty label")
