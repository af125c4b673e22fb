"""The catalogue editor's materials (申请材料): a table of them and the selected material's details.

The table lists the materials in guide order (Ctrl+↑ / Ctrl+↓ move the selected one, Insert adds one,
Delete removes it); below it, every element of the selected material: name, form and counts, required,
deferrable, the e-licence type it may be replaced by, whose document it is, the situation it depends on,
where it comes from and what the clerk checks. The widgets only hold materials; the rules decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.catalogue import (
    OWNER_LABELS,
    LicenceType,
    MaterialOwner,
    MaterialRequirement,
    OriginalHandling,
    Situation,
)

NO_CHOICE = "（无）"


def make_table(columns: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setTabKeyNavigation(False)  # Tab leaves the table for the form below
    return table


class RowButtons(QWidget):
    """新增 / 删除 / 上移 / 下移 beside a table, with Insert, Delete, Ctrl+↑ and Ctrl+↓ on the table."""

    def __init__(self, table: QTableWidget, what: str) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.add = QPushButton(f"新增{what}")
        self.remove = QPushButton(f"删除{what}")
        self.up = QPushButton("上移")
        self.down = QPushButton("下移")
        for button, key in (
            (self.add, "Ins"),
            (self.remove, "Del"),
            (self.up, "Ctrl+Up"),
            (self.down, "Ctrl+Down"),
        ):
            button.setAutoDefault(False)
            button.setToolTip(key)
            row.addWidget(button)
            shortcut = QShortcut(QKeySequence(key), table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(button.click)
        row.addStretch(1)


class MaterialsEditor(QWidget):
    """The materials table and the selected material's details."""

    changed = Signal()
    COLUMNS = ("材料名称", "形式与份数", "必要", "容缺", "电子证照", "所属人")

    def __init__(self) -> None:
        super().__init__()
        self._materials: list[MaterialRequirement] = []
        self._licences: dict[str, LicenceType] = {}
        self._loading = False
        self.table = make_table(self.COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 170), (2, 50), (3, 50), (4, 150), (5, 110)):
            self.table.setColumnWidth(column, width)
        self.buttons = RowButtons(self.table, "材料")

        self.name = QLineEdit()
        self.originals = QSpinBox()
        self.originals.setRange(0, 20)
        self.handling = QComboBox()
        self.handling.addItem("验（核验后退还）", OriginalHandling.INSPECT.value)
        self.handling.addItem("收（留存）", OriginalHandling.KEEP.value)
        self.copies = QSpinBox()
        self.copies.setRange(0, 20)
        self.required = QCheckBox("必要")
        self.deferrable = QCheckBox("可容缺（后补）")
        self.licence = QComboBox()
        self.owner_boxes = {owner: QCheckBox(OWNER_LABELS[owner]) for owner in MaterialOwner}
        self.when = QComboBox()
        self.when_not = QComboBox()
        self.source = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 2 + 14)
        self.detail = self._detail_box()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        layout.addWidget(self.detail)
        self.table.currentCellChanged.connect(lambda *_a: self._show_current())
        self.buttons.add.clicked.connect(self._add)
        self.buttons.remove.clicked.connect(self._remove)
        self.buttons.up.clicked.connect(lambda: self._move(-1))
        self.buttons.down.clicked.connect(lambda: self._move(1))
        for edit in (self.name, self.source):
            edit.textEdited.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        for spin in (self.originals, self.copies):
            spin.valueChanged.connect(self._edited)
        for combo in (self.handling, self.licence, self.when, self.when_not):
            combo.currentIndexChanged.connect(self._edited)
        for box in (self.required, self.deferrable, *self.owner_boxes.values()):
            box.toggled.connect(self._edited)

    def _detail_box(self) -> QGroupBox:
        box = QGroupBox("所选材料")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        def put(row: int, column: int, text: str, widget: QWidget, span: int = 1) -> None:
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, column)
            grid.addWidget(widget, row, column + 1, 1, span)

        put(0, 0, "材料名称(&A)", self.name, 3)
        counts = QWidget()
        count_row = QHBoxLayout(counts)
        count_row.setContentsMargins(0, 0, 0, 0)
        for text, widget in (("原件", self.originals), ("", self.handling), ("复印件", self.copies)):
            if text:
                count_row.addWidget(QLabel(text))
            count_row.addWidget(widget)
        count_row.addSpacing(16)
        count_row.addWidget(self.required)
        count_row.addWidget(self.deferrable)
        count_row.addStretch(1)
        put(1, 0, "形式与份数", counts, 3)
        put(2, 0, "电子证照(&E)", self.licence)
        put(2, 2, "来源", self.source)
        owners = QWidget()
        owner_row = QHBoxLayout(owners)
        owner_row.setContentsMargins(0, 0, 0, 0)
        for owner_box in self.owner_boxes.values():
            owner_row.addWidget(owner_box)
        owner_row.addStretch(1)
        put(3, 0, "所属人", owners, 3)
        put(4, 0, "情形为「是」时才要", self.when)
        put(4, 2, "情形为「否」时才要", self.when_not)
        put(5, 0, "审查要点", self.notes, 3)
        return box

    # -- in and out ----------------------------------------------------------------------------------------

    def set_licence_types(self, types: Sequence[LicenceType]) -> None:
        self._licences = {t.code: t for t in types}

    def set_materials(
        self, materials: Sequence[MaterialRequirement], situations: Sequence[Situation]
    ) -> None:
        self._materials = list(materials)
        self.set_situations(situations)
        self._fill_table()
        self.table.setCurrentCell(0 if self._materials else -1, 0)
        self._show_current()

    def set_situations(self, situations: Sequence[Situation]) -> None:
        """The situations a material may depend on (kept when a material already names another one)."""
        self._situations = list(situations)
        self._show_current()

    def materials(self) -> tuple[MaterialRequirement, ...]:
        return tuple(self._materials)

    def rename_situation(self, old: str, new: str) -> None:
        """A situation's code changed: the materials asked on it follow the new code."""
        self._materials = [
            replace(
                m,
                when=new if m.when == old else m.when,
                when_not=new if m.when_not == old else m.when_not,
            )
            for m in self._materials
        ]
        self._show_current()
        self.changed.emit()

    def select(self, row: int) -> None:
        self.table.setCurrentCell(row, 0)
        self.name.setFocus()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self._materials))
        for row, material in enumerate(self._materials):
            self._fill_row(row, material)

    def _fill_row(self, row: int, m: MaterialRequirement) -> None:
        licence = m.licence_type_name or m.licence_type_code or ""
        owner = "、".join(OWNER_LABELS[o] for o in m.owner)
        for column, text in enumerate(
            (m.name, m.form_label, "是" if m.required else "否", "是" if m.deferrable else "", licence, owner)
        ):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _fill_combo(self, combo: QComboBox, choices: Sequence[tuple[str, str]], current: str | None) -> None:
        combo.clear()
        combo.addItem(NO_CHOICE, "")
        for code, text in choices:
            combo.addItem(text, code)
        if current and combo.findData(current) < 0:
            combo.addItem(f"{current}（未知）", current)
        combo.setCurrentIndex(max(combo.findData(current or ""), 0))

    def _show_current(self) -> None:
        row = self.table.currentRow()
        material = self._materials[row] if 0 <= row < len(self._materials) else None
        self.detail.setEnabled(material is not None)
        self.buttons.remove.setEnabled(material is not None)
        if material is None:
            self.detail.setTitle("所选材料")
            return
        self._loading = True
        try:
            self.detail.setTitle(f"第 {row + 1} 项材料")
            self.name.setText(material.name)
            self.originals.setValue(material.originals)
            self.handling.setCurrentIndex(self.handling.findData(material.original_handling.value))
            self.copies.setValue(material.copies)
            self.required.setChecked(material.required)
            self.deferrable.setChecked(material.deferrable)
            licences = [(t.code, t.name) for t in self._licences.values()]
            self._fill_combo(self.licence, licences, material.licence_type_code)
            for owner, box in self.owner_boxes.items():
                box.setChecked(owner in material.owner)
            situations = [(s.code, f"{s.code} {s.question}") for s in getattr(self, "_situations", [])]
            self._fill_combo(self.when, situations, material.when)
            self._fill_combo(self.when_not, situations, material.when_not)
            self.source.setText(material.source)
            self.notes.setPlainText(material.notes)
        finally:
            self._loading = False

    def _edited(self, *_args: object) -> None:
        row = self.table.currentRow()
        if self._loading or not 0 <= row < len(self._materials):
            return
        old = self._materials[row]
        code = self.licence.currentData() or None
        licence = self._licences.get(code) if code else None
        material = replace(
            old,
            name=self.name.text().strip(),
            originals=self.originals.value(),
            original_handling=OriginalHandling(self.handling.currentData()),
            copies=self.copies.value(),
            required=self.required.isChecked(),
            deferrable=self.deferrable.isChecked(),
            licence_type_code=code,
            licence_type_name=licence.name if licence else (old.licence_type_name if code else None),
            owner=tuple(o for o, box in self.owner_boxes.items() if box.isChecked()),
            when=self.when.currentData() or None,
            when_not=self.when_not.currentData() or None,
            source=self.source.text(),
            notes=self.notes.toPlainText(),
        )
        if material == old:
            return
        self._materials[row] = material
        self._fill_row(row, material)
        self.changed.emit()

    def _add(self) -> None:
        names = {m.name for m in self._materials}
        name = next(f"新材料{n}" for n in range(1, 100) if f"新材料{n}" not in names)
        self._materials.append(MaterialRequirement(name=name, originals=1))
        self._fill_table()
        self.select(len(self._materials) - 1)
        self.name.selectAll()
        self.changed.emit()

    def _remove(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._materials):
            return
        del self._materials[row]
        self._fill_table()
        self.table.setCurrentCell(min(row, len(self._materials) - 1), 0)
        self._show_current()
        self.changed.emit()

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if not (0 <= row < len(self._materials) and 0 <= target < len(self._materials)):
            return
        self._materials[row], self._materials[target] = self._materials[target], self._materials[row]
        self._fill_table()
        self.table.setCurrentCell(target, 0)
        self.changed.emit()
