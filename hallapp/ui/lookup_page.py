"""Finding a matter and reading its guide: search on the left, the guide on the right.

Enter opens the highlighted guide for reading; F5 (or the button) starts an intake for it.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from hallapp.domain.bundles import Bundle
from hallapp.domain.catalogue import Guide
from hallapp.domain.search import INCOMPLETE_LABEL, INCOMPLETE_REASON, SearchFilter, SearchHit
from hallapp.ui.guide_html import bundle_html, guide_html
from hallapp.ui.search_panel import SearchPanel

if TYPE_CHECKING:
    from hallapp.services.changes import Changes
    from hallapp.services.intake_guide import ShownGuide
    from hallapp.ui.ops import Operations

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
        self.version: int | None = None  # the version of ``guide`` on screen (intake checks it is current)
        self.incomplete = False  # 待完善: shown, not taken in
        self.bundle: tuple[Bundle, tuple[Guide, ...]] | None = None
        self.show_placeholder(
            self.tr("在左侧输入事项名称或拼音首字母，按 ↑↓ 选择，回车查看办事指南，F5 开始受理。")
        )

    def show_placeholder(self, text: str) -> None:
        self.guide = None
        self.version = None
        self.incomplete = False
        self.bundle = None
        self.setHtml(f'<p style="color:#6b7280; font-size:15px;">{text}</p>')

    def show_guide(
        self, guide: Guide, elsewhere: str = "", *, version: int | None = None, incomplete: bool = False
    ) -> None:
        """Show a guide; ``elsewhere`` (the hall's address) when it cannot be done at this community centre;
        its ``version``, and whether it is 「待完善」 (``incomplete``: not to be taken in)."""
        self.guide = guide
        self.version = version
        self.incomplete = incomplete
        self.bundle = None
        banner = (
            f'<p style="background-color:#fef2f2; color:#b91c1c; font-size:15px;"><b>本事项未下放社区，'
            f"请到区行政服务大厅办理</b>：{escape(elsewhere)}</p>"
            if elsewhere
            else ""
        )
        self.setHtml(banner + guide_html(guide, version=version, incomplete=incomplete))

    def show_bundle(self, bundle: Bundle, guides: tuple[Guide, ...], *, incomplete: bool = False) -> None:
        self.guide = None
        self.version = None
        self.incomplete = incomplete
        self.bundle = (bundle, guides)
        self.setHtml(bundle_html(bundle, guides, incomplete=incomplete))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class LookupPage(QWidget):
    intake_requested = Signal(object)  # Guide
    bundle_intake_requested = Signal(object, object)  # Bundle, tuple[Guide, ...]
    error = Signal(object)  # BaseException

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops: Operations | None = None
        self.community_mode = False  # 党群服务中心: delegated matters first, the others sent to the hall
        self.hall_address = ""
        self._pending_guide: str | None = None
        self.search_panel = SearchPanel()
        self.guide_view = GuideView()
        self.start_button = QPushButton(self.tr("开始受理 (F5)"))
        self.start_button.setObjectName("startIntake")
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.request_intake)
        guide_bar = QHBoxLayout()
        guide_bar.addWidget(QLabel(self.tr("<b>办事指南</b>")))
        guide_bar.addStretch(1)
        guide_bar.addWidget(self.start_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 10, 10, 4)
        right_layout.addLayout(guide_bar)
        right_layout.addWidget(self.guide_view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.search_panel)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.search_panel.query_changed.connect(self.run_search)
        self.search_panel.matter_highlighted.connect(self.load_guide)
        self.search_panel.matter_chosen.connect(self.open_guide)
        self.guide_view.escape_pressed.connect(self.search_panel.focus_search)

    def attach(self, ops: Operations) -> None:
        """Someone signed in: search for them (community-centre mode from this PC's settings)."""
        if self.ops is not ops:
            self.ops = ops
            ops.did_change.connect(self.on_changes)
        settings = ops.session.settings
        self.community_mode = settings.community_centre
        self.hall_address = settings.hall_address
        self.search_panel.refresh()

    def detach(self) -> None:
        """Signed out or locked: forget the guide shown and what was typed."""
        self._pending_guide = None
        self.guide_view.show_placeholder(self.tr("已退出登录。"))
        self.start_button.setEnabled(False)
        self.search_panel.search_box.clear()

    def on_changes(self, changes: Changes) -> None:
        """New settings (community mode) or a new catalogue: search again for what is typed."""
        ops = self.ops
        if ops is None or ops.session is None:
            return
        if changes.settings:
            self.community_mode = ops.session.settings.community_centre
            self.hall_address = ops.session.settings.hall_address
        if changes.settings or changes.catalogue:
            self.search_panel.refresh()

    # -- search ----------------------------------------------------------------------------------------

    def run_search(self, text: str, search_filter: SearchFilter) -> None:
        ops = self.ops
        if ops is None or ops.session is None:
            return
        session = ops.session
        ops.forget(self, "search")  # an older SQL answer must not overwrite this one
        if session.context.search.ready:
            self._show_hits(text, session.search(text, search_filter, RESULT_LIMIT))
            return
        # The index is still being built: the plain SQL scan answers, off the UI thread.
        ops.run(
            self,
            lambda s: s.search(text, search_filter, RESULT_LIMIT),
            lambda hits: self._show_hits(text, hits),
            self.error.emit,
            key="search",
            latest=True,
        )

    def _show_hits(self, text: str, hits: list[SearchHit]) -> None:
        if not hits:
            summary = self.tr("没有找到与「{0}」相符的事项，可换个说法或用拼音首字母。").format(text.strip())
            self._pending_guide = None  # a guide still on its way belongs to results no longer listed
            if self.ops is not None:
                self.ops.forget(self, "guide")
            self.guide_view.show_placeholder(summary)
            self.start_button.setEnabled(False)
        elif len(hits) >= RESULT_LIMIT:
            summary = self.tr("显示最相关的 {0} 项，输入更多字可缩小范围").format(len(hits))
        else:
            summary = self.tr("找到 {0} 项").format(len(hits))
        self.search_panel.model.community_mode = self.community_mode
        self.search_panel.show_hits(hits, summary)

    # -- guide -----------------------------------------------------------------------------------------

    def load_guide(self, code: str, then: Callable[[Guide], None] | None = None) -> None:
        ops = self.ops
        if ops is None or ops.session is None:
            return
        self._pending_guide = code
        hit = self.search_panel.current_hit()
        if hit is not None and hit.is_bundle and hit.code == code:
            self._load_bundle(code, then)
            return

        def shown(found: ShownGuide | None) -> None:
            if found is not None and self._pending_guide == code:
                guide = found.guide
                elsewhere = self.hall_address if self.community_mode and not guide.delegated else ""
                self.guide_view.show_guide(
                    guide, elsewhere, version=found.version, incomplete=found.incomplete
                )
                self._offer_intake(not elsewhere, found.incomplete)
                if then is not None and self.start_button.isEnabled():
                    then(guide)

        ops.run(self, lambda s: s.shown_guide(code), shown, self.error.emit, key="guide", latest=True)

    def _offer_intake(self, here: bool, incomplete: bool) -> None:
        """受理 is offered for what is done here and complete; otherwise the button says why not."""
        self.start_button.setEnabled(here and not incomplete)
        self.start_button.setToolTip(
            self.tr("{0}：{1}").format(INCOMPLETE_LABEL, INCOMPLETE_REASON) if incomplete else ""
        )

    def shown_version(self, guide: Guide) -> int | None:
        """The version of ``guide`` as this page loaded and showed it (None for any other guide object)."""
        return self.guide_view.version if self.guide_view.guide is guide else None

    def _load_bundle(self, code: str, then: Callable[[Guide], None] | None) -> None:
        ops = self.ops
        assert ops is not None

        hit = self.search_panel.current_hit()
        incomplete = hit is not None and hit.code == code and hit.incomplete

        def shown(found: tuple[Bundle, tuple[Guide, ...]] | None) -> None:
            if found is not None and self._pending_guide == code:
                self.guide_view.show_bundle(*found, incomplete=incomplete)
                self._offer_intake(not self.community_mode, incomplete)
                if then is not None and self.start_button.isEnabled():
                    self.bundle_intake_requested.emit(*found)

        ops.run(self, lambda s: s.bundle(code), shown, self.error.emit, key="guide", latest=True)

    def open_guide(self, code: str) -> None:
        """Enter: show the guide and move the keyboard into it for reading (Esc returns)."""
        showing = (
            self.guide_view.guide.code
            if self.guide_view.guide
            else (self.guide_view.bundle[0].code if self.guide_view.bundle else None)
        )
        if showing != code:
            self.load_guide(code)
        self.guide_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def request_intake(self) -> None:
        """F5: start an intake for the guide on screen (or the highlighted matter once it is loaded)."""
        if not self.start_button.isEnabled() and (self.guide_view.guide or self.guide_view.bundle):
            return  # not done here (community centre) or 待完善: the guide says where, or why not
        guide = self.guide_view.guide
        hit = self.search_panel.current_hit()
        if self.guide_view.bundle is not None and (hit is None or hit.code == self.guide_view.bundle[0].code):
            self.bundle_intake_requested.emit(*self.guide_view.bundle)
            return
        if guide is not None and (hit is None or hit.code == guide.code):
            self.intake_requested.emit(guide)
        elif hit is not None:
            self.load_guide(hit.code, then=self.intake_requested.emit)
