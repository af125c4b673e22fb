"""The first part of the import dialog: which file, in which format, with which code mapping."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

FORMAT_CHOICES = (
    ("自动（按文件扩展名）", ""),
    ("交换数据 JSON", "exchange-json"),
    ("Excel 实施清单", "xlsx"),
    ("简单清单（CSV）", "list"),
)
FILE_FILTER = "目录文件 (*.json *.xlsx *.xlsm *.csv *.tsv *.txt);;所有文件 (*)"


class FileChoice(QWidget):
    """A path field for the keyboard and 浏览… for the mouse; the format; an optional mapping file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("path")
        self.path_edit.setPlaceholderText("交换数据 .json、Excel 实施清单 .xlsx 或简单清单 .csv 的路径")
        self.browse_button = QPushButton("浏览…(&B)")
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.choose_file)
        self.format_box = QComboBox()
        for words, value in FORMAT_CHOICES:
            self.format_box.addItem(words, value)
        self.mapping_edit = QLineEdit()
        self.mapping_edit.setObjectName("mapping")
        self.mapping_edit.setPlaceholderText("可不填：默认使用国家政务服务平台的代码对照表")
        self.mapping_button = QPushButton("选择…(&S)")
        self.mapping_button.setAutoDefault(False)
        self.mapping_button.clicked.connect(self.choose_mapping)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        mapping_row = QHBoxLayout()
        mapping_row.addWidget(self.mapping_edit, 1)
        mapping_row.addWidget(self.mapping_button)
        for text, field, buddy in (
            ("文件(&F)：", file_row, self.path_edit),
            ("格式(&T)：", self.format_box, self.format_box),
            ("代码对照表(&M)：", mapping_row, self.mapping_edit),
        ):
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, field)

    def choose_file(self) -> None:
        start = str(Path(self.path_edit.text()).parent) if self.path_edit.text() else ""
        path, _filter = QFileDialog.getOpenFileName(self, "选择要导入的事项目录文件", start, FILE_FILTER)
        if path:
            self.path_edit.setText(path)
            self.path_edit.setFocus()

    def choose_mapping(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "选择代码对照表", "", "代码对照表 (*.toml);;所有文件 (*)"
        )
        if path:
            self.mapping_edit.setText(path)
