"""The catalogue editor's versions page: every version of a matter's guide and what changed between two.

Choosing two versions (by default the one before the current and the current one) and 比较 shows the
changes; both are read through the window's operations (``session.matter_versions``, ``compare_versions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from hallapp.domain.guide_diff import FieldChange
    from hallapp.store.guide_versions import GuideVersionInfo
    from hallapp.ui.ops import Operations

ORIGINS = {"editor": "目录管理修改", "": "目录文件载入"}


def origin_text(origin: str) -> str:
    """Where a version came from, in words: 目录管理修改, 目录文件载入, 导入 <file> …"""
    if origin in ORIGINS:
        return ORIGINS[origin]
    if origin.startswith("folder:"):
        return "目录文件载入"
    if origin.startswith("import:"):
        return f"导入 {origin.removeprefix('import:')}"
    return origin


def _read_only(columns: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    return table


class VersionsView(QWidget):
    """The versions table, two version choices and the changes between them."""

    compare_requested = Signal(int, int)  # (older, newer)

    def __init__(self) -> None:
        super().__init__()
        self.table = _read_only(("版本", "生成时间", "修改人", "来源"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (1, 160), (2, 130)):
            self.table.setColumnWidth(column, width)
        self.old_box = QComboBox()
        self.new_box = QComboBox()
        self.compare_button = QPushButton("比较(&C)")
        self.compare_button.setAutoDefault(False)
        old_label, new_label = QLabel("比较 第(&O)"), QLabel("版 与 第(&W)")
        old_label.setBuddy(self.old_box)
        new_label.setBuddy(self.new_box)
        choose = QHBoxLayout()
        for widget in (old_label, self.old_box, new_label, self.new_box, QLabel("版"), self.compare_button):
            choose.addWidget(widget)
        choose.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.changes = _read_only(("项目", "修改前", "修改后"))
        changes_header = self.changes.horizontalHeader()
        self.changes.setColumnWidth(0, 150)
        changes_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        changes_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changes.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("本事项的办事指南版本（最新在上）"))
        layout.addWidget(self.table, 2)
        layout.addLayout(choose)
        layout.addWidget(self.summary)
        layout.addWidget(self.changes, 3)
        self.compare_button.clicked.connect(self._compare)
        self.compare_requested.connect(self.compare)
        self._ops: Operations | None = None
        self._code = ""

    def load(self, ops: Operations, code: str) -> None:
        """Read the versions of the matter ``code`` and compare the last two."""
        self._ops, self._code = ops, code
        ops.run(
            self, lambda s: s.matter_versions(code), self._loaded, self._failed, key="versions", latest=True
        )

    def _loaded(self, versions: Sequence[GuideVersionInfo]) -> None:
        self.show_versions(versions)
        if len(versions) > 1:
            self._compare()

    def compare(self, old: int, new: int) -> None:
        ops, code = self._ops, self._code
        if ops is not None and code:
            ops.run(
                self,
                lambda s: s.compare_versions(code, old, new),
                lambda changes: self.show_changes(old, new, changes),
                self._failed,
                key="compare",
                latest=True,
            )

    def _failed(self, error: BaseException) -> None:
        from hallapp.errors import describe

        self.summary.setText(describe(error))

    def show_versions(self, versions: Sequence[GuideVersionInfo]) -> None:
        """List the versions (newest first) and choose the last change: the one before the current."""
        self.table.setRowCount(len(versions))
        for row, info in enumerate(versions):
            when = info.made_at.astimezone().strftime("%Y-%m-%d %H:%M") if info.made_at else "—"
            number = f"第 {info.version} 版" + ("（当前）" if info.current else "")
            for column, text in enumerate((number, when, info.made_by or "—", origin_text(info.origin))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, info.version)
                self.table.setItem(row, column, item)
        numbers = sorted(v.version for v in versions)
        for box in (self.old_box, self.new_box):
            box.clear()
            for n in numbers:
                box.addItem(str(n), n)
        if numbers:
            self.new_box.setCurrentIndex(len(numbers) - 1)
            self.old_box.setCurrentIndex(max(len(numbers) - 2, 0))
        self.compare_button.setEnabled(len(numbers) > 1)
        self.changes.setRowCount(0)
        self.summary.setText("只有一个版本：保存修改后即可比较。" if len(numbers) <= 1 else "")

    def _compare(self) -> None:
        old, new = self.old_box.currentData(), self.new_box.currentData()
        if old is not None and new is not None:
            self.compare_requested.emit(int(old), int(new))

    def show_changes(self, old: int, new: int, changes: Sequence[FieldChange]) -> None:
        self.changes.setRowCount(len(changes))
        for row, change in enumerate(changes):
            for column, text in enumerate((change.label, change.old or "（空）", change.new or "（空）")):
                self.changes.setItem(row, column, QTableWidgetItem(text))
        self.summary.setText(
            f"第 {old} 版 → 第 {new} 版：修改了 {len(changes)} 项"
            if changes
            else f"第 {old} 版与第 {new} 版相同"
        )
