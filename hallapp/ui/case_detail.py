"""办件详情: one case as stored — facts, materials and what happened to them, documents, history.

The dialog only shows the ``CaseDetail`` it is given (read on a worker by the caller) and says what the
clerk wants next: open an archived document (``document_opened``) or print the documents again
(``reprint_requested``). Personal data arrives masked and is shown as given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hallapp.printing.model import DocumentKind
from hallapp.ui.screen import fit_to_screen

if TYPE_CHECKING:
    from hallapp.services.cases import CaseDetail

MUTED = QColor("#6b7280")
AMBER = QColor("#b45309")
RED = QColor("#b91c1c")
STYLE = """
QLabel#caseNumber { font-size: 15pt; font-weight: bold; color: #0f172a; }
QLabel#caseState { font-weight: bold; color: #1d4ed8; }
QLabel.factName { color: #64748b; }
QLabel.factValue { color: #0f172a; }
QGroupBox { font-weight: bold; margin-top: 14px; padding-top: 6px; border: 1px solid #cbd5e1; border-radius: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QTableWidget { background: white; alternate-background-color: #f1f5f9; gridline-color: #e2e8f0;
    selection-background-color: #1d4ed8; selection-color: white; border: none; font-weight: normal; }
"""
UNVERIFIED = "（待核实）"  # the year's holiday schedule is not published: the date may still move


def _date(day: date | None, unverified: bool = False) -> str:
    if day is None:
        return ""
    return day.isoformat() + (UNVERIFIED if unverified else "")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], stretch: int) -> QTableWidget:
    """A read-only, row-selecting table of short texts (each cell also as its tooltip, for cut-off text)."""
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fit_rows(table: QTableWidget, most: int) -> None:
    """Make the table exactly as tall as its rows (at most ``most`` of them, then it scrolls)."""
    table.resizeRowsToContents()
    rows = min(table.rowCount(), most)
    body = (
        sum(table.rowHeight(r) for r in range(rows)) if rows else table.verticalHeader().defaultSectionSize()
    )
    height = table.horizontalHeader().sizeHint().height() + body + 2 * table.frameWidth() + 4
    table.setFixedHeight(height)


def _fit_columns(table: QTableWidget) -> None:
    """Make the table wide enough for its columns, so short lists are never cut off."""
    table.resizeColumnsToContents()
    width = (
        table.horizontalHeader().length()
        + 2 * table.frameWidth()
        + table.verticalScrollBar().sizeHint().width()
    )
    table.setMinimumWidth(max(width, 360))


def readable(detail: str) -> str:
    """An audit detail ("kind=RECEIPT，deferred=1") in the clerk's words. Keys with no words for a clerk
    (the trail's format version, internal counts) are left out rather than shown as stored."""
    from hallapp.services.case_trail import CHANNELS, METHODS

    parts = []
    for part in filter(None, detail.split("，")):
        key, _, value = part.partition("=")
        if key == "kind":
            parts.append(DocumentKind[value].title if value in DocumentKind.__members__ else value)
        elif key == "channel":
            parts.append(f"{CHANNELS.get(value, value)}补交")
        elif key == "method":
            parts.append(METHODS.get(value, value))
        elif key == "complete":
            parts.append("材料已补齐" if value == "True" else "")
        elif key in _DETAIL_WORDS and value not in ("0", "", "False", "None"):
            parts.append(_DETAIL_WORDS[key].format(value))
    return "，".join(p for p in parts if p)


_DETAIL_WORDS = {
    "window": "窗口 {0}",
    "missing": "缺 {0} 项",
    "deferred": "容缺 {0} 项",
    "licences": "电子证照 {0} 项",
    "instant": "当场办结",
    "materials": "补交 {0} 项",
    "on": "补交日期 {0}",
    "previous": "原期限 {0}",
    "new": "延至 {0}",
    "reason": "理由：{0}",
    "copy": "副本",
}


def _group(title: str, table: QTableWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 8, 6, 6)
    layout.addWidget(table)
    return box


class CaseDetailDialog(QDialog):
    """Everything about one case, read-only; Ctrl+P asks for a reprint, Esc closes."""

    document_opened = Signal(str)  # absolute path of the archived PDF
    reprint_requested = Signal(str)  # case number
    reveal_requested = Signal(str)  # case number: show the full ID (needs the permission; audited)

    def __init__(
        self, detail: CaseDetail, data_dir: Path, parent: QWidget | None = None, *, may_reveal: bool = True
    ) -> None:
        """``may_reveal``: whether the signed-in person may see the full ID (else the button is not
        offered at all, rather than refused after the click)."""
        super().__init__(parent)
        self.detail = detail
        self.data_dir = Path(data_dir)
        number = detail.row.number
        self.setWindowTitle(self.tr("办件详情 – {0}").format(number))
        self.setStyleSheet(STYLE)
        self.setMinimumSize(900, 650)

        self.materials = self._materials_table()
        self.documents = self._documents_table()
        self.history = _table(
            (self.tr("时间"), self.tr("人员"), self.tr("操作"), self.tr("说明")),
            [(f"{e.at:%Y-%m-%d %H:%M}", e.actor, e.action, readable(e.detail)) for e in detail.history],
            stretch=3,
        )
        self.documents.installEventFilter(self)
        self.documents.doubleClicked.connect(lambda index: self._open_document(index.row()))

        self.reprint_button = QPushButton(self.tr("重印文书(&P)"))
        self.reprint_button.setToolTip(self.tr("再打印一份本办件的文书（标注为副本） Ctrl+P"))
        self.reprint_button.setEnabled(bool(number))
        self.reprint_button.clicked.connect(self._reprint)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setToolTip(self.tr("Esc"))
        self.close_button.clicked.connect(self.reject)
        for button in (self.reprint_button, self.close_button):
            button.setAutoDefault(False)  # Enter belongs to the lists, never to a button
        self.reprint_shortcut = QShortcut(QKeySequence("Ctrl+P"), self)
        self.reprint_shortcut.activated.connect(self._reprint)

        self.reveal_button = QPushButton(self.tr("显示完整证件号码(&V)"))
        self.reveal_button.setToolTip(self.tr("需要相应权限；每次查看都记入审计记录"))
        self.reveal_button.setEnabled(bool(number))
        self.reveal_button.setVisible(may_reveal)
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.clicked.connect(lambda: self.reveal_requested.emit(self.detail.row.number))
        self.revealed = QLabel()
        self.revealed.setObjectName("revealed")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reveal_button)
        buttons.addWidget(self.revealed)
        buttons.addStretch(1)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.close_button)
        self.guide_materials = self._guide_table()
        self.guide_facts = QLabel(self._guide_facts())
        self.guide_facts.setObjectName("guideFacts")
        self.guide_facts.setWordWrap(True)
        self.guide_facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        guide_page = QWidget()
        guide_layout = QVBoxLayout(guide_page)
        guide_layout.setContentsMargins(6, 6, 6, 6)
        guide_layout.addWidget(self.guide_facts)
        guide_layout.addWidget(self.guide_materials, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, self.tr("办理记录"))
        self.tabs.addTab(
            guide_page,
            self.tr("办事指南 第 {0} 版").format(detail.guide_version)
            if detail.guide_version is not None
            else self.tr("办事指南（现行）"),
        )
        self.tabs.setTabToolTip(1, self.tr("受理时依据的办事指南：材料、时限、地点和电话以当时为准"))
        lower = QHBoxLayout()
        documents_title = self.tr("文书") if detail.documents else self.tr("文书（尚未打印）")
        lower.addWidget(_group(documents_title, self.documents))
        lower.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(self._header())
        layout.addWidget(_group(self.tr("申请材料"), self.materials))
        layout.addLayout(lower, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 1000, 720)
        self.documents.setFocus()

    # -- building --------------------------------------------------------------------------------------

    def _fact(self, grid: QGridLayout, row: int, column: int, name: str, value: str, span: int = 1) -> QLabel:
        key = QLabel(name + "：")
        key.setProperty("class", "factName")
        key.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        shown = QLabel(value or "—")
        shown.setProperty("class", "factValue")
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if UNVERIFIED in value:
            shown.setStyleSheet("color: #b45309;")
            shown.setToolTip(self.tr("该年度节假日安排尚未公布，日期可能调整，请人工核实"))
        grid.addWidget(key, row, column * 2)
        grid.addWidget(shown, row, column * 2 + 1, 1, span * 2 - 1)
        return shown

    def _header(self) -> QGridLayout:
        detail, row = self.detail, self.detail.row
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(5)
        self._fact(grid, 0, 0, self.tr("编号"), row.number).setObjectName("caseNumber")
        self._fact(grid, 0, 1, self.tr("结果"), row.decision_label).setObjectName("caseState")
        self._fact(grid, 0, 2, self.tr("状态"), row.state_label).setObjectName("caseState")
        self._fact(grid, 1, 0, self.tr("事项"), f"{row.matter_name}（{detail.matter_code}）", span=3)
        if row.bundle_ref:  # one case of a life-event bundle: name it, and the number on its receipt
            bundle = self.tr("{0}（编号 {1}）").format(row.bundle_name, row.bundle_ref)
            self._fact(grid, 5, 0, self.tr("一件事"), bundle, span=3).setObjectName("caseBundle")
        self._fact(grid, 2, 0, self.tr("部门"), detail.department)
        self._fact(grid, 2, 1, self.tr("受理时间"), f"{row.received_at:%Y-%m-%d %H:%M}")
        self._fact(grid, 2, 2, self.tr("窗口 / 人员"), f"{row.window} · {row.clerk}")
        self._fact(grid, 3, 0, self.tr("申请人"), f"{row.applicant_name}  {row.applicant_id_masked}")
        self._fact(grid, 3, 1, self.tr("联系电话"), detail.phone_masked)
        if detail.agent_name:
            self._fact(grid, 3, 2, self.tr("代理人"), detail.agent_name)
        self._fact(
            grid, 4, 0, self.tr("承诺办结日期"), _date(detail.promised_date, detail.promised_unverified)
        )
        self._fact(grid, 4, 1, self.tr("补正期限"), _date(row.deferral_deadline, detail.deferral_unverified))
        version = self._fact(grid, 4, 2, self.tr("办事指南版本"), detail.guide_label)
        version.setObjectName("guideVersion")
        version.setToolTip(self.tr("本办件受理时依据的办事指南版本；文书和重印均按该版本"))
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        return grid

    def _materials_table(self) -> QTableWidget:
        materials = self.detail.materials
        table = _table(
            (self.tr("材料"), self.tr("必要"), self.tr("情况"), self.tr("缺少"), self.tr("补正期限")),
            [
                (
                    m.name,
                    self.tr("必要") if m.required else self.tr("非必要"),
                    m.outcome_label,
                    m.shortfall,
                    _date(m.deadline, self.detail.deferral_unverified and m.deadline is not None),
                )
                for m in materials
            ],
            stretch=0,
        )
        _fit_rows(table, 8)
        for r, m in enumerate(materials):
            colour = {"deferred": AMBER, "missing": RED, "not_needed": MUTED}.get(m.outcome)
            for c in range(table.columnCount()):
                item = table.item(r, c)
                if colour is not None and item is not None:
                    item.setForeground(colour)
        return table

    def _guide_facts(self) -> str:
        """The guide's limits, place and phones as in the version the case was decided under."""
        guide = self.detail.guide
        if guide is None:
            return self.tr("事项已不在目录中，无法显示办事指南。")
        limit = guide.time_limit_label
        if guide.statutory_limit_days:
            limit += self.tr("；法定时限 {0} 个工作日").format(guide.statutory_limit_days)
        lines = [
            self.tr("办理时限：{0}").format(limit),
            self.tr("办理地点：{0} {1}").format(guide.place, guide.windows).strip(),
            self.tr("咨询电话：{0}").format("；".join(guide.phones) or "—"),
        ]
        if guide.deferrable:
            cap = self.tr("，最多容缺 {0} 项").format(guide.max_deferred) if guide.max_deferred else ""
            lines.append(self.tr("可容缺受理{0}").format(cap))
        return "\n".join(lines)

    def _guide_table(self) -> QTableWidget:
        """The materials the guide asked for, in that version (what the case's own list was checked against)."""
        guide = self.detail.guide
        materials = guide.materials if guide is not None else ()
        return _table(
            (self.tr("材料"), self.tr("形式与份数"), self.tr("必要"), self.tr("容缺")),
            [
                (
                    m.name,
                    m.form_label,
                    self.tr("必要") if m.required else self.tr("非必要"),
                    self.tr("可容缺") if m.deferrable else "",
                )
                for m in materials
            ],
            stretch=0,
        )

    def _documents_table(self) -> QTableWidget:
        table = _table(
            (self.tr("文书"), self.tr("原件/副本"), self.tr("时间")),
            [
                (
                    self._kind_title(d.kind),
                    self.tr("副本") if d.is_copy else self.tr("原件"),
                    f"{d.created_at:%Y-%m-%d %H:%M}",
                )
                for d in self.detail.documents
            ],
            stretch=0,
        )
        table.setToolTip(self.tr("回车或双击打开文书"))
        _fit_columns(table)
        if self.detail.documents:
            table.selectRow(0)
        return table

    @staticmethod
    def _kind_title(kind: str) -> str:
        try:
            return DocumentKind[kind].title
        except KeyError:
            return kind

    def showEvent(self, event: QShowEvent) -> None:
        """Sizes depend on the style sheet, which is applied when the dialog is first shown."""
        super().showEvent(event)
        _fit_rows(self.materials, 8)
        _fit_columns(self.documents)

    # -- what the clerk asks ----------------------------------------------------------------------------

    def document_path(self, row: int) -> Path | None:
        documents = self.detail.documents
        return self.data_dir / documents[row].path if 0 <= row < len(documents) else None

    def _open_document(self, row: int) -> None:
        path = self.document_path(row)
        if path is not None:
            self.document_opened.emit(str(path))

    def show_revealed(self, text: str, allowed: bool = True) -> None:
        """The full number (allowed) or why not, next to the button; never stored in the dialog."""
        self.revealed.setStyleSheet(
            "color: #b91c1c;" if not allowed else "color: #1e3a8a; font-weight: bold;"
        )
        self.revealed.setText(text)

    def _reprint(self) -> None:
        if self.detail.row.number:
            self.reprint_requested.emit(self.detail.row.number)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.documents
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._open_document(self.documents.currentRow())
            return True
        return super().eventFilter(watched, event)
