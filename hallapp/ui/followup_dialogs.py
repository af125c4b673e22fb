"""Forms of following a deferred case: 补正, 延期 and 催补 (their frame and the yes/no confirmation of
终止办理 and 撤回 are in followup_form.py).

The dialogs refuse inline what the clerk can fix at once — no material ticked, no real reason, a deadline on
a holiday or beyond the hall's bound (``services.followup_rules``), no approver — and the services check
everything again: a refusal from there is shown in the form, with everything typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.lifecycle import Channel
from hallapp.domain.workdays import WorkdayCalendar, weekdays_only
from hallapp.services.followup_rules import (
    REASON_EXAMPLE,
    REASON_RULE,
    extension_problem,
    latest_extension,
    reason_problem,
)
from hallapp.ui.followup_form import ConfirmDialog, _Form, buddy_label, pydate, qdate, tr

if TYPE_CHECKING:
    from hallapp.services.board import BoardRow

__all__ = [
    "LETTER_METHODS",
    "ConfirmDialog",
    "ExtendDialog",
    "ExtendValues",
    "ReminderDialog",
    "ReminderValues",
    "SupplementDialog",
    "SupplementValues",
    "_Form",
    "default_extension",
]

REMINDER_METHOD_LABELS = {"letter": "书面通知", "phone": "电话", "sms": "短信"}  # as services.followup
LETTER_METHODS = ("letter",)  # only a written reminder is a letter to print; a call or an SMS is not
EXTENSION_DEFAULT_WORKING_DAYS = 5
WEEKDAYS = "一二三四五六日"


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


class SupplementDialog(_Form):
    """补正: which deferred materials arrived, on which day, and how."""

    def __init__(self, row: BoardRow, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(tr("登记补正 – {0}").format(row.number), parent, "登记补正")
        today = today or date.today()
        self.material_boxes: list[QCheckBox] = []
        group = QGroupBox(self.tr("补交的材料"))
        group_layout = QVBoxLayout(group)
        for name in row.missing:
            box = QCheckBox(name)
            box.setChecked(True)
            group_layout.addWidget(box)
            self.material_boxes.append(box)
        self.date_edit = QDateEdit(qdate(today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(qdate(today))
        self.channel_box = QComboBox()
        for channel in Channel:
            self.channel_box.addItem(self.tr(channel.label), channel.value)
        form = QFormLayout()
        form.addRow(buddy_label(self.tr("补交日期(&D)"), self.date_edit), self.date_edit)
        form.addRow(buddy_label(self.tr("补交方式(&C)"), self.channel_box), self.channel_box)
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
            on=pydate(self.date_edit.date()),
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
        super().__init__(tr("延期 – {0}").format(row.number), parent, "批准延期")
        self.today = today = today or date.today()
        self.row = row
        self.calendar = calendar or weekdays_only()
        self.approver_needed = approver_needed
        self.latest = latest_extension(row.deadline, today, self.calendar)
        self.date_edit = QDateEdit(qdate(default_extension(row.deadline, today, self.calendar)))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumDate(qdate(max(row.deadline + timedelta(days=1), today)))
        self.date_edit.setMaximumDate(qdate(self.latest))  # one extension's bound: no ten-year deadline
        self.day_hint = QLabel()
        self.day_hint.setObjectName("dayHint")
        self.day_hint.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("写明原因，{0}，{1}").format(REASON_RULE, REASON_EXAMPLE))
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText(self.tr("科室负责人本人的用户名"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("科室负责人本人输入，窗口人员不得代填"))
        form = QFormLayout()
        form.addRow(buddy_label(self.tr("新补正期限(&D)"), self.date_edit), self.date_edit)
        form.addRow("", self.day_hint)
        form.addRow(buddy_label(self.tr("延期理由(&R)"), self.reason_edit), self.reason_edit)
        self.body.addWidget(self._case_line(row))
        self.body.addLayout(form)
        self.approver_group = QGroupBox(self.tr("科室负责人审批"))
        approver_form = QFormLayout(self.approver_group)
        approver_form.addRow(buddy_label(self.tr("用户名(&U)"), self.username_edit), self.username_edit)
        approver_form.addRow(buddy_label(self.tr("密码(&P)"), self.password_edit), self.password_edit)
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
        day = pydate(self.date_edit.date())
        weekday = self.tr("星期{0}").format(WEEKDAYS[day.weekday()])
        if self.calendar.is_working_day(day):
            added = self.calendar.working_days_between(self.row.deadline, day)
            text = self.tr("{0}，比原期限多 {1} 个工作日（一次最晚可延至 {2}）").format(
                weekday, added, self.latest.isoformat()
            )
            warn = False
        else:
            text, warn = self.tr("{0}，不是工作日：请选择工作日").format(weekday), True
        self.day_hint.setText(text)
        self.day_hint.setProperty("warn", warn)
        self.day_hint.style().unpolish(self.day_hint)
        self.day_hint.style().polish(self.day_hint)

    def values(self) -> ExtendValues:
        """The new deadline, the reason, and the approving supervisor's user name and password (if asked)."""
        if not self.approver_needed:
            return ExtendValues(pydate(self.date_edit.date()), self.reason_edit.text().strip())
        return ExtendValues(
            new_deadline=pydate(self.date_edit.date()),
            reason=self.reason_edit.text().strip(),
            approver_username=self.username_edit.text().strip(),
            approver_password=self.password_edit.text(),
        )

    def _check(self) -> list[str]:
        values, problems, missing = self.values(), [], []
        day = extension_problem(
            values.new_deadline,
            current=self.row.deadline,
            first=None,
            today=self.today,
            calendar=self.calendar,
        )
        if day:
            problems.append(day)
            missing.append(self.date_edit)
        reason = reason_problem(values.reason)
        if reason:
            problems.append(reason)
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
        super().__init__(tr("催补 – {0} 件").format(count), parent, "登记并打印")
        self.count = count
        self.intro = QLabel()
        self.intro.setObjectName("dialogCase")
        self.intro.setWordWrap(True)
        self.method_box = QComboBox()
        for code, label in REMINDER_METHOD_LABELS.items():
            self.method_box.addItem(self.tr(label), code)
        self.method_box.currentIndexChanged.connect(lambda _index: self._describe_method())
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("可不填，如：已电话告知本人"))
        form = QFormLayout()
        form.addRow(buddy_label(self.tr("催补方式(&M)"), self.method_box), self.method_box)
        form.addRow(buddy_label(self.tr("备注(&N)"), self.note_edit), self.note_edit)
        self.body.addWidget(self.intro)
        self.body.addLayout(form)
        note_hint = QLabel(self.tr("备注只记入办件记录，不打印在给申请人的催补通知上。"))
        note_hint.setObjectName("dialogHint")
        note_hint.setWordWrap(True)
        self.body.addWidget(note_hint)
        self._finish()
        QWidget.setTabOrder(self.method_box, self.note_edit)
        QWidget.setTabOrder(self.note_edit, self.buttons)
        self._describe_method()
        self.method_box.setFocus()

    @property
    def prints(self) -> bool:
        """Whether the chosen method is a letter (书面通知), the only one that prints anything."""
        return self.method_box.currentData() in LETTER_METHODS

    def _describe_method(self) -> None:
        """A letter is registered and printed; a call or an SMS is only registered."""
        if self.prints:
            text = self.tr("将为选中的 {0} 个办件登记已催补，并打印催补通知（合并为一个 PDF）。")
            self.ok_button.setText(self.tr("登记并打印"))
        else:
            text = self.tr("将为选中的 {0} 个办件登记已{1}催补，不打印催补通知。")
            self.ok_button.setText(self.tr("登记"))
        label = REMINDER_METHOD_LABELS.get(self.method_box.currentData(), "")
        self.intro.setText(text.format(self.count, label))

    def values(self) -> ReminderValues:
        """The reminder method (letter / phone / sms) and the note."""
        return ReminderValues(method=self.method_box.currentData(), note=self.note_edit.text().strip())
