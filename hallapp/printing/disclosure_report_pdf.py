"""The annual disclosure table on one landscape A4 page, laid out like the published reports.

The header is the template's: 申请人情况 over 自然人, 法人或其他组织 (商业企业, 科研机构, 社会公益组织,
法律服务机构, 其他) and 总计; then one line per row of the template, indented by its level, and under the
table the cross-check's result and the records left out of the count. The font is embedded (a subset),
every text is glyph-checked, and the PDF is built in reportlab's invariant mode (same table, same bytes).
"""

from __future__ import annotations

import io
import os
import threading

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hallapp.domain.disclosure_report import (
    APPLICANTS_LABEL,
    COLUMNS,
    ORGANISATION_LABEL,
    TABLE_TITLE,
    AnnualTable,
    check_lines,
    report_heading,
)
from hallapp.printing.fonts import load_font
from hallapp.printing.layout import LABEL_FILL, PageMetrics, TextLine, Writer

__all__ = ["MAX_NOTE_LINES", "render_report_pdf"]

# Landscape A4; ``base`` is the size of the table's text.
PAGE = PageMetrics("A4", A4[1], A4[0], 14 * mm, 11 * mm, 10 * mm, 8.0, 0.0)
MAX_NOTE_LINES = 7
"""At most this many lines of cross-check and problems under the table (the rest are counted), so the
report stays one page; the Excel export lists them all."""
_LABEL_SHARE = 0.43  # of the frame's width, for the row labels; the seven columns share the rest
_build_lock = threading.Lock()  # a TTFont keeps per-document subset state


def render_report_pdf(
    table: AnnualTable,
    *,
    office: str,
    year: int,
    font_path: str | os.PathLike[str] | None = None,
) -> bytes:
    """The one-page PDF of ``table`` for ``office``'s report of ``year``.

    ``year`` must be the table's (a guard against printing one year's numbers under another's title).
    Raises ``FontUnavailable`` when the print font cannot be loaded and ``MissingGlyphs`` when a text
    (the office's name) has characters no font has.
    """
    if year != table.year:
        raise ValueError(f"报表是 {table.year} 年的，不能按 {year} 年打印")
    font = load_font(font_path)
    writer = Writer(font, PAGE)
    _add_styles(writer)
    base = PAGE.base
    story = [
        TextLine(writer.check_runs(TABLE_TITLE, "标题"), writer.font, base * 2.0, "center", bold=True),
        Spacer(1, base * 0.3),
        TextLine(
            writer.check_runs(report_heading(office, year), "填报单位 office"),
            writer.font,
            base * 1.1,
            "center",
        ),
        Spacer(1, base * 0.5),
        _table(table, writer),
        Spacer(1, base * 0.6),
    ]
    story += [writer.para(line, "report_note", "核对") for line in _notes(check_lines(table))]
    writer.raise_if_missing()

    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=(PAGE.width, PAGE.height),
        leftMargin=PAGE.margin_x,
        rightMargin=PAGE.margin_x,
        topMargin=PAGE.margin_top,
        bottomMargin=PAGE.margin_bottom,
        title=f"{office}{year}年{TABLE_TITLE}",
        author=office,
        subject="政府信息公开工作年度报告",
        creator="HallApp",
        invariant=1,
        lang="zh-CN",
        initialFontName=font.name,
    )
    frame = Frame(
        PAGE.margin_x,
        PAGE.margin_bottom,
        PAGE.frame_width,
        PAGE.height - PAGE.margin_top - PAGE.margin_bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    with _build_lock:
        # shrunk (never split) should an unusually long office name or note need more than the page
        doc.build([KeepInFrame(frame.width, frame.height, story, mode="shrink")])
    return out.getvalue()


def _notes(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_NOTE_LINES:
        return lines
    shown = lines[: MAX_NOTE_LINES - 1]
    return [*shown, f"……另有 {len(lines) - len(shown)} 条未列出，导出 Excel 报表可见全部。"]


def _add_styles(writer: Writer) -> None:
    """The report's own paragraph styles, beside the Writer's, under names starting with ``report_``."""
    base = PAGE.base
    common = {"fontName": writer.font.name, "wordWrap": "CJK", "textColor": colors.black}
    centred = {**common, "alignment": TA_CENTER}
    writer.styles.update(
        {
            "report_heading": ParagraphStyle(
                "report_heading", fontSize=base * 1.1, leading=base * 1.4, **centred
            ),
            "report_note": ParagraphStyle("report_note", fontSize=base, leading=base * 1.3, **common),
            "report_head": ParagraphStyle("report_head", fontSize=base, leading=base * 1.15, **centred),
            "report_number": ParagraphStyle("report_number", fontSize=base, leading=base * 1.2, **centred),
        }
    )
    for level in range(3):
        name = f"report_label{level}"
        writer.styles[name] = ParagraphStyle(
            name, fontSize=base, leading=base * 1.2, leftIndent=level * 1.6 * base, **common
        )


def _table(table: AnnualTable, writer: Writer) -> Table:
    head, number = "report_head", "report_number"
    count = len(COLUMNS)

    def h(text: str) -> Paragraph:
        return writer.para(text, head, "表头")

    blank = [""] * count
    rows: list[list[object]] = [
        ["", h(APPLICANTS_LABEL), *blank[1:]],
        ["", h(COLUMNS[0].label), h(ORGANISATION_LABEL), *blank[3:], h(COLUMNS[-1].label)],
        ["", "", *(h(column.label) for column in COLUMNS[1:-1]), ""],
    ]
    first = len(rows)
    for row in table.rows:
        label = writer.para(row.label, f"report_label{row.level}", "行")
        rows.append([label, *(writer.para(str(v), number, "数字") for v in row.values or blank)])

    label_width = PAGE.frame_width * _LABEL_SHARE
    value_width = (PAGE.frame_width - label_width) / count
    pad = 2.0
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), writer.font.name, PAGE.base),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.6),
        ("BACKGROUND", (0, 0), (-1, first - 1), LABEL_FILL),
        ("SPAN", (0, 0), (0, first - 1)),  # the corner over the labels
        ("SPAN", (1, 0), (count, 0)),  # 申请人情况
        ("SPAN", (1, 1), (1, 2)),  # 自然人
        ("SPAN", (2, 1), (count - 1, 1)),  # 法人或其他组织
        ("SPAN", (count, 1), (count, 2)),  # 总计
    ]
    for offset, row in enumerate(table.rows):
        if row.is_heading:
            commands.append(("SPAN", (1, first + offset), (count, first + offset)))
    return Table(
        rows,
        colWidths=[label_width, *[value_width] * count],
        style=TableStyle(commands),
        hAlign="CENTER",
    )
