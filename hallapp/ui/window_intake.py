"""The counter window's intake and document actions: start an intake, look up the applicant and their
e-licences, store the decision, print, preview, open a case. Mixed into ``MainWindow``; every step runs
through the operation helper on the counter session, never on the UI thread."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget

from hallapp.errors import describe
from hallapp.services.intake_inputs import BundleRequest, BundleResult, IntakeError, IntakeRequest

if TYPE_CHECKING:
    from hallapp.domain.bundles import Bundle
    from hallapp.domain.catalogue import Guide
    from hallapp.domain.licences import Licence
    from hallapp.services.cases import CaseDetail
    from hallapp.services.documents import ProducedDocument
    from hallapp.services.intake_inputs import ApplicantInput, IntakeResult
    from hallapp.services.session import CounterSession
    from hallapp.ui.intake_page import IntakePage
    from hallapp.ui.lookup_page import LookupPage
    from hallapp.ui.ops import Operations


class IntakeActions:
    """Provided by ``MainWindow``: ``ops``, ``session``, ``intake``, ``lookup``, ``work``, ``set_status`` …"""

    ops: Operations
    intake: IntakePage
    lookup: LookupPage
    work: QStackedWidget

    if TYPE_CHECKING:  # provided by MainWindow and QMainWindow; declared for the type checker only
        session: CounterSession | None

        def set_status(self, text: str) -> None: ...
        def show_error(self, error: BaseException) -> None: ...
        def tr(self, text: str) -> str: ...

    # -- intake --------------------------------------------------------------------------------------------

    def start_intake(self, guide: Guide) -> None:
        session = self.session
        if session is None:
            self.set_status(self.tr("请先登录"))
            return
        if not session.may_intake():
            self.set_status(session.why_not_intake())
            return
        self.intake.start(guide, session.calendar, session.settings.deferral_days)
        self.work.setCurrentWidget(self.intake)
        self.intake.form.focus_first()

    def start_bundle_intake(self, bundle: Bundle, guides: tuple[Guide, ...]) -> None:
        session = self.session
        if session is None:
            self.set_status(self.tr("请先登录"))
            return
        if not session.may_intake():
            self.set_status(session.why_not_intake())
            return
        self.intake.start_bundle(bundle, guides, session.calendar, session.settings.deferral_days)
        self.work.setCurrentWidget(self.intake)
        self.intake.form.focus_first()

    def back_to_lookup(self) -> None:
        self.ops.forget(self.intake, "submit")
        self.work.setCurrentWidget(self.lookup)
        self.lookup.search_panel.focus_search()

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
            self.intake.form.clear()
            self.back_to_lookup()

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
