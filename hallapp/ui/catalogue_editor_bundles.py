"""The catalogue editor's life-event bundles (一件事一次办): name, description and matters in order.

Matters are added by name or code (with completion over the catalogue), removed and moved with the keys
of the materials table. Saving runs ``session.save_bundle`` (audited) through the window's operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.bundles import Bundle
from hallapp.errors import describe
from hallapp.ui.catalogue_editor_materials import RowButtons

if TYPE_CHECKING:
    from hallapp.services.catalogue_edit import BundleRow, MatterRow
    from hallapp.ui.ops import Operations

CODE_ROLE = Qt.ItemDataRole.UserRole
ALL_MATTERS = 500_000  # the completion offers every matter (a province's catalogue: ~100,000)


class BundlesEditor(QWidget):
    """The bundles on the left, the chosen one's form on the right."""

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self.ops = ops
        self._rows: list[BundleRow] = []
        self._matters: dict[str, str] = {}  # code -> name
        self.bundles = QListWidget()
        self.name = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 3 + 14)
        self.members = QTableWidget(0, 2)  # for RowButtons' shortcuts; shows code and name
        self.members.setHorizontalHeaderLabels(["事项名称", "事项编码"])
        self.members.horizontalHeader().setStretchLastSection(True)
        self.members.setColumnWidth(0, 440)
        self.members.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.members.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.members.setTabKeyNavigation(False)
        self.buttons = RowButtons(self.members, "事项")
        self.add_edit = QLineEdit()
        self.add_edit.setPlaceholderText("输入事项名称或编码后按 Enter 加入")
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.add_edit.setCompleter(completer)
        self.save_button = QPushButton("保存一件事(&V)")
        self.save_button.setAutoDefault(False)
        self.message = QLabel()
        self.message.setWordWrap(True)

        form = QFormLayout()
        for text, widget in (("名称(&M)", self.name), ("说明", self.description)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(form)
        right_layout.addWidget(QLabel("包含的事项（按办理顺序）"))
        right_layout.addWidget(self.members, 1)
        right_layout.addWidget(self.buttons)
        right_layout.addWidget(self.add_edit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        right_layout.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(self.bundles)
        splitter.addWidget(right)
        splitter.setSizes([320, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.buttons.add.clicked.connect(self.add_edit.setFocus)
        self.buttons.remove.clicked.connect(self._remove)
        self.buttons.up.clicked.connect(lambda: self._move(-1))
        self.buttons.down.clicked.connect(lambda: self._move(1))
        self.add_edit.returnPressed.connect(self._add_typed)
        self.bundles.currentRowChanged.connect(self._show)
        self.save_button.clicked.connect(self.save)  # Ctrl+S too, when this page is shown (the editor's)

    # -- loading -------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.ops.run(
            self, lambda s: s.editor_bundles(), self._loaded, self._failed, key="bundles", latest=True
        )
        self.ops.run(
            self,
            lambda s: s.browse_matters(limit=ALL_MATTERS),
            self._matters_loaded,
            self._failed,
            key="all-matters",
            latest=True,
        )

    def _matters_loaded(self, rows: Sequence[MatterRow]) -> None:
        self._matters = {r.code: r.name for r in rows}
        self._names.setStringList([f"{r.name}  {r.code}" for r in rows])

    def _loaded(self, rows: Sequence[BundleRow]) -> None:
        current = self.bundles.currentRow()
        self._rows = list(rows)
        self.bundles.blockSignals(True)
        self.bundles.clear()
        for row in rows:
            item = QListWidgetItem(row.name + ("" if row.active else "（已撤下）"))
            item.setData(CODE_ROLE, row.code)
            self.bundles.addItem(item)
        self.bundles.blockSignals(False)
        self.bundles.setCurrentRow(min(max(current, 0), len(rows) - 1))

    def _show(self, row: int) -> None:
        bundle = self._rows[row] if 0 <= row < len(self._rows) else None
        self.name.setText(bundle.name if bundle else "")
        self.description.setPlainText(bundle.description if bundle else "")
        self._set_members(bundle.members if bundle else ())

    def _set_members(self, members: Sequence[tuple[str, str]]) -> None:
        self.members.setRowCount(len(members))
        for row, (code, name) in enumerate(members):
            self.members.setItem(row, 0, QTableWidgetItem(name))
            self.members.setItem(row, 1, QTableWidgetItem(code))

    @property
    def dirty(self) -> bool:
        """The bundle on screen differs from the one stored (its name, description or matters)."""
        row = self.bundles.currentRow()
        if not 0 <= row < len(self._rows):
            return False
        stored = self._rows[row]
        return (
            self.name.text().strip() != stored.name
            or self.description.toPlainText().strip() != stored.description
            or self.member_codes() != tuple(code for code, _name in stored.members)
        )

    def member_codes(self) -> tuple[str, ...]:
        return tuple(
            item.text()
            for r in range(self.members.rowCount())
            if (item := self.members.item(r, 1)) is not None
        )

    def _member_pairs(self) -> list[tuple[str, str]]:
        return [(code, self._matters.get(code, code)) for code in self.member_codes()]

    # -- editing -------------------------------------------------------------------------------------------

    def _add_typed(self) -> None:
        text = self.add_edit.text().strip()
        code = text.split()[-1] if text else ""
        if code not in self._matters:
            code = next((c for c, n in self._matters.items() if n == text), "")
        if not code:
            self.say(f"没有找到事项「{text}」：请从提示中选择。", False)
            return
        pairs = self._member_pairs()
        if code in dict(pairs):
            self.say(f"「{self._matters[code]}」已在此一件事中。", False)
            return
        self._set_members([*pairs, (code, self._matters[code])])
        self.add_edit.clear()
        self.say("")

    def _remove(self) -> None:
        row = self.members.currentRow()
        if row >= 0:
            self.members.removeRow(row)

    def _move(self, step: int) -> None:
        row, pairs = self.members.currentRow(), self._member_pairs()
        target = row + step
        if 0 <= row < len(pairs) and 0 <= target < len(pairs):
            pairs[row], pairs[target] = pairs[target], pairs[row]
            self._set_members(pairs)
            self.members.setCurrentCell(target, 0)

    def save(self) -> None:
        row = self.bundles.currentRow()
        if not 0 <= row < len(self._rows):
            return
        bundle = Bundle(
            self._rows[row].code,
            self.name.text().strip(),
            self.description.toPlainText().strip(),
            self.member_codes(),
        )

        def done(changes: list) -> None:
            if 0 <= row < len(self._rows) and self._rows[row].code == bundle.code:
                # what is stored now, at once: the list is read again below, but until it is the
                # bundle on screen must not count as unsaved (Esc would ask about a saved edit)
                self._rows[row] = replace(
                    self._rows[row],
                    name=bundle.name,
                    description=bundle.description,
                    members=tuple(self._member_pairs()),
                )
            if changes:
                self.say(f"已保存「{bundle.name}」：" + "；".join(c.label for c in changes) + " 已修改。")
            else:
                self.say("没有修改，无需保存。")
            self.refresh()

        self.ops.run(self, lambda s: s.save_bundle(bundle), done, self._failed, key="bundle-save")

    def say(self, text: str, good: bool = True) -> None:
        self.message.setStyleSheet("color: #047857;" if good else "color: #b91c1c;")
        self.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.say(describe(error), False)
