"""容缺跟踪: the follow-up board — every open deferred case, most urgent first, and what to do about it.

The page loads the board on a worker, then filters in memory (``BoardFilter``) as the clerk types or picks
a department, matter, window, clerk or state. Actions work on the selected case(s): each asks through a
form (``followup_dialogs``), runs the use case and prints its document on a worker, hands the PDFs to the
window (``preview_requested``), and reloads. The domain decides what is allowed; a refusal, or any
failure, is shown in words on the page and changes nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallapp.ui import board_model as work
from hallapp.ui.board_model import DEFAULT_HIGHLIGHT_DAYS, BoardModel, Outcome
from hallapp.ui.followup_dialogs import ConfirmDialog, ExtendDialog, ReminderDialog, SupplementDialog
from hallapp.ui.search_keys import SearchListKeys
from hallapp.ui.tasks import run_task

if TYPE_CHECKING:
    from hallapp.services.board import BoardRow
    from hallapp.services.bootstrap import AppContext
    from hallapp.services.settings import CounterSettings

FILTER_DEBOUNCE_MS = 100
STATUS_CHOICES = ("待补正", "部分补正", "逾期")
STYLE = """
QLineEdit#boardSearchBox { font-size: 14pt; padding: 5px 8px; border: 2px solid #94a3b8; border-radius: 6px;
    background: white; }
QLineEdit#boardSearchBox:focus { border-color: #2563eb; }
QTableView#board { background: white; alternate-background-color: #f8fafc; gridline-color: #e2e8f0;
    selection-background-color: #1d4ed8; selection-color: white; border: 1px solid #cbd5e1; }
QLabel#boardSummary { color: #334155; padding: 2px; }
QLabel#boardSummary[overdue="true"] { color: #b91c1c; font-weight: bold; }
QLabel#boardMessage { border-radius: 4px; padding: 5px 8px; }
QLabel#boardMessage[kind="error"] { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca; }
QLabel#boardMessage[kind="ok"] { color: #166534; background: #f0fdf4; border: 1px solid #bbf7d0; }
QLabel#boardMessage[kind="busy"] { color: #334155; background: #f1f5f9; border: 1px solid #cbd5e1; }
"""
Work = Callable[["AppContext", "CounterSettings", date], Outcome]


class BoardView(QWidget):
    """The 容缺跟踪 page: search, filters, the board, actions on the selected cases, a summary line."""

    rows_loaded = Signal(object)  # DaySummary of all open deferred cases, after each load
    preview_requested = Signal(str, object)  # title, list[(label, Path)] of PDFs just printed
    case_opened = Signal(str)  # case number (Enter / double-click)
    supplement_button: QPushButton
    extend_button: QPushButton
    terminate_button: QPushButton
    withdraw_button: QPushButton
    remind_button: QPushButton
    select_due_button: QPushButton
    history_button: QPushButton

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.context: AppContext | None = None
        self.today: date | None = None  # None: the real today (tests set a fixed day)
        self._rows: list[BoardRow] = []
        self._settings: CounterSettings | None = None
        self._serial = 0
        self._busy = False

        self.search_box = QLineEdit()
        self.search_box.setObjectName("boardSearchBox")
        self.search_box.setPlaceholderText(self.tr("输入受理编号、姓名或完整证件号码"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("容缺办件搜索"))
        self.department_box, self.matter_box, self.window_box, self.clerk_box, self.status_box = (
            self._combo(width) for width in (8, 14, 4, 5, 5)
        )
        for status in STATUS_CHOICES:
            self.status_box.addItem(self.tr(status), status)
        self.highlight_spin = QSpinBox()
        self.highlight_spin.setRange(0, 30)
        self.highlight_spin.setValue(DEFAULT_HIGHLIGHT_DAYS)
        self.highlight_spin.setSuffix(self.tr(" 个工作日内到期"))

        self.model = BoardModel(self)
        self.table = self._make_table()
        self.message_label = QLabel()
        self.message_label.setObjectName("boardMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("boardSummary")

        actions = (
            ("supplement_button", "补正(&B)", "Ctrl+B", self.supplement, "登记补交的容缺材料并打印接收凭证"),
            ("extend_button", "延期(&E)", "Ctrl+E", self.extend, "经科室负责人批准延长补正期限"),
            (
                "terminate_button",
                "终止办理(&T)",
                "Ctrl+T",
                self.terminate,
                "逾期未补正：终止办理并打印通知书",
            ),
            ("withdraw_button", "撤回(&C)", "", self.withdraw, "申请人撤回申请"),
            ("remind_button", "催补(&R)", "Ctrl+R", self.remind, "为全部选中的办件打印催补通知并登记"),
            ("select_due_button", "", "", self.select_due, "选中剩余工作日不超过高亮天数的办件（不含逾期）"),
            ("history_button", "办件记录(&H)", "Ctrl+H", self.print_history, "打印办件的全部办理记录"),
        )
        self.action_buttons: list[QPushButton] = []
        for name, text, keys, slot, tip in actions:
            button = QPushButton(self.tr(text))
            button.setAutoDefault(False)
            button.setToolTip(self.tr(tip) + (f"  {keys}" if keys else ""))
            button.clicked.connect(slot)
            setattr(self, name, button)
            self.action_buttons.append(button)
            if keys:
                shortcut = QShortcut(
                    QKeySequence(keys), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
                )
                shortcut.activated.connect(slot)
        self._update_due_button(self.highlight_spin.value())
        self._layout()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.keys = SearchListKeys(self.search_box, self.table, self._enter)
        self.search_box.textChanged.connect(lambda _text: self._debounce.start())
        for box in (self.department_box, self.matter_box, self.window_box, self.clerk_box, self.status_box):
            box.currentIndexChanged.connect(lambda _index: self.apply_filter())
        self.highlight_spin.valueChanged.connect(self._highlight_changed)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.setFocusProxy(self.search_box)

    # -- building --------------------------------------------------------------------------------------

    def _combo(self, width: int) -> QComboBox:
        box = QComboBox()
        box.addItem(self.tr("全部"), None)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(width)
        return box

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("board")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setResizeContentsPrecision(100)  # size columns from a sample: 20,000 rows stay cheap
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BoardModel.MISSING, QHeaderView.ResizeMode.Stretch)
        return table

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.setSpacing(6)
        for text, box in (
            ("部门(&D)", self.department_box),
            ("事项(&M)", self.matter_box),
            ("窗口(&N)", self.window_box),
            ("经办人(&K)", self.clerk_box),
            ("状态(&S)", self.status_box),
            ("高亮(&G)", self.highlight_spin),
        ):
            label = QLabel(self.tr(text))
            label.setBuddy(box)
            filters.addWidget(label)
            filters.addWidget(box, 2 if box is self.matter_box else 1 if box is self.department_box else 0)
            filters.addSpacing(6)
        buttons = QHBoxLayout()
        for index, button in enumerate(self.action_buttons):
            if index in (4, 6):
                buttons.addSpacing(18)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 4)
        layout.setSpacing(8)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)

    # -- loading and filtering -------------------------------------------------------------------------

    def attach(self, context: AppContext) -> None:
        """The database is open: load the board."""
        self.context = context
        self.refresh()

    def refresh(self) -> None:
        """Load the open deferred cases again (after a change, or at the start of the day)."""
        context = self.context
        if context is None:
            return
        self._serial += 1
        serial, today = self._serial, self._today()
        run_task(
            self,
            lambda: work.load_board(context, today),
            lambda result: self._loaded(serial, *result),
            lambda error: self._load_failed(serial, error),
        )

    def _today(self) -> date:
        return self.today or date.today()

    def _loaded(self, serial: int, rows: list[BoardRow], settings: CounterSettings) -> None:
        if serial != self._serial:
            return  # a newer load was asked for meanwhile
        from hallapp.services.board import summary

        self._rows, self._settings = rows, settings
        for box, values in (
            (self.department_box, {r.department for r in rows}),
            (self.matter_box, {r.matter_name for r in rows}),
            (self.window_box, {r.window for r in rows}),
            (self.clerk_box, {r.clerk for r in rows}),
        ):
            self._fill(box, values)
        self.apply_filter()
        self.rows_loaded.emit(summary(rows))

    def _load_failed(self, serial: int, error: BaseException) -> None:
        if serial == self._serial:
            self.show_message(work.error_text("读取容缺办件", error), "error")

    def _fill(self, box: QComboBox, values: set[str]) -> None:
        """Offer the values of the loaded rows; keep the clerk's choice (even if no row has it now)."""
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("全部"), None)
        for value in sorted(values | ({current} if current else set())):
            box.addItem(value, value)
        box.setCurrentIndex(0 if current is None else box.findData(current))
        box.blockSignals(False)

    def apply_filter(self) -> None:
        """Show the loaded rows the search and the filters keep (in memory, no database)."""
        from hallapp.services.board import BoardFilter, summary

        self._debounce.stop()
        kept, current = self.selected_numbers(), self.current_number()
        position = max(self.table.currentIndex().row(), 0)
        shown = BoardFilter(
            department=self.department_box.currentData(),
            matter=self.matter_box.currentData(),
            window=self.window_box.currentData(),
            clerk=self.clerk_box.currentData(),
            status=self.status_box.currentData(),
            text=self.search_box.text(),
        ).apply(self._rows)
        self.model.set_rows(shown)
        self._restore_selection(kept, current, position)
        day = summary(self._rows)
        text = (
            day.text
            if len(shown) == len(self._rows)
            else self.tr("{0}；当前显示 {1} 件").format(day.text, len(shown))
        )
        self.summary_label.setText(text)
        self._set_property(self.summary_label, "overdue", day.overdue > 0)

    def _restore_selection(self, numbers: Sequence[str], current: str, position: int) -> None:
        if not self.model.rowCount():
            return
        where = {row.number: i for i, row in enumerate(self.model.rows())} if numbers else {}
        rows = sorted(where[n] for n in numbers if n in where)
        if not rows:
            rows = [min(position, self.model.rowCount() - 1)]
        self._select(rows, where.get(current, rows[0]))

    def _select(self, rows: Sequence[int], current: int) -> None:
        """Select ``rows`` (ascending; contiguous runs become one range) with the cursor on ``current``."""
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        start = previous = rows[0]
        for row in [*rows[1:], -2]:
            if row != previous + 1:
                selection.select(self.model.index(start, 0), self.model.index(previous, last))
                start = row
            previous = row
        flags = QItemSelectionModel.SelectionFlag
        self.table.selectionModel().setCurrentIndex(self.model.index(current, 0), flags.NoUpdate)
        self.table.selectionModel().select(selection, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(self.model.index(current, 0))

    def _highlight_changed(self, days: int) -> None:
        self.model.highlight_days = days
        self._update_due_button(days)

    def _update_due_button(self, days: int) -> None:
        self.select_due_button.setText(self.tr("选中 {0} 个工作日内到期(&U)").format(days))

    # -- what is chosen ------------------------------------------------------------------------------------

    def shown_rows(self) -> list[BoardRow]:
        """The rows the board shows now, in order."""
        return self.model.rows()

    def current_row(self) -> BoardRow | None:
        """The case under the cursor, if it is selected."""
        index = self.table.currentIndex()
        selected = (
            self.table.selectionModel().isRowSelected(index.row(), index.parent())
            if index.isValid()
            else False
        )
        return self.model.row_at(index.row()) if selected else None

    def current_number(self) -> str:
        row = self.current_row()
        return row.number if row is not None else ""

    def selected_rows(self) -> list[BoardRow]:
        """Every selected case, in board order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [row for row in (self.model.row_at(r) for r in rows) if row is not None]

    def selected_numbers(self) -> list[str]:
        return [row.number for row in self.selected_rows()]

    def select_due(self) -> None:
        """Select the cases due within the highlighted number of working days (for 催补)."""
        days = self.highlight_spin.value()
        rows = [i for i, row in enumerate(self.model.rows()) if row.due_within(days)]
        if not rows:
            self.show_message(self.tr("没有 {0} 个工作日内到期的办件").format(days), "ok")
            return
        self._select(rows, rows[0])
        self.table.setFocus()

    def focus_search(self) -> None:
        self.keys.focus_search()

    def _enter(self, row: int) -> None:
        if self._debounce.isActive():  # Enter right after typing: open what the words on screen find
            self.apply_filter()
            row = 0
        self._open(row)

    def _open(self, row: int) -> None:
        case = self.model.row_at(row)
        if case is not None:
            self.case_opened.emit(case.number)

    # -- messages --------------------------------------------------------------------------------------

    def show_message(self, text: str, kind: str) -> None:
        """Say something on the page: kind "error" (red), "ok" or "busy"."""
        self.message_label.setText(text)
        self._set_property(self.message_label, "kind", kind)
        self.message_label.setVisible(bool(text))

    def message(self) -> str:
        """The message shown now ("" when none)."""
        return "" if self.message_label.isHidden() else self.message_label.text()

    @staticmethod
    def _set_property(label: QLabel, name: str, value: object) -> None:
        label.setProperty(name, value)
        label.style().unpolish(label)
        label.style().polish(label)

    # -- actions -------------------------------------------------------------------------------------------

    def _one(self, what: str) -> BoardRow | None:
        row = None if self._busy else self.current_row() or next(iter(self.selected_rows()), None)
        if row is None and not self._busy:
            self.show_message(self.tr("请先在列表中选中要{0}的办件").format(what), "error")
        return row

    def _run(self, what: str, job: Work) -> None:
        """Run ``job`` on a worker; then say what happened, preview what was printed, reload."""
        context = self.context
        if context is None or self._busy:
            return
        settings, today = self._settings, self._today()
        self._set_busy(True)
        self.show_message(self.tr("正在{0}…").format(what), "busy")
        run_task(
            self,
            lambda: job(context, settings or context.settings(), today),
            self._done,
            lambda error: self._failed(what, error),
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in self.action_buttons:
            button.setEnabled(not busy)

    def _done(self, outcome: Outcome) -> None:
        self._set_busy(False)
        self.show_message(outcome.message, "ok")
        if outcome.documents:
            self.preview_requested.emit(outcome.title, outcome.documents)
        self.refresh()

    def _failed(self, what: str, error: BaseException) -> None:
        self._set_busy(False)
        self.show_message(work.error_text(what, error), "error")
        self.refresh()  # show the cases as stored (a refused change stored nothing)

    def supplement(self) -> None:
        """补正: record which deferred materials arrived, print the supplement receipt."""
        row = self._one("补正")
        if row is not None:
            dialog = SupplementDialog(row, self, today=self._today())
            if dialog.exec() == QDialog.DialogCode.Accepted:
                values = dialog.values()  # read on the UI thread, not by the worker
                self._run("登记补正", lambda c, s, t: work.do_supplement(c, s, t, row, values))

    def extend(self) -> None:
        """延期: move the deadline later, with a supervisor's approval."""
        row = self._one("延期")
        if row is not None:
            dialog = ExtendDialog(row, self, today=self._today())
            if dialog.exec() == QDialog.DialogCode.Accepted:
                values = dialog.values()  # read on the UI thread, not by the worker
                self._run("延期", lambda c, s, t: work.do_extend(c, s, t, row, values))

    def terminate(self) -> None:
        """终止办理: end an overdue case and print its 终止办理通知书."""
        row = self._one("终止办理")
        if row is not None and self._confirm(
            self.tr("终止办理 {0}（{1}，{2}）？\n将打印终止办理通知书；终止后该办件不能再补正。").format(
                row.number, row.applicant_name, row.matter_name
            ),
            self.tr("终止办理"),
        ):
            self._run("终止办理", lambda c, s, t: work.do_terminate(c, s, t, row))

    def withdraw(self) -> None:
        """撤回: the applicant withdraws the application."""
        row = self._one("撤回")
        if row is not None and self._confirm(
            self.tr("登记 {0}（{1}，{2}）由申请人撤回？").format(
                row.number, row.applicant_name, row.matter_name
            ),
            self.tr("撤回"),
        ):
            self._run("撤回", lambda c, s, t: work.do_withdraw(c, s, t, row))

    def remind(self) -> None:
        """催补: print the reminder notices of every selected case in one PDF and record the reminders."""
        numbers = self.selected_numbers()
        if not numbers:
            self.show_message(self.tr("请先选中要催补的办件（可用“选中到期”按钮）"), "error")
        elif not self._busy:
            dialog = ReminderDialog(len(numbers), self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                values = dialog.values()
                self._run("催补", lambda c, s, t: work.do_remind(c, s, t, numbers, values))

    def print_history(self) -> None:
        """办件记录: print the timeline of every event of the current case."""
        row = self._one("打印办件记录")
        if row is not None:
            self._run("打印办件记录", lambda c, s, t: work.do_history(c, s, t, row))

    def _confirm(self, text: str, ok_text: str) -> bool:
        return ConfirmDialog(text, self, title=ok_text, ok_text=ok_text).exec() == QDialog.DialogCode.Accepted
