"""The counter session's service-rating use cases (好差评): record or skip the applicant's rating, follow up
a bad one, 回访整改率 and the export.

Mixed into ``CounterSession``. Every method acts for the signed-in person; the services check the
permission (``INTAKE`` to record; the supervisor's ``APPROVE_EXTENSION`` for the follow-up, the list and
the rate; ``EXPORT_CASES`` to export). A rating changes no case and no deadline: writes return ``Outcome(…, RATINGS)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hallapp.domain.access import Permission, Principal
from hallapp.domain.rating import Indicator, Level, Rating, RatingChannel, RectificationRate, StepKind
from hallapp.services.changes import NOTHING, RATINGS, Changes, Outcome
from hallapp.store.db import UnitOfWork

if TYPE_CHECKING:
    from hallapp.domain.workdays import WorkdayCalendar
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.rating import OpenBadRating


class RatingUseCases:
    """Provided by ``CounterSession``: ``context``, ``principal``, ``calendar``, ``_uow``."""

    context: AppContext
    principal: Principal

    @property
    def calendar(self) -> WorkdayCalendar:
        raise NotImplementedError

    def _uow(self, *, write: bool = False) -> UnitOfWork:
        raise NotImplementedError

    def may_follow_up_ratings(self) -> bool:
        """Whether the signed-in person follows up bad ratings (supervisors)."""
        return self.principal.may(Permission.APPROVE_EXTENSION)

    def record_rating(
        self,
        number: str,
        level: Level,
        indicators: Sequence[Indicator] = (),
        comment: str = "",
        channel: RatingChannel = RatingChannel.FACING_SCREEN,
        *,
        now: datetime | None = None,
    ) -> Outcome[Rating]:
        """The applicant's rating of a case or bundle, once; a bad one opens its follow-up."""
        from hallapp.services.rating import record_rating

        rated = record_rating(
            self._uow(write=True),
            number,
            level,
            indicators,
            comment,
            channel,
            calendar=self.calendar,
            now=now,
        )
        return Outcome(rated, RATINGS)

    def skip_rating(
        self,
        number: str,
        channel: RatingChannel = RatingChannel.FACING_SCREEN,
        *,
        now: datetime | None = None,
    ) -> Outcome[Rating]:
        """The applicant did not rate: recorded as 未评价."""
        from hallapp.services.rating import skip_rating

        return Outcome(skip_rating(self._uow(write=True), number, channel, now=now), RATINGS)

    def rating_of(self, number: str) -> Rating | None:
        """The service's rating (None: not yet rated)."""
        from hallapp.services.rating import rating

        return rating(self._uow(), number)

    def open_bad_ratings(self, *, today: date | None = None) -> list[OpenBadRating]:
        """Bad ratings still to answer, the soonest due first."""
        from hallapp.services.rating import open_bad_ratings

        return open_bad_ratings(self._uow(), calendar=self.calendar, today=today)

    def reveal_rating_phone(self, number: str) -> str:
        """The whole phone of a bad rating's applicant (``REVEAL_PERSONAL_DATA``; the reveal audited)."""
        from hallapp.services.rating import reveal_phone

        return reveal_phone(self._uow(write=True), number)

    def follow_up_rating(
        self,
        number: str,
        kind: StepKind,
        text: str,
        *,
        founded: bool | None = None,
        on: date | None = None,
        today: date | None = None,
    ) -> Outcome[Rating]:
        """Record a step of a bad rating's follow-up: 核实 (say whether founded), 整改, 回复."""
        from hallapp.services.rating import follow_up

        rated = follow_up(self._uow(write=True), number, kind, text, founded=founded, on=on, today=today)
        return Outcome(rated, RATINGS)

    def rating_rectification_rate(
        self, *, since: date, until: date, today: date | None = None
    ) -> RectificationRate:
        """回访整改率 of the bad ratings given in the period."""
        from hallapp.services.rating import rate_of_period

        return rate_of_period(self._uow(), since=since, until=until, today=today)

    def export_ratings(self, out: Path, *, since: date, until: date) -> Outcome[int]:
        """The ratings of the period written to ``out`` (.csv or .xlsx) in the national data items."""
        from hallapp.services.rating_export import export_ratings

        return Outcome(export_ratings(self._uow(write=True), out, since=since, until=until), NOTHING)

    def rating_followup_days(self) -> int:
        """The hall's working days to answer a bad rating (anyone signed in may read it)."""
        from hallapp.services.rating import followup_days

        uow = self._uow()
        with uow:
            return followup_days(uow.session)

    def set_rating_followup_days(self, days: int) -> Outcome[int]:
        """The hall's working days to answer a bad rating (an administrator's)."""
        from hallapp.services.rating import set_followup_days

        return Outcome(set_followup_days(self._uow(write=True), days), Changes(settings=True))
