"""依申请公开: the disclosure board — open requests most urgent first, then the recently closed ones, the
steps of the selected request on keys, and the whole register (archive included) one choice away.

The page loads the board through the operation helper (``attach(ops)``; the session is ``ops.session``)
and filters it in memory as the clerk types or picks a status; 全部（含归档） searches the register
instead (``find_disclosures``). It reloads itself when an operation changed a request or the working-day
calendar (``on_changes``). Enter opens the selected request's detail. ``detach()`` clears every row,
name and form from the screen (sign-out, lock).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
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

from hallapp.domain.access import Permission
from hallapp.errors import describe
from hallapp.ui.board_parts import STYLE, ActionKeys, select_rows
from hallapp.ui.disclosure_actions import ACTIONS
from hallapp.ui.disclosure_model import (
    ARCHIVE,
    CHOICES,
    DEFAULT_HIGHLIGHT_DAYS,
    DisclosureModel,
    keep,
    summary_text,
)
from hallapp.ui.disclosure_parts import make_table
from hallapp.ui.disclosure_steps import DisclosureSteps
from hallapp.ui.search_keys import SearchListKeys

if TYPE_CHECKING:
    from hallapp.services.changes import Changes
    from hallapp.services.disclosure_inputs import DisclosureRow, DisclosureView
    from hallapp.ui.disclosure_detail import DisclosureDetailDialog
    from hallapp.ui.followup_form import _Form
    from hallapp.ui.ops import Operations

FILTER_DEBOUNCE_MS = 150
SECOND_ROW = "draft"  # the buttons from this one on go on the second line


class DisclosureBoard(DisclosureSteps, QWidget):
    """The 依申请公开 page: search, status filter, the steps' buttons, the board, a summary line."""

    rows_loaded = Signal(object)  # list[DisclosureRow], after each load
    preview_requested = Signal(str, object)  # number, list[(label, Path)] of PDFs just printed or opened

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.ops: Operations | None = None
        self.today: date | None = None  # None: the real today (tests set a fixed day)
        self.dialog: _Form | None = None
        self.detail_dialog: DisclosureDetailDialog | None = None
        self.select_after = ""
        self._rows: list[DisclosureRow] = []
        self._refusals: dict[str, str] = {}
        self._restoring = False
        self._was_archive = False
        self._hidden: list[QWidget] = []  # forms hidden with the page (the idle lock)

        self.search_box = QLineEdit()
        self.search_box.setObjectName("boardSearchBox")
        self.search_box.setPlaceholderText(self.tr("输入登记编号、申请人或申请内容"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("依申请公开搜索"))
        self.status_box = QComboBox()
        for text, key in CHOICES:
            self.status_box.addItem(self.tr(text), key)
        self.highlight_spin = QSpinBox()
        self.highlight_spin.setRange(0, 20)
        self.highlight_spin.setValue(DEFAULT_HIGHLIGHT_DAYS)
        self.highlight_spin.setSuffix(self.tr(" 个工作日内到期"))
        self.model = DisclosureModel(self)
        self.table = make_table(self.model)
        self.notice_label = self._label("boardNotice")
        self.message_label = self._label("boardMessage")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("boardSummary")

        self.buttons: dict[str, QPushButton] = {}
        keyed: dict[str, Callable[[], None]] = {}
        for key, text, keys, tip, _permission, _states in ACTIONS:
            slot = getattr(self, key)
            button = QPushButton(self.tr(text))
            button.setAutoDefault(False)
            button.setToolTip(self.tr(tip))
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            self.buttons[key] = button
            keyed[keys] = slot
            shortcut = QShortcut(
                QKeySequence(keys), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            shortcut.activated.connect(slot)
        self.action_keys = ActionKeys(self, keyed)
        for field in (self.search_box, self.highlight_spin, self.table):
            field.installEventFilter(self.action_keys)
        self._layout()
        self._apply_permissions()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._text_settled)
        self.keys = SearchListKeys(self.search_box, self.table, self._enter)
        self.search_box.textChanged.connect(lambda _text: self._debounce.start())
        self.status_box.currentIndexChanged.connect(lambda _index: self._status_changed())
        self.highlight_spin.valueChanged.connect(self._highlight_changed)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentChanged.connect(self._selection_changed)
        self.setFocusProxy(self.search_box)

    # -- building --------------------------------------------------------------------------------------

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.hide()
        return label

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        for text, widget in (("状态(&S)", self.status_box), ("高亮(&H)", self.highlight_spin)):
            label = QLabel(self.tr(text))
            label.setBuddy(widget)
            top.addSpacing(6)
            top.addWidget(label)
            top.addWidget(widget)
        first, second = QHBoxLayout(), QHBoxLayout()
        line = first
        for key, button in self.buttons.items():
            if key == SECOND_ROW:
                line = second
            elif key in ("ask_correction", "consult", "fee", "extend", "archive", "print_documents"):
                line.addSpacing(12)
            line.addWidget(button)
        for line in (first, second):
            line.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 4)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(first)
        layout.addLayout(second)
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
        """Signed out or locked: close the open forms; no row or name stays on screen."""
        self.close_dialog()
        if self.detail_dialog is not None:
            self.detail_dialog.close()
            self.detail_dialog = None
        self._debounce.stop()
        ops, self.ops = self.ops, None
        if ops is not None:
            ops.did_change.disconnect(self.on_changes)
            ops.busy_changed.disconnect(self._busy_changed)
            ops.forget(self, "load")
            ops.forget(self, "view")
        self._rows = []
        self.search_box.clear()
        self.status_box.blockSignals(True)
        self.status_box.setCurrentIndex(0)
        self.status_box.blockSignals(False)
        self.model.set_rows([])
        self.show_message("", "ok")
        self._set_summary("", overdue=False)
        self._apply_permissions()

    def on_changes(self, changes: Changes) -> None:
        if getattr(changes, "disclosures", False) or changes.calendar:
            self.refresh()

    # -- loading and filtering -------------------------------------------------------------------------

    @property
    def archive_mode(self) -> bool:
        return self.status_box.currentData() == ARCHIVE

    def refresh(self) -> None:
        """Load the board (or, for 全部, search the register) again; a newer load supersedes an older one."""
        ops = self.ops
        if ops is None or ops.session is None or not ops.session.may(Permission.DISCLOSURE):
            return  # nobody signed in, or someone whose role has no disclosure board
        today = self._today()
        if self.archive_mode:
            text = self.search_box.text().strip()
            job = lambda s: s.find_disclosures(text, today=today)
        else:
            job = lambda s: s.disclosure_board(today=today)
        ops.run(self, job, self._loaded, self._load_failed, key="load", latest=True)

    def _loaded(self, rows: list[DisclosureRow]) -> None:
        self._rows = list(rows)
        self.apply_filter()
        if self.select_after:
            where = self.model.row_of(self.select_after)
            if where >= 0:
                self._select(where)
                self.select_after = ""
        self.rows_loaded.emit(self._rows)

    def _load_failed(self, error: BaseException) -> None:
        self._set_summary(self.tr("无法读取依申请公开台账：{0}").format(describe(error)), overdue=True)

    def _text_settled(self) -> None:
        if self.archive_mode:
            self.refresh()  # the register is searched by the words typed
        else:
            self.apply_filter()

    def _status_changed(self) -> None:
        """Into or out of the archive: load again; between the board's own choices: filter."""
        if self.archive_mode or self._was_archive:
            self._rows = []
            self.model.set_rows([])
            self.refresh()
        else:
            self.apply_filter()
        self._was_archive = self.archive_mode

    def apply_filter(self) -> None:
        """Show the loaded rows the status choice and the text keep (in memory)."""
        self._debounce.stop()
        current = self.current_row()
        position = max(self.table.currentIndex().row(), 0)
        days = self.highlight_spin.value()
        shown = keep(self._rows, self.status_box.currentData(), self.search_box.text(), days)
        self._restoring = True
        try:
            self.model.set_rows(shown)
            if self.model.rowCount():
                where = self.model.row_of(current.number) if current is not None else -1
                self._select(where if where >= 0 else min(position, self.model.rowCount() - 1))
        finally:
            self._restoring = False
        self._apply_permissions()
        text, overdue = summary_text(self._rows, days)
        if self.archive_mode:
            text = self.tr("全部申请（含归档）找到 {0} 件").format(len(shown))
        elif len(shown) != len(self._rows):
            text = self.tr("{0}；当前显示 {1} 件").format(text, len(shown))
        self._set_summary(text, overdue=overdue and not self.archive_mode)

    def _select(self, row: int) -> None:
        select_rows(self.table, [row], row)

    def _selection_changed(self, *_args: Any) -> None:
        """Another request chosen: the steps it allows, and nothing said about the previous one."""
        self._apply_permissions()
        if not self._restoring:
            self.show_message("", "ok")

    def _highlight_changed(self, days: int) -> None:
        self.model.highlight_days = days
        self.apply_filter()

    # -- what is chosen ------------------------------------------------------------------------------------

    def shown_rows(self) -> list[DisclosureRow]:
        return self.model.rows()

    def current_row(self) -> DisclosureRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.model.row_at(index.row())

    def select(self, number: str) -> bool:
        where = self.model.row_of(number)
        if where >= 0:
            self._select(where)
        return where >= 0

    def focus_search(self) -> None:
        self.keys.focus_search()

    def _refocus(self) -> None:
        if self.isVisible():
            (self.table if self.model.rowCount() else self.search_box).setFocus()

    def _enter(self, row: int) -> None:
        if self._debounce.isActive():
            self._text_settled()
            if self.archive_mode:
                return  # the register is being searched: Enter again once it answered
            row = 0
        self._open(row)

    def _open(self, row: int) -> None:
        found = self.model.row_at(row)
        if found is not None:
            self.open_detail(found.number)

    def open_detail(self, number: str) -> None:
        """The request with its clock, history and documents (Enter, double-click)."""

        def show(view: DisclosureView) -> None:
            from hallapp.ui.disclosure_detail import DisclosureDetailDialog

            session = self.ops.session if self.ops is not None else None
            if session is None:
                return
            if self.detail_dialog is not None:
                self.detail_dialog.close()
            dialog = DisclosureDetailDialog(view, session.paths.data_dir, self)
            dialog.document_opened.connect(
                lambda path: self.preview_requested.emit(number, [(path.split("/")[-1], path)])
            )
            dialog.print_requested.connect(self.print_documents)
            dialog.finished.connect(lambda _r: self._detail_closed(dialog))
            self.detail_dialog = dialog
            dialog.open()

        self._with_view(number, show)

    def hideEvent(self, event: QHideEvent) -> None:
        """The page hidden (the idle lock hides the counter): its open form or detail is hidden with it —
        nothing of a request stays on screen behind the lock — and shown again when the page is."""
        super().hideEvent(event)
        self._hidden = [d for d in (self.dialog, self.detail_dialog) if d is not None and d.isVisible()]
        for dialog in self._hidden:
            dialog.hide()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        hidden, self._hidden = self._hidden, []
        for dialog in hidden:
            if dialog in (self.dialog, self.detail_dialog):  # not closed meanwhile (sign-out)
                dialog.show()

    def _detail_closed(self, dialog: Any) -> None:
        if dialog is self.detail_dialog:
            self.detail_dialog = None
        dialog.deleteLater()

    # -- messages --------------------------------------------------------------------------------------

    def show_message(self, text: str, kind: str) -> None:
        self.message_label.setText(text)
        self._set_property(self.message_label, "kind", kind)
        self.message_label.setVisible(bool(text))

    def message(self) -> str:
        return "" if self.message_label.isHidden() else self.message_label.text()

    def notice(self) -> str:
        return "" if self.notice_label.isHidden() else self.notice_label.text()

    def _set_summary(self, text: str, *, overdue: bool) -> None:
        self.summary_label.setText(text)
        self._set_property(self.summary_label, "overdue", overdue)

    @staticmethod
    def _set_property(label: QLabel, name: str, value: object) -> None:
        label.setProperty(name, value)
        label.style().unpolish(label)
        label.style().polish(label)
