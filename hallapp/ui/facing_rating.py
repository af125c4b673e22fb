"""The rating on the facing screen (好差评): five large choices, then optional indicators.

The applicant touches or clicks a level — 非常满意 (5) … 非常不满意 (1) — or presses its digit on the small
keypad on the counter (``facing_keypad.KeypadRating``). Then what was good (or, for 不满意 and worse, what
went wrong: the domain's ``Indicator`` by polarity), optional: 提交评价 (keypad Enter) records the level
with what was touched, 不选，直接提交 the level alone. Only the first page has 跳过，不评价, recorded as
未评价 — never a default good rating; a level once chosen is never thrown away (``chosen_answer``: what
the window records when the applicant leaves without submitting). No typed comment: nobody on the
applicant's side has a keyboard but the clerk's; a written comment comes from the evaluation pad.
The page only asks: recording is the window's (``window_facing``), on the database lane.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.rating import Indicator, Level, RatingChannel
from hallapp.services.intake_inputs import BundleResult

if TYPE_CHECKING:
    from hallapp.devices.pad import PadAnswer
    from hallapp.services.intake_inputs import IntakeResult
    from hallapp.services.session import CounterSession

LEVEL_COLOURS = {
    Level.VERY_SATISFIED: "#047857",
    Level.SATISFIED: "#15803d",
    Level.BASICALLY_SATISFIED: "#a16207",
    Level.DISSATISFIED: "#c2410c",
    Level.VERY_DISSATISFIED: "#b91c1c",
}
SKIP_STYLE = "QPushButton { background: #e2e8f0; color: #334155; border-radius: 10px; padding: 8px 28px; }"
KEYPAD_HINT = "也可按评价键盘上的数字 5–1 选择"


def indicators_for(level: Level) -> tuple[Indicator, ...]:
    """What the applicant may tick with ``level``: what went wrong for a bad rating, else what was good."""
    return tuple(i for i in Indicator if i.is_bad == level.is_bad)


def _font(widget: QWidget, size: int, *, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSize(size)
    font.setBold(bold)
    widget.setFont(font)


def _button(text: str, size: int, *, checkable: bool = False) -> QPushButton:
    button = QPushButton(text)
    _font(button, size, bold=not checkable)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a touch never moves the clerk's keyboard anywhere
    button.setCheckable(checkable)
    button.setAutoDefault(False)
    return button


class RatingPage(QWidget):
    """Asks one service's rating; emits ``answered(level, indicators)`` or ``skipped``."""

    answered = Signal(object, object)  # Level, tuple[Indicator, ...]
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.level: Level | None = None
        self.asking = False  # a rating is asked and not yet handed over to be recorded
        self.title = QLabel("请您对本次服务进行评价")
        _font(self.title, 28, bold=True)
        self.title.setStyleSheet("color: #1e3a8a;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.matter = QLabel()
        _font(self.matter, 18)
        self.matter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.matter.setWordWrap(True)
        self.matter.setTextFormat(Qt.TextFormat.PlainText)
        self.stages = QStackedWidget()

        self.levels = QWidget()
        row = QHBoxLayout(self.levels)
        row.setSpacing(16)
        self.level_buttons: dict[Level, QPushButton] = {}
        for level in Level:  # 5 … 1, 非常满意 first
            button = _button(f"{level.label}\n（{int(level)}）", 22)
            button.setMinimumHeight(150)
            colour = LEVEL_COLOURS[level]
            button.setStyleSheet(
                f"QPushButton {{ color: white; background: {colour}; border-radius: 12px; padding: 12px; }}"
            )
            button.clicked.connect(lambda _checked=False, chosen=level: self.choose(chosen))
            row.addWidget(button)
            self.level_buttons[level] = button
        hint = QLabel(KEYPAD_HINT)
        _font(hint, 15)
        hint.setStyleSheet("color: #475569;")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.skip_now = _button("跳过，不评价", 16)
        self.skip_now.setMinimumHeight(56)
        self.skip_now.setStyleSheet(SKIP_STYLE)
        self.skip_now.clicked.connect(self.skip)
        levels_page = QWidget()
        column = QVBoxLayout(levels_page)
        column.addStretch(1)
        column.addWidget(self.levels)
        column.addSpacing(12)
        column.addWidget(hint)
        column.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.skip_now)
        column.addLayout(bottom)

        details = QWidget()
        self.chosen = QLabel()
        _font(self.chosen, 22, bold=True)
        self.again = _button("重新选择", 15)
        self.again.setMinimumHeight(48)
        self.again.setStyleSheet(SKIP_STYLE)
        self.again.clicked.connect(self.ask_level)
        self.indicator_heading = QLabel()
        _font(self.indicator_heading, 17)
        self.indicator_grid = QGridLayout()
        self.indicator_grid.setSpacing(10)
        self.indicator_buttons: dict[Indicator, QPushButton] = {}
        self.error = QLabel()
        self.error.setObjectName("ratingError")
        _font(self.error, 16)
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setWordWrap(True)
        self.submit_button = _button("提交评价", 20)
        self.submit_button.setMinimumHeight(64)
        self.submit_button.setStyleSheet(
            "QPushButton { color: white; background: #1d4ed8; border-radius: 10px; padding: 8px 32px; }"
        )
        self.submit_button.clicked.connect(self.submit)
        self.plain_button = _button("不选，直接提交", 18)  # the level alone, nothing more touched
        self.plain_button.setMinimumHeight(64)
        self.plain_button.setStyleSheet(SKIP_STYLE)
        self.plain_button.clicked.connect(self.submit_plain)
        top = QHBoxLayout()
        top.addWidget(self.chosen, 1)
        top.addWidget(self.again)
        buttons = QHBoxLayout()
        keys = QLabel("评价键盘：回车 提交")
        _font(keys, 14)
        keys.setStyleSheet("color: #475569;")
        buttons.addWidget(keys, 1)
        buttons.addWidget(self.plain_button)
        buttons.addWidget(self.submit_button)
        column = QVBoxLayout(details)
        column.setSpacing(10)
        column.addLayout(top)
        column.addWidget(self.indicator_heading)
        column.addLayout(self.indicator_grid)
        column.addWidget(self.error)
        column.addStretch(1)
        column.addLayout(buttons)

        self.stages.addWidget(levels_page)
        self.stages.addWidget(details)
        self.levels_page, self.details = levels_page, details
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.matter)
        layout.addWidget(self.stages, 1)

    # -- the steps ------------------------------------------------------------------------------------------

    def ask(self, matter: str) -> None:
        """A new rating: of the service ``matter`` (its name), nothing chosen yet."""
        self.reset()
        self.matter.setText(f"办理事项：{matter}")
        self.asking = True

    def ask_level(self) -> None:
        self.level = None
        self.error.clear()
        self.stages.setCurrentWidget(self.levels_page)

    def choose(self, level: Level) -> None:
        """A level chosen (touch, click or keypad digit): then the optional indicators."""
        if not self.asking:
            return
        self.level = level
        self.error.clear()
        self.chosen.setText(f"您的评价：{level.label}")
        self.chosen.setStyleSheet(f"color: {LEVEL_COLOURS[level]};")
        self.indicator_heading.setText(
            "请选择存在的问题（可多选，选填）：" if level.is_bad else "请选择满意的方面（可多选，选填）："
        )
        self._build_indicators(indicators_for(level))
        self.stages.setCurrentWidget(self.details)

    def chosen_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i, button in self.indicator_buttons.items() if button.isChecked())

    def chosen_answer(self) -> tuple[Level, tuple[Indicator, ...]] | None:
        """What the applicant has chosen so far (None: no level): recorded as it is if they leave."""
        return None if self.level is None else (self.level, self.chosen_indicators())

    def submit(self) -> None:
        """提交评价: the level with what was touched."""
        if not self.asking or self.level is None:
            return
        self.set_busy(True)
        self.answered.emit(self.level, self.chosen_indicators())

    def submit_plain(self) -> None:
        """不选，直接提交: the level chosen, no indicator."""
        if not self.asking or self.level is None:
            return
        for button in self.indicator_buttons.values():
            button.setChecked(False)
        self.submit()

    def skip(self) -> None:
        """跳过，不评价 (the first page only): 未评价."""
        if not self.asking or self.level is not None:
            return
        self.set_busy(True)
        self.skipped.emit()

    def set_busy(self, busy: bool) -> None:
        """While the answer is recorded nothing can be pressed twice; ``asking`` ends with it."""
        self.asking = not busy
        for button in (
            self.submit_button,
            self.plain_button,
            self.skip_now,
            self.again,
            *self.level_buttons.values(),
        ):
            button.setEnabled(not busy)

    def fail(self, words: str) -> None:
        """The answer could not be recorded: say why, and let the applicant correct or skip."""
        self.set_busy(False)
        self.error.setText(words)

    def reset(self) -> None:
        self.asking = False
        self.set_busy(False)
        self.asking = False
        self.level = None
        self.matter.clear()
        self.error.clear()
        self._build_indicators(())
        self.stages.setCurrentWidget(self.levels_page)

    def _build_indicators(self, indicators: tuple[Indicator, ...]) -> None:
        for button in self.indicator_buttons.values():
            self.indicator_grid.removeWidget(button)
            button.hide()  # gone from the screen now, not at the next turn of the event loop
            button.deleteLater()
        self.indicator_buttons = {}
        for place, indicator in enumerate(indicators):
            button = _button(indicator.label, 16, checkable=True)
            button.setMinimumHeight(52)
            button.setStyleSheet(
                "QPushButton { background: #e2e8f0; border-radius: 8px; padding: 6px; }"
                "QPushButton:checked { background: #1d4ed8; color: white; }"
            )
            self.indicator_grid.addWidget(button, place // 3, place % 3)
            self.indicator_buttons[indicator] = button


@dataclass(frozen=True)
class RatedService:
    """What is rated after a decision: the number to record it by, the number shown, the matter."""

    number: str  # a case number, or a bundle's reference (rated once, as one service)
    shown: str  # the case number, or the bundle's reference printed on its receipt
    matter: str


def rated_service(result: IntakeResult | BundleResult, matter: str) -> RatedService:
    if isinstance(result, BundleResult):
        return RatedService(result.reference, result.reference, matter)
    return RatedService(result.number, result.number, matter)


def record_pad_answer(session: CounterSession, number: str, answer: PadAnswer) -> object:
    """The pad's answer recorded (channel PAD): a level as the rating, nothing as 未评价."""
    if answer.level is None:
        return session.skip_rating(number, RatingChannel.PAD)
    return session.record_rating(number, answer.level, answer.indicators, answer.comment, RatingChannel.PAD)
