"""One disclosure request: registering it by channel, the 补正 once within 7 working days and the restart
of the clock, and when it is overdue — over the real 2026 schedule (``test_workdays.CAL_2026``)."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from hallapp.domain.disclosure import (
    Delivery,
    DisclosureState,
    InfoForm,
    ReceiptChannel,
    Reply,
    RequesterKind,
)
from hallapp.domain.disclosure_request import DisclosureRequest, Requester
from hallapp.domain.lifecycle import IllegalTransition
from tests.domain.test_workdays import CAL_2026

PERSON = Requester(RequesterKind.PERSON, "李四", id_number="110101199001011234", phone="13800000000")
COMPANY = Requester(
    RequesterKind.COMMERCIAL, "某某科技有限公司", id_number="91110000MA00000000", contact_person="王五"
)
COMPANY = replace(COMPANY, address="某市某路1号")
MON = date(2026, 3, 2)  # an ordinary Monday; 20 working days later is Mon 30 March


def new_request(
    *,
    channel: ReceiptChannel = ReceiptChannel.IN_PERSON,
    arrived_on: date = MON,
    today: date | None = None,
    confirmed_on: date | None = None,
    requester: Requester = PERSON,
    **more: Any,
) -> DisclosureRequest:
    return DisclosureRequest.register(
        number="PSZW2026GK00001",
        channel=channel,
        arrived_on=arrived_on,
        requester=requester,
        description="2025年本区老旧小区改造项目的资金使用情况",
        registered_by="zhang.san",
        today=today or arrived_on,
        confirmed_on=confirmed_on,
        **more,
    )


def refused(request: DisclosureRequest, change: Any, *args: Any, match: str = "", **kwargs: Any) -> None:
    """The change is refused with a Chinese reason, and the request is exactly what it was."""
    before = copy.deepcopy(request)
    with pytest.raises(IllegalTransition, match=match or None) as caught:
        change(*args, **kwargs)
    assert str(caught.value)
    assert request == before


# --- registering --------------------------------------------------------------------------------------


def test_register_in_person_counts_from_the_day_handed_in() -> None:
    r = new_request(
        document_number=" 某政发〔2025〕3号 ",
        purpose=" 了解情况 ",
        forms=(InfoForm.ELECTRONIC, InfoForm.ELECTRONIC, InfoForm.PAPER),
        delivery=Delivery.EMAIL,
    )
    assert r.state is DisclosureState.REGISTERED and r.is_open
    assert r.received_on == MON and r.clock_start == MON
    assert r.deadline(CAL_2026, MON) is not None
    assert r.deadline(CAL_2026, MON).date == date(2026, 3, 30)
    assert r.document_number == "某政发〔2025〕3号" and r.purpose == "了解情况"
    assert r.forms == (InfoForm.ELECTRONIC, InfoForm.PAPER)


def test_a_back_dated_in_person_registration_is_refused() -> None:
    with pytest.raises(IllegalTransition, match="当面提交"):
        new_request(arrived_on=MON, today=date(2026, 3, 3))


@pytest.mark.parametrize(
    "channel", [ReceiptChannel.POST_REGISTERED, ReceiptChannel.ONLINE, ReceiptChannel.EMAIL]
)
def test_a_letter_or_message_typed_in_later_counts_from_its_arrival(channel: ReceiptChannel) -> None:
    r = new_request(channel=channel, arrived_on=date(2026, 9, 30), today=date(2026, 10, 9))
    assert r.received_on == date(2026, 9, 30)
    # Sep 30 + 20 working days across 国庆: Oct 8, 9, 10 (调休), 12–16, 19–23, 26–30, Nov 2, 3.
    assert r.deadline(CAL_2026, date(2026, 10, 9)).date == date(2026, 11, 3)


@pytest.mark.parametrize("channel", [ReceiptChannel.POST_ORDINARY, ReceiptChannel.FAX])
def test_ordinary_post_and_fax_count_from_the_confirmation(channel: ReceiptChannel) -> None:
    r = new_request(
        channel=channel, arrived_on=date(2026, 2, 12), confirmed_on=date(2026, 2, 24), today=date(2026, 2, 25)
    )
    assert r.received_on == date(2026, 2, 24)
    # Feb 25–27 (3), Sat 28 (调休) (4), Mar 2–6 (9), 9–13 (14), 16–20 (19), 23.
    assert r.deadline(CAL_2026, date(2026, 2, 25)).date == date(2026, 3, 23)


@pytest.mark.parametrize("channel", [ReceiptChannel.POST_ORDINARY, ReceiptChannel.FAX])
def test_confirmation_is_required_and_cannot_precede_arrival_or_lie_ahead(channel: ReceiptChannel) -> None:
    with pytest.raises(IllegalTransition, match="确认日期"):
        new_request(channel=channel, arrived_on=MON, today=date(2026, 3, 5))
    with pytest.raises(IllegalTransition, match="不能早于收到日期"):
        new_request(channel=channel, arrived_on=MON, confirmed_on=date(2026, 2, 27), today=date(2026, 3, 5))
    with pytest.raises(IllegalTransition, match="不能晚于今天"):
        new_request(channel=channel, arrived_on=MON, confirmed_on=date(2026, 3, 6), today=date(2026, 3, 5))
    same_day = new_request(channel=channel, arrived_on=MON, confirmed_on=MON, today=MON)
    assert same_day.received_on == MON


@pytest.mark.parametrize(
    "channel", [ReceiptChannel.IN_PERSON, ReceiptChannel.POST_REGISTERED, ReceiptChannel.ONLINE]
)
def test_a_confirmation_day_for_a_channel_without_one_is_refused(channel: ReceiptChannel) -> None:
    with pytest.raises(IllegalTransition, match="不需要确认日期"):
        new_request(channel=channel, confirmed_on=MON)


def test_an_arrival_in_the_future_is_refused() -> None:
    with pytest.raises(IllegalTransition, match="签收日期不能晚于今天"):
        new_request(channel=ReceiptChannel.POST_REGISTERED, arrived_on=date(2026, 3, 3), today=MON)


@pytest.mark.parametrize(
    ("requester", "description", "forms", "match"),
    [
        (replace(PERSON, name="  "), "某信息", (InfoForm.PAPER,), "姓名或名称"),
        (replace(COMPANY, contact_person=""), "某信息", (InfoForm.PAPER,), "联系人"),
        (replace(PERSON, phone="", address="", email=""), "某信息", (InfoForm.PAPER,), "联系方式"),
        (PERSON, "   ", (InfoForm.PAPER,), "内容描述"),
        (PERSON, "某信息", (), "提供形式"),
    ],
)
def test_incomplete_registrations_are_refused(
    requester: Requester, description: str, forms: tuple[InfoForm, ...], match: str
) -> None:
    with pytest.raises(IllegalTransition, match=match):
        DisclosureRequest.register(
            number="PSZW2026GK00002",
            channel=ReceiptChannel.IN_PERSON,
            arrived_on=MON,
            requester=requester,
            description=description,
            registered_by="zhang.san",
            today=MON,
            forms=forms,
        )


def test_an_organisation_with_a_contact_person_is_registered() -> None:
    assert new_request(requester=COMPANY).requester.kind is RequesterKind.COMMERCIAL


# --- 补正: once, within 7 working days --------------------------------------------------------------

SEP24 = date(2026, 9, 24)  # Thu before 中秋; the 7th working day after it is Mon 12 Oct


def ask(
    r: DisclosureRequest, on: date, period: int = 15, items: tuple[str, ...] = ("请写明文件名称",)
) -> Any:
    return r.ask_correction(items, period, on=on, calendar=CAL_2026, today=on)


def test_the_correction_notice_is_due_within_seven_working_days() -> None:
    r = new_request(arrived_on=SEP24)
    # 中秋 25–27 off; Sep 28, 29, 30 (3); 国庆 Oct 1–7 off; Oct 8, 9, Sat 10 (调休) (6); Mon 12 (7).
    assert r.correction_notice_due(CAL_2026) == date(2026, 10, 12)
    asked = ask(r, date(2026, 10, 12))
    assert asked.state is DisclosureState.AWAITING_CORRECTION
    assert asked.correction is not None and asked.correction.asked_on == date(2026, 10, 12)
    refused(r, ask, r, date(2026, 10, 13), match="7个工作日内")


def test_the_correction_lists_every_item_once_and_needs_one() -> None:
    r = new_request()
    asked = ask(r, MON, items=(" 请写明文件名称 ", "", "请写明文号", "请写明文件名称"))
    assert asked.correction is not None
    assert asked.correction.items == ("请写明文件名称", "请写明文号")
    refused(r, ask, r, MON, items=(" ", ""), match="逐项写明")


def test_the_correction_period_and_its_due_day() -> None:
    r = new_request()
    asked = ask(r, date(2026, 3, 4), period=10)
    assert asked.correction is not None
    # Mar 5, 6, 9–13, 16, 17, 18 = 10 working days.
    assert asked.correction.due == date(2026, 3, 18) and asked.correction.period_days == 10
    refused(r, ask, r, MON, period=0, match="补正期限")
    refused(r, ask, r, MON, period=61, match="补正期限")


def test_a_correction_cannot_be_dated_before_receipt_or_ahead_of_today() -> None:
    r = new_request(channel=ReceiptChannel.ONLINE, arrived_on=date(2026, 3, 4), today=date(2026, 3, 6))
    refused(r, r.ask_correction, ("x",), 15, on=MON, calendar=CAL_2026, today=date(2026, 3, 6), match="早于")
    refused(
        r,
        r.ask_correction,
        ("x",),
        15,
        on=date(2026, 3, 9),
        calendar=CAL_2026,
        today=date(2026, 3, 6),
        match="晚于今天",
    )


def test_the_correction_is_asked_only_once() -> None:
    back = ask(new_request(), MON).receive_correction(on=date(2026, 3, 5), today=date(2026, 3, 5))
    refused(back, ask, back, date(2026, 3, 5), match="只能作出一次")


def test_while_awaiting_correction_there_is_no_deadline_and_nothing_is_overdue() -> None:
    asked = ask(new_request(), date(2026, 3, 3))
    assert asked.clock_start is None
    assert asked.deadline(CAL_2026, date(2026, 6, 1)) is None
    assert asked.working_days_left(CAL_2026, date(2026, 6, 1)) is None
    assert not asked.is_overdue(CAL_2026, date(2026, 6, 1))  # long after the original 30 March


def test_the_deadline_restarts_from_the_day_the_correction_arrives() -> None:
    r = new_request(arrived_on=SEP24)
    asked = ask(r, date(2026, 9, 28))
    back = asked.receive_correction(on=date(2026, 10, 9), today=date(2026, 10, 12))
    assert back.state is DisclosureState.REGISTERED and back.clock_start == date(2026, 10, 9)
    assert back.correction is not None and back.correction.received_on == date(2026, 10, 9)
    # From Oct 9: Sat 10 (调休) (1), 12–16 (6), 19–23 (11), 26–30 (16), Nov 2, 3, 4, 5 (20).
    assert back.deadline(CAL_2026, date(2026, 10, 12)).date == date(2026, 11, 5)
    assert back.received_on == SEP24  # what counts as received does not change
    # Against the original clock (Sep 24 → Oct 29) it would be overdue on Oct 30; against the restart it is not.
    assert not back.is_overdue(CAL_2026, date(2026, 11, 5))
    assert back.is_overdue(CAL_2026, date(2026, 11, 6))


def test_a_correction_cannot_arrive_before_it_was_asked_for_or_in_the_future() -> None:
    asked = ask(new_request(), date(2026, 3, 4))
    refused(asked, asked.receive_correction, on=date(2026, 3, 3), today=date(2026, 3, 5), match="早于")
    refused(asked, asked.receive_correction, on=date(2026, 3, 6), today=date(2026, 3, 5), match="晚于今天")
    r = new_request()
    refused(r, r.receive_correction, on=MON, today=MON, match="不能接收补正")


def test_a_late_correction_is_still_received() -> None:
    asked = ask(new_request(), MON, period=5)  # due Mon 9 March
    assert asked.correction is not None and asked.correction.due == date(2026, 3, 9)
    assert asked.correction_lapsed(date(2026, 3, 10))
    back = asked.receive_correction(on=date(2026, 3, 16), today=date(2026, 3, 16))
    assert back.state is DisclosureState.REGISTERED
    assert not back.correction_lapsed(date(2026, 3, 16))
    assert back.deadline(CAL_2026, date(2026, 3, 16)).date == date(2026, 4, 14)  # Mar 17 … Apr 14


def test_no_correction_closes_the_request_only_after_the_due_day() -> None:
    asked = ask(new_request(), MON, period=5)  # due Mon 9 March
    assert not asked.correction_lapsed(date(2026, 3, 9))
    refused(
        asked,
        asked.draft_reply,
        Reply.OTHER_NO_CORRECTION,
        "逾期未补正",
        by="zhang.san",
        on=date(2026, 3, 9),
        today=date(2026, 3, 9),
        match="尚未届满",
    )
    drafted = asked.draft_reply(
        Reply.OTHER_NO_CORRECTION, "逾期未补正", by="zhang.san", on=date(2026, 3, 10), today=date(2026, 3, 10)
    )
    assert drafted.state is DisclosureState.REPLY_PENDING
    assert drafted.reply is not None and drafted.reply.reply is Reply.OTHER_NO_CORRECTION


def test_no_correction_is_not_a_reply_without_a_correction_notice() -> None:
    r = new_request()
    refused(
        r,
        r.draft_reply,
        Reply.OTHER_NO_CORRECTION,
        "逾期未补正",
        by="zhang.san",
        on=MON,
        today=MON,
        match="按逾期未补正处理",
    )
    back = ask(r, MON).receive_correction(on=date(2026, 3, 3), today=date(2026, 4, 30))
    refused(
        back,
        back.draft_reply,
        Reply.OTHER_NO_CORRECTION,
        "逾期未补正",
        by="zhang.san",
        on=date(2026, 4, 30),
        today=date(2026, 4, 30),
        match="按逾期未补正处理",
    )


def test_while_awaiting_correction_only_the_correction_moves_the_request() -> None:
    asked = ask(new_request(), MON)
    refused(
        asked,
        asked.draft_reply,
        Reply.DISCLOSED,
        "邮寄",
        by="zhang.san",
        on=MON,
        today=MON,
        match="待补正",
    )


# --- overdue, and the days left ----------------------------------------------------------------------


def test_overdue_from_the_day_after_the_deadline() -> None:
    r = new_request()
    assert r.working_days_left(CAL_2026, MON) == 20
    assert r.working_days_left(CAL_2026, date(2026, 3, 27)) == 1
    assert r.working_days_left(CAL_2026, date(2026, 3, 30)) == 0
    assert not r.is_overdue(CAL_2026, date(2026, 3, 30))
    assert r.is_overdue(CAL_2026, date(2026, 3, 31))
    assert r.working_days_left(CAL_2026, date(2026, 4, 1)) == -2


def test_overdue_on_a_holiday_after_the_deadline() -> None:
    r = new_request(channel=ReceiptChannel.ONLINE, arrived_on=date(2026, 9, 1), today=date(2026, 9, 1))
    # Sep 2–4 (3), 7–11 (8), 14–18 (13), Sun 20 (调休) (14), 21–24 (18), 28, 29 (20).
    assert r.deadline(CAL_2026, date(2026, 9, 1)).date == date(2026, 9, 29)
    assert r.is_overdue(CAL_2026, date(2026, 10, 3))
    assert r.working_days_left(CAL_2026, date(2026, 10, 3)) == -1  # only Sep 30 lies between
