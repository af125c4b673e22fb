"""The hall's limits on following a deferred case, checked before anything is stored (and by the forms,
so the clerk hears them at once): a supplement is dated between the day the case was received and today;
an extension needs a real reason and stays within a bound.

Why these bounds: the deferral deadline itself is never beyond the matter's promised time limit (DOMAIN.md),
so an extension is an exception for force majeure, not a new time limit. One extension moves the deadline
by at most ``MAX_EXTENSION_WORKING_DAYS`` working days beyond the current one, and all extensions together
by at most ``MAX_TOTAL_EXTENSION_WORKING_DAYS`` beyond the deadline first given — the statutory pattern of
"N working days, extended once by N with approval" (依申请公开: 20 + 20). The new deadline is a working day.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from hallapp.domain.workdays import WorkdayCalendar

MAX_EXTENSION_WORKING_DAYS = 30
MAX_TOTAL_EXTENSION_WORKING_DAYS = 60
MIN_REASON_CHARACTERS = 4  # in letters; a hanzi says as much as two ("台风" is a reason, "x" is not)
REASON_EXAMPLE = "如：台风停工，检测机构无法按期出具报告"
REASON_RULE = "至少 2 个汉字或 4 个字母"


def meaningful_characters(text: str) -> int:
    """How much ``text`` says, in letters: a letter or digit counts one, a hanzi two; a character repeated
    over and over counts once ("xxxx" and "。。。。" say nothing)."""
    kept = [c for c in text if unicodedata.category(c)[0] in ("L", "N")]
    if len(set(kept)) <= 1:
        kept = kept[:1]
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in kept)


def reason_problem(reason: str) -> str:
    """Why ``reason`` is not a reason for an extension ("" when it is)."""
    if not reason.strip():
        return "请填写延期理由"
    if meaningful_characters(reason) < MIN_REASON_CHARACTERS:
        return f"延期理由请写明原因，{REASON_RULE}（{REASON_EXAMPLE}）"
    return ""


def latest_extension(current: date, today: date, calendar: WorkdayCalendar) -> date:
    """The latest deadline one extension may give: ``MAX_EXTENSION_WORKING_DAYS`` working days after the
    current deadline (after today for an overdue case)."""
    return calendar.add_working_days(max(current, today), MAX_EXTENSION_WORKING_DAYS).date


def extension_problem(
    new_deadline: date, *, current: date, first: date | None, today: date, calendar: WorkdayCalendar
) -> str:
    """Why the deadline of a case cannot move from ``current`` to ``new_deadline`` ("" when it can).

    ``first`` is the deadline given at intake (before any extension); None skips the check of all the
    extensions together (a form that does not know the case's history leaves it to the service). The order of the checks is the
    order a clerk fixes them in: later than now, a working day, within one extension's bound, within all.
    """
    if new_deadline <= current:
        return f"新期限必须晚于原期限（原期限 {current.isoformat()}）"
    if new_deadline < today:
        return "新期限不能早于今天"
    if not calendar.is_working_day(new_deadline):
        return f"新期限 {new_deadline.isoformat()} 不是工作日，请选择工作日"
    limit = latest_extension(current, today, calendar)
    if new_deadline > limit:
        return (
            f"一次延期最多 {MAX_EXTENSION_WORKING_DAYS} 个工作日：新期限最晚为 {limit.isoformat()}"
            f"（原期限 {current.isoformat()}）"
        )
    if first is None:
        return ""
    total = calendar.add_working_days(first, MAX_TOTAL_EXTENSION_WORKING_DAYS).date
    if new_deadline > total:
        return (
            f"延期累计最多 {MAX_TOTAL_EXTENSION_WORKING_DAYS} 个工作日：本件补正期限最晚为 {total.isoformat()}"
            f"（最初期限 {first.isoformat()}）"
        )
    return ""


def supplement_problem(on: date, *, received: date, today: date) -> str:
    """Why a supplement cannot be dated ``on`` ("" when it can): not before the case was received, not
    after today."""
    if on < received:
        return f"补交日期不能早于受理日期（{received.isoformat()}）"
    if on > today:
        return "补交日期不能晚于今天"
    return ""
