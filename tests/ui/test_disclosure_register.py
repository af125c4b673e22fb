"""The registration form of a disclosure request: what the channel changes, what a person and an
organisation are asked, and what the form refuses inline before the session is asked anything."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from hallapp.domain.disclosure import Delivery, InfoForm, ReceiptChannel, RequesterKind
from hallapp.ui.disclosure_register import RegisterDialog
from tests.services.intake_helpers import credit_code, resident_id
from tests.ui.conftest import commit_text

TODAY = date(2026, 10, 9)
CREDIT_CODE = credit_code()


@pytest.fixture
def dialog(qtbot):
    form = RegisterDialog(today=TODAY)
    qtbot.addWidget(form)
    form.hold_until_answered()
    form.show()
    qtbot.waitExposed(form)
    return form


def submitted(qtbot, dialog) -> list:
    seen: list = []
    dialog.submitted.connect(seen.append)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    return seen


def choose(box, value) -> None:
    box.setCurrentIndex(box.findData(value.value))


def test_an_empty_form_says_everything_missing_at_once(qtbot, dialog):
    assert submitted(qtbot, dialog) == []
    problems = dialog.problems()
    assert "请填写申请人姓名或名称" in problems
    assert "请填写申请人的身份证号码（身份证明）" in problems
    assert "请至少填写一种联系方式（电话、地址或电子邮箱）" in problems
    assert "请填写申请公开的政府信息内容描述" in problems
    assert dialog.name_edit.hasFocus()  # the first thing to fix


def test_a_person_in_person_today(qtbot, dialog):
    assert dialog.channel is ReceiptChannel.IN_PERSON
    assert not dialog.arrival_edit.isEnabled() and dialog.arrival_label.text().startswith("提交日期")
    assert dialog.confirm_edit.isHidden() and dialog.contact_edit.isHidden()
    commit_text(dialog.name_edit, "欧阳娜娜")
    dialog.id_edit.setText(resident_id())
    dialog.phone_edit.setText("13812345678")
    commit_text(dialog.description_edit, "2025年坪山区主干道路建设规划")
    dialog.form_boxes[InfoForm.ELECTRONIC].setChecked(True)
    choose(dialog.delivery_box, Delivery.EMAIL)
    assert submitted(qtbot, dialog) == [] and dialog.problems() == ["以电子邮件获取的，请填写电子邮箱"]
    dialog.email_edit.setText("nana@example")
    assert submitted(qtbot, dialog) == [] and dialog.problems() == [
        "电子邮箱的格式不对，如：name@example.com"
    ]
    dialog.email_edit.setText("nana@example.com")
    (form,) = submitted(qtbot, dialog)
    assert form.channel is ReceiptChannel.IN_PERSON and form.arrived_on == TODAY and form.confirmed_on is None
    assert form.requester_kind is RequesterKind.PERSON and form.name == "欧阳娜娜"
    assert form.id_number == resident_id() and form.contact_person == ""
    assert form.forms == (InfoForm.PAPER, InfoForm.ELECTRONIC) and form.delivery is Delivery.EMAIL


def test_a_wrong_id_or_phone_is_refused_inline(qtbot, dialog):
    commit_text(dialog.name_edit, "张三")
    dialog.id_edit.setText(resident_id()[:-1] + ("0" if resident_id()[-1] != "0" else "1"))
    dialog.phone_edit.setText("1381234")
    commit_text(dialog.description_edit, "某文件")
    assert submitted(qtbot, dialog) == []
    problems = dialog.problems()
    assert any(p.startswith("校验位应为") for p in problems)
    assert any("电话" in p or "号码" in p for p in problems[1:])
    assert dialog.id_edit.hasFocus()


def test_an_organisation_needs_its_kind_credit_code_and_contact(qtbot, dialog):
    dialog.organisation_radio.setChecked(True)
    assert dialog.organisation_box.isEnabled() and dialog.organisation_box.count() == 5
    assert dialog.id_label.text().startswith("统一社会信用代码") and dialog.contact_edit.isVisible()
    commit_text(dialog.name_edit, "深圳市某某律师事务所")
    assert submitted(qtbot, dialog) == [] and "请填写申请单位的统一社会信用代码" in dialog.problems()
    dialog.id_edit.setText(resident_id())  # a person's ID is no credit code
    dialog.address_edit.setText("深圳市坪山区坪山大道 1 号")
    commit_text(dialog.description_edit, "某项目的环评批复")
    assert submitted(qtbot, dialog) == []
    assert "法人或其他组织申请，请填写联系人" in dialog.problems()
    assert dialog.problems()[0] != "法人或其他组织申请，请填写联系人"  # the credit code is said first
    dialog.id_edit.setText(CREDIT_CODE)
    commit_text(dialog.contact_edit, "李律师")
    choose(dialog.organisation_box, RequesterKind.LEGAL_SERVICE)
    choose(dialog.delivery_box, Delivery.POST)
    (form,) = submitted(qtbot, dialog)
    assert form.requester_kind is RequesterKind.LEGAL_SERVICE and form.contact_person == "李律师"
    assert form.id_number == CREDIT_CODE and form.delivery is Delivery.POST


def test_a_letter_typed_in_later_with_its_days(qtbot, dialog):
    choose(dialog.channel_box, ReceiptChannel.POST_REGISTERED)
    assert dialog.arrival_edit.isEnabled() and dialog.arrival_label.text().startswith("签收日期")
    assert dialog.confirm_edit.isHidden()
    assert dialog.arrival_edit.maximumDate() == QDate(2026, 10, 9)  # no day after today
    dialog.arrival_edit.setDate(QDate(2026, 9, 29))
    commit_text(dialog.name_edit, "王建国")
    dialog.id_edit.setText(resident_id("44030819800312011"))
    dialog.address_edit.setText("深圳市坪山区某街道 8 号")
    commit_text(dialog.description_edit, "某小区规划许可")
    (form,) = submitted(qtbot, dialog)
    assert form.channel is ReceiptChannel.POST_REGISTERED and form.arrived_on == date(2026, 9, 29)

    choose(dialog.channel_box, ReceiptChannel.POST_ORDINARY)
    assert dialog.arrival_label.text().startswith("收信日期")
    assert dialog.confirm_edit.isVisible() and dialog.confirm_label.text() == "与申请人确认收到日期"
    dialog.arrival_edit.setDate(QDate(2026, 9, 29))
    dialog.confirm_edit.setDate(QDate(2026, 9, 28))
    assert submitted(qtbot, dialog) == [] and dialog.problems() == ["确认日期不能早于收到日期"]
    dialog.confirm_edit.setDate(QDate(2026, 9, 30))
    (form,) = submitted(qtbot, dialog)
    assert form.confirmed_on == date(2026, 9, 30)

    choose(dialog.channel_box, ReceiptChannel.FAX)
    assert dialog.confirm_label.text() == "双方确认日期" and "双方确认" in dialog.channel_hint.text()
    choose(dialog.channel_box, ReceiptChannel.EMAIL)
    assert dialog.confirm_edit.isHidden() and dialog.arrival_label.text().startswith("系统收到日期")
    choose(dialog.channel_box, ReceiptChannel.IN_PERSON)
    assert dialog.arrival_edit.date() == QDate(2026, 10, 9)  # back to today, not the letter's day


def test_no_form_of_information_chosen(qtbot, dialog):
    commit_text(dialog.name_edit, "张三")
    dialog.id_edit.setText(resident_id())
    dialog.phone_edit.setText("13812345678")
    commit_text(dialog.description_edit, "某文件")
    dialog.form_boxes[InfoForm.PAPER].setChecked(False)
    assert submitted(qtbot, dialog) == [] and dialog.problems() == ["请选择信息的提供形式"]
