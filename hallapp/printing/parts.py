"""The pieces every document is made of: title, headings, the applicant-and-matter table, the tracking box,
signature lines, the deferred-materials table and the issuing hall's sign-off; and the wording that
depends on who applied (本人 / 你 for a person, 本单位 / 你单位 for an organisation).

The builders in content.py (intake documents) and followup_content.py (following a case) use them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from hallapp.printing.layout import QRCode, TextLine, Writer, grid
from hallapp.printing.model import DocumentData, DocumentKind

__all__ = [
    "BLANK",
    "UNVERIFIED_NOTE",
    "deferred_table",
    "format_date",
    "format_datetime",
    "heading",
    "info_table",
    "me",
    "promised",
    "sign_off",
    "signatures",
    "situations",
    "table",
    "title",
    "tracking",
    "you",
]

UNVERIFIED_NOTE = "※ 该年度节假日安排尚未发布，日期待核实"
BLANK = "—"
# A matter code is an opaque string: it never wraps. Side by side with the department it may shrink to
# this share of the cell's size; smaller than that, it gets a row of its own (and shrinks there if ever).
CODE_MIN_SCALE = 0.8


def format_date(day: date) -> str:
    """2026年3月2日."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_datetime(moment: datetime) -> str:
    """2026年3月2日 09:05."""
    return f"{format_date(moment)} {moment:%H:%M}"


def me(d: DocumentData) -> str:
    """The applicant speaking of themselves: 本人, or 本单位 for an organisation."""
    return "本单位" if d.organisation else "本人"


def you(d: DocumentData) -> str:
    """The hall addressing the applicant: 你, or 你单位 for an organisation."""
    return "你单位" if d.organisation else "你"


def title(d: DocumentData, w: Writer) -> list[Flowable]:
    text = w.check(d.title, "标题 title")
    line = TextLine(text, w.font, w.page.base * 2.1, "center", bold=True, spaced=True)
    return [line, Spacer(1, w.page.base * 0.9)]


def heading(w: Writer, text: str) -> list[Flowable]:
    base = w.page.base
    return [CondPageBreak(base * 8), Spacer(1, base * 0.7), w.bold(text), Spacer(1, base * 0.3)]


def promised(d: DocumentData) -> tuple[str, str] | None:
    """The promised-completion text and its ※ flag ("" when verified), or None when nothing was promised."""
    if d.on_the_spot:
        return "即办件（当场办结）", ""
    if d.promised_date is None:
        return None
    days = f"（{d.promised_days} 个工作日）" if d.promised_days else ""
    return format_date(d.promised_date) + days, UNVERIFIED_NOTE if d.promised_unverified else ""


def table(w: Writer, rows: list[list[Any]], widths: tuple[float, ...], **kwargs: Any) -> Table:
    """A bordered table over the frame's width (``widths`` are fractions of it)."""
    page = w.page
    return grid(
        rows,
        widths,
        total=page.frame_width,
        font=w.font.name,
        size=page.base,
        max_height=page.height - page.margin_top - page.margin_bottom,
        **kwargs,
    )


_INFO_WIDTHS = (0.16, 0.34, 0.16, 0.34)
_CELL_PAD = 3.5 * 2  # grid()'s left and right padding


def _code_fits_beside(d: DocumentData, w: Writer) -> bool:
    """Whether the matter code fits, on one line, in a half-width cell at a readable size."""
    size = w.styles["cell"].fontSize * CODE_MIN_SCALE
    return w.font.width(d.matter_code, size) <= w.page.frame_width * _INFO_WIDTHS[1] - _CELL_PAD


def info_table(d: DocumentData, w: Writer, *, who: str = "申请人") -> Table:
    """Applicant and matter, four columns: label, value, label, value."""

    def lab(text: str) -> Paragraph:
        return w.para(text, "label", "表头 label")

    def val(text: str, where: str, note: str = "") -> Paragraph:
        return w.para(text or BLANK, "cell", where, note=note)

    rows: list[list[Any]] = []
    spans: list[tuple[int, int, int]] = []

    def wide(label: str, value: Any) -> None:
        rows.append([lab(label), value, "", ""])
        spans.append((len(rows) - 1, 1, 3))

    if who == "申请人" and d.organisation:
        who = "申请单位"
    rows.append(
        [
            lab(who),
            val(d.applicant_name, "申请人 applicant_name"),
            lab("证件号码"),
            val(d.applicant_id_masked, "证件号码 applicant_id_masked"),
        ]
    )
    if d.organisation and (d.legal_representative or d.contact_name):
        rows.append(
            [
                lab("法定代表人"),
                val(d.legal_representative, "法定代表人 legal_representative"),
                lab("联系人"),
                val(d.contact_name, "联系人 contact_name"),
            ]
        )
    phone = val(d.phone_masked, "联系电话 phone_masked")
    if d.agent_name:
        rows.append([lab("联系电话"), phone, lab("代理人"), val(d.agent_name, "代理人 agent_name")])
    else:
        wide("联系电话", phone)
    if d.bundle_name:
        wide("所属一件事", val(d.bundle_name, "一件事 bundle_name"))
    wide("事项名称", val(d.matter_name, "事项名称 matter_name"))
    department = val(d.department, "受理部门 department")
    if not d.matter_code:  # a bundle has no official code of its own: its name says what it is
        wide("受理部门", department)
    else:
        code = w.line(d.matter_code, 0.95, "事项编码 matter_code")  # one line: shrinks, never wraps
        if _code_fits_beside(d, w):
            rows.append([lab("事项编码"), code, lab("受理部门"), department])
        else:
            wide("事项编码", code)
            wide("受理部门", department)
    when = val(format_datetime(d.received_at), "受理时间")
    if d.kind is DocumentKind.RECEIPT:
        rows.append([lab("受理时间"), when, lab("受理窗口"), val(d.window, "受理窗口 window")])
        kind = "即办件" if d.on_the_spot else "承诺件" if d.promised_date else ""
        rows.append([lab("窗口人员"), val(d.clerk, "窗口人员 clerk"), lab("办件类型"), val(kind, "办件类型")])
        promise = promised(d)
        if d.completed:
            wide("办理结果", val("已办结（秒批：材料经核验，当场办结）", "办理结果"))
        elif promise is not None and not d.on_the_spot:
            wide("承诺办结日期", val(promise[0], "承诺办结日期", note=promise[1]))
    elif d.kind.accepted:
        case = val(d.case_number or "", "受理编号 case_number")
        rows.append([lab("受理编号"), case, lab("受理时间"), when])
        rows.append(
            [
                lab("受理窗口"),
                val(d.window, "受理窗口 window"),
                lab("窗口人员"),
                val(d.clerk, "窗口人员 clerk"),
            ]
        )
    else:
        notice = val(d.notice_number, "告知书编号 notice_number")
        rows.append([lab("告知书编号"), notice, lab("申请时间"), when])
        rows.append(
            [
                lab("受理窗口"),
                val(d.window, "受理窗口 window"),
                lab("窗口人员"),
                val(d.clerk, "窗口人员 clerk"),
            ]
        )
    spanned = {r for r, _, _ in spans}
    labels = [(c, r) for r in range(len(rows)) for c in ((0,) if r in spanned else (0, 2))]
    return table(w, rows, _INFO_WIDTHS, labels=labels, spans=spans)


def tracking(d: DocumentData, w: Writer, closing: str) -> list[Flowable]:
    """How to follow progress: the case number, the hall's instructions and the QR code."""
    lines: list[Any] = [w.para(f"受理编号：{d.case_number}", "strong", "受理编号 case_number")]
    if d.tracking_text:
        lines.append(w.para(d.tracking_text, "plain", "查询方式 tracking_text"))
    if closing:
        lines.append(w.para(closing, "small", "说明"))
    total = w.page.frame_width
    if not d.qr_payload:
        return [table(w, [[lines]], (1.0,), pad=w.page.base * 0.6)]
    code = QRCode(d.qr_payload, w.page.qr)  # a QR code, not text: any character can be encoded
    side = w.page.qr + w.page.base
    box = Table([[code, lines]], colWidths=[side, total - side], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), w.font.name, w.page.base),
                ("BOX", (0, 0), (-1, -1), 0.8, (0, 0, 0)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), w.page.base * 0.5),
                ("TOPPADDING", (0, 0), (-1, -1), w.page.base * 0.3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), w.page.base * 0.3),
            ]
        )
    )
    return [box]


def signatures(w: Writer, left: str, right: str = "") -> Flowable:
    """Signature lines with dates, side by side; filled in by hand."""
    total = w.page.frame_width
    blank = "　　　　年　　月　　日"
    sign = [w.line(left), "", "", w.line(right) if right else "", ""]
    dates = [
        w.line("日期："),
        w.line(blank),
        "",
        w.line("日期：") if right else "",
        w.line(blank) if right else "",
    ]
    size = w.page.base
    label = max(w.font.width(t, size) for t in (left, right, "日期：")) + size * 0.6
    label = min(label, total * 0.3)
    gap = total * 0.08
    line = (total - gap) / 2 - label
    box = Table(
        [sign, dates],
        colWidths=[label, line, gap, label, line],
        rowHeights=[w.page.base * 2.9, w.page.base * 2.1],
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), w.font.name, w.page.base),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, 0), 0.6, (0, 0, 0)),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    if right:
        commands.append(("LINEBELOW", (4, 0), (4, 0), 0.6, (0, 0, 0)))
    box.setStyle(TableStyle(commands))
    return box


def deferred_table(d: DocumentData, w: Writer) -> Table:
    heads = ("序号", "容缺材料", "补交方式", "补交期限")
    rows: list[list[Any]] = [[w.para(t, "label", "表头") for t in heads]]
    for i, line in enumerate(d.deferred, 1):
        note = UNVERIFIED_NOTE if line.deadline_unverified else ""
        rows.append(
            [
                w.para(str(i), "center"),
                w.para(line.name, "cell", "容缺材料 deferred.name"),
                w.para(line.how_to_supply or BLANK, "cell", "补交方式 deferred.how_to_supply"),
                w.para(format_date(line.deadline), "cell", "补交期限", note=note),
            ]
        )
    return table(w, rows, (0.07, 0.41, 0.24, 0.28), header=True)


def situations(d: DocumentData, w: Writer) -> list[Flowable]:
    """The situations (情形) asked at the counter and their answers, when the matter has any."""
    if not d.situations:
        return []
    text = "；".join(f"{question}{answer}" for question, answer in d.situations)
    return heading(w, "办理情形") + [w.para(text, "cell", "办理情形 situations")]


def sign_off(d: DocumentData, w: Writer, left: str, right: str = "") -> list[Flowable]:
    """The issuing hall, the date (and a stamp) on the right, then the signature lines (none for a letter
    that nobody signs for, e.g. a reminder sent by post)."""
    block = [
        Spacer(1, w.page.base * 0.8),
        w.para(f"{d.hall_name}（盖章）", "right", "服务大厅 hall_name"),
        w.para(format_date(d.issued_on or d.received_at), "right", "日期"),
    ]
    if left or right:
        block.append(signatures(w, left, right))
    return [KeepTogether(block)]
