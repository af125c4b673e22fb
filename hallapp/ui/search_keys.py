"""The keys a search box shares with its result table, for every "type to find, Enter to open" list.

While typing, ↑ ↓ PgUp PgDn move the table's current row without leaving the box; Enter chooses the
current row (the first one if none); Esc clears the box, or in the table returns to the box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QTableView

NAVIGATION_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


class SearchListKeys(QObject):
    """Installed on both widgets; ``choose(row)`` is called on Enter."""

    def __init__(self, search_box: QLineEdit, table: QTableView, choose: Callable[[int], None]) -> None:
        super().__init__(search_box)
        self.search_box = search_box
        self.table = table
        self.choose = choose
        search_box.installEventFilter(self)
        table.installEventFilter(self)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.choose(max(self.table.currentIndex().row(), 0))
            return True
        if watched is self.search_box and key in NAVIGATION_KEYS and self.table.model().rowCount():
            self.table.setFocus()
            self.table.keyPressEvent(event)
            self.search_box.setFocus()
            return True
        if watched is self.search_box and key == Qt.Key.Key_Escape and self.search_box.text():
            self.search_box.clear()
            return True
        if watched is self.table and key == Qt.Key.Key_Escape:
            self.focus_search()
            return True
        return False
