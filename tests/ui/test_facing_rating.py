"""好差评 on the facing screen: after each decision the applicant rates the service, once.

A level by click or by a keypad digit (the keypad is the applicant's from the decision until the clerk
presses another key on the counter window; said on the status bar), indicators, 跳过 (first page only)
as 未评价, 不选，直接提交 as the level alone, a level chosen but not submitted when the next intake starts,
the lock, sign-out or the program's end recorded as that level (未评价 only when none was chosen), a bad
rating opening the supervisor's follow-up, a bundle rated once, and the evaluation pad in place of the
facing screen. What is stored is read back through the counter session.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from hallapp.devices.pad import PadAnswer, RatingRequest
from hallapp.domain.rating import NOT_RATED_LABEL, Indicator, Level, RatingChannel
from hallapp.services.intake_inputs import BundleResult
from tests.people import SUPERVISOR
from tests.ui.facing_helpers import BUNDLE, KEYPAD, MATTER, Counter, open_facing_counter, open_window


@pytest.fixture
def counter(qtbot, ready_context):
    yield from open_facing_counter(qtbot, ready_context)


def test_a_decision_asks_for_the_rating_and_a_click_records_it(qtbot, counter, monkeypatch):
    monkeypatch.setattr("hallapp.ui.window_facing.THANKS_MS", 0)
    result = counter.take_in()
    facing, rating = counter.facing, counter.rating
    assert facing.pages.currentWidget() is rating and rating.asking
    assert MATTER in rating.matter.text()
    assert [b.text().split("\n")[0] for b in rating.level_buttons.values()] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    qtbot.mouseClick(rating.level_buttons[Level.SATISFIED], Qt.MouseButton.LeftButton)
    assert rating.stages.currentWidget() is rating.details
    assert set(rating.indicator_buttons) == {i for i in Indicator if not i.is_bad}  # what was good
    qtbot.mouseClick(rating.submit_button, Qt.MouseButton.LeftButton)
    stored = counter.settled(result.number)
    assert (stored.level, stored.channel, stored.indicators) == (
        Level.SATISFIED,
        RatingChannel.FACING_SCREEN,
        (),
    )
    assert not stored.is_bad and stored.followup is None
    qtbot.waitUntil(lambda: facing.pages.currentWidget() is facing.welcome)  # after the thank-you (0 ms)
    assert "张三" in facing.clerk.text()
    assert counter.window.status.text() == "申请人已评价：满意"


def test_a_bad_rating_with_indicators_opens_the_supervisors_follow_up(qtbot, counter, ready_context):
    from hallapp.services.session import CounterSession

    result = counter.take_in()
    rating = counter.rating
    qtbot.mouseClick(rating.level_buttons[Level.DISSATISFIED], Qt.MouseButton.LeftButton)
    for indicator in (Indicator.E11, Indicator.Q11):
        qtbot.mouseClick(rating.indicator_buttons[indicator], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rating.submit_button, Qt.MouseButton.LeftButton)
    counter.thanked()
    stored = counter.settled(result.number)
    assert stored.level is Level.DISSATISFIED and stored.is_bad
    assert stored.indicators == (Indicator.E11, Indicator.Q11) and stored.comment == ""
    assert counter.window.status.text() == "申请人评价：不满意（已转差评回访）"
    supervisor = CounterSession.open(ready_context, SUPERVISOR)
    (open_one,) = [r for r in supervisor.open_bad_ratings() if r.rating.service_number == result.number]
    assert open_one.rating.followup is not None and not open_one.overdue


def test_a_rating_the_register_refuses_is_said_in_words_and_can_be_submitted_again(
    qtbot, counter, monkeypatch
):
    from hallapp.domain.errors import UserError

    result = counter.take_in()
    rating, session = counter.rating, counter.window.session
    real = session.record_rating
    refusals = [UserError("评价未能保存，请重试")]

    def once_refused(*args, **kwargs):
        if refusals:
            raise refusals.pop()
        return real(*args, **kwargs)

    monkeypatch.setattr(session, "record_rating", once_refused)
    qtbot.mouseClick(rating.level_buttons[Level.SATISFIED], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rating.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(rating.error.text()))
    assert rating.asking and counter.facing.pages.currentWidget() is rating
    assert counter.unrated(result.number)
    qtbot.mouseClick(rating.submit_button, Qt.MouseButton.LeftButton)  # again
    counter.thanked()
    assert counter.settled(result.number).level is Level.SATISFIED


def test_skipping_records_not_rated_never_a_good_rating(qtbot, counter):
    result = counter.take_in()
    qtbot.mouseClick(counter.rating.skip_now, Qt.MouseButton.LeftButton)
    counter.thanked()
    stored = counter.settled(result.number)
    assert stored.level is None and stored.label == NOT_RATED_LABEL and not stored.is_rated
    assert counter.window.status.text() == "申请人未评价"


def test_after_a_level_the_details_page_submits_it_and_has_no_skip(qtbot, counter):
    result = counter.take_in()
    rating = counter.rating
    qtbot.mouseClick(rating.level_buttons[Level.BASICALLY_SATISFIED], Qt.MouseButton.LeftButton)
    assert rating.stages.currentWidget() is rating.details
    shown = [b.text() for b in rating.details.findChildren(QPushButton) if b.isVisibleTo(rating.details)]
    assert "不选，直接提交" in shown and not any("跳过" in text or "不评价" in text for text in shown)
    qtbot.mouseClick(rating.indicator_buttons[Indicator.A01], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rating.plain_button, Qt.MouseButton.LeftButton)  # the level, no indicator
    counter.thanked()
    stored = counter.settled(result.number)
    assert (stored.level, stored.indicators) == (Level.BASICALLY_SATISFIED, ())


def test_a_rating_still_asked_when_the_next_intake_starts_is_recorded_as_not_rated(qtbot, counter):
    first = counter.take_in(0)
    assert counter.rating.asking
    counter.robot.start_intake(MATTER)  # the next applicant sits down
    facing = counter.facing
    assert facing.pages.currentWidget() is facing.intake and not counter.rating.asking
    assert counter.settled(first.number).label == NOT_RATED_LABEL
    qtbot.keyClick(counter.window.intake.form.name.edit, Qt.Key.Key_5, KEYPAD)
    assert counter.rating.level is None  # no keypad digit reaches the old rating
    assert counter.settled(first.number).level is None


@pytest.mark.parametrize("leaving", ["next intake", "lock", "sign-out", "program ends"])
def test_a_level_chosen_but_not_submitted_is_recorded_as_that_level(qtbot, counter, ready_context, leaving):
    import time

    from hallapp.services.session import CounterSession
    from tests.people import CLERK

    window = counter.window
    result = counter.take_in()
    rating = counter.rating
    qtbot.mouseClick(rating.level_buttons[Level.DISSATISFIED], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rating.indicator_buttons[Indicator.E11], Qt.MouseButton.LeftButton)
    if leaving == "next intake":
        counter.robot.start_intake(MATTER)
    elif leaving == "lock":
        window.idle_guard.check(now=time.monotonic() + 60 * 60)
    elif leaving == "sign-out":
        window.detach()
    else:
        window.close()  # 退出 (Ctrl+Q): waits until the rating is stored
        stored = CounterSession.open(ready_context, CLERK).rating_of(result.number)
        assert stored is not None, "not stored before the program ends"
    assert not rating.asking
    window.ops.wait()
    stored = CounterSession.open(ready_context, CLERK).rating_of(result.number)
    assert (stored.level, stored.indicators) == (Level.DISSATISFIED, (Indicator.E11,)), leaving
    assert stored.followup is not None  # a bad rating goes to the supervisor, whenever it was left


def test_a_bundle_is_rated_once(qtbot, counter):
    result = counter.take_in(1, matter=BUNDLE, bundle=True)
    assert isinstance(result, BundleResult) and len(result.cases) > 1
    rating = counter.rating
    assert BUNDLE in rating.matter.text()
    qtbot.mouseClick(rating.level_buttons[Level.VERY_SATISFIED], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rating.submit_button, Qt.MouseButton.LeftButton)
    counter.thanked()
    stored = [counter.settled(case.number) for _name, case in result.cases]
    assert {(r.service_number, r.is_bundle, r.level) for r in stored} == {
        (result.reference, True, Level.VERY_SATISFIED)
    }


class WaitingPad:
    """A pad whose applicant answers when the test says so (or when the clerk moves on: cancel)."""

    name = "测试评价器"

    def __init__(self, answer: PadAnswer) -> None:
        self.answer = answer
        self.asked: list[RatingRequest] = []
        self.answer_now = threading.Event()
        self.cancelled = False

    def request_rating(self, request: RatingRequest, timeout_s: float) -> PadAnswer:
        self.asked.append(request)
        assert self.answer_now.wait(30)
        return PadAnswer(None) if self.cancelled else self.answer

    def ping(self) -> str:
        return self.name

    def cancel(self) -> None:
        self.cancelled = True
        self.answer_now.set()


@pytest.fixture
def pad_counter(qtbot, ready_context, monkeypatch):
    window = open_window(qtbot, ready_context, pad_source="fake")
    qtbot.waitUntil(lambda: window.facing is not None and window.facing.isVisible())
    pad = WaitingPad(PadAnswer(Level.SATISFIED, (Indicator.A01,), "很耐心"))
    monkeypatch.setattr(window.session, "evaluation_pad", lambda: pad)
    counter = Counter(qtbot, window)
    counter.pad = pad
    yield counter
    pad.answer_now.set()
    window.ops.wait()


def test_with_a_pad_the_applicant_rates_on_the_pad_and_its_answer_is_recorded(qtbot, pad_counter):
    counter, pad = pad_counter, pad_counter.pad
    result = counter.take_in()
    facing = counter.facing
    qtbot.waitUntil(lambda: bool(pad.asked))
    (request,) = pad.asked
    assert (request.rating_id, request.matter, request.staff_number) == (
        result.number,
        MATTER,
        "",
    )  # no login name sent as 工号
    assert facing.pages.currentWidget() is facing.message
    assert facing.message_head.text() == "请在评价器上评价"
    assert not counter.rating.asking  # nothing to press on the screen, no keypad taken
    pad.answer_now.set()  # the applicant presses 满意 on the pad
    counter.thanked()
    stored = counter.settled(result.number)
    assert (stored.level, stored.indicators, stored.comment, stored.channel) == (
        Level.SATISFIED,
        (Indicator.A01,),
        "很耐心",
        RatingChannel.PAD,
    )


def test_the_next_intake_stops_the_pad_waiting_and_the_service_is_not_rated(qtbot, pad_counter):
    counter, pad = pad_counter, pad_counter.pad
    result = counter.take_in()
    qtbot.waitUntil(lambda: bool(pad.asked))
    counter.robot.start_intake(MATTER)  # the applicant walked away from the pad
    qtbot.waitUntil(lambda: pad.cancelled)  # told on a worker: closing a connection may wait
    facing = counter.facing
    assert facing.pages.currentWidget() is facing.intake
    stored = counter.settled(result.number)
    assert stored.label == NOT_RATED_LABEL and stored.channel is RatingChannel.PAD


def test_signing_out_while_the_rating_is_asked_records_not_rated(qtbot, counter, ready_context):
    from hallapp.services.session import CounterSession
    from tests.people import CLERK

    window = counter.window
    result = counter.take_in()
    assert counter.rating.asking
    window.detach()  # 退出登录 (the sign-in dialog would follow)
    facing = counter.facing
    assert facing.pages.currentWidget() is facing.welcome and not counter.rating.asking
    window.ops.wait()
    stored = CounterSession.open(ready_context, CLERK).rating_of(result.number)
    assert stored is not None and stored.label == NOT_RATED_LABEL


def test_the_idle_lock_while_the_rating_is_asked_records_not_rated_and_shows_the_welcome(qtbot, counter):
    import time

    result = counter.take_in()
    guard = counter.window.idle_guard
    guard.check(now=time.monotonic() + 60 * 60)
    assert guard.dialog is not None
    facing = counter.facing
    assert facing.pages.currentWidget() is facing.welcome
    assert counter.settled(result.number).label == NOT_RATED_LABEL
    guard._unlocked(guard.dialog)  # as when the clerk's password was right
    assert facing.pages.currentWidget() is facing.welcome  # the rating is not asked again


def test_a_pad_that_cannot_be_reached_is_replaced_by_the_facing_screen(qtbot, pad_counter, monkeypatch):
    from hallapp.devices.pad import PadUnavailable

    class DownPad(WaitingPad):
        def request_rating(self, request: RatingRequest, timeout_s: float) -> PadAnswer:
            self.asked.append(request)
            raise PadUnavailable("无法连接评价器")

    counter = pad_counter
    down = DownPad(PadAnswer(None))
    monkeypatch.setattr(counter.window.session, "evaluation_pad", lambda: down)
    result = counter.take_in()
    rating = counter.rating
    qtbot.waitUntil(lambda: rating.asking)
    assert down.asked and counter.facing.pages.currentWidget() is rating
    qtbot.mouseClick(rating.level_buttons[Level.SATISFIED], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(rating.submit_button, Qt.MouseButton.LeftButton)
    stored = counter.settled(result.number)
    assert (stored.level, stored.channel) == (Level.SATISFIED, RatingChannel.FACING_SCREEN)
