"""今日办件: today's cases at this counter, searchable by case number, name or ID number.

The view shows and asks: typing filters (debounced), arrows move the selection while the keyboard stays
in the search box, Enter or a double-click says which case the clerk wants (``case_opened``). Every load
runs on the database worker through the operation helper, which drops answers to questions no longer
asked; the view reloads itself when an operation changed cases (``on_changes``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.errors import describe
from hallapp.ui.cases_model import CasesModel, summary_text
from hallapp.ui.row_model import row_table
from hallapp.ui.search_keys import SearchListKeys

if TYPE_CHECKING:
    from hallapp.services.cases import CaseRow
    from hallapp.services.changes import Changes
    from hallapp.services.session import CounterSession
    from hallapp.ui.ops import Operations

log = logging.getLogger(__name__)
DEBOUNCE_MS = 150
STYLE = """
QLineEdit#casesSearchBox { font-size: 14pt; padding: 5px 8px; border: 2px solid #94a3b8;
    border-radius: 6px; background: white; }
QLineEdit#casesSearchBox:focus { border-color: #2563eb; }
QTableView#cases { background: white; alternate-background-color: #f1f5f9; gridline-color: #e2e8f0;
    selection-background-color: #1d4ed8; selection-color: white; border: 1px solid #cbd5e1; }
QTableView#cases::item { padding: 0 6px; }
QLabel#casesSummary { color: #334155; padding: 2px; }
QLabel#casesSummary[failed="true"] { color: #b91c1c; }
"""


def load_cases(session: CounterSession, *, all_windows: bool, text: str) -> tuple[str, list[CaseRow]]:
    """(this counter's window, today's cases) — runs on the database worker."""
    return session.settings.window, session.todays_cases(all_windows=all_windows, text=text)


class CasesView(QWidget):
    """The 今日办件 page: search box, 全部窗口 switch, table of today's cases and a summary line."""

    case_opened = Signal(str)  # case number (or notice number of a refusal)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.ops: Operations | None = None
        self._window = ""
        self._open_when_loaded = False  # Enter came before the answer to the words typed

        self.search_box = QLineEdit()
        self.search_box.setObjectName("casesSearchBox")
        self.search_box.setPlaceholderText(self.tr("输入受理编号、一件事编号、姓名或证件号码"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("办件搜索"))
        self.all_windows_box = QCheckBox(self.tr("显示全部窗口(&A)"))

        self.model = CasesModel(self)
        self.table = row_table(self.model, stretch=CasesModel.MATTER, name="cases")
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))

        self.summary = QLabel()
        self.summary.setObjectName("casesSummary")

        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addSpacing(12)
        top.addWidget(self.all_windows_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 4)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.setFocusProxy(self.search_box)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.keys = SearchListKeys(self.search_box, self.table, self._enter)
        self.search_box.textChanged.connect(lambda _text: self._debounce.start())
        self.all_windows_box.toggled.connect(lambda _checked: self.refresh())

    # -- loading ---------------------------------------------------------------------------------------

    def attach(self, ops: Operations) -> None:
        """Someone signed in: show today's cases of this counter, and keep them current."""
        if self.ops is not ops:
            self.ops = ops
            ops.did_change.connect(self.on_changes)
        self.refresh()

    def detach(self) -> None:
        """Signed out or locked: nothing of the previous person's cases stays on screen."""
        self._debounce.stop()
        if self.ops is not None:
            self.ops.forget(self, "cases")
        self.search_box.clear()
        self.model.set_rows([])
        self._set_summary("", failed=False)

    def on_changes(self, changes: Changes) -> None:
        if changes.cases or changes.settings:
            self.refresh()

    def refresh(self) -> None:
        """Load today's cases again for what is typed now (after a case was added or changed)."""
        self._debounce.stop()
        ops = self.ops
        if ops is None or ops.session is None:
            return
        all_windows = self.all_windows_box.isChecked()
        text = self.search_box.text()
        ops.run(
            self,
            lambda session: load_cases(session, all_windows=all_windows, text=text),
            lambda result: self._show(all_windows, text, *result),
            self._failed,
            key="cases",
            latest=True,  # a newer question supersedes the older answer
        )

    def _show(self, all_windows: bool, text: str, window: str, rows: Sequence[CaseRow]) -> None:
        self._window = window
        kept = self.current_number()
        self.model.set_rows(rows)
        self._set_summary(summary_text(rows, all_windows=all_windows, window=window, text=text), failed=False)
        if rows:
            position = self.model.row_of(kept) if kept else -1
            self.table.selectRow(max(position, 0))
            self.table.scrollTo(self.model.index(max(position, 0), 0))
        if self._open_when_loaded:
            self._open_when_loaded = False
            self._open(self.table.currentIndex().row())

    def _failed(self, error: BaseException) -> None:
        self._open_when_loaded = False
        self._set_summary(self.tr("无法读取今日办件：{0}").format(describe(error)), failed=True)

    def _set_summary(self, text: str, *, failed: bool) -> None:
        self.summary.setText(text)
        self.summary.setProperty("failed", failed)
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    # -- what the clerk chose ------------------------------------------------------------------------------

    def current_number(self) -> str:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.number if row is not None else ""

    def focus_search(self) -> None:
        self.keys.focus_search()

    def _enter(self, row: int) -> None:
        if self._debounce.isActive():
            # Enter right after typing: open what the words on screen find, not the old list.
            self._open_when_loaded = True
            self.refresh()
            return
        self._open(row)

    def _open(self, row: int) -> None:
        case = self.model.row_at(row)
        if case is not None:
            self.case_opened.emit(case.number)
