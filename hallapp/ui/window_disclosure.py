"""The window's 依申请公开 tab (Ctrl+4, 办件 → 依申请公开): shown to those who may handle disclosure
requests (``CounterSession.may_disclose``), hidden for the others; its documents open in the window's
preview. The page itself (``disclosure_board``) loads, acts and refreshes on its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hallapp.domain.access import Permission

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTabWidget

    from hallapp.services.session import CounterSession
    from hallapp.ui.disclosure_board import DisclosureBoard


class DisclosureWindow:
    """Mixed into ``MainWindow`` (which provides ``tabs``, ``session``, ``show_preview``, ``set_status``)."""

    tabs: QTabWidget
    session: CounterSession | None
    disclosure_board: DisclosureBoard | None = None

    def _may_disclose(self) -> bool:
        session = self.session
        return session is not None and session.may(Permission.DISCLOSURE)

    def _create_disclosure_view(self) -> None:
        """Add the tab the first time someone who may disclose signs in; show it only to such people."""
        may = self._may_disclose()
        if may and self.disclosure_board is None:
            from hallapp.ui.disclosure_board import DisclosureBoard

            board = DisclosureBoard()
            self.disclosure_board = board
            self.tabs.addTab(board, self.tabs.tr("依申请公开"))
            board.preview_requested.connect(self.show_preview)  # type: ignore[attr-defined]
        board = self.disclosure_board
        if board is not None:
            self.tabs.setTabVisible(self.tabs.indexOf(board), may)

    def show_disclosures(self) -> None:
        """Ctrl+4: the disclosure board, with the keys in its search box."""
        board = self.disclosure_board
        if board is None or not self._may_disclose():
            self.set_status(self.tabs.tr("您没有办理依申请公开的权限"))  # type: ignore[attr-defined]
            return
        self.tabs.setCurrentWidget(board)
        board.focus_search()
