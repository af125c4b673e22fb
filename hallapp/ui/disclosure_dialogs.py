"""Forms of the steps of a disclosure request: 补正告知, 收到补正, 征求意见 / 意见已回复, 收费通知 / 已缴费,
延期, 退回, 归档 (the registration is ``disclosure_register``, the reply ``disclosure_reply``).

Pure forms over a ``DisclosureRow``: ``values()`` says what the clerk entered, ``_check`` refuses inline
what can be fixed at once; the page holds each form open until the session answers and shows a refusal
in it (``followup_form._Form``), everything typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from hallapp.domain.disclosure import (
    CORRECTION_NOTICE_DAYS,
    DEFAULT_CORRECTION_PERIOD,
    MAX_EXTENSION_DAYS,
    PauseKind,
)
from hallapp.domain.disclosure_fees import FeeMode, basis_words
from hallapp.domain.disclosure_request import correction_notice_due
from hallapp.ui.disclosure_parts import StepForm, hint
from hallapp.ui.disclosure_register import date_edit, text_box
from hallapp.ui.followup_form import buddy_label, pydate, tr

if TYPE_CHECKING:
    from hallapp.domain.workdays import WorkdayCalendar
    from hallapp.services.disclosure_inputs import DisclosureRow


@dataclass(frozen=True)
class CorrectionValues:
    items: tuple[str, ...]
    period_days: int
    on: date


class CorrectionDialog(StepForm):
    """补正告知: everything to correct, one item a line, and the period the applicant has."""

    def __init__(
        self, row: DisclosureRow, parent: QWidget | None = None, *, today: date, calendar: WorkdayCalendar
    ) -> None:
        super().__init__(tr("补正告知"), row, parent, "告知补正")
        self.items_edit = text_box(self.tr("每行一项，一次性写明需要补正的全部事项"), 4)
        self.period_spin = QSpinBox()
        self.period_spin.setRange(1, 60)
        self.period_spin.setValue(DEFAULT_CORRECTION_PERIOD)
        self.period_spin.setSuffix(self.tr(" 个工作日"))
        self.date_edit = date_edit(today)
        self._add("补正事项(&I)", self.items_edit)
        self._add("补正期限(&P)", self.period_spin)
        self._add("告知日期(&D)", self.date_edit)
        last = correction_notice_due(calendar, row.received_on)
        self.last = last
        self.too_late = self.tr(
            "已超过补正告知期限（收到申请之日起 {0} 个工作日，至 {1}），不能再要求补正，请按现有申请内容答复"
        ).format(CORRECTION_NOTICE_DAYS, last.isoformat())
        self.body.addWidget(
            hint(
                self.tr(
                    "补正告知只能作出一次，须在收到申请之日起 {0} 个工作日内（至 {1}）一次性告知；"
                    "答复期限自收到补正之日起重新计算。"
                ).format(CORRECTION_NOTICE_DAYS, last.isoformat())
            )
        )
        self._finish()
        if today > last:  # said on opening, before the items are typed in vain
            self._show_problems([self.too_late])
        self.items_edit.setFocus()

    def values(self) -> CorrectionValues:
        lines = (line.strip() for line in self.items_edit.toPlainText().splitlines())
        return CorrectionValues(
            tuple(line for line in lines if line), self.period_spin.value(), pydate(self.date_edit.date())
        )

    def _check(self) -> list[str]:
        if self.values().on > self.last:  # said before anything is sent (the session refuses it too)
            self.date_edit.setFocus()
            return [self.too_late]
        if self.values().items:
            return []
        self.items_edit.setFocus()
        return [self.tr("请逐项写明需要补正的事项")]


@dataclass(frozen=True)
class DayValues:
    on: date
    text: str = ""


class DayDialog(StepForm):
    """A step that only needs its day, and perhaps a few words: 收到补正, 已缴费, 意见已回复, 归档."""

    def __init__(
        self,
        title: str,
        row: DisclosureRow,
        parent: QWidget | None = None,
        *,
        today: date,
        day_label: str,
        ok: str,
        text_label: str = "",
        text_needed: str = "",
        placeholder: str = "",
        note: str = "",
    ) -> None:
        super().__init__(title, row, parent, ok)
        self.date_edit = date_edit(today)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(placeholder)
        self.text_needed = text_needed
        if text_label:
            self._add(text_label, self.text_edit)
        if day_label:  # 归档 needs no day: it is filed today
            self._add(day_label, self.date_edit)
        if note:
            self.body.addWidget(hint(note))
        self._finish()
        (self.text_edit if text_label else self.date_edit).setFocus()
        if not day_label:
            self.date_edit.setParent(self)
            self.date_edit.hide()

    def values(self) -> DayValues:
        return DayValues(pydate(self.date_edit.date()), self.text_edit.text().strip())

    def _check(self) -> list[str]:
        if self.text_needed and not self.values().text:
            self.text_edit.setFocus()
            return [self.tr(self.text_needed)]
        return []


@dataclass(frozen=True)
class ConsultValues:
    kind: PauseKind
    party: str
    on: date


class ConsultDialog(StepForm):
    """征求意见: a third party (15 working days to answer) or another office; the clock pauses."""

    def __init__(self, row: DisclosureRow, parent: QWidget | None = None, *, today: date) -> None:
        super().__init__(tr("征求意见"), row, parent, "征求意见")
        self.kind_box = QComboBox()
        for kind in (PauseKind.THIRD_PARTY, PauseKind.OTHER_OFFICE):
            self.kind_box.addItem(kind.label, kind.value)
        self.party_edit = QLineEdit()
        self.party_edit.setPlaceholderText(self.tr("第三方的名称或姓名，或其他机关的名称"))
        self.date_edit = date_edit(today)
        self._add("征求对象(&K)", self.kind_box)
        self._add("名称(&N)", self.party_edit)
        self._add("征求日期(&D)", self.date_edit)
        self.body.addWidget(
            hint(
                self.tr(
                    "征求意见所需时间不计算在答复期限内；第三方自收到征求意见书之日起 15 个工作日内提出意见，"
                    "逾期未提出的由本机关依法决定。"
                )
            )
        )
        self._finish()
        self.party_edit.setFocus()

    def values(self) -> ConsultValues:
        return ConsultValues(
            PauseKind(self.kind_box.currentData()),
            self.party_edit.text().strip(),
            pydate(self.date_edit.date()),
        )

    def _check(self) -> list[str]:
        if self.values().party:
            return []
        self.party_edit.setFocus()
        return [self.tr("请填写征求意见的对象")]


@dataclass(frozen=True)
class FeeValues:
    mode: FeeMode
    pages: int
    on: date


class FeeDialog(StepForm):
    """收费通知: by count or by pages; the fee the rules give is shown (``show_quote``) before OK sends it."""

    quote_wanted = Signal(object, int)  # FeeMode, pages: the page asks the session, then ``show_quote``

    def __init__(self, row: DisclosureRow, parent: QWidget | None = None, *, today: date) -> None:
        super().__init__(tr("收费通知"), row, parent, "发出收费通知")
        self.count_radio = QRadioButton(FeeMode.BY_COUNT.label)
        self.pages_radio = QRadioButton(FeeMode.BY_PAGES.label)
        self.count_radio.setChecked(True)
        self._modes = QButtonGroup(self)
        modes = QHBoxLayout()
        for radio in (self.count_radio, self.pages_radio):
            self._modes.addButton(radio)
            modes.addWidget(radio)
        modes.addStretch(1)
        self.pages_spin = QSpinBox()
        self.pages_spin.setRange(0, 100_000)
        self.pages_spin.setSuffix(self.tr(" 页"))
        self.date_edit = date_edit(today)
        self.quote_label = QLabel(self.tr("正在计算应收费用…"))
        self.quote_label.setObjectName("quote")
        self.quote_label.setWordWrap(True)
        self.quote: tuple[int, int] | None = None
        self.form.addRow(self.tr("计收方式"), modes)
        self._add("页数(&P)", self.pages_spin)
        self._add("通知日期(&D)", self.date_edit)
        self.body.addWidget(self.quote_label)
        self.body.addWidget(
            hint(self.tr("收费通知发出至缴费期间不计算在答复期限内；申请人须在 20 个工作日内缴费。"))
        )
        self._finish()
        self.count_radio.toggled.connect(lambda _on: self._changed())
        self.pages_spin.valueChanged.connect(lambda _v: self._changed())
        self.pages_spin.setEnabled(False)
        self.count_radio.setFocus()

    @property
    def mode(self) -> FeeMode:
        return FeeMode.BY_COUNT if self.count_radio.isChecked() else FeeMode.BY_PAGES

    def _changed(self) -> None:
        self.pages_spin.setEnabled(self.mode is FeeMode.BY_PAGES)
        self.quote = None
        self.quote_label.setText(self.tr("正在计算应收费用…"))
        self.quote_wanted.emit(self.mode, self.pages_spin.value())

    def ask_quote(self) -> None:
        """The first quote, once the page listens."""
        self._changed()

    def show_quote(self, mode: FeeMode, pages: int, basis: int, amount: int) -> None:
        """The session's quote, if it is still for what the form shows."""
        if mode is not self.mode or (mode is FeeMode.BY_PAGES and pages != self.pages_spin.value()):
            return
        self.quote = (basis, amount)
        words = basis_words(mode, basis)
        if amount > 0:
            self.quote_label.setText(
                self.tr("{0}，应收信息处理费 <b>{1} 元</b>。").format(escape(words), amount)
            )
        else:
            self.quote_label.setText(self.tr("{0}：按规定不收费，无需发出收费通知。").format(escape(words)))

    def values(self) -> FeeValues:
        return FeeValues(self.mode, self.pages_spin.value(), pydate(self.date_edit.date()))

    def _check(self) -> list[str]:
        if self.quote is None:
            return [self.tr("应收费用尚未算出，请稍候")]
        if self.quote[1] <= 0:
            return [self.tr("按规定本申请不收费（未超过免费件数或页数）")]
        return []


@dataclass(frozen=True)
class ExtendValues:
    days: int
    reason: str
    approver_username: str = ""  # empty: the signed-in supervisor approves
    approver_password: str = field(default="", repr=False)  # never in a log line or a traceback


class DisclosureExtendDialog(StepForm):
    """延期答复: at most 20 more working days, once, with the reason; a supervisor approves it here with
    their own user name and password when the person signed in may not (``approver_needed``)."""

    def __init__(
        self,
        row: DisclosureRow,
        parent: QWidget | None = None,
        *,
        calendar: WorkdayCalendar,
        approver_needed: bool,
    ) -> None:
        super().__init__(tr("延期答复"), row, parent, "批准延期")
        self.calendar = calendar
        self.approver_needed = approver_needed
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, MAX_EXTENSION_DAYS)
        self.days_spin.setValue(MAX_EXTENSION_DAYS)
        self.days_spin.setSuffix(self.tr(" 个工作日"))
        self.day_hint = QLabel()
        self.day_hint.setObjectName("dayHint")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("如：需调取档案、涉及多个部门，无法在 20 个工作日内答复"))
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText(self.tr("负责人本人的用户名"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("负责人本人输入，窗口人员不得代填"))
        self._add("延长(&N)", self.days_spin)
        self.form.addRow("", self.day_hint)
        self._add("延期理由(&R)", self.reason_edit)
        self.approver_group = QGroupBox(self.tr("负责人审批"))
        approver = QFormLayout(self.approver_group)
        approver.addRow(buddy_label(self.tr("用户名(&U)"), self.username_edit), self.username_edit)
        approver.addRow(buddy_label(self.tr("密码(&P)"), self.password_edit), self.password_edit)
        self.body.addWidget(self.approver_group)
        self.approver_group.setVisible(approver_needed)
        self.body.addWidget(
            hint(
                self.tr(
                    "延期须经政府信息公开工作机构负责人同意，并书面告知申请人；延长的期限最长不超过 20 个工作日，只能延期一次。"
                    + (
                        "请负责人本人在上方输入其用户名和密码。"
                        if approver_needed
                        else "确定即由您批准此延期。"
                    )
                )
            )
        )
        self._finish()
        self.days_spin.valueChanged.connect(lambda _v: self._describe())
        self._describe()
        self.days_spin.setFocus()

    def _describe(self) -> None:
        if self.row.deadline is None:
            self.day_hint.setText("")
            return
        new = self.calendar.add_working_days(self.row.deadline, self.days_spin.value()).date
        self.day_hint.setText(
            self.tr("答复期限由 {0} 延至 {1}").format(self.row.deadline.isoformat(), new.isoformat())
        )

    def values(self) -> ExtendValues:
        if not self.approver_needed:
            return ExtendValues(self.days_spin.value(), self.reason_edit.text().strip())
        return ExtendValues(
            self.days_spin.value(),
            self.reason_edit.text().strip(),
            self.username_edit.text().strip(),
            self.password_edit.text(),
        )

    def _check(self) -> list[str]:
        values = self.values()
        found: list[tuple[str, QWidget]] = []
        if not values.reason:
            found.append(("请填写延期理由", self.reason_edit))
        if self.approver_needed and not values.approver_username:
            found.append(("请负责人输入其用户名", self.username_edit))
        if self.approver_needed and not values.approver_password:
            found.append(("请负责人输入其密码", self.password_edit))
        if found:
            found[0][1].setFocus()
        return [self.tr(text) for text, _widget in found]
