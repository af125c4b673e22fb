"""Each disclosure letter (依申请公开文书) says what the law asks of it, read back from the PDF as text."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from hallapp.domain.disclosure import ReceiptChannel
from hallapp.printing.disclosure_model import DisclosureDocKind, DisclosureLetter
from hallapp.printing.disclosure_render import render_disclosure
from hallapp.printing.disclosure_samples import FEE_PAGES, NUMBER, OFFICE, THIRD_PARTY, sample_letter
from hallapp.printing.documents import COPY_MARK
from tests.printing.pdfcheck import UNMASKED_ID, fonts, page_texts, placed_texts, reader, squeeze, text

KINDS = list(DisclosureDocKind)
TO_APPLICANT = [k for k in KINDS if k is not DisclosureDocKind.CONSULTATION]
SEAL = "校验：0f3a9c1d7b2e4a60·1234"


@pytest.fixture(scope="module")
def rendered() -> dict[DisclosureDocKind, tuple[DisclosureLetter, str]]:
    out = {}
    for kind in KINDS:
        letter = sample_letter(kind)
        out[kind] = (letter, text(render_disclosure(letter)))
    return out


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_every_letter_has_the_official_layout(rendered: dict, kind: DisclosureDocKind) -> None:
    letter, said = rendered[kind]
    assert OFFICE in said and f"登记编号：{NUMBER}" in said  # the running header
    title = said.index(letter.title)
    number = said.index(squeeze(letter.letter_number))
    assert title < number  # the letter's number under its title
    assert (
        f"{OFFICE}（盖章）{letter.issued_on.year}年{letter.issued_on.month}月{letter.issued_on.day}日" in said
    )
    assert SEAL in said and "第1页／共1页" in said
    assert squeeze(letter.place) in said and squeeze(letter.phones) in said
    assert not UNMASKED_ID.search(said)


@pytest.mark.parametrize("kind", TO_APPLICANT, ids=lambda k: k.value)
def test_letters_to_the_applicant_carry_the_masked_id_and_the_request(
    rendered: dict, kind: DisclosureDocKind
) -> None:
    letter, said = rendered[kind]
    assert squeeze(letter.applicant_id_masked) in said
    assert "440310********1234" in said
    assert squeeze(letter.description) in said and letter.document_number in said
    if (
        kind is not DisclosureDocKind.RECEIPT
    ):  # a letter: addressed to the applicant, opening with the request
        assert f"{letter.recipient}：你（身份证件号码：440310********1234）于2026年3月2日" in said


def test_the_receipt_records_every_registered_fact_and_what_happens_next(rendered: dict) -> None:
    letter, said = rendered[DisclosureDocKind.RECEIPT]
    for value in (
        letter.applicant_name,
        letter.applicant_kind,
        letter.phone_masked,
        letter.email_masked,
        letter.address,
        letter.channel,
        letter.purpose,
        letter.forms,
        letter.delivery,
        letter.window,
        letter.clerk,
    ):
        assert squeeze(value) in said, value
    assert "收到申请日期2026年3月2日" in said and "答复期限2026年3月30日" in said
    assert "登记编号为PSZW2026GK00012" in said
    assert "自收到申请之日起20个工作日内予以答复，即在2026年3月30日前答复" in said
    assert "最长不超过20个工作日" in said and "7个工作日内一次性告知补正" in said
    assert "申请人（签收）" in said and "经办人（签字）" in said  # handed in: signed for


def test_a_receipt_of_a_request_by_email_has_no_signature_lines() -> None:
    letter = sample_letter(DisclosureDocKind.RECEIPT, channel=ReceiptChannel.EMAIL.label)
    said = text(render_disclosure(letter))
    assert "电子邮件" in said and "申请人（签收）" not in said


def test_a_tentative_deadline_carries_its_warning_beside_it() -> None:
    note = "该年度节假日安排尚未发布，日期待核实"
    letter = sample_letter(DisclosureDocKind.RECEIPT, deadline=date(2027, 1, 28), deadline_note=note)
    assert f"2027年1月28日（{note}）" in text(render_disclosure(letter))


def test_the_correction_notice_lists_every_item_the_period_the_restart_and_the_lapse(rendered: dict) -> None:
    letter, said = rendered[DisclosureDocKind.CORRECTION]
    assert len(letter.correction_items) == 3
    for i, item in enumerate(letter.correction_items, 1):
        assert f"{i}." + squeeze(item) in said
    assert "自收到本告知书之日起15个工作日内，即在2026年3月25日前（含当日）" in said
    assert "答复期限自本机关收到补正后的申请之日起重新计算" in said
    assert "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请" in said
    assert "第三十条" in said


def test_the_extension_notice_gives_both_deadlines_the_days_the_reason_and_the_approval(
    rendered: dict,
) -> None:
    letter, said = rendered[DisclosureDocKind.EXTENSION]
    assert "答复期限延长15个工作日，由原定的2026年3月30日延长至2026年4月21日" in said
    assert f"因{letter.extension_reason}" in said
    assert "经本机关政府信息公开工作机构负责人同意（审批人：赵六）" in said
    assert "第三十三条第二款" in said


def test_the_third_party_is_told_what_is_asked_its_period_and_what_silence_means(rendered: dict) -> None:
    letter, said = rendered[DisclosureDocKind.CONSULTATION]
    assert f"{THIRD_PARTY}：" in said
    assert squeeze(letter.description) in said
    assert "自收到本意见书之日起15个工作日内（即2026年3月31日前）提出书面意见" in said
    assert "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开" in said
    assert "第三十二条" in said and "第三方（签字/盖章）" in said
    # the third party learns what is asked for, not who asked
    assert letter.applicant_name not in said and letter.applicant_id_masked not in said
    assert letter.phone_masked not in said


def test_another_office_is_asked_by_a_letter_of_its_own_wording() -> None:
    letter = sample_letter(
        DisclosureDocKind.CONSULTATION,
        title="政府信息公开征求意见函",
        recipient="深圳市坪山区发展和改革局",
        consulted_party="深圳市坪山区发展和改革局",
        consulted_office=True,
    )
    said = text(render_disclosure(letter))
    assert "深圳市坪山区发展和改革局：" in said and "政府信息公开征求意见函" in said
    assert "第三十四条" in said and "逾期未提出意见的，视为同意公开" in said
    assert "第三方" not in said
    # a letter titled 征求意见函 is one to an office even when the flag is not set
    assert text(render_disclosure(dataclasses.replace(letter, consulted_office=False))) == said


def test_the_fee_notice_gives_the_amount_its_reckoning_the_period_and_the_lapse(rendered: dict) -> None:
    letter, said = rendered[DisclosureDocKind.FEE]
    assert FEE_PAGES == 160 and letter.fee_amount == 70 * 10 + 60 * 20  # pages 31–100 and 101–160
    assert "应缴金额人民币1900元（大写：壹仟玖佰元整）" in said
    assert "按量计收：所需提供的信息共160页" in said
    assert "自收到本通知之日起20个工作日内，即在2026年4月10日前（含当日）" in said
    assert "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请" in said
    assert "不计算在答复期限内" in said and "第四十二条" in said and "国办函〔2020〕109号" in said


def test_an_organisation_is_addressed_as_such_with_its_credit_code() -> None:
    for kind in TO_APPLICANT:
        letter = sample_letter(kind, organisation=True)
        said = text(render_disclosure(letter))
        assert "统一社会信用代码" in said and "31440300MD********" in said
        if kind is not DisclosureDocKind.RECEIPT:
            assert f"{letter.recipient}：你单位（统一社会信用代码" in said
        else:
            assert "申请单位深圳市坪山区明理律师事务所" in said and "联系人欧阳珺" in said


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_the_font_is_embedded_and_nothing_else_is_used(kind: DisclosureDocKind) -> None:
    used = fonts(render_disclosure(sample_letter(kind)))
    assert used
    for font in used:
        assert font.embedded and font.subtype == "/TrueType", font
        assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiZenHei", font.base_font), font.base_font


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_all_text_starts_inside_the_margins(kind: DisclosureDocKind) -> None:
    pdf = render_disclosure(sample_letter(kind, copy=True))
    margin = 19.5 * 72 / 25.4  # 20 mm on A4
    for _number, width, height, items in placed_texts(pdf):
        for item in items:
            if item.rotated:  # the watermark, centred on the page
                assert 0 < item.x < width and 0 < item.y < height, item
                continue
            assert margin <= item.x <= width - margin, item
            assert 7.5 * 72 / 25.4 <= item.y <= height - 11.5 * 72 / 25.4, item  # the header above the frame


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_a_reprint_is_marked_on_every_page_and_otherwise_the_same(kind: DisclosureDocKind) -> None:
    letter = sample_letter(kind)
    original = render_disclosure(letter)
    copy = render_disclosure(dataclasses.replace(letter, copy=True))
    mark = squeeze(COPY_MARK)
    assert all(page.count(mark) >= 2 for page in page_texts(copy))  # header box and watermark
    assert mark not in text(original)
    assert [page.replace(mark, "") for page in page_texts(copy)] == page_texts(original)
    meta = reader(copy).metadata
    assert meta is not None and COPY_MARK in str(meta.title)


def test_same_letter_gives_the_same_bytes() -> None:
    for kind in KINDS:
        letter = sample_letter(kind, copy=kind is DisclosureDocKind.FEE)
        assert render_disclosure(letter) == render_disclosure(letter), kind


def test_metadata() -> None:
    letter = sample_letter(DisclosureDocKind.CORRECTION)
    meta = reader(render_disclosure(letter)).metadata
    assert meta is not None
    assert meta.title == f"政府信息公开申请补正告知书 {NUMBER}"
    assert meta.author == OFFICE and meta.creator == "HallApp"


def test_a_correction_notice_without_its_period_in_days_still_gives_the_due_date() -> None:
    said = text(render_disclosure(sample_letter(DisclosureDocKind.CORRECTION, correction_days=0)))
    assert "请你于2026年3月25日前（含当日），将补正后的申请" in said and "个工作日内，即" not in said
