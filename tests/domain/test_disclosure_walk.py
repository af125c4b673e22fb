"""Random walks through a disclosure request's life over the real 2026 schedule: whatever is tried, a
refusal is an ``IllegalTransition`` with a reason that leaves the request exactly as it was, and what the
request says about itself (its state, its pauses, its clock, overdue) always agrees."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hallapp.domain.disclosure import REPLY_DAYS, DisclosureState, PauseKind, ReceiptChannel, Reply
from hallapp.domain.disclosure_clock import counted_days
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.domain.disclosure_request import DisclosureRequest
from hallapp.domain.lifecycle import IllegalTransition
from tests.domain.test_disclosure_request import new_request
from tests.domain.test_workdays import CAL_2026

Change = Callable[[DisclosureRequest], DisclosureRequest]
S = DisclosureState


def a_change(data: st.DataObject, today: date) -> tuple[str, Change]:
    """One change with random arguments; ``on`` is mostly a day or two back, sometimes ahead of today."""
    on = today + timedelta(days=data.draw(st.integers(min_value=-3, max_value=1)))
    text = data.draw(st.sampled_from(["同意", "请写明文号", "某某公司", " "]))
    who = data.draw(st.sampled_from(["zhang.san", "ZHANG.SAN", "zhao.liu", ""]))
    kind = data.draw(st.sampled_from(list(PauseKind)))
    reply = data.draw(st.sampled_from(list(Reply)))
    n = data.draw(st.integers(min_value=-1, max_value=25))
    cal = CAL_2026
    changes: dict[str, Change] = {
        "ask": lambda r: r.ask_correction((text,), n, on=on, calendar=cal, today=today),
        "receive": lambda r: r.receive_correction(on=on, today=today),
        "consult": lambda r: r.start_consultation(kind, text, on=on, today=today),
        "answer": lambda r: r.end_consultation(text, on=on, today=today),
        "fee": lambda r: r.notify_fee(
            FeeMode.BY_PAGES, 40, 100 * max(n, 0), on=on, calendar=cal, today=today
        ),
        "pay": lambda r: r.record_payment(on=on, today=today),
        "extend": lambda r: r.extend(n, text, approved_by=who, requested_by="zhang.san", on=on, calendar=cal),
        "draft": lambda r: r.draft_reply(reply, text, by="zhang.san", on=on, today=today),
        "return": lambda r: r.return_reply(text, by=who),
        "approve": lambda r: r.approve_reply(by=who, on=on, today=today),
        "archive": lambda r: r.archive(text, on=on, today=today),
    }
    name = data.draw(st.sampled_from([*sorted(changes), *["draft", "approve", "archive"] * 2]))
    return name, changes[name]


def check(r: DisclosureRequest, today: date) -> None:
    """What a request says about itself agrees, seen on ``today``."""
    open_pauses = [p for p in r.all_pauses if p.is_open]
    assert len(open_pauses) <= 1
    assert (r.state is S.CONSULTING) == any(p.is_open for p in r.pauses)
    if r.state is S.AWAITING_FEE:
        assert r.fee is not None and r.fee.paid_on is None
    if r.state is S.AWAITING_CORRECTION:
        assert r.correction is not None and r.correction.received_on is None
    assert (r.reply is not None) == (r.state in (S.REPLY_PENDING, S.REPLIED, S.ARCHIVED))
    assert (r.reply is not None and r.reply.issued_on is not None) == (r.state in (S.REPLIED, S.ARCHIVED))
    if r.reply is not None and r.reply.approved_by:
        assert r.reply.approved_by.casefold() != r.reply.drafted_by.casefold()

    deadline = r.deadline(CAL_2026, today)
    assert (deadline is None) == (r.clock_start is None)
    if deadline is None or r.clock_start is None:
        assert not r.is_overdue(CAL_2026, today)
        assert r.working_days_left(CAL_2026, today) is None
        return
    days = REPLY_DAYS + (r.extension.days if r.extension else 0)
    clock_today = r.reply.issued_on if r.reply is not None and r.reply.issued_on else today
    assert counted_days(CAL_2026, r.clock_start, deadline.date, r.all_pauses, today=clock_today) == days
    original = r.original_deadline(CAL_2026, today)
    assert original is not None and r.clock_start <= original.date <= deadline.date
    later = today + timedelta(days=9)
    assert r.deadline(CAL_2026, later) is not None
    assert r.deadline(CAL_2026, later).date >= deadline.date  # the clock only ever waits longer
    assert r.is_overdue(CAL_2026, today) == (r.is_open and today > deadline.date)
    if r.is_overdue(CAL_2026, today):
        assert r.working_days_left(CAL_2026, today) <= 0
    elif r.is_open:
        assert r.working_days_left(CAL_2026, today) >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from([date(2026, 2, 10), date(2026, 3, 2), date(2026, 9, 21)]))
def test_a_random_life_stays_consistent(data: st.DataObject, arrived: date) -> None:
    r = new_request(channel=ReceiptChannel.ONLINE, arrived_on=arrived, today=arrived)
    today = arrived
    for _ in range(data.draw(st.integers(min_value=5, max_value=30))):
        today += timedelta(days=data.draw(st.integers(min_value=0, max_value=6)))
        name, change = a_change(data, today)
        before = copy.deepcopy(r)
        try:
            after = change(r)
        except IllegalTransition as refusal:
            assert str(refusal).strip()
            assert r == before
            continue
        if r.state is S.ARCHIVED:
            raise AssertionError(f"an archived request was changed by {name}")
        assert after != r
        event(f"done {name} -> {after.state}")
        r = after
        check(r, today)
