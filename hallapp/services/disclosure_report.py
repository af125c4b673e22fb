"""The annual disclosure table written to a file: an Excel workbook laid out like the published table, or
the PDF page (``hallapp.printing.disclosure_report_pdf``).

The workbook has the template's header (申请人情况 over 自然人, 法人或其他组织 with its five kinds, 总计),
one line per row of the template indented by its level, and under the table the cross-check's result and
the records left out of the count, so whoever publishes the numbers sees at once whether they add up. The
file is written whole or not at all (``output_file.write_output``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hallapp.domain.disclosure_report import (
    APPLICANTS_LABEL,
    COLUMNS,
    ORGANISATION_LABEL,
    TABLE_TITLE,
    AnnualTable,
    check_lines,
    report_heading,
)
from hallapp.domain.errors import UserError
from hallapp.services.output_file import check_output_path, write_output

__all__ = [
    "FIRST_VALUE_ROW",
    "REPORT_FORMATS",
    "ReportFormatError",
    "write_report",
    "write_report_xlsx",
]

REPORT_FORMATS = (".xlsx", ".pdf")
SHEET_TITLE = "收到和处理申请情况"
HEADER_ROWS = (3, 4, 5)
FIRST_VALUE_ROW = 6  # the row of 一、本年新收 in the workbook
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ReportFormatError(UserError):
    """The report cannot be saved in the format asked for; nothing was written."""


def write_report(table: AnnualTable, path: Path, *, office: str) -> Path:
    """Save the table as ``path``'s suffix says (.xlsx or .pdf); the absolute path written."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return write_report_xlsx(table, path, office=office)
    if suffix == ".pdf":
        from hallapp.printing.disclosure_report_pdf import render_report_pdf  # reportlab: only when asked

        target = check_output_path(path)
        write_output(target, render_report_pdf(table, office=office, year=table.year))
        return target
    raise ReportFormatError(f"年度报表只能保存为 {'、'.join(REPORT_FORMATS)} 文件，不能保存为“{path}”。")


def write_report_xlsx(table: AnnualTable, path: Path, *, office: str) -> Path:
    """Write the table to an Excel workbook at ``path`` (a .xlsx), laid out like the published table.

    Raises ``OutputFileError`` in plain words when the file cannot be written there; nothing is left
    half-written. Returns the absolute path written.
    """
    if Path(path).suffix.lower() != ".xlsx":
        raise ReportFormatError(f"Excel 报表的文件名应以 .xlsx 结尾：{path}")
    target = check_output_path(path)
    write_output(target, _workbook_bytes(table, office))
    return target


def _text(value: str) -> str:
    """Text a workbook can hold and will never run as a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _workbook_bytes(table: AnnualTable, office: str) -> bytes:
    from openpyxl import Workbook  # only when exporting
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet: Any = book.active
    sheet.title = SHEET_TITLE
    last = len(COLUMNS) + 1  # the label column, then one per column of counts
    last_letter = get_column_letter(last)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    sheet.merge_cells(f"A1:{last_letter}1")
    sheet["A1"] = TABLE_TITLE
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = centre
    sheet.merge_cells(f"A2:{last_letter}2")
    sheet["A2"] = _text(report_heading(office, table.year))
    sheet.row_dimensions[1].height = 26

    top, middle, bottom = HEADER_ROWS
    person, organisations, total = 2, (3, 4, 5, 6, 7), last
    sheet.merge_cells(start_row=top, start_column=1, end_row=bottom, end_column=1)
    sheet.merge_cells(start_row=top, start_column=2, end_row=top, end_column=last)
    sheet.cell(top, 2, APPLICANTS_LABEL)
    sheet.merge_cells(start_row=middle, start_column=person, end_row=bottom, end_column=person)
    sheet.cell(middle, person, COLUMNS[0].label)
    sheet.merge_cells(
        start_row=middle, start_column=organisations[0], end_row=middle, end_column=organisations[-1]
    )
    sheet.cell(middle, organisations[0], ORGANISATION_LABEL)
    for column, index in zip(COLUMNS[1:-1], organisations, strict=True):
        sheet.cell(bottom, index, column.label)
    sheet.merge_cells(start_row=middle, start_column=total, end_row=bottom, end_column=total)
    sheet.cell(middle, total, COLUMNS[-1].label)

    for offset, row in enumerate(table.rows):
        at = FIRST_VALUE_ROW + offset
        label = sheet.cell(at, 1, row.label)
        label.alignment = Alignment(indent=row.level * 2, vertical="center", wrap_text=True)
        if row.level == 0:
            label.font = Font(bold=True)
        if row.is_heading:
            sheet.merge_cells(start_row=at, start_column=2, end_row=at, end_column=last)
        for index, value in enumerate(row.values, 2):
            sheet.cell(at, index, value).alignment = centre
    end = FIRST_VALUE_ROW + len(table.rows) - 1

    for row_cells in sheet.iter_rows(min_row=top, max_row=end, min_col=1, max_col=last):
        for cell in row_cells:
            cell.border = border
            if cell.row <= bottom:
                cell.alignment = centre
                cell.font = Font(bold=True)

    at = end + 2
    for line in check_lines(table):
        sheet.merge_cells(start_row=at, start_column=1, end_row=at, end_column=last)
        cell = sheet.cell(at, 1, _text(line))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[at].height = 30 if len(line) > 70 else 16
        at += 1

    sheet.column_dimensions["A"].width = 66
    for index in range(2, last + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.row_dimensions[bottom].height = 30
    sheet.freeze_panes = sheet.cell(FIRST_VALUE_ROW, 2)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{bottom}"

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
