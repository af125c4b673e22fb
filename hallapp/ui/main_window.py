"""The counter window: 事项查询 (search, guide, intake) and 今日办件 (today's cases), plus settings.

The window opens before the database does: ``attach(context)`` is called once the (slower) start-up
work has finished on a worker, and typing is accepted from the first moment. Every database and PDF
step of a use case runs on a worker (``run_task``); the window only shows and asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QTabWidget

from hallapp.domain.catalogue import Department, Guide
from hallapp.services.intake_inputs import (
    BundleRequest,
    BundleResult,
    IntakeError,
    IntakeRequest,
    IntakeResult,
)
from hallapp.ui.intake_page import IntakePage
from hallapp.ui.lookup_page import LookupPage
from hallapp.ui.tasks import run_task
from hallapp.ui.window_admin import AdminActions, _load_counter

if TYPE_CHECKING:
    from hallapp.domain.access import Principal
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.settings import CounterSettings


class MainWindow(AdminActions, QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("HallApp 政务服务窗口助手"))
        self.context: AppContext | None = None
        self.principal: Principal | None = None  # who signed in (None: not signed in, tests)
        self.idle_guard: Any = None
        self.settings: CounterSettings | None = None
        self.licences: Any = None  # the LicenceProvider the settings ask for (None: look-ups off)
        self._licence_serial = {False: 0, True: 0}
        self.preview: Any = None
        self.lookup = LookupPage()
        self.intake = IntakePage()
        self.work = QStackedWidget()
        self.work.addWidget(self.lookup)
        self.work.addWidget(self.intake)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.work, self.tr("事项查询与受理"))
        self.cases_view: Any = None
        self.board: Any = None
        self.day_summary = ""
        self.setCentralWidget(self.tabs)
        self.status = QLabel(self.tr("正在打开数据库…"))
        self.status.setObjectName("status")
        self.statusBar().addWidget(self.status, 1)
        self.calendar_warning = ""
        self.summary_label = QLabel()
        self.statusBar().addPermanentWidget(self.summary_label)
        self.calendar_label = QLabel()
        self.calendar_label.setStyleSheet("color: #b91c1c;")
        self.statusBar().addPermanentWidget(self.calendar_label)
        self._build_menus()

        self.lookup.intake_requested.connect(self.start_intake)
        self.lookup.bundle_intake_requested.connect(self.start_bundle_intake)
        self.lookup.error.connect(self.show_error)
        self.intake.cancelled.connect(self.back_to_lookup)
        self.intake.submit_requested.connect(self.submit)
        self.intake.form.id_completed.connect(self._look_up_applicant)
        self.intake.form.id_completed.connect(lambda _kind, number: self.look_up_licences(False, number))
        self.intake.form.agent_id_completed.connect(lambda number: self.look_up_licences(True, number))
        self.intake.form.id_cleared.connect(lambda: self._forget_licences(False))
        self.intake.form.agent_id_cleared.connect(lambda: self._forget_licences(True))
        self.search_panel.search_box.setFocus()

    def _action(self, text: str, keys: list[str] | list[QKeySequence.StandardKey], slot: Any) -> QAction:
        action = QAction(self.tr(text), self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        files = menu.addMenu(self.tr("文件(&F)"))
        files.addAction(self._action("窗口设置…", ["Ctrl+,"], self.open_settings))
        files.addAction(self._action("节假日安排…", ["Ctrl+Shift+H"], self.open_calendar))
        files.addAction(self._action("账户管理…", ["Ctrl+Shift+U"], self.open_accounts))
        files.addAction(self._action("审计记录…", ["Ctrl+Shift+A"], self.open_audit))
        files.addSeparator()
        files.addAction(self._action("退出", ["Ctrl+Q"], self.close))
        work = menu.addMenu(self.tr("办件(&W)"))
        work.addAction(
            self._action("查找事项", [QKeySequence.StandardKey.Find, "F3", "Ctrl+L"], self.focus_search)
        )
        work.addAction(self._action("开始受理", ["F5"], self.lookup.request_intake))
        work.addAction(self._action("事项查询", ["Ctrl+1"], lambda: self.tabs.setCurrentIndex(0)))
        work.addAction(self._action("今日办件", ["Ctrl+2"], lambda: self.tabs.setCurrentIndex(1)))
        work.addAction(self._action("容缺跟踪", ["Ctrl+3"], lambda: self.tabs.setCurrentIndex(2)))
        work.addSeparator()
        work.addAction(self._action("窗口日结报表", ["Ctrl+Shift+D"], self.close_day))

    # -- compatibility with the lookup page's parts --------------------------------------------------------

    @property
    def search_panel(self):
        return self.lookup.search_panel

    @property
    def guide_view(self):
        return self.lookup.guide_view

    # -- start-up ------------------------------------------------------------------------------------------

    def attach(self, context: AppContext, principal: Principal | None = None) -> None:
        """The database is open (and someone signed in): fill the filters, load the settings, start
        answering searches. With a ``principal``, the documents carry their name and window, and the
        window locks after the configured idle minutes."""
        self.context = context
        self.principal = principal
        context.principal = principal  # every use case run for this window checks this person's rights
        from hallapp.services.catalogue import list_departments

        run_task(self, lambda: list_departments(context.uow()), self.set_departments, self.show_error)
        run_task(self, lambda: _load_counter(context), self._settings_loaded, self.show_error)
        self.set_status(self.tr("正在准备检索索引…（已可搜索）"))
        self.lookup.attach(context)
        self._attach_cases(context)
        from hallapp.services.cases import unprinted_cases

        run_task(self, lambda: unprinted_cases(context.uow()), self._offer_unprinted, self.show_error)

    def _attach_cases(self, context: AppContext) -> None:
        try:
            from hallapp.ui.cases_view import CasesView
        except ImportError:
            return
        if self.cases_view is None:
            self.cases_view = CasesView()
            self.tabs.addTab(self.cases_view, self.tr("今日办件"))
            self.cases_view.case_opened.connect(self.open_case)
        self.cases_view.attach(context)
        if self.board is None:
            from hallapp.ui.board_view import BoardView

            self.board = BoardView()
            self.tabs.addTab(self.board, self.tr("容缺跟踪"))
            self.board.case_opened.connect(self.open_case)
            self.board.preview_requested.connect(self.show_preview)
            self.board.rows_loaded.connect(self._show_day_summary)
        self.board.attach(context)

    def _settings_loaded(self, loaded: tuple[CounterSettings, Any, str | None]) -> None:
        self.settings, self.licences, warning = loaded
        if self.principal is not None:  # the clerk name and window on documents come from the account
            from dataclasses import replace

            self.settings = replace(
                self.settings,
                clerk=self.principal.display_name,
                window=self.principal.window or self.settings.window,
            )
            if self.idle_guard is None and self.context is not None:
                from hallapp.ui.session import IdleGuard

                self.idle_guard = IdleGuard(
                    self, self.context, self.principal, self.settings.idle_lock_minutes
                )
        self.calendar_warning = warning or ""
        self._show_counter()
        if warning:  # short in the status bar, whole in the tooltip
            self.calendar_label.setText("※ " + warning.split("：")[0] + "（Ctrl+Shift+H）")
            self.calendar_label.setToolTip(warning)

    def _show_counter(self) -> None:
        if self.settings is not None:
            s = self.settings
            self.lookup.community_mode = s.community_centre
            self.lookup.hall_address = s.hall_address
            self.search_panel.refresh()
            self.setWindowTitle(
                self.tr("HallApp 政务服务窗口助手 — {0} {1}号窗口 {2}").format(s.hall_name, s.window, s.clerk)
            )

    def index_ready(self) -> None:
        index = self.context.search.index if self.context else None
        bundles = index.bundle_count if index is not None else 0
        matters = (index.size if index is not None else 0) - bundles
        self.set_status(self.tr("目录已就绪：共 {0} 项事项，{1} 件“一件事”").format(matters, bundles))
        self.search_panel.refresh()

    def _offer_unprinted(self, rows: list[Any]) -> None:
        """Cases committed but never printed (a crash between the two): offer to print them now."""
        if not rows:
            return
        from hallapp.ui.unprinted_dialog import UnprintedDialog

        dialog = UnprintedDialog(rows, self)
        dialog.print_requested.connect(lambda numbers: [self._print(n, copy=False) for n in numbers])
        dialog.open()
        self.unprinted_dialog = dialog

    def _show_day_summary(self, summary: Any) -> None:
        """The day-start summary of deferred cases, kept in the status bar (red while any is overdue)."""
        self.day_summary = summary.text
        self.summary_label.setText(summary.text)
        self.summary_label.setStyleSheet("color: #b91c1c;" if summary.overdue else "color: #334155;")

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def show_error(self, error: BaseException) -> None:
        self.set_status(self.tr("出错了：{0}").format(error))
        QMessageBox.warning(self, self.tr("HallApp"), str(error))

    def set_departments(self, departments: list[Department]) -> None:
        self.search_panel.set_departments(departments)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        if self.work.currentWidget() is self.lookup:
            self.search_panel.focus_search()

    # -- intake --------------------------------------------------------------------------------------------

    def start_intake(self, guide: Guide) -> None:
        if self.context is None or self.settings is None:
            self.set_status(self.tr("数据库尚未就绪，请稍候再受理"))
            return
        self.intake.start(guide, self.context.calendar, self.settings.deferral_days)
        self.work.setCurrentWidget(self.intake)
        self.intake.form.focus_first()

    def start_bundle_intake(self, bundle: Any, guides: Any) -> None:
        if self.context is None or self.settings is None:
            self.set_status(self.tr("数据库尚未就绪，请稍候再受理"))
            return
        self.intake.start_bundle(bundle, guides, self.context.calendar, self.settings.deferral_days)
        self.work.setCurrentWidget(self.intake)
        self.intake.form.focus_first()

    def back_to_lookup(self) -> None:
        self.work.setCurrentWidget(self.lookup)
        self.search_panel.focus_search()

    def _look_up_applicant(self, kind: str, number: str) -> None:
        context = self.context
        if context is None:
            return
        from hallapp.services.intake import find_returning_applicant

        def found(applicant: Any) -> None:
            if applicant is not None and self.intake.form.kind == kind:
                self.intake.form.fill(applicant)

        run_task(self, lambda: find_returning_applicant(context.uow(), kind, number), found, self.show_error)

    def submit(self, request: IntakeRequest | BundleRequest) -> None:
        """Store the decision (one transaction), then make the documents from the stored case(s)."""
        context, settings = self.context, self.settings
        if context is None or settings is None:
            self.intake.set_busy(False)
            return
        from hallapp.services.bundle_intake import submit_bundle
        from hallapp.services.intake import submit_intake

        def stored(result: IntakeResult | BundleResult) -> None:
            bundle = isinstance(result, BundleResult)
            number = result.reference if bundle else result.number
            self.set_status(self.tr("已保存：{0}，正在生成文书…").format(number))
            self._print(number, copy=False, bundle=bundle)
            self.intake.form.clear()
            self.back_to_lookup()
            if self.cases_view is not None:
                self.cases_view.refresh()
            if self.board is not None:
                self.board.refresh()

        def refused(error: BaseException) -> None:
            self.intake.set_busy(False)
            if isinstance(error, IntakeError):
                self.intake.show_problems(error.problems)
            else:
                self.show_error(error)

        use_case = submit_bundle if isinstance(request, BundleRequest) else submit_intake
        run_task(
            self,
            lambda: use_case(context.uow(write=True), request, settings=settings, calendar=context.calendar),  # type: ignore[arg-type]
            stored,
            refused,
        )

    def look_up_licences(self, for_agent: bool, number: str) -> None:
        """Ask the e-licence library, off the UI thread, for the licences the checklist could use."""
        provider, page = self.licences, self.intake
        types = page.licence_types(for_agent)
        if provider is None or not types:
            return
        from hallapp.domain.identity import normalise_id

        self._licence_serial[for_agent] += 1
        serial = self._licence_serial[for_agent]
        holder = normalise_id(number)
        page.licence_status.setText(self.tr("正在查询电子证照（{0}）…").format(provider.name))

        def found(licences: Any) -> None:
            if serial != self._licence_serial[for_agent]:
                return  # the ID was changed meanwhile
            from datetime import date

            from hallapp.domain.licences import best_licence

            page.apply_licences(for_agent, [best_licence(t, licences, date.today()) for t in sorted(types)])

        def failed(error: BaseException) -> None:
            if serial == self._licence_serial[for_agent]:
                page.licences_unavailable(str(error) or self.tr("电子证照库暂不可用，请收取纸质材料"))

        run_task(self, lambda: provider.lookup(holder, types), found, failed)

    def _forget_licences(self, for_agent: bool) -> None:
        self._licence_serial[for_agent] += 1
        self.intake.forget_licences(for_agent)

    # -- documents and cases -------------------------------------------------------------------------------

    def _print(self, number: str, *, copy: bool, bundle: bool = False) -> None:
        context, settings = self.context, self.settings
        if context is None or settings is None:
            return
        from hallapp.services.documents import produce_bundle_documents, produce_documents

        produce = produce_bundle_documents if bundle else produce_documents

        def made(documents: list[Any]) -> None:
            self.set_status(self.tr("{0}：文书已生成并存档").format(number))
            self.show_preview(
                number, [(d.kind.title + ("（副本）" if d.is_copy else ""), d.path) for d in documents]
            )

        def failed(error: BaseException) -> None:
            self.show_error(
                RuntimeError(
                    self.tr("办件 {0} 已保存，但文书未能生成：{1}\n可在“今日办件”中重印。").format(
                        number, error
                    )
                )
            )

        run_task(
            self,
            lambda: produce(
                context.uow(write=True),
                number,
                data_dir=context.paths.data_dir,
                settings=settings,
                actor=settings.clerk,
                copy=copy,
            ),
            made,
            failed,
        )

    def show_preview(self, number: str, documents: list[tuple[str, Any]]) -> None:
        from hallapp.ui.preview_dialog import PreviewDialog

        self.preview = PreviewDialog(documents, self.tr("文书预览 — {0}").format(number), self)
        self.preview.open()

    def open_case(self, number: str) -> None:
        context = self.context
        if context is None:
            return
        from hallapp.services.cases import case_detail

        def show(detail: Any) -> None:
            if detail is None:
                return
            from hallapp.ui.case_detail import CaseDetailDialog

            dialog = CaseDetailDialog(detail, context.paths.data_dir, self)
            dialog.reprint_requested.connect(lambda n: self._print(n, copy=True))
            dialog.reveal_requested.connect(lambda n: self._reveal(dialog, n))
            dialog.document_opened.connect(
                lambda path: self.show_preview(number, [(path.split("/")[-1], path)])
            )
            dialog.open()
            self.case_dialog = dialog

        run_task(self, lambda: case_detail(context.uow(), number), show, self.show_error)
