"""The screen facing the applicant and its rating (好差评), in the counter window; see ``window_devices``.

Mixed into ``MainWindow``. This PC's ``facing_screen`` setting: ``auto`` shows the facing screen full-screen
on a second screen whenever there is one (and follows screens being plugged in or out), ``window`` as a
window of its own (a small monitor turned to the applicant), ``off`` never.

It follows the intake page synchronously — ``started``, ``changed``, ``closed`` and every edit of the
applicant's fields — with what ``facing_screen.describe_intake`` reads from the page: no database call,
so it never lags behind the clerk's screen. It shows only the welcome when the intake closes, when the
clerk signs out (``facing_detached``) and while the window is locked: the idle lock hides the window's
tabs (``IdleGuard._hide_counter``), and a watcher on the tabs follows that (``LockWatch``).

After each decision (``decided``) the applicant rates the service once (``facing_asking``): on this PC's
evaluation pad when it has one, else on the facing screen when it is shown. The next intake starting,
the lock, signing out, the program ending (``facing_closing``, which waits until it is stored) or the
screen being switched off while the rating is still asked records what was chosen — the level touched,
else 未评价 —, never a default good rating; the pad is told to stop waiting (``cancel``) when the next
intake starts, and its answer, not rated, is recorded. A bundle is rated once, by the reference printed
on its receipt. The rows of the checklist the clerk has looked at (``facing_intake.LookedAt``) are
followed from the checklist's keys and its cursor.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QModelIndex, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

from hallapp.domain.rating import RatingChannel
from hallapp.ui.facing_asking import FacingAsking
from hallapp.ui.facing_intake import LookedAt, describe_intake
from hallapp.ui.facing_keypad import KeypadRating
from hallapp.ui.facing_screen import FacingScreen, LockWatch, second_screen

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QStatusBar, QTabWidget

    from hallapp.domain.access import Principal
    from hallapp.services.session import CounterSession
    from hallapp.ui.facing_rating import RatedService
    from hallapp.ui.intake_page import IntakePage
    from hallapp.ui.ops import Operations

WINDOW_SIZE = (1280, 720)  # "window": the facing screen as a window of its own, within the screen
THANKS_MS = 3_000  # the thank-you stays this long, then the welcome
CLOSING_WAIT_S = 10.0  # at the program's end, the rating still asked is waited for this long at most


def staff_number(principal: Principal) -> str:
    """The clerk's staff number (工号) as the account carries it; none does today (the login name is
    not one, and half of the clerk's credentials): the seam for when accounts get one."""
    return str(getattr(principal, "staff_number", "") or "")


class FacingActions(FacingAsking):
    """Provided by ``MainWindow``: ``ops``, ``session``, ``intake``, ``tabs``, ``decided``, ``set_status``."""

    if TYPE_CHECKING:
        ops: Operations
        session: CounterSession | None
        intake: IntakePage
        tabs: QTabWidget
        decided: SignalInstance

        def set_status(self, text: str) -> None: ...
        def screen(self) -> QScreen: ...
        def activateWindow(self) -> None: ...
        def statusBar(self) -> QStatusBar: ...

    facing: FacingScreen | None = None

    def connect_facing(self) -> None:
        self.facing = None
        self.facing_keypad: KeypadRating | None = None
        self.facing_owner = QObject()  # owns the rating's operations: no busy cursor on any widget
        self.facing_asked: RatedService | None = None  # being rated on the facing screen
        self.facing_pad: RatedService | None = None  # being rated on the pad
        self.facing_matter = ""
        self.facing_following = False
        self.facing_pending: list[threading.Event] = []  # ratings handed to the database lane
        self.facing_looked = LookedAt()
        self.facing_keypad_label = QLabel()  # the keypad rule, beside the status line while it holds
        self.facing_keypad_label.setStyleSheet("color: #1d4ed8;")
        self.facing_keypad_label.hide()
        self.statusBar().addPermanentWidget(self.facing_keypad_label)
        page = self.intake
        page.started.connect(self._facing_started)
        page.table.key_action.connect(self._facing_key_action)
        page.table.selectionModel().currentRowChanged.connect(self._facing_row_left)
        page.changed.connect(self.facing_follow)
        page.closed.connect(self._facing_closed)
        form = page.form
        for field in (
            form.name,
            form.id_number,
            form.phone,
            form.org_name,
            form.credit_code,
            form.agent_name,
        ):
            field.edit.textChanged.connect(self.facing_follow)
        form.person_button.toggled.connect(self.facing_follow)
        form.agent_box.toggled.connect(self.facing_follow)
        self.decided.connect(self._facing_decided)
        self.facing_lock = LockWatch(self.tabs, self._facing_locked)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._facing_screens_changed)
            app.screenRemoved.connect(self._facing_screens_changed)
        holder = self.__dict__  # the window is gone when this runs: only what it held is used
        self.destroyed.connect(lambda *_: _close_facing(holder))  # type: ignore[attr-defined]

    # -- the window, by this PC's setting ------------------------------------------------------------------

    def _facing_mode(self) -> str:
        session = self.session
        return session.settings.facing_screen if session is not None else "off"

    def facing_attached(self) -> None:
        """Signed in, or this PC's settings changed: make, place or drop the facing screen."""
        session = self.session
        if session is None:
            return
        if self._facing_mode() == "off":
            self._drop_facing()
            return
        if self.facing is None:
            self.facing = FacingScreen()
            rating = self.facing.rating
            rating.answered.connect(self._facing_answered)
            rating.skipped.connect(lambda: self._facing_skip(RatingChannel.FACING_SCREEN))
            self.facing_keypad = KeypadRating(rating, cast("QWidget", self))
            self.facing_keypad.changed.connect(self._facing_keypad_changed)
            self.facing.show_welcome()
        settings = session.settings
        self.facing.set_counter(
            settings.hall_name, settings.window, settings.clerk, staff_number(session.principal)
        )
        if self.facing_asked is None and self.facing_pad is None:
            self._facing_refresh()
        self._place_facing()

    def _place_facing(self) -> None:
        facing, mode = self.facing, self._facing_mode()
        if facing is None:
            return
        if mode == "window":
            if facing.isFullScreen() or not facing.isVisible():
                available = (facing.screen() or self.screen()).availableGeometry()
                facing.showNormal()
                facing.resize(min(WINDOW_SIZE[0], available.width()), min(WINDOW_SIZE[1], available.height()))
                self.activateWindow()  # a platform that activates new windows: the keyboard stays here
            return
        target = second_screen(QGuiApplication.screens(), self.screen())
        if mode != "auto" or target is None:
            facing.hide()
            return
        facing.setScreen(target)
        facing.setGeometry(target.geometry())
        if not facing.isFullScreen() or not facing.isVisible():
            facing.showFullScreen()
            self.activateWindow()

    def _facing_screens_changed(self, _screen: QScreen) -> None:
        self._place_facing()

    def _drop_facing(self) -> None:
        """This PC's setting turned the screen off: what the applicant chose so far is recorded first."""
        self._facing_settle()
        self._facing_end_rating()
        if self.facing is not None:
            self.facing.end()
            self.facing.deleteLater()
        self.facing = None
        self.facing_keypad = None

    def facing_closing(self) -> None:
        """The program is about to end: a rating still asked is recorded (the level chosen, else 未评价;
        the pad's as 未评价) and waited for until stored (at most ``CLOSING_WAIT_S``), then the facing
        screen closes with the program."""
        self._facing_settle()
        if self.facing_pad is not None:
            self._facing_skip(RatingChannel.PAD, self.facing_pad)
            self._cancel_pad()
        self._facing_end_rating()
        until = time.monotonic() + CLOSING_WAIT_S
        for stored in self.facing_pending:
            stored.wait(max(0.0, until - time.monotonic()))
        self.facing_pending = []
        if self.facing is not None:
            self.facing.end()

    def facing_detached(self) -> None:
        """The clerk leaves: a rating still asked is recorded as chosen, else 未评价 (by their session,
        before it goes), and the facing screen shows only the hall's welcome, nobody's name."""
        self._facing_settle()
        if self.facing_pad is not None:  # its late answer is dropped with the session: say 未评价 now
            self._facing_skip(RatingChannel.PAD, self.facing_pad)
            self._cancel_pad()
        self._facing_end_rating()
        self.facing_following = False
        if self.facing is not None:
            hall = self.facing.welcome_words[0]
            self.facing.set_counter(hall, "", "", "")
            self.facing.show_welcome()

    # -- following the intake ------------------------------------------------------------------------------

    def _facing_started(self) -> None:
        self._facing_settle()  # the last applicant left without submitting: what they chose stands
        if self.facing_pad is not None:
            self._cancel_pad()  # the pad stops waiting: its answer, not rated, is recorded as 未评价
        self._facing_end_rating()
        self.facing_looked.clear()
        page = self.intake
        self.facing_matter = page.bundle.name if page.bundle is not None else page.guides[0].name
        self.facing_following = True
        self.facing_follow()

    def _facing_closed(self) -> None:
        self.facing_following = False
        if self.facing_asked is None and self.facing_pad is None:
            self._facing_refresh()

    def facing_follow(self, *_args: object) -> None:
        """The clerk's page changed: show it as it is now."""
        if self.facing_following and self.facing_asked is None and self.facing_pad is None:
            self._facing_refresh()

    def _facing_key_action(self, action: str, row: int) -> None:
        """A checklist key on ``row`` (A: on every row): the clerk has looked at it."""
        checklist = self.intake.checklist
        if checklist is None:
            return
        checks = checklist.checks if action == "all" else checklist.checks[row : row + 1]
        for check in checks:
            self.facing_looked.add(check)
        self.facing_follow()

    def _facing_row_left(self, _current: QModelIndex, previous: QModelIndex) -> None:
        """The clerk's cursor left a row: looked at (what was not marked there was not brought)."""
        checklist = self.intake.checklist
        if checklist is not None and previous.isValid() and previous.row() < len(checklist.checks):
            self.facing_looked.add(checklist.checks[previous.row()])
            self.facing_follow()

    def _facing_refresh(self) -> None:
        facing = self.facing
        if facing is None:
            return
        if self.facing_lock.hidden or not self.facing_following:
            facing.show_welcome()
            return
        shown = describe_intake(self.intake, looked=self.facing_looked)
        if shown is None:
            facing.show_welcome()
        else:
            facing.show_intake(shown)

    def _facing_locked(self, locked: bool) -> None:
        """The idle lock hid the counter: only the welcome faces the applicant (a rating still asked is
        recorded as chosen, else 未评价); unlocked, the intake on the page shows again."""
        if locked and self._facing_asking():
            self._facing_settle()
            self._facing_end_rating()
        if self.facing_asked is None and self.facing_pad is None:
            self._facing_refresh()

    def _facing_thanks(self, service: RatedService, *, rated: bool = True) -> None:
        """Recorded: a thank-you, then the welcome (unless the next intake already started)."""
        if self.facing_asked is not service and self.facing_pad is not service:
            return  # the next applicant is already on the screen
        self._facing_end_rating()
        facing = self.facing
        if facing is None:
            return
        facing.show_message("感谢您的评价！" if rated else "感谢您的光临！", "欢迎再次光临")
        QTimer.singleShot(THANKS_MS, facing, lambda: self._facing_after_thanks(facing))

    def _facing_after_thanks(self, facing: FacingScreen) -> None:
        if facing is self.facing and self.facing_asked is None and self.facing_pad is None:
            self._facing_refresh()


def _close_facing(held: dict[str, object]) -> None:
    """The counter window is destroyed: its facing screen goes with it."""
    facing = held.get("facing")
    keypad = held.get("facing_keypad")
    if keypad is not None:
        try:
            keypad.remove()  # type: ignore[attr-defined]
        except RuntimeError:
            pass
    if isinstance(facing, FacingScreen):
        try:
            facing.end()
            facing.deleteLater()
        except RuntimeError:
            pass
