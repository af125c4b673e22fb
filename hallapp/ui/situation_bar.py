"""The 办理情形 questions above the checklist: one tick box per situation, reached and answered by keyboard.

Tab reaches each question (it sits between the applicant's fields and the checklist), Space answers it,
and the focused question is outlined so the clerk sees where Space will land.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from hallapp.domain.catalogue import Situation

FOCUS_STYLE = (
    "QCheckBox { padding: 2px 4px; border: 2px solid transparent; border-radius: 4px; }"
    "QCheckBox:focus { border-color: #2563eb; background: #dbeafe; }"
)


class SituationBar(QWidget):
    """Asks the situations of the matter(s) on screen; emits ``answered(code, yes)`` when one is ticked."""

    answered = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setStyleSheet(FOCUS_STYLE)

    def build(self, situations: tuple[Situation, ...]) -> list[QCheckBox]:
        """One box per situation, in order; returns them for the page's tab order."""
        layout = self._layout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.boxes = {}
        if situations:
            layout.addWidget(QLabel(self.tr("办理情形：")))
        for situation in situations:
            box = QCheckBox(situation.question, self)
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            box.toggled.connect(lambda yes, code=situation.code: self.answered.emit(code, yes))
            self.boxes[situation.code] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.setVisible(bool(situations))
        return list(self.boxes.values())

    def set_answer(self, code: str, yes: bool) -> None:
        """Show an answer given elsewhere (the agent tick box of the form) without asking twice."""
        box = self.boxes.get(code)
        if box is not None and box.isChecked() != yes:
            box.setChecked(yes)
