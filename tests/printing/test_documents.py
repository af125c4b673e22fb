"""Each printed document says everything the applicant needs, in an embedded font, on any paper."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from hallapp.printing.content import UNVERIFIED_NOTE
from hallapp.printing.documents import COPY_MARK, render
from hallapp.printing.model import DeferredLine, DocumentData, DocumentKind, MaterialLine, Paper
from hallapp.printing.samples import sample_document
from tests.printing.pdfcheck import UNMASKED_ID, fonts, page_texts, placed_texts, reader, squeeze, text

ALL_KINDS = list(DocumentKind)
# Documents about one applicant and one matter (the daily close report is about a window's day).
CASE_KINDS = [k for k in DocumentKind if k is not DocumentKind.DAILY_CLOSE]


@pytest.fixture(scope="module")
def rendered() -> dict[DocumentKind, tuple[DocumentData, bytes]]:
    out = {}
    for kind in ALL_KINDS:
        data = sample_document(kind)
        out[kind] = (data, render(data))
    return out


def _common_fields(data: DocumentData) -> list[str]:
    return [
        data.kind.title,
        data.matter_name,
        data.matter_code,
        data.department,
        data.applicant_name,
        data.applicant_id_masked,
        data.phone_masked,
        data.window,
        data.clerk,
        data.hall_name,
    ]


@pytest.mark.parametrize("kind", CASE_KINDS, ids=lambda k: k.value)
def test_document_says_who_what_and_where(rendered: dict, kind: DocumentKind) -> None:
    data, pdf = rendered[kind]
    assert pdf.startswith(b"%PDF-")
    said = text(pdf)
    for value in _common_fields(data):
        assert squeeze(value) in said, value
    assert squeeze(data.place) in said and squeeze(data.phones) in said
    if data.case_number:
        assert data.case_number in said
    assert not UNMASKED_ID.search(said)


def test_rare_name_characters_survive(rendered: dict) -> None:
    said = text(rendered[DocumentKind.RECEIPT][1])
    assert "买买提·艾力" in said  # middle dot
    assert "王㛃" in said  # CJK Ext-A (agent)
    assert "李堃" in said


def test_receipt_lists_every_material_with_its_outcome_and_the_promise(rendered: dict) -> None:
    data, pdf = rendered[DocumentKind.RECEIPT]
    said = text(pdf)
    for line in data.materials:
        assert squeeze(line.name) in said
        assert squeeze(line.outcome) in said
        assert squeeze(line.detail) in said
    assert "承诺办结日期" in said and "2026年3月16日（10个工作日）" in said
    assert UNVERIFIED_NOTE.replace(" ", "") not in said  # 2026's schedule is published: no flag
    assert "申请人（签字）" in said and "窗口人员（签字）" in said
    assert squeeze(data.tracking_text) in said
    assert "2026年3月2日09:35" in said


def test_on_the_spot_receipt_says_so() -> None:
    data = dataclasses.replace(
        sample_document(DocumentKind.RECEIPT), promised_date=None, promised_days=0, on_the_spot=True
    )
    said = text(render(data))
    assert "即办件" in said and "承诺办结日期" not in said


def test_unverified_promised_date_is_flagged_next_to_it() -> None:
    data = dataclasses.replace(sample_document(DocumentKind.RECEIPT), promised_unverified=True)
    said = text(render(data))
    flag = squeeze(UNVERIFIED_NOTE)
    assert "2026年3月16日（10个工作日）" + flag in said


@pytest.mark.parametrize(
    "kind", [DocumentKind.DEFERRAL_COMMITMENT, DocumentKind.DEFERRAL_NOTICE], ids=lambda k: k.value
)
def test_deferral_documents_list_each_material_how_and_deadline(rendered: dict, kind: DocumentKind) -> None:
    data, pdf = rendered[kind]
    said = text(pdf)
    for line in data.deferred:
        assert squeeze(line.name) in said
        assert squeeze(line.how_to_supply) in said
        assert f"{line.deadline.year}年{line.deadline.month}月{line.deadline.day}日" in said
    assert said.count(squeeze(UNVERIFIED_NOTE)) >= len(data.deferred)  # 2027: every deadline flagged
    assert "逾期未补齐" in said and "终止办理" in said and "撤回申请" in said


def test_commitment_binds_the_applicant(rendered: dict) -> None:
    said = text(rendered[DocumentKind.DEFERRAL_COMMITMENT][1])
    assert "郑重承诺" in said and "承担相应责任" in said and "承诺人（签字/盖章）" in said
    assert "不予出具办理结果" in said


def test_notice_explains_supply_routes_result_and_tracking(rendered: dict) -> None:
    data, pdf = rendered[DocumentKind.DEFERRAL_NOTICE]
    said = text(pdf)
    assert "现场递交、邮寄或网上提交" in said
    assert "补齐全部容缺材料后，方可出具办理结果" in said
    assert "2027年1月15日（10个工作日）" in said
    assert squeeze(data.tracking_text) in said
    assert "申请人（签收）" in said


def test_one_time_notice_has_no_case_number_and_everything_missing_on_one_page(rendered: dict) -> None:
    data, pdf = rendered[DocumentKind.ONE_TIME_NOTICE]
    pages = page_texts(pdf)
    assert len(pages) == 1
    said = pages[0]
    assert "受理编号" not in said and "暂不予受理" in said and "一次性告知" in said
    for line in data.missing:
        assert squeeze(line.name) in said and squeeze(line.requirement) in said
    assert "申请人（签收）" in said and "窗口人员（签字）" in said


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda k: k.value)
def test_font_is_embedded_as_a_subset_and_nothing_else_is_used(rendered: dict, kind: DocumentKind) -> None:
    used = fonts(rendered[kind][1])
    assert used
    for font in used:
        assert font.embedded, font
        assert font.subtype == "/TrueType"
        assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiZenHei", font.base_font), font.base_font


def test_the_subset_is_small(rendered: dict) -> None:
    assert len(rendered[DocumentKind.RECEIPT][1]) < 120_000  # the font file is 11.6 MB


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda k: k.value)
def test_copy_mark_on_every_page_and_otherwise_the_same(kind: DocumentKind) -> None:
    data = sample_document(kind, materials=30, paper="A5")
    original, copy = render(data), render(dataclasses.replace(data, copy=True))
    mark = squeeze(COPY_MARK)
    copy_pages = page_texts(copy)
    assert all(page.count(mark) >= 2 for page in copy_pages)  # header box and watermark
    assert mark not in text(original)
    assert [p.replace(mark, "") for p in copy_pages] == page_texts(original)
    meta = reader(copy).metadata
    assert meta is not None and COPY_MARK in str(meta.title)


def test_same_data_gives_the_same_bytes() -> None:
    data = sample_document(DocumentKind.RECEIPT, copy=True)
    assert render(data) == render(data)


def test_metadata() -> None:
    data = sample_document(DocumentKind.DEFERRAL_NOTICE)
    meta = reader(render(data)).metadata
    assert meta is not None
    assert meta.title == f"容缺受理通知书 {data.case_number}"
    assert meta.author == data.hall_name
    assert meta.subject == data.matter_name
    assert meta.creator == "HallApp"


@pytest.mark.parametrize("kind", CASE_KINDS, ids=lambda k: k.value)
def test_a5_renders_on_a5_paper_with_the_same_content(rendered: dict, kind: DocumentKind) -> None:
    pdf = render(sample_document(kind, paper="A5"))
    box = reader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)
    a4_said = text(rendered[kind][1])
    said = text(pdf)
    for value in _common_fields(rendered[kind][0]):
        assert squeeze(value) in said and squeeze(value) in a4_said


def test_ten_materials_fit_one_a4_page() -> None:
    data = sample_document(DocumentKind.RECEIPT, materials=10)
    pages = page_texts(render(data))
    assert len(pages) == 1
    for i, line in enumerate(data.materials, 1):
        assert squeeze(line.name) in pages[0], i
    assert "第1页／共1页" in pages[0]


def test_overflow_continues_with_the_header_repeated_and_nothing_lost() -> None:
    data = sample_document(DocumentKind.RECEIPT, materials=30, paper="A5")
    pages = page_texts(render(data))
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert f"受理编号：{data.case_number}" in page
        assert f"第{n}页／共{len(pages)}页" in page
        if n > 1:
            assert "受理回执（续）" in page  # running header
    assert pages[1].count("材料名称") == 1  # the table continues on page 2 under its repeated header
    said = "".join(pages)
    for line in data.materials:
        assert squeeze(line.name) in said
    assert "申请人（签字）" in pages[-1]


def test_a_material_longer_than_a_page_splits_instead_of_failing() -> None:
    base = sample_document(DocumentKind.RECEIPT, paper="A5")
    name = "超长材料名称" * 400
    extra = MaterialLine(name, "原件已验", "备注" * 200)
    data = dataclasses.replace(base, materials=base.materials + (extra,))
    said = text(render(data))
    assert said.count("超长材料名称") >= 390  # a few may straddle a page break in extraction order
    assert said.count("超") == 400 and said.count("称") >= 400


@pytest.mark.parametrize("paper", ["A4", "A5"])
@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda k: k.value)
def test_all_text_starts_inside_the_margins(kind: DocumentKind, paper: Paper) -> None:
    pdf = render(sample_document(kind, paper=paper, materials=12, copy=True, audit_head="0f3a9c1d"))
    for _number, width, height, items in placed_texts(pdf):
        margin = 11.5 * 72 / 25.4  # 12 mm on A5, 20 mm on A4: never closer than 11.5 mm
        for item in items:
            if item.rotated:  # the watermark, centred on the page
                assert 0 < item.x < width and 0 < item.y < height, item
                continue
            assert margin - 0.5 <= item.x <= width - margin, item
            assert 7.5 * 72 / 25.4 <= item.y <= height - margin, item


def test_a_deadline_flag_is_per_line() -> None:
    base = sample_document(DocumentKind.DEFERRAL_NOTICE)
    lines = (
        DeferredLine("甲材料", "现场", date(2026, 12, 30)),
        DeferredLine("乙材料", "邮寄", date(2027, 1, 8), deadline_unverified=True),
    )
    said = text(render(dataclasses.replace(base, deferred=lines, promised_unverified=False)))
    flag = squeeze(UNVERIFIED_NOTE)
    assert "2026年12月30日" + flag not in said
    assert "2027年1月8日" + flag in said


def test_commitment_signed_by_an_agent_says_so_and_has_both_signature_lines() -> None:
    data = dataclasses.replace(sample_document(DocumentKind.DEFERRAL_COMMITMENT), agent_name="王㛃")
    said = text(render(data))
    assert "代理人王㛃经申请人书面授权" in said
    assert "承诺人（签字/盖章）" in said and "代理人（签字）" in said


def test_documents_rendered_from_several_threads_are_identical() -> None:
    from concurrent.futures import ThreadPoolExecutor

    data = sample_document(DocumentKind.RECEIPT)
    expected = render(data)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: render(data), range(12)))
    assert all(r == expected for r in results)


def test_daily_close_lists_the_days_cases_and_the_audit_head(rendered: dict) -> None:
    data, pdf = rendered[DocumentKind.DAILY_CLOSE]
    content = text(pdf)
    for line in data.history:
        assert line.actor in content and squeeze(line.detail) in content
    assert f"审计链头{data.audit_head}，共{data.audit_count}条记录" in content and "窗口日结报表" in content
    assert f"报表编号：{data.case_number}" in content and "受理编号：" not in content
    for section in data.day_sections:  # the day's bundles, supplements, extensions and reminders
        assert section.heading in content
        for line in section.lines:
            assert all(squeeze(cell) in content for cell in line), line
    # a plain sentence for whoever reads the paper, no command line
    assert "hallapp" not in content and "--head" not in content
    assert "审计管理员可凭上述链头和记录数核对" in content
