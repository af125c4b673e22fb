"""The follow-up board (容缺跟踪台): every open deferred case, most urgent first, and what is due."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from hallapp.domain.identity import mask_id, mask_phone, normalise_id
from hallapp.domain.lifecycle import CaseState
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.store import followup_repo
from hallapp.store.db import UnitOfWork

OPEN_STATES = (CaseState.AWAITING_SUPPLEMENT.value, CaseState.PARTLY_SUPPLEMENTED.value)
DUE_SOON_DAYS = 3


class BoardRow(NamedTuple):  # a named tuple: a board builds tens of thousands at once
    number: str
    applicant_name: str
    applicant_id_masked: str
    phone_masked: str
    matter_name: str
    department: str
    window: str
    clerk: str
    state: str
    status_label: str  # 待补正 / 部分补正 / 逾期
    deadline: date
    days_left: int  # working days up to and including the deadline; negative when overdue
    missing: tuple[str, ...]
    reminders: int
    id_key: str = ""  # the applicant's full ID, only to find the case by it: never shown

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def due_within(self, days: int) -> bool:
        return 0 <= self.days_left <= days

    def matches(self, text: str) -> bool:
        """Search by part of the case number or the applicant's name, or by the full ID number."""
        return text in self.number or text in self.applicant_name or (len(text) == 18 and text == self.id_key)


@dataclass(frozen=True)
class BoardFilter:
    department: str | None = None
    matter: str | None = None
    window: str | None = None
    clerk: str | None = None
    status: str | None = None  # a status label: 待补正, 部分补正, 逾期
    text: str = ""

    def apply(self, rows: list[BoardRow]) -> list[BoardRow]:
        """The rows this filter keeps, in their order."""
        text = self.text.strip()
        needle = normalise_id(text) if len(normalise_id(text)) == 18 else text
        return [
            row
            for row in rows
            if (self.department is None or row.department == self.department)
            and (self.matter is None or row.matter_name == self.matter)
            and (self.window is None or row.window == self.window)
            and (self.clerk is None or row.clerk == self.clerk)
            and (self.status is None or row.status_label == self.status)
            and (not needle or row.matches(needle))
        ]


@dataclass(frozen=True)
class DaySummary:
    open: int
    overdue: int
    due_soon: int

    @property
    def text(self) -> str:
        return f"在办容缺件 {self.open} 件：逾期 {self.overdue} 件，{DUE_SOON_DAYS} 个工作日内到期 {self.due_soon} 件"


@contextmanager
def _without_gc_pauses() -> Iterator[None]:
    """Build tens of thousands of small rows without the cyclic GC scanning the heap over and over
    (it tripled the time of a 20,000-row board); nothing built here holds reference cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def board_rows(uow: UnitOfWork, *, calendar: WorkdayCalendar, today: date | None = None) -> list[BoardRow]:
    """Every open deferred case, most urgent first (overdue, then fewest working days left)."""
    with _without_gc_pauses():
        return _board_rows(uow, calendar, today or date.today())


def _board_rows(uow: UnitOfWork, calendar: WorkdayCalendar, today: date) -> list[BoardRow]:
    with uow:
        cases = followup_repo.open_cases(uow.session, OPEN_STATES)
    days_left: dict[date, int] = {}
    labels = {
        CaseState.AWAITING_SUPPLEMENT.value: CaseState.AWAITING_SUPPLEMENT.label,
        CaseState.PARTLY_SUPPLEMENTED.value: CaseState.PARTLY_SUPPLEMENTED.label,
    }
    rows = []
    for case in cases:
        left = days_left.get(case.deadline)
        if left is None:
            left = days_left[case.deadline] = calendar.working_days_between(today, case.deadline)
            if left == 0 and case.deadline < today:
                left = days_left[case.deadline] = -1  # past the deadline, today not a working day
        overdue = case.deadline < today
        rows.append(
            BoardRow(
                number=case.number,
                applicant_name=case.applicant_name,
                applicant_id_masked=mask_id(case.applicant_id),
                phone_masked=mask_phone(case.applicant_phone) if case.applicant_phone else "",
                matter_name=case.matter_name,
                department=case.department,
                window=case.window,
                clerk=case.clerk,
                state=case.state,
                status_label="逾期" if overdue else labels[case.state],
                deadline=case.deadline,
                days_left=min(left, -1) if overdue else left,
                missing=case.missing,
                reminders=case.reminders,
                id_key=case.applicant_id,
            )
        )
    rows.sort(key=lambda r: (not r.overdue, r.deadline, r.number))
    return rows


def summary(rows: list[BoardRow]) -> DaySummary:
    """The day-start summary: how many are open, overdue, due soon."""
    return DaySummary(
        open=len(rows),
        overdue=sum(1 for r in rows if r.overdue),
        due_soon=sum(1 for r in rows if r.due_within(DUE_SOON_DAYS)),
    )


def due_within(rows: list[BoardRow], days: int, *, include_overdue: bool = False) -> list[BoardRow]:
    """The cases due within ``days`` working days (and the overdue ones when asked)."""
    return [r for r in rows if r.due_within(days) or (include_overdue and r.overdue)]
