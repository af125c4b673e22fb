"""What a finished operation changed, so each view can decide whether to refresh (Anki's ``OpChanges``).

A use case of the counter session returns its result together with a ``Changes`` value; the window
broadcasts it and every view that shows one of the changed things reloads itself. No view calls another.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """Which kinds of data an operation changed."""

    cases: bool = False  # a case was stored or changed: today's cases, a case's detail, documents
    board: bool = False  # the deferred cases being followed: the follow-up board and the day summary
    calendar: bool = False  # the working-day calendar: every days-left and deadline, the missing-year warning
    catalogue: bool = False  # matters, guides, bundles: search results, the department filter, the index
    settings: bool = False  # this counter PC's or the hall's settings: the title, documents, licence source
    accounts: bool = False  # accounts and roles
    licences: bool = False  # the local e-licence registry
    disclosures: bool = False  # disclosure requests (依申请公开): their board, detail, documents and report
    ratings: bool = False  # service ratings (好差评) and their follow-up: the supervisor's 差评回访 list

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def names(self) -> tuple[str, ...]:
        """The names of what changed (for logs and tests)."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name))


NOTHING = Changes()
CASES = Changes(cases=True, board=True)  # a case stored or followed up: both views of cases
DISCLOSURES = Changes(disclosures=True)  # a disclosure request registered, changed or printed
# A rating changes no case and no deadline: the board and today's cases are not reloaded for it (with
# 100,000 cases that reload took over a second, and the next decision waited behind it).
RATINGS = Changes(ratings=True)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A use case's result and what it changed."""

    value: T
    changes: Changes = NOTHING
