"""Table model over the domain's ``Checklist``: one row per material, what was brought, what is missing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from hallapp.domain.intake import CheckEditing, MaterialCheck, Outcome

Index = QModelIndex | QPersistentModelIndex
OUTCOME_COLOURS = {
    Outcome.RECEIVED: "#047857",
    Outcome.LICENCE: "#047857",
    Outcome.DEFERRED: "#c2410c",
    Outcome.MISSING: "#b91c1c",
    Outcome.NOT_NEEDED: "#6b7280",
}


def requirement_text(check: MaterialCheck) -> str:
    need = check.requirement
    text = need.form_label + ("" if need.required else "（非必要）")
    if need.deferrable:
        text += "  可容缺"
    return text


def name_text(check: MaterialCheck) -> str:
    """The material's name, whose it is when not the applicant's alone (男女双方 …: 申请人、配偶), and
    the e-licence that may replace it — only for the one person whose ID the counter has."""
    need = check.requirement
    text = need.name
    if need.owner_label and not need.concerns_agent:
        text += f"（{need.owner_label}）"
    if need.licence_type_name and need.licence_party is not None:
        text += f"  〔电子证照：{need.licence_type_name}〕"
    return text


def status_text(check: MaterialCheck) -> str:
    if check.outcome in (Outcome.MISSING,) and (check.original_seen or check.copies):
        return check.shortfall
    if check.outcome is Outcome.MISSING:
        return "未提交"
    if check.outcome is Outcome.NOT_NEEDED:
        return "未提交（非必要）"
    return check.outcome_label


class ChecklistModel(QAbstractTableModel):
    COLUMNS = ("材料名称", "要求", "原件", "复印件", "情况")
    NAME, REQUIREMENT, ORIGINAL, COPIES, STATUS = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.checklist: CheckEditing | None = None  # one matter's or a bundle's
        self.notes: dict[int, str] = {}  # why a licence found for a row cannot replace its paper

    def set_notes(self, notes: dict[int, str]) -> None:
        self.notes = notes

    def set_checklist(self, checklist: CheckEditing) -> None:
        """Show a new state of the checklist; same rows, so the current row is kept."""
        same_shape = self.checklist is not None and len(self.checklist.checks) == len(checklist.checks)
        self.checklist = checklist
        if same_shape:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        else:
            self.beginResetModel()
            self.endResetModel()

    def check(self, row: int) -> MaterialCheck | None:
        if self.checklist is None or not 0 <= row < len(self.checklist.checks):
            return None
        return self.checklist.checks[row]

    def status(self, row: int, check: MaterialCheck) -> str:
        """What happened to the material, with the licence used or why a licence could not be."""
        if check.licence is not None:
            lic = check.licence
            return f"电子证照调取 — 免提交（{lic.display_number}，{lic.validity_label}）"
        if row in self.notes and not check.complete:
            return f"{status_text(check)}（{self.notes[row]}）"
        return status_text(check)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.checklist is None else len(self.checklist.checks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        check = self.check(index.row())
        if check is None:
            return None
        column = index.column()
        need = check.requirement
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return name_text(check)
            if column == self.REQUIREMENT:
                return requirement_text(check)
            if column == self.ORIGINAL:
                return (
                    ("✓ 已" + need.original_handling.label if check.original_seen else "—")
                    if need.originals
                    else ""
                )
            if column == self.COPIES:
                return (
                    f"{check.copies} / {need.copies}"
                    if need.copies
                    else (str(check.copies) if check.copies else "")
                )
            if column == self.STATUS:
                return self.status(index.row(), check)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            return QBrush(QColor(OUTCOME_COLOURS[check.outcome]))
        if role == Qt.ItemDataRole.ToolTipRole:  # whole, where the column shows it ending in …
            if column == self.STATUS:
                lic = check.licence
                return self.status(index.row(), check) + (f"\n发证机关：{lic.issuer}" if lic else "")
            return name_text(check) + (f"\n审查要点：{need.notes}" if need.notes else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.ORIGINAL, self.COPIES):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
