"""The counter window: a composition root of views over one counter session.

事项查询 (search, guide, intake), 今日办件 (today's cases) and 容缺跟踪 (the follow-up board), with the
administrative dialogs of ``window_admin``. The window opens before the database does; ``attach`` opens
the signed-in person's ``CounterSession`` on the database worker, then hands the operation helper to each
view. Views refresh themselves from the ``Changes`` each operation broadcasts; none calls another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QTabWidget

from hallapp.domain.catalogue import Department
from hallapp.errors import describe
from hallapp.ui.intake_page import IntakePage
from hallapp.ui.lookup_page import LookupPage
from hallapp.ui.ops import Operations
from hallapp.ui.window_admin import AdminActions
from hallapp.ui.window_catalogue import CatalogueActions
from hallapp.ui.window_devices import DeviceActions
from hallapp.ui.window_disclosure import DisclosureWindow
from hallapp.ui.window_intake import IntakeActions
from hallapp.ui.window_menus import MenuActions

if TYPE_CHECKING:
    from hallapp.domain.access import Principal
    from hallapp.services.board import DaySummary
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.cases import CaseRow
    from hallapp.services.changes import Changes
    from hallapp.services.session import CounterSession
    from hallapp.services.settings import CounterSettings
    from hallapp.ui.board_view import BoardView
    from hallapp.ui.cases_view import CasesView
    from hallapp.ui.preview_dialog import PreviewDialog
    from hallapp.ui.session import IdleGuard


MAX_SHOWN_PROBLEMS = 20  # catalogue problems in the status line's tooltip; the log has them all


class View(Protocol):
    """What the window asks of each of its views."""

    def attach(self, ops: Operations) -> None: ...
    def detach(self) -> None: ...


class MainWindow(
    MenuActions, IntakeActions, AdminActions, CatalogueActions, DisclosureWindow, DeviceActions, QMainWindow
):
    sign_out_requested = Signal()  # the person leaves the counter: back to the sign-in dialog
    switch_user_requested = Signal()  # another person takes the counter over
    decided = Signal(object)  # IntakeResult | BundleResult: a decision was stored

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("HallApp 政务服务窗口助手"))
        self.ops = Operations(self)
        self.ops.show_error = self.show_error
        self.ops.did_change.connect(self.on_changes)
        self.context: AppContext | None = None
        self.idle_guard: IdleGuard | None = None
        self.preview: PreviewDialog | None = None
        self.lookup = LookupPage()
        self.intake = IntakePage()
        self.work = QStackedWidget()
        self.work.addWidget(self.lookup)
        self.work.addWidget(self.intake)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.work, self.tr("事项查询与受理"))
        self.cases_view: CasesView | None = None
        self.board: BoardView | None = None
        self.day_summary = ""
        self.setCentralWidget(self.tabs)
        self.status = QLabel(self.tr("正在打开数据库…"))
        self.status.setObjectName("status")
        self.statusBar().addWidget(self.status, 1)
        self.summary_label = QLabel()
        self.statusBar().addPermanentWidget(self.summary_label)
        self.calendar_label = QLabel()
        self.calendar_label.setStyleSheet("color: #b91c1c;")
        self.statusBar().addPermanentWidget(self.calendar_label)
        self._build_menus()

        self.lookup.intake_requested.connect(self.start_intake)
        self.lookup.bundle_intake_requested.connect(self.start_bundle_intake)
        self.lookup.error.connect(self.show_error)
        self.connect_intake()  # Esc asks before leaving; drafts; the typed name checked against the register
        self.intake.submit_requested.connect(self.submit)
        self.intake.form.id_completed.connect(self._look_up_applicant)
        self.intake.form.id_completed.connect(lambda _kind, number: self.look_up_licences(False, number))
        self.intake.form.agent_id_completed.connect(lambda number: self.look_up_licences(True, number))
        self.intake.form.id_cleared.connect(lambda: self._forget_licences(False))
        self.intake.form.agent_id_cleared.connect(lambda: self._forget_licences(True))
        self.connect_devices()  # card reader, queue caller, the screen facing the applicant
        self.search_panel.search_box.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window in the middle of an intake asks first (the draft, or give it up)."""
        if self.leave_intake(self.close):
            self.devices_closing()  # a rating still asked is recorded before the program ends
            super().closeEvent(event)
        else:
            event.ignore()

    @property
    def session(self) -> CounterSession | None:
        return self.ops.session

    @property
    def principal(self) -> Principal | None:
        return self.ops.session.principal if self.ops.session is not None else None

    @property
    def settings(self) -> CounterSettings | None:
        return self.ops.session.settings if self.ops.session is not None else None

    # -- compatibility with the lookup page's parts --------------------------------------------------------

    @property
    def search_panel(self):
        return self.lookup.search_panel

    @property
    def guide_view(self):
        return self.lookup.guide_view

    # -- who is at the counter -----------------------------------------------------------------------------

    def attach(self, context: AppContext, principal: Principal) -> None:
        """Someone signed in: open their counter session (settings, calendar, licence provider) on the
        database worker, then give it to every view."""
        from hallapp.services.session import CounterSession

        self.context = context
        self.set_status(self.tr("正在打开窗口会话…"))
        self.ops.run(
            self,
            lambda _none: CounterSession.open(context, principal),
            self._session_opened,
            key="open-session",
        )

    def _session_opened(self, session: CounterSession) -> None:
        self.ops.session = session
        self._create_case_views()
        for view in self._views():
            view.attach(self.ops)
        self.ops.run(self, lambda s: s.departments(), self.set_departments, key="departments", latest=True)
        self._show_counter()
        self._show_calendar_warning()
        self._apply_permissions()
        self._show_index_state()
        if self.idle_guard is None:
            from hallapp.ui.session import IdleGuard

            self.idle_guard = IdleGuard(self, session.settings.idle_lock_minutes)
        else:
            self.idle_guard.restart(session.settings.idle_lock_minutes)
        self.devices_attached()
        if session.may_intake():
            self.ops.run(self, lambda s: s.unprinted_cases(), self._offer_unprinted, key="unprinted")

    def detach(self) -> None:
        """Signed out: drop every pending answer, clear every view, close the dialogs of the last person."""
        self.keep_draft()  # before the person goes: an intake on screen stays their draft
        self.devices_detached()
        for view in self._views():
            view.detach()
        self.ops.forget_all()
        for name in (
            "preview",
            "case_dialog",
            "unprinted_dialog",
            "settings_dialog",
            "calendar_dialog",
            "accounts_dialog",
            "audit_dialog",
            "ratings_dialog",
            "password_dialog",
        ):
            dialog = getattr(self, name, None)
            if dialog is not None:
                try:
                    dialog.close()
                except RuntimeError:  # already deleted by Qt
                    pass
                setattr(self, name, None)
        self.intake.form.clear()
        self.work.setCurrentWidget(self.lookup)
        self.ops.session = None
        self._apply_permissions()  # nobody signed in: every guarded action says 请先登录
        self.summary_label.clear()
        self.setWindowTitle(self.tr("HallApp 政务服务窗口助手"))
        self.set_status(self.tr("已退出登录"))

    def lock_now(self) -> None:
        if self.idle_guard is not None:
            self.idle_guard.lock_now()

    def _views(self) -> list[View]:
        return [v for v in (self.lookup, self.cases_view, self.board, self.disclosure_board) if v is not None]

    def _create_case_views(self) -> None:
        if self.cases_view is None:
            from hallapp.ui.cases_view import CasesView

            self.cases_view = CasesView()
            self.tabs.addTab(self.cases_view, self.tr("今日办件"))
            self.cases_view.case_opened.connect(self.open_case)
        if self.board is None:
            from hallapp.ui.board_view import BoardView

            self.board = BoardView()
            self.tabs.addTab(self.board, self.tr("容缺跟踪"))
            self.board.case_opened.connect(self.open_case)
            self.board.preview_requested.connect(self.show_preview)
            self.board.rows_loaded.connect(self._show_day_summary)
        self._create_disclosure_view()

    def on_changes(self, changes: Changes) -> None:
        """The window's own parts: the title, the calendar warning, the search index."""
        if self.session is None:
            return
        if changes.settings:
            self._show_counter()
            self.devices_attached()  # a device may have been set up, changed or removed
        if changes.calendar:
            self._show_calendar_warning()
        if changes.catalogue:
            self.set_status(self.tr("目录已更新，正在重建检索索引…（已可搜索）"))
            self.ops.run(
                self,
                lambda s: s.prepare_index(),
                lambda _size: self.index_ready(),
                key="index",
                lane="index",
                latest=True,
            )
            self.ops.run(
                self, lambda s: s.departments(), self.set_departments, key="departments", latest=True
            )

    def _show_counter(self) -> None:
        s = self.settings
        if s is not None:
            self.setWindowTitle(
                self.tr("HallApp 政务服务窗口助手 — {0} {1}号窗口 {2}").format(s.hall_name, s.window, s.clerk)
            )

    def _show_calendar_warning(self) -> None:
        """Short in the status bar, whole in the tooltip; gone once the missing year is imported."""
        warning = self.session.calendar_warning if self.session is not None else None
        self.calendar_label.setText("※ " + warning.split("：")[0] + "（Ctrl+Shift+H）" if warning else "")
        self.calendar_label.setToolTip(warning or "")

    def _show_index_state(self) -> None:
        session = self.session
        if session is not None and session.context.search.ready:
            self.index_ready()
            return
        self.set_status(self.tr("正在准备检索索引…（已可搜索）"))
        # Whoever started the build (start-up, a catalogue change), the window waits for it itself: the
        # index lane is serial, so this runs after that build and only finds the index ready, and the
        # status line never keeps saying 正在准备 after the index is there.
        self.ops.run(
            self,
            lambda s: s.context.search.ready or s.prepare_index(),
            lambda _index: self.index_ready(),
            key="index-state",
            lane="index",
            latest=True,
        )

    def index_ready(self) -> None:
        """The search index is ready (at start, or rebuilt after a catalogue change)."""
        context = self.context
        index = context.search.index if context is not None else None
        if index is None:
            return
        bundles = index.bundle_count
        status = self.tr("目录已就绪：共 {0} 项事项，{1} 件“一件事”").format(index.size - bundles, bundles)
        load = context.catalogue_load if context is not None else None
        if load is not None and load.problems:  # the files were not loaded at start: say so, plainly
            status += self.tr("。※ 目录文件未能载入，仍使用现有目录：{0}").format(load.problems[0])
            self.status.setToolTip("\n".join(load.problems[:MAX_SHOWN_PROBLEMS]))
        self.set_status(status)
        self.search_panel.refresh()

    def _offer_unprinted(self, rows: list[CaseRow]) -> None:
        """Cases committed but never printed (a crash between the two): offer to print them now."""
        if not rows:
            return
        from hallapp.ui.unprinted_dialog import UnprintedDialog

        dialog = UnprintedDialog(rows, self)
        dialog.print_requested.connect(self._print_unprinted)
        dialog.open()
        self.unprinted_dialog = dialog

    def _print_unprinted(self, rows: list[CaseRow]) -> None:
        """Make the documents of each listed case (a bundle as one) one after the other on the print
        worker, then show them all in one preview: one print dialog, not a window per case."""
        from hallapp.ui.unprinted_dialog import make_documents

        self.set_status(self.tr("正在补打 {0} 件的文书…").format(len(rows)))
        self.ops.run(
            self, lambda s: make_documents(s, rows), self._unprinted_made, key="print-unprinted", lane="print"
        )

    def _unprinted_made(self, made: tuple[list[tuple[str, str]], list[str]]) -> None:
        documents, failures = made
        if documents:
            self.show_preview(self.tr("补打文书（{0} 份）").format(len(documents)), documents)
            self.set_status(self.tr("补打的文书已生成并存档，请在预览中打印"))
        if failures:
            self.show_error(
                RuntimeError(
                    self.tr("以下办件的文书未能生成，可在“今日办件”中重印：\n{0}").format("\n".join(failures))
                )
            )

    def _show_day_summary(self, summary: DaySummary) -> None:
        """The day-start summary of deferred cases, kept in the status bar (red while any is overdue)."""
        self.day_summary = summary.text
        self.summary_label.setText(summary.text)
        self.summary_label.setStyleSheet("color: #b91c1c;" if summary.overdue else "color: #334155;")

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def show_error(self, error: BaseException) -> None:
        """The one place the window shows a failure: in words (``hallapp.errors.describe``)."""
        words = describe(error)
        self.set_status(self.tr("未完成：{0}").format(words.splitlines()[0] if words else ""))
        QMessageBox.warning(self, self.tr("HallApp"), words)

    def set_departments(self, departments: list[Department]) -> None:
        self.search_panel.set_departments(departments)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        if self.work.currentWidget() is self.lookup:
            self.search_panel.focus_search()
