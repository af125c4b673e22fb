"""排队叫号 (queue calling): the tickets a hall's ticket machine issues and the caller each window uses.

An applicant takes a ticket (取号) for a matter group (综合受理, 社保医保 …); the clerk presses 下一位 and the
queue system calls the oldest ticket this window serves. The clerk may call it again (重呼), mark it as
not come (过号), send it to another window (转移), and link it to the case the intake opens, so the hall
can tell how long each applicant waited for which case.

``QueueCaller`` is what HallApp needs of any queue system; ``queue_http.HttpQueueCaller`` speaks the
contract in ``docs/queue-contract.md`` and ``queue_fake.FakeQueueCaller`` is the stand-in for tests and
demos. Qt-free: the window runs these calls on a worker, the CLI calls them directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from hallapp.domain.errors import UserError

# What a ticket number and a window may look like: they travel in URL paths and on the status bar.
TICKET_NUMBER = re.compile(r"[A-Za-z0-9-]{1,16}")
WINDOW_MAX = 10  # as StationSettings.window


class QueueError(UserError):
    """The queue system could not do what the clerk asked; the message says why in plain words."""


class QueueUnavailable(QueueError):
    """The queue system is down, too slow, or answered something that is not the contract."""


class QueueRefused(QueueError):
    """The queue system answered and said no (an unknown ticket or window, a ticket already finished)."""


@dataclass(frozen=True)
class Ticket:
    """One ticket (号票): ``A023`` drawn for the matter group ``综合受理`` at ``issued_at``.

    ``window`` is the window it is called to ("" while it is still waiting).
    """

    number: str
    group: str
    issued_at: datetime
    window: str = ""

    def __post_init__(self) -> None:
        if not TICKET_NUMBER.fullmatch(self.number):
            raise ValueError(f"ticket number {self.number!r} is not 1-16 letters, digits or '-'")

    @property
    def label(self) -> str:
        """What the status bar shows: ``A023 综合受理``."""
        return f"{self.number} {self.group}".strip()


def check_window(window: str) -> str:
    """The window number stripped, or ``QueueRefused`` in words when it cannot be a window."""
    text = window.strip()
    if not text:
        raise QueueRefused("窗口号为空：请在本机设置中填写本窗口的编号")
    if len(text) > WINDOW_MAX or any(ch in text for ch in "/\\?#%") or not text.isprintable():
        raise QueueRefused(f"窗口号「{text[:20]}」不能用于叫号：最多 {WINDOW_MAX} 个字符，不含 / \\ ? # %")
    return text


@runtime_checkable
class QueueCaller(Protocol):
    """What HallApp asks of a hall's queue system (排队叫号系统).

    Every method raises ``QueueUnavailable`` when the system cannot be asked and ``QueueRefused`` when it
    says no; both carry a sentence for the clerk.
    """

    name: str

    def next(self, window: str) -> Ticket | None:
        """Call the next ticket for ``window`` (下一位); None when nobody is waiting for it."""
        ...

    def recall(self, ticket: Ticket) -> None:
        """Call ``ticket`` again at its window (重呼)."""
        ...

    def skip(self, ticket: Ticket) -> None:
        """The applicant did not come: the ticket is marked 过号 and the window is free."""
        ...

    def transfer(self, ticket: Ticket, to_window: str) -> None:
        """Send ``ticket`` to ``to_window`` (转移), where it is called before the tickets waiting there."""
        ...

    def waiting(self, window: str) -> int:
        """How many tickets are waiting that ``window`` serves (shown in the status bar)."""
        ...

    def link(self, ticket: Ticket, case_number: str) -> None:
        """Record that ``ticket`` led to the case ``case_number`` (办件编号); repeating it changes nothing."""
        ...
