"""The disclosure board's table model and its filters (依申请公开台账).

``DisclosureModel`` shows ``DisclosureRow`` values as the session sorted them (open requests first, most
urgent first, then recently closed ones); ``data()`` formats only the cell asked for. Overdue rows are red
on light red; open rows due within ``highlight_days`` counted working days have an amber background;
replied and archived ones are grey. ``BoardChoice`` and ``keep`` are the page's filters, applied in memory
(the archive, 全部, is a search of the register instead: ``find_disclosures``); ``summary_text`` is the
line under the table. No widget here: the model is tested without a window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from hallapp.domain.disclosure import DisclosureState
from hallapp.services.disclosure_inputs import DisclosureRow
from hallapp.ui.row_model import RowTableModel

Index = QModelIndex | QPersistentModelIndex
OVERDUE_TEXT = QColor("#b91c1c")
OVERDUE_BACKGROUND = QBrush(QColor("#fee2e2"))
DUE_SOON_BACKGROUND = QBrush(QColor("#fde68a"))
CLOSED_TEXT = QColor("#64748b")
DEFAULT_HIGHLIGHT_DAYS = 5

# The status filter: (shown, key). None is the board (open requests and the recently closed ones);
# "all" is the whole register, archive included, searched by the text typed.
CHOICES: tuple[tuple[str, str | None], ...] = (
    ("在办及近期办结", None),
    ("逾期", "overdue"),
    ("即将到期", "due_soon"),
    ("待补正", "correction"),
    ("征求意见", "consulting"),
    ("待缴费", "fee"),
    ("待审核", "pending"),
    ("已答复", "replied"),
    ("全部（含归档）", "all"),
)
ARCHIVE = "all"


def _tr(text: str) -> str:
    return QCoreApplication.translate("DisclosureModel", text)


def days_left_text(row: DisclosureRow) -> str:
    """剩余工作日 as the clerk reads it: 逾期 2 天, 今日到期, 12, 暂停 (the clock waits), or — (no clock)."""
    if not row.state.is_open:
        return "—"
    if row.overdue:
        return _tr("逾期 {0} 天").format(max(-(row.days_left or 0), 1))
    if row.state in (DisclosureState.CONSULTING, DisclosureState.AWAITING_FEE):
        return _tr("暂停计时")
    if row.days_left is None:
        return "—"
    if row.days_left < 0:
        return _tr("逾期 {0} 天").format(-row.days_left)
    if row.days_left == 0:
        return _tr("今日到期")
    return str(row.days_left)


def due_soon(row: DisclosureRow, days: int) -> bool:
    """Open, its clock running, not overdue, and due within ``days`` counted working days."""
    return (
        row.state.is_open
        and not row.overdue
        and row.state not in (DisclosureState.CONSULTING, DisclosureState.AWAITING_FEE)
        and row.days_left is not None
        and 0 <= row.days_left <= days
    )


def matches(row: DisclosureRow, text: str) -> bool:
    """Part of the number, the applicant's name or the description (Latin letters in any case)."""
    needle = text.strip().casefold()
    if not needle:
        return True
    return any(needle in value.casefold() for value in (row.number, row.applicant, row.description))


def keep(rows: Sequence[DisclosureRow], choice: str | None, text: str, days: int) -> list[DisclosureRow]:
    """The rows the status choice and the search text keep, in their order."""
    tests = {
        None: lambda r: True,
        ARCHIVE: lambda r: True,
        "overdue": lambda r: r.overdue,
        "due_soon": lambda r: due_soon(r, days),
        "correction": lambda r: r.state is DisclosureState.AWAITING_CORRECTION,
        "consulting": lambda r: r.state is DisclosureState.CONSULTING,
        "fee": lambda r: r.state is DisclosureState.AWAITING_FEE,
        "pending": lambda r: r.state is DisclosureState.REPLY_PENDING,
        "replied": lambda r: not r.state.is_open,
    }
    test = tests[choice]
    return [row for row in rows if test(row) and matches(row, text)]


def summary_text(rows: Sequence[DisclosureRow], days: int) -> tuple[str, bool]:
    """The line under the table over the loaded rows, and whether any open request is overdue."""
    open_rows = [r for r in rows if r.state.is_open]
    overdue = sum(1 for r in open_rows if r.overdue)
    counts = (
        (_tr("逾期"), overdue),
        (_tr("{0} 个工作日内到期").format(days), sum(1 for r in open_rows if due_soon(r, days))),
        (_tr("待补正"), sum(1 for r in open_rows if r.state is DisclosureState.AWAITING_CORRECTION)),
        (_tr("征求意见"), sum(1 for r in open_rows if r.state is DisclosureState.CONSULTING)),
        (_tr("待缴费"), sum(1 for r in open_rows if r.state is DisclosureState.AWAITING_FEE)),
        (_tr("答复待审核"), sum(1 for r in open_rows if r.state is DisclosureState.REPLY_PENDING)),
    )
    parts = "，".join(_tr("{0} {1} 件").format(label, count) for label, count in counts)
    text = _tr("在办依申请公开 {0} 件：{1}").format(len(open_rows), parts)
    return text, overdue > 0


class DisclosureModel(RowTableModel):
    """Disclosure requests in the order given."""

    COLUMNS = (
        "登记编号",
        "申请人",
        "类型",
        "申请内容",
        "申请方式",
        "收到日期",
        "答复期限",
        "剩余工作日",
        "状态",
        "登记人",
    )
    NUMBER, APPLICANT, KIND, DESCRIPTION, CHANNEL, RECEIVED, DEADLINE, DAYS_LEFT, STATE, CLERK = range(10)
    CENTRED = frozenset({KIND, CHANNEL, RECEIVED, DEADLINE, DAYS_LEFT})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DisclosureRow] = []
        self._highlight_days = DEFAULT_HIGHLIGHT_DAYS
        self._bold = QFont()
        self._bold.setBold(True)
        self._centre = int(Qt.AlignmentFlag.AlignCenter)

    def set_rows(self, rows: Sequence[DisclosureRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[DisclosureRow]:
        return list(self._rows)

    def row_at(self, row: int) -> DisclosureRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, number: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.number == number), -1)

    @property
    def highlight_days(self) -> int:
        return self._highlight_days

    @highlight_days.setter
    def highlight_days(self, days: int) -> None:
        if days == self._highlight_days:
            return
        self._highlight_days = days
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self.COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.BackgroundRole])

    def _display(self, row: DisclosureRow, column: int) -> str:
        if column == self.NUMBER:
            return row.number
        if column == self.APPLICANT:
            return row.applicant
        if column == self.KIND:
            return row.requester_label
        if column == self.DESCRIPTION:
            return row.description
        if column == self.CHANNEL:
            return row.channel_label
        if column == self.RECEIVED:
            return row.received_on.isoformat()
        if column == self.DEADLINE:
            return row.deadline.isoformat() if row.deadline is not None else "—"
        if column == self.DAYS_LEFT:
            return days_left_text(row)
        if column == self.STATE:
            return row.status_label
        if column == self.CLERK:
            return row.clerk
        return ""

    def _tooltip(self, row: DisclosureRow) -> str:
        lines = [f"{row.number} · {row.applicant}（{row.requester_label}）", row.description]
        lines.append(_tr("{0}，收到日期 {1}").format(row.channel_label, row.received_on.isoformat()))
        if row.deadline is not None:
            lines.append(_tr("答复期限 {0}（{1}）").format(row.deadline.isoformat(), days_left_text(row)))
        if row.waiting_until is not None:
            lines.append(_tr("{0}，等待至 {1}").format(row.status_label, row.waiting_until.isoformat()))
        return "\n".join(lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = index.row()
        if not 0 <= r < len(self._rows):
            return None
        row = self._rows[r]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue:
                return OVERDUE_TEXT
            return None if row.state.is_open else CLOSED_TEXT
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.overdue:
                return OVERDUE_BACKGROUND
            return DUE_SOON_BACKGROUND if due_soon(row, self._highlight_days) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._centre if column in self.CENTRED else None
        if role == Qt.ItemDataRole.FontRole:
            urgent = row.overdue or (row.state.is_open and row.days_left == 0)
            return self._bold if column == self.NUMBER or (column == self.DAYS_LEFT and urgent) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        return None
