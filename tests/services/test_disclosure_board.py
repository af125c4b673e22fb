"""The disclosure board, the archive search, the detail view and the fee by count, from the register and
the real 2026 calendar; and what they show of a person: IDs and phones masked, also inside a description."""

from __future__ import annotations

from datetime import date

from hallapp.domain.disclosure import DisclosureState, PauseKind, ReceiptChannel, Reply, RequesterKind
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.domain.disclosure_report import (
    CARRIED_IN,
    CARRIED_OUT,
    HANDLED,
    NEW,
    cross_check,
    group_key,
    reason_key,
)
from tests.people import CLERK, SUPERVISOR
from tests.services.disclosure_helpers import FIRM, ID, MONDAY, form

D = date
TODAY = D(2026, 10, 19)


def _emailed(clerk, on: date, **changes):
    typed = form(channel=ReceiptChannel.EMAIL, arrived_on=on, **changes)
    return clerk.register_disclosure(typed, today=on).value.request.number


def test_the_board_shows_open_requests_most_urgent_first_then_the_recently_answered(hall):
    clerk, supervisor = hall.session(CLERK), hall.session(SUPERVISOR)
    overdue = clerk.register_disclosure(form(), today=MONDAY).value.request.number  # due 10-16
    fresh = _emailed(clerk, D(2026, 10, 12))  # due 11-09
    waiting = _emailed(clerk, D(2026, 10, 15))
    clerk.ask_disclosure_correction(waiting, ["写明年份"], period_days=10, today=D(2026, 10, 16))
    consulting = _emailed(clerk, D(2026, 10, 13))
    clerk.start_disclosure_consultation(consulting, PauseKind.OTHER_OFFICE, "区住建局", today=D(2026, 10, 14))
    answered = _emailed(clerk, D(2026, 10, 9))
    clerk.draft_disclosure_reply(answered, Reply.DISCLOSED, "电子邮件发送", today=D(2026, 10, 15))
    supervisor.approve_disclosure_reply(answered, today=D(2026, 10, 16))
    long_ago = _emailed(clerk, D(2026, 9, 1))
    clerk.draft_disclosure_reply(long_ago, Reply.NOT_HANDLED_PETITION, "属于信访事项", today=D(2026, 9, 2))
    supervisor.approve_disclosure_reply(long_ago, today=D(2026, 9, 3))
    clerk.archive_disclosure(long_ago, today=D(2026, 9, 4))

    rows = clerk.disclosure_board(today=TODAY)
    by_number = {r.number: r for r in rows}
    assert rows[0].number == overdue and rows[-1].number == answered
    assert long_ago not in by_number  # answered more than 30 days ago: in the archive, not on the board
    assert [r.state.is_open for r in rows] == [True, True, True, True, False]

    first = by_number[overdue]
    assert (first.status_label, first.overdue, first.deadline, first.days_left) == (
        "逾期",
        True,
        D(2026, 10, 16),
        -1,
    )
    assert first.due_within(3)
    row = by_number[fresh]
    assert (row.status_label, row.deadline, row.days_left, row.overdue) == (
        "办理中",
        D(2026, 11, 9),
        15,
        False,
    )
    assert not row.due_within(14) and row.due_within(15)
    row = by_number[waiting]
    assert row.deadline is None and row.days_left is None and row.status_label == "待补正（至 10-30）"
    row = by_number[consulting]
    assert row.status_label == "征求其他机关意见（至 11-04）" and row.waiting_until == D(
        2026, 11, 4
    )  # 15 working days
    assert not row.overdue
    row = by_number[answered]
    assert (row.state, row.status_label, row.days_left, row.overdue) == (
        DisclosureState.REPLIED,
        "已答复",
        None,
        False,
    )
    assert all(r.clerk == CLERK.display_name and r.channel_label for r in rows)

    # the archive finds everything, by number, name, description, the whole ID, and the year
    assert {r.number for r in clerk.find_disclosures()} == set(by_number) | {long_ago}
    assert [r.number for r in clerk.find_disclosures(long_ago[-5:])] == [long_ago]
    assert len(clerk.find_disclosures("陈晓明")) == 6 and len(clerk.find_disclosures(ID)) == 6
    assert clerk.find_disclosures("陈晓明", year=2025) == []
    assert clerk.find_disclosures(ID[:17]) == []  # part of an ID finds nothing


def test_ids_and_phones_are_masked_in_rows_and_views(hall):
    clerk = hall.session(CLERK)
    typed = form(
        description="我本人（身份证 440308199001011239）的低保审批材料\n及其附件", phone="0755-84901234"
    )
    view = clerk.register_disclosure(typed, today=MONDAY).value
    assert view.row.description == "我本人（身份证 4403**********1239）的低保审批材料"
    assert (view.id_masked, view.phone_masked) == ("4403**********1239", "0755-****1234")
    for shown in (view.row, *clerk.disclosure_board(today=MONDAY), *clerk.find_disclosures(ID)):
        assert ID not in repr(shown) and "84901234" not in repr(shown)
    assert view.request.requester.id_number == ID  # as stored: the view masks before it shows
    firm = clerk.register_disclosure(FIRM, today=MONDAY).value
    assert firm.id_masked == "9144**********XX1E"


def test_the_fee_by_count_is_the_applicants_nth_request_of_the_month(hall):
    clerk = hall.session(CLERK)
    numbers = [_emailed(clerk, D(2026, 9, day)) for day in (1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15)]
    other = clerk.register_disclosure(FIRM, today=MONDAY).value.request.number
    assert clerk.disclosure_fee_quote(numbers[0], FeeMode.BY_COUNT) == (1, 0)
    assert clerk.disclosure_fee_quote(numbers[9], FeeMode.BY_COUNT) == (10, 0)
    assert clerk.disclosure_fee_quote(numbers[10], FeeMode.BY_COUNT) == (11, 100)
    assert clerk.disclosure_fee_quote(other, FeeMode.BY_COUNT) == (1, 0)
    view = clerk.notify_disclosure_fee(numbers[10], FeeMode.BY_COUNT, today=D(2026, 9, 16)).value
    fee = view.request.fee
    assert (fee.basis, fee.amount, fee.due) == (11, 100, D(2026, 10, 20))  # 20 working days to pay
    assert view.row.status_label == "待缴费（至 10-20）" and view.row.waiting_until == D(2026, 10, 20)


def test_the_annual_report_counts_the_register(hall, tmp_path):
    clerk, supervisor = hall.session(CLERK), hall.session(SUPERVISOR)
    person = _emailed(clerk, D(2026, 3, 2))
    clerk.draft_disclosure_reply(person, Reply.WITHHELD_STATE_SECRET, "属于国家秘密", today=D(2026, 3, 3))
    supervisor.approve_disclosure_reply(person, today=D(2026, 3, 4))
    firm = clerk.register_disclosure(FIRM, today=MONDAY).value.request.number
    clerk.draft_disclosure_reply(firm, Reply.DISCLOSED, "当场提供", today=MONDAY)
    supervisor.approve_disclosure_reply(firm, today=MONDAY)
    _emailed(clerk, D(2026, 10, 12))  # still open: carried over into 2027
    drafted = _emailed(clerk, D(2026, 10, 13))
    clerk.draft_disclosure_reply(drafted, Reply.DISCLOSED, "邮寄", today=D(2026, 10, 14))  # not issued yet

    table = clerk.disclosure_report(2026)
    assert table.value(NEW) == 4 and table.value(CARRIED_IN) == 0
    assert table.value(NEW, RequesterKind.PERSON) == 3 and table.value(NEW, RequesterKind.COMMERCIAL) == 1
    assert table.value(reason_key(Reply.WITHHELD_STATE_SECRET), RequesterKind.PERSON) == 1
    assert table.value(group_key(Reply.DISCLOSED.group), RequesterKind.COMMERCIAL) == 1
    assert (table.value(HANDLED), table.value(CARRIED_OUT)) == (2, 2)
    assert cross_check(table) == []
    assert supervisor.disclosure_report(2027).value(CARRIED_IN) == 2

    for name in ("report.xlsx", "report.pdf"):
        written = clerk.export_disclosure_report(2026, tmp_path / name).value
        assert written.exists() and written.stat().st_size > 1000
