"""The counter window: search on the left, the chosen matter's guide on the right.

The window opens before the database does: ``attach(context)`` is called once the (slower) start-up
work has finished on a worker, and typing is accepted from the first moment.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QTextBrowser, QWidget

from hallapp.domain.catalogue import Department, Guide
from hallapp.domain.search import SearchFilter, SearchHit
from hallapp.ui.guide_html import guide_html
from hallapp.ui.search_panel import SearchPanel
from hallapp.ui.tasks import run_task

if TYPE_CHECKING:
    from hallapp.services.bootstrap import AppContext

RESULT_LIMIT = 50


class GuideView(QTextBrowser):
    """Read-only guide; Esc returns to the search box."""

    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.setOpenExternalLinks(False)
        self.document().setDocumentMargin(12)
        self.guide: Guide | None = None
        self.show_placeholder(self.tr("在左侧输入事项名称或拼音首字母，按 ↑↓ 选择，回车查看办事指南。"))

    def show_placeholder(self, text: str) -> None:
        self.guide = None
        self.setHtml(f'<p style="color:#6b7280; font-size:15px;">{text}</p>')

    def show_guide(self, guide: Guide) -> None:
        self.guide = guide
        self.setHtml(guide_html(guide))

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's signature
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("HallApp 政务服务窗口助手"))
        self.context: AppContext | None = None
        self._pending_guide: str | None = None
        self._search_serial = 0

        self.search_panel = SearchPanel()
        self.guide_view = GuideView()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.search_panel)
        splitter.addWidget(self.guide_view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setContentsMargins(0, 0, 10, 0)
        self.setCentralWidget(splitter)
        self.status = QLabel(self.tr("正在打开数据库…"))
        self.status.setObjectName("status")
        self.statusBar().addWidget(self.status, 1)

        focus_search = QAction(self.tr("查找事项"), self)
        focus_search.setShortcuts([QKeySequence.StandardKey.Find, QKeySequence("F3"), QKeySequence("Ctrl+L")])
        focus_search.triggered.connect(self.search_panel.focus_search)
        self.addAction(focus_search)

        self.search_panel.query_changed.connect(self.run_search)
        self.search_panel.matter_highlighted.connect(self.load_guide)
        self.search_panel.matter_chosen.connect(self.open_guide)
        self.guide_view.escape_pressed.connect(self.search_panel.focus_search)
        self.search_panel.search_box.setFocus()

    # -- start-up ------------------------------------------------------------------------------------

    def attach(self, context: AppContext) -> None:
        """The database is open: fill the filters and start answering searches."""
        self.context = context
        from hallapp.services.catalogue import list_departments

        run_task(self, lambda: list_departments(context.uow()), self.search_panel.set_departments, self.show_error)
        self.set_status(self.tr("正在准备检索索引…（已可搜索）"))
        self.search_panel.refresh()

    def index_ready(self) -> None:
        index = self.context.search.index if self.context else None
        size = index.size if index is not None else 0
        self.set_status(self.tr("目录已就绪：共 {0} 项事项").format(size))
        self.search_panel.refresh()

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def show_error(self, error: BaseException) -> None:
        self.set_status(self.tr("出错了：{0}").format(error))
        QMessageBox.warning(self, self.tr("HallApp"), str(error))

    # -- search ----------------------------------------------------------------------------------------

    def run_search(self, text: str, search_filter: SearchFilter) -> None:
        context = self.context
        if context is None:
            return
        self._search_serial += 1
        serial = self._search_serial
        if context.search.ready:
            started = time.perf_counter()
            hits = context.search.search(text, search_filter, RESULT_LIMIT)
            self._show_hits(serial, text, hits, (time.perf_counter() - started) * 1000)
            return
        # The index is still being built: the plain SQL scan answers, off the UI thread.
        run_task(
            self,
            lambda: context.search.search(text, search_filter, RESULT_LIMIT),
            lambda hits: self._show_hits(serial, text, hits, None),
            self.show_error,
        )

    def _show_hits(self, serial: int, text: str, hits: list[SearchHit], millis: float | None) -> None:
        if serial != self._search_serial:
            return  # a newer query has been asked meanwhile
        if not hits:
            summary = self.tr("没有找到与「{0}」相符的事项，可换个说法或用拼音首字母。").format(text.strip())
            self.guide_view.show_placeholder(summary)
        elif len(hits) >= RESULT_LIMIT:
            summary = self.tr("显示最相关的 {0} 项，输入更多字可缩小范围").format(len(hits))
        else:
            summary = self.tr("找到 {0} 项").format(len(hits))
        if millis is not None:
            summary += f"  ·  {millis:.1f} ms"
        self.search_panel.show_hits(hits, summary)

    # -- guide ------------------------------------------------------------------------------------------

    def load_guide(self, code: str) -> None:
        context = self.context
        if context is None:
            return
        self._pending_guide = code
        from hallapp.services.catalogue import get_guide

        def shown(guide: Guide | None) -> None:
            if guide is not None and self._pending_guide == code:
                self.guide_view.show_guide(guide)

        run_task(self, lambda: get_guide(context.uow(), code), shown, self.show_error)

    def open_guide(self, code: str) -> None:
        """Enter: show the guide and move the keyboard into it for reading (Esc returns)."""
        if self.guide_view.guide is None or self.guide_view.guide.code != code:
            self.load_guide(code)
        self.guide_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_departments(self, departments: list[Department]) -> None:
        self.search_panel.set_departments(departments)
