"""What each checklist key does to the checklist: the page's key handler, kept apart from the widget."""

from __future__ import annotations

from typing import TypeVar

from hallapp.domain.intake import CheckEditing

C = TypeVar("C", bound=CheckEditing)


def apply_key(checklist: C, action: str, row: int) -> C:
    """The checklist after ``action`` on ``row``; the domain raises ``RuleViolation`` where rules forbid it.

    A (全部收齐) fills only what is not in yet: a row an e-licence satisfied (免提交) or one already received
    keeps what was recorded, so pressing A after a licence look-up does not ask for the paper again.
    """
    check = checklist.checks[row]
    if action == "toggle":
        return checklist.clear(row) if check.complete else checklist.receive_all(row)
    if action == "original":
        return checklist.set_original(row, not check.original_seen)
    if action == "more":
        return checklist.set_copies(row, check.copies + 1)
    if action == "fewer":
        return checklist.set_copies(row, max(check.copies - 1, 0))
    if action == "defer":
        return checklist.defer(row, not check.deferred)
    if action == "clear":
        return checklist.clear(row)
    changed = checklist
    for index, each in enumerate(checklist.checks):
        if not each.complete:
            changed = changed.receive_all(index)
    return changed
