"""容缺跟踪: the follow-up board — every open deferred case, most urgent first, and what to do about it.

The page loads the board through the operation helper (``attach(ops)``; the session is ``ops.session``),
then filters in memory (``BoardFilter``) as the clerk types or picks a department, matter, window, clerk
or state. It reloads itself when an operation changed the board or the working-day calendar
(``on_changes``): a holiday entered by the administrator changes every days-left without a restart.
The actions on the selected case(s) are ``board_actions``'; what the signed-in person may not do is
disabled before any form is filled, with the reason shown. ``detach()`` clears every row, name and
ID from the screen and closes the open form (sign-out, lock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallapp.errors import describe
from hallapp.ui.board_actions import ACTIONS, BoardActions
from hallapp.ui.board_model import DEFAULT_HIGHLIGHT_DAYS, BoardModel
from hallapp.ui.board_parts import STYLE, ActionKeys, make_table, select_rows
from hallapp.ui.search_keys import SearchListKeys

if TYPE_CHECKING:
    from hallapp.domain.workdays import WorkdayCalendar
    from hallapp.services.board import BoardRow
    from hallapp.services.changes import Changes
    from hallapp.ui.followup_dialogs import _Form
    from hallapp.ui.ops import Operations

FILTER_DEBOUNCE_MS = 100
STATUS_CHOICES = ("待补正", "部分补正", "逾期")


class BoardView(BoardActions, QWidget):
    """The 容缺跟踪 page: search, filters, the board, actions on the selected cases, a summary line."""

    rows_loaded = Signal(object)  # DaySummary of all open deferred cases, after each load
    preview_requested = Signal(str, object)  # title, list[(label, Path)] of PDFs just printed
    case_opened = Signal(str)  # case number (Enter / double-click)
    supplement_button: QPushButton
    extend_button: QPushButton
    terminate_button: QPushButton
    withdraw_button: QPushButton
    remind_button: QPushButton
    history_button: QPushButton

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.ops: Operations | None = None
        self.today: date | None = None  # None: the real today (tests set a fixed day)
        self.dialog: _Form | None = None  # the open form of an action
        self._rows: list[BoardRow] = []
        self._calendar: WorkdayCalendar | None = None  # the calendar the rows were counted with
        self._refusals: dict[str, str] = {}
        self._restoring = False  # the view itself is moving the selection (after a reload)

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
        self.table = make_table(self.model)
        self.notice_label = self._label("boardNotice")
        self.message_label = self._label("boardMessage")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("boardSummary")

        self.buttons: dict[str, QPushButton] = {}
        keyed: dict[str, Callable[[], None]] = {}
        for key, text, keys, tip in ACTIONS:
            slot = getattr(self, "print_history" if key == "history" else key)
            button = self._button(text, tip + (f"  {keys}" if keys else ""), slot)
            self.buttons[key] = button
            setattr(self, f"{key}_button", button)
            if keys:
                keyed[keys] = slot
                shortcut = QShortcut(
                    QKeySequence(keys), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
                )
                shortcut.activated.connect(slot)
        self.select_due_button = self._button(
            "", "选中剩余工作日不超过高亮天数的办件（不含逾期）", self.select_due
        )
        self.action_keys = ActionKeys(self, keyed)
        for field in (self.search_box, self.highlight_spin):
            field.installEventFilter(self.action_keys)
        self._update_due_button(self.highlight_spin.value())
        self._layout()
        self._apply_permissions()

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
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.setFocusProxy(self.search_box)

    # -- building --------------------------------------------------------------------------------------

    def _combo(self, width: int) -> QComboBox:
        box = QComboBox()
        box.addItem(self.tr("全部"), None)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(width)
        return box

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.hide()
        return label

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(self.tr(text))
        button.setAutoDefault(False)
        button.setToolTip(self.tr(tip))
        button.clicked.connect(slot)
        return button

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
        for key, button in self.buttons.items():
            if key == "remind":
                buttons.addSpacing(18)
                buttons.addWidget(self.select_due_button)
            if key == "history":
                buttons.addSpacing(18)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 4)
        layout.setSpacing(8)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)

    # -- signed in, signed out, something changed --------------------------------------------------------

    def attach(self, ops: Operations) -> None:
        """Someone signed in (``ops.session`` is theirs): enable what they may do, load the board."""
        if self.ops is not ops:
            self.ops = ops
            ops.did_change.connect(self.on_changes)
            ops.busy_changed.connect(self._busy_changed)
        self._apply_permissions()
        self.refresh()

    def detach(self) -> None:
        """Signed out or locked: close the open form; no row, name or ID of the cases stays on screen."""
        self.close_dialog()
        self._debounce.stop()
        ops, self.ops = self.ops, None
        if ops is not None:
            ops.did_change.disconnect(self.on_changes)
            ops.busy_changed.disconnect(self._busy_changed)
            ops.forget(self, "load")
        self._rows, self._calendar = [], None
        self.search_box.clear()
        for box in (self.department_box, self.matter_box, self.window_box, self.clerk_box):
            self._fill(box, set(), keep=False)
        self.status_box.setCurrentIndex(0)
        self.model.set_rows([])
        self.show_message("", "ok")
        self._set_summary("", overdue=False)
        self._apply_permissions()

    def on_changes(self, changes: Changes) -> None:
        """An operation finished: reload when it changed the cases followed or the working days."""
        if changes.board or changes.calendar:
            self.refresh()

    # -- loading and filtering -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the open deferred cases again (a newer load supersedes an older one's answer)."""
        ops = self.ops
        if ops is None or ops.session is None:
            return
        today = self._today()
        ops.run(
            self,
            lambda session: (session.board_rows(today=today), session.calendar),
            self._loaded,
            self._load_failed,
            key="load",
            latest=True,
        )

    def _loaded(self, result: tuple[list[BoardRow], WorkdayCalendar | None]) -> None:
        from hallapp.services.board import summary

        self._rows, self._calendar = result
        for box, values in (
            (self.department_box, {r.department for r in self._rows}),
            (self.matter_box, {r.matter_name for r in self._rows}),
            (self.window_box, {r.window for r in self._rows}),
            (self.clerk_box, {r.clerk for r in self._rows}),
        ):
            self._fill(box, values)
        self.apply_filter()
        self.rows_loaded.emit(summary(self._rows))

    def _load_failed(self, error: BaseException) -> None:
        self._set_summary(self.tr("无法读取容缺办件：{0}").format(describe(error)), overdue=True)

    def _fill(self, box: QComboBox, values: set[str], *, keep: bool = True) -> None:
        """Offer the values of the loaded rows; keep the clerk's choice (even if no row has it now)."""
        current = box.currentData() if keep else None
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
        self._restoring = True
        try:
            self.model.set_rows(shown)
            self._restore_selection(kept, current, position)
        finally:
            self._restoring = False
        day = summary(self._rows)
        text = (
            day.text
            if len(shown) == len(self._rows)
            else self.tr("{0}；当前显示 {1} 件").format(day.text, len(shown))
        )
        self._set_summary(text, overdue=day.overdue > 0)

    def _restore_selection(self, numbers: Sequence[str], current: str, position: int) -> None:
        if not self.model.rowCount():
            return
        where = {row.number: i for i, row in enumerate(self.model.rows())} if numbers else {}
        rows = sorted(where[n] for n in numbers if n in where)
        if not rows:
            rows = [min(position, self.model.rowCount() - 1)]
        self._select(rows, where.get(current, rows[0]))

    def _select(self, rows: Sequence[int], current: int) -> None:
        select_rows(self.table, rows, current)

    def _selection_changed(self, *_args: Any) -> None:
        """Another case chosen: what the page said about the previous one no longer applies."""
        if not self._restoring:
            self.show_message("", "ok")

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
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.model.row_at(index.row())

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
        """Say something on the page: kind "error" (red), "ok" or "busy"; "" hides the line."""
        self.message_label.setText(text)
        self._set_property(self.message_label, "kind", kind)
        self.message_label.setVisible(bool(text))

    def message(self) -> str:
        """The message shown now ("" when none)."""
        return "" if self.message_label.isHidden() else self.message_label.text()

    def notice(self) -> str:
        """Why some actions are not available to the signed-in person ("" when all are)."""
        return "" if self.notice_label.isHidden() else self.notice_label.text()

    def _set_summary(self, text: str, *, overdue: bool) -> None:
        self.summary_label.setText(text)
        self._set_property(self.summary_label, "overdue", overdue)

    @staticmethod
    def _set_property(label: QLabel, name: str, value: object) -> None:
        label.setProperty(name, value)
        label.style().unpolish(label)
        label.style().polish(label)
