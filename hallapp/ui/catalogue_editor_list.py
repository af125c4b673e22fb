"""The catalogue editor's matter list: a department, a flag and words to filter by, and the matters found.

The bar only says what to look for (``filter_changed``); the editor asks the session and fills the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.catalogue import Department
from hallapp.services.catalogue_edit import FLAGS, EditableMatter, MatterRow
from hallapp.ui.row_model import Index, RowTableModel

MUTED = QColor("#94a3b8")
LIMIT = 1000  # matters listed at most: more is narrowed down by department, flag or words
WARN = QColor("#b45309")


def flag_text(row: MatterRow) -> str:
    """The matter's marks, short: 容缺 秒批 就近 即办 待完善 已撤下."""
    marks = [
        text
        for on, text in (
            (row.deferrable, "容缺"),
            (row.instant_approval, "秒批"),
            (row.delegated, "就近"),
            (row.on_the_spot, "即办"),
            (row.incomplete, "待完善"),
            (not row.active, "已撤下"),
        )
        if on
    ]
    return " ".join(marks)


def matter_title(matter: EditableMatter, dirty: bool) -> str:
    """The open matter's heading: name, version, flags and marks, and whether it holds unsaved edits."""
    marks = [*matter.guide.flag_labels]
    if matter.incomplete:
        marks.append("待完善")
    if not matter.active:
        marks.append("已撤下")
    title = f"{matter.guide.name}　第 {matter.version} 版"
    if marks:
        title += "　" + " · ".join(marks)
    return title + ("　（有未保存的修改）" if dirty else "")


class MatterListModel(RowTableModel):
    COLUMNS = ("事项名称", "部门", "标识")

    def set_rows(self, rows: Sequence[MatterRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> MatterRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, code: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.code == code), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.department, flag_text(row))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.name}\n{row.code}\n第 {row.version} 版　{flag_text(row)}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if not row.active:
                return MUTED
            if row.incomplete:
                return WARN
        return None


class MatterList(QWidget):
    """Filters above, matters below; ``matter_chosen`` when the current matter changes."""

    filter_changed = Signal()
    matter_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.department_box = QComboBox()
        self.flag_box = QComboBox()
        self.flag_box.addItem("全部事项", "")
        for key, text in FLAGS.items():
            self.flag_box.addItem(text, key)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("名称、编码或拼音首字母（Ctrl+F）")
        self.search_edit.setClearButtonEnabled(True)
        self.model = MatterListModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(1, 104)
        self.view.setColumnWidth(2, 118)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")

        grid = QGridLayout()
        for row, (text, widget) in enumerate(
            (("部门(&D)", self.department_box), ("标识(&G)", self.flag_box), ("查找(&F)", self.search_edit))
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(150)
        self._typing.timeout.connect(self.filter_changed.emit)
        self.search_edit.textChanged.connect(lambda _t: self._typing.start())
        self.department_box.currentIndexChanged.connect(lambda _i: self.filter_changed.emit())
        self.flag_box.currentIndexChanged.connect(lambda _i: self.filter_changed.emit())
        self.search_edit.returnPressed.connect(self.view.setFocus)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

    def set_departments(self, departments: Sequence[Department]) -> None:
        self.department_box.blockSignals(True)
        self.department_box.clear()
        self.department_box.addItem("全部部门", "")
        for d in departments:
            self.department_box.addItem(d.short_name or d.name, d.code)
        self.department_box.blockSignals(False)

    def criteria(self) -> tuple[str, str, str]:
        """(department code, flag key, text) to look for."""
        return (
            self.department_box.currentData() or "",
            self.flag_box.currentData() or "",
            self.search_edit.text().strip(),
        )

    def show_rows(self, rows: Sequence[MatterRow], keep: str = "") -> None:
        """Show ``rows``, the matter ``keep`` still chosen if it is among them (no new ``matter_chosen``)."""
        self.view.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.selectionModel().blockSignals(False)
        self.count_label.setText(
            f"只显示前 {LIMIT} 个事项：请按部门、标识或名称缩小范围"
            if len(rows) >= LIMIT
            else f"共 {len(rows)} 个事项"
        )

    def choose(self, code: str) -> None:
        row = self.model.row_of(code)
        if row >= 0:
            self.view.selectRow(row)

    def current_code(self) -> str:
        row = self.model.row_at(self.view.currentIndex().row())
        return row.code if row else ""

    def keep_current(self, code: str) -> None:
        """Put the selection back on ``code`` without announcing it (a change of matter was cancelled)."""
        self.view.selectionModel().blockSignals(True)
        row = self.model.row_of(code)
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.view.clearSelection()
        self.view.selectionModel().blockSignals(False)

    def _current_changed(self, current: Any, _previous: Any) -> None:
        row = self.model.row_at(current.row())
        if row is not None:
            self.matter_chosen.emit(row.code)
