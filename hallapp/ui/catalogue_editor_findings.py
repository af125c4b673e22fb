"""What the quality rules found, under the editor's pages: refusals in red, warnings in brown.

Each line keeps the field it is about; Enter (or a double click) on a line asks to go there
(``go_to_requested``). The list only shows findings; ``services.catalogue_rules`` decides them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from hallapp.services.catalogue_rules import RuleReport

REFUSAL_COLOUR, WARNING_COLOUR = QColor("#b91c1c"), QColor("#92400e")
FIELD_ROLE = Qt.ItemDataRole.UserRole
REFUSAL_PREFIX, WARNING_PREFIX = "不能保存：", "提醒："


class FindingsList(QListWidget):
    """Hidden while there is nothing to say."""

    go_to_requested = Signal(str)  # the field of the chosen finding ("" when unknown)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("findings")
        self.setWordWrap(True)
        self.setMaximumHeight(110)
        self.hide()
        self.itemActivated.connect(lambda item: self.go_to_requested.emit(item.data(FIELD_ROLE) or ""))

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def show_report(self, report: RuleReport) -> None:
        self.clear()
        for prefix, colour, found in (
            (REFUSAL_PREFIX, REFUSAL_COLOUR, report.refusals),
            (WARNING_PREFIX, WARNING_COLOUR, report.warnings),
        ):
            for finding in found:
                self._add(prefix + finding.text, colour, finding.field)
        self.setVisible(self.count() > 0)

    def show_refusals(self, problems: Sequence[str]) -> None:
        """The session's own refusal (the rules checked again when saving), without fields."""
        self.clear()
        for problem in problems:
            self._add(REFUSAL_PREFIX + problem, REFUSAL_COLOUR, "")
        self.setVisible(self.count() > 0)

    def _add(self, text: str, colour: QColor, field: str) -> None:
        item = QListWidgetItem(text)
        item.setForeground(colour)
        item.setData(FIELD_ROLE, field)
        self.addItem(item)
