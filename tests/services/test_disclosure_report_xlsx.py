"""The annual disclosure table in Excel, read back with openpyxl: the published header, every number where
the template has it, lines indented by level, the cross-check and the records left out under the table."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hallapp.domain.disclosure import Reply, RequesterKind
from hallapp.domain.disclosure_report import ALL_AGREE, COLUMNS, ROWS, TOTAL, ReportRecord, annual_table
from hallapp.services.disclosure_report import (
    FIRST_VALUE_ROW,
    ReportFormatError,
    write_report,
    write_report_xlsx,
)
from hallapp.services.output_file import OutputFileError

K = RequesterKind
OFFICE = "深圳市坪山区政务服务数据管理局"
RECORDS = [
    ReportRecord(K.PERSON, date(2025, 12, 15), date(2026, 1, 9), Reply.DISCLOSED, "PS2025GK0099"),
    ReportRecord(K.PERSON, date(2026, 2, 3), date(2026, 2, 25), Reply.WITHHELD_THIRD_PARTY, "PS2026GK0001"),
    ReportRecord(K.COMMERCIAL, date(2026, 3, 9), date(2026, 3, 30), Reply.ALREADY_PUBLIC, "PS2026GK0002"),
    ReportRecord(K.LEGAL_SERVICE, date(2026, 6, 1), date(2026, 6, 19), Reply.OTHER, "PS2026GK0003"),
    ReportRecord(K.OTHER_ORG, date(2026, 12, 28), None, None, "PS2026GK0004"),
    ReportRecord(K.RESEARCH, date(2026, 5, 6), date(2026, 5, 1), Reply.DISCLOSED, "PS2026GK0005"),
]


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, object]:
    table = annual_table(RECORDS, 2026)
    path = write_report_xlsx(table, tmp_path / "2026年度报表.xlsx", office=OFFICE)
    return path, table


def test_the_header_is_the_published_tables(written: tuple[Path, object]) -> None:
    path, _ = written
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "收到和处理政府信息公开申请情况"
    assert sheet["A2"].value == f"填报单位：{OFFICE}　　统计年度：2026年　　单位：件"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A3:A5", "B3:H3", "B4:B5", "C4:G4", "H4:H5"} <= merged
    assert sheet["B3"].value == "申请人情况"
    assert [sheet["B4"].value, sheet["C4"].value, sheet["H4"].value] == ["自然人", "法人或其他组织", "总计"]
    assert [c.value for c in sheet[5][2:7]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]


def test_every_line_and_number_is_where_the_template_has_it(written: tuple[Path, object]) -> None:
    path, table = written
    sheet = load_workbook(path).active
    for offset, spec in enumerate(ROWS):
        row = FIRST_VALUE_ROW + offset
        assert sheet.cell(row, 1).value == spec.label
        assert (sheet.cell(row, 1).alignment.indent or 0) == spec.level * 2
        if spec.heading:
            assert f"B{row}:H{row}" in {str(r) for r in sheet.merged_cells.ranges}
            continue
        assert [sheet.cell(row, c).value for c in range(2, 9)] == list(table.row(spec.key).values)
    # a few cells said literally: 一 and 四 of 自然人, 予以公开 of 商业企业 (已主动公开), 总计 of 结转下年度
    assert sheet.cell(FIRST_VALUE_ROW, 2).value == 1
    assert sheet.cell(FIRST_VALUE_ROW + 1, 2).value == 1
    assert sheet.cell(FIRST_VALUE_ROW + 3, 3).value == 1
    assert sheet.cell(FIRST_VALUE_ROW + len(ROWS) - 1, 8).value == 1
    assert sheet.cell(FIRST_VALUE_ROW + len(ROWS) - 2, 8).value == 4  # （七）总计


def test_the_cross_check_and_the_left_out_records_are_under_the_table(written: tuple[Path, object]) -> None:
    path, _ = written
    sheet = load_workbook(path).active
    below = [sheet.cell(r, 1).value for r in range(FIRST_VALUE_ROW + len(ROWS), sheet.max_row + 1)]
    assert [v for v in below if v] == [
        ALL_AGREE,
        "另有 1 件申请的记录有误，未计入本表，请核实登记：",
        "1. 申请 PS2026GK0005：答复日期 2026-05-01 早于收到日期 2026-05-06，未计入报表。",
    ]


def test_a_broken_table_is_written_as_it_is_with_its_breaches_named(tmp_path: Path) -> None:
    table = annual_table(RECORDS, 2026).with_value("carried_out", K.OTHER_ORG, 0)
    path = write_report_xlsx(table, tmp_path / "broken.xlsx", office=OFFICE)
    sheet = load_workbook(path).active
    assert sheet.cell(FIRST_VALUE_ROW + len(ROWS) - 1, 7).value == 0  # written as given
    below = [sheet.cell(r, 1).value for r in range(FIRST_VALUE_ROW + len(ROWS), sheet.max_row + 1)]
    assert "核对：发现 2 处数字不符：" in below
    assert (
        "2. 法人或其他组织（其他）：一（本年新收）1 + 二（上年结转）0 = 1，"
        "而三（七）总计 0 + 四（结转下年度）0 = 0，相差 1。"
    ) in below
    assert ALL_AGREE not in below


def test_the_file_is_refused_in_plain_words_and_nothing_is_left(tmp_path: Path) -> None:
    table = annual_table(RECORDS, 2026)
    with pytest.raises(ReportFormatError, match=r"\.xlsx"):
        write_report_xlsx(table, tmp_path / "report.csv", office=OFFICE)
    with pytest.raises(OutputFileError, match="输出文件夹不存在"):
        write_report_xlsx(table, tmp_path / "missing" / "report.xlsx", office=OFFICE)
    with pytest.raises(ReportFormatError, match="只能保存为 .xlsx、.pdf"):
        write_report(table, tmp_path / "report.docx", office=OFFICE)
    assert os.listdir(tmp_path) == []


def test_write_report_chooses_excel_or_pdf_by_the_suffix(tmp_path: Path) -> None:
    table = annual_table(RECORDS, 2026)
    pdf = write_report(table, tmp_path / "report.PDF", office=OFFICE)
    assert pdf.read_bytes().startswith(b"%PDF-")
    book = write_report(table, tmp_path / "report.xlsx", office=OFFICE)
    sheet = load_workbook(book).active
    assert sheet.cell(FIRST_VALUE_ROW, 1 + len(COLUMNS)).value == table.value("new", TOTAL)
    assert sorted(os.listdir(tmp_path)) == ["report.PDF", "report.xlsx"]  # no .part left


def test_an_office_name_a_spreadsheet_would_run_or_cannot_hold_is_written_as_text(tmp_path: Path) -> None:
    path = write_report_xlsx(annual_table([], 2026), tmp_path / "r.xlsx", office="=HYPERLINK(1)\x07局")
    assert (
        load_workbook(path).active["A2"].value == "填报单位：=HYPERLINK(1)局　　统计年度：2026年　　单位：件"
    )
