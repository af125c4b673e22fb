"""The follow-up board's data (容缺跟踪台): its table model, and the work its actions do on a worker.

``BoardModel`` shows ``BoardRow`` values, already sorted and masked by ``services.board``; ``data()``
formats only the cell asked for, so a board of 20,000 cases costs what the visible rows cost. Overdue
rows are red on light red; rows due within ``highlight_days`` working days have an amber background.

The functions at the end run one use case and print its document; ``BoardView`` calls them through
``run_task``, so they never touch a widget. Services are imported inside them: sqlmodel and reportlab
are not needed before the board is first loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from hallapp.ui.row_model import RowTableModel

if TYPE_CHECKING:
    from hallapp.printing.model import DocumentKind
    from hallapp.services.board import BoardRow
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.settings import CounterSettings
    from hallapp.ui.followup_dialogs import ExtendValues, ReminderValues, SupplementValues

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


# -- the board's work, run on a worker -----------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a finished action tells the clerk, and the documents (title, PDF) it printed."""

    message: str
    title: str = ""
    documents: list[tuple[str, Path]] = field(default_factory=list)


def load_board(context: AppContext, today: date) -> tuple[list[BoardRow], CounterSettings]:
    """(open deferred cases most urgent first, this counter's settings)."""
    from hallapp.services.board import board_rows

    return board_rows(context.uow(), calendar=context.calendar, today=today), context.settings()


def print_document(
    context: AppContext, number: str, kind: DocumentKind, settings: CounterSettings, today: date
) -> tuple[str, Path]:
    """Produce, archive and record one follow-up document of a case: (its title, the PDF)."""
    from hallapp.services.followup_documents import produce_followup_document

    produced = produce_followup_document(
        context.uow(write=True),
        number,
        kind,
        data_dir=context.paths.data_dir,
        settings=settings,
        actor=settings.clerk,
        today=today,
    )
    return kind.title, produced.path


def error_text(what: str, error: BaseException) -> str:
    """A failure in the clerk's words: the rule's own reason, or a plain note of an unexpected fault."""
    from hallapp.domain.intake import RuleViolation

    if isinstance(error, (RuleViolation, LookupError)):
        return f"未能{what}：{error.args[0] if error.args else error}"
    return f"未能{what}：发生意外错误（{type(error).__name__}：{error}），请重试或联系系统管理员"


def do_supplement(
    context: AppContext, settings: CounterSettings, today: date, row: BoardRow, values: SupplementValues
) -> Outcome:
    """补正, then the supplement receipt (补正材料接收凭证)."""
    from hallapp.printing.model import DocumentKind
    from hallapp.services.followup import record_supplement

    result = record_supplement(
        context.uow(write=True),
        row.number,
        values.names,
        on=values.on,
        channel=values.channel,
        actor=settings.clerk,
        today=today,
    )
    document = print_document(context, row.number, DocumentKind.SUPPLEMENT_RECEIPT, settings, today)
    state = "材料已全部补齐" if not result.missing else f"仍缺 {len(result.missing)} 项"
    return Outcome(
        f"已登记 {row.number} 补交 {len(values.names)} 项材料，{state}；已打印补正材料接收凭证",
        row.number,
        [document],
    )


def do_extend(
    context: AppContext, settings: CounterSettings, today: date, row: BoardRow, values: ExtendValues
) -> Outcome:
    """延期, as the supervisor approved."""
    from hallapp.services.followup import extend_deadline

    result = extend_deadline(
        context.uow(write=True),
        row.number,
        values.new_deadline,
        values.reason,
        approved_by=values.approved_by,
        supervisor=values.supervisor,
        actor=settings.clerk,
        today=today,
    )
    return Outcome(
        f"已将 {row.number} 的补正期限延至 {result.deadline.isoformat()}（{values.approved_by} 批准）"
    )


def do_terminate(context: AppContext, settings: CounterSettings, today: date, row: BoardRow) -> Outcome:
    """终止办理, then the 终止办理通知书."""
    from hallapp.printing.model import DocumentKind
    from hallapp.services.followup import terminate_case

    terminate_case(context.uow(write=True), row.number, actor=settings.clerk, today=today)
    document = print_document(context, row.number, DocumentKind.TERMINATION, settings, today)
    return Outcome(f"已终止办理 {row.number}，已打印终止办理通知书", row.number, [document])


def do_withdraw(context: AppContext, settings: CounterSettings, today: date, row: BoardRow) -> Outcome:
    """撤回 at the applicant's request."""
    from hallapp.services.followup import withdraw_case

    withdraw_case(context.uow(write=True), row.number, actor=settings.clerk, today=today)
    return Outcome(f"已登记 {row.number} 由申请人撤回")


def do_remind(
    context: AppContext, settings: CounterSettings, today: date, numbers: list[str], values: ReminderValues
) -> Outcome:
    """催补: every case's 催补通知 in one PDF, then each case recorded as reminded (and how)."""
    from hallapp.services.followup import REMINDER_METHODS, record_reminders
    from hallapp.services.followup_documents import reminder_batch

    path = reminder_batch(
        context.uow(write=True),
        numbers,
        data_dir=context.paths.data_dir,
        settings=settings,
        actor=settings.clerk,
        note=values.note,
        today=today,
    )
    record_reminders(
        context.uow(write=True),
        numbers,
        method=values.method,
        note=values.note,
        actor=settings.clerk,
        now=datetime.combine(today, datetime.now().time()),
    )
    title = f"催补通知（{len(numbers)} 件）"
    how = REMINDER_METHODS.get(values.method, values.method)
    return Outcome(f"已打印 {len(numbers)} 份催补通知并登记催补（{how}）", title, [(title, path)])


def do_history(context: AppContext, settings: CounterSettings, today: date, row: BoardRow) -> Outcome:
    """办件记录: the printable timeline of every event of the case."""
    from hallapp.printing.model import DocumentKind

    document = print_document(context, row.number, DocumentKind.CASE_HISTORY, settings, today)
    return Outcome(f"已打印 {row.number} 的办件记录", row.number, [document])
