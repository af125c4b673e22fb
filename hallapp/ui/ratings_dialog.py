"""(being built for issue 13) 差评回访: the supervisor's list of open bad ratings."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from hallapp.ui.ops import Operations


class RatingsDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("差评回访"))
