"""The follow-up (跟踪) of a case accepted with missing documents: transitions, rules and messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from hallapp.domain.intake import RuleViolation
from hallapp.domain.lifecycle import (
    CaseState,
    Channel,
    DeferredItem,
    Extension,
    FollowUp,
    IllegalTransition,
)
from hallapp.domain.workdays import WorkdayCalendar

# Accepted 2026-09-28 (Monday); 5 working days → 2026-10-09, 3 working days → 2026-09-30 (2026 schedule).
LICENCE = "营业执照复印件"
LEASE = "租赁合同"
EARLY = date(2026, 9, 30)
DEADLINE = date(2026, 10, 9)
BEFORE = date(2026, 10, 8)
AFTER = date(2026, 10, 12)


def fresh() -> FollowUp:
    return FollowUp.start([(LICENCE, EARLY), (LEASE, DEADLINE)])


def partly() -> FollowUp:
    return fresh().supplement([LICENCE], date(2026, 9, 29), Channel.ON_SITE, today=date(2026, 9, 29))


def supplemented() -> FollowUp:
    return partly().supplement([LEASE], BEFORE, Channel.POST, today=BEFORE)


def terminated() -> FollowUp:
    return fresh().terminate(AFTER)


def withdrawn() -> FollowUp:
    return fresh().withdraw(BEFORE)


CASES: dict[str, Callable[[], FollowUp]] = {
    "awaiting": fresh,
    "partly": partly,
    "supplemented": supplemented,
    "terminated": terminated,
    "withdrawn": withdrawn,
}

# Each action at two moments: before the deadline and after it (overdue).
ACTIONS: dict[str, Callable[[FollowUp, date], FollowUp]] = {
    "supplement": lambda f, today: f.supplement([LEASE], today, Channel.ONLINE, today=today),
    "extend": lambda f, today: f.extend(
        date(2026, 10, 30), "不可抗力：台风停工", approved_by="王科长", supervisor=True, today=today
    ),
    "terminate": lambda f, today: f.terminate(today),
    "withdraw": lambda f, today: f.withdraw(today),
}

# (case, action, today) → expected new state, or the refusal message (a substring of it).
TABLE: list[tuple[str, str, date, CaseState | str]] = [
    ("awaiting", "supplement", BEFORE, CaseState.PARTLY_SUPPLEMENTED),
    ("awaiting", "supplement", AFTER, CaseState.PARTLY_SUPPLEMENTED),
    ("awaiting", "extend", BEFORE, CaseState.AWAITING_SUPPLEMENT),
    ("awaiting", "extend", AFTER, CaseState.AWAITING_SUPPLEMENT),
    ("awaiting", "terminate", BEFORE, "只有逾期的办件才能终止办理"),
    ("awaiting", "terminate", AFTER, CaseState.TERMINATED),
    ("awaiting", "withdraw", BEFORE, CaseState.WITHDRAWN),
    ("awaiting", "withdraw", AFTER, CaseState.WITHDRAWN),
    ("partly", "supplement", BEFORE, CaseState.SUPPLEMENTED),
    ("partly", "supplement", AFTER, CaseState.SUPPLEMENTED),
    ("partly", "extend", BEFORE, CaseState.PARTLY_SUPPLEMENTED),
    ("partly", "extend", AFTER, CaseState.PARTLY_SUPPLEMENTED),
    ("partly", "terminate", BEFORE, "只有逾期的办件才能终止办理"),
    ("partly", "terminate", AFTER, CaseState.TERMINATED),
    ("partly", "withdraw", BEFORE, CaseState.WITHDRAWN),
    ("partly", "withdraw", AFTER, CaseState.WITHDRAWN),
    ("supplemented", "supplement", BEFORE, "材料已补齐的办件不能再补正"),
    ("supplemented", "supplement", AFTER, "材料已补齐的办件不能再补正"),
    ("supplemented", "extend", BEFORE, "材料已补齐的办件不能再延期"),
    ("supplemented", "extend", AFTER, "材料已补齐的办件不能再延期"),
    ("supplemented", "terminate", BEFORE, "材料已补齐的办件不能再终止办理"),
    ("supplemented", "terminate", AFTER, "材料已补齐的办件不能再终止办理"),
    ("supplemented", "withdraw", BEFORE, "材料已补齐的办件不能再撤回"),
    ("supplemented", "withdraw", AFTER, "材料已补齐的办件不能再撤回"),
    ("terminated", "supplement", AFTER, "已终止的办件不能再补正"),
    ("terminated", "extend", AFTER, "已终止的办件不能再延期"),
    ("terminated", "terminate", AFTER, "已终止的办件不能再终止办理"),
    ("terminated", "withdraw", AFTER, "已终止的办件不能再撤回"),
    ("withdrawn", "supplement", BEFORE, "已撤回的办件不能再补正"),
    ("withdrawn", "supplement", AFTER, "已撤回的办件不能再补正"),
    ("withdrawn", "extend", BEFORE, "已撤回的办件不能再延期"),
    ("withdrawn", "extend", AFTER, "已撤回的办件不能再延期"),
    ("withdrawn", "terminate", AFTER, "已撤回的办件不能再终止办理"),
    ("withdrawn", "withdraw", AFTER, "已撤回的办件不能再撤回"),
]


def test_table_covers_every_state_and_action() -> None:
    pairs = {(case, action) for case, action, _, _ in TABLE}
    assert pairs == {(case, action) for case in CASES for action in ACTIONS}


@pytest.mark.parametrize(("case", "action", "today", "expected"), TABLE)
def test_transition_table(case: str, action: str, today: date, expected: CaseState | str) -> None:
    before = CASES[case]()
    if isinstance(expected, CaseState):
        after = ACTIONS[action](before, today)
        assert after.state is expected
    else:
        with pytest.raises(IllegalTransition, match=expected):
            ACTIONS[action](before, today)
        assert before == CASES[case]()


def test_illegal_transition_is_a_rule_violation() -> None:
    assert issubclass(IllegalTransition, RuleViolation)


# -- start ---------------------------------------------------------------------------------------------


def test_start_awaits_every_item_and_takes_the_latest_deadline() -> None:
    case = fresh()
    assert case.state is CaseState.AWAITING_SUPPLEMENT
    assert case.deadline == DEADLINE
    assert case.items == (DeferredItem(LICENCE, EARLY), DeferredItem(LEASE, DEADLINE))
    assert case.missing_items == case.items
    assert case.arrived_items == ()
    assert case.is_open
    assert case.extensions == ()
    assert case.terminated_on is None and case.withdrawn_on is None


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "至少要有一项容缺材料"),
        ([(LICENCE, EARLY), (LICENCE, DEADLINE)], f"材料「{LICENCE}」重复列出"),
        ([("  ", EARLY)], "容缺材料名称不能为空"),
    ],
)
def test_start_refuses(items: list[tuple[str, date]], message: str) -> None:
    with pytest.raises(IllegalTransition, match=message):
        FollowUp.start(items)


# -- supplement ----------------------------------------------------------------------------------------


def test_partial_then_complete_supplement() -> None:
    first = fresh().supplement([LICENCE], date(2026, 9, 29), Channel.ON_SITE, today=date(2026, 9, 30))
    assert first.state is CaseState.PARTLY_SUPPLEMENTED
    assert [i.name for i in first.arrived_items] == [LICENCE]
    assert [i.name for i in first.missing_items] == [LEASE]
    assert first.arrived_items[0].arrived_on == date(2026, 9, 29)
    assert first.arrived_items[0].channel is Channel.ON_SITE
    done = first.supplement([LEASE], DEADLINE, Channel.POST, today=DEADLINE)
    assert done.state is CaseState.SUPPLEMENTED
    assert done.missing_items == ()
    assert not done.is_open
    assert not done.is_overdue(AFTER)


def test_all_at_once_supplement() -> None:
    done = fresh().supplement([LICENCE, LEASE], BEFORE, Channel.ONLINE, today=BEFORE)
    assert done.state is CaseState.SUPPLEMENTED
    assert all(item.channel is Channel.ONLINE for item in done.items)


def test_duplicate_names_in_one_selection_count_once() -> None:
    case = fresh().supplement([LICENCE, LICENCE], BEFORE, Channel.ONLINE, today=BEFORE)
    assert case.state is CaseState.PARTLY_SUPPLEMENTED


def test_arrival_on_the_deadline_day_is_on_time() -> None:
    case = fresh()
    assert not case.is_overdue(DEADLINE)
    assert case.is_overdue(date(2026, 10, 10))
    done = case.supplement([LICENCE, LEASE], DEADLINE, Channel.ON_SITE, today=DEADLINE)
    assert done.state is CaseState.SUPPLEMENTED


def test_late_supplement_is_accepted_until_termination() -> None:
    case = fresh()
    assert case.is_overdue(AFTER)
    done = case.supplement([LICENCE, LEASE], AFTER, Channel.ON_SITE, today=AFTER)
    assert done.state is CaseState.SUPPLEMENTED
    with pytest.raises(IllegalTransition, match="已终止的办件不能再补正"):
        case.terminate(AFTER).supplement([LEASE], AFTER, Channel.ON_SITE, today=AFTER)


@pytest.mark.parametrize(
    ("names", "on", "today", "message"),
    [
        ([], BEFORE, BEFORE, "请选择补交的材料"),
        ([LEASE], AFTER, BEFORE, "补交日期不能晚于今天"),
        (["户口簿"], BEFORE, BEFORE, "材料「户口簿」不是本件的容缺材料"),
        ([LEASE, "户口簿"], BEFORE, BEFORE, "材料「户口簿」不是本件的容缺材料"),
        ([LICENCE], BEFORE, BEFORE, f"材料「{LICENCE}」已于 2026-09-29 补交"),
    ],
)
def test_supplement_refuses(names: list[str], on: date, today: date, message: str) -> None:
    case = partly()
    with pytest.raises(IllegalTransition, match=message):
        case.supplement(names, on, Channel.ON_SITE, today=today)
    assert case == partly()


# -- extension -----------------------------------------------------------------------------------------


def test_extension_moves_missing_items_and_the_case_deadline() -> None:
    case = partly()
    new = date(2026, 10, 23)
    extended = case.extend(new, "  台风停工  ", approved_by="王科长", supervisor=True, today=BEFORE)
    assert extended.deadline == new
    assert extended.state is CaseState.PARTLY_SUPPLEMENTED
    by_name = {item.name: item for item in extended.items}
    assert by_name[LEASE].deadline == new
    assert by_name[LICENCE].deadline == EARLY  # already in: its deadline is history
    assert extended.extensions == (Extension(DEADLINE, new, "台风停工", "王科长"),)
    again = extended.extend(date(2026, 10, 30), "仍停工", approved_by="李科长", supervisor=True, today=BEFORE)
    assert [e.new for e in again.extensions] == [new, date(2026, 10, 30)]
    assert again.extensions[1].previous == new


def test_extension_of_an_overdue_case_makes_it_on_time_again() -> None:
    case = fresh()
    assert case.is_overdue(AFTER)
    extended = case.extend(date(2026, 10, 20), "不可抗力", approved_by="王科长", supervisor=True, today=AFTER)
    assert not extended.is_overdue(AFTER)
    with pytest.raises(IllegalTransition, match="只有逾期的办件才能终止办理"):
        extended.terminate(AFTER)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"supervisor": False}, "延期须由科室负责人批准"),
        ({"approved_by": " "}, "请填写批准延期的科室负责人"),
        ({"reason": "  "}, "请填写延期理由"),
        ({"new_deadline": DEADLINE}, "新期限必须晚于原期限"),
        ({"new_deadline": date(2026, 10, 1)}, "新期限必须晚于原期限"),
        ({"new_deadline": date(2026, 10, 10), "today": date(2026, 10, 12)}, "新期限不能早于今天"),
    ],
)
def test_extension_refuses(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {
        "new_deadline": date(2026, 10, 23),
        "reason": "台风停工",
        "approved_by": "王科长",
        "supervisor": True,
        "today": BEFORE,
    }
    args.update(kwargs)
    case = fresh()
    with pytest.raises(IllegalTransition, match=message):
        case.extend(
            args["new_deadline"],
            args["reason"],
            approved_by=args["approved_by"],
            supervisor=args["supervisor"],
            today=args["today"],
        )
    assert case == fresh()


def test_extension_to_today_is_allowed() -> None:
    today = date(2026, 10, 12)
    extended = fresh().extend(today, "不可抗力", approved_by="王科长", supervisor=True, today=today)
    assert extended.deadline == today
    assert not extended.is_overdue(today)


# -- termination and withdrawal ------------------------------------------------------------------------


def test_termination_only_after_the_deadline() -> None:
    case = fresh()
    with pytest.raises(IllegalTransition, match="只有逾期的办件才能终止办理"):
        case.terminate(DEADLINE)
    ended = case.terminate(date(2026, 10, 10))
    assert ended.state is CaseState.TERMINATED
    assert ended.terminated_on == date(2026, 10, 10)
    assert not ended.is_open
    assert not ended.is_overdue(AFTER)  # closed: no longer on the overdue list


def test_withdrawal_records_the_day() -> None:
    ended = partly().withdraw(BEFORE)
    assert ended.state is CaseState.WITHDRAWN
    assert ended.withdrawn_on == BEFORE
    assert ended.terminated_on is None


# -- labels, working days, board order -----------------------------------------------------------------


def test_labels() -> None:
    assert [s.label for s in CaseState] == ["待补正", "部分补正", "已补齐", "已终止", "已撤回"]
    assert [c.label for c in Channel] == ["现场", "邮寄", "网上"]
    assert fresh().status_label(BEFORE) == "待补正"
    assert fresh().status_label(AFTER) == "逾期"
    assert terminated().status_label(AFTER) == "已终止"


@pytest.fixture
def calendar_2026() -> WorkdayCalendar:
    from hallapp.services.workday_source import calendar_from_chinese_calendar

    return calendar_from_chinese_calendar()


def test_working_days_left_across_the_national_day_holiday(calendar_2026: WorkdayCalendar) -> None:
    case = fresh()  # deadline Friday 2026-10-09
    assert case.working_days_left(calendar_2026, date(2026, 9, 30)) == 2  # 10-01…07 off: 10-08, 10-09
    assert case.working_days_left(calendar_2026, DEADLINE) == 0
    assert case.working_days_left(calendar_2026, date(2026, 10, 10)) == -1  # Saturday 10-10 is a workday
    assert case.working_days_left(calendar_2026, AFTER) == -2


def test_urgency_key_puts_overdue_first_then_nearest_deadline() -> None:
    today = date(2026, 10, 12)
    overdue = fresh()
    soon = FollowUp.start([("身份证复印件", date(2026, 10, 13))])
    later = FollowUp.start([("户口簿", date(2026, 10, 20))])
    done = FollowUp.start([("户口簿", date(2026, 10, 1))]).supplement(
        ["户口簿"], EARLY, Channel.ON_SITE, today=EARLY
    )
    board = sorted([later, done, soon, overdue], key=lambda f: f.urgency_key(today))
    assert board == [overdue, soon, later, done]
