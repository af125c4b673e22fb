"""The statutory clock of a disclosure request (答复期限) over the real 2026 holiday schedule.

Expected dates are counted by hand in the comments (the received day itself never counts); the schedule is
the published one (国办发明电〔2025〕7号) exactly as ``test_workdays`` builds it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallapp.domain.disclosure import PauseKind, ReceiptChannel
from hallapp.domain.disclosure_clock import Pause, count_deadline, counted_days, received_on
from hallapp.domain.workdays import Deadline, WorkdayCalendar
from tests.domain.test_workdays import CAL_2026

FAR = date(2026, 12, 31)  # a "today" after every pause of a test, so open pauses do not matter


# --- the received day, by channel ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "channel",
    [ReceiptChannel.IN_PERSON, ReceiptChannel.POST_REGISTERED, ReceiptChannel.ONLINE, ReceiptChannel.EMAIL],
)
def test_channels_without_confirmation_count_the_day_of_arrival(channel: ReceiptChannel) -> None:
    assert not channel.needs_confirmation
    assert received_on(channel, date(2026, 3, 2), None) == date(2026, 3, 2)


@pytest.mark.parametrize("channel", [ReceiptChannel.POST_ORDINARY, ReceiptChannel.FAX])
def test_ordinary_letter_and_fax_count_the_day_of_confirmation(channel: ReceiptChannel) -> None:
    assert channel.needs_confirmation
    assert received_on(channel, date(2026, 3, 2), date(2026, 3, 5)) == date(2026, 3, 5)
    # Not yet confirmed: the clock never starts later than the paper arrived.
    assert received_on(channel, date(2026, 3, 2), None) == date(2026, 3, 2)


def test_only_electronic_channels_may_be_refused() -> None:
    refusable = {c for c in ReceiptChannel if c.may_be_refused}
    assert refusable == {ReceiptChannel.ONLINE, ReceiptChannel.EMAIL, ReceiptChannel.FAX}


def test_every_channel_has_words_for_the_form() -> None:
    for channel in ReceiptChannel:
        assert channel.label and channel.arrival_label
    assert ReceiptChannel.POST_REGISTERED.arrival_label == "签收日期"


# --- 20 working days over 2026 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Mar 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), 30 (20): no holiday.
        (date(2026, 3, 2), date(2026, 3, 30)),
        # 春节: Feb 12, 13, Sat 14 (调休) = 3; 15–23 off; 24–27 = 7; Sat 28 (调休) = 8; Mar 2–6 = 13;
        # Mar 9–13 = 18; Mar 16, 17 = 20.
        (date(2026, 2, 11), date(2026, 3, 17)),
        # 中秋 and 国庆: Sun Sep 20 (调休) = 1; 21–24 = 5; 25–27 off; 28–30 = 8; Oct 1–7 off; 8, 9 = 10;
        # Sat Oct 10 (调休) = 11; 12–16 = 16; 19–22 = 20.
        (date(2026, 9, 18), date(2026, 10, 22)),
        # Received online on a holiday: Oct 8, 9, 10 (调休) = 3; 12–16 = 8; 19–23 = 13; 26–30 = 18; Nov 2, 3.
        (date(2026, 10, 3), date(2026, 11, 3)),
        # 劳动节: May 1–5 off; 6, 7, 8 = 3; Sat May 9 (调休) = 4; 11–15 = 9; 18–22 = 14; 25–29 = 19; Jun 1.
        (date(2026, 4, 30), date(2026, 6, 1)),
    ],
)
def test_twenty_working_days_over_the_2026_schedule(start: date, expected: date) -> None:
    deadline = count_deadline(CAL_2026, start, 20, (), today=start)
    assert deadline == Deadline(expected, ())
    assert counted_days(CAL_2026, start, expected, (), today=start) == 20


def test_a_deadline_running_into_a_year_without_schedule_is_flagged() -> None:
    # Dec 16–18 (3), 21–25 (8), 28–31 (12); 2027 assumed Monday to Friday: Jan 1 (13), 4–8 (18), 11, 12.
    deadline = count_deadline(CAL_2026, date(2026, 12, 15), 20, (), today=date(2026, 12, 15))
    assert deadline.date == date(2027, 1, 12)
    assert deadline.unverified_years == (2027,)
    assert not deadline.verified and "2027年节假日安排尚未公布" in deadline.note


def test_a_deadline_inside_the_known_year_is_verified() -> None:
    deadline = count_deadline(CAL_2026, date(2026, 12, 1), 20, (), today=date(2026, 12, 1))
    assert deadline == Deadline(date(2026, 12, 29), ())


def test_zero_days_is_the_start_and_negative_days_are_refused() -> None:
    assert count_deadline(CAL_2026, date(2026, 10, 3), 0, (), today=FAR).date == date(2026, 10, 3)
    with pytest.raises(ValueError):
        count_deadline(CAL_2026, date(2026, 3, 2), -1, (), today=FAR)


# --- pauses -------------------------------------------------------------------------------------------

CONSULT = Pause(PauseKind.THIRD_PARTY, date(2026, 3, 10), date(2026, 3, 17), "某公司")


def test_working_days_inside_a_pause_do_not_count() -> None:
    # Received Mar 2. Counted: Mar 3–6, 9, 10 (the day it was sent still counts) = 6; Mar 11–17 paused;
    # 18–20 = 9; 23–27 = 14; 30, 31 = 16; Apr 1–3 = 19; 清明 Apr 4–6 off; Apr 7 = 20.
    deadline = count_deadline(CAL_2026, date(2026, 3, 2), 20, (CONSULT,), today=FAR)
    assert deadline == Deadline(date(2026, 4, 7), ())
    assert counted_days(CAL_2026, date(2026, 3, 2), date(2026, 4, 7), (CONSULT,), today=FAR) == 20
    assert counted_days(CAL_2026, date(2026, 3, 2), date(2026, 4, 7), (), today=FAR) == 25


def test_the_pause_covers_the_days_after_it_began_up_to_the_day_it_ended() -> None:
    assert not CONSULT.covers(date(2026, 3, 10), FAR)
    assert CONSULT.covers(date(2026, 3, 11), FAR)
    assert CONSULT.covers(date(2026, 3, 17), FAR)
    assert not CONSULT.covers(date(2026, 3, 18), FAR)


def test_an_open_pause_counts_as_ending_today() -> None:
    open_pause = Pause(PauseKind.OTHER_OFFICE, date(2026, 3, 10), None, "市发改委")
    assert open_pause.is_open
    # Today Mar 12: Mar 11 and 12 paused, so the deadline moves two working days, to Apr 1.
    deadline = count_deadline(CAL_2026, date(2026, 3, 2), 20, (open_pause,), today=date(2026, 3, 12))
    assert deadline.date == date(2026, 4, 1)
    assert open_pause.covers(date(2026, 3, 12), date(2026, 3, 12))
    assert not open_pause.covers(date(2026, 3, 13), date(2026, 3, 12))
    # Ended on Mar 17 it is the same as CONSULT.
    later = count_deadline(CAL_2026, date(2026, 3, 2), 20, (open_pause,), today=date(2026, 3, 17))
    assert later.date == date(2026, 4, 7)


def test_a_pause_over_a_holiday_only_skips_working_days() -> None:
    # Received Sep 18 (due Oct 22). Paused Sep 30 – Oct 9: working days paused are Oct 8 and 9 only.
    pause = Pause(PauseKind.THIRD_PARTY, date(2026, 9, 30), date(2026, 10, 9), "某公司")
    deadline = count_deadline(CAL_2026, date(2026, 9, 18), 20, (pause,), today=FAR)
    assert deadline.date == date(2026, 10, 26)  # Oct 22 + Oct 23, Oct 26


def test_a_pause_after_the_deadline_does_not_move_it() -> None:
    late = Pause(PauseKind.THIRD_PARTY, date(2026, 3, 31), date(2026, 4, 10), "某公司")
    assert count_deadline(CAL_2026, date(2026, 3, 2), 20, (late,), today=FAR).date == date(2026, 3, 30)


def test_a_pause_has_its_own_period() -> None:
    # Third party, from Mar 10: Mar 11–13 (3), 16–20 (8), 23–27 (13), 30, 31 = 15.
    assert CONSULT.due(CAL_2026) == Deadline(date(2026, 3, 31), ())
    # A fee: 20 working days to pay: … Mar 31 (15), Apr 1–3 (18), 清明, Apr 7, 8.
    fee = Pause(PauseKind.FEE, date(2026, 3, 10))
    assert fee.due(CAL_2026) == Deadline(date(2026, 4, 8), ())
    # Another office has 15 working days too (条例第三十四条), counted like a third party's.
    assert Pause(PauseKind.OTHER_OFFICE, date(2026, 3, 10), party="市发改委").due(CAL_2026) == CONSULT.due(
        CAL_2026
    )
    # Over 国庆: from Sep 28, 29, 30 (2), Oct 8, 9, 10 (调休) (5), 12–16 (10), 19–23 (15).
    assert Pause(PauseKind.THIRD_PARTY, date(2026, 9, 28)).due(CAL_2026).date == date(2026, 10, 23)


def test_counted_days_is_negative_when_the_end_is_before_the_start() -> None:
    assert counted_days(CAL_2026, date(2026, 3, 30), date(2026, 3, 27), (), today=FAR) == -1
    assert counted_days(CAL_2026, date(2026, 10, 8), date(2026, 9, 30), (), today=FAR) == -1
    assert counted_days(CAL_2026, date(2026, 3, 2), date(2026, 3, 2), (), today=FAR) == 0


# --- properties, over random calendars and pauses -----------------------------------------------------

BASE = date(2026, 1, 1)


@st.composite
def calendars(draw: st.DrawFn) -> WorkdayCalendar:
    """A calendar over 2026 with random holidays (weekdays or not) and random 调休 weekend days."""
    offsets = st.integers(min_value=0, max_value=364)
    holidays = {BASE + timedelta(days=i) for i in draw(st.sets(offsets, max_size=60))}
    weekend = [d for d in (BASE + timedelta(days=i) for i in range(365)) if d.weekday() >= 5]
    adjusted = set(draw(st.lists(st.sampled_from(weekend), max_size=10))) - holidays
    return WorkdayCalendar(holidays=holidays, adjusted_workdays=adjusted, known_years={2026})


@st.composite
def pauses(draw: st.DrawFn) -> Pause:
    started = BASE + timedelta(days=draw(st.integers(min_value=0, max_value=300)))
    length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=40)))
    ended = None if length is None else started + timedelta(days=length)
    return Pause(draw(st.sampled_from(list(PauseKind))), started, ended)


starts = st.integers(min_value=0, max_value=300).map(lambda i: BASE + timedelta(days=i))
todays = st.integers(min_value=0, max_value=400).map(lambda i: BASE + timedelta(days=i))
day_counts = st.integers(min_value=0, max_value=60)


@settings(max_examples=150, deadline=None)
@given(calendars(), starts, day_counts, st.lists(pauses(), max_size=4), todays)
def test_counting_the_deadline_back_gives_the_days(
    cal: WorkdayCalendar, start: date, n: int, ps: list[Pause], today: date
) -> None:
    deadline = count_deadline(cal, start, n, ps, today=today)
    assert counted_days(cal, start, deadline.date, ps, today=today) == n


@settings(max_examples=150, deadline=None)
@given(calendars(), starts, st.integers(min_value=1, max_value=60), st.lists(pauses(), max_size=4), todays)
def test_the_deadline_is_a_working_day_outside_every_pause(
    cal: WorkdayCalendar, start: date, n: int, ps: list[Pause], today: date
) -> None:
    deadline = count_deadline(cal, start, n, ps, today=today).date
    assert deadline > start
    assert cal.is_working_day(deadline)
    assert not any(p.covers(deadline, today) for p in ps)


@settings(max_examples=150, deadline=None)
@given(calendars(), starts, day_counts, st.lists(pauses(), max_size=3), pauses(), todays)
def test_a_pause_never_makes_the_deadline_earlier(
    cal: WorkdayCalendar, start: date, n: int, ps: list[Pause], extra: Pause, today: date
) -> None:
    without = count_deadline(cal, start, n, ps, today=today).date
    with_extra = count_deadline(cal, start, n, [*ps, extra], today=today).date
    assert with_extra >= without


@settings(max_examples=150, deadline=None)
@given(
    calendars(), starts, day_counts, st.integers(min_value=0, max_value=20), st.lists(pauses(), max_size=3)
)
def test_extension_days_never_make_the_deadline_earlier(
    cal: WorkdayCalendar, start: date, n: int, more: int, ps: list[Pause]
) -> None:
    base = count_deadline(cal, start, n, ps, today=FAR).date
    extended = count_deadline(cal, start, n + more, ps, today=FAR).date
    assert extended >= base
    assert counted_days(cal, base, extended, ps, today=FAR) == more


@settings(max_examples=100, deadline=None)
@given(calendars(), starts, day_counts, pauses())
def test_a_pause_that_goes_on_longer_never_makes_the_deadline_earlier(
    cal: WorkdayCalendar, start: date, n: int, pause: Pause
) -> None:
    # An open pause is taken to end today: the later today is, the later the deadline.
    open_pause = Pause(pause.kind, pause.started_on)
    today = pause.started_on + timedelta(days=5)
    earlier = count_deadline(cal, start, n, [open_pause], today=today).date
    later = count_deadline(cal, start, n, [open_pause], today=today + timedelta(days=10)).date
    assert later >= earlier
