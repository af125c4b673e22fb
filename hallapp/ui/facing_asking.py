"""Asking the applicant's rating (好差评) after each decision, and recording it: part of ``window_facing``.

On this PC's evaluation pad when it has one (asked on the ``pad`` lane, the answer recorded with channel
PAD), else on the facing screen when it is shown; recorded on the database lane. Nothing asked is ever
lost: when the applicant leaves without submitting — the next intake starts, the lock, the clerk signs
out or the program ends, the facing screen is switched off — what they chose is recorded as it is
(``_facing_settle``: the level touched so far, with the indicators touched; 未评价 only when no level was
chosen), never dropped and never a default good rating. The clerk is told on the status bar: the keypad
rule while the keypad is the applicant's (``facing_keypad``), then 申请人已评价：满意 / 申请人未评价 /
申请人评价：不满意（已转差评回访）.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from hallapp.domain.rating import Indicator, Level, RatingChannel
from hallapp.errors import describe
from hallapp.ui.facing_rating import RatedService, rated_service, record_pad_answer

if TYPE_CHECKING:
    from collections.abc import Callable

    from hallapp.devices.pad import PadAnswer
    from hallapp.services.intake_inputs import BundleResult, IntakeResult
    from hallapp.services.session import CounterSession
    from hallapp.ui.facing_keypad import KeypadRating
    from hallapp.ui.facing_screen import FacingScreen
    from hallapp.ui.ops import Operations

KEYPAD_GIVEN = "等待申请人评价：小键盘 1–5 由申请人使用，按任意其他键收回"
KEYPAD_SHORT = "小键盘 1–5 由申请人评价使用，按任意其他键收回"  # beside the status line, while it holds
KEYPAD_BACK = "小键盘已收回，由您使用；申请人仍可在对外屏上点选评价"
NOT_RATED = "申请人未评价"


def rating_words(level: Level | None) -> str:
    """What the clerk is told of the rating recorded."""
    if level is None:
        return NOT_RATED
    if level.is_bad:
        return f"申请人评价：{level.label}（已转差评回访）"
    return f"申请人已评价：{level.label}"


class FacingAsking:
    """Provided by ``FacingActions``/``MainWindow``: the window's ops, session, facing screen, status."""

    if TYPE_CHECKING:
        ops: Operations
        session: CounterSession | None
        facing: FacingScreen | None
        facing_keypad: KeypadRating | None
        facing_owner: QObject
        facing_asked: RatedService | None
        facing_pad: RatedService | None
        facing_matter: str
        facing_following: bool
        facing_pending: list[threading.Event]
        facing_keypad_label: QLabel

        def set_status(self, text: str) -> None: ...
        def _facing_thanks(self, service: RatedService, *, rated: bool = True) -> None: ...
        def _facing_refresh(self) -> None: ...

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
            self.facing_keypad.install()  # says so on the status bar (``_facing_keypad_changed``)

    def _facing_keypad_changed(self, applicants: bool) -> None:
        self.set_status(KEYPAD_GIVEN if applicants else KEYPAD_BACK)
        self.facing_keypad_label.setText(KEYPAD_SHORT if applicants else "")
        self.facing_keypad_label.setVisible(applicants)

    def _facing_end_rating(self) -> None:
        if self.facing_keypad is not None:
            self.facing_keypad.remove()
        self.facing_keypad_label.clear()
        self.facing_keypad_label.hide()
        self.facing_asked = None
        self.facing_pad = None

    def _facing_asking(self) -> bool:
        """A rating is asked on the facing screen and not yet handed over to be recorded."""
        return self.facing_asked is not None and self.facing is not None and self.facing.rating.asking

    # -- recording -------------------------------------------------------------------------------------------

    def _facing_store(
        self,
        service: RatedService,
        store: Callable[[CounterSession], object],
        level: Level | None,
        done: Callable[[object], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Record on the database lane; ``facing_pending`` holds it until it is stored (the program's
        end waits for it), and the clerk is told what was recorded."""
        stored = threading.Event()
        self.facing_pending = [e for e in self.facing_pending if not e.is_set()] + [stored]

        def job(session: CounterSession) -> object:
            try:
                return store(session)
            finally:
                stored.set()

        def recorded(value: object) -> None:
            self.set_status(rating_words(level))
            done(value)

        self.ops.run(self.facing_owner, job, recorded, failed, key=f"rate-{service.number}")

    def _facing_answered(self, level: Level, indicators: tuple[Indicator, ...]) -> None:
        service = self.facing_asked
        if service is None:
            return
        self._facing_record(service, level, indicators)

    def _facing_record(self, service: RatedService, level: Level, indicators: tuple[Indicator, ...]) -> None:
        self._facing_store(
            service,
            lambda s: s.record_rating(service.number, level, indicators, "", RatingChannel.FACING_SCREEN),
            level,
            lambda _rated: self._facing_thanks(service),
            lambda error: self._facing_failed(service, error),
        )

    def _facing_settle(self) -> None:
        """The applicant leaves with the rating still asked on the screen: the level chosen so far (with
        what was touched) is recorded, else 未评价. The screen no longer asks."""
        facing, service = self.facing, self.facing_asked
        if service is None or facing is None or not facing.rating.asking:
            return
        chosen = facing.rating.chosen_answer()
        facing.rating.set_busy(True)
        if chosen is None:
            self._facing_skip(RatingChannel.FACING_SCREEN, service)
        else:
            self._facing_record(service, *chosen)

    def _facing_skip(self, channel: RatingChannel, service: RatedService | None = None) -> None:
        """Record 未评价 for the service asked (a failure is said in the status line, not in a box)."""
        service = service or self.facing_asked
        if service is None:
            return
        on_screen = channel is RatingChannel.FACING_SCREEN

        def done(_rated: object) -> None:
            if on_screen:
                self._facing_thanks(service, rated=False)

        self._facing_store(
            service,
            lambda s: s.skip_rating(service.number, channel),
            None,
            done,
            lambda error: self.set_status(f"{service.shown} 未能记录为未评价：{describe(error)}"),
        )

    def _facing_failed(self, service: RatedService, error: BaseException) -> None:
        facing = self.facing
        if facing is not None and self.facing_asked is service:
            facing.rating.fail(describe(error))
        else:
            self.set_status(f"{service.shown} 的评价未能记录：{describe(error)}")

    # -- the evaluation pad ------------------------------------------------------------------------------------

    def _ask_pad(self, service: RatedService) -> None:
        self.facing_pad = service
        if self.facing is not None:
            self.facing.show_message("请在评价器上评价", "请您对本次服务进行评价，谢谢！")

        def answered(answer: PadAnswer) -> None:
            self._facing_store(
                service,
                lambda s: record_pad_answer(s, service.number, answer),
                answer.level,
                lambda _rated: self._facing_thanks(service, rated=answer.level is not None),
                lambda error: self._pad_failed(service, error, asked=True),
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
        """Tell the pad to stop waiting for the last applicant (a pad that cannot does nothing). On a lane
        of its own: closing the pad's connection may wait for it, and the pad lane is the one waiting."""
        session = self.session
        if session is not None and session.has_pad:
            self.ops.run(self.facing_owner, lambda s: s.cancel_pad(), key="pad-cancel", lane="pad-cancel")

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
