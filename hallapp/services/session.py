"""The counter session (窗口会话): the one door the window and the command line use.

Opened when a person signs in, it holds who is at the counter (the principal), this counter's effective
settings, the working-day calendar, the search index and the e-licence provider. Each method is a use
case: it opens the unit of work it needs, acts for the signed-in person (their account is the actor of
every record), and returns an ``Outcome`` — the result and which data it changed — so the front ends
never build a unit of work, an actor or a calendar themselves.

Qt-free: the window runs these methods on its database worker; the CLI calls them directly.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hallapp.domain.access import AccessDenied, NotSignedIn, Permission, Principal, require
from hallapp.domain.bundles import Bundle
from hallapp.domain.catalogue import Department, Guide
from hallapp.domain.search import SearchFilter, SearchHit
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services.changes import CASES, NOTHING, Changes, Outcome
from hallapp.services.session_admin import AdminUseCases
from hallapp.services.session_devices import DeviceUseCases
from hallapp.services.session_disclosure import DisclosureUseCases
from hallapp.services.session_editor import EditorUseCases
from hallapp.services.session_import import ImportUseCases
from hallapp.services.session_rating import RatingUseCases
from hallapp.store.db import UnitOfWork

if TYPE_CHECKING:
    from hallapp.config import AppPaths
    from hallapp.domain.licences import Licence, LicenceProvider
    from hallapp.domain.lifecycle import Channel
    from hallapp.printing.model import DocumentKind
    from hallapp.services.applicant_check import ApplicantCheck
    from hallapp.services.board import BoardRow
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.cases import CaseDetail, CaseRow
    from hallapp.services.documents import ProducedDocument
    from hallapp.services.followup import FollowUpResult
    from hallapp.services.intake_guide import ShownGuide
    from hallapp.services.intake_inputs import (
        ApplicantInput,
        BundleRequest,
        BundleResult,
        IntakeRequest,
        IntakeResult,
    )
    from hallapp.services.settings import CounterSettings


class CounterSession(
    AdminUseCases, ImportUseCases, EditorUseCases, DisclosureUseCases, RatingUseCases, DeviceUseCases
):
    """One signed-in person at one counter. Build it with ``CounterSession.open`` (slow: on a worker)."""

    def __init__(
        self,
        context: AppContext,
        principal: Principal,
        settings: CounterSettings,
        licences: LicenceProvider | None,
        calendar_warning: str | None = None,
    ) -> None:
        if principal is None:
            raise NotSignedIn("尚未登录，不能打开窗口会话。")
        self.context = context
        self.principal = principal
        self.settings = settings
        self.licences = licences
        self.calendar_warning = calendar_warning

    @classmethod
    def open(cls, context: AppContext, principal: Principal) -> CounterSession:
        """The session of ``principal`` (already authenticated): settings, calendar and provider loaded."""
        session = cls(context, principal, settings=None, licences=None)  # type: ignore[arg-type]
        session._reload_settings()
        session._reload_calendar(force=False)
        return session

    @classmethod
    def sign_in(cls, context: AppContext, username: str, password: str) -> CounterSession:
        """Check the password (audited, lockout after repeated failures) and open the session."""
        from hallapp.services.accounts import authenticate

        principal = authenticate(UnitOfWork(context.engine, write=True), username, password)
        return cls.open(context, principal)

    # -- plumbing ------------------------------------------------------------------------------------------

    def _uow(self, *, write: bool = False) -> UnitOfWork:
        """A unit of work acting for the signed-in person."""
        return UnitOfWork(self.context.engine, write=write, principal=self.principal)

    @property
    def paths(self) -> AppPaths:
        return self.context.paths

    @property
    def calendar(self) -> WorkdayCalendar:
        return self.context.calendar

    def may(self, permission: Permission) -> bool:
        """Whether the signed-in person may do this (to disable what they may not, before any form)."""
        return self.principal.may(permission)

    def why_not(self, permission: Permission) -> str:
        """Why the signed-in person may not do this, in words ("" when they may)."""
        try:
            require(self.principal, permission)
        except AccessDenied as refusal:
            return str(refusal)
        return ""

    def may_intake(self) -> bool:
        return self.may(Permission.INTAKE)

    def why_not_intake(self) -> str:
        return self.why_not(Permission.INTAKE)

    def may_reveal(self) -> bool:
        return self.may(Permission.REVEAL_PERSONAL_DATA)

    def _reload_settings(self) -> None:
        from hallapp.licences.factory import make_provider
        from hallapp.services.settings import load_counter_settings

        self.settings = load_counter_settings(self._uow(), self.paths.data_dir, self.principal)
        self.licences = make_provider(self.settings, self._uow)

    def _reload_calendar(self, *, force: bool = True) -> None:
        from hallapp.services.calendar import calendar_warning

        if force:
            self.context.reload_calendar()
        self.context.calendar  # noqa: B018 - loaded here, on the worker
        self.calendar_warning = calendar_warning(self._uow(), date.today())

    # -- the catalogue -------------------------------------------------------------------------------------

    def search(
        self, query: str, search_filter: SearchFilter | None = None, limit: int = 50
    ) -> list[SearchHit]:
        """Matters and bundles for ``query``; at a community centre the delegated matters first."""
        return self.context.search.search(
            query, search_filter, limit, prefer_delegated=self.settings.community_centre
        )

    def prepare_index(self) -> Outcome[int]:
        """Load or build the search index of the current catalogue (slow: its own worker)."""
        index = self.context.search.prepare()
        return Outcome(index.size)

    def departments(self) -> list[Department]:
        from hallapp.services.catalogue import list_departments

        return list_departments(self._uow())

    def guide(self, code: str) -> Guide | None:
        from hallapp.services.catalogue import get_guide

        return get_guide(self._uow(), code)

    def shown_guide(self, code: str) -> ShownGuide | None:
        """The guide with its version and incomplete mark: what the screen shows and intake checks."""
        from hallapp.services.intake_guide import shown_guide

        return shown_guide(self._uow(), code)

    def bundle(self, code: str) -> tuple[Bundle, tuple[Guide, ...]] | None:
        from hallapp.services.catalogue import get_bundle

        return get_bundle(self._uow(), code)

    # -- intake --------------------------------------------------------------------------------------------

    def returning_applicant(self, kind: str, id_number: str) -> ApplicantInput | None:
        from hallapp.services.intake import find_returning_applicant

        return find_returning_applicant(self._uow(), kind, id_number)

    def check_applicant(
        self,
        kind: str,
        id_number: str,
        name: str,
        matter_codes: Collection[str],
        licences: Sequence[Licence] = (),
    ) -> ApplicantCheck | None:
        """A known ID typed with another name, an e-licence of someone else, an open case of the same
        matter: what the clerk must be told before storing (see ``services.applicant_check``)."""
        from hallapp.services.applicant_check import check_applicant

        require(self.principal, Permission.INTAKE)
        return check_applicant(self._uow(), kind, id_number, name, matter_codes, licences)

    def lookup_licences(self, holder: str, types: Collection[str]) -> list[Licence]:
        """What the e-licence library holds for ``holder`` (slow or failing: its own worker)."""
        if self.licences is None:
            return []
        return list(self.licences.lookup(holder, types))

    def submit(
        self, request: IntakeRequest | BundleRequest, *, now: datetime | None = None
    ) -> Outcome[IntakeResult | BundleResult]:
        """Store the clerk's decision on a matter or a bundle (one transaction), acting as the clerk."""
        from hallapp.services.bundle_intake import submit_bundle
        from hallapp.services.intake import submit_intake
        from hallapp.services.intake_inputs import BundleRequest

        if isinstance(request, BundleRequest):
            result: IntakeResult | BundleResult = submit_bundle(
                self._uow(write=True), request, settings=self.settings, calendar=self.calendar, now=now
            )
        else:
            result = submit_intake(
                self._uow(write=True), request, settings=self.settings, calendar=self.calendar, now=now
            )
        return Outcome(result, CASES)

    def print_documents(
        self,
        number: str,
        *,
        copy: bool = False,
        bundle: bool = False,
        kinds: tuple[DocumentKind, ...] | None = None,
        out: Path | None = None,
    ) -> Outcome[list[ProducedDocument]]:
        """Render, archive and record a case's (or a bundle's) documents; reprints are marked 副本.

        ``out``: a file the (one) document is also written to; the print is recorded only once it is."""
        from hallapp.services.documents import produce_bundle_documents, produce_documents

        data_dir = self.paths.data_dir
        if bundle:
            made = produce_bundle_documents(
                self._uow(write=True), number, data_dir=data_dir, settings=self.settings, copy=copy
            )
        else:
            made = produce_documents(
                self._uow(write=True),
                number,
                data_dir=data_dir,
                settings=self.settings,
                copy=copy,
                kinds=kinds,
                out=out,
            )
        return Outcome(made, Changes(cases=True))

    # -- cases ---------------------------------------------------------------------------------------------

    def todays_cases(
        self, *, all_windows: bool = False, text: str = "", day: date | None = None
    ) -> list[CaseRow]:
        from hallapp.services.cases import todays_cases

        window = None if all_windows else self.settings.window
        return todays_cases(self._uow(), window=window, text=text, day=day)

    def case_detail(self, number: str) -> CaseDetail | None:
        from hallapp.services.cases import case_detail

        return case_detail(self._uow(), number)

    def unprinted_cases(self) -> list[CaseRow]:
        from hallapp.services.cases import unprinted_cases

        return unprinted_cases(self._uow())

    def reveal_id(self, number: str) -> str:
        """The full ID number of a case's applicant (permission checked, the reveal audited)."""
        from hallapp.services.cases import reveal_id

        return reveal_id(self._uow(write=True), number)

    # -- following deferred cases --------------------------------------------------------------------------

    def board_rows(self, *, today: date | None = None) -> list[BoardRow]:
        from hallapp.services.board import board_rows

        return board_rows(self._uow(), calendar=self.calendar, today=today)

    def supplement(
        self, number: str, names: Collection[str], *, on: date, channel: Channel, today: date | None = None
    ) -> Outcome[FollowUpResult]:
        from hallapp.services.followup import record_supplement

        result = record_supplement(self._uow(write=True), number, names, on=on, channel=channel, today=today)
        return Outcome(result, CASES)

    def extend(
        self,
        number: str,
        new_deadline: date,
        reason: str,
        *,
        approver_username: str = "",
        approver_password: str = "",
        today: date | None = None,
    ) -> Outcome[FollowUpResult]:
        """Extend a supplement deadline. A supervisor signed in approves it themselves; a clerk's request
        is approved on the spot by a supervisor who enters their own user name and password here."""
        from hallapp.services.accounts import authenticate
        from hallapp.services.followup import extend_deadline

        require(self.principal, Permission.FOLLOW_UP)  # before any supervisor's password is asked or counted
        approver = self.principal
        if not self.principal.may(Permission.APPROVE_EXTENSION):
            if not approver_username.strip():
                raise AccessDenied("延期须经科室负责人审批：请科室负责人在此输入其用户名和密码。")
            approver = authenticate(
                UnitOfWork(self.context.engine, write=True),
                approver_username,
                approver_password,
                purpose="approval",
            )
        result = extend_deadline(
            self._uow(write=True), number, new_deadline, reason, approver=approver, today=today
        )
        return Outcome(result, CASES)

    def terminate(self, number: str, *, today: date | None = None) -> Outcome[FollowUpResult]:
        from hallapp.services.followup import terminate_case

        return Outcome(terminate_case(self._uow(write=True), number, today=today), CASES)

    def withdraw(self, number: str, *, today: date | None = None) -> Outcome[FollowUpResult]:
        from hallapp.services.followup import withdraw_case

        return Outcome(withdraw_case(self._uow(write=True), number, today=today), CASES)

    def remind(
        self, numbers: Collection[str], *, method: str, note: str = "", now: datetime | None = None
    ) -> Outcome[int]:
        from hallapp.services.followup import record_reminders

        count = record_reminders(self._uow(write=True), numbers, method=method, note=note, now=now)
        return Outcome(count, CASES)

    def followup_document(
        self, number: str, kind: DocumentKind, *, note: str = "", today: date | None = None
    ) -> Outcome[ProducedDocument]:
        from hallapp.services.followup_documents import produce_followup_document

        made = produce_followup_document(
            self._uow(write=True),
            number,
            kind,
            data_dir=self.paths.data_dir,
            settings=self.settings,
            note=note,
            today=today,
        )
        return Outcome(made, Changes(cases=True))

    def reminder_batch(
        self, numbers: Sequence[str], *, today: date | None = None, out: Path | None = None
    ) -> Outcome[Path]:
        """The reminder letters of ``numbers`` as one PDF, archived and recorded (and written to ``out``
        first, when given: no file, no record)."""
        from hallapp.services.followup_documents import reminder_batch

        path = reminder_batch(
            self._uow(write=True),
            numbers,
            data_dir=self.paths.data_dir,
            settings=self.settings,
            today=today,
            out=out,
        )
        return Outcome(path, Changes(cases=True))

    def daily_close(self, day: date | None = None) -> Outcome[ProducedDocument]:
        """Print this window's close report of ``day``; the person printing it is named as 制表人."""
        from hallapp.services.reports import daily_close

        made = daily_close(
            self._uow(write=True),
            day=day or date.today(),
            settings=self.settings,
            data_dir=self.paths.data_dir,
        )
        return Outcome(made, NOTHING)
