"""The screen facing the applicant (对外显示屏): in large print, what the clerk is doing for them.

Idle: the hall's welcome, this window and the clerk's name and staff number (the account, never a
photo). During an intake: the matter (or bundle), each material and what happened to it in plain words
(已收取 / 电子证照 / 容缺后补 / 缺少), the applicant's name with the ID and phone masked as on a receipt,
the verdict in plain words, what is still missing and the deadline in working days for 容缺. After the
decision: the rating (``facing_rating.RatingPage``), the only thing on it that can be clicked.

What it shows is worked out here from the intake page's own state (``describe_intake``), synchronously
on the page's signals: no database, no worker, nothing that could lag behind the clerk's screen. It
never holds anything of an applicant after the intake closed: ``show_welcome`` clears every label.
Review notes (审查要点), licence numbers and the clerk's messages are never put on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QScreen
from PySide6.QtWidgets import QGridLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from hallapp.domain.identity import mask_id, mask_phone, normalise_id, phone_problem
from hallapp.domain.intake import MaterialCheck, Outcome, Verdict, VerdictKind, deferral_days
from hallapp.ui.facing_rating import RatingPage

if TYPE_CHECKING:
    from hallapp.domain.catalogue import Guide
    from hallapp.domain.workdays import WorkdayCalendar
    from hallapp.ui.intake_page import IntakePage

ID_LENGTH = 18
WAITING = "待核对"
STATE_WORDS = {
    Outcome.RECEIVED: "已收取",
    Outcome.LICENCE: "电子证照（免提交）",
    Outcome.DEFERRED: "容缺后补",
    Outcome.MISSING: "缺少",
    Outcome.NOT_NEEDED: "未提交（非必要）",
}
STATE_COLOURS = {
    Outcome.RECEIVED: "#047857",
    Outcome.LICENCE: "#047857",
    Outcome.DEFERRED: "#c2410c",
    Outcome.MISSING: "#b91c1c",
    Outcome.NOT_NEEDED: "#64748b",
}
WAITING_COLOUR = "#475569"
VERDICT_COLOURS = {
    VerdictKind.ACCEPTABLE: "#047857",
    VerdictKind.ACCEPTABLE_WITH_MISSING: "#c2410c",
    VerdictKind.NOT_ACCEPTABLE: "#b91c1c",
}
CHECKING = "工作人员正在核对您的材料，请稍候"
VERDICT_WORDS = {
    VerdictKind.ACCEPTABLE: "材料齐全，可以受理",
    VerdictKind.ACCEPTABLE_WITH_MISSING: "可以容缺受理：签署承诺书后先受理，缺少的材料在期限内补交",
    VerdictKind.NOT_ACCEPTABLE: "材料不齐，暂不能受理：工作人员将一次性告知您需补齐的全部材料",
}
INSTANT_WORDS = "材料齐全，当场办结"
EXPLAINED = "暂不能受理，请听工作人员说明"  # rule problems only: the clerk explains, no internal words here


# -- what the screen says, worked out from the intake page ---------------------------------------------------


@dataclass(frozen=True)
class FacingIntake:
    """Everything the facing screen shows of one intake, in the applicant's words."""

    title: str  # 办理事项：… or 一件事一次办：…
    applicant: str  # 申请人：name  身份证：masked  电话：masked
    rows: tuple[tuple[str, str, str], ...]  # (material, state in words, colour)
    verdict: str
    verdict_colour: str
    missing: str = ""  # 还缺：…
    deadline: str = ""  # 容缺后补：…，请在 N 个工作日内（…前）补交
    extra: tuple[str, ...] = field(default=())  # a bundle: one line per matter


def state_words(check: MaterialCheck, *, checking: bool) -> tuple[str, str]:
    """What happened to one material, in words and colour; before the clerk looked, 待核对."""
    outcome = check.outcome
    if checking and outcome in (Outcome.MISSING, Outcome.NOT_NEEDED):
        return WAITING, WAITING_COLOUR
    words = STATE_WORDS[outcome]
    if outcome is Outcome.MISSING and (check.original_seen or check.copies):
        words = f"缺少（{check.shortfall.removeprefix('缺')}）"  # part of it handed in
    return words, STATE_COLOURS[outcome]


def material_name(check: MaterialCheck) -> str:
    need = check.requirement
    owner = need.owner_label
    return f"{need.name}（{owner}）" if owner and not need.concerns_agent else need.name


def masked_id(text: str) -> str:
    """The ID as a receipt prints it, once it is whole; a part-typed number shows nothing of itself
    (masking each partial number would show a different four digits at every key)."""
    value = normalise_id(text)
    if not value:
        return ""
    return mask_id(value) if len(value) == ID_LENGTH else "（正在录入）"


def masked_phone(text: str) -> str:
    if not text.strip():
        return ""
    return mask_phone(text.strip()) if phone_problem(text) is None else "（正在录入）"


def applicant_line(page: IntakePage) -> str:
    form = page.form
    given = form.applicant_input()
    person = given.kind == "person"
    parts = [f"{'申请人' if person else '申请单位'}：{given.name.strip() or '—'}"]
    number = masked_id(given.id_number)
    if number:
        parts.append(f"{'身份证' if person else '信用代码'}：{number}")
    phone = masked_phone(given.phone)
    if phone:
        parts.append(f"电话：{phone}")
    agent = form.agent_input()
    if agent is not None and agent.name.strip():
        parts.append(f"代理人：{agent.name.strip()}")
    return "　".join(parts)


def deadline_words(
    calendar: WorkdayCalendar | None, default_days: int, guide: Guide, verdict: Verdict, today: date
) -> str:
    if calendar is None or verdict.kind is not VerdictKind.ACCEPTABLE_WITH_MISSING:
        return ""  # refused: nothing is deferred yet, whatever the clerk marked 容缺
    days = deferral_days(guide, default_days)
    deadline = calendar.add_working_days(today, days)
    on = deadline.date
    names = "、".join(c.requirement.name for c in verdict.deferred)
    tentative = "" if deadline.verified else "（以工作人员告知为准）"
    return f"容缺后补：{names}；请在 {days} 个工作日内（{on.year}年{on.month}月{on.day}日前）补交{tentative}"


def missing_words(verdict: Verdict) -> str:
    if not verdict.missing:
        return ""
    return "还缺：" + "、".join(material_name(c) for c in verdict.missing)


def verdict_words(verdict: Verdict) -> str:
    if verdict.kind is VerdictKind.NOT_ACCEPTABLE and not verdict.missing and verdict.problems:
        return EXPLAINED
    if verdict.kind is VerdictKind.ACCEPTABLE and verdict.instant:
        return INSTANT_WORDS
    return VERDICT_WORDS[verdict.kind]


def describe_intake(page: IntakePage, today: date | None = None) -> FacingIntake | None:
    """What the facing screen shows of the intake on ``page`` (None: no intake there)."""
    checklist = page.checklist
    verdicts = page.verdicts()
    if checklist is None or not verdicts:
        return None
    # Before the clerk marked anything there is no verdict yet (the page says what to do): the same here.
    checking = not getattr(page, "_started", True) and not all(v.acceptable for _g, v in verdicts)
    rows = tuple((material_name(c), *state_words(c, checking=checking)) for c in checklist.checks)
    bundle = page.bundle
    title = f"一件事一次办：{bundle.name}" if bundle is not None else f"办理事项：{verdicts[0][0].name}"
    when = today or date.today()
    if checking:
        return FacingIntake(title, applicant_line(page), rows, CHECKING, WAITING_COLOUR)
    if bundle is None:
        guide, verdict = verdicts[0]
        return FacingIntake(
            title,
            applicant_line(page),
            rows,
            verdict_words(verdict),
            VERDICT_COLOURS[verdict.kind],
            missing_words(verdict),
            deadline_words(page.calendar, page.deferral_default, guide, verdict, when),
        )
    worst = max((v.kind for _g, v in verdicts), key=list(VerdictKind).index)
    lines = []
    for guide, verdict in verdicts:
        said = [verdict_words(verdict), missing_words(verdict)]
        said.append(deadline_words(page.calendar, page.deferral_default, guide, verdict, when))
        lines.append(f"{guide.name}：" + "；".join(s for s in said if s))
    return FacingIntake(
        title,
        applicant_line(page),
        rows,
        "各事项分别办理：",
        VERDICT_COLOURS[worst],
        extra=tuple(lines),
    )


# -- the window ---------------------------------------------------------------------------------------------


def _label(size: int, *, bold: bool = False, colour: str = "#0f172a", wrap: bool = True) -> QLabel:
    label = QLabel()
    font = QFont(label.font())
    font.setPointSize(size)
    font.setBold(bold)
    label.setFont(font)
    label.setStyleSheet(f"color: {colour};")
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)  # an applicant's name is shown, never interpreted
    return label


class FacingScreen(QWidget):
    """A top-level window turned to the applicant: welcome, intake, rating, a short message."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("政务服务 — 请您评价")
        self.setObjectName("facingScreen")
        self.setStyleSheet("#facingScreen { background: #f8fafc; }")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # the clerk keeps the keyboard
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # closing the counter ends the program
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.addWidget(self.pages)

        self.welcome = QWidget()
        self.hall = _label(34, bold=True, colour="#1e3a8a")
        self.greeting = _label(26, colour="#1e293b")
        self.clerk = _label(24, colour="#334155")
        for label in (self.hall, self.greeting, self.clerk):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(self.welcome)
        column.addStretch(2)
        column.addWidget(self.hall)
        column.addSpacing(24)
        column.addWidget(self.greeting)
        column.addSpacing(16)
        column.addWidget(self.clerk)
        column.addStretch(3)

        self.intake = QWidget()
        self.title = _label(26, bold=True, colour="#1e3a8a")
        self.applicant = _label(18, colour="#1e293b")
        self.rows_box = QGridLayout()
        self.rows_box.setHorizontalSpacing(24)
        self.rows_box.setVerticalSpacing(4)
        self.row_labels: list[tuple[QLabel, QLabel]] = []
        self.verdict = _label(22, bold=True)
        self.missing = _label(18, colour="#b91c1c")
        self.deadline = _label(18, colour="#c2410c")
        self.extra = _label(17, colour="#1e293b")
        heading = _label(16, colour="#475569")
        heading.setText("申请材料")
        column = QVBoxLayout(self.intake)
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(self.applicant)
        column.addSpacing(6)
        column.addWidget(heading)
        column.addLayout(self.rows_box)
        column.addStretch(1)
        column.addWidget(self.verdict)
        column.addWidget(self.extra)
        column.addWidget(self.missing)
        column.addWidget(self.deadline)

        self.rating = RatingPage()
        self.message = QWidget()
        self.message_head = _label(32, bold=True, colour="#1e3a8a")
        self.message_text = _label(22, colour="#334155")
        for label in (self.message_head, self.message_text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout(self.message)
        column.addStretch(1)
        column.addWidget(self.message_head)
        column.addSpacing(20)
        column.addWidget(self.message_text)
        column.addStretch(1)
        for page in (self.welcome, self.intake, self.rating, self.message):
            self.pages.addWidget(page)
        self.welcome_words = ("", "", "")

    # -- what is on it ------------------------------------------------------------------------------------

    def set_counter(self, hall: str, window: str, clerk: str, staff_number: str) -> None:
        """Who serves at this window (the welcome's words): nobody when ``clerk`` is empty."""
        greeting = f"欢迎您！本窗口：{window}号窗口" if window else "欢迎您！"
        who = f"窗口工作人员：{clerk}　工号：{staff_number}" if clerk else "本窗口暂停服务，请稍候"
        self.welcome_words = (hall, greeting, who)

    def show_welcome(self) -> None:
        """Back to the welcome; nothing of any applicant stays in any label."""
        self._clear_intake()
        self.rating.reset()
        self.message_head.clear()
        self.message_text.clear()
        hall, greeting, who = self.welcome_words
        self.hall.setText(hall)
        self.greeting.setText(greeting)
        self.clerk.setText(who)
        self.pages.setCurrentWidget(self.welcome)

    def show_intake(self, shown: FacingIntake) -> None:
        """The intake as it stands now (called on every change of the clerk's page)."""
        self.rating.reset()
        self.title.setText(shown.title)
        self.applicant.setText(shown.applicant)
        self._set_rows(shown.rows)
        self.verdict.setText(shown.verdict)
        self.verdict.setStyleSheet(f"color: {shown.verdict_colour};")
        for label, text in (
            (self.missing, shown.missing),
            (self.deadline, shown.deadline),
            (self.extra, "\n".join(shown.extra)),
        ):
            label.setText(text)
            label.setVisible(bool(text))
        self.pages.setCurrentWidget(self.intake)

    def show_message(self, head: str, text: str = "") -> None:
        """A short message in large print (请在评价器上评价, 感谢您的评价)."""
        self._clear_intake()
        self.message_head.setText(head)
        self.message_text.setText(text)
        self.pages.setCurrentWidget(self.message)

    def show_rating(self) -> None:
        self._clear_intake()
        self.pages.setCurrentWidget(self.rating)

    def shown_rows(self) -> list[tuple[str, str]]:
        return [(name.text(), state.text()) for name, state in self.row_labels if not name.isHidden()]

    def texts(self) -> list[str]:
        """Every label's text (the tests look for what must never be on it)."""
        return [label.text() for label in self.findChildren(QLabel)]

    def _clear_intake(self) -> None:
        for label in (self.title, self.applicant, self.verdict, self.missing, self.deadline, self.extra):
            label.clear()
        self._set_rows(())

    def _set_rows(self, rows: tuple[tuple[str, str, str], ...]) -> None:
        size = 18 if len(rows) <= 8 else 15 if len(rows) <= 12 else 13  # a bundle's dozen still fits
        while len(self.row_labels) < len(rows):
            index = len(self.row_labels)
            pair = (_label(size, colour="#1e293b"), _label(size, bold=True, wrap=False))
            self.rows_box.addWidget(pair[0], index, 0)
            self.rows_box.addWidget(pair[1], index, 1, Qt.AlignmentFlag.AlignRight)
            self.row_labels.append(pair)
        self.rows_box.setColumnStretch(0, 1)
        for index, (name, state) in enumerate(self.row_labels):
            if index < len(rows):
                material, words, colour = rows[index]
                for label in (name, state):
                    font = label.font()
                    font.setPointSize(size)
                    label.setFont(font)
                name.setText(f"{index + 1}. {material}")
                state.setText(words)
                state.setStyleSheet(f"color: {colour};")
                name.show()
                state.show()
            else:
                name.clear()
                state.clear()
                name.hide()
                state.hide()


class LockWatch(QObject):
    """Says when ``widget`` is hidden or shown again by the window itself (the idle lock hides the tabs)."""

    def __init__(self, widget: QWidget, changed: Callable[[bool], None]) -> None:
        super().__init__(widget)
        self.changed = changed
        self.hidden = widget.isHidden()
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.HideToParent, QEvent.Type.ShowToParent):
            hidden = kind == QEvent.Type.HideToParent
            if hidden != self.hidden:
                self.hidden = hidden
                self.changed(hidden)
        return False


def second_screen(screens: list[QScreen], clerks: QScreen | None) -> QScreen | None:
    """The screen turned to the applicant: another one than the clerk's (None: there is only one)."""
    if len(screens) < 2:
        return None
    return next((s for s in screens if s is not clerks), None)
