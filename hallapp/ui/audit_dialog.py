"""The audit administrator's view of the trail (审计记录): newest records, chain check, CSV export.

The services refuse anyone without the audit permission (the message is shown here, in words).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.ui.session import plain
from hallapp.ui.tasks import run_task

if TYPE_CHECKING:
    from hallapp.services.bootstrap import AppContext

COLUMNS = ("序号", "时间", "人员", "操作", "对象", "结果", "说明")


class AuditDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("审计记录"))
        self.context = context
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        verify = QPushButton(self.tr("校验审计链(&V)"))
        verify.clicked.connect(self.verify)
        export = QPushButton(self.tr("导出 CSV(&E)…"))
        export.clicked.connect(self.export)
        buttons = QHBoxLayout()
        buttons.addWidget(verify)
        buttons.addWidget(export)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(980, 600)
        self.refresh()

    def say(self, text: str, good: bool = True) -> None:
        self.message.setStyleSheet("color: #047857;" if good else "color: #b91c1c;")
        self.message.setText(text)

    def refresh(self) -> None:
        from hallapp.services.audit import trail

        run_task(self, lambda: trail(self.context.uow()), self._show, lambda e: self.say(plain(e), False))

    def _show(self, rows: list[Any]) -> None:
        from hallapp.services.cases import ACTION_LABELS

        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (
                str(row.seq),
                f"{row.at.astimezone():%Y-%m-%d %H:%M:%S}",
                row.actor,
                ACTION_LABELS.get(row.action, row.action),
                f"{row.object_type} {row.object_id}",
                row.outcome,
                row.detail,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(f"{row.action}\n{value}")
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def verify(self) -> None:
        from hallapp.services.audit import verify_audit

        def shown(report: Any) -> None:
            if report.ok:
                self.say(self.tr("审计链完整：{0} 条记录，链头 {1}").format(report.count, report.head))
            else:
                self.say(
                    self.tr("审计链在第 {0} 条记录处断裂：{1}").format(report.first_broken, report.reason),
                    False,
                )

        run_task(
            self,
            lambda: verify_audit(self.context.uow(write=True)),
            shown,
            lambda e: self.say(plain(e), False),
        )

    def export(self, path: str | None = None) -> None:
        from hallapp.services.audit import export_trail

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("导出审计记录"), "audit.csv", "CSV (*.csv)")
            if not path:
                return
        run_task(
            self,
            lambda: export_trail(self.context.uow(write=True), Path(path)),
            lambda rows: (self.say(self.tr("已导出 {0} 条审计记录").format(rows)), self.refresh()),
            lambda e: self.say(plain(e), False),
        )
