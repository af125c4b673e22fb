"""Forms of following a deferred case: 补正, 延期, 催补, and a yes/no confirmation (终止办理, 撤回).

Pure forms: they never touch the database. ``values()`` says what the clerk entered. The dialogs refuse
only what is plainly incomplete (no material ticked, no reason, no approver), inline. Held open by the
board (``hold_until_answered``), OK emits ``submitted`` instead of closing: the board runs the use case
and either closes the form (``answered``) or shows the service's refusal in it (``refused``) — so a wrong
supervisor password or a refused date never throws away what was typed.
Enter means OK, Esc cancels (not while the answer is awaited), everything is reachable by keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Signal
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
from hallapp.domain.workdays import WorkdayCalendar, weekdays_only

if TYPE_CHECKING:
    from hallapp.services.board import BoardRow

STYLE = """
QLabel#dialogProblems { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca;
    border-radius: 4px; padding: 6px 8px; }
QLabel#dialogCase { color: #0f172a; }
QLabel#dialogHint { color: #64748b; }
QLabel#dayHint { color: #334155; }
QLabel#dayHint[warn="true"] { color: #b45309; font-weight: bold; }
QGroupBox { font-weight: bold; margin-top: 12px; padding-top: 6px; border: 1px solid #cbd5e1; border-radius: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QCheckBox { font-weight: normal; padding: 2px 0; }
"""
REMINDER_METHOD_LABELS = {"letter": "书面通知", "phone": "电话", "sms": "短信"}  # as services.followup
EXTENSION_DEFAULT_WORKING_DAYS = 5
WEEKDAYS = "一二三四五六日"


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


def default_extension(deadline: date, today: date, calendar: WorkdayCalendar) -> date:
    """The deadline the extension form proposes: five working days after the current deadline (after
    today for an overdue case: the past is no deadline). Counted in working days, so never a holiday."""
    return calendar.add_working_days(max(deadline, today), EXTENSION_DEFAULT_WORKING_DAYS).date


@dataclass(frozen=True)
class SupplementValues:
    names: tuple[str, ...]
    on: date
    channel: Channel


@dataclass(frozen=True)
class ExtendValues:
    new_deadline: date
    reason: str
    approver_username: str = ""  # empty: the signed-in supervisor approves
    approver_password: str = field(default="", repr=False)  # never in a log line or a traceback


@dataclass(frozen=True)
class ReminderValues:
    method: str  # letter / phone / sms
    note: str


class _Form(QDialog):
    """A dialog with a case line on top, a form, an inline problems label and OK / Cancel."""

    submitted = Signal(object)  # values(), once the form's own checks passed (only when held open)

    def __init__(self, title: str, parent: QWidget | None, ok_text: str = "确定") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(520)
        self._holding = False
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

    def values(self) -> Any:
        """What the form says (None for a plain confirmation)."""
        return None

    def problems(self) -> list[str]:
        """What the form shows as wrong right now."""
        text = self.problems_label.text()
        return text.split("\n") if not self.problems_label.isHidden() and text else []

    def _check(self) -> list[str]:
        return []

    def _show_problems(self, problems: list[str]) -> None:
        self.problems_label.setText("\n".join(problems))
        self.problems_label.show()

    def hold_until_answered(self) -> None:
        """From now on OK emits ``submitted`` and the form stays open until ``answered`` or ``refused``."""
        self._holding = True

    def accept(self) -> None:
        """OK or Enter: when the form is complete, close (or, held open, submit); else say what is missing."""
        problems = self._check()
        if problems:
            self._show_problems(problems)
            return
        self.problems_label.hide()
        if self._holding:
            self.submitted.emit(self.values())
        else:
            super().accept()

    def answered(self) -> None:
        """The use case succeeded: close the form."""
        self.done(QDialog.DialogCode.Accepted)

    def refused(self, text: str, focus: QWidget | None = None) -> None:
        """The use case refused: say why in the form, keep everything typed, put the cursor where to fix."""
        self._show_problems([text])
        if focus is not None:
            focus.setFocus()
            if isinstance(focus, QLineEdit):
                focus.selectAll()

    def reject(self) -> None:
        """Esc or Cancel — not while the answer is awaited (a change half-told is worse than a wait)."""
        if not self.property("busy"):
            super().reject()


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
    """延期: the new deadline and why; when the signed-in person cannot approve it, a supervisor approves
    it here, at this counter, with their own user name and password (``approver_needed``)."""

    def __init__(
        self,
        row: BoardRow,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        calendar: WorkdayCalendar | None = None,
        approver_needed: bool = True,
    ) -> None:
        super().__init__(_tr("延期 – {0}").format(row.number), parent, "批准延期")
        today = today or date.today()
        self.row = row
        self.calendar = calendar or weekdays_only()
        self.approver_needed = approver_needed
        self.date_edit = QDateEdit(_qdate(default_extension(row.deadline, today, self.calendar)))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumDate(_qdate(max(row.deadline + timedelta(days=1), today)))
        self.day_hint = QLabel()
        self.day_hint.setObjectName("dayHint")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("如：台风停工、不可抗力"))
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText(self.tr("科室负责人本人的用户名"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("科室负责人本人输入，窗口人员不得代填"))
        form = QFormLayout()
        form.addRow(_label(self.tr("新补正期限(&D)"), self.date_edit), self.date_edit)
        form.addRow("", self.day_hint)
        form.addRow(_label(self.tr("延期理由(&R)"), self.reason_edit), self.reason_edit)
        self.body.addWidget(self._case_line(row))
        self.body.addLayout(form)
        self.approver_group = QGroupBox(self.tr("科室负责人审批"))
        approver_form = QFormLayout(self.approver_group)
        approver_form.addRow(_label(self.tr("用户名(&U)"), self.username_edit), self.username_edit)
        approver_form.addRow(_label(self.tr("密码(&P)"), self.password_edit), self.password_edit)
        self.body.addWidget(self.approver_group)
        self.approver_group.setVisible(approver_needed)
        hint = QLabel(
            self.tr(
                "延期须经科室负责人批准：请科室负责人本人在上方输入其用户名和密码。"
                "不能审批本人受理的办件。新期限适用于全部未补交的材料。"
            )
            if approver_needed
            else self.tr(
                "您是科室负责人：确定即由您批准此延期（本人受理的办件须由其他科室负责人审批）。"
                "新期限适用于全部未补交的材料。"
            )
        )
        hint.setObjectName("dialogHint")
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self._finish()
        order: list[QWidget] = [self.date_edit, self.reason_edit]
        if approver_needed:
            order += [self.username_edit, self.password_edit]
        for first, second in pairwise([*order, self.buttons]):
            QWidget.setTabOrder(first, second)
        self.date_edit.dateChanged.connect(lambda _day: self._describe_day())
        self._describe_day()
        self.date_edit.setFocus()

    def _describe_day(self) -> None:
        """Say what the chosen day is: its weekday and how many working days it adds — or that it is a
        holiday or a weekend, which a deadline should not be."""
        day = _pydate(self.date_edit.date())
        weekday = self.tr("星期{0}").format(WEEKDAYS[day.weekday()])
        if self.calendar.is_working_day(day):
            added = self.calendar.working_days_between(self.row.deadline, day)
            text, warn = self.tr("{0}，比原期限多 {1} 个工作日").format(weekday, added), False
        else:
            text, warn = self.tr("{0}，不是工作日：期限宜定在工作日").format(weekday), True
        self.day_hint.setText(text)
        self.day_hint.setProperty("warn", warn)
        self.day_hint.style().unpolish(self.day_hint)
        self.day_hint.style().polish(self.day_hint)

    def values(self) -> ExtendValues:
        """The new deadline, the reason, and the approving supervisor's user name and password (if asked)."""
        if not self.approver_needed:
            return ExtendValues(_pydate(self.date_edit.date()), self.reason_edit.text().strip())
        return ExtendValues(
            new_deadline=_pydate(self.date_edit.date()),
            reason=self.reason_edit.text().strip(),
            approver_username=self.username_edit.text().strip(),
            approver_password=self.password_edit.text(),
        )

    def _check(self) -> list[str]:
        values, problems, missing = self.values(), [], []
        if not values.reason:
            problems.append(self.tr("请填写延期理由"))
            missing.append(self.reason_edit)
        if self.approver_needed and not values.approver_username:
            problems.append(self.tr("请科室负责人输入其用户名"))
            missing.append(self.username_edit)
        if self.approver_needed and not values.approver_password:
            problems.append(self.tr("请科室负责人输入其密码"))
            missing.append(self.password_edit)
        if missing:
            missing[0].setFocus()
        return problems


class ReminderDialog(_Form):
    """催补: how the selected applicants were (or will be) reminded, and an optional note."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(_tr("催补 – {0} 件").format(count), parent, "登记并打印")
        intro = QLabel(
            self.tr("将为选中的 {0} 个办件登记已催补，并打印催补通知（合并为一个 PDF）。").format(count)
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
