"""好差评 on the facing screen: after each decision the applicant rates the service, once.

A level by click or by a keypad digit (the clerk's digits on the main row still reach the search box),
indicators and a comment, 跳过 as 未评价, a rating still asked when the next intake starts recorded as
未评价, a bad rating opening the supervisor's follow-up, a bundle rated once, and the evaluation pad in
place of the facing screen. What is stored is read back through the counter session.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from hallapp.devices.pad import PadAnswer, RatingRequest
from hallapp.domain.rating import NOT_RATED_LABEL, Indicator, Level, RatingChannel
from hallapp.services.intake_inputs import BundleResult
from hallapp.ui.main_window import MainWindow
from tests.people import SUPERVISOR
from tests.services.intake_helpers import resident_id
from tests.ui.conftest import commit_text, open_counter
from tests.ui.robot_clerk import RobotClerk

MATTER = "创业培训补贴申领"
BUNDLE = "新生儿出生一件事"
KEYPAD = Qt.KeyboardModifier.KeypadModifier
PEOPLE = (("李四", "44030819900101123"), ("王芳", "44030819850505456"), ("陈明", "44030819751212789"))


def open_window(qtbot, context, **station) -> MainWindow:
    return open_counter(qtbot, context, facing_screen="window", **station)


class Counter:
    """The counter window and its facing screen, with the decisions it stored."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot, self.window = qtbot, window
        self.robot = RobotClerk(qtbot, window)
        self.decided: list = []
        window.decided.connect(self.decided.append)

    @property
    def facing(self):
        return self.window.facing

    @property
    def rating(self):
        return self.window.facing.rating

    def take_in(self, person: int = 0, *, matter: str = MATTER, bundle: bool = False):
        """An intake with everything in, stored: its IntakeResult (or BundleResult)."""
        robot = self.robot
        robot.start_intake(matter, bundle=bundle)
        name, body = PEOPLE[person]
        robot.fill_applicant(name, resident_id(body), "13812345678")
        robot.to_checklist()
        robot.key(Qt.Key.Key_A)
        count = len(self.decided)
        robot.decide()
        self.qtbot.waitUntil(lambda: len(self.decided) > count)
        return self.decided[-1]

    def settled(self, number: str):
        """The stored rating of ``number``, once it is stored."""
        session = self.window.session
        self.qtbot.waitUntil(lambda: session.rating_of(number) is not None, timeout=10_000)
        return session.rating_of(number)

    def unrated(self, number: str) -> bool:
        """Nothing stored for ``number`` once every lane is idle and its answers are in."""
        self.window.ops.wait()
        self.qtbot.wait(50)
        self.window.ops.wait()
        return self.window.session.rating_of(number) is None

    def thanked(self) -> None:
        facing = self.facing
        self.qtbot.waitUntil(
            lambda: facing.pages.currentWidget() is facing.message and "感谢" in facing.message_head.text()
        )


@pytest.fixture
def counter(qtbot, ready_context):
    window = open_window(qtbot, ready_context)
    qtbot.waitUntil(lambda: window.facing is not None and window.facing.isVisible())
    yield Counter(qtbot, window)
    window.ops.wait()


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
    assert "zhang.san" in facing.clerk.text()


def test_keypad_digits_rate_and_the_main_row_digits_stay_the_clerks(qtbot, counter):
    result = counter.take_in()
    rating, box = counter.rating, counter.window.search_panel.search_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_4)  # the clerk types a 4 on the main row: into the search box
    assert box.text() == "4" and rating.level is None
    qtbot.keyClick(box, Qt.Key.Key_5, KEYPAD)  # the applicant's keypad: 非常满意
    assert rating.level is Level.VERY_SATISFIED and box.text() == "4"
    qtbot.keyClick(box, Qt.Key.Key_2, KEYPAD)  # changed their mind: 不满意
    assert rating.level is Level.DISSATISFIED
    assert set(rating.indicator_buttons) == {i for i in Indicator if i.is_bad}  # what went wrong
    qtbot.keyClick(box, Qt.Key.Key_3, KEYPAD)
    qtbot.keyClick(box, Qt.Key.Key_Enter, KEYPAD)  # keypad Enter: 提交
    counter.thanked()
    assert counter.settled(result.number).level is Level.BASICALLY_SATISFIED
    qtbot.keyClick(box, Qt.Key.Key_1, KEYPAD)  # nothing asked any more: the keypad is the clerk's again
    assert box.text() == "41"


def test_a_bad_rating_with_indicators_and_a_comment_opens_the_supervisors_follow_up(
    qtbot, counter, ready_context
):
    from hallapp.services.session import CounterSession

    result = counter.take_in()
    rating = counter.rating
    qtbot.mouseClick(rating.level_buttons[Level.DISSATISFIED], Qt.MouseButton.LeftButton)
    for indicator in (Indicator.E11, Indicator.Q11):
        qtbot.mouseClick(rating.indicator_buttons[indicator], Qt.MouseButton.LeftButton)
    commit_text(rating.comment, "等候时间太长，材料没有一次说清")
    qtbot.mouseClick(rating.submit_button, Qt.MouseButton.LeftButton)
    counter.thanked()
    stored = counter.settled(result.number)
    assert stored.level is Level.DISSATISFIED and stored.is_bad
    assert stored.indicators == (Indicator.E11, Indicator.Q11)
    assert stored.comment == "等候时间太长，材料没有一次说清"
    supervisor = CounterSession.open(ready_context, SUPERVISOR)
    (open_one,) = [r for r in supervisor.open_bad_ratings() if r.rating.service_number == result.number]
    assert open_one.rating.followup is not None and not open_one.overdue


def test_a_comment_the_rules_refuse_is_said_in_words_and_nothing_is_stored(qtbot, counter):
    result = counter.take_in()
    rating = counter.rating
    qtbot.mouseClick(rating.level_buttons[Level.SATISFIED], Qt.MouseButton.LeftButton)
    rating.comment.setText("很好\x07")  # a control character
    qtbot.mouseClick(rating.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(rating.error.text()))
    assert rating.asking and counter.facing.pages.currentWidget() is rating
    assert counter.unrated(result.number)
    qtbot.mouseClick(rating.skip_button, Qt.MouseButton.LeftButton)  # then 跳过
    counter.thanked()
    assert counter.settled(result.number).label == NOT_RATED_LABEL


def test_skipping_records_not_rated_never_a_good_rating(qtbot, counter):
    result = counter.take_in()
    qtbot.mouseClick(counter.rating.skip_now, Qt.MouseButton.LeftButton)
    counter.thanked()
    stored = counter.settled(result.number)
    assert stored.level is None and stored.label == NOT_RATED_LABEL and not stored.is_rated


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
    assert (request.rating_id, request.matter, request.staff_number) == (result.number, MATTER, "zhang.san")
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
    assert pad.cancelled
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
