"""Random follow-ups on the 2026 calendar: whatever the clerks do, the lifecycle rules hold.

A hypothesis state machine drives supplement / extend / terminate / withdraw / the next day on one case,
checks each outcome against a plain model of the rules, and checks the invariants after every step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from hallapp.domain.lifecycle import CaseState, Channel, FollowUp, IllegalTransition
from hallapp.domain.workdays import WorkdayCalendar

POOL = ("身份证复印件", "营业执照复印件", "租赁合同", "消防验收意见书")
STRANGER = "户口簿"  # never deferred in these cases
LAST_DAY = date(2026, 12, 31)
FINAL = (CaseState.TERMINATED, CaseState.WITHDRAWN)


@cache
def calendar_2026() -> WorkdayCalendar:
    from hallapp.services.workday_source import calendar_from_chinese_calendar

    calendar = calendar_from_chinese_calendar()
    assert calendar.is_known_year(2026)
    return calendar


class FollowUpMachine(RuleBasedStateMachine):
    """One case, one clerk's desk, random days."""

    case: FollowUp
    today: date

    @initialize(
        start=st.dates(date(2026, 1, 1), date(2026, 9, 30)),
        items=st.lists(
            st.tuples(st.sampled_from(POOL), st.integers(1, 10)),
            min_size=1,
            max_size=4,
            unique_by=lambda t: t[0],
        ),
    )
    def accept(self, start: date, items: list[tuple[str, int]]) -> None:
        calendar = calendar_2026()
        self.today = start
        self.case = FollowUp.start([(name, calendar.add_working_days(start, n).date) for name, n in items])

    # -- driving --------------------------------------------------------------------------------------

    def attempt(self, step: str, change: Callable[[FollowUp], FollowUp], legal: bool) -> FollowUp | None:
        """Apply `change`; a refusal must be an IllegalTransition and leave the case as it was."""
        before = self.case
        try:
            after = change(before)
        except IllegalTransition as refusal:
            assert str(refusal), "a refusal says why"
            assert self.case == before
            assert not legal, f"{step} refused on {self.today}: {refusal} ({before})"
            return None
        assert legal, f"{step} allowed on {self.today} ({before} -> {after})"
        self.check_step(before, after)
        self.case = after
        return after

    def check_step(self, before: FollowUp, after: FollowUp) -> None:
        assert before.state not in FINAL, "a terminated or withdrawn case never changes again"
        assert after.deadline >= before.deadline, "the deadline never moves earlier"
        for old, new in zip(before.items, after.items, strict=True):
            assert old.name == new.name
            if old.arrived:
                assert new == old, "an arrived material never un-arrives nor changes"
        assert len(after.extensions) >= len(before.extensions)
        assert after.extensions[: len(before.extensions)] == before.extensions

    @rule(days=st.integers(0, 10))
    def next_days(self, days: int) -> None:
        self.today = min(self.today + timedelta(days=days), LAST_DAY)

    @rule(
        data=st.data(),
        stranger=st.integers(0, 9),
        back=st.integers(-1, 3),
        channel=st.sampled_from(Channel),
    )
    def supplement(self, data: st.DataObject, stranger: int, back: int, channel: Channel) -> None:
        # Mostly names of this case's materials; now and then an empty selection or a stranger.
        own = [item.name for item in self.case.items]
        names = data.draw(st.lists(st.sampled_from(own), max_size=len(own)))
        if stranger == 0:
            names.append(STRANGER)
        on = self.today - timedelta(days=back)
        missing = {item.name for item in self.case.missing_items}
        legal = self.case.is_open and bool(names) and on <= self.today and set(names) <= missing
        today = self.today
        after = self.attempt("supplement", lambda f: f.supplement(names, on, channel, today=today), legal)
        if after is not None:
            for item in after.items:
                if item.name in names:
                    assert item.arrived_on == on and item.channel is channel

    @rule(
        base=st.sampled_from(("today", "deadline", "past")),
        n=st.integers(0, 10),
        reason=st.sampled_from(("不可抗力：台风停工", "疫情封控", "暴雨停工", " ")),
        approved_by=st.sampled_from(("王科长", "李科长", "张科长", "")),
        supervisor=st.sampled_from((True, True, True, False)),
    )
    def extend(self, base: str, n: int, reason: str, approved_by: str, supervisor: bool) -> None:
        start = {
            "today": self.today,
            "deadline": self.case.deadline,
            "past": self.today - timedelta(days=15),
        }[base]
        new = calendar_2026().add_working_days(start, n).date
        legal = (
            self.case.is_open
            and supervisor
            and bool(approved_by.strip())
            and bool(reason.strip())
            and new > self.case.deadline
            and new >= self.today
        )
        today = self.today
        after = self.attempt(
            "extend",
            lambda f: f.extend(new, reason, approved_by=approved_by, supervisor=supervisor, today=today),
            legal,
        )
        if after is not None:
            assert after.deadline == new
            assert all(item.deadline == new for item in after.missing_items)
            assert after.extensions[-1].new == new

    @rule()
    def terminate(self) -> None:
        overdue = self.case.is_open and self.today > self.case.deadline
        today = self.today
        after = self.attempt("terminate", lambda f: f.terminate(today), overdue)
        if after is not None:
            # terminate only ever succeeds on an overdue case
            assert overdue and self.today > after.deadline
            assert after.terminated_on == self.today

    @rule(applicant_insists=st.integers(0, 7))
    def withdraw(self, applicant_insists: int) -> None:
        # Withdrawal ends the case; trying it rarely lets the other steps play out.
        if applicant_insists != 0:
            return
        today = self.today
        after = self.attempt("withdraw", lambda f: f.withdraw(today), self.case.is_open)
        if after is not None:
            assert after.withdrawn_on == self.today

    # -- invariants -----------------------------------------------------------------------------------

    @invariant()
    def state_matches_items(self) -> None:
        case = self.case
        all_in = all(item.arrived for item in case.items)
        some_in = any(item.arrived for item in case.items)
        final = case.state in FINAL
        assert (case.state is CaseState.SUPPLEMENTED) == (all_in and not final)
        if not final:
            assert (case.state is CaseState.AWAITING_SUPPLEMENT) == (not some_in)
            assert (case.state is CaseState.PARTLY_SUPPLEMENTED) == (some_in and not all_in)

    @invariant()
    def deadline_is_latest_item_deadline(self) -> None:
        assert self.case.deadline == max(item.deadline for item in self.case.items)

    @invariant()
    def ending_dates(self) -> None:
        case = self.case
        assert (case.terminated_on is not None) == (case.state is CaseState.TERMINATED)
        assert (case.withdrawn_on is not None) == (case.state is CaseState.WITHDRAWN)
        if case.terminated_on is not None:
            assert case.terminated_on > case.deadline

    @invariant()
    def overdue_is_derived(self) -> None:
        case = self.case
        assert case.is_overdue(self.today) == (case.is_open and case.deadline < self.today)
        left = case.working_days_left(calendar_2026(), self.today)
        if case.deadline >= self.today:
            assert left >= 0
        else:
            assert left <= 0


FollowUpMachine.TestCase.settings = settings(
    max_examples=400,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestFollowUpMachine = FollowUpMachine.TestCase
