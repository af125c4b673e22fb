"""The in-memory queue system behaves as the contract says a real one does."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hallapp.devices.queue import QueueCaller, QueueRefused, QueueUnavailable, Ticket, check_window
from hallapp.devices.queue_factory import QueueSettings, make_queue_caller, queue_settings_of
from hallapp.devices.queue_fake import FakeQueueCaller, demo_queue
from hallapp.devices.queue_http import HttpQueueCaller


def _queue() -> FakeQueueCaller:
    minutes = iter(range(100))
    start = datetime(2026, 12, 1, 9, 0)
    return FakeQueueCaller(
        {"A": "综合受理", "B": "社保医保"},
        {"01": ("A", "B"), "02": ("A",)},
        now=lambda: start + timedelta(minutes=next(minutes)),
    )


def test_it_is_a_queue_caller() -> None:
    assert isinstance(_queue(), QueueCaller)


def test_windows_call_the_oldest_ticket_of_their_groups() -> None:
    queue = _queue()
    queue.issue("B")
    queue.issue("A")
    queue.issue("A")
    assert queue.waiting("01") == 3 and queue.waiting("02") == 2
    first = queue.next("02")
    assert first is not None and (first.number, first.group, first.window) == ("A001", "综合受理", "02")
    second = queue.next("01")
    assert second is not None and second.number == "B001"
    assert queue.waiting("01") == 1
    assert queue.calls == [("02", "A001"), ("01", "B001")]


def test_calling_the_next_finishes_the_one_before() -> None:
    queue = _queue()
    queue.issue("A")
    ticket = queue.next("01")
    assert ticket is not None and queue.state("A001") == "called"
    assert queue.next("01") is None
    assert queue.state("A001") == "done"
    with pytest.raises(QueueRefused, match="A001当前不能重呼"):
        queue.recall(ticket)


def test_recall_skip_and_link() -> None:
    queue = _queue()
    queue.issue("A")
    ticket = queue.next("01")
    assert ticket is not None
    queue.recall(ticket)
    queue.link(ticket, "PS-1")
    queue.link(ticket, " PS-1 ")
    assert queue.recalls("A001") == 1 and queue.cases("A001") == ["PS-1"]
    queue.skip(ticket)
    assert queue.state("A001") == "skipped"
    with pytest.raises(QueueRefused, match="不能过号"):
        queue.skip(ticket)
    with pytest.raises(QueueRefused, match="办件编号为空"):
        queue.link(ticket, " ")


def test_another_window_cannot_act_on_a_called_ticket() -> None:
    queue = _queue()
    queue.issue("A")
    ticket = queue.next("01")
    assert ticket is not None
    with pytest.raises(QueueRefused, match="不能转移"):
        queue.transfer(Ticket(ticket.number, ticket.group, ticket.issued_at, window="02"), "01")


def test_a_transferred_ticket_is_called_first_at_its_new_window() -> None:
    queue = _queue()
    queue.issue("A")
    queue.issue("B")
    queue.issue("A")
    first = queue.next("01")
    assert first is not None and first.number == "A001"
    queue.transfer(first, "02")
    assert queue.waiting("02") == 2 and queue.waiting("01") == 2  # B001, A002 (A001 is 02's now)
    again = queue.next("02")
    assert again is not None and (again.number, again.window) == ("A001", "02")
    with pytest.raises(QueueRefused, match="没有这个窗口号"):
        queue.transfer(again, "09")


def test_unknown_windows_groups_and_tickets() -> None:
    queue = _queue()
    with pytest.raises(QueueRefused, match="没有这个窗口号"):
        queue.next("05")
    with pytest.raises(QueueRefused, match="没有 A404 号"):
        queue.link(Ticket("A404", "综合受理", datetime(2026, 12, 1)), "PS-1")
    with pytest.raises(ValueError, match="unknown groups"):
        FakeQueueCaller({"A": "综合受理"}, {"01": ("A", "Z")})
    with pytest.raises(ValueError, match="no group"):
        queue.issue("Z")


def test_pretending_to_be_down() -> None:
    queue = _queue()
    queue.issue("A")
    queue.unavailable = "无法连接排队叫号系统（演示）"
    with pytest.raises(QueueUnavailable, match="演示"):
        queue.next("01")
    with pytest.raises(QueueUnavailable):
        queue.waiting("01")
    queue.unavailable = ""
    assert queue.waiting("01") == 1


@pytest.mark.parametrize("window", ["", "   ", "01/02", "a" * 11, "1%2"])
def test_windows_that_cannot_be_windows(window: str) -> None:
    with pytest.raises(QueueRefused, match="窗口号"):
        check_window(window)


def test_ticket_numbers_are_checked() -> None:
    with pytest.raises(ValueError):
        Ticket("A 01", "综合受理", datetime(2026, 12, 1))
    assert Ticket("A023", "综合受理", datetime(2026, 12, 1)).label == "A023 综合受理"


def test_the_demo_queue_has_tickets_waiting() -> None:
    queue = demo_queue("AB")
    assert queue.waiting("01") == 2 and queue.waiting("03") == 0


def test_the_factory_follows_the_settings() -> None:
    assert make_queue_caller(QueueSettings()) is None
    assert isinstance(make_queue_caller(QueueSettings("fake")), FakeQueueCaller)
    http = make_queue_caller(QueueSettings("http", "http://10.1.2.3:8080/queue", 1500))
    assert isinstance(http, HttpQueueCaller) and http.timeout_s == 1.5
    with pytest.raises(ValueError, match="http://"):
        make_queue_caller(QueueSettings("http", "10.1.2.3"))
    with pytest.raises(ValueError, match="来源只能是"):
        make_queue_caller(QueueSettings("serial"))


def test_settings_without_queue_fields_mean_no_queue() -> None:
    class Station:
        window = "01"

    class Configured:
        queue_source = "http"
        queue_url = " http://q.hall/api "
        queue_timeout_ms = True  # mistyped: the default

    assert queue_settings_of(Station()) == QueueSettings()
    assert queue_settings_of(Configured()) == QueueSettings("http", "http://q.hall/api", 2000)
