"""The clock paused: consulting a third party or another office (征求意见), and from a fee notice to the
payment (收费) — over the real 2026 schedule."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hallapp.domain.disclosure import DisclosureState, PauseKind, ReceiptChannel, Reply
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.domain.disclosure_request import DisclosureRequest
from tests.domain.test_disclosure_request import MON, new_request, refused
from tests.domain.test_workdays import CAL_2026

MAR10 = date(2026, 3, 10)
MAR17 = date(2026, 3, 17)


def consulting(kind: PauseKind = PauseKind.THIRD_PARTY, on: date = MAR10) -> DisclosureRequest:
    return new_request().start_consultation(kind, " 某某公司 ", on=on, today=on)


# --- consulting -----------------------------------------------------------------------------------------


def test_consulting_pauses_the_clock_and_ending_it_starts_it_again() -> None:
    r = consulting()
    assert r.state is DisclosureState.CONSULTING
    pause = r.open_pause
    assert pause is not None and pause.party == "某某公司" and pause.kind is PauseKind.THIRD_PARTY
    assert pause.due(CAL_2026) is not None and pause.due(CAL_2026).date == date(2026, 3, 31)
    # While open the deadline moves with today: on Mar 12 two working days paused, due Apr 1.
    assert r.deadline(CAL_2026, date(2026, 3, 12)).date == date(2026, 4, 1)
    ended = r.end_consultation(" 同意公开 ", on=MAR17, today=date(2026, 3, 18))
    assert ended.state is DisclosureState.REGISTERED and ended.open_pause is None
    assert ended.pauses[0].ended_on == MAR17 and ended.pauses[0].answer == "同意公开"
    # Mar 11–17 did not count: due Apr 7 instead of Mar 30, whatever today is.
    assert ended.deadline(CAL_2026, date(2026, 3, 18)).date == date(2026, 4, 7)
    assert ended.deadline(CAL_2026, date(2026, 5, 1)).date == date(2026, 4, 7)
    assert ended.working_days_left(CAL_2026, date(2026, 4, 3)) == 1
    assert not ended.is_overdue(CAL_2026, date(2026, 4, 7))
    assert ended.is_overdue(CAL_2026, date(2026, 4, 8))


def test_never_overdue_while_paused() -> None:
    r = consulting(PauseKind.OTHER_OFFICE)
    for today in (date(2026, 3, 31), date(2026, 4, 30), date(2026, 9, 30)):
        assert not r.is_overdue(CAL_2026, today)
        assert r.working_days_left(CAL_2026, today) == 14  # Mar 3–10 counted 6; 14 remain
        assert r.deadline(CAL_2026, today).date > today


def test_a_pause_begun_after_the_deadline_does_not_hide_that_the_request_is_overdue() -> None:
    r = new_request()  # due Mar 30
    late = r.start_consultation(
        PauseKind.THIRD_PARTY, "某某公司", on=date(2026, 4, 2), today=date(2026, 4, 2)
    )
    assert late.deadline(CAL_2026, date(2026, 4, 8)).date == date(2026, 3, 30)
    assert late.is_overdue(CAL_2026, date(2026, 4, 8))
    fee = r.notify_fee(
        FeeMode.BY_PAGES, 40, 100, on=date(2026, 4, 2), calendar=CAL_2026, today=date(2026, 4, 2)
    )
    assert fee.is_overdue(CAL_2026, date(2026, 4, 8))


def test_a_pause_begun_with_one_day_left_keeps_that_day() -> None:
    r = new_request()  # due Mon Mar 30; on Fri Mar 27 one day is left
    c = r.start_consultation(PauseKind.THIRD_PARTY, "某某公司", on=date(2026, 3, 27), today=date(2026, 3, 27))
    assert not c.is_overdue(CAL_2026, date(2026, 4, 8))
    assert c.working_days_left(CAL_2026, date(2026, 4, 8)) == 1
    ended = c.end_consultation("同意", on=date(2026, 4, 8), today=date(2026, 4, 8))
    assert ended.deadline(CAL_2026, date(2026, 4, 8)).date == date(2026, 4, 9)


def test_a_pause_begun_on_the_deadline_day_leaves_no_day() -> None:
    # The deadline day itself counts (a pause skips the days after it began): nothing is left to move.
    r = new_request()  # due Mar 30
    c = r.start_consultation(PauseKind.THIRD_PARTY, "某某公司", on=date(2026, 3, 30), today=date(2026, 3, 30))
    assert not c.is_overdue(CAL_2026, date(2026, 3, 30))
    assert c.is_overdue(CAL_2026, date(2026, 3, 31))
    # Paused days do not count as days overdue either: none of Mar 31 – Apr 8 counts.
    assert c.working_days_left(CAL_2026, date(2026, 4, 8)) == 0
    done = c.end_consultation("同意", on=date(2026, 4, 8), today=date(2026, 4, 8)).draft_reply(
        Reply.DISCLOSED, "邮寄", by="zhang.san", on=date(2026, 4, 8), today=date(2026, 4, 8)
    )
    issued = done.approve_reply(by="zhao.liu", on=date(2026, 4, 8), today=date(2026, 4, 8))
    assert issued.replied_in_time(CAL_2026) is False


def test_a_second_consultation_adds_its_own_days() -> None:
    once = consulting().end_consultation("同意", on=MAR17, today=MAR17)
    twice = once.start_consultation(
        PauseKind.OTHER_OFFICE, "市发改委", on=date(2026, 3, 20), today=date(2026, 3, 20)
    )
    ended = twice.end_consultation("无意见", on=date(2026, 3, 24), today=date(2026, 3, 24))
    # Apr 7 plus Mar 23 and 24 paused: Apr 8, 9.
    assert ended.deadline(CAL_2026, date(2026, 3, 24)).date == date(2026, 4, 9)
    assert len(ended.pauses) == 2 and all(not p.is_open for p in ended.pauses)


def test_consultation_refusals() -> None:
    r = new_request()
    refused(r, r.start_consultation, PauseKind.FEE, "x", on=MON, today=MON, match="收费通知")
    refused(r, r.start_consultation, PauseKind.THIRD_PARTY, "  ", on=MON, today=MON, match="对象")
    refused(r, r.start_consultation, PauseKind.THIRD_PARTY, "某公司", on=MAR10, today=MON, match="晚于今天")
    online = new_request(channel=ReceiptChannel.ONLINE, arrived_on=MAR10, today=MAR10)
    refused(
        online,
        online.start_consultation,
        PauseKind.THIRD_PARTY,
        "某公司",
        on=MON,
        today=MAR10,
        match="起算日",
    )
    c = consulting()
    refused(
        c, c.start_consultation, PauseKind.OTHER_OFFICE, "市发改委", on=MAR10, today=MAR10, match="征求意见中"
    )
    refused(c, c.end_consultation, " ", on=MAR17, today=MAR17, match="记录意见")
    refused(c, c.end_consultation, "同意", on=date(2026, 3, 9), today=MAR17, match="早于")
    refused(c, c.end_consultation, "同意", on=date(2026, 3, 18), today=MAR17, match="晚于今天")
    refused(r, r.end_consultation, "同意", on=MAR17, today=MAR17, match="不能记录征求意见结果")


def test_no_reply_is_drafted_while_consulting() -> None:
    c = consulting()
    refused(
        c, c.draft_reply, Reply.DISCLOSED, "邮寄", by="zhang.san", on=MAR17, today=MAR17, match="征求意见"
    )


def test_a_consultation_after_the_correction_counts_from_the_restart() -> None:
    asked = new_request().ask_correction(("请写明文号",), 15, on=MON, calendar=CAL_2026, today=MON)
    back = asked.receive_correction(on=date(2026, 3, 4), today=date(2026, 3, 4))
    refused(
        back,
        back.start_consultation,
        PauseKind.THIRD_PARTY,
        "某公司",
        on=date(2026, 3, 3),
        today=date(2026, 3, 4),
        match="起算日",
    )
    c = back.start_consultation(PauseKind.THIRD_PARTY, "某公司", on=MAR10, today=MAR10)
    ended = c.end_consultation("同意", on=MAR17, today=MAR17)
    # From Mar 4: Mar 5, 6, 9, 10 (4); 11–17 paused; 18–20 (7); 23–27 (12); 30, 31 (14); Apr 1–3 (17); 7–9.
    assert ended.deadline(CAL_2026, MAR17).date == date(2026, 4, 9)


# --- the fee --------------------------------------------------------------------------------------------


def fee_notified(on: date = MAR10) -> DisclosureRequest:
    return new_request().notify_fee(FeeMode.BY_PAGES, 40, 100, on=on, calendar=CAL_2026, today=on)


def test_a_fee_notice_pauses_the_clock_until_the_payment() -> None:
    r = fee_notified()
    assert r.state is DisclosureState.AWAITING_FEE
    assert r.fee is not None and (r.fee.mode, r.fee.basis, r.fee.amount) == (FeeMode.BY_PAGES, 40, 100)
    # 20 working days to pay: Mar 11 … Mar 31 (15), Apr 1–3 (18), 清明, Apr 7, 8.
    assert r.fee.due == date(2026, 4, 8)
    assert r.open_pause is not None and r.open_pause.kind is PauseKind.FEE
    assert not r.is_overdue(CAL_2026, date(2026, 5, 20))
    paid = r.record_payment(on=MAR17, today=date(2026, 3, 18))
    assert paid.state is DisclosureState.REGISTERED and paid.fee is not None and paid.fee.paid_on == MAR17
    assert paid.open_pause is None
    assert paid.deadline(CAL_2026, date(2026, 3, 18)).date == date(2026, 4, 7)  # as a consultation would


def test_the_fee_lapses_only_after_the_payment_period() -> None:
    r = fee_notified()
    assert not r.fee_lapsed(date(2026, 4, 8))
    assert r.fee_lapsed(date(2026, 4, 9))
    refused(
        r,
        r.draft_reply,
        Reply.OTHER_FEE_UNPAID,
        "逾期未缴费",
        by="zhang.san",
        on=date(2026, 4, 8),
        today=date(2026, 4, 8),
        match="缴费期限至 2026-04-08",
    )
    drafted = r.draft_reply(
        Reply.OTHER_FEE_UNPAID, "逾期未缴费", by="zhang.san", on=date(2026, 4, 9), today=date(2026, 4, 9)
    )
    assert drafted.state is DisclosureState.REPLY_PENDING
    assert not drafted.is_overdue(CAL_2026, date(2026, 4, 20))
    returned = drafted.return_reply("请附收费通知书送达凭证", by="zhao.liu")
    assert returned.state is DisclosureState.AWAITING_FEE


def test_fee_unpaid_is_no_reply_without_a_fee_notice_or_after_payment() -> None:
    r = new_request()
    refused(
        r,
        r.draft_reply,
        Reply.OTHER_FEE_UNPAID,
        "x",
        by="zhang.san",
        on=MON,
        today=MON,
        match="按逾期未缴费处理",
    )
    paid = fee_notified().record_payment(on=MAR17, today=MAR17)
    refused(
        paid,
        paid.draft_reply,
        Reply.OTHER_FEE_UNPAID,
        "x",
        by="zhang.san",
        on=date(2026, 5, 6),
        today=date(2026, 5, 6),
        match="按逾期未缴费处理",
    )


def test_a_late_payment_is_still_recorded() -> None:
    paid = fee_notified().record_payment(on=date(2026, 4, 15), today=date(2026, 4, 15))
    assert paid.state is DisclosureState.REGISTERED and not paid.fee_lapsed(date(2026, 4, 20))


def test_the_fee_is_at_most_the_standard_and_may_be_reduced() -> None:
    r = new_request()
    # 40 pages: pages 31–40 at 10 元 = 100 元.
    refused(
        r, r.notify_fee, FeeMode.BY_PAGES, 40, 150, on=MON, calendar=CAL_2026, today=MON, match="超过收费标准"
    )
    refused(r, r.notify_fee, FeeMode.BY_COUNT, 5, 100, on=MON, calendar=CAL_2026, today=MON, match="0 元")
    refused(
        r, r.notify_fee, FeeMode.BY_COUNT, 0, 100, on=MON, calendar=CAL_2026, today=MON, match="收费依据有误"
    )
    refused(
        r, r.notify_fee, FeeMode.BY_PAGES, -1, 100, on=MON, calendar=CAL_2026, today=MON, match="收费依据有误"
    )
    reduced = r.notify_fee(FeeMode.BY_PAGES, 40, 50, on=MON, calendar=CAL_2026, today=MON)
    assert reduced.fee is not None and reduced.fee.amount == 50
    by_count = r.notify_fee(FeeMode.BY_COUNT, 31, 200, on=MON, calendar=CAL_2026, today=MON)
    assert by_count.fee is not None and (by_count.fee.basis, by_count.fee.amount) == (31, 200)


def test_fee_refusals() -> None:
    r = new_request()
    refused(r, r.notify_fee, FeeMode.BY_COUNT, 5, 0, on=MON, calendar=CAL_2026, today=MON, match="不收费")
    refused(
        r, r.notify_fee, FeeMode.BY_PAGES, 40, 100, on=MAR10, calendar=CAL_2026, today=MON, match="晚于今天"
    )
    online = new_request(channel=ReceiptChannel.ONLINE, arrived_on=MAR10, today=MAR10)
    refused(
        online,
        online.notify_fee,
        FeeMode.BY_PAGES,
        40,
        100,
        on=MON,
        calendar=CAL_2026,
        today=MAR10,
        match="早于",
    )
    n = fee_notified()
    refused(n, n.record_payment, on=date(2026, 3, 9), today=MAR17, match="早于")
    refused(n, n.record_payment, on=date(2026, 3, 18), today=MAR17, match="晚于今天")
    paid = n.record_payment(on=MAR17, today=MAR17)
    refused(
        paid,
        paid.notify_fee,
        FeeMode.BY_PAGES,
        50,
        200,
        on=MAR17,
        calendar=CAL_2026,
        today=MAR17,
        match="发出过",
    )
    refused(r, r.record_payment, on=MON, today=MON, match="不能登记缴费")


# --- property: pausing never brings the deadline forward, and a running pause is never overdue --------

offsets = st.integers(min_value=0, max_value=200)


@settings(max_examples=100, deadline=None)
@given(offsets, st.integers(min_value=0, max_value=19), st.integers(min_value=0, max_value=60), offsets)
def test_a_pause_begun_in_time_keeps_the_request_out_of_overdue(
    arrival: int, begin_after: int, length: int, look: int
) -> None:
    arrived = date(2026, 1, 5) + timedelta(days=arrival)
    r = new_request(channel=ReceiptChannel.ONLINE, arrived_on=arrived, today=arrived)
    deadline = r.deadline(CAL_2026, arrived)
    assert deadline is not None
    # begin on a day the deadline has not yet been reached
    start = CAL_2026.add_working_days(arrived, begin_after).date
    c = r.start_consultation(PauseKind.THIRD_PARTY, "某公司", on=start, today=start)
    today = start + timedelta(days=look)
    assert not c.is_overdue(CAL_2026, today)
    assert c.deadline(CAL_2026, today).date >= deadline.date
    ended_on = start + timedelta(days=length)
    ended = c.end_consultation("同意", on=ended_on, today=ended_on)
    later = ended.deadline(CAL_2026, ended_on)
    assert later.date >= deadline.date
    assert later.date > ended_on  # a day of the 20 was still left when the pause began
