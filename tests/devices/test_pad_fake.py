"""The fake evaluation pad: scripted answers, timeouts and failures in turn, then its default; the demo
pad's fixed answer says it is a demo; the factory's choices."""

from __future__ import annotations

from datetime import date

import pytest

from hallapp.devices.pad import EvaluationPad, PadAnswer, PadError, PadUnavailable, RatingRequest
from hallapp.devices.pad_factory import make_pad
from hallapp.devices.pad_fake import DEMO_ANSWER, FakePad
from hallapp.domain.rating import Indicator, Level

REQUEST = RatingRequest("03", "SZ2026120100012", "张三", "zhang.san", "创业培训补贴申领", date(2026, 12, 1))


def test_it_is_an_evaluation_pad() -> None:
    assert isinstance(FakePad(), EvaluationPad)


def test_the_script_is_answered_in_turn_then_the_default() -> None:
    bad = PadAnswer(Level.DISSATISFIED, (Indicator.E11,), "等太久")
    pad = FakePad([bad, None, PadError("评价器的回答不符合接口规范")], default=None)
    assert pad.request_rating(REQUEST, 30) == bad
    assert pad.request_rating(REQUEST, 30) == PadAnswer(None)  # the applicant let it time out
    with pytest.raises(PadError, match="不符合接口规范"):
        pad.request_rating(REQUEST, 30)
    assert pad.request_rating(REQUEST, 30) == PadAnswer(None)
    pad.then(PadAnswer(Level.VERY_SATISFIED))
    assert pad.request_rating(REQUEST, 30).level is Level.VERY_SATISFIED
    assert [timeout for _request, timeout in pad.requests] == [30] * 5
    assert pad.requests[0][0] == REQUEST


def test_the_demo_pad_answers_satisfied_and_says_it_is_a_demo() -> None:
    pad = make_pad("fake")
    assert isinstance(pad, FakePad)
    answer = pad.request_rating(REQUEST, 60)
    assert answer == DEMO_ANSWER and answer.level is Level.SATISFIED
    assert "演示" in answer.comment and "并非申请人的评价" in answer.comment
    assert "演示" in pad.ping() and "不是真实" in pad.name


def test_a_pad_that_is_down() -> None:
    pad = FakePad()
    pad.down = True
    with pytest.raises(PadUnavailable, match="无法连接评价器"):
        pad.request_rating(REQUEST, 60)
    with pytest.raises(PadUnavailable):
        pad.ping()
    assert pad.requests == [] and pad.pings == 1


def test_the_factory() -> None:
    assert make_pad("off") is None
    with pytest.raises(ValueError, match="unknown"):
        make_pad("bluetooth")
