"""The search box, its filters and the result table: type, arrows, Enter.

The panel only shows and asks: it emits what the clerk typed (``query_changed``), which matter is
highlighted (``matter_highlighted``) and which was chosen with Enter (``matter_chosen``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.catalogue import Department
from hallapp.domain.search import SearchFilter, SearchHit
from hallapp.ui.results_model import ResultsModel
from hallapp.ui.search_keys import SearchListKeys


class SearchPanel(QWidget):
    query_changed = Signal(str, object)  # text, SearchFilter
    matter_highlighted = Signal(str)  # matter code
    matter_chosen = Signal(str)  # matter code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(self.tr("输入事项名称、拼音首字母、全拼、编码或部门  (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("事项搜索"))

        self.department_box = QComboBox()
        self.department_box.addItem(self.tr("全部部门"), None)
        self.department_box.setAccessibleName(self.tr("部门筛选"))
        department_label = QLabel(self.tr("部门(&D)"))
        department_label.setBuddy(self.department_box)
        self.deferrable_box = QCheckBox(self.tr("容缺受理(&R)"))
        self.instant_box = QCheckBox(self.tr("秒批(&M)"))
        self.delegated_box = QCheckBox(self.tr("就近办(&J)"))

        self.model = ResultsModel(self)
        self.table = QTableView()
        self.table.setObjectName("results")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ResultsModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (ResultsModel.DEPARTMENT, ResultsModel.FLAGS, ResultsModel.CODE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda index: self._choose(index.row()))

        self.summary = QLabel()
        self.summary.setObjectName("searchSummary")

        filters = QHBoxLayout()
        filters.addWidget(department_label)
        filters.addWidget(self.department_box, 1)
        for box in (self.deferrable_box, self.instant_box, self.delegated_box):
            filters.addWidget(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 6, 4)
        layout.setSpacing(8)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

        self.search_box.textChanged.connect(self._emit_query)
        self.department_box.currentIndexChanged.connect(self._emit_query)
        for box in (self.deferrable_box, self.instant_box, self.delegated_box):
            box.toggled.connect(self._emit_query)
        self.table.selectionModel().currentRowChanged.connect(self._highlight)
        self.keys = SearchListKeys(self.search_box, self.table, self._choose)

    # -- what the clerk asked for ----------------------------------------------------------------

    def current_filter(self) -> SearchFilter:
        return SearchFilter(
            department_code=self.department_box.currentData(),
            deferrable=self.deferrable_box.isChecked(),
            instant_approval=self.instant_box.isChecked(),
            delegated=self.delegated_box.isChecked(),
        )

    def _emit_query(self, *_args: object) -> None:
        self.query_changed.emit(self.search_box.text(), self.current_filter())

    def refresh(self) -> None:
        """Ask again for the current query (after the catalogue or the index changed)."""
        self._emit_query()

    # -- what the panel shows ----------------------------------------------------------------------

    def set_departments(self, departments: list[Department]) -> None:
        current = self.department_box.currentData()
        self.department_box.blockSignals(True)
        self.department_box.clear()
        self.department_box.addItem(self.tr("全部部门"), None)
        for department in departments:
            self.department_box.addItem(department.short_name, department.code)
        position = self.department_box.findData(current)
        self.department_box.setCurrentIndex(max(position, 0))
        self.department_box.blockSignals(False)

    def show_hits(self, hits: list[SearchHit], summary: str) -> None:
        self.model.set_hits(hits)
        self.summary.setText(summary)
        if hits:
            self.table.selectRow(0)
            self.table.scrollToTop()

    def current_hit(self) -> SearchHit | None:
        return self.model.hit(self.table.currentIndex().row())

    def focus_search(self) -> None:
        self.keys.focus_search()

    # -- keyboard ------------------------------------------------------------------------------------

    def _highlight(self, current: object, _previous: object) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.matter_highlighted.emit(hit.code)

    def _choose(self, row: int) -> None:
        hit = self.model.hit(row)
        if hit is not None:
            self.matter_chosen.emit(hit.code)
