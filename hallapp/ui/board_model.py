"""The follow-up board's table model (容缺跟踪台).

``BoardModel`` shows ``BoardRow`` values, already sorted and masked by ``services.board``; ``data()``
formats only the cell asked for, so a board of 20,000 cases costs what the visible rows cost. Overdue
rows are red on light red; rows due within ``highlight_days`` working days have an amber background.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from hallapp.ui.row_model import RowTableModel

if TYPE_CHECKING:
    from hallapp.services.board import BoardRow

Index = QModelIndex | QPersistentModelIndex
OVERDUE_TEXT = QColor("#b91c1c")
OVERDUE_BACKGROUND = QBrush(QColor("#fee2e2"))
DUE_SOON_BACKGROUND = QBrush(QColor("#fde68a"))
DEFAULT_HIGHLIGHT_DAYS = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("BoardModel", text)


def days_left_text(days_left: int) -> str:
    """剩余工作日 as the clerk reads it: "逾期 2 天", "今日到期" or the number of working days."""
    if days_left < 0:
        return _tr("逾期 {0} 天").format(-days_left)
    if days_left == 0:
        return _tr("今日到期")
    return str(days_left)


class BoardModel(RowTableModel):
    """The open deferred cases of the board, in the order given."""

    COLUMNS = (
        "受理编号",
        "申请人",
        "证件号码",
        "事项",
        "容缺材料",
        "补正期限",
        "剩余工作日",
        "状态",
        "窗口",
        "经办人",
        "催补",
    )
    NUMBER, APPLICANT, ID_NUMBER, MATTER, MISSING, DEADLINE, DAYS_LEFT, STATE, WINDOW, CLERK, REMINDERS = (
        range(11)
    )
    CENTRED = frozenset({DEADLINE, DAYS_LEFT, STATE, WINDOW, REMINDERS})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BoardRow] = []
        self._highlight_days = DEFAULT_HIGHLIGHT_DAYS
        self._bold = QFont()
        self._bold.setBold(True)
        self._centre = int(Qt.AlignmentFlag.AlignCenter)

    # -- rows ------------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[BoardRow]) -> None:
        """Show these rows (already sorted by urgency)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[BoardRow]:
        """The rows shown, in order."""
        return list(self._rows)

    def row_at(self, row: int) -> BoardRow | None:
        """The case in table row ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, number: str) -> int:
        """The table row showing case ``number``, or -1."""
        return next((i for i, row in enumerate(self._rows) if row.number == number), -1)

    @property
    def highlight_days(self) -> int:
        """Rows due within this many working days get the amber background."""
        return self._highlight_days

    @highlight_days.setter
    def highlight_days(self, days: int) -> None:
        if days == self._highlight_days:
            return
        self._highlight_days = days
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self.COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.BackgroundRole])

    # -- Qt's model interface ------------------------------------------------------------------------------

    def _display(self, row: BoardRow, column: int) -> str:
        if column == self.NUMBER:
            return row.number
        if column == self.APPLICANT:
            return row.applicant_name
        if column == self.ID_NUMBER:
            return row.applicant_id_masked
        if column == self.MATTER:
            return row.matter_name
        if column == self.MISSING:
            return "、".join(row.missing)
        if column == self.DEADLINE:
            return row.deadline.isoformat()
        if column == self.DAYS_LEFT:
            return days_left_text(row.days_left)
        if column == self.STATE:
            return row.status_label
        if column == self.WINDOW:
            return row.window
        if column == self.CLERK:
            return row.clerk
        if column == self.REMINDERS:
            return str(row.reminders)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = index.row()
        if not 0 <= r < len(self._rows):
            return None
        row = self._rows[r]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return OVERDUE_TEXT if row.days_left < 0 else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.days_left < 0:
                return OVERDUE_BACKGROUND
            return DUE_SOON_BACKGROUND if row.days_left <= self._highlight_days else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._centre if column in self.CENTRED else None
        if role == Qt.ItemDataRole.FontRole:
            return (
                self._bold
                if column == self.NUMBER or (column == self.DAYS_LEFT and row.days_left <= 0)
                else None
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            phone = f" · {row.phone_masked}" if row.phone_masked else ""
            return _tr("{0} · {1}{2}\n{3}（{4}）\n容缺材料：{5}\n补正期限 {6}，{7}，已催补 {8} 次").format(
                row.number,
                row.applicant_name,
                phone,
                row.matter_name,
                row.department,
                "、".join(row.missing),
                row.deadline.isoformat(),
                days_left_text(row.days_left),
                row.reminders,
            )
        return None
