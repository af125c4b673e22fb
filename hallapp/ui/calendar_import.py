"""核对导入内容: what importing a holiday schedule file would do to its year, shown before it is done.

An import replaces the whole year. A file of one line for a year that holds 39 special days would
silently turn 38 holidays and adjusted working days into ordinary days — and every deadline counted
over them would move. So the calendar dialog first asks the session for a preview
(``CounterSession.preview_calendar_import``) and shows it here: days added, removed and changed, with
what each is now and would become. Removing days needs an explicit tick before the button works, and
Cancel is the default. The import then carries the preview's fingerprint, so it refuses if the file or
the year changed in between.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.ui.calendar_parts import SOURCE_TEXT, WEEKDAYS

if TYPE_CHECKING:
    from hallapp.services.session_admin import CalendarImportPreview, Day

KIND_TEXT = {"holiday": "休 节假日", "workday": "班 调休上班"}
CHANGE_TEXT = {"added": "新增", "removed": "删除", "changed": "修改"}
CHANGE_COLOURS = {"added": "#166534", "removed": "#b91c1c", "changed": "#92400e"}
STYLE = """
QLabel#previewDanger { color: #7f1d1d; background: #fef2f2; border: 1px solid #fecaca; border-radius: 4px;
    padding: 6px 8px; }
QLabel#previewSummary { color: #1e293b; }
QTableWidget#previewChanges { background: white; gridline-color: #e2e8f0; }
"""


def choose_schedule_file(parent: QWidget) -> str:
    """The CSV file the administrator picks ("" when cancelled)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, "导入年度节假日安排", "", "CSV 文件 (*.csv);;所有文件 (*)"
    )
    return path


def day_text(value: Day | None) -> str:
    """休 节假日 国庆节, 班 调休上班, or 普通日子 (a day the import leaves to Monday–Friday)."""
    if value is None:
        return "普通日子（按周一至周五）"
    kind, name = value
    return f"{KIND_TEXT.get(kind, kind)} {name}" if name else KIND_TEXT.get(kind, kind)


def summary_text(preview: CalendarImportPreview) -> str:
    """The two schedules side by side and what changes, in one paragraph."""
    year = preview.year
    lines = [
        f"文件「{preview.file}」：{year} 年节假日 {preview.holidays_after} 天，调休上班 {preview.workdays_after} 天。"
    ]
    if preview.known:
        source = SOURCE_TEXT.get(preview.source, preview.source)
        lines.append(
            f"现有 {year} 年安排（{source}）：节假日 {preview.holidays_before} 天，"
            f"调休上班 {preview.workdays_before} 天。导入将整年替换。"
        )
    else:
        lines.append(f"{year} 年尚无节假日安排：导入后该年度的期限按此安排计算。")
    lines.append(
        f"变化：新增 {preview.count('added')} 天，删除 {preview.count('removed')} 天，"
        f"修改 {preview.count('changed')} 天，不变 {preview.unchanged} 天。"
    )
    return "\n".join(lines)


class ImportPreviewDialog(QDialog):
    """Shows a preview and asks; ``accepted`` means: import exactly this."""

    def __init__(self, preview: CalendarImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        removed = preview.count("removed")
        self.setWindowTitle(self.tr("核对导入内容：{0} 年节假日安排").format(preview.year))
        self.setStyleSheet(STYLE)

        self.summary = QLabel(summary_text(preview))
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        self.danger = QLabel(
            self.tr(
                "导入会删除现有的 {0} 个特殊日期：这些日子将按周一至周五推算，跨越它们的期限会随之改变。"
                "如果文件只列了部分日期，请取消，补全整年安排后再导入。"
            ).format(removed)
        )
        self.danger.setObjectName("previewDanger")
        self.danger.setWordWrap(True)
        self.danger.setVisible(removed > 0)

        self.table = QTableWidget(len(preview.changes), 4)
        self.table.setObjectName("previewChanges")
        self.table.setHorizontalHeaderLabels(
            [self.tr("日期"), self.tr("变化"), self.tr("现在"), self.tr("导入后")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for row, change in enumerate(preview.changes):
            cells = (
                f"{change.day.isoformat()} {WEEKDAYS[change.day.weekday()]}",
                CHANGE_TEXT[change.change],
                day_text(change.before),
                day_text(change.after),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setForeground(QBrush(QColor(CHANGE_COLOURS[change.change])))
                self.table.setItem(row, column, item)
        table_label = QLabel(self.tr("逐日变化(&L)"))
        table_label.setBuddy(self.table)

        self.confirm_removal = QCheckBox(self.tr("我已核对，确认删除上述 {0} 个日期(&K)").format(removed))
        self.confirm_removal.setVisible(removed > 0)
        verb = self.tr("替换 {0} 年安排(&R)") if preview.known else self.tr("导入 {0} 年安排(&R)")
        self.import_button = QPushButton(verb.format(preview.year))
        self.cancel_button = QPushButton(self.tr("取消"))
        self.import_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_removal.toggled.connect(self._update)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_removal)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self.summary)
        layout.addWidget(self.danger)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(720, 520)
        self._update()
        (self.cancel_button if removed else self.import_button).setFocus()

    def _update(self) -> None:
        """Removing days needs the tick; Enter never replaces a year by accident."""
        may = not self.preview.count("removed") or self.confirm_removal.isChecked()
        self.import_button.setEnabled(may)
        self.import_button.setDefault(may)
        self.import_button.setAutoDefault(may)
        self.cancel_button.setDefault(not may)
