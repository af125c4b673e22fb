"""今日办件: today's cases at this counter, searchable by case number, name or ID number.

The view shows and asks: typing filters (debounced), arrows move the selection while the keyboard stays
in the search box, Enter or a double-click says which case the clerk wants (``case_opened``). Every load
runs on a worker; a serial number drops answers to questions no longer asked.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallapp.ui.cases_model import CasesModel, summary_text
from hallapp.ui.search_keys import SearchListKeys
from hallapp.ui.tasks import run_task

if TYPE_CHECKING:
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.cases import CaseRow

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


def load_cases(context: AppContext, *, all_windows: bool, text: str) -> tuple[str, list[CaseRow]]:
    """(this counter's window, today's cases) — runs on a worker."""
    from hallapp.services.cases import todays_cases

    window = context.settings().window
    rows = todays_cases(context.uow(), window=None if all_windows else window, text=text)
    return window, rows


class CasesView(QWidget):
    """The 今日办件 page: search box, 全部窗口 switch, table of today's cases and a summary line."""

    case_opened = Signal(str)  # case number (or notice number of a refusal)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.context: AppContext | None = None
        self._serial = 0
        self._window = ""
        self._open_when_loaded = False  # Enter came before the answer to the words typed

        self.search_box = QLineEdit()
        self.search_box.setObjectName("casesSearchBox")
        self.search_box.setPlaceholderText(self.tr("输入受理编号、姓名或证件号码"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("办件搜索"))
        self.all_windows_box = QCheckBox(self.tr("显示全部窗口(&A)"))

        self.model = CasesModel(self)
        self.table = QTableView()
        self.table.setObjectName("cases")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CasesModel.MATTER, QHeaderView.ResizeMode.Stretch)
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

    def attach(self, context: AppContext) -> None:
        """The database is open: show today's cases."""
        self.context = context
        self.refresh()

    def refresh(self) -> None:
        """Load today's cases again for what is typed now (after a case was added or changed)."""
        self._debounce.stop()
        context = self.context
        if context is None:
            return
        self._serial += 1
        serial = self._serial
        all_windows = self.all_windows_box.isChecked()
        text = self.search_box.text()
        run_task(
            self,
            lambda: load_cases(context, all_windows=all_windows, text=text),
            lambda result: self._show(serial, all_windows, text, *result),
            lambda error: self._failed(serial, error),
        )

    def _show(self, serial: int, all_windows: bool, text: str, window: str, rows: Sequence[CaseRow]) -> None:
        if serial != self._serial:
            return  # a newer question has been asked meanwhile
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

    def _failed(self, serial: int, error: BaseException) -> None:
        if serial == self._serial:
            self._open_when_loaded = False
            self._set_summary(self.tr("无法读取今日办件：{0}").format(error), failed=True)

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
