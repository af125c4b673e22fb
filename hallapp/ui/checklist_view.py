"""The checklist table, driven from the keyboard (Space, O, + / -, D, Delete, A)."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView


class ChecklistView(QTableView):
    """The checklist table, driven from the keyboard; asks the page to change the checklist."""

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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.KEYS.get(Qt.Key(event.key()))
        if action and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.key_action.emit(action, max(self.currentIndex().row(), 0))
            return
        super().keyPressEvent(event)
