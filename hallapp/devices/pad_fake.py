"""A fake evaluation pad for tests and demos: scripted answers, then a fixed demo answer.

Each rating request takes the next scripted entry: a ``PadAnswer``, ``None`` (the applicant let the pad
time out: not rated) or a ``PadError`` (raised, as a real pad's failures are). When the script is used
up, ``default`` answers. ``down`` makes it behave like a pad that is switched off.

Chosen with ``pad_source = "fake"`` (``make_pad``), it is a demo pad: every service gets the same
answer, 满意 with a comment saying it came from the demo pad, so a fake rating can never pass for an
applicant's in the register or the export. A real counter sets ``websocket`` or ``off``.
"""

from __future__ import annotations

from collections.abc import Iterable

from hallapp.devices.pad import PadAnswer, PadError, PadUnavailable, RatingRequest
from hallapp.domain.rating import Level

DEMO_NAME = "演示评价器（模拟设备，不是真实评价）"
DEMO_ANSWER = PadAnswer(Level.SATISFIED, (), "【演示】模拟评价器的固定回答，并非申请人的评价")

Entry = PadAnswer | PadError | None


class FakePad:
    """``EvaluationPad`` answering from ``script``, then with ``default``; ``requests`` is what it was
    asked (request and timeout), ``pings`` how often it was pinged."""

    name = DEMO_NAME

    def __init__(self, script: Iterable[Entry] = (), default: Entry = DEMO_ANSWER) -> None:
        self._script = list(script)
        self.default = default
        self.down = False
        self.requests: list[tuple[RatingRequest, float]] = []
        self.pings = 0

    def then(self, *entries: Entry) -> FakePad:
        """Add answers to the script (the applicant's next ratings)."""
        self._script.extend(entries)
        return self

    def request_rating(self, request: RatingRequest, timeout_s: float) -> PadAnswer:
        if self.down:
            raise PadUnavailable("无法连接评价器（模拟评价器已关闭）")
        self.requests.append((request, timeout_s))
        entry = self._script.pop(0) if self._script else self.default
        if isinstance(entry, PadError):
            raise entry
        return entry if entry is not None else PadAnswer(None)

    def ping(self) -> str:
        self.pings += 1
        if self.down:
            raise PadUnavailable("无法连接评价器（模拟评价器已关闭）")
        return DEMO_NAME

    def cancel(self) -> None:
        """Nothing waits in a fake: present so the window may treat both pads alike."""
