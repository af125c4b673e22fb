"""Parts of the 容缺跟踪 page: its style, its table, selecting rows, and its keys in text fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QTableView

from hallapp.ui.board_model import BoardModel
from hallapp.ui.row_model import row_table

STYLE = """
QLineEdit#boardSearchBox { font-size: 14pt; padding: 5px 8px; border: 2px solid #94a3b8; border-radius: 6px;
    background: white; }
QLineEdit#boardSearchBox:focus { border-color: #2563eb; }
QTableView#board { background: white; alternate-background-color: #f8fafc; gridline-color: #e2e8f0;
    selection-background-color: #1d4ed8; selection-color: white; border: 1px solid #cbd5e1; }
QLabel#boardSummary { color: #334155; padding: 2px; }
QLabel#boardSummary[overdue="true"] { color: #b91c1c; font-weight: bold; }
QLabel#boardNotice { color: #92400e; background: #fffbeb; border: 1px solid #fde68a; border-radius: 4px;
    padding: 4px 8px; }
QLabel#boardMessage { border-radius: 4px; padding: 5px 8px; }
QLabel#boardMessage[kind="error"] { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca; }
QLabel#boardMessage[kind="ok"] { color: #166534; background: #f0fdf4; border: 1px solid #bbf7d0; }
QLabel#boardMessage[kind="busy"] { color: #334155; background: #f1f5f9; border: 1px solid #cbd5e1; }
"""


class ActionKeys(QObject):
    """The board's Ctrl shortcuts, kept working while the cursor is in a text field of the page.

    A line edit claims some Ctrl keys as editing keys on some desktops (on X11 Ctrl+E moves to the end of
    the line), so the shortcut would never fire from the search box. Installed on the page's text fields,
    this claims the board's own keys first and runs the action itself.
    """

    def __init__(self, parent: QObject, actions: dict[str, Callable[[], None]]) -> None:
        super().__init__(parent)
        self.actions = {QKeySequence(keys).toString(): slot for keys, slot in actions.items()}

    def _action(self, event: QKeyEvent) -> Callable[[], None] | None:
        return self.actions.get(QKeySequence(event.keyCombination()).toString())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or (slot := self._action(event)) is None:
            return False
        event.accept()  # ShortcutOverride: ours, not the line edit's; KeyPress: done here
        if event.type() == QEvent.Type.KeyPress:
            slot()
        return True


def make_table(model: BoardModel) -> QTableView:
    """The board's table: whole rows, several at once, columns fitted from a sample of rows."""
    return row_table(model, stretch=BoardModel.MISSING, several=True, fixed_rows=True, name="board")


def select_rows(table: QTableView, rows: Sequence[int], current: int) -> None:
    """Select ``rows`` (ascending; contiguous runs become one range) with the cursor on ``current``."""
    model = table.model()
    selection = QItemSelection()
    last = model.columnCount() - 1
    start = previous = rows[0]
    for row in [*rows[1:], -2]:
        if row != previous + 1:
            selection.select(model.index(start, 0), model.index(previous, last))
            start = row
        previous = row
    flags = QItemSelectionModel.SelectionFlag
    table.selectionModel().setCurrentIndex(model.index(current, 0), flags.NoUpdate)
    table.selectionModel().select(selection, flags.ClearAndSelect | flags.Rows)
    table.scrollTo(model.index(current, 0))
