"""The issue's typical deferred intake, counted in key presses at the real window: a known matter with five
materials (灵活就业人员社会保险补贴申领, one of them 容缺-eligible), a first-time applicant, everything
handed in but the one material deferred, the commitment signed, the decision stored.

Counted from the empty search box with the keyboard in it (the window puts it there after each decision)
to the moment the decision is stored (``MainWindow.decided``): the search typed, F5, the applicant, the
checklist, Alt+C, Ctrl+Enter. What the app receives is counted, not what the robot meant to press: an
application-wide event filter sees every key press (a key taken by a shortcut — F4, F5, Alt+C,
Ctrl+Enter — reaches the app as a shortcut override and never as a KeyPress, so it is counted there) and
every character an input method commits (each Chinese character one key press). A chord is as many
presses as keys held down: Ctrl+End is two (Ctrl, then End), as the app receives them.

Once with the card read (F4), once typing the name and the ID number: the card must stay within the
issue's 30 and save at least the characters it spares the clerk from typing.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from hallapp.services.intake_inputs import Decision, IntakeResult
from tests.services.intake_helpers import resident_id
from tests.ui.robot_clerk import CTRL, RobotClerk, focused
from tests.ui.test_card_intake import card, open_window, reader  # noqa: F401 - the fake reader fixture

MATTER = "灵活就业人员社会保险补贴申领"
SEARCH = "lhjy"  # its pinyin initials' first four: already the only hit
MODIFIER_KEYS = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.MetaModifier,
)
TARGET = 30  # the target for this intake with a card read
WITH_CARD = card("李小红", resident_id("44030519901001002"))
TYPED_NAME, TYPED_ID = "陈晓明", resident_id("44030819900101123")


class KeyCounter(QObject):
    """Every key press and committed character the application receives, once each.

    Qt hands an unaccepted key event on to the parent widgets, each hop passing the filter again; a
    hop is the same event object arriving at an ancestor of the widget it was last seen at, and is not
    counted again. A key press arrives as a shortcut override first, then (unless a shortcut took it) as
    a KeyPress of the same key: one press. Only widgets are looked at (a real platform also shows the
    event to the window's handle first).
    """

    def __init__(self) -> None:
        super().__init__()
        self.presses: list[str] = []  # what was pressed, for the printout
        self._override: tuple[int, int] | None = None  # a press counted at its shortcut override
        self._seen: tuple[int, int, QWidget] | None = None  # (type, event pointer, receiver) last seen

    def total(self) -> int:
        return len(self.presses)

    def _hop(self, event: QEvent, receiver: QWidget) -> bool:
        pointer = shiboken6.getCppPointer(event)[0]
        last = self._seen
        self._seen = (int(event.type().value), pointer, receiver)
        return (
            last is not None
            and last[:2] == self._seen[:2]
            and shiboken6.isValid(last[2])
            and receiver.isAncestorOf(last[2])
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.InputMethod):
            return False
        if not isinstance(watched, QWidget) or self._hop(event, watched):
            return False
        if isinstance(event, QInputMethodEvent):
            self.presses += list(event.commitString())  # each character one key press
            return False
        assert isinstance(event, QKeyEvent)
        press = (int(event.key()), int(event.modifiers().value))
        if kind == QEvent.Type.ShortcutOverride:
            self._override = press
        elif self._override == press:
            self._override = None  # the KeyPress of a press already counted at its override
            return False
        text = event.text()
        shown = text if text.strip() and text.isprintable() else Qt.Key(event.key()).name.removeprefix("Key_")
        self.presses.append(shown)
        return False


class CountingRobot(RobotClerk):
    """The robot clerk, keeping its own tally of what it pressed and typed (to check the app's count)."""

    sent: int = 0

    def key(self, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        self.sent += 1 + sum(bool(modifiers & held) for held in MODIFIER_KEYS)  # Ctrl, Shift, Alt down first
        super().key(key, modifiers)

    def type(self, value: str) -> None:
        self.sent += len(value)
        super().type(value)


def deferred_intake(qtbot, window, *, use_card: bool, phone: str) -> tuple[int, int, IntakeResult]:
    """One deferred intake from the empty search box; (keys the app received, keys the robot sent,
    the stored result)."""
    robot = CountingRobot(qtbot, window)
    box = window.search_panel.search_box
    box.clear()
    box.setFocus()
    qtbot.waitUntil(lambda: focused() is box)
    stored: list[IntakeResult] = []
    counter = KeyCounter()
    counted: list[int] = []

    def decided(result: IntakeResult) -> None:
        counted.append(counter.total())
        stored.append(result)

    window.decided.connect(decided)
    app = QApplication.instance()
    app.installEventFilter(counter)
    try:
        robot.type(SEARCH)
        model = window.search_panel.model
        robot.wait(lambda: model.rowCount() > 0 and model.hit(0).name == MATTER)
        robot.wait(lambda: getattr(window.guide_view.guide, "name", None) == MATTER)
        robot.key(Qt.Key.Key_F5)
        robot.wait(lambda: window.work.currentWidget() is window.intake)
        page = window.intake
        form = page.form
        robot.wait(lambda: focused() is form.name.edit)
        guide = page.guide
        materials = guide.materials_for({})
        assert len(materials) == 5 and not guide.situations
        deferrable = [i for i, m in enumerate(materials) if m.deferrable]
        assert deferrable == [len(materials) - 1]
        if use_card:
            robot.key(Qt.Key.Key_F4)
            robot.wait(lambda: form.id_number.text() == WITH_CARD.id_number and focused() is form.phone.edit)
            robot.type(phone)
        else:
            robot.fill_applicant(TYPED_NAME, TYPED_ID, phone)
        robot.to_checklist()
        robot.key(Qt.Key.Key_A)  # everything handed in …
        robot.key(Qt.Key.Key_End, CTRL)  # … but the last row's material,
        assert page.table.currentIndex().row() == deferrable[0]
        robot.key(Qt.Key.Key_D)  # deferred
        robot.sign_commitment()
        before = window.preview
        robot.key(Qt.Key.Key_Return, CTRL)
        robot.wait(lambda: bool(stored))
    finally:
        app.removeEventFilter(counter)
        window.decided.disconnect(decided)
    preview = robot.new_dialog(lambda: window.preview, before)  # the documents, shown once printed
    preview.close()
    robot.back_to_window()
    robot.wait(lambda: window.work.currentWidget() is window.lookup)
    print(f"{'with' if use_card else 'without'} a card: {counted[0]} keys: {' '.join(counter.presses)}")
    return counted[0], robot.sent, stored[0]


def test_the_typical_deferred_intake_takes_at_most_30_keys_with_a_card(qtbot, ready_context, reader):  # noqa: F811
    window = open_window(qtbot, ready_context, card_adapter="fake")
    reader.put(WITH_CARD)
    with_card, sent_with, first = deferred_intake(qtbot, window, use_card=True, phone="13800138000")
    without, sent_without, second = deferred_intake(qtbot, window, use_card=False, phone="13900139000")
    print(f"the typical deferred intake: {with_card} key presses with a card read, {without} without")

    # The app received what the robot pressed and typed, neither more nor less (the filter misses
    # nothing and counts nothing twice).
    assert (with_card, without) == (sent_with, sent_without)
    assert with_card <= TARGET
    # The card spares at least every character of the name and the number (F4 costs what the Tab
    # from the name to the number would have).
    assert without - with_card >= len(TYPED_NAME) + len(TYPED_ID)
    for result in (first, second):
        assert isinstance(result, IntakeResult) and result.decision is Decision.DEFER
    registered: list[list] = []
    window.ops.run(
        window,
        lambda s: [s.returning_applicant("person", n) for n in (WITH_CARD.id_number, TYPED_ID)],
        registered.append,
        key="registered",
    )
    qtbot.waitUntil(lambda: bool(registered))
    assert [(a.name, a.phone) for a in registered[0]] == [
        ("李小红", "13800138000"),
        (TYPED_NAME, "13900139000"),
    ]
    window.ops.wait()
