"""The catalogue editor's situations (情形): a code and the question asked at the counter, in order.

Materials may depend on a situation's answer (on the 申请材料 page); renaming a code here renames it in
those materials too (``renamed``). Removing one that materials still depend on is refused by the rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from hallapp.domain.catalogue import Situation
from hallapp.ui.catalogue_editor_materials import RowButtons, make_table


class SituationsEditor(QWidget):
    """情形: a code and the question asked at the counter, in order."""

    changed = Signal()
    renamed = Signal(str, str)  # (old code, new code): the materials that depend on it follow

    def __init__(self) -> None:
        super().__init__()
        self._codes: list[str] = []
        self.table = make_table(("编码", "问题（窗口询问申请人）"))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 160)
        self.buttons = RowButtons(self.table, "情形")
        hint = QLabel("材料可设定为某情形回答「是」时才要、或回答「否」时才要（在「申请材料」页）。")
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        layout.addWidget(hint)
        self.buttons.add.clicked.connect(self._add)
        self.buttons.remove.clicked.connect(self._remove)
        self.buttons.up.clicked.connect(lambda: self._move(-1))
        self.buttons.down.clicked.connect(lambda: self._move(1))
        self.table.itemChanged.connect(self._item_changed)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        row, code = item.row(), item.text().strip()
        if item.column() == 0 and row < len(self._codes) and self._codes[row] and self._codes[row] != code:
            self.renamed.emit(self._codes[row], code)
        self._codes = [s.code for s in self.situations()]
        self.changed.emit()

    def set_situations(self, situations: Sequence[Situation]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for s in situations:
            self._append(s.code, s.question)
        self.table.blockSignals(False)
        self._codes = [s.code for s in situations]

    def _append(self, code: str, question: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(code))
        self.table.setItem(row, 1, QTableWidgetItem(question))

    def situations(self) -> tuple[Situation, ...]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text().strip() if item is not None else ""

        return tuple(Situation(text(r, 0), text(r, 1)) for r in range(self.table.rowCount()))

    def _add(self) -> None:
        self.table.blockSignals(True)
        self._append(f"s{self.table.rowCount() + 1}", "")
        self.table.blockSignals(False)
        self._codes = [s.code for s in self.situations()]
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 1)
        self.table.editItem(self.table.item(row, 1))
        self.changed.emit()

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._codes = [s.code for s in self.situations()]
            self.changed.emit()

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        items = self.situations()
        moved = list(items)
        moved[row], moved[target] = moved[target], moved[row]
        self.set_situations(moved)
        self.table.setCurrentCell(target, 0)
        self.changed.emit()
