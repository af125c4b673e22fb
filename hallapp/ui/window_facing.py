"""The screen facing the applicant and its rating (好差评), in the counter window; see ``window_devices``.

Mixed into ``MainWindow``. This PC's ``facing_screen`` setting: ``auto`` shows the facing screen full-screen
on a second screen whenever there is one (and follows screens being plugged in or out), ``window`` as a
window of its own (a small monitor turned to the applicant), ``off`` never.

It follows the intake page synchronously — ``started``, ``changed``, ``closed`` and every edit of the
applicant's fields — with what ``facing_screen.describe_intake`` reads from the page: no database call,
so it never lags behind the clerk's screen. It shows only the welcome when the intake closes, when the
clerk signs out (``facing_detached``) and while the window is locked: the idle lock hides the window's
tabs (``IdleGuard._hide_counter``), and a watcher on the tabs follows that (``LockWatch``).

After each decision (``decided``) the applicant rates the service once: on this PC's evaluation pad when
it has one (``session.has_pad``: asked on the ``pad`` lane, the answer recorded with channel PAD), else on
the facing screen when it is shown. Skipping, the next intake starting, the lock or signing out while the
rating is still asked records 未评价 (``skip_rating``) — never a default good rating; the pad is told to
stop waiting (``cancel``) when the next intake starts, and its answer, not rated, is recorded. A bundle is rated
once, by the reference printed on its receipt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from hallapp.domain.rating import Indicator, Level, RatingChannel
from hallapp.errors import describe
from hallapp.ui.facing_rating import KeypadRating, RatedService, rated_service, record_pad_answer
from hallapp.ui.facing_screen import FacingScreen, LockWatch, describe_intake, second_screen

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QTabWidget

    from hallapp.devices.pad import PadAnswer
    from hallapp.services.intake_inputs import BundleResult, IntakeResult
    from hallapp.services.session import CounterSession
    from hallapp.ui.intake_page import IntakePage
    from hallapp.ui.ops import Operations

WINDOW_SIZE = (1280, 720)  # "window": the facing screen as a window of its own, within the screen
THANKS_MS = 3_000  # the thank-you stays this long, then the welcome


class FacingActions:
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

    facing: FacingScreen | None = None

    def connect_facing(self) -> None:
        self.facing = None
        self.facing_keypad: KeypadRating | None = None
        self.facing_owner = QObject()  # owns the rating's operations: no busy cursor on any widget
        self.facing_asked: RatedService | None = None  # being rated on the facing screen
        self.facing_pad: RatedService | None = None  # being rated on the pad
        self.facing_matter = ""
        self.facing_following = False
        page = self.intake
        page.started.connect(self._facing_started)
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
            self.facing_keypad = KeypadRating(rating)
            self.facing.show_welcome()
        settings = session.settings
        self.facing.set_counter(
            settings.hall_name, settings.window, settings.clerk, session.principal.username
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
        self._facing_end_rating()
        if self.facing is not None:
            self.facing.close()
            self.facing.deleteLater()
        self.facing = None
        self.facing_keypad = None

    def facing_closing(self) -> None:
        """The program is about to end (being built: record the rating still asked)."""

    def facing_detached(self) -> None:
        """The clerk leaves: a rating still asked is recorded as 未评价 (by their session, before it goes),
        and the facing screen shows only the hall's welcome, nobody's name."""
        if self.facing_asked is not None and self.facing is not None and self.facing.rating.asking:
            self._facing_skip(RatingChannel.FACING_SCREEN)
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
        if self.facing_asked is not None and self.facing is not None and self.facing.rating.asking:
            self._facing_skip(RatingChannel.FACING_SCREEN)  # the last applicant left without rating
        if self.facing_pad is not None:
            self._cancel_pad()  # the pad stops waiting: its answer, not rated, is recorded as 未评价
        self._facing_end_rating()
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

    def _facing_refresh(self) -> None:
        facing = self.facing
        if facing is None:
            return
        if self.facing_lock.hidden or not self.facing_following:
            facing.show_welcome()
            return
        shown = describe_intake(self.intake)
        if shown is None:
            facing.show_welcome()
        else:
            facing.show_intake(shown)

    def _facing_locked(self, locked: bool) -> None:
        """The idle lock hid the counter: only the welcome faces the applicant (a rating still asked is
        recorded as 未评价); unlocked, the intake on the page shows again."""
        if locked and self.facing_asked is not None and self.facing is not None and self.facing.rating.asking:
            self._facing_skip(RatingChannel.FACING_SCREEN)
            self._facing_end_rating()
        if self.facing_asked is None and self.facing_pad is None:
            self._facing_refresh()

    # -- the rating ------------------------------------------------------------------------------------------

    def _facing_decided(self, result: IntakeResult | BundleResult) -> None:
        session = self.session
        if session is None:
            return
        service = rated_service(result, self.facing_matter)
        if session.has_pad:
            self._ask_pad(service)
            return
        facing = self.facing
        if facing is None or not facing.isVisible():
            return  # no screen turned to the applicant ("auto" with one screen): nobody is asked
        self._ask_on_screen(service)

    def _ask_on_screen(self, service: RatedService) -> None:
        facing = self.facing
        assert facing is not None
        self._facing_end_rating()
        self.facing_asked = service
        facing.rating.ask(service.matter)
        facing.show_rating()
        if self.facing_keypad is not None:
            self.facing_keypad.install()

    def _facing_end_rating(self) -> None:
        if self.facing_keypad is not None:
            self.facing_keypad.remove()
        self.facing_asked = None
        self.facing_pad = None

    def _facing_answered(self, level: Level, indicators: tuple[Indicator, ...], comment: str) -> None:
        service = self.facing_asked
        if service is None:
            return
        self.ops.run(
            self.facing_owner,
            lambda s: s.record_rating(
                service.number, level, indicators, comment, RatingChannel.FACING_SCREEN
            ),
            lambda _rated: self._facing_thanks(service),
            lambda error: self._facing_failed(service, error),
            key=f"rate-{service.number}",
        )

    def _facing_skip(self, channel: RatingChannel, service: RatedService | None = None) -> None:
        """Record 未评价 for the service asked (a failure is said in the status line, not in a box)."""
        service = service or self.facing_asked
        if service is None:
            return
        on_screen = channel is RatingChannel.FACING_SCREEN and service is self.facing_asked

        def done(_rated: object) -> None:
            if on_screen:
                self._facing_thanks(service, rated=False)

        self.ops.run(
            self.facing_owner,
            lambda s: s.skip_rating(service.number, channel),
            done,
            lambda error: self.set_status(f"{service.shown} 未能记录为未评价：{describe(error)}"),
            key=f"rate-{service.number}",
        )

    def _facing_failed(self, service: RatedService, error: BaseException) -> None:
        facing = self.facing
        if facing is not None and self.facing_asked is service:
            facing.rating.fail(describe(error))
        else:
            self.set_status(f"{service.shown} 的评价未能记录：{describe(error)}")

    def _facing_thanks(self, service: RatedService, *, rated: bool = True) -> None:
        """Recorded: a thank-you, then the welcome (unless the next intake already started)."""
        if self.facing_asked is not service and self.facing_pad is not service:
            return  # the next applicant is already on the screen
        self._facing_end_rating()
        facing = self.facing
        if facing is None:
            return
        facing.show_message("感谢您的评价！" if rated else "感谢您的光临！", "欢迎再次光临")
        self.activateWindow()  # a touch on the facing screen took the keyboard: the clerk gets it back
        QTimer.singleShot(THANKS_MS, facing, lambda: self._facing_after_thanks(facing))

    def _facing_after_thanks(self, facing: FacingScreen) -> None:
        if facing is self.facing and self.facing_asked is None and self.facing_pad is None:
            self._facing_refresh()

    # -- the evaluation pad ------------------------------------------------------------------------------------

    def _ask_pad(self, service: RatedService) -> None:
        self.facing_pad = service
        if self.facing is not None:
            self.facing.show_message("请在评价器上评价", "请您对本次服务进行评价，谢谢！")

        def answered(answer: PadAnswer) -> None:
            self.ops.run(
                self.facing_owner,
                lambda s: record_pad_answer(s, service.number, answer),
                lambda _rated: self._facing_thanks(service, rated=answer.level is not None),
                lambda error: self._pad_failed(service, error, asked=True),
                key=f"rate-{service.number}",
            )

        self.ops.run(
            self.facing_owner,
            lambda s: s.ask_pad(s.rating_request(service.shown, service.matter)),
            answered,
            lambda error: self._pad_failed(service, error),
            key=f"pad-{service.number}",
            lane="pad",
        )

    def _cancel_pad(self) -> None:
        """Tell the pad to stop waiting for the last applicant (a pad that cannot does nothing)."""
        session = self.session
        pad = session.evaluation_pad() if session is not None and session.has_pad else None
        cancel = getattr(pad, "cancel", None)
        if callable(cancel):
            cancel()

    def _pad_failed(self, service: RatedService, error: BaseException, *, asked: bool = False) -> None:
        """The pad could not be asked (``asked``: its answer could not be recorded): said in the status
        line. A pad that failed is replaced by the facing screen, when one is shown, so the applicant can
        still rate; an answer the register refused is not asked again."""
        self.set_status(f"评价器：{service.shown} 的评价未能完成：{describe(error)}")
        if self.facing_pad is not service:
            return
        self.facing_pad = None
        facing = self.facing
        if not asked and facing is not None and facing.isVisible() and not self.facing_following:
            self._ask_on_screen(service)
        else:
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
    if isinstance(facing, QWidget):
        try:
            facing.close()
            facing.deleteLater()
        except RuntimeError:
            pass
