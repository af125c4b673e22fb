"""Table model of search results: one row per matter (name, department, flags, code)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from hallapp.domain.search import INCOMPLETE_LABEL, INCOMPLETE_REASON, SearchHit

Index = QModelIndex | QPersistentModelIndex
FLAG_COLOUR = QColor("#b45309")
INCOMPLETE_COLOUR = QColor("#b91c1c")


def flag_text(hit: SearchHit) -> str:
    """The result's marks; 「待完善」 first, for a matter (or a bundle with one) that cannot be taken in."""
    if hit.is_bundle:
        return f"{INCOMPLETE_LABEL} · 一件事一次办" if hit.incomplete else "一件事一次办"
    flags = [INCOMPLETE_LABEL] if hit.incomplete else []
    if hit.deferrable:
        flags.append("容缺")
    if hit.instant_approval:
        flags.append("秒批")
    if hit.delegated:
        flags.append("就近办")
    return " · ".join(flags)


class ResultsModel(QAbstractTableModel):
    COLUMNS = ("事项名称", "实施部门", "标记", "事项编码")
    NAME, DEPARTMENT, FLAGS, CODE = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self.community_mode = False  # mark the matters a community centre sends to the hall
        self._bold = QFont()
        self._bold.setBold(True)

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit(index.row())
        if hit is None:
            return None
        column = index.column()
        elsewhere = self.community_mode and not hit.delegated and not hit.is_bundle
        if role == Qt.ItemDataRole.DisplayRole:
            flags = "请到区行政服务大厅办理" if elsewhere else flag_text(hit)
            if elsewhere and hit.incomplete:
                flags = f"{INCOMPLETE_LABEL} · {flags}"
            # A bundle's code (newborn) is ours, not an official matter code: never shown to the clerk.
            code = "一件事一次办" if hit.is_bundle else hit.code
            return (hit.name, hit.department, flags, code)[column]
        if role == Qt.ItemDataRole.ForegroundRole and elsewhere:
            return QColor("#9ca3af")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = (
                f"{hit.name}\n{hit.department} · {'一件事一次办' if hit.is_bundle else hit.code}\n"
                f"按{hit.matched_by}匹配"
                if hit.matched_by
                else hit.name
            )
            return f"{tip}\n{INCOMPLETE_LABEL}：{INCOMPLETE_REASON}" if hit.incomplete else tip
        if role == Qt.ItemDataRole.FontRole and column == self.NAME:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and column == self.FLAGS:
            return INCOMPLETE_COLOUR if hit.incomplete else FLAG_COLOUR
        if role == Qt.ItemDataRole.ForegroundRole and column == self.CODE:
            return QColor("#6b7280")
        return None
