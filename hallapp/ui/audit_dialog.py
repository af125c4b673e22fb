"""The audit administrator's view of the trail (审计记录): newest records, chain check, CSV export.

Only the audit administrator may read the trail (三权分立). Anyone else who opens this sees why, in
words, before anything is loaded — not an empty table. The records are shown in Chinese
(``hallapp.ui.audit_text``); every read and check runs through the window's operations on the database
worker (``ops``), never on the UI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.access import Permission
from hallapp.errors import describe
from hallapp.ui.audit_text import AuditLine, audit_line, named_users
from hallapp.ui.row_model import Index, RowTableModel, row_table

if TYPE_CHECKING:
    from hallapp.services.audit import AuditRow
    from hallapp.store.audit_chain import ChainReport, ChainState
    from hallapp.ui.ops import Operations

LIMIT = 500  # the newest records; the whole trail goes to the CSV export
SHOWN_FINDINGS = 5  # cases that differ from the trail, named in the message (all of them in its tooltip)
FAILED_COLOUR = QColor("#b91c1c")
STYLE = """
QLabel#refusal { color: #7f1d1d; background: #fef2f2; border: 1px solid #fecaca; border-radius: 4px;
    padding: 10px 12px; }
QLabel#chainState { color: #475569; }
"""


class AuditModel(RowTableModel):
    """The records shown, newest first, as ``AuditLine`` values (already in words)."""

    COLUMNS = ("序号", "时间", "人员", "操作", "对象", "结果", "说明")
    SEQ, AT, ACTOR, ACTION, OBJECT, OUTCOME, DETAIL = range(7)

    def set_lines(self, lines: Sequence[AuditLine]) -> None:
        self.beginResetModel()
        self._rows = list(lines)
        self.endResetModel()

    def line(self, row: int) -> AuditLine | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.line(index.row()) if index.isValid() else None
        if line is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and column == self.ACTOR:
                return f"用户名：{line.username}"
            values = (str(line.seq), line.at, line.actor, line.action, line.object, line.outcome, line.detail)
            return values[column]
        if role == Qt.ItemDataRole.ForegroundRole and line.failed and column in (self.ACTION, self.OUTCOME):
            return FAILED_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AuditDialog(QDialog):
    """Opened by the window as ``AuditDialog(ops, parent)`` with ``ops.session`` signed in."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(self.tr("审计记录"))
        self.setStyleSheet(STYLE)
        session = ops.session
        self.allowed = session is not None and session.may(Permission.AUDIT_READ)

        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.chain_state = QLabel()
        self.chain_state.setObjectName("chainState")

        self.model = AuditModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)  # any column
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = row_table(self.proxy, fit=False, several=True)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("按人员、操作、对象或说明筛选"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter_label = QLabel(self.tr("筛选(&F)"))
        self.filter_label.setBuddy(self.filter_edit)
        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addSpacing(12)
        top.addWidget(self.chain_state)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("校验审计链(&V)"))
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(self.tr("导出 CSV(&E)…"))
        self.export_button.clicked.connect(lambda: self.export())
        self.refresh_button = QPushButton(self.tr("刷新(&R)"))
        self.refresh_button.clicked.connect(self.refresh)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.verify_button, self.export_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self.refusal)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)
        self.resize(1120, 640)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field does what the field says, never another button

        if not self.allowed:
            self._refuse()
            close.setFocus()
            return
        self.refusal.hide()
        self.filter_edit.setFocus()
        self.refresh()

    def _refuse(self) -> None:
        """Say who may read the trail and why this person may not; nothing is loaded."""
        session = self.ops.session
        if session is None:
            self.refusal.setText(self.tr("尚未登录：请先登录。"))
        else:
            who = session.who_may(Permission.AUDIT_READ)
            self.refusal.setText(
                self.tr("仅{0}可查看审计记录。\n{1}").format(who, session.why_not(Permission.AUDIT_READ))
            )
        hidden: list[QWidget] = [
            self.filter_label,
            self.filter_edit,
            self.chain_state,
            self.table,
            self.message,
        ]
        for widget in [*hidden, self.verify_button, self.export_button, self.refresh_button]:
            widget.hide()
        self.resize(560, 160)

    def say(self, text: str, good: bool = True) -> None:
        self.message.setStyleSheet("color: #047857;" if good else "color: #b91c1c;")
        self.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.say(describe(error), False)

    # -- reading -------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """The newest records and the chain's head, read on the database worker."""
        if not self.allowed:
            return

        def read(session: Any) -> tuple[list[AuditRow], dict[str, str], ChainState]:
            rows = session.audit_trail(limit=LIMIT)
            return rows, session.audit_names(named_users(rows)), session.audit_head()

        self.ops.run(self, read, self._show, self._failed, key="audit-read", latest=True)

    def _show(self, answer: tuple[list[AuditRow], dict[str, str], ChainState]) -> None:
        rows, names, state = answer
        self.model.set_lines([audit_line(row, names) for row in rows])
        shown = self.tr("最新 {0} 条").format(len(rows)) if state.count > len(rows) else ""
        self.chain_state.setText(
            self.tr("共 {0} 条记录{1}，链头 {2}").format(
                state.count, f"（{shown}）" if shown else "", state.head
            )
        )
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in (AuditModel.OBJECT, AuditModel.ACTION):
            header.resizeSection(column, min(header.sectionSize(column), 240))
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0, QModelIndex()))

    def line(self, row: int) -> AuditLine | None:
        """The record shown in (filtered) row ``row``."""
        source = self.proxy.mapToSource(self.proxy.index(row, 0))
        return self.model.line(source.row())

    # -- checking and exporting ----------------------------------------------------------------------------

    def verify(self) -> None:
        """Walk the whole chain; say whether it is whole or where it breaks."""
        if not self.allowed:
            return

        def shown(report: ChainReport) -> None:
            self.message.setToolTip("\n".join(report.findings[: SHOWN_FINDINGS * 20]))
            if report.ok:
                text = self.tr("审计链完整：{0} 条记录，链头 {1}；登记簿与审计记录相符（核对 {2} 件办件）")
                lines = [text.format(report.count, report.head, report.cases_checked), *report.findings]
                self.say("\n".join(lines))
            elif report.first_broken is None and report.findings:  # the chain is whole, the register is not
                more = len(report.findings) - SHOWN_FINDINGS
                lines = [report.reason, *report.findings[:SHOWN_FINDINGS]]
                if more > 0:
                    lines.append(self.tr("……另有 {0} 处（鼠标停在此处可看全部）").format(more))
                self.say("\n".join(lines), False)
            else:
                self.say(
                    self.tr("审计链在第 {0} 条记录处断裂：{1}").format(report.first_broken, report.reason),
                    False,
                )

        self.say(self.tr("正在校验审计链…"))
        self.ops.run(self, lambda s: s.verify_audit(), shown, self._failed, key="audit-verify")

    def export(self, path: str | None = None) -> None:
        """The whole trail to a CSV file (the export is itself recorded, so the view refreshes)."""
        if not self.allowed:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("导出审计记录"), "audit.csv", "CSV (*.csv)")
            if not path:
                return
        target = Path(path)

        def done(rows: int) -> None:
            self.say(self.tr("已导出 {0} 条审计记录到 {1}").format(rows, target.name))
            self.refresh()

        self.ops.run(self, lambda s: s.export_trail(target), done, self._failed, key="audit-export")
