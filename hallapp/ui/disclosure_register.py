"""登记: the registration form of a disclosure request (政府信息公开申请登记).

One form for a request handed in at the counter and for one typed in later from a letter, an e-mail, the
website or a fax: the channel decides what the day of arrival is called (``ReceiptChannel.arrival_label``)
and, for an ordinary letter or a fax, asks for the confirmation day that counts as received. A person gives
an ID number, an organisation a credit code, its kind (the annual report's columns) and a contact person.

The form refuses inline what the clerk can fix at once (no name, no way to reach the applicant, no
description, a wrong ID or credit code, a confirmation before the arrival); the session checks everything
again and its refusal is shown here, with everything typed kept. ``values()`` is a ``DisclosureForm``.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hallapp.domain.disclosure import (
    ORGANISATION_KINDS,
    Delivery,
    InfoForm,
    ReceiptChannel,
    RequesterKind,
)
from hallapp.domain.identity import check_credit_code, check_resident_id, phone_problem
from hallapp.services.disclosure_inputs import DisclosureForm
from hallapp.ui.followup_form import _Form, buddy_label, pydate, qdate, tr

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CONFIRM_LABELS = {ReceiptChannel.POST_ORDINARY: "与申请人确认收到日期", ReceiptChannel.FAX: "双方确认日期"}


def date_edit(today: date, value: date | None = None) -> QDateEdit:
    edit = QDateEdit(qdate(value or today))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMaximumDate(qdate(today))
    return edit


def text_box(placeholder: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field of the form
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class RegisterDialog(_Form):
    """登记: the channel and its days, the applicant, what is sought, the form and the delivery."""

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(tr("登记政府信息公开申请"), parent, "登记")
        self.today = today = today or date.today()
        self.setMinimumWidth(940)
        self.channel_box = QComboBox()
        for channel in ReceiptChannel:
            self.channel_box.addItem(channel.label, channel.value)
        self.arrival_edit = date_edit(today)
        self.arrival_label = buddy_label("", self.arrival_edit)
        self.confirm_edit = date_edit(today)
        self.confirm_label = buddy_label("", self.confirm_edit)
        self.channel_hint = QLabel()
        self.channel_hint.setObjectName("dialogHint")
        self.channel_hint.setWordWrap(True)

        self.person_radio = QRadioButton(self.tr("自然人(&R)"))
        self.organisation_radio = QRadioButton(self.tr("法人或其他组织(&O)"))
        self.person_radio.setChecked(True)
        self._kind_group = QButtonGroup(self)
        for radio in (self.person_radio, self.organisation_radio):
            self._kind_group.addButton(radio)
        self.organisation_box = QComboBox()
        for kind in ORGANISATION_KINDS:
            self.organisation_box.addItem(kind.label, kind.value)
        self.name_edit = QLineEdit()
        self.id_edit = QLineEdit()
        self.id_label = buddy_label("", self.id_edit)
        self.contact_edit = QLineEdit()
        self.contact_label = buddy_label(self.tr("联系人(&L)"), self.contact_edit)
        self.phone_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.postcode_edit = QLineEdit()
        self.postcode_edit.setMaxLength(6)
        self.email_edit = QLineEdit()

        self.description_edit = text_box(self.tr("所需政府信息的名称、文号或者便于查询的其他特征性描述"), 4)
        self.document_edit = QLineEdit()
        self.document_edit.setPlaceholderText(self.tr("如：深坪府办〔2026〕12号"))
        self.purpose_edit = QLineEdit()
        self.purpose_edit.setPlaceholderText(self.tr("可不填"))
        self.form_boxes = {form: QCheckBox(form.label) for form in InfoForm}
        self.form_boxes[InfoForm.PAPER].setChecked(True)
        self.delivery_box = QComboBox()
        for delivery in Delivery:
            self.delivery_box.addItem(delivery.label, delivery.value)

        self._layout()
        self.channel_box.currentIndexChanged.connect(lambda _i: self._channel_changed())
        self.organisation_radio.toggled.connect(lambda _on: self._kind_changed())
        self._channel_changed()
        self._kind_changed()
        self.channel_box.setFocus()

    def _layout(self) -> None:
        channel = QGroupBox(self.tr("申请方式"))
        channel_form = QFormLayout(channel)
        channel_form.addRow(buddy_label(self.tr("申请方式(&C)"), self.channel_box), self.channel_box)
        channel_form.addRow(self.arrival_label, self.arrival_edit)
        channel_form.addRow(self.confirm_label, self.confirm_edit)
        channel_form.addRow(self.channel_hint)

        applicant = QGroupBox(self.tr("申请人"))
        applicant_form = QFormLayout(applicant)
        kinds = QHBoxLayout()
        kinds.addWidget(self.person_radio)
        kinds.addWidget(self.organisation_radio)
        kinds.addWidget(self.organisation_box, 1)
        applicant_form.addRow(self.tr("类型"), kinds)
        applicant_form.addRow(buddy_label(self.tr("姓名或名称(&N)"), self.name_edit), self.name_edit)
        applicant_form.addRow(self.id_label, self.id_edit)
        applicant_form.addRow(self.contact_label, self.contact_edit)
        applicant_form.addRow(buddy_label(self.tr("联系电话(&T)"), self.phone_edit), self.phone_edit)
        applicant_form.addRow(buddy_label(self.tr("通信地址(&A)"), self.address_edit), self.address_edit)
        applicant_form.addRow(buddy_label(self.tr("邮政编码"), self.postcode_edit), self.postcode_edit)
        applicant_form.addRow(buddy_label(self.tr("电子邮箱(&M)"), self.email_edit), self.email_edit)

        sought = QGroupBox(self.tr("所需信息"))
        sought_form = QFormLayout(sought)
        sought_form.addRow(buddy_label(self.tr("内容描述(&D)"), self.description_edit), self.description_edit)
        sought_form.addRow(buddy_label(self.tr("文号"), self.document_edit), self.document_edit)
        sought_form.addRow(buddy_label(self.tr("用途(&U)"), self.purpose_edit), self.purpose_edit)
        forms = QHBoxLayout()
        for box in self.form_boxes.values():
            forms.addWidget(box)
        forms.addStretch(1)
        sought_form.addRow(self.tr("提供形式"), forms)
        sought_form.addRow(buddy_label(self.tr("获取方式(&G)"), self.delivery_box), self.delivery_box)

        columns = QHBoxLayout()
        columns.setSpacing(14)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(channel)
        left_layout.addWidget(applicant)
        left_layout.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(sought)
        hint = QLabel(
            self.tr(
                "当面提交、邮寄的申请不得拒收。登记后打印申请登记回执交申请人（邮寄、网上申请的可邮寄或发送）。"
                "答复期限自收到申请之日起 20 个工作日。"
            )
        )
        hint.setObjectName("dialogHint")
        hint.setWordWrap(True)
        right_layout.addWidget(hint)
        right_layout.addStretch(1)
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)
        self.body.addLayout(columns)
        self._finish()
        order: list[QWidget] = [
            self.channel_box,
            self.arrival_edit,
            self.confirm_edit,
            self.person_radio,
            self.organisation_radio,
            self.organisation_box,
            self.name_edit,
            self.id_edit,
            self.contact_edit,
            self.phone_edit,
            self.address_edit,
            self.postcode_edit,
            self.email_edit,
            self.description_edit,
            self.document_edit,
            self.purpose_edit,
            *self.form_boxes.values(),
            self.delivery_box,
            self.buttons,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    # -- what the choices change -----------------------------------------------------------------------

    @property
    def channel(self) -> ReceiptChannel:
        return ReceiptChannel(self.channel_box.currentData())

    @property
    def requester_kind(self) -> RequesterKind:
        if self.person_radio.isChecked():
            return RequesterKind.PERSON
        return RequesterKind(self.organisation_box.currentData())

    def _channel_changed(self) -> None:
        channel = self.channel
        self.arrival_label.setText(channel.arrival_label + "(&E)")
        in_person = channel is ReceiptChannel.IN_PERSON
        if in_person:
            self.arrival_edit.setDate(qdate(self.today))
        self.arrival_edit.setEnabled(not in_person)  # handed in: today, nothing to type
        confirm = CONFIRM_LABELS.get(channel)
        self.confirm_label.setText(self.tr(confirm or "确认日期"))
        self.confirm_label.setVisible(confirm is not None)
        self.confirm_edit.setVisible(confirm is not None)
        if in_person:
            hint = "当面提交的申请以今天为收到日期。"
        elif channel.needs_confirmation:
            hint = f"{channel.label}的申请以{confirm[:-2] if confirm else ''}之日为收到日期，答复期限自该日起算。"
        else:
            hint = f"补录的申请：以{channel.arrival_label[:-2]}之日为收到日期。"
        self.channel_hint.setText(self.tr(hint))

    def _kind_changed(self) -> None:
        person = self.person_radio.isChecked()
        self.organisation_box.setEnabled(not person)
        self.id_label.setText(self.tr("身份证号码(&I)") if person else self.tr("统一社会信用代码(&I)"))
        self.name_edit.setPlaceholderText(self.tr("申请人姓名") if person else self.tr("单位名称"))
        self.contact_label.setVisible(not person)
        self.contact_edit.setVisible(not person)

    # -- what the form says ------------------------------------------------------------------------------

    def values(self) -> DisclosureForm:
        channel = self.channel
        person = self.person_radio.isChecked()
        return DisclosureForm(
            channel=channel,
            arrived_on=pydate(self.arrival_edit.date()),
            confirmed_on=pydate(self.confirm_edit.date()) if channel.needs_confirmation else None,
            requester_kind=self.requester_kind,
            name=self.name_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            id_number=self.id_edit.text().strip(),
            contact_person="" if person else self.contact_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            address=self.address_edit.text().strip(),
            email=self.email_edit.text().strip(),
            postcode=self.postcode_edit.text().strip(),
            document_number=self.document_edit.text().strip(),
            purpose=self.purpose_edit.text().strip(),
            forms=tuple(form for form, box in self.form_boxes.items() if box.isChecked()),
            delivery=Delivery(self.delivery_box.currentData()),
        )

    def _check(self) -> list[str]:
        values = self.values()
        found: list[tuple[str, QWidget]] = []
        if not values.name:
            found.append(("请填写申请人姓名或名称", self.name_edit))
        if not values.id_number:  # the request needs the applicant's proof of identity (条例第二十九条)
            missing = (
                "请填写申请人的身份证号码（身份证明）"
                if values.requester_kind.is_person
                else "请填写申请单位的统一社会信用代码"
            )
            found.append((missing, self.id_edit))
        else:
            if values.requester_kind.is_person:
                errors = check_resident_id(values.id_number, self.today).errors
            else:
                errors = check_credit_code(values.id_number).errors
            if errors:
                found.append((errors[0], self.id_edit))
        if not values.requester_kind.is_person and not values.contact_person:
            found.append(("法人或其他组织申请，请填写联系人", self.contact_edit))
        if not (values.phone or values.address or values.email):
            found.append(("请至少填写一种联系方式（电话、地址或电子邮箱）", self.phone_edit))
        if values.phone and (problem := phone_problem(values.phone)):
            found.append((problem, self.phone_edit))
        if values.postcode and not (values.postcode.isdigit() and len(values.postcode) == 6):
            found.append(("邮政编码应为 6 位数字", self.postcode_edit))
        if values.email and not EMAIL.match(values.email):
            found.append(("电子邮箱的格式不对，如：name@example.com", self.email_edit))
        if values.delivery is Delivery.EMAIL and not values.email:
            found.append(("以电子邮件获取的，请填写电子邮箱", self.email_edit))
        if values.delivery is Delivery.POST and not values.address:
            found.append(("邮寄获取的，请填写通信地址", self.address_edit))
        if not values.description:
            found.append(("请填写申请公开的政府信息内容描述", self.description_edit))
        if not values.forms:
            found.append(("请选择信息的提供形式", self.form_boxes[InfoForm.PAPER]))
        if values.confirmed_on is not None and values.confirmed_on < values.arrived_on:
            found.append(("确认日期不能早于收到日期", self.confirm_edit))
        if found:
            found[0][1].setFocus()
        return [self.tr(text) for text, _widget in found]
