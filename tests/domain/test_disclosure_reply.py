"""The extension (延期答复), the reply from draft to issue (拟稿、审核、答复) and the archive (存档) of a
disclosure request — over the real 2026 schedule."""

from __future__ import annotations

from datetime import date

import pytest

from hallapp.domain.disclosure import MAX_EXTENSION_DAYS, DisclosureState, PauseKind, ReceiptChannel, Reply
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.domain.disclosure_request import DisclosureRequest
from hallapp.domain.workdays import Deadline
from tests.domain.test_disclosure_request import MON, new_request, refused
from tests.domain.test_workdays import CAL_2026

MAR20 = date(2026, 3, 20)


def extend(r: DisclosureRequest, days: int = 20, on: date = MAR20, **kw: str) -> DisclosureRequest:
    args = {"reason": "涉及多个部门，需调取档案", "approved_by": "zhao.liu", "requested_by": "zhang.san"} | kw
    return r.extend(
        days,
        args["reason"],
        approved_by=args["approved_by"],
        requested_by=args["requested_by"],
        on=on,
        calendar=CAL_2026,
    )


def drafted(
    r: DisclosureRequest | None = None, reply: Reply = Reply.DISCLOSED, on: date = MAR20
) -> DisclosureRequest:
    r = r or new_request()
    return r.draft_reply(reply, " 邮寄纸质文件 ", by="zhang.san", on=on, today=on)


def issued(on: date = MAR20) -> DisclosureRequest:
    return drafted(on=on).approve_reply(by="zhao.liu", on=on, today=on)


# --- the extension -----------------------------------------------------------------------------------


def test_the_extension_moves_the_deadline_and_overdue_follows_it() -> None:
    r = extend(new_request())
    assert r.extension is not None and r.extension.days == 20 and r.extension.approved_by == "zhao.liu"
    assert r.extension.reason == "涉及多个部门，需调取档案" and r.extension.on == MAR20
    assert r.state is DisclosureState.REGISTERED
    assert r.original_deadline(CAL_2026, MAR20).date == date(2026, 3, 30)
    # Mar 30 (20), 31, Apr 1–3 (24), 清明, 7–10 (28), 13–17 (33), 20–24 (38), 27, 28 (40).
    assert r.deadline(CAL_2026, MAR20).date == date(2026, 4, 28)
    assert not r.is_overdue(CAL_2026, date(2026, 3, 31))
    assert not r.is_overdue(CAL_2026, date(2026, 4, 28))
    assert r.is_overdue(CAL_2026, date(2026, 4, 29))


def test_an_extension_into_a_year_without_schedule_is_flagged() -> None:
    dec = new_request(channel=ReceiptChannel.ONLINE, arrived_on=date(2026, 12, 1), today=date(2026, 12, 1))
    x = dec.extend(
        20,
        "涉及多个部门",
        approved_by="zhao.liu",
        requested_by="zhang.san",
        on=date(2026, 12, 7),
        calendar=CAL_2026,
    )
    assert x.original_deadline(CAL_2026, date(2026, 12, 7)) == Deadline(date(2026, 12, 29), ())
    # Dec 30, 31 (22); 2027 assumed Monday to Friday: Jan 1 (23), 4–8 (28), 11–15 (33), 18–22 (38), 25, 26.
    extended = x.deadline(CAL_2026, date(2026, 12, 7))
    assert extended == Deadline(date(2027, 1, 26), (2027,))
    assert not extended.verified


@pytest.mark.parametrize("days", [1, MAX_EXTENSION_DAYS])
def test_one_to_twenty_days_may_be_added(days: int) -> None:
    r = extend(new_request(), days)
    assert r.extension is not None and r.extension.days == days
    assert CAL_2026.working_days_between(date(2026, 3, 30), r.deadline(CAL_2026, MAR20).date) == days


@pytest.mark.parametrize("days", [0, -1, MAX_EXTENSION_DAYS + 1])
def test_outside_one_to_twenty_days_is_refused(days: int) -> None:
    r = new_request()
    refused(r, extend, r, days, match="最长不超过20个工作日")


def test_the_extension_is_granted_once() -> None:
    once = extend(new_request(), 5)
    refused(once, extend, once, 5, match="延长过一次")


def test_the_extension_needs_an_approver_and_a_reason() -> None:
    r = new_request()
    refused(r, extend, r, reason="  ", match="延期理由")
    refused(r, extend, r, approved_by=" ", match="负责人同意")


def test_the_extension_is_granted_before_the_deadline_passes() -> None:
    r = new_request()
    assert extend(r, on=date(2026, 3, 30)).extension is not None
    refused(r, extend, r, on=date(2026, 3, 31), match="2026-03-30 届满")


def test_the_extension_while_consulting_and_overdue_against_the_paused_extended_deadline() -> None:
    c = new_request().start_consultation(
        PauseKind.THIRD_PARTY, "某公司", on=date(2026, 3, 10), today=date(2026, 3, 10)
    )
    # Past the unpaused Mar 30, but the clock is stopped: it may still be extended.
    x = extend(c, 5, on=date(2026, 4, 1))
    assert x.state is DisclosureState.CONSULTING and x.extension is not None
    ended = x.end_consultation("同意", on=date(2026, 3, 17), today=date(2026, 4, 1))
    # Paused Mar 11–17: due Apr 7, extended by Apr 8, 9, 10, 13, 14.
    assert ended.original_deadline(CAL_2026, date(2026, 4, 1)).date == date(2026, 4, 7)
    assert ended.deadline(CAL_2026, date(2026, 4, 1)).date == date(2026, 4, 14)
    assert not ended.is_overdue(CAL_2026, date(2026, 4, 8))  # past the original, within the extension
    assert not ended.is_overdue(CAL_2026, date(2026, 4, 14))
    assert ended.is_overdue(CAL_2026, date(2026, 4, 15))


def test_no_extension_while_a_correction_or_a_fee_is_awaited_or_once_drafted() -> None:
    asked = new_request().ask_correction(("请写明文号",), 15, on=MON, calendar=CAL_2026, today=MON)
    refused(asked, extend, asked, match="待补正")
    fee = new_request().notify_fee(FeeMode.BY_PAGES, 40, 100, on=MON, calendar=CAL_2026, today=MON)
    refused(fee, extend, fee, match="待缴费")
    pending = drafted()
    refused(pending, extend, pending, match="答复待审核")


# --- drafting, returning and approving the reply ------------------------------------------------------


def test_draft_then_approve_issues_the_reply() -> None:
    d = drafted()
    assert d.state is DisclosureState.REPLY_PENDING and d.is_open
    assert d.reply is not None and d.reply.text == "邮寄纸质文件" and d.reply.drafted_by == "zhang.san"
    assert d.replied_in_time(CAL_2026) is None
    done = d.approve_reply(by="zhao.liu", on=date(2026, 3, 23), today=date(2026, 3, 23))
    assert done.state is DisclosureState.REPLIED and not done.is_open
    assert done.reply is not None and done.reply.approved_by == "zhao.liu"
    assert done.reply.issued_on == date(2026, 3, 23)
    assert done.replied_in_time(CAL_2026) is True
    assert not done.is_overdue(CAL_2026, date(2026, 12, 31))


@pytest.mark.parametrize("approver", ["zhang.san", "ZHANG.SAN", " Zhang.San "])
def test_the_drafter_cannot_approve(approver: str) -> None:
    d = drafted()
    refused(d, d.approve_reply, by=approver, on=MAR20, today=MAR20, match="拟稿人以外")


def test_an_approval_needs_an_approver() -> None:
    d = drafted()
    refused(d, d.approve_reply, by="  ", on=MAR20, today=MAR20, match="审核")


def test_the_issue_day_is_neither_before_the_draft_nor_ahead_of_today() -> None:
    d = drafted()
    refused(d, d.approve_reply, by="zhao.liu", on=date(2026, 3, 19), today=MAR20, match="早于拟稿日期")
    refused(d, d.approve_reply, by="zhao.liu", on=date(2026, 3, 23), today=MAR20, match="晚于今天")


def test_a_reply_issued_after_the_deadline_was_not_in_time() -> None:
    late = drafted(on=date(2026, 3, 31)).approve_reply(
        by="zhao.liu", on=date(2026, 4, 1), today=date(2026, 4, 1)
    )
    assert late.replied_in_time(CAL_2026) is False
    on_the_day = drafted(on=date(2026, 3, 30)).approve_reply(
        by="zhao.liu", on=date(2026, 3, 30), today=date(2026, 3, 30)
    )
    assert on_the_day.replied_in_time(CAL_2026) is True


def test_the_clock_of_an_issued_reply_stops_on_its_day() -> None:
    # A fee never paid, closed as unpaid: the fee pause ends with the reply on Apr 10, so the deadline
    # (6 days counted before the notice, 14 after Apr 10: Apr 30) no longer moves.
    fee = new_request().notify_fee(
        FeeMode.BY_PAGES, 40, 100, on=date(2026, 3, 10), calendar=CAL_2026, today=date(2026, 3, 10)
    )
    unpaid = fee.draft_reply(
        Reply.OTHER_FEE_UNPAID, "逾期未缴费", by="zhang.san", on=date(2026, 4, 9), today=date(2026, 4, 9)
    )
    done = unpaid.approve_reply(by="zhao.liu", on=date(2026, 4, 10), today=date(2026, 4, 10))
    assert done.deadline(CAL_2026, date(2026, 12, 31)).date == date(2026, 4, 30)
    assert done.replied_in_time(CAL_2026) is True


def test_text_is_required_in_the_words_of_the_reply() -> None:
    r = new_request()
    refused(
        r, r.draft_reply, Reply.ALREADY_PUBLIC, " ", by="zhang.san", on=MAR20, today=MAR20, match="获取途径"
    )
    refused(
        r,
        r.draft_reply,
        Reply.WITHHELD_STATE_SECRET,
        "",
        by="zhang.san",
        on=MAR20,
        today=MAR20,
        match="请填写理由",
    )


def test_the_draft_day_is_neither_ahead_of_today_nor_before_receipt() -> None:
    r = new_request()
    refused(
        r,
        r.draft_reply,
        Reply.DISCLOSED,
        "邮寄",
        by="zhang.san",
        on=date(2026, 3, 21),
        today=MAR20,
        match="晚于今天",
    )
    refused(
        r,
        r.draft_reply,
        Reply.DISCLOSED,
        "邮寄",
        by="zhang.san",
        on=date(2026, 2, 27),
        today=MAR20,
        match="早于",
    )


def test_the_office_holding_it_is_kept_for_not_held() -> None:
    d = new_request().draft_reply(
        Reply.UNAVAILABLE_NOT_HELD,
        "本机关不掌握",
        by="zhang.san",
        on=MAR20,
        today=MAR20,
        right_office=" 市住建局 ",
    )
    assert d.reply is not None and d.reply.right_office == "市住建局"


def test_still_unclear_only_after_a_correction_arrived() -> None:
    r = new_request()
    refused(
        r,
        r.draft_reply,
        Reply.UNAVAILABLE_UNCLEAR,
        "仍不明确",
        by="zhang.san",
        on=MAR20,
        today=MAR20,
        match="补正后",
    )
    asked = r.ask_correction(("请写明文号",), 15, on=MON, calendar=CAL_2026, today=MON)
    refused(
        asked, asked.draft_reply, Reply.UNAVAILABLE_UNCLEAR, "仍不明确", by="zhang.san", on=MAR20, today=MAR20
    )
    back = asked.receive_correction(on=date(2026, 3, 5), today=date(2026, 3, 5))
    d = back.draft_reply(Reply.UNAVAILABLE_UNCLEAR, "仍不明确", by="zhang.san", on=MAR20, today=MAR20)
    assert d.state is DisclosureState.REPLY_PENDING


def test_a_returned_draft_goes_back_where_the_request_was() -> None:
    d = drafted()
    refused(d, d.return_reply, "  ", by="zhao.liu", match="退回的理由")
    back = d.return_reply(" 请写明邮寄地址 ", by="zhao.liu")
    assert back.state is DisclosureState.REGISTERED and back.reply is None
    assert back.returned_note == "请写明邮寄地址"
    again = drafted(back)
    assert again.returned_note == "" and again.state is DisclosureState.REPLY_PENDING
    r = new_request()
    refused(r, r.return_reply, "x", by="zhao.liu", match="不能退回答复")


def test_a_returned_no_correction_draft_awaits_the_correction_again() -> None:
    asked = new_request().ask_correction(("请写明文号",), 5, on=MON, calendar=CAL_2026, today=MON)
    d = asked.draft_reply(Reply.OTHER_NO_CORRECTION, "逾期未补正", by="zhang.san", on=MAR20, today=MAR20)
    back = d.return_reply("申请人已来电说明正在补正", by="zhao.liu")
    assert back.state is DisclosureState.AWAITING_CORRECTION and back.correction == asked.correction
    received = back.receive_correction(on=date(2026, 3, 23), today=date(2026, 3, 23))
    assert received.clock_start == date(2026, 3, 23)
    assert d.replied_in_time(CAL_2026) is None


# --- the archive ----------------------------------------------------------------------------------------


def test_only_an_issued_reply_is_archived() -> None:
    r = new_request()
    refused(r, r.archive, "档案室", on=MAR20, today=MAR20, match="不能归档")
    done = issued()
    refused(done, done.archive, "档案室", on=date(2026, 3, 23), today=MAR20, match="晚于今天")
    refused(done, done.archive, "档案室", on=date(2026, 3, 19), today=MAR20, match="早于")
    kept = done.archive(" 档案室 A-3 ", on=date(2026, 3, 23), today=date(2026, 3, 23))
    assert kept.state is DisclosureState.ARCHIVED and not kept.is_open
    assert kept.archived_on == date(2026, 3, 23) and kept.archive_place == "档案室 A-3"
    assert kept.reply == done.reply


def test_nothing_changes_after_the_reply_or_the_archive() -> None:
    done = issued()
    kept = done.archive("档案室", on=MAR20, today=MAR20)
    for r, word in ((done, "已答复的申请不能再"), (kept, "已归档的申请不能再")):
        refused(r, r.ask_correction, ("x",), 15, on=MAR20, calendar=CAL_2026, today=MAR20, match=word)
        refused(r, r.receive_correction, on=MAR20, today=MAR20, match=word)
        refused(r, r.start_consultation, PauseKind.THIRD_PARTY, "某公司", on=MAR20, today=MAR20, match=word)
        refused(r, r.end_consultation, "同意", on=MAR20, today=MAR20, match=word)
        refused(
            r, r.notify_fee, FeeMode.BY_PAGES, 40, 100, on=MAR20, calendar=CAL_2026, today=MAR20, match=word
        )
        refused(r, r.record_payment, on=MAR20, today=MAR20, match=word)
        refused(r, extend, r, on=MAR20, match=word)
        for reply in (Reply.DISCLOSED, Reply.OTHER_NO_CORRECTION, Reply.OTHER_FEE_UNPAID):
            refused(r, r.draft_reply, reply, "x", by="zhang.san", on=MAR20, today=MAR20, match=word)
        refused(r, r.return_reply, "x", by="zhao.liu", match=word)
        refused(r, r.approve_reply, by="zhao.liu", on=MAR20, today=MAR20, match=word)
        assert not r.is_overdue(CAL_2026, date(2026, 12, 31))
    refused(kept, kept.archive, "档案室", on=MAR20, today=MAR20, match="已归档的申请不能再")


def test_no_correction_after_an_extension() -> None:
    # The extension was granted against the first clock: a correction would restart it with the
    # extra days carried over to the corrected request.
    r = extend(new_request(), days=5, on=date(2026, 3, 4))
    refused(
        r,
        r.ask_correction,
        ("请写明文件名称",),
        10,
        on=date(2026, 3, 4),
        calendar=CAL_2026,
        today=date(2026, 3, 4),
        match="已经延长",
    )
