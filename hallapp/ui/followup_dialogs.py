"""Forms of following a deferred case: 补正, 延期, 催补, and a yes/no confirmation (终止办理, 撤回).

Pure forms: they never touch the database. ``values()`` says what the clerk entered; the board runs the
use case (on a worker), and the domain decides whether it is allowed. The dialogs only refuse what is
plainly incomplete (no material ticked, no reason, no approver), inline, and stay open.
Enter means OK, Esc cancels, everything is reachable by keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.lifecycle import Channel

if TYPE_CHECKING:
    from hallapp.services.board import BoardRow

STYLE = """
QLabel#dialogProblems { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca;
    border-radius: 4px; padding: 6px 8px; }
QLabel#dialogCase { color: #0f172a; }
QLabel#dialogHint { color: #64748b; }
QGroupBox { font-weight: bold; margin-top: 12px; padding-top: 6px; border: 1px solid #cbd5e1; border-radius: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QCheckBox { font-weight: normal; padding: 2px 0; }
"""
REMINDER_METHOD_LABELS = {"letter": "书面通知", "phone": "电话", "sms": "短信"}  # as services.followup


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowUpDialogs", text)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


@dataclass(frozen=True)
class SupplementValues:
    names: tuple[str, ...]
    on: date
    channel: Channel


@dataclass(frozen=True)
class ExtendValues:
    new_deadline: date
    reason: str
    approved_by: str
    supervisor: bool


@dataclass(frozen=True)
class ReminderValues:
    method: str  # letter / phone / sms
    note: str


class _Form(QDialog):
    """A dialog with a case line on top, a form, an inline problems label and OK / Cancel."""

    def __init__(self, title: str, parent: QWidget | None, ok_text: str = "确定") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(520)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("dialogProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr(ok_text))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 14, 18, 14)
        self.body.setSpacing(10)

    def _finish(self) -> None:
        """Add the problems label and the buttons last; only then may OK become the default (Enter)."""
        self.body.addWidget(self.problems_label)
        self.body.addWidget(self.buttons)
        self.ok_button.setDefault(True)

    def _case_line(self, row: BoardRow) -> QLabel:
        label = QLabel(
            self.tr("<b>{0}</b>　{1}　{2}<br>补正期限 {3}（{4}）").format(
                *(escape(value) for value in (row.number, row.applicant_name, row.matter_name)),
                row.deadline.isoformat(),
                row.status_label,
            )
        )
        label.setObjectName("dialogCase")
        label.setWordWrap(True)
        return label

    def problems(self) -> list[str]:
        """What the form shows as wrong right now."""
        text = self.problems_label.text()
        return text.split("\n") if not self.problems_label.isHidden() and text else []

    def _check(self) -> list[str]:
        return []

    def accept(self) -> None:
        """OK or Enter: close when the form is complete, else say what is missing and stay."""
        problems = self._check()
        if problems:
            self.problems_label.setText("\n".join(problems))
            self.problems_label.show()
            return
        self.problems_label.hide()
        super().accept()


class SupplementDialog(_Form):
    """补正: which deferred materials arrived, on which day, and how."""

    def __init__(self, row: BoardRow, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(_tr("登记补正 – {0}").format(row.number), parent, "登记补正")
        today = today or date.today()
        self.material_boxes: list[QCheckBox] = []
        group = QGroupBox(self.tr("补交的材料"))
        group_layout = QVBoxLayout(group)
        for name in row.missing:
            box = QCheckBox(name)
            box.setChecked(True)
            group_layout.addWidget(box)
            self.material_boxes.append(box)
        self.date_edit = QDateEdit(_qdate(today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(_qdate(today))
        self.channel_box = QComboBox()
        for channel in Channel:
            self.channel_box.addItem(self.tr(channel.label), channel.value)
        form = QFormLayout()
        form.addRow(_label(self.tr("补交日期(&D)"), self.date_edit), self.date_edit)
        form.addRow(_label(self.tr("补交方式(&C)"), self.channel_box), self.channel_box)
        self.body.addWidget(self._case_line(row))
        self.body.addWidget(group)
        self.body.addLayout(form)
        self._finish()
        order: list[QWidget] = [*self.material_boxes, self.date_edit, self.channel_box, self.buttons]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        (self.material_boxes[0] if self.material_boxes else self.date_edit).setFocus()

    def values(self) -> SupplementValues:
        """The ticked materials, the day they arrived and the channel."""
        return SupplementValues(
            names=tuple(box.text() for box in self.material_boxes if box.isChecked()),
            on=_pydate(self.date_edit.date()),
            channel=Channel(self.channel_box.currentData()),
        )

    def _check(self) -> list[str]:
        return [] if self.values().names else [self.tr("请至少勾选一项补交的材料")]


class ExtendDialog(_Form):
    """延期: the new deadline, why, and which supervisor approved it."""

    def __init__(self, row: BoardRow, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(_tr("延期 – {0}").format(row.number), parent, "延期")
        # Five days after the deadline, or after today for an overdue case (the past is no deadline).
        self.date_edit = QDateEdit(_qdate(max(row.deadline, today or date.today()) + timedelta(days=5)))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumDate(_qdate(row.deadline + timedelta(days=1)))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("如：台风停工、不可抗力"))
        self.approver_edit = QLineEdit()
        self.approver_edit.setPlaceholderText(self.tr("批准延期的科室负责人姓名"))
        self.supervisor_box = QCheckBox(self.tr("批准人为科室负责人(&S)"))
        hint = QLabel(self.tr("延期须经科室负责人批准；新期限适用于全部未补交的材料。"))
        hint.setObjectName("dialogHint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_label(self.tr("新补正期限(&D)"), self.date_edit), self.date_edit)
        form.addRow(_label(self.tr("延期理由(&R)"), self.reason_edit), self.reason_edit)
        form.addRow(_label(self.tr("批准人(&A)"), self.approver_edit), self.approver_edit)
        form.addRow("", self.supervisor_box)
        self.body.addWidget(self._case_line(row))
        self.body.addLayout(form)
        self.body.addWidget(hint)
        self._finish()
        order: list[QWidget] = [
            self.date_edit,
            self.reason_edit,
            self.approver_edit,
            self.supervisor_box,
            self.buttons,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.date_edit.setFocus()

    def values(self) -> ExtendValues:
        """The new deadline, the reason, the approver and whether the approver is a supervisor."""
        return ExtendValues(
            new_deadline=_pydate(self.date_edit.date()),
            reason=self.reason_edit.text().strip(),
            approved_by=self.approver_edit.text().strip(),
            supervisor=self.supervisor_box.isChecked(),
        )

    def _check(self) -> list[str]:
        values, problems = self.values(), []
        if not values.reason:
            problems.append(self.tr("请填写延期理由"))
        if not values.approved_by:
            problems.append(self.tr("请填写批准人"))
        if problems:
            (self.reason_edit if not values.reason else self.approver_edit).setFocus()
        return problems


class ReminderDialog(_Form):
    """催补: how the selected applicants were (or will be) reminded, and an optional note."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(_tr("催补 – {0} 件").format(count), parent, "打印并登记")
        intro = QLabel(
            self.tr("将为选中的 {0} 个办件打印催补通知（合并为一个 PDF），并登记已催补。").format(count)
        )
        intro.setObjectName("dialogCase")
        intro.setWordWrap(True)
        self.method_box = QComboBox()
        for code, label in REMINDER_METHOD_LABELS.items():
            self.method_box.addItem(self.tr(label), code)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("可不填，如：已电话告知本人"))
        form = QFormLayout()
        form.addRow(_label(self.tr("催补方式(&M)"), self.method_box), self.method_box)
        form.addRow(_label(self.tr("备注(&N)"), self.note_edit), self.note_edit)
        self.body.addWidget(intro)
        self.body.addLayout(form)
        self._finish()
        QWidget.setTabOrder(self.method_box, self.note_edit)
        QWidget.setTabOrder(self.note_edit, self.buttons)
        self.method_box.setFocus()

    def values(self) -> ReminderValues:
        """The reminder method (letter / phone / sms) and the note."""
        return ReminderValues(method=self.method_box.currentData(), note=self.note_edit.text().strip())


class ConfirmDialog(_Form):
    """A question with OK / Cancel, in the page's own words (no QMessageBox)."""

    def __init__(
        self, text: str, parent: QWidget | None = None, *, title: str = "请确认", ok_text: str = "确定"
    ) -> None:
        super().__init__(_tr(title), parent, ok_text)
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        self.body.addWidget(self.text_label)
        self._finish()
        self.ok_button.setFocus()
