"""An in-memory queue system (演示排队叫号): matter groups, windows, a ticket machine — for tests and demos.

It behaves as the contract says a real one does (``docs/queue-contract.md``): each window serves some
groups and calls their oldest waiting ticket; a transferred ticket is called at its new window before the
tickets waiting there; a skipped ticket is done with; recalling, skipping or transferring a ticket that is
not called at that window is refused. ``unavailable`` set to a sentence makes every call fail with it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from hallapp.devices.queue import QueueRefused, QueueUnavailable, Ticket, check_window

DEMO_GROUPS = {"A": "综合受理", "B": "社保医保", "C": "不动产登记"}
DEMO_WINDOWS = {"01": ("A", "B"), "02": ("A", "B", "C"), "03": ("C",)}


F = TypeVar("F", bound=Callable[..., Any])


def _locked(method: F) -> F:
    """One call at a time: the window calls from its queue lane while it counts from another."""

    @functools.wraps(method)
    def run(self: FakeQueueCaller, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return run  # type: ignore[return-value]


@dataclass
class _Entry:
    ticket: Ticket
    state: str = "waiting"  # waiting | called | skipped | done
    transferred_to: str = ""
    recalls: int = 0
    cases: list[str] = field(default_factory=list)


class FakeQueueCaller:
    """``QueueCaller`` over tickets held in memory.

    ``groups`` maps a ticket prefix to its matter group (``{"A": "综合受理"}``); ``windows`` maps each
    window to the prefixes it serves. ``issue(prefix)`` is the ticket machine.
    """

    name = "演示排队叫号"

    def __init__(
        self,
        groups: Mapping[str, str] = DEMO_GROUPS,
        windows: Mapping[str, Iterable[str]] = DEMO_WINDOWS,
        *,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.groups = dict(groups)
        self.windows = {window: tuple(prefixes) for window, prefixes in windows.items()}
        unknown = {p for prefixes in self.windows.values() for p in prefixes} - set(self.groups)
        if unknown:
            raise ValueError(f"windows serve unknown groups: {sorted(unknown)}")
        self.unavailable = ""
        self.calls: list[tuple[str, str]] = []  # (window, ticket number) in the order they were called
        self._now = now
        self._issued: dict[str, int] = {}
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.RLock()

    # --- the ticket machine and what a test reads back -------------------------------------------------

    @_locked
    def issue(self, prefix: str) -> Ticket:
        """A new ticket for the group ``prefix`` (A001, A002 …), waiting."""
        if prefix not in self.groups:
            raise ValueError(f"no group {prefix!r}")
        count = self._issued.get(prefix, 0) + 1
        self._issued[prefix] = count
        ticket = Ticket(number=f"{prefix}{count:03d}", group=self.groups[prefix], issued_at=self._now())
        self._entries[ticket.number] = _Entry(ticket)
        return ticket

    @_locked
    def state(self, number: str) -> str:
        """waiting, called, skipped or done (a ticket linked to a case and then called past)."""
        return self._entry(number).state

    @_locked
    def cases(self, number: str) -> list[str]:
        """The case numbers linked to a ticket."""
        return list(self._entry(number).cases)

    @_locked
    def recalls(self, number: str) -> int:
        return self._entry(number).recalls

    # --- QueueCaller -----------------------------------------------------------------------------------

    @_locked
    def next(self, window: str) -> Ticket | None:
        window = self._window(window)
        for done in self._entries.values():  # the ticket this window had called is finished with
            if done.state == "called" and done.ticket.window == window:
                done.state = "done"
        entry = self._first_waiting(window)
        if entry is None:
            return None
        entry.state = "called"
        entry.transferred_to = ""
        entry.ticket = replace(entry.ticket, window=window)
        self.calls.append((window, entry.ticket.number))
        return entry.ticket

    @_locked
    def recall(self, ticket: Ticket) -> None:
        entry = self._called(ticket, "重呼")
        entry.recalls += 1
        self.calls.append((entry.ticket.window, entry.ticket.number))

    @_locked
    def skip(self, ticket: Ticket) -> None:
        self._called(ticket, "过号").state = "skipped"

    @_locked
    def transfer(self, ticket: Ticket, to_window: str) -> None:
        self._check_up()
        target = check_window(to_window)
        if target not in self.windows:
            raise QueueRefused("排队叫号系统中没有这个窗口号：请核对本机设置中的窗口号")
        entry = self._called(ticket, "转移")
        entry.state = "waiting"
        entry.transferred_to = target
        entry.ticket = replace(entry.ticket, window="")

    @_locked
    def waiting(self, window: str) -> int:
        window = self._window(window)
        return sum(1 for entry in self._entries.values() if self._waits_for(entry, window))

    @_locked
    def link(self, ticket: Ticket, case_number: str) -> None:
        self._check_up()
        case = case_number.strip()
        if not case:
            raise QueueRefused("办件编号为空，无法与号票关联")
        entry = self._entry(ticket.number)
        if case not in entry.cases:
            entry.cases.append(case)

    # --- rules ---------------------------------------------------------------------------------------

    def _check_up(self) -> None:
        if self.unavailable:
            raise QueueUnavailable(self.unavailable)

    def _window(self, window: str) -> str:
        self._check_up()
        window = check_window(window)
        if window not in self.windows:
            raise QueueRefused("排队叫号系统中没有这个窗口号：请核对本机设置中的窗口号")
        return window

    def _entry(self, number: str) -> _Entry:
        self._check_up()
        entry = self._entries.get(number)
        if entry is None:
            raise QueueRefused(f"排队叫号系统中没有 {number} 号（可能已过期或已办结）")
        return entry

    def _called(self, ticket: Ticket, what: str) -> _Entry:
        entry = self._entry(ticket.number)
        if entry.state != "called" or entry.ticket.window != ticket.window:
            raise QueueRefused(f"{ticket.number}当前不能{what}（可能已被其他窗口处理），请刷新后再试")
        return entry

    def _waits_for(self, entry: _Entry, window: str) -> bool:
        if entry.state != "waiting":
            return False
        if entry.transferred_to:
            return entry.transferred_to == window
        return entry.ticket.number.rstrip("0123456789") in self.windows[window]

    def _first_waiting(self, window: str) -> _Entry | None:
        waiting = [entry for entry in self._entries.values() if self._waits_for(entry, window)]
        transferred = [entry for entry in waiting if entry.transferred_to]
        pool = transferred or waiting
        return min(pool, key=lambda entry: entry.ticket.issued_at, default=None)


def demo_queue(tickets: Iterable[str] = "AABACBA") -> FakeQueueCaller:
    """A demo queue with the demo groups and windows and a few tickets already taken (one per letter)."""
    queue = FakeQueueCaller()
    for prefix in tickets:
        queue.issue(prefix)
    return queue
