"""窗口设置: a pure form over ``CounterSettings``; the caller saves what it emits (on a worker).

The rules of what may be saved live in ``CounterSettings.problems()``; the dialog shows them in words
and stays open until they are gone. It never writes the database.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallapp.printing.model import PAPERS

if TYPE_CHECKING:
    from hallapp.services.settings import CounterSettings

STYLE = """
QLabel#settingsProblems { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca;
    border-radius: 4px; padding: 6px 8px; }
QLabel#settingsHint { color: #64748b; }
"""


LICENCE_SOURCE_LABELS = {"local": "本地证照库", "http": "电子证照库接口（HTTP）", "off": "不查询电子证照"}


class SettingsDialog(QDialog):
    """Edit this counter's settings; OK emits ``saved`` with valid settings, or shows what is wrong."""

    saved = Signal(object)  # CounterSettings

    def __init__(self, current: CounterSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._current = current
        self.setWindowTitle(self.tr("窗口设置"))
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(760)

        self.window_edit = QLineEdit(current.window)
        self.clerk_edit = QLineEdit(current.clerk)
        self.hall_name_edit = QLineEdit(current.hall_name)
        self.hall_code_edit = QLineEdit(current.hall_code)
        self.hall_code_edit.setPlaceholderText(self.tr("2–12 位字母或数字，如 PSZW"))
        self.case_prefix_edit = QLineEdit(current.case_prefix)
        self.case_prefix_edit.setPlaceholderText(self.tr("最多 16 位字母、数字或“-”"))
        self.paper_box = QComboBox()
        self.paper_box.addItems(list(PAPERS))
        if current.paper not in PAPERS:
            self.paper_box.addItem(current.paper)  # shown as stored, so problems() can name it
        self.paper_box.setCurrentText(current.paper)
        self.deferral_spin = QSpinBox()
        self.deferral_spin.setRange(1, 60)
        self.deferral_spin.setSuffix(self.tr(" 个工作日"))
        self.deferral_spin.setValue(current.deferral_days)
        self.tracking_url_edit = QLineEdit(current.tracking_url)
        self.tracking_text_edit = QLineEdit(current.tracking_text)
        self.tracking_text_edit.setCursorPosition(0)
        self.tracking_url_edit.setCursorPosition(0)
        self.community_box = QCheckBox(self.tr("党群服务中心模式(&Q)"))
        self.community_box.setChecked(current.community_centre)
        self.community_box.setToolTip(
            self.tr("社区党群服务中心使用：下放的事项排在前面，其余事项提示到区大厅办理")
        )
        self.hall_address_edit = QLineEdit(current.hall_address)
        self.licence_source_box = QComboBox()
        for code, label in LICENCE_SOURCE_LABELS.items():
            self.licence_source_box.addItem(self.tr(label), code)
        self.licence_source_box.setCurrentIndex(
            max(self.licence_source_box.findData(current.licence_source), 0)
        )
        self.licence_url_edit = QLineEdit(current.licence_url)
        self.licence_url_edit.setPlaceholderText("https://…")
        self.licence_timeout_spin = QSpinBox()
        self.licence_timeout_spin.setRange(200, 30_000)
        self.licence_timeout_spin.setSingleStep(500)
        self.licence_timeout_spin.setSuffix(self.tr(" 毫秒"))
        self.licence_timeout_spin.setValue(current.licence_timeout_ms)
        self.licence_retries_spin = QSpinBox()
        self.licence_retries_spin.setRange(0, 5)
        self.licence_retries_spin.setValue(current.licence_retries)
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(1, 120)
        self.idle_spin.setSuffix(self.tr(" 分钟"))
        self.idle_spin.setValue(current.idle_lock_minutes)

        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        rows: list[tuple[str, QWidget]] = [
            (self.tr("窗口号(&W)"), self.window_edit),
            (self.tr("窗口人员(&C)"), self.clerk_edit),
            (self.tr("大厅名称(&H)"), self.hall_name_edit),
            (self.tr("大厅编码(&D)"), self.hall_code_edit),
            (self.tr("受理编号前缀(&N)"), self.case_prefix_edit),
            (self.tr("纸张(&Z)"), self.paper_box),
            (self.tr("容缺补正期限(&R)"), self.deferral_spin),
            (self.tr("进度查询网址(&U)"), self.tracking_url_edit),
            (self.tr("进度查询说明(&T)"), self.tracking_text_edit),
            (self.tr("区大厅地址(&A)"), self.hall_address_edit),
            (self.tr("电子证照来源(&E)"), self.licence_source_box),
            (self.tr("证照库地址(&L)"), self.licence_url_edit),
            (self.tr("证照查询超时(&O)"), self.licence_timeout_spin),
            (self.tr("证照查询重试(&Y)"), self.licence_retries_spin),
            (self.tr("无操作自动锁定(&K)"), self.idle_spin),
        ]
        for text, field in rows:
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.community_box)

        hint = QLabel(
            self.tr("受理编号 = 前缀 + 年份 + 序号；进度查询网址后接受理编号，印在回执的二维码里。")
        )
        hint.setObjectName("settingsHint")
        hint.setWordWrap(True)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("settingsProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.buttons)
        # Only now that the button is inside the dialog does the dialog remember it as the default,
        # so Enter still means OK after focus has visited (and left) another button.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)

        self._fields: list[QWidget] = [field for _text, field in rows] + [self.community_box]
        for first, second in zip(self._fields, self._fields[1:]):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self._fields[-1], self.buttons)
        self.window_edit.setFocus()
        self.window_edit.selectAll()

    def settings(self) -> CounterSettings:
        """The settings as the form shows them now (not yet checked)."""
        return replace(
            self._current,
            window=self.window_edit.text().strip(),
            clerk=self.clerk_edit.text().strip(),
            hall_name=self.hall_name_edit.text().strip(),
            hall_code=self.hall_code_edit.text().strip(),
            case_prefix=self.case_prefix_edit.text().strip(),
            paper=self.paper_box.currentText(),
            deferral_days=self.deferral_spin.value(),
            tracking_url=self.tracking_url_edit.text().strip(),
            tracking_text=self.tracking_text_edit.text().strip(),
            community_centre=self.community_box.isChecked(),
            hall_address=self.hall_address_edit.text().strip(),
            licence_source=self.licence_source_box.currentData(),
            licence_url=self.licence_url_edit.text().strip(),
            licence_timeout_ms=self.licence_timeout_spin.value(),
            licence_retries=self.licence_retries_spin.value(),
            idle_lock_minutes=self.idle_spin.value(),
        )

    def problems(self) -> list[str]:
        """What is shown as wrong right now (empty when the form was never refused)."""
        text = self.problems_label.text()
        return text.split("\n") if not self.problems_label.isHidden() and text else []

    def accept(self) -> None:
        """OK or Enter: emit ``saved`` and close when the settings are valid, else say why and stay."""
        settings = self.settings()
        problems = settings.problems()
        if problems:
            self.problems_label.setText("\n".join(problems))
            self.problems_label.show()
            self._focus_first(problems[0])
            return
        self.problems_label.hide()
        self.problems_label.clear()
        self.saved.emit(settings)
        super().accept()

    def _focus_first(self, problem: str) -> None:
        """Put the cursor where the first problem is, so the clerk can fix it at once."""
        starts = [
            ("窗口人员", self.clerk_edit),
            ("窗口号", self.window_edit),
            ("大厅名称", self.hall_name_edit),
            ("大厅编码", self.hall_code_edit),
            ("受理编号前缀", self.case_prefix_edit),
            ("纸张", self.paper_box),
            ("容缺补正期限", self.deferral_spin),
        ]
        for start, field in starts:
            if problem.startswith(start):
                field.setFocus()
                if isinstance(field, QLineEdit):
                    field.selectAll()
                return
