"""HttpQueueCaller against a queue server on 127.0.0.1 speaking docs/queue-contract.md."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from hallapp.devices.queue import QueueCaller, QueueRefused, QueueUnavailable, Ticket
from hallapp.devices.queue_http import HttpQueueCaller
from hallapp.errors import describe, is_expected
from tests.devices.queue_server import QueueServer, refused_url, running_queue

TIMEOUT = 0.3  # the server's "slow" answers come after 1 s


@pytest.fixture
def server() -> Iterator[QueueServer]:
    with running_queue() as running:
        yield running


@pytest.fixture
def caller(server: QueueServer) -> HttpQueueCaller:
    return HttpQueueCaller(server.url, timeout_s=TIMEOUT)


def test_it_is_a_queue_caller(caller: HttpQueueCaller) -> None:
    assert isinstance(caller, QueueCaller)


def test_next_calls_the_oldest_ticket_of_the_windows_groups(
    server: QueueServer, caller: HttpQueueCaller
) -> None:
    server.state.issue("B")
    server.state.issue("A")
    first = caller.next("02")  # window 02 serves only A
    assert first is not None
    assert (first.number, first.group, first.window) == ("A001", "综合受理", "02")
    assert first.issued_at == datetime(2026, 12, 1, 9, 1, tzinfo=timezone(timedelta(hours=8)))
    second = caller.next("01")
    assert second is not None and second.number == "B001"
    assert caller.next("01") is None
    assert server.state.tickets["A001"].state == "called"


def test_waiting_counts_the_tickets_a_window_serves(server: QueueServer, caller: HttpQueueCaller) -> None:
    for prefix in "AAB":
        server.state.issue(prefix)
    assert caller.waiting("01") == 3
    assert caller.waiting("02") == 2
    caller.next("02")
    assert caller.waiting("01") == 2


def test_recall_skip_and_link(server: QueueServer, caller: HttpQueueCaller) -> None:
    server.state.issue("A")
    ticket = caller.next("01")
    assert ticket is not None
    caller.recall(ticket)
    caller.link(ticket, "PS-20261201-0007")
    caller.link(ticket, "PS-20261201-0007")  # repeating it changes nothing
    assert server.state.tickets["A001"].recalls == 1
    assert server.state.tickets["A001"].cases == ["PS-20261201-0007"]
    assert server.state.received[-1][2] == {"window": "01", "case_number": "PS-20261201-0007"}
    caller.skip(ticket)
    assert server.state.tickets["A001"].state == "skipped"
    with pytest.raises(QueueRefused, match="A001当前不能重呼"):
        caller.recall(ticket)


def test_transfer_sends_the_ticket_ahead_of_those_waiting_there(
    server: QueueServer, caller: HttpQueueCaller
) -> None:
    server.state.issue("B")
    server.state.issue("A")
    ticket = caller.next("01")
    assert ticket is not None and ticket.number == "B001"
    caller.transfer(ticket, "02")
    assert caller.waiting("02") == 2
    again = caller.next("02")
    assert again is not None and (again.number, again.window) == ("B001", "02")
    with pytest.raises(QueueRefused, match="没有这个窗口号"):
        caller.transfer(again, "99")


def test_unknown_ticket_and_window_are_refused_in_words(caller: HttpQueueCaller) -> None:
    ghost = Ticket("A999", "综合受理", datetime(2026, 12, 1, 9, 0), window="01")
    with pytest.raises(QueueRefused, match="没有 A999 号.*无法过号"):
        caller.skip(ghost)
    with pytest.raises(QueueRefused, match="没有这个窗口号"):
        caller.next("07")
    with pytest.raises(QueueRefused, match="窗口号为空"):
        caller.waiting("  ")


def test_a_window_with_chinese_letters_travels_percent_encoded(caller: HttpQueueCaller) -> None:
    with pytest.raises(QueueRefused, match="没有这个窗口号"):
        caller.next("综合3")


def test_next_sends_a_fresh_request_id_each_press(server: QueueServer, caller: HttpQueueCaller) -> None:
    server.state.issue("A")
    server.state.issue("A")
    caller.next("01")
    caller.next("01")
    ids = [body["request_id"] for _, path, body in server.state.received if path.endswith("/next")]
    assert len(ids) == 2 and ids[0] != ids[1]


def test_the_server_answers_a_repeated_request_id_with_the_same_ticket(server: QueueServer) -> None:
    for _ in range(3):
        server.state.issue("A")
    body = {"request_id": "0123456789abcdef"}
    first = server.state.handle("POST", "/queue/windows/01/next", body)
    again = server.state.handle("POST", "/queue/windows/01/next", body)
    assert first == again and first[1]["ticket"]["number"] == "A001"
    assert sum(t.state == "waiting" for t in server.state.tickets.values()) == 2


def test_an_unanswered_next_is_never_retried_and_pressing_again_gets_the_same_ticket(
    server: QueueServer, caller: HttpQueueCaller
) -> None:
    server.state.issue("A")
    server.state.issue("A")
    server.state.slow = 1.0  # the server calls A001, then answers too late
    with pytest.raises(QueueUnavailable, match="无响应（超过 0.3 秒）"):
        caller.next("01")
    assert server.state.calls_to("/next") == 1
    server.state.slow = 0
    ticket = caller.next("01")
    assert ticket is not None and ticket.number == "A001"  # not A002: A001 was called for this press
    ids = [body["request_id"] for _, path, body in server.state.received if path.endswith("/next")]
    assert ids[0] == ids[1]
    third = caller.next("01")
    assert third is not None and third.number == "A002"


def test_a_dropped_next_is_not_sent_again(server: QueueServer, caller: HttpQueueCaller) -> None:
    server.state.issue("A")
    server.state.drop = 1
    with pytest.raises(QueueUnavailable, match="无法连接排队叫号系统（连接被中断）"):
        caller.next("01")
    assert server.state.drop == 0 and server.state.calls_to("/next") == 0
    assert server.state.tickets["A001"].state == "waiting"


def test_waiting_is_asked_once_more_after_a_dropped_connection(
    server: QueueServer, caller: HttpQueueCaller
) -> None:
    server.state.issue("A")
    server.state.drop = 1
    assert caller.waiting("01") == 1
    server.state.drop = 2
    with pytest.raises(QueueUnavailable, match="连接被中断"):
        caller.waiting("01")
    assert server.state.drop == 0


def test_writes_are_not_retried_after_a_dropped_connection(
    server: QueueServer, caller: HttpQueueCaller
) -> None:
    server.state.issue("A")
    ticket = caller.next("01")
    assert ticket is not None
    server.state.drop = 1
    with pytest.raises(QueueUnavailable):
        caller.recall(ticket)
    assert server.state.tickets["A001"].recalls == 0


def test_a_slow_waiting_is_not_retried(server: QueueServer, caller: HttpQueueCaller) -> None:
    server.state.slow = 1.0
    with pytest.raises(QueueUnavailable, match="无响应"):
        caller.waiting("01")
    assert server.state.calls_to("/waiting") == 1


def test_a_queue_system_that_is_down() -> None:
    with refused_url() as url:
        caller = HttpQueueCaller(url, timeout_s=TIMEOUT)
        with pytest.raises(QueueUnavailable, match="连接被拒绝，叫号服务可能未启动") as refused:
            caller.next("01")
        with pytest.raises(QueueUnavailable, match="连接被拒绝"):
            caller.waiting("01")
    assert is_expected(refused.value) and describe(refused.value).startswith("无法连接排队叫号系统")


def test_a_server_that_stops_listening(server: QueueServer, caller: HttpQueueCaller) -> None:
    server.state.issue("A")
    assert caller.waiting("01") == 1
    server.down()
    with pytest.raises(QueueUnavailable, match="无法连接排队叫号系统"):
        caller.waiting("01")


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (500, "暂时无法服务（HTTP 500）"),
        (503, "暂时无法服务（HTTP 503）"),
        (401, "拒绝了本机的访问（HTTP 401）"),
        (400, "不接受本机的请求（HTTP 400，internal）"),
        (301, "地址已变更（HTTP 301）"),
        (429, "暂时无法服务（HTTP 429）"),
    ],
)
def test_server_errors_become_words(
    server: QueueServer, caller: HttpQueueCaller, status: int, words: str
) -> None:
    server.state.issue("A")
    server.state.fail_status = status
    with pytest.raises(QueueUnavailable, match=words):
        caller.next("01")
    with pytest.raises(QueueUnavailable, match=words):
        caller.waiting("01")
    assert server.state.calls_to("/waiting") == 1  # an answer, even a 500, is not a connection error


@pytest.mark.parametrize(
    "garbage",
    [
        b"<html>502 Bad Gateway</html>",
        b'{"ticket": {"number": "A001"',
        b"[1, 2, 3]",
        b'{"ticket": {"number": 5, "group": "x", "issued_at": "2026-12-01T09:00:00+08:00"}}',
        b'{"ticket": {"number": "A/01", "group": "x", "issued_at": "2026-12-01T09:00:00+08:00"}}',
        b'{"ticket": {"number": "A001", "group": "x", "issued_at": "yesterday"}}',
        b'{"waiting": -1}',
        b'{"waiting": true}',
        b"\xff\xfe\x00",
    ],
)
def test_answers_that_are_not_the_contract(
    server: QueueServer, caller: HttpQueueCaller, garbage: bytes
) -> None:
    server.state.issue("A")
    server.state.garbage = garbage
    call = caller.waiting if b"waiting" in garbage else caller.next
    with pytest.raises(QueueUnavailable, match="返回的数据无法识别"):
        call("01")


def test_a_ticket_without_window_or_offset_is_read_as_called_here(
    server: QueueServer, caller: HttpQueueCaller
) -> None:
    item = {"number": "A001", "group": "综合", "issued_at": "2026-12-01T09:00:00", "extra": 1}
    server.state.garbage = json.dumps({"ticket": item}).encode()
    ticket = caller.next("01")
    assert ticket == Ticket("A001", "综合", datetime(2026, 12, 1, 9, 0), window="01")


def test_an_answer_too_big_is_refused(server: QueueServer, caller: HttpQueueCaller) -> None:
    server.state.garbage = b'{"waiting": 1, "pad": "' + b"x" * 100_000 + b'"}'
    with pytest.raises(QueueUnavailable, match="返回的数据无法识别"):
        caller.waiting("01")


def test_an_address_that_is_not_http() -> None:
    with pytest.raises(ValueError, match="http://"):
        HttpQueueCaller("ftp://10.0.0.1/queue")


def test_a_host_that_cannot_be_a_domain_name_is_said_in_chinese() -> None:
    caller = HttpQueueCaller("http://q..hall/queue", timeout_s=TIMEOUT)  # as an older station.json allowed
    with pytest.raises(QueueUnavailable) as refused:
        caller.waiting("01")
    assert "主机名无效" in str(refused.value) and "idna" not in str(refused.value)
