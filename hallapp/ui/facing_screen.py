"""The screen facing the applicant (对外显示屏): in large print, what the clerk is doing for them.

Idle: the hall's welcome, this window and the clerk's name (a staff number only where the account carries
one — none does today —, never the login name, never a photo). During an intake: the matter (or bundle),
each material and what happened to it in plain words (``facing_intake``), the verdict, what is still
missing and the deadline in working days for 容缺. After the decision: the rating
(``facing_rating.RatingPage``), the only thing on it that can be touched.

It is the applicant's screen, never the clerk's keyboard's: it never takes the keyboard focus nor
becomes the active window (``WindowDoesNotAcceptFocus``, shown without activating, nothing on it
focusable, no typed comment: whoever sits there has no keyboard but the clerk's), and the applicant
cannot close it (no close button; a close from the window system — Alt+F4 — is ignored): only the
program closes it (``end``), or the application ending. It never holds anything of an applicant after
the intake closed: ``show_welcome`` clears every label.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QScreen
from PySide6.QtWidgets import QGridLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from hallapp.ui.facing_rating import RatingPage

if TYPE_CHECKING:
    from hallapp.ui.facing_intake import FacingIntake

WINDOW_FLAGS = (
    Qt.WindowType.Window
    | Qt.WindowType.CustomizeWindowHint  # only the hints below: a title to move it by, no buttons
    | Qt.WindowType.WindowTitleHint
    | Qt.WindowType.WindowDoesNotAcceptFocus
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
        super().__init__(None, WINDOW_FLAGS)
        self.closable = False  # set by the program when it closes the screen (``end``, the app quitting)
        self.ended = False
        self._quit_watch = QuitWatch(self)
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

    def set_counter(self, hall: str, window: str, clerk: str, staff_number: str = "") -> None:
        """Who serves at this window (the welcome's words): nobody when ``clerk`` is empty. The staff
        number (工号) only when the account has one: never the login name, half of its credentials."""
        greeting = f"欢迎您！本窗口：{window}号窗口" if window else "欢迎您！"
        number = f"　工号：{staff_number}" if staff_number else ""
        who = f"窗口工作人员：{clerk}{number}" if clerk else "本窗口暂停服务，请稍候"
        self.welcome_words = (hall, greeting, who)

    # -- only the program closes it ----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Alt+F4 or the window system: ignored (it would leave later applicants nothing to rate on)."""
        if self.closable:
            super().closeEvent(event)
        else:
            event.ignore()

    def end(self) -> None:
        """The program closes the screen for good (setting off, window gone, program ending)."""
        self.closable = self.ended = True
        self.close()

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


class QuitWatch(QObject):
    """The application is quitting (``QApplication.quit``, e.g. Esc on the sign-in dialog): Qt first
    closes every window, and one that refuses stops the quit. So the facing screen may close then; if
    another window refused and the program goes on, it is closable by the program only again."""

    def __init__(self, screen: FacingScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.was_visible = False
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Quit and watched is QCoreApplication.instance():
            self.was_visible = self.screen.isVisible()
            self.screen.closable = True
            QTimer.singleShot(0, self, self._still_running)
        return False

    def _still_running(self) -> None:
        if not self.screen.ended:
            self.screen.closable = False
            if self.was_visible and not self.screen.isVisible():
                self.screen.show()


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
