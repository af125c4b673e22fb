"""The statutory clock of a disclosure request (答复期限), counted in working days.

- The reply is due 20 working days after the day the request counts as received (条例第三十三条); the
  received day itself does not count, like every working-day deadline of the hall.
- When the office asked for a correction (补正, 条例第三十条), the 20 days run from the day the corrected
  request arrived instead.
- Time spent waiting for a third party's or another office's opinion (征求意见), and from a fee notice to the
  payment (国办函〔2020〕109号), does not count: a working day inside such a pause — after the day it began,
  up to and including the day it ended — is skipped. A pause still open is counted as if it ended today, so
  the deadline shown is the earliest it can be, and the request is never overdue while the clock waits.
- An extension adds at most 20 working days, approved by the head of the office.

A request is overdue (逾期) only against this extended, clock-paused deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from hallapp.domain.disclosure import PauseKind, ReceiptChannel
from hallapp.domain.workdays import Deadline, WorkdayCalendar

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Pause:
    """A stretch of time that does not count against the reply deadline."""

    kind: PauseKind
    started_on: date
    ended_on: date | None = None
    party: str = ""  # the third party or the other office consulted ("" for a fee)
    answer: str = ""  # what the other side said, in a few words, once it ended

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def covers(self, day: date, today: date) -> bool:
        """True when ``day`` is inside the pause (an open pause is taken to end ``today``)."""
        end = self.ended_on if self.ended_on is not None else today
        return self.started_on < day <= end

    def due(self, calendar: WorkdayCalendar) -> Deadline | None:
        """When the other side's own period ends (15 working days for a third party, 20 to pay a fee)."""
        period = self.kind.period
        return None if period is None else calendar.add_working_days(self.started_on, period)


def received_on(channel: ReceiptChannel, arrived_on: date, confirmed_on: date | None) -> date:
    """The day a request counts as received (条例第三十一条).

    Handed in, signed for, or received by the system: the day it arrived. An ordinary letter: the day the
    office confirmed receipt with the applicant; a fax: the day both sides confirmed it. Without that
    confirmation the arrival day is used, so the clock never starts later than the paper arrived.
    """
    if channel.needs_confirmation and confirmed_on is not None:
        return confirmed_on
    return arrived_on


def count_deadline(
    calendar: WorkdayCalendar,
    start: date,
    days: int,
    pauses: Sequence[Pause],
    *,
    today: date,
) -> Deadline:
    """The day ``days`` counted working days after ``start``, skipping working days inside ``pauses``.

    Days of years whose holiday schedule is not loaded are counted Monday to Friday and flagged on the
    result, as ``WorkdayCalendar.add_working_days`` does.
    """
    if days < 0:
        raise ValueError(f"days must be 0 or more, got {days}")
    day = start
    unknown: set[int] = set()
    remaining = days
    while remaining > 0:
        day += _ONE_DAY
        if day.year not in calendar.known_years:
            unknown.add(day.year)
        if not calendar.is_working_day(day):
            continue
        if any(p.covers(day, today) for p in pauses):
            continue
        remaining -= 1
    return Deadline(day, tuple(sorted(unknown)))


def counted_days(
    calendar: WorkdayCalendar, start: date, end: date, pauses: Sequence[Pause], *, today: date
) -> int:
    """How many working days after ``start`` up to and including ``end`` count against the deadline
    (working days inside a pause do not); negative when ``end`` is before ``start``."""
    if end < start:
        return -counted_days(calendar, end, start, pauses, today=today)
    count = 0
    day = start
    while day < end:
        day += _ONE_DAY
        if calendar.is_working_day(day) and not any(p.covers(day, today) for p in pauses):
            count += 1
    return count
