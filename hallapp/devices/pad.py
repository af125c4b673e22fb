"""评价器 (the evaluation pad): a small touch device on the counter on which the applicant rates the
service, in halls that put one there instead of turning a screen to the applicant.

HallApp sends the pad a rating request (window, rating id, clerk, matter, date) and waits for the
applicant's answer: a level (非常满意 … 非常不满意), optional indicators and a comment, or nothing — the
applicant walked away, pressed 跳过, or the pad timed out — which is recorded as 未评价, never as a good
rating. ``EvaluationPad`` is what HallApp needs of any pad; ``pad_ws.WebSocketPad`` speaks JSON over a
WebSocket (``docs/pad-contract.md``), ``pad_fake.FakePad`` stands in for tests and demos. Qt-free: the
window runs these calls on their own worker, ``hallapp devices`` calls ``ping`` directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from hallapp.domain.errors import UserError
from hallapp.domain.rating import Indicator, Level


class PadError(UserError):
    """The pad could not be asked, or answered something that is not the contract; says why in words."""


class PadUnavailable(PadError):
    """No pad answers at the configured address, or it stopped answering mid-request."""


@dataclass(frozen=True)
class RatingRequest:
    """What the pad shows the applicant: the service to rate and who served them (no personal data).

    ``rating_id`` is the case number (or a bundle's reference) the rating will be recorded against.
    """

    window: str
    rating_id: str
    clerk: str  # the clerk's name as the facing screen shows it
    staff_number: str  # the clerk's staff number (工号) when the account has one, else ""; never the login
    matter: str
    on: date


@dataclass(frozen=True)
class PadAnswer:
    """The applicant's answer: ``level`` None means not rated (skipped, walked away, timed out)."""

    level: Level | None
    indicators: tuple[Indicator, ...] = ()
    comment: str = ""

    @property
    def rated(self) -> bool:
        return self.level is not None


@runtime_checkable
class EvaluationPad(Protocol):
    """What HallApp asks of an evaluation pad."""

    name: str

    def request_rating(self, request: RatingRequest, timeout_s: float) -> PadAnswer:
        """Show ``request`` on the pad and wait up to ``timeout_s`` seconds for the applicant's answer.

        A timeout is an answer (``PadAnswer(None)``); ``PadUnavailable`` when the pad cannot be reached or
        drops the connection, ``PadError`` when it answers something that is not the contract.
        """
        ...

    def ping(self) -> str:
        """Whether the pad answers: a short description of it (model, version), or ``PadUnavailable``."""
        ...
