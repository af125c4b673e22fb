"""What each document says to whom: a person or an organisation, a refusal with its number and the hall's
contact, a 秒批 result, an optional material, a bundle by its name, an extension — and that a matter code
is never broken over two lines."""

from __future__ import annotations

import dataclasses

import pytest

from hallapp.printing.documents import render
from hallapp.printing.model import OPTIONAL_NOT_BROUGHT, DocumentKind, MaterialLine
from hallapp.printing.samples import sample_document
from tests.printing.pdfcheck import placed_texts, reader, squeeze, text

# The letters that speak to the applicant (or in the applicant's name).
ADDRESSED = [
    DocumentKind.DEFERRAL_COMMITMENT,
    DocumentKind.DEFERRAL_NOTICE,
    DocumentKind.ONE_TIME_NOTICE,
    DocumentKind.REMINDER,
    DocumentKind.EXTENSION_NOTICE,
    DocumentKind.TERMINATION,
]


@pytest.mark.parametrize("kind", ADDRESSED, ids=lambda k: k.value)
def test_a_person_is_spoken_to_as_a_person(kind: DocumentKind) -> None:
    said = text(render(sample_document(kind)))
    assert "（单位）" not in said and "你单位" not in said and "本单位" not in said
    assert "本人" in said if kind is DocumentKind.DEFERRAL_COMMITMENT else "你于" in said


@pytest.mark.parametrize("kind", ADDRESSED, ids=lambda k: k.value)
def test_an_organisation_is_spoken_to_as_an_organisation(kind: DocumentKind) -> None:
    data = dataclasses.replace(
        sample_document(kind), organisation=True, applicant_name="深圳市坪山区某某科技有限公司"
    )
    said = text(render(data))
    assert "（单位）" not in said and "你于" not in said
    if kind is DocumentKind.DEFERRAL_COMMITMENT:
        assert "本单位申请办理" in said and "由本单位自行承担" in said and "承诺单位（盖章）" in said
        assert "本人" not in said
    else:
        assert "你单位于" in said and "申请单位" in said


def test_the_one_time_notice_carries_its_number_and_how_to_reach_the_hall() -> None:
    data = sample_document(DocumentKind.ONE_TIME_NOTICE)
    said = text(render(data))
    assert said.count(data.notice_number) >= 3  # the header, the table, the sentence to bring it back
    assert f"告知书编号：{data.notice_number}" in said and "受理编号" not in said
    assert "咨询与联系" in said
    assert f"受理单位：{data.hall_name}（12号窗口）" in said
    assert squeeze(f"办理地点：{data.place}") in said and squeeze(f"咨询电话：{data.phones}") in said


def test_the_hall_address_is_given_when_the_place_does_not_say_it() -> None:
    data = dataclasses.replace(
        sample_document(DocumentKind.ONE_TIME_NOTICE), place="", hall_address="坪山大道2007号"
    )
    assert "大厅地址：坪山大道2007号" in text(render(data))


def test_a_one_time_notice_without_its_number_is_refused() -> None:
    with pytest.raises(ValueError, match="notice number"):
        dataclasses.replace(sample_document(DocumentKind.ONE_TIME_NOTICE), notice_number="")


def test_an_instant_approval_is_a_result_not_a_receipt() -> None:
    data = dataclasses.replace(
        sample_document(DocumentKind.RECEIPT),
        completed=True,
        on_the_spot=True,
        promised_date=None,
        promised_days=0,
    )
    said = text(render(data))
    assert "秒批结果告知书" in said and "受理回执" not in said
    assert "已办结" in said and "无需再到窗口领取" in said and "办理结果查询" in said
    assert "领取办理结果时" not in said and "办理进度查询" not in said
    assert "申请人（签收）" in said
    ordinary = text(render(sample_document(DocumentKind.RECEIPT)))
    assert "受理回执" in ordinary and "领取办理结果时请出示本回执" in ordinary and "秒批" not in ordinary


def test_an_optional_material_not_brought_owes_nothing() -> None:
    base = sample_document(DocumentKind.RECEIPT)
    line = MaterialLine("广东省居住证(非深户籍人员提供)", OPTIONAL_NOT_BROUGHT, "")
    said = text(render(dataclasses.replace(base, materials=base.materials + (line,))))
    assert squeeze(line.name) + "非必需，未提交" in said
    assert "缺原件" not in said


def test_a_bundle_receipt_names_the_bundle_and_no_code() -> None:
    data = sample_document(DocumentKind.BUNDLE_RECEIPT)
    said = text(render(data))
    assert "新生儿出生一件事" in said and "newborn" not in said and "事项编码" not in said


def test_a_member_case_names_its_bundle() -> None:
    data = dataclasses.replace(sample_document(DocumentKind.ONE_TIME_NOTICE), bundle_name="开办餐饮店一件事")
    assert "所属一件事开办餐饮店一件事" in text(render(data))


def test_the_extension_notice_says_from_when_to_when_and_why() -> None:
    data = sample_document(DocumentKind.EXTENSION_NOTICE)
    said = text(render(data))
    assert "延期通知书" in said and data.case_number in said
    assert "补交期限由2027年1月8日延长至2027年1月15日" in said
    assert squeeze(f"延期理由：{data.note}") in said
    assert squeeze(data.deferred[0].name) in said and "申请人（签收）" in said
    with pytest.raises(ValueError, match="延期通知书"):
        dataclasses.replace(data, extended_from=None)


def test_a_reminder_letter_never_prints_the_halls_note() -> None:
    data = sample_document(DocumentKind.REMINDER)
    assert data.note  # the sample carries an internal note …
    said = text(render(data))
    assert squeeze(data.note) not in said and "内部备注" not in said  # … that stays off the letter
    assert "催补通知" in said and squeeze(data.deferred[0].name) in said
    assert "日期：" not in said and "签" not in said  # a letter by post: no signature lines to fill in


@pytest.mark.parametrize("paper", ["A4", "A5"])
@pytest.mark.parametrize(
    "code",
    [
        "11440310MB2C01234A-0302-001",  # the shipped catalogue's codes: beside the department
        "11440310MB2C92110X444201100100001",
        "11440310MB2C92110X4442011001000010000-0301-0001-实施-ABCDEFGHIJKLMNOPQRSTUVWXYZ-2026",
    ],
)
def test_a_matter_code_is_drawn_on_one_line(paper: str, code: str) -> None:
    data = dataclasses.replace(sample_document(DocumentKind.RECEIPT, paper=paper), matter_code=code)  # type: ignore[arg-type]
    pdf = render(data)
    (_number, _w, _h, items), *_rest = placed_texts(pdf)
    drawn = [i for i in items if i.text == code]
    assert len(drawn) == 1, [i.text for i in items if i.text and i.text in code]  # in one piece
    assert code in text(pdf)


def test_a_short_code_sits_beside_the_department_a_long_one_gets_its_own_row() -> None:
    def rows(code: str) -> tuple[float, float]:
        data = dataclasses.replace(sample_document(DocumentKind.RECEIPT, paper="A5"), matter_code=code)
        (_number, _w, _h, items), *_rest = placed_texts(render(data))
        code_y = next(i.y for i in items if i.text == code)
        department_y = next(i.y for i in items if i.text.strip() == "受理部门")
        return code_y, department_y

    code_y, department_y = rows("11440310MB2C01234A-0302-001")
    assert abs(code_y - department_y) < 3
    code_y, department_y = rows("11440310MB2C92110X444201100100001-0302-001")
    assert department_y < code_y - 5  # the row below


def test_the_pdf_title_follows_the_document() -> None:
    notice = sample_document(DocumentKind.ONE_TIME_NOTICE)
    meta = reader(render(notice)).metadata
    assert meta is not None and meta.title == f"一次性告知书 {notice.notice_number}"
    instant = dataclasses.replace(
        sample_document(DocumentKind.RECEIPT), completed=True, on_the_spot=True, promised_date=None
    )
    meta = reader(render(instant)).metadata
    assert meta is not None and meta.title == f"秒批结果告知书 {instant.case_number}"


def test_the_hall_address_is_not_repeated_when_the_place_says_it_in_other_brackets() -> None:
    data = dataclasses.replace(
        sample_document(DocumentKind.ONE_TIME_NOTICE),
        place="坪山区行政服务大厅(坪山区坪山大道2007号)三楼 C10–C12 窗口",
        hall_address="坪山区行政服务大厅（坪山区坪山大道2007号）",
    )
    assert "大厅地址" not in text(render(data))
