"""The service rating's rules (好差评): five levels and 未评价, the indicators a level may carry, the bad
rating's follow-up in its order with its working-day due date, and 回访整改率."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hallapp.domain.lifecycle import IllegalTransition
from hallapp.domain.rating import (
    NOT_RATED_LABEL,
    Aspect,
    Indicator,
    Level,
    Rating,
    RatingChannel,
    StepKind,
    rectification_rate,
)
from hallapp.domain.workdays import weekdays_only
from tests.domain.test_workdays import CAL_2026

EVE = datetime(2026, 9, 30, 15, 0)  # the day before National Day: 5 working days end on 2026-10-13


def rated(level: Level, *indicators: Indicator, number: str = "PSZW2026000001", **kw) -> Rating:
    values = {
        "service_number": number,
        "is_bundle": False,
        "level": level,
        "indicators": indicators,
        "comment": "",
        "channel": RatingChannel.FACING_SCREEN,
        "rated_at": EVE,
        "clerk": "zhang.san",
        "calendar": CAL_2026,
    }
    values.update(kw)
    return Rating.rate(**values)


def test_the_five_levels_are_the_national_scale_and_only_the_two_lowest_are_bad():
    assert [(int(level), level.label) for level in Level] == [
        (5, "非常满意"),
        (4, "满意"),
        (3, "基本满意"),
        (2, "不满意"),
        (1, "非常不满意"),
    ]
    assert [level.is_bad for level in Level] == [False, False, False, True, True]


def test_a_skipped_rating_is_not_rated_and_never_good_or_bad():
    skipped = Rating.skipped(
        service_number="PSZW2026000001",
        is_bundle=False,
        channel=RatingChannel.PAD,
        rated_at=EVE,
        clerk="zhang.san",
    )
    assert skipped.level is None and not skipped.is_rated and skipped.label == NOT_RATED_LABEL == "未评价"
    assert not skipped.is_bad and skipped.followup is None
    with pytest.raises(IllegalTransition, match="不是差评"):
        skipped.verify(
            by="zhao.liu", on=date(2026, 10, 8), text="核实", founded=True, today=date(2026, 10, 8)
        )


def test_indicators_name_the_three_national_aspects_and_codes_tell_praise_from_complaint():
    assert {i.aspect for i in Indicator} == set(Aspect)
    assert Indicator.A11.label == "态度生硬，不够耐心" and Indicator.A11.is_bad
    assert Indicator.Q11.label == "未一次性告知所需材料" and Indicator.Q11.aspect is Aspect.QUALITY
    assert not Indicator.E01.is_bad and Indicator.E01.aspect is Aspect.EFFICIENCY
    assert len({i.label for i in Indicator}) == len(Indicator)


def test_a_good_rating_keeps_its_praise_sorted_once_and_refuses_a_complaint():
    good = rated(Level.VERY_SATISFIED, Indicator.Q01, Indicator.A01, Indicator.A01, comment="  很快  ")
    assert good.indicators == (Indicator.A01, Indicator.Q01) and good.comment == "很快"
    assert not good.is_bad and good.followup is None
    with pytest.raises(IllegalTransition, match="不能选择问题「等候时间过长」"):
        rated(Level.SATISFIED, Indicator.E11)
    # 基本满意 may say both what was good and what was not
    assert rated(Level.BASICALLY_SATISFIED, Indicator.A01, Indicator.E11).indicators == (
        Indicator.A01,
        Indicator.E11,
    )


def test_a_bad_rating_takes_only_complaints_and_opens_a_follow_up_due_in_working_days():
    with pytest.raises(IllegalTransition, match="只能选择存在的问题"):
        rated(Level.DISSATISFIED, Indicator.A01)
    bad = rated(Level.VERY_DISSATISFIED, Indicator.E11, Indicator.Q11)
    assert bad.is_bad and bad.followup is not None
    # 10-01..07 National Day, Saturday 10-10 a working day: 10-08, 10-09, 10-10, 10-12, 10-13
    assert bad.followup.opened_on == date(2026, 9, 30) and bad.followup.due == date(2026, 10, 13)
    assert not bad.followup.due_unverified and bad.followup.next_step() is StepKind.VERIFY
    assert rated(Level.DISSATISFIED, followup_days=1).followup.due == date(2026, 10, 8)


def test_a_due_date_counted_through_an_unpublished_year_is_flagged():
    late = rated(Level.DISSATISFIED, rated_at=datetime(2026, 12, 30, 9), calendar=weekdays_only({2026}))
    assert late.followup.due == date(2027, 1, 6) and late.followup.due_unverified


def test_a_comment_too_long_or_a_period_under_one_day_is_refused():
    with pytest.raises(IllegalTransition, match="不能超过 500 个字"):
        rated(Level.SATISFIED, comment="好" * 501)
    with pytest.raises(IllegalTransition, match="至少为 1 个工作日"):
        rated(Level.DISSATISFIED, followup_days=0)


def test_a_founded_complaint_is_verified_rectified_then_answered_in_that_order():
    bad = rated(Level.DISSATISFIED, Indicator.E11)
    day = date(2026, 10, 8)
    with pytest.raises(IllegalTransition, match="现在应当核实，不能回复"):
        bad.answer(by="zhao.liu", on=day, text="已回复", today=day)
    verified = bad.verify(by="zhao.liu", on=day, text="当日取号人数多，等候 90 分钟", founded=True, today=day)
    assert bad.followup.steps == ()  # the old value is unchanged
    assert verified.followup.founded is True and verified.followup.next_step() is StepKind.RECTIFY
    with pytest.raises(IllegalTransition, match="现在应当整改，不能回复"):
        verified.answer(by="zhao.liu", on=day, text="已回复", today=day)
    with pytest.raises(IllegalTransition, match="请填写整改措施"):
        verified.rectify(by="zhao.liu", on=day, text="  ", today=day)
    rectified = verified.rectify(
        by="zhao.liu", on=date(2026, 10, 9), text="高峰时段增开窗口", today=day.replace(day=9)
    )
    with pytest.raises(IllegalTransition, match="不能早于 2026-10-09"):
        rectified.answer(by="zhao.liu", on=day, text="已电话回复", today=date(2026, 10, 12))
    with pytest.raises(IllegalTransition, match="不能晚于今天"):
        rectified.answer(by="zhao.liu", on=date(2026, 10, 13), text="已电话回复", today=date(2026, 10, 12))
    answered = rectified.answer(
        by="zhao.liu", on=date(2026, 10, 13), text="已电话回复", today=date(2026, 10, 13)
    )
    assert [s.kind for s in answered.followup.steps] == [StepKind.VERIFY, StepKind.RECTIFY, StepKind.ANSWER]
    assert answered.followup.answered_on == date(2026, 10, 13) and not answered.followup.is_open
    assert answered.followup.in_time  # answered on its due date
    with pytest.raises(IllegalTransition, match="整改已办结"):
        answered.answer(by="zhao.liu", on=date(2026, 10, 13), text="再次回复", today=date(2026, 10, 13))


def test_an_unfounded_complaint_is_answered_without_rectification():
    day = date(2026, 10, 8)
    verified = rated(Level.DISSATISFIED).verify(
        by="zhao.liu", on=day, text="调阅录像，窗口人员按规定办理", founded=False, today=day
    )
    assert verified.followup.next_step() is StepKind.ANSWER
    with pytest.raises(IllegalTransition, match="现在应当回复，不能整改"):
        verified.rectify(by="zhao.liu", on=day, text="整改", today=day)
    assert verified.answer(by="zhao.liu", on=day, text="已说明", today=day).followup.in_time


def test_the_rectification_rate_counts_in_time_late_and_pending_apart():
    def closed(number: str, answered: date) -> Rating:
        r = rated(Level.DISSATISFIED, number=number)
        r = r.verify(by="zhao.liu", on=date(2026, 10, 8), text="属实", founded=True, today=answered)
        r = r.rectify(by="zhao.liu", on=date(2026, 10, 8), text="已整改", today=answered)
        return r.answer(by="zhao.liu", on=answered, text="已回复", today=answered)

    ratings = [
        closed("A1", date(2026, 10, 12)),  # in time
        closed("A2", date(2026, 10, 14)),  # a day late
        rated(Level.DISSATISFIED, number="A3"),  # open, due 10-13
        rated(Level.SATISFIED, number="A4"),  # not a bad rating: not counted
    ]
    before_due = rectification_rate(ratings, today=date(2026, 10, 13))
    assert (before_due.bad, before_due.in_time, before_due.late, before_due.pending) == (3, 1, 1, 1)
    assert before_due.rate == 0.5 and before_due.percent == "50.0%"
    after_due = rectification_rate(ratings, today=date(2026, 10, 14))
    assert (after_due.in_time, after_due.late, after_due.pending) == (1, 2, 0)
    assert after_due.percent == "33.3%"
    nothing = rectification_rate([rated(Level.SATISFIED)], today=date(2026, 10, 14))
    assert nothing.rate is None and nothing.percent == "—"
