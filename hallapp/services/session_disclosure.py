"""The counter session's disclosure use cases (依申请公开): register, follow, reply, archive, print, report.

Mixed into ``CounterSession``. Every method acts for the signed-in person; the services check their
permission (``DISCLOSURE``; a supervisor's ``APPROVE_DISCLOSURE`` to approve a reply or an extension) and
each write returns ``Outcome(view, DISCLOSURES)``. ``today`` and ``on`` default to today.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hallapp.domain.access import AccessDenied, Permission, Principal, require
from hallapp.domain.disclosure import DEFAULT_CORRECTION_PERIOD, PauseKind, Reply
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.services.changes import DISCLOSURES, NOTHING, Outcome
from hallapp.store.db import UnitOfWork

if TYPE_CHECKING:
    from hallapp.domain.disclosure_request import DisclosureRequest
    from hallapp.printing.disclosure_model import DisclosureDocKind, DisclosureLetter
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.disclosure_documents import ProducedDisclosureDocument
    from hallapp.services.disclosure_inputs import DisclosureForm, DisclosureRow, DisclosureView
    from hallapp.services.settings import CounterSettings


class DisclosureUseCases:
    """Provided by ``CounterSession``: ``context``, ``principal``, ``settings``, ``_uow``."""

    context: AppContext
    principal: Principal
    settings: CounterSettings

    def _uow(self, *, write: bool = False) -> UnitOfWork:
        raise NotImplementedError

    # -- who may -------------------------------------------------------------------------------------------

    def may_disclose(self) -> bool:
        """Whether the signed-in person handles disclosure requests (clerks and supervisors)."""
        return self.principal.may(Permission.DISCLOSURE)

    def may_approve_disclosure(self) -> bool:
        """Whether the signed-in person approves replies and extensions themselves (supervisors)."""
        return self.principal.may(Permission.APPROVE_DISCLOSURE)

    # -- reading -------------------------------------------------------------------------------------------

    def _view(self, request: DisclosureRequest, today: date | None) -> Outcome[DisclosureView]:
        view = self.disclosure(request.number, today=today)
        assert view is not None
        return Outcome(view, DISCLOSURES)

    def disclosure(self, number: str, *, today: date | None = None) -> DisclosureView | None:
        """One request with its history and documents (None: no such number)."""
        from hallapp.services.disclosure_views import view

        return view(self._uow(), number, today=today)

    def disclosure_board(self, *, today: date | None = None) -> list[DisclosureRow]:
        """Open requests, most urgent first, then those answered in the last 30 days."""
        from hallapp.services.disclosure_views import board

        return board(self._uow(), today=today)

    def find_disclosures(
        self, text: str = "", *, year: int | None = None, today: date | None = None
    ) -> list[DisclosureRow]:
        """The archive: every request by number, applicant, description or full ID, newest first."""
        from hallapp.services.disclosure_views import find

        return find(self._uow(), text, year=year, today=today)

    # -- the procedure -------------------------------------------------------------------------------------

    def register_disclosure(
        self, form: DisclosureForm, *, today: date | None = None
    ) -> Outcome[DisclosureView]:
        """Register a request (登记) under the hall's number prefix."""
        from hallapp.services.disclosure import register_request

        request = register_request(self._uow(write=True), form, prefix=self.settings.case_prefix, today=today)
        return self._view(request, today)

    def ask_disclosure_correction(
        self,
        number: str,
        items: Sequence[str],
        *,
        period_days: int = DEFAULT_CORRECTION_PERIOD,
        on: date | None = None,
        today: date | None = None,
    ) -> Outcome[DisclosureView]:
        from hallapp.services.disclosure import ask_correction

        request = ask_correction(
            self._uow(write=True), number, items, period_days=period_days, on=on, today=today
        )
        return self._view(request, today)

    def receive_disclosure_correction(
        self, number: str, *, on: date | None = None, today: date | None = None
    ) -> Outcome[DisclosureView]:
        from hallapp.services.disclosure import receive_correction

        return self._view(receive_correction(self._uow(write=True), number, on=on, today=today), today)

    def start_disclosure_consultation(
        self, number: str, kind: PauseKind, party: str, *, on: date | None = None, today: date | None = None
    ) -> Outcome[DisclosureView]:
        from hallapp.services.disclosure import start_consultation

        request = start_consultation(self._uow(write=True), number, kind, party, on=on, today=today)
        return self._view(request, today)

    def end_disclosure_consultation(
        self, number: str, answer: str, *, on: date | None = None, today: date | None = None
    ) -> Outcome[DisclosureView]:
        from hallapp.services.disclosure import end_consultation

        return self._view(end_consultation(self._uow(write=True), number, answer, on=on, today=today), today)

    def disclosure_fee_quote(
        self, number: str, mode: FeeMode, pages: int = 0, *, today: date | None = None
    ) -> tuple[int, int]:
        """(basis, amount in 元) of a fee notice, before it is sent."""
        from hallapp.services.disclosure import fee_quote

        return fee_quote(self._uow(), number, mode, pages)

    def notify_disclosure_fee(
        self,
        number: str,
        mode: FeeMode,
        pages: int = 0,
        *,
        on: date | None = None,
        today: date | None = None,
    ) -> Outcome[DisclosureView]:
        from hallapp.services.disclosure import notify_fee

        return self._view(notify_fee(self._uow(write=True), number, mode, pages, on=on, today=today), today)

    def record_disclosure_payment(
        self, number: str, *, on: date | None = None, today: date | None = None
    ) -> Outcome[DisclosureView]:
        from hallapp.services.disclosure import record_payment

        return self._view(record_payment(self._uow(write=True), number, on=on, today=today), today)

    def extend_disclosure(
        self,
        number: str,
        days: int,
        reason: str,
        *,
        approver_username: str = "",
        approver_password: str = "",
        today: date | None = None,
    ) -> Outcome[DisclosureView]:
        """Extend the reply deadline. A supervisor signed in approves it themselves; a clerk's request is
        approved on the spot by a supervisor who enters their own user name and password here."""
        from hallapp.services.accounts import authenticate
        from hallapp.services.disclosure import extend

        require(self.principal, Permission.DISCLOSURE)  # before any supervisor's password is asked or counted
        approver = self.principal
        if not self.principal.may(Permission.APPROVE_DISCLOSURE):
            if not approver_username.strip():
                raise AccessDenied("延期答复须经负责人审批：请科室负责人在此输入其用户名和密码。")
            approver = authenticate(
                UnitOfWork(self.context.engine, write=True),
                approver_username,
                approver_password,
                purpose="approval",
            )
        request = extend(self._uow(write=True), number, days, reason, approver=approver, today=today)
        return self._view(request, today)

    def draft_disclosure_reply(
        self, number: str, reply: Reply, text: str, *, right_office: str = "", today: date | None = None
    ) -> Outcome[DisclosureView]:
        from hallapp.services.disclosure import draft_reply

        request = draft_reply(
            self._uow(write=True), number, reply, text, right_office=right_office, today=today
        )
        return self._view(request, today)

    def return_disclosure_reply(
        self, number: str, note: str, *, today: date | None = None
    ) -> Outcome[DisclosureView]:
        """A supervisor sends the draft back with what to change."""
        from hallapp.services.disclosure import return_reply

        return self._view(return_reply(self._uow(write=True), number, note, today=today), today)

    def approve_disclosure_reply(self, number: str, *, today: date | None = None) -> Outcome[DisclosureView]:
        """A supervisor other than the drafter approves the reply, which issues it."""
        from hallapp.services.disclosure import approve_reply

        return self._view(approve_reply(self._uow(write=True), number, today=today), today)

    def archive_disclosure(
        self, number: str, place: str = "", *, today: date | None = None
    ) -> Outcome[DisclosureView]:
        from hallapp.services.disclosure import archive

        return self._view(archive(self._uow(write=True), number, place, today=today), today)

    # -- documents and the report ------------------------------------------------------------------------

    def disclosure_letter(
        self, number: str, kind: DisclosureDocKind, *, copy: bool = False, today: date | None = None
    ) -> DisclosureLetter:
        """What a document would print now (a preview: nothing printed or recorded)."""
        from hallapp.services.disclosure_documents import build_letter

        return build_letter(self._uow(), number, kind, settings=self.settings, copy=copy, today=today)

    def disclosure_document(
        self, number: str, kind: DisclosureDocKind, *, copy: bool = False, today: date | None = None
    ) -> Outcome[ProducedDisclosureDocument]:
        """Render, archive and record one document of a request (``copy``: a reprint, marked 副本)."""
        from hallapp.services.disclosure_documents import produce

        made = produce(
            self._uow(write=True),
            number,
            kind,
            data_dir=self.context.paths.data_dir,
            settings=self.settings,
            copy=copy,
            today=today,
        )
        return Outcome(made, DISCLOSURES)

    def disclosure_report(self, year: int) -> Any:
        """The annual table 收到和处理政府信息公开申请情况 of ``year``, from the register."""
        from hallapp.services.disclosure_annual import annual_report

        return annual_report(self._uow(), year)

    def export_disclosure_report(self, year: int, out: Path) -> Outcome[Path]:
        """The annual table written to ``out`` (.xlsx or .pdf)."""
        from hallapp.services.disclosure_annual import export_report

        return Outcome(export_report(self._uow(), year, out, office=self.settings.hall_name), NOTHING)
