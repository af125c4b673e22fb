"""The counter window's intake and document actions: start an intake, look up the applicant and their
e-licences, check the typed name against the register, store the decision, print, preview, open a case.
Mixed into ``MainWindow``; every step runs through the operation helper on the counter session, never
on the UI thread. The intake's draft (``IntakeDrafts``) is kept per account and asked about on leaving."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget

from hallapp.errors import describe
from hallapp.services.intake_inputs import BundleRequest, BundleResult, IntakeError, IntakeRequest
from hallapp.ui.window_drafts import IntakeDrafts

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from hallapp.domain.bundles import Bundle
    from hallapp.domain.catalogue import Guide
    from hallapp.domain.licences import Licence
    from hallapp.services.applicant_check import ApplicantCheck
    from hallapp.services.cases import CaseDetail
    from hallapp.services.documents import ProducedDocument
    from hallapp.services.intake_inputs import ApplicantInput, IntakeResult
    from hallapp.services.session import CounterSession
    from hallapp.ui.intake_page import IntakePage
    from hallapp.ui.lookup_page import LookupPage
    from hallapp.ui.ops import Operations


class IntakeActions(IntakeDrafts):
    """Provided by ``MainWindow``: ``ops``, ``session``, ``intake``, ``lookup``, ``work``, ``set_status`` …"""

    ops: Operations
    intake: IntakePage
    lookup: LookupPage
    work: QStackedWidget

    if TYPE_CHECKING:  # provided by MainWindow and QMainWindow; declared for the type checker only
        session: CounterSession | None
        decided: SignalInstance

        def set_status(self, text: str) -> None: ...
        def show_error(self, error: BaseException) -> None: ...
        def tr(self, text: str) -> str: ...

    # -- intake --------------------------------------------------------------------------------------------

    def connect_intake(self) -> None:
        """The intake page's requests: Esc asks before leaving, drafts are written as the clerk types,
        the typed name and ID are checked against the register after each pause."""
        page = self.intake
        page.cancelled.connect(self.cancel_intake)
        page.draft_due.connect(self.save_draft)
        page.name_check_due.connect(self.check_applicant)
        page.form.id_completed.connect(lambda _kind, _number: self.check_applicant())

    def _leaving(self, then: Callable[[], object]) -> Callable[[], None]:
        """A menu action that leaves the counter (sign out, switch user): asked first mid-intake."""

        def leave() -> None:
            if self.leave_intake(then):
                then()

        return leave

    def _may_start(self) -> bool:
        session = self.session
        if session is None:
            self.set_status(self.tr("请先登录"))
            return False
        if not session.may_intake():
            self.set_status(session.why_not_intake())
            return False
        return True

    def start_intake(self, guide: Guide) -> None:
        """F5: a new intake of ``guide`` — or, when this account left a draft, the offer to resume it."""
        if self._may_start():
            self.offer_draft(lambda: self.begin_intake(guide))

    def start_bundle_intake(self, bundle: Bundle, guides: tuple[Guide, ...]) -> None:
        if self._may_start():
            self.offer_draft(lambda: self.begin_bundle_intake(bundle, guides))

    def begin_intake(self, guide: Guide) -> None:
        session = self.session
        if session is None:
            return
        self.intake.start(
            guide,
            session.calendar,
            session.settings.deferral_days,
            guide_version=self.lookup.shown_version(guide),  # the version the clerk read
        )
        self.work.setCurrentWidget(self.intake)
        self.intake.form.focus_first()
        self.set_status(self.tr("正在受理：{0}").format(guide.name))  # the last applicant's message goes

    def begin_bundle_intake(self, bundle: Bundle, guides: tuple[Guide, ...]) -> None:
        session = self.session
        if session is None:
            return
        self.intake.start_bundle(bundle, guides, session.calendar, session.settings.deferral_days)
        self.work.setCurrentWidget(self.intake)
        self.intake.form.focus_first()
        self.set_status(self.tr("正在受理：{0}").format(bundle.name))

    def cancel_intake(self) -> None:
        """Esc on the intake: back to the search, asking first when something was typed or marked."""
        if self.leave_intake(self.back_to_lookup):
            self.close_intake()
            self.back_to_lookup()

    def back_to_lookup(self) -> None:
        self.ops.forget(self.intake, "submit")
        self.work.setCurrentWidget(self.lookup)
        self.lookup.search_panel.focus_search()

    def check_applicant(self) -> None:
        """Ask the register (off the UI thread) about the typed name and ID: another registered name,
        an e-licence of someone else, an open case of the same matter. A stale answer is dropped."""
        page = self.intake
        if self.session is None or page.checklist is None:
            return
        given = page.form.applicant_input()
        codes = [g.code for g in page.guides]
        licences = list(page.applicant_licences)

        def shown(found: ApplicantCheck | None) -> None:
            now = page.form.applicant_input()  # the phone may have been typed meanwhile: that is fine
            if (now.kind, now.name, now.id_number) == (given.kind, given.name, given.id_number):
                page.show_applicant_check(found)

        self.ops.run(
            page.name_check,
            lambda s: s.check_applicant(given.kind, given.id_number, given.name, codes, licences),
            shown,
            lambda error: self.set_status(self.tr("未能核对登记信息：{0}").format(describe(error))),
            key="applicant-check",
            latest=True,
        )

    def _look_up_applicant(self, kind: str, number: str) -> None:
        def found(applicant: ApplicantInput | None) -> None:
            if applicant is not None and self.intake.form.kind == kind:
                self.intake.form.fill(applicant)

        self.ops.run(
            self.intake, lambda s: s.returning_applicant(kind, number), found, key="applicant", latest=True
        )

    def submit(self, request: IntakeRequest | BundleRequest) -> None:
        """Store the decision (one transaction), then make the documents from the stored case(s)."""

        def stored(result: IntakeResult | BundleResult) -> None:
            bundle = isinstance(result, BundleResult)
            number = result.reference if bundle else result.number
            self.set_status(self.tr("已保存：{0}，正在生成文书…").format(number))
            self._print(number, copy=False, bundle=bundle)
            self.forget_draft()  # the case is stored: its draft has done its work
            self.close_intake()
            self.back_to_lookup()
            from hallapp.domain.identity import normalise_id

            applicant = request.applicant
            self.decided_for = (applicant.kind, normalise_id(applicant.id_number))  # whose it was
            self.decided.emit(result)  # the queue links its ticket, the facing screen asks for the rating

        def refused(error: BaseException) -> None:
            self.intake.set_busy(False)
            if isinstance(error, IntakeError):
                self.intake.show_problems(error.problems)
            else:
                self.show_error(error)

        if not self.ops.run(self.intake, lambda s: s.submit(request), stored, refused, key="submit"):
            self.set_status(self.tr("正在保存，请稍候"))

    def look_up_licences(self, for_agent: bool, number: str) -> None:
        """Ask the e-licence library, off the UI thread, for the licences the checklist could use."""
        session, page = self.session, self.intake
        types = page.licence_types(for_agent)
        if session is None or session.licences is None or not types:
            return
        from hallapp.domain.identity import normalise_id

        holder = normalise_id(number)
        page.licence_status.setText(self.tr("正在查询电子证照（{0}）…").format(session.licences.name))

        def found(licences: list[Licence]) -> None:
            from datetime import date

            from hallapp.domain.licences import best_licence

            if not for_agent:
                page.applicant_licences = licences
                self.check_applicant()  # whose licences these are: the holder's name is compared
            page.apply_licences(for_agent, [best_licence(t, licences, date.today()) for t in sorted(types)])

        def failed(error: BaseException) -> None:
            page.licences_unavailable(describe(error) or self.tr("电子证照库暂不可用，请收取纸质材料"))

        self.ops.run(
            page,
            lambda s: s.lookup_licences(holder, types),
            found,
            failed,
            key=f"licences-{for_agent}",
            lane="licences",
            latest=True,
        )

    def _forget_licences(self, for_agent: bool) -> None:
        self.ops.forget(self.intake, f"licences-{for_agent}")  # the ID changed: its answer is not wanted
        if not for_agent:
            self.intake.applicant_licences = []
        self.intake.forget_licences(for_agent)

    # -- documents and cases -------------------------------------------------------------------------------

    def _print(self, number: str, *, copy: bool, bundle: bool = False) -> None:
        def made(documents: list[ProducedDocument]) -> None:
            self.set_status(self.tr("{0}：文书已生成并存档").format(number))
            self.show_preview(
                number, [(d.kind.title + ("（副本）" if d.is_copy else ""), d.path) for d in documents]
            )

        def failed(error: BaseException) -> None:
            self.show_error(
                RuntimeError(
                    self.tr("办件 {0} 已保存，但文书未能生成：{1}\n可在“今日办件”中重印。").format(
                        number, describe(error)
                    )
                )
            )

        self.ops.run(
            self,
            lambda s: s.print_documents(number, copy=copy, bundle=bundle),
            made,
            failed,
            key=f"print-{number}",
            lane="print",
        )

    def show_preview(self, number: str, documents: Sequence[tuple[str, str | Path]]) -> None:
        from hallapp.ui.preview_dialog import PreviewDialog

        self.preview = PreviewDialog(documents, self.tr("文书预览 — {0}").format(number), self)
        self.preview.open()

    def open_case(self, number: str) -> None:
        def show(detail: CaseDetail | None) -> None:
            if detail is None or self.session is None:
                return
            from hallapp.ui.case_detail import CaseDetailDialog

            dialog = CaseDetailDialog(
                detail, self.session.paths.data_dir, self, may_reveal=self.session.may_reveal()
            )
            dialog.reprint_requested.connect(lambda n: self._print(n, copy=True))
            dialog.reveal_requested.connect(lambda n: self._reveal(dialog, n))
            dialog.document_opened.connect(
                lambda path: self.show_preview(number, [(path.split("/")[-1], path)])
            )
            dialog.open()
            self.case_dialog = dialog

        self.ops.run(self, lambda s: s.case_detail(number), show, key="case-detail", latest=True)
