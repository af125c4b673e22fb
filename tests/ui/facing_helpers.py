"""The counter window and its facing screen for the rating tests (test_facing_rating, test_facing_keypad)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hallapp.ui.main_window import MainWindow
from tests.services.intake_helpers import resident_id
from tests.ui.conftest import open_counter
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


def open_facing_counter(qtbot, ready_context):
    """The ``counter`` fixture's body: the window with the facing screen shown as a window."""
    window = open_window(qtbot, ready_context)
    qtbot.waitUntil(lambda: window.facing is not None and window.facing.isVisible())
    yield Counter(qtbot, window)
    window.ops.wait()
