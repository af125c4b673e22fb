"""The checklist table, driven from the keyboard (Space, O, + / -, D, Delete, A)."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

FOCUS_COLOUR = "#2563eb"  # the current row and the frame while the keys act on the table
IDLE_ROW_COLOUR = "#e2e8f0"  # the current row, quietly, while typing elsewhere
STRETCHED = (0, 4)  # the checklist model's material name and status columns


class ChecklistView(QTableView):
    """The checklist table, driven from the keyboard; asks the page to change the checklist.

    The keys act on the current row only while the table has focus, so the clerk must see which: with
    focus the row is filled blue and outlined, without it it is pale grey.
    """

    key_action = Signal(str, int)  # action, row

    KEYS: ClassVar[dict[Qt.Key, str]] = {
        Qt.Key.Key_Space: "toggle",
        Qt.Key.Key_O: "original",
        Qt.Key.Key_Plus: "more",
        Qt.Key.Key_Equal: "more",
        Qt.Key.Key_Minus: "fewer",
        Qt.Key.Key_D: "defer",
        Qt.Key.Key_Delete: "clear",
        Qt.Key.Key_Backspace: "clear",
        Qt.Key.Key_A: "all",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the decision; arrows move between rows
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # One line per material, as compact as the font allows: a bundle's dozen rows fit on a small
        # screen. A name or status too long for its column ends in … and is whole in its tooltip.
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self._show_focus(False)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """The name and the status share the width; the short columns take what they need."""
        super().setModel(model)
        header = self.horizontalHeader()
        for column in range(header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in STRETCHED:
            if column < header.count():
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _show_focus(self, focused: bool) -> None:
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(
                group, QPalette.ColorRole.Highlight, QColor(FOCUS_COLOUR if focused else IDLE_ROW_COLOUR)
            )
            palette.setColor(
                group, QPalette.ColorRole.HighlightedText, QColor("#ffffff" if focused else "#0f172a")
            )
        self.setPalette(palette)
        self.viewport().update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._show_focus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show_focus(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.hasFocus():
            return
        painter = QPainter(self.viewport())
        painter.setPen(QPen(QColor(FOCUS_COLOUR), 3))
        painter.drawRect(self.viewport().rect().adjusted(1, 1, -2, -2))  # the frame: keys land here
        row = self.currentIndex().row()
        model = self.model()
        if row >= 0 and model is not None:
            first = self.visualRect(model.index(row, 0))
            last = self.visualRect(model.index(row, model.columnCount() - 1))
            painter.setPen(QPen(QColor("#1e3a8a"), 2))
            painter.drawRect(first.united(last).adjusted(1, 1, -2, -2))
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.KEYS.get(Qt.Key(event.key()))
        if action and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.key_action.emit(action, max(self.currentIndex().row(), 0))
            return
        super().keyPressEvent(event)
