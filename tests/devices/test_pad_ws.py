"""WebSocketPad against a simulated pad on 127.0.0.1 speaking docs/pad-contract.md: answers, skips, pad
timeouts, late and stale answers, a connection dropped mid-request, garbage, answers that break the
contract, and a pad that is down."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date

import pytest

from hallapp.devices.pad import EvaluationPad, PadAnswer, PadError, PadUnavailable, RatingRequest
from hallapp.devices.pad_factory import make_pad
from hallapp.devices.pad_ws import WebSocketPad
from hallapp.domain.rating import COMMENT_MAX_LENGTH, Indicator, Level
from hallapp.errors import describe, is_expected
from tests.devices.pad_sim import MODEL, VERSION, PadSim, PadState, refused_pad_url, running_pad
from tests.devices.queue_server import running_queue

TIMEOUT = 0.5  # the applicant's time in these tests; the simulated "late" applicant takes 2 s
REQUEST = RatingRequest(
    window="03",
    rating_id="SZ2026120100012",
    clerk="张三",
    staff_number="zhang.san",
    matter="创业培训补贴申领",
    on=date(2026, 12, 1),
)


@pytest.fixture
def sim() -> Iterator[PadSim]:
    with running_pad() as running:
        yield running


@pytest.fixture
def pad(sim: PadSim) -> WebSocketPad:
    return WebSocketPad(sim.url)


def ask(pad: WebSocketPad) -> PadAnswer:
    return pad.request_rating(REQUEST, TIMEOUT)


def refused_in_words(error: pytest.ExceptionInfo[PadError], *words: str) -> None:
    assert is_expected(error.value)
    text = describe(error.value)
    assert all(word in text for word in words), text


def test_it_is_an_evaluation_pad_and_the_factory_makes_it(sim: PadSim) -> None:
    made = make_pad("websocket", sim.url)
    assert isinstance(made, WebSocketPad) and isinstance(made, EvaluationPad)
    assert made.url == sim.url


def test_the_request_carries_the_service_and_a_new_id_each_time(sim: PadSim, pad: WebSocketPad) -> None:
    ask(pad)
    ask(pad)
    first, second = sim.state.requests()
    assert {k: v for k, v in first.items() if k != "id"} == {
        "type": "rating_request",
        "window": "03",
        "rating_id": "SZ2026120100012",
        "clerk": "张三",
        "staff_number": "zhang.san",
        "matter": "创业培训补贴申领",
        "date": "2026-12-01",
    }
    assert first["id"] and second["id"] and first["id"] != second["id"]


def test_a_rating_with_indicators_and_a_comment(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.level, sim.state.indicators = 2, ["E11", "A11"]
    sim.state.comment = "  等了很久  "
    answer = ask(pad)
    assert answer == PadAnswer(Level.DISSATISFIED, (Indicator.A11, Indicator.E11), "等了很久")
    assert answer.rated


def test_a_comment_of_exactly_the_limit_is_kept(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.comment = "好" * COMMENT_MAX_LENGTH
    assert ask(pad).comment == "好" * COMMENT_MAX_LENGTH


@pytest.mark.parametrize("how", ["skip", "null level"])
def test_skipping_is_not_rated(sim: PadSim, pad: WebSocketPad, how: str) -> None:
    if how == "skip":
        sim.state.behaviour = "skip"
    else:
        sim.state.level, sim.state.indicators = None, ["A01"]
    answer = ask(pad)
    assert answer == PadAnswer(None) and not answer.rated


def test_a_pad_timeout_is_not_rated_and_the_pad_is_told_to_clear(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.behaviour = "never"
    assert ask(pad) == PadAnswer(None)
    assert sim.state.closed.wait(5)
    request, cancel = sim.state.received
    assert cancel == {"type": "cancel", "id": request["id"]}


def test_a_late_answer_is_not_rated_and_reaches_no_later_request(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.behaviour, sim.state.delay, sim.state.level = "late", 2.0, 1
    assert ask(pad) == PadAnswer(None)
    sim.state.behaviour, sim.state.level = "answer", 4
    assert ask(pad).level is Level.SATISFIED


def test_a_stale_answer_for_an_earlier_request_is_ignored(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.stale, sim.state.level = True, 4
    assert ask(pad).level is Level.SATISFIED  # the stale one said 5
    sim.state.behaviour = "never"
    assert ask(pad) == PadAnswer(None)  # only the stale answer came: nothing recorded for this service


def test_an_answer_for_another_service_is_refused(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.rating_id = "SZ2026120100011"
    with pytest.raises(PadError) as error:
        ask(pad)
    refused_in_words(error, "另一项服务", "未记录")


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ({"level": 7}, "满意度 7 不是 1–5"),
        ({"level": "5"}, "不是 1–5"),
        ({"level": True}, "不是 1–5"),
        ({"level": 0}, "不是 1–5"),
        ({"indicators": ["A01", "Z99"]}, '未知的评价指标 "Z99"'),
        ({"indicators": "A01"}, "评价指标不是列表"),
        ({"comment": "差" * (COMMENT_MAX_LENGTH + 1)}, "超过 500 个字"),
        ({"comment": 12}, "评价内容不是文字"),
        ({"level": 1, "indicators": ["A01"]}, "只能选择存在的问题"),
        ({"level": 5, "indicators": ["E11"]}, "不能选择问题"),
    ],
)
def test_an_answer_breaking_the_contract_is_refused_whole(
    sim: PadSim, pad: WebSocketPad, answer: dict[str, object], words: str
) -> None:
    for key, value in answer.items():
        setattr(sim.state, key, value)
    with pytest.raises(PadError) as error:
        ask(pad)
    assert not isinstance(error.value, PadUnavailable)
    refused_in_words(error, "不符合接口规范", words, "本次评价未记录")


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("很满意", "不是 JSON"),
        ("[5]", "不是 JSON 对象"),
        (b"\x05", "二进制"),
        (json.dumps({"type": "rating", "rating_id": REQUEST.rating_id, "level": 5}), "没有请求编号"),
        ("x" * 20_000, "超过 16384 字节"),
    ],
)
def test_garbage_is_refused_in_words(sim: PadSim, pad: WebSocketPad, raw: str | bytes, words: str) -> None:
    sim.state.behaviour, sim.state.raw = "garbage", raw
    with pytest.raises(PadError) as error:
        ask(pad)
    refused_in_words(error, words)


def test_a_pad_refusing_the_request_says_so(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.behaviour, sim.state.raw = "raw", json.dumps({"type": "error", "code": "busy"})
    with pytest.raises(PadError) as error:
        ask(pad)
    refused_in_words(error, "评价器拒绝了请求（busy）")


def test_messages_of_other_types_are_ignored(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.behaviour, sim.state.raw = "raw", json.dumps({"type": "status", "battery": 80})
    assert ask(pad) == PadAnswer(None)  # nothing else came: the applicant's time ran out


def test_a_connection_dropped_mid_request_is_unavailable(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.behaviour = "drop"
    with pytest.raises(PadUnavailable) as error:
        ask(pad)
    refused_in_words(error, "评价器连接中断", "未能取得评价")


def test_a_pad_that_is_down_is_unavailable() -> None:
    with refused_pad_url() as url:
        pad = WebSocketPad(url)
        with pytest.raises(PadUnavailable) as error:
            ask(pad)
        refused_in_words(error, "无法连接评价器", "连接被拒绝")
        with pytest.raises(PadUnavailable):
            pad.ping()


def test_a_pad_going_down_between_services(sim: PadSim, pad: WebSocketPad) -> None:
    assert ask(pad).rated
    sim.down()
    with pytest.raises(PadUnavailable):
        ask(pad)


def test_an_address_that_is_no_pad_is_unavailable() -> None:
    with running_queue() as queue:  # an HTTP server, not a WebSocket one
        pad = WebSocketPad(f"ws://127.0.0.1:{queue.port}/")
        with pytest.raises(PadUnavailable) as error:
            pad.ping()
    refused_in_words(error, "不是评价器")


def test_ping_names_the_pad(sim: PadSim, pad: WebSocketPad) -> None:
    assert pad.ping() == f"{MODEL} {VERSION}"
    assert sim.state.received[0]["type"] == "ping"


def test_a_pad_not_answering_a_ping_is_unavailable(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.pong = False
    with pytest.raises(PadUnavailable) as error:
        pad.ping()
    refused_in_words(error, "没有回应")


def test_cancel_ends_a_waiting_request_as_not_rated(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.behaviour = "never"
    answers: list[PadAnswer] = []
    asking = threading.Thread(target=lambda: answers.append(pad.request_rating(REQUEST, 60)))
    asking.start()
    assert sim.state.requested.wait(5)
    pad.cancel()
    asking.join(10)
    assert answers == [PadAnswer(None)]


def test_cancel_while_connecting_sends_no_request(sim: PadSim, pad: WebSocketPad) -> None:
    sim.state.hold_handshake = threading.Event()
    answers: list[PadAnswer] = []
    asking = threading.Thread(target=lambda: answers.append(pad.request_rating(REQUEST, 60)))
    asking.start()
    assert sim.state.connecting.wait(5)
    pad.cancel()
    sim.state.hold_handshake.set()
    asking.join(10)
    assert answers == [PadAnswer(None)]
    assert sim.state.requests() == []  # the applicant was never asked


def test_cancel_with_nothing_waiting_changes_nothing(sim: PadSim, pad: WebSocketPad) -> None:
    pad.cancel()
    assert ask(pad).level is Level.VERY_SATISFIED


def test_a_pad_address_must_be_a_websocket_url() -> None:
    with pytest.raises(ValueError, match="ws://"):
        WebSocketPad("http://127.0.0.1:8765/")


def test_two_counters_pads_each_get_their_own_answers() -> None:
    with running_pad(PadState(level=5)) as one, running_pad(PadState(level=3)) as two:
        assert WebSocketPad(one.url).request_rating(REQUEST, TIMEOUT).level is Level.VERY_SATISFIED
        assert WebSocketPad(two.url).request_rating(REQUEST, TIMEOUT).level is Level.BASICALLY_SATISFIED
