"""The part every read-only table here shares: the model (rows in a list, fixed translated column titles)
and the view (whole rows, no editing, one line per row)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    """Subclasses set ``COLUMNS`` and keep their rows in ``self._rows``; they implement ``data``."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate(type(self).__name__, self.COLUMNS[section])
        return None


def row_table(
    model: QAbstractItemModel,
    *,
    stretch: int | None = None,
    fit: bool = True,
    several: bool = False,
    fixed_rows: bool = False,
    name: str = "",
) -> QTableView:
    """A read-only table of ``model``: whole rows selected (``several`` at once, else one), nothing
    edited in place, alternating rows, one line per row, no row numbers.

    Columns fit their contents (``fit``; from a sample of 100 rows, so 20,000 rows stay cheap) or are
    left for the person to size; ``stretch`` takes the width left. ``fixed_rows`` gives every row one
    text line's height (a long list scrolls without measuring each row)."""
    table = QTableView()
    if name:
        table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if several
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    if fixed_rows:
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(100)
    header.setSectionResizeMode(
        QHeaderView.ResizeMode.ResizeToContents if fit else QHeaderView.ResizeMode.Interactive
    )
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
