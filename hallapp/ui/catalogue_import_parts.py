"""The import preview's tabs: matters added, changed (field by field), missing from the file (with the
choice to withdraw them), refused, and every problem of the file with its place.

Each list is a read-only table model over the rows the worker sent (at most a few thousand: the counts
are whole, the lists capped), so filling a tab costs no more than the rows a view paints.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hallapp.ui.row_model import Index, RowTableModel


class _Rows(RowTableModel):
    """Rows of plain strings, one per column."""

    def set_rows(self, rows: list[list[str]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, number: int) -> list[str]:
        return self._rows[number]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None


class AddedModel(_Rows):
    COLUMNS: ClassVar[tuple[str, ...]] = ("实施编码", "事项名称", "实施部门")


class ChangedModel(_Rows):
    COLUMNS: ClassVar[tuple[str, ...]] = ("实施编码", "事项名称", "修改的内容")


class MattersModel(_Rows):
    COLUMNS: ClassVar[tuple[str, ...]] = ("实施编码", "事项名称")


class RefusedModel(_Rows):
    COLUMNS: ClassVar[tuple[str, ...]] = ("实施编码", "事项名称", "不导入的原因")


class ProblemsModel(_Rows):
    COLUMNS: ClassVar[tuple[str, ...]] = ("文件", "表/工作表", "行/条", "字段", "值", "问题")


def _table(model: _Rows, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def _detail(name: str) -> QLabel:
    """The selected row in plain words, whole (a table cell cuts a long message off)."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setMinimumHeight(40)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


def _more(shown: int, total: int) -> str:
    return f"……还有 {total - shown} 项未列出（共 {total} 项）" if total > shown else ""


class _Page(QWidget):
    """A list with a line below it saying how many were left out."""

    def __init__(self, view: QWidget, above: QWidget | None = None, below: QWidget | None = None) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        if above is not None:
            layout.addWidget(above)
        layout.addWidget(view, 1)
        if below is not None:
            layout.addWidget(below)
        self.more = QLabel()
        self.more.setObjectName("more")
        layout.addWidget(self.more)


class PreviewTabs(QTabWidget):
    """新增 / 修改 / 文件中没有的事项 / 不导入 / 文件问题, filled from one worker report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.added = AddedModel(self)
        self.changed = ChangedModel(self)
        self.missing = MattersModel(self)
        self.refused = RefusedModel(self)
        self.problems = ProblemsModel(self)
        self._changes: list[list[list[str]]] = []
        self.added_view = _table(self.added, "added")
        self.changed_view = _table(self.changed, "changed")
        self.detail = QTextBrowser()
        self.detail.setObjectName("change_detail")
        self.detail.setPlaceholderText("选择左侧的事项，这里列出每一项修改：原内容 → 新内容")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.changed_view)
        split.addWidget(self.detail)
        split.setSizes([600, 560])
        self.missing_view = _table(self.missing, "missing")
        self.withdraw_box = QCheckBox("撤下文件中没有的事项(&W)")
        self.withdraw_box.setObjectName("withdraw_missing")
        self.withdraw_warning = QLabel()
        self.withdraw_warning.setWordWrap(True)
        self.withdraw_warning.setStyleSheet("color: #a33;")
        above = QWidget()
        box = QVBoxLayout(above)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.withdraw_box)
        box.addWidget(self.withdraw_warning)
        self.refused_view = _table(self.refused, "refused")
        self.problems_view = _table(self.problems, "problems")
        self.refused_detail = _detail("refused_detail")
        self.problem_detail = _detail("problem_detail")
        self.pages = {
            "added": _Page(self.added_view),
            "changed": _Page(split),
            "missing": _Page(self.missing_view, above),
            "refused": _Page(self.refused_view, below=self.refused_detail),
            "problems": _Page(self.problems_view, below=self.problem_detail),
        }
        for page in self.pages.values():
            self.addTab(page, "")
        for view in (self.added_view, self.missing_view, self.refused_view):
            view.setColumnWidth(0, 270)  # a 实施编码 is up to 33 characters
            view.setColumnWidth(1, 300)
        self.changed_view.setColumnWidth(0, 250)
        self.changed_view.setColumnWidth(1, 170)
        for column, width in enumerate((150, 110, 55, 150, 150)):
            self.problems_view.setColumnWidth(column, width)
        for view, label in (
            (self.problems_view, self.problem_detail),
            (self.refused_view, self.refused_detail),
        ):
            view.selectionModel().currentRowChanged.connect(
                lambda current, _previous, view=view, label=label: self._show_line(view, label, current)
            )
        self.changed_view.selectionModel().currentRowChanged.connect(self._show_change)
        self.withdraw_box.toggled.connect(self._warn)
        self._missing_total = 0
        self.show_report(None)

    def show_report(self, report: dict[str, Any] | None) -> None:
        """Fill every tab from ``report`` (None: empty, before a preview)."""
        counts = report["counts"] if report else {}
        rows = report["rows"] if report else {}
        self.added.set_rows(rows.get("added", []))
        self._changes = rows.get("changes", [])
        self.changed.set_rows(rows.get("changed", []))
        self.missing.set_rows(rows.get("missing", []))
        self.refused.set_rows(rows.get("refused", []))
        self.problems.set_rows(rows.get("problems", []))
        titles = {
            "added": ("新增", "项", self.added),
            "changed": ("修改", "项", self.changed),
            "missing": ("文件中没有的事项", "项", self.missing),
            "refused": ("不导入", "项", self.refused),
            "problems": ("文件问题", "条", self.problems),
        }
        for number, (key, (title, unit, model)) in enumerate(titles.items(), start=1):
            total = int(counts.get(key, 0))
            self.setTabText(self.indexOf(self.pages[key]), f"{title} {total} {unit}(&{number})")
            self.pages[key].more.setText(_more(model.rowCount(), total))
        self._missing_total = int(counts.get("missing", 0))
        self.withdraw_box.setChecked(False)
        self.withdraw_box.setEnabled(self._missing_total > 0)
        self.withdraw_box.setText(f"撤下文件中没有的 {self._missing_total} 个事项(&W)")
        self._warn(False)
        self.detail.clear()
        self.problem_detail.clear()
        self.refused_detail.clear()
        for view, model in (
            (self.changed_view, self.changed),
            (self.problems_view, self.problems),
            (self.refused_view, self.refused),
        ):
            if model.rowCount():
                view.setCurrentIndex(model.index(0, 0))

    def _show_line(self, view: QTableView, label: QLabel, current: QModelIndex) -> None:
        if not current.isValid():
            label.clear()
            return
        row = view.model().row(current.row())  # type: ignore[attr-defined]
        if view is self.problems_view:
            label.setText(row[6] if len(row) > 6 else row[5])
        else:
            label.setText(f"{row[0]} {row[1]} 不导入：{row[2]}")

    def _warn(self, checked: bool) -> None:
        n = self._missing_total
        if not n:
            self.withdraw_warning.setText("数据库中的事项都在文件中：没有要撤下的事项。")
        elif checked:
            self.withdraw_warning.setText(
                f"注意：导入时将撤下这 {n} 个事项，撤下后窗口不能再受理，已受理的办件不受影响。"
                "只导入部分事项的文件请不要勾选。"
            )
        else:
            self.withdraw_warning.setText(f"这 {n} 个事项不在文件中，导入后保留不动（默认）。")

    def _show_change(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or current.row() >= len(self._changes):
            self.detail.clear()
            return
        code, name, _fields = self.changed.row(current.row())
        rows = "".join(
            "<tr><td style='padding:3px 8px 3px 0'><b>{}</b></td><td style='padding:3px 8px'>{}</td>"
            "<td style='padding:3px'>→</td><td style='padding:3px 8px'>{}</td></tr>".format(
                html.escape(label),
                _cell(old, "#a33"),
                _cell(new, "#185"),
            )
            for label, old, new in self._changes[current.row()]
        )
        self.detail.setHtml(
            f"<p><b>{html.escape(name)}</b><br><span style='color:#666'>{html.escape(code)}</span></p>"
            "<table cellspacing='0'><tr><th align='left'>内容</th><th align='left'>原内容</th><th></th>"
            f"<th align='left'>新内容</th></tr>{rows}</table>"
        )


def _cell(text: str, colour: str) -> str:
    shown = html.escape(text).replace("\n", "<br>") if text else "（空）"
    return f"<span style='color:{colour}'>{shown}</span>"
