"""The documents of a disclosure request: what each letter says (masked IDs, phones and e-mail; dates of
its own step; the reply's title, ground and rights), and each print rendered, archived under the data
folder with its hash, recorded with the request and in the audit trail; a reprint marked 副本."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from hallapp.domain.disclosure import RIGHTS, PauseKind, Reply
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.printing.disclosure_model import DisclosureDocKind as K
from hallapp.services.disclosure_documents import letter_number, mask_email
from tests.people import CLERK, PASSWORD, SUPERVISOR
from tests.printing.pdfcheck import text
from tests.services.disclosure_helpers import CREDIT, FIRM, FORM, ID, MONDAY, events, stored

D = date


@pytest.fixture
def number(hall) -> str:
    return hall.session(CLERK).register_disclosure(FORM, today=MONDAY).value.request.number


def test_the_receipt_is_rendered_archived_recorded_and_reprinted_as_a_copy(hall, number):
    clerk = hall.session(CLERK)
    made = clerk.disclosure_document(number, K.RECEIPT, today=MONDAY)
    document = made.value
    assert made.changes.disclosures and not document.is_copy
    data_dir = hall.context.paths.data_dir
    assert document.path == data_dir / "archive" / "2026" / "09" / f"{number}-receipt.pdf"
    content = document.path.read_bytes()
    words = text(content)
    assert number in words and "4403**********1239" in words and ID not in words
    assert "138****5678" in words and "13812345678" not in words
    again = clerk.disclosure_document(number, K.RECEIPT, copy=True, today=MONDAY).value
    assert (
        again.is_copy
        and again.path.name == f"{number}-receipt-2.pdf"
        and "副本" in text(again.path.read_bytes())
    )

    view = clerk.disclosure(number, today=MONDAY)
    assert [(d.kind, d.title, d.is_copy) for d in view.documents] == [
        ("RECEIPT", "政府信息公开申请登记回执", False),
        ("RECEIPT", "政府信息公开申请登记回执", True),
    ]
    assert view.documents[0].path == f"archive/2026/09/{number}-receipt.pdf"
    with hall.context.uow() as uow:
        from sqlalchemy import select

        from hallapp.store.disclosure_models import DisclosureDocumentRecord

        kept = uow.session.execute(select(DisclosureDocumentRecord)).scalars().all()
        assert kept[0].sha256 == hashlib.sha256(content).hexdigest()
        assert {d.created_by for d in kept} == {CLERK.username}
    prints = [
        (a, d["kind"], d["copy"]) for _, a, d in events(hall.context, number) if a == "disclosure.print"
    ]
    assert prints == [("disclosure.print", "RECEIPT", False), ("disclosure.print", "RECEIPT", True)]
    assert [e.action for e in view.events][-1] == "打印文书" and view.events[
        -1
    ].detail == "政府信息公开申请登记回执（副本）"


def test_the_receipt_letter_says_what_was_registered(hall, number):
    letter = hall.session(CLERK).disclosure_letter(number, K.RECEIPT, today=D(2026, 9, 20))
    assert letter.letter_number == "依申请公开〔2026〕第0001号-回执"
    assert (letter.title, letter.office, letter.recipient) == (
        "政府信息公开申请登记回执",
        "深圳市坪山区政务服务中心",
        "陈晓明",
    )
    assert (letter.applicant_id_masked, letter.phone_masked) == ("4403**********1239", "138****5678")
    assert (letter.received_on, letter.issued_on, letter.deadline) == (MONDAY, MONDAY, D(2026, 10, 16))
    assert (letter.channel, letter.forms, letter.delivery, letter.applicant_kind) == (
        "当面提交",
        "纸质",
        "自行领取",
        "自然人",
    )
    assert letter.clerk == CLERK.display_name and letter.audit_count > 0 and len(letter.audit_head) >= 16
    assert not letter.copy and letter.deadline_note == ""


def test_each_steps_letter_carries_that_step(hall, number):
    clerk, supervisor = hall.session(CLERK), hall.session(SUPERVISOR)
    clerk.ask_disclosure_correction(
        number, ["写明小区名称", "写明年份"], period_days=10, on=D(2026, 9, 16), today=D(2026, 9, 16)
    )
    letter = clerk.disclosure_letter(number, K.CORRECTION)
    assert (letter.correction_items, letter.correction_due, letter.issued_on) == (
        ("写明小区名称", "写明年份"),
        D(2026, 9, 30),
        D(2026, 9, 16),
    )
    assert letter.letter_number.endswith("-补正")
    clerk.receive_disclosure_correction(number, on=D(2026, 9, 21), today=D(2026, 9, 21))

    clerk.start_disclosure_consultation(
        number, PauseKind.THIRD_PARTY, "深圳市某物业管理有限公司", on=D(2026, 9, 22), today=D(2026, 9, 22)
    )
    letter = clerk.disclosure_letter(number, K.CONSULTATION, today=D(2026, 9, 22))
    assert (letter.recipient, letter.consulted_party, letter.consultation_due) == (
        "深圳市某物业管理有限公司",
        "深圳市某物业管理有限公司",
        D(2026, 10, 20),
    )
    assert letter.title == "政府信息公开征求第三方意见书"
    clerk.extend_disclosure(
        number,
        10,
        "需征求第三方意见",
        approver_username=SUPERVISOR.username,
        approver_password=PASSWORD,
        today=D(2026, 9, 24),
    )
    clerk.end_disclosure_consultation(number, "不同意公开", on=D(2026, 10, 12), today=D(2026, 10, 12))
    letter = clerk.disclosure_letter(number, K.EXTENSION, today=D(2026, 10, 12))
    assert (letter.extension_days, letter.original_deadline, letter.deadline) == (
        10,
        D(2026, 11, 6),
        D(2026, 11, 20),
    )
    assert (letter.extension_reason, letter.approved_by, letter.issued_on) == (
        "需征求第三方意见",
        "赵六",
        D(2026, 9, 24),
    )

    clerk.notify_disclosure_fee(number, FeeMode.BY_PAGES, 45, on=D(2026, 10, 13), today=D(2026, 10, 13))
    letter = clerk.disclosure_letter(number, K.FEE, today=D(2026, 10, 13))
    assert (letter.fee_amount, letter.fee_basis) == (150, "按量计收：所需提供的信息共 45 页")
    clerk.record_disclosure_payment(number, on=D(2026, 10, 14), today=D(2026, 10, 14))

    clerk.draft_disclosure_reply(
        number, Reply.WITHHELD_THIRD_PARTY, "涉及第三方商业秘密，第三方不同意公开", today=D(2026, 10, 15)
    )
    supervisor.approve_disclosure_reply(number, today=D(2026, 10, 16))
    letter = clerk.disclosure_letter(number, K.REPLY, today=D(2026, 10, 16))
    assert (letter.title, letter.reply_label) == ("政府信息不予公开告知书", "保护第三方合法权益")
    assert letter.reply_ground == "《中华人民共和国政府信息公开条例》第十五条" and letter.rights == RIGHTS
    assert (letter.approved_by, letter.issued_on, letter.right_office) == ("赵六", D(2026, 10, 16), "")
    for kind in K:  # every one of them prints
        path = clerk.disclosure_document(number, kind, today=D(2026, 10, 16)).value.path
        assert path.exists() and path.read_bytes().startswith(b"%PDF")
    assert stored(hall.context, number)[1] == len(K)


def test_a_not_held_reply_names_the_right_office_and_an_organisations_letters_mask_its_mail(hall):
    clerk, supervisor = hall.session(CLERK), hall.session(SUPERVISOR)
    number = clerk.register_disclosure(FIRM, today=MONDAY).value.request.number
    clerk.draft_disclosure_reply(
        number,
        Reply.UNAVAILABLE_NOT_HELD,
        "本机关不掌握",
        right_office="深圳市规划和自然资源局坪山管理局",
        today=MONDAY,
    )
    supervisor.approve_disclosure_reply(number, today=MONDAY)
    letter = clerk.disclosure_letter(number, K.REPLY, today=MONDAY)
    assert (letter.title, letter.right_office) == (
        "政府信息无法提供告知书",
        "深圳市规划和自然资源局坪山管理局",
    )
    assert (letter.applicant_id_masked, letter.email_masked, letter.contact_person) == (
        CREDIT[:4] + "**********" + CREDIT[-4:],
        "l***@example.com",
        "李娜",
    )
    words = text(clerk.disclosure_document(number, K.REPLY, today=MONDAY).value.path.read_bytes())
    assert (
        "lina@example.com" not in words
        and CREDIT not in words
        and "深圳市规划和自然资源局坪山管理局" in words
    )


def test_numbers_and_mail_as_printed():
    assert letter_number("PSZW2026GK00012", K.CORRECTION) == "依申请公开〔2026〕第0012号-补正"
    assert letter_number("PSZW2027GK01234", K.REPLY) == "依申请公开〔2027〕第1234号-答复"
    assert mask_email("zhangsan@qq.com") == "z***@qq.com" and mask_email("nobody") == "******"
