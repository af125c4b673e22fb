"""Parts of the settings dialog: its style, the field builders, a titled group with its read-only reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

STYLE = """
QLabel#settingsProblems { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca;
    border-radius: 4px; padding: 6px 8px; }
QLabel#settingsReason { color: #92400e; background: #fffbeb; border: 1px solid #fde68a;
    border-radius: 4px; padding: 4px 8px; }
QLabel#settingsHint, QLabel#settingsStatus { color: #64748b; }
QLineEdit[readOnly="true"], QAbstractSpinBox[readOnly="true"] { background: #f1f5f9; color: #334155; }
QGroupBox { font-weight: bold; border: 1px solid #cbd5e1; border-radius: 6px; margin-top: 12px;
    padding: 10px 8px 8px 8px; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; }
QGroupBox QLabel, QGroupBox QLineEdit, QGroupBox QComboBox, QGroupBox QSpinBox, QGroupBox QCheckBox {
    font-weight: normal; }
"""

LICENCE_SOURCE_LABELS = {"local": "本地证照库", "http": "电子证照库接口（HTTP）", "off": "不查询电子证照"}

# Where the cursor goes for a problem, by how its sentence starts.
_PROBLEM_FIELDS = (
    ("窗口号", "window_edit"),
    ("纸张", "paper_box"),
    ("打印机", "printer_box"),
    ("电子证照来源", "licence_source_box"),
    ("电子证照库地址", "licence_url_edit"),
    ("电子证照查询超时", "licence_timeout_spin"),
    ("电子证照查询重试", "licence_retries_spin"),
    ("无操作自动锁定", "idle_spin"),
    ("大厅名称", "hall_name_edit"),
    ("大厅编码", "hall_code_edit"),
    ("受理编号前缀", "case_prefix_edit"),
    ("容缺补正期限", "deferral_spin"),
    ("进度查询网址", "tracking_url_edit"),
)


def spin(low: int, high: int, value: int, suffix: str = "", step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setValue(value)
    return spin


def line(text: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setCursorPosition(0)
    return edit


def group(
    title: str, rows: list[tuple[str, QWidget]], extra: list[QWidget], hint: str, reason: str
) -> tuple[QGroupBox, QLabel]:
    """A titled group: the reason it is read-only (if it is), its fields, a line saying what it is."""
    box = QGroupBox(title + ("（只读）" if reason else ""))
    reason_label = QLabel(reason)
    reason_label.setObjectName("settingsReason")
    reason_label.setWordWrap(True)
    reason_label.setVisible(bool(reason))
    form = QFormLayout()
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(7)
    for text, field in rows:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)
    for field in extra:
        form.addRow("", field)
    hint_label = QLabel(hint)
    hint_label.setObjectName("settingsHint")
    hint_label.setWordWrap(True)
    layout = QVBoxLayout(box)
    layout.setSpacing(8)
    layout.addWidget(reason_label)
    layout.addLayout(form)
    layout.addWidget(hint_label)
    layout.addStretch(1)  # a taller neighbour column leaves room below, not inside the lines
    return box, reason_label


def make_read_only(widgets: list[QWidget]) -> None:
    """Text stays selectable (a URL may be copied); choices that cannot be read-only are disabled."""
    for widget in widgets:
        if isinstance(widget, QLineEdit):
            widget.setReadOnly(True)
        elif isinstance(widget, QAbstractSpinBox):
            widget.setReadOnly(True)
            widget.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        else:
            widget.setEnabled(False)


def read_only(widget: QWidget) -> bool:
    return isinstance(widget, (QLineEdit, QAbstractSpinBox)) and widget.isReadOnly()
