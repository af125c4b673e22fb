"""Table model of today's cases (今日办件): one row per case, newest first, as the service returns them.

Nothing here reads the database: rows arrive as ``CaseRow`` values (personal data already masked).
The services are only imported for type checking, so the first screen stays free of sqlmodel.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from hallapp.ui.row_model import RowTableModel

if TYPE_CHECKING:
    from hallapp.services.cases import CaseRow

Index = QModelIndex | QPersistentModelIndex
MUTED_COLOUR = QColor("#6b7280")  # refused: the applicant left with a one-time notice
AMBER_COLOUR = QColor("#b45309")  # awaiting supplement: someone still owes us a material


def _tr(text: str) -> str:
    return QCoreApplication.translate("CasesModel", text)


def summary_text(rows: Sequence[CaseRow], *, all_windows: bool, window: str, text: str = "") -> str:
    """One line over the cases shown, e.g. "今日本窗口（08）12 件：受理 8，容缺 3，告知 1"."""
    where = _tr("今日全部窗口") if all_windows else _tr("今日本窗口（{0}）").format(window)
    text = text.strip()
    if not rows:
        if text:
            return _tr("{0}没有与「{1}」相符的办件").format(where, text)
        return _tr("{0}还没有办件").format(where)
    counts = {
        decision: sum(1 for row in rows if row.decision == decision)
        for decision in ("accepted", "deferred", "refused")
    }
    matching = _tr("符合「{0}」的 ").format(text) if text else " "
    return _tr("{0}{1}{2} 件：受理 {3}，容缺 {4}，告知 {5}").format(
        where, matching, len(rows), counts["accepted"], counts["deferred"], counts["refused"]
    )


class CasesModel(RowTableModel):
    """Today's cases at this counter (or all counters), one row per case."""

    COLUMNS = ("受理时间", "编号", "事项", "一件事", "申请人", "证件号码", "结果", "状态", "补正期限", "窗口")
    TIME, NUMBER, MATTER, BUNDLE, APPLICANT, ID_NUMBER, DECISION, STATE, DEADLINE, WINDOW = range(10)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, number: str) -> int:
        """The row showing case ``number``, or -1."""
        return next((i for i, row in enumerate(self._rows) if row.number == number), -1)

    def _display(self, row: CaseRow, column: int) -> str:
        if column == self.TIME:
            return f"{row.received_at:%H:%M}"
        if column == self.DEADLINE:
            return row.deferral_deadline.isoformat() if row.deferral_deadline else ""
        values = {
            self.NUMBER: row.number,
            self.MATTER: row.matter_name,
            self.BUNDLE: f"{row.bundle_name} {row.bundle_ref}" if row.bundle_ref else "",
            self.APPLICANT: row.applicant_name,
            self.ID_NUMBER: row.applicant_id_masked,
            self.DECISION: row.decision_label,
            self.STATE: row.state_label,
            self.WINDOW: row.window,
        }
        return values.get(column, "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = _tr("{0}\n{1} · {2}\n窗口 {3} · {4} · {5:%Y-%m-%d %H:%M}").format(
                row.matter_name, row.number, row.state_label, row.window, row.clerk, row.received_at
            )
            if row.bundle_ref:
                tip += _tr("\n一件事一次办：{0}（编号 {1}）").format(row.bundle_name, row.bundle_ref)
            return tip
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.decision == "refused":
                return MUTED_COLOUR
            if row.state == "awaiting_supplement":
                return AMBER_COLOUR
            return None
        if role == Qt.ItemDataRole.FontRole and column == self.NUMBER:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.TIME, self.WINDOW):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
