"""The body of each document, as a list of flowables: what it says and in which order.

One builder per kind. Page furniture (running header, copy mark, footer, page numbers) is in documents.py.
The legal wording follows the hall's rules for 容缺受理 and 一次性告知 (see DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from hallapp.printing.layout import QRCode, TextLine, Writer, grid
from hallapp.printing.model import DocumentData, DocumentKind

__all__ = ["UNVERIFIED_NOTE", "build_story", "format_date", "format_datetime"]

UNVERIFIED_NOTE = "※ 该年度节假日安排尚未发布，日期待核实"
BLANK = "—"


def format_date(day: date) -> str:
    """2026年3月2日."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_datetime(moment: datetime) -> str:
    """2026年3月2日 09:05."""
    return f"{format_date(moment)} {moment:%H:%M}"


def _title(d: DocumentData, w: Writer) -> list[Flowable]:
    text = w.check(d.kind.title, "标题 title")
    title = TextLine(text, w.font, w.page.base * 2.1, "center", bold=True, spaced=True)
    return [title, Spacer(1, w.page.base * 0.9)]


def _heading(w: Writer, text: str) -> list[Flowable]:
    base = w.page.base
    return [CondPageBreak(base * 8), Spacer(1, base * 0.7), w.bold(text), Spacer(1, base * 0.3)]


def _promised(d: DocumentData) -> tuple[str, str] | None:
    """The promised-completion text and its ※ flag ("" when verified), or None when nothing was promised."""
    if d.on_the_spot:
        return "即办件（当场办结）", ""
    if d.promised_date is None:
        return None
    days = f"（{d.promised_days} 个工作日）" if d.promised_days else ""
    return format_date(d.promised_date) + days, UNVERIFIED_NOTE if d.promised_unverified else ""


def _info_table(d: DocumentData, w: Writer, *, who: str = "申请人") -> Table:
    """Applicant and matter, four columns: label, value, label, value."""

    def lab(text: str) -> Paragraph:
        return w.para(text, "label", "表头 label")

    def val(text: str, where: str, note: str = "") -> Paragraph:
        return w.para(text or BLANK, "cell", where, note=note)

    rows: list[list[Any]] = [
        [
            lab(who),
            val(d.applicant_name, "申请人 applicant_name"),
            lab("证件号码"),
            val(d.applicant_id_masked, "证件号码 applicant_id_masked"),
        ],
    ]
    spans: list[tuple[int, int, int]] = []
    if d.agent_name:
        rows.append(
            [
                lab("联系电话"),
                val(d.phone_masked, "联系电话 phone_masked"),
                lab("代理人"),
                val(d.agent_name, "代理人 agent_name"),
            ]
        )
    else:
        rows.append([lab("联系电话"), val(d.phone_masked, "联系电话 phone_masked"), "", ""])
        spans.append((len(rows) - 1, 1, 3))
    rows.append([lab("事项名称"), val(d.matter_name, "事项名称 matter_name"), "", ""])
    spans.append((len(rows) - 1, 1, 3))
    rows.append(
        [
            lab("事项编码"),
            val(d.matter_code, "事项编码 matter_code"),
            lab("受理部门"),
            val(d.department, "受理部门 department"),
        ]
    )
    when = val(format_datetime(d.received_at), "受理时间")
    if d.kind is DocumentKind.RECEIPT:
        rows.append([lab("受理时间"), when, lab("受理窗口"), val(d.window, "受理窗口 window")])
        promised = _promised(d)
        kind = "即办件" if d.on_the_spot else "承诺件" if d.promised_date else ""
        rows.append([lab("窗口人员"), val(d.clerk, "窗口人员 clerk"), lab("办件类型"), val(kind, "办件类型")])
        if d.completed:
            rows.append([lab("办理结果"), val("已办结（秒批：材料经核验，当场办结）", "办理结果"), "", ""])
            spans.append((len(rows) - 1, 1, 3))
        elif promised is not None and not d.on_the_spot:
            rows.append([lab("承诺办结日期"), val(promised[0], "承诺办结日期", note=promised[1]), "", ""])
            spans.append((len(rows) - 1, 1, 3))
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
        rows.append([lab("申请时间"), when, lab("受理窗口"), val(d.window, "受理窗口 window")])
        rows.append([lab("窗口人员"), val(d.clerk, "窗口人员 clerk"), "", ""])
        spans.append((len(rows) - 1, 1, 3))
    spanned = {r for r, _, _ in spans}
    labels = [(c, r) for r in range(len(rows)) for c in ((0,) if r in spanned else (0, 2))]
    return _grid(w, rows, (0.16, 0.34, 0.16, 0.34), labels=labels, spans=spans)


def _grid(w: Writer, rows: list[list[Any]], widths: tuple[float, ...], **kwargs: Any) -> Table:
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


def _tracking(d: DocumentData, w: Writer, closing: str) -> list[Flowable]:
    """How to follow progress: the case number, the hall's instructions and the QR code."""
    lines: list[Any] = [w.para(f"受理编号：{d.case_number}", "strong", "受理编号 case_number")]
    if d.tracking_text:
        lines.append(w.para(d.tracking_text, "plain", "查询方式 tracking_text"))
    if closing:
        lines.append(w.para(closing, "small", "说明"))
    total = w.page.frame_width
    if not d.qr_payload:
        return [_grid(w, [[lines]], (1.0,), pad=w.page.base * 0.6)]
    code = QRCode(d.qr_payload, w.page.qr)  # a QR code, not text: any character can be encoded
    side = w.page.qr + w.page.base
    table = Table([[code, lines]], colWidths=[side, total - side], hAlign="LEFT")
    table.setStyle(
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
    return [table]


def _signatures(w: Writer, left: str, right: str = "") -> Flowable:
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
    table = Table(
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
    table.setStyle(TableStyle(commands))
    return table


def _deferred_table(d: DocumentData, w: Writer) -> Table:
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
    return _grid(w, rows, (0.07, 0.41, 0.24, 0.28), header=True)


def _situations(d: DocumentData, w: Writer) -> list[Flowable]:
    """The situations (情形) asked at the counter and their answers, when the matter has any."""
    if not d.situations:
        return []
    text = "；".join(f"{question}{answer}" for question, answer in d.situations)
    return _heading(w, "办理情形") + [w.para(text, "cell", "办理情形 situations")]


def _receipt(d: DocumentData, w: Writer) -> list[Flowable]:
    return _receipt_story(d, w, _title(d, w) + [_info_table(d, w)] + _situations(d, w))


def _bundle_receipt(d: DocumentData, w: Writer) -> list[Flowable]:
    """一件事一次办: one receipt, every matter with its own case number and promised date."""
    story = _title(d, w) + [_info_table(d, w, who="申请人")] + _situations(d, w)
    story += _heading(w, "本件事办理的事项")
    rows: list[list[Any]] = [
        [w.para(t, "label", "表头") for t in ("序号", "事项", "受理编号", "结果", "承诺办结")]
    ]
    for i, line in enumerate(d.bundle_lines, 1):
        rows.append(
            [
                w.para(str(i), "center"),
                w.para(line.matter_name, "cell", "事项 bundle_lines"),
                w.para(line.number, "cell", "编号 bundle_lines"),
                w.para(line.outcome, "center", "结果"),
                w.para(line.promised or BLANK, "cell", "承诺办结"),
            ]
        )
    story.append(_grid(w, rows, (0.07, 0.33, 0.24, 0.16, 0.20), header=True))
    return _receipt_story(d, w, story)


def _receipt_story(d: DocumentData, w: Writer, story: list[Flowable]) -> list[Flowable]:
    story += _heading(w, "申请材料查验情况")
    rows: list[list[Any]] = [[w.para(t, "label", "表头") for t in ("序号", "材料名称", "查验情况", "说明")]]
    for i, m in enumerate(d.materials, 1):
        rows.append(
            [
                w.para(str(i), "center"),
                w.para(m.name, "cell", "材料名称 materials.name"),
                w.para(m.outcome, "center", "查验情况 materials.outcome"),
                w.para(m.detail, "cell", "说明 materials.detail"),
            ]
        )
    if not d.materials:
        rows.append(["", w.para("（本事项无需提交纸质材料）", "cell"), "", ""])
    story.append(_grid(w, rows, (0.07, 0.46, 0.17, 0.30), header=True))
    tail = _heading(w, "办理进度查询")[1:]
    tail += _tracking(d, w, "请妥善保管本回执，领取办理结果时请出示本回执及有效身份证件。")
    tail += [Spacer(1, w.page.base * 0.6), _signatures(w, "申请人（签字）：", "窗口人员（签字）：")]
    return story + [KeepTogether(tail)]


def _commitment(d: DocumentData, w: Writer) -> list[Flowable]:
    story = _title(d, w) + [_info_table(d, w, who="承诺人"), Spacer(1, w.page.base)]
    story.append(
        w.para(
            "本人（单位）申请办理上述事项，主要申请材料齐全、符合法定形式，下列非主要材料暂缺。"
            "本人（单位）自愿申请容缺受理，并郑重承诺："
        )
    )
    clauses = [
        "一、在下表所列补交期限内（含当日）补齐全部容缺材料，补交材料真实、合法、有效，并与已提交材料内容一致；",
        "二、知悉补齐全部容缺材料之前，不予出具办理结果（证照、批文等）；",
        "三、逾期未补齐的，同意终止办理，视为撤回申请，由此产生的后果由本人（单位）自行承担；",
        (
            "四、对所作承诺及所提交材料的真实性负责，如有虚假承诺或未履行承诺，愿意承担相应责任，"
            "并同意将有关情况记入信用记录。"
        ),
    ]
    if d.agent_name:
        clauses.append(
            f"五、本承诺书由代理人{d.agent_name}经申请人书面授权（授权委托书已提交）代为签署，申请人对上述承诺承担责任。"
        )
    clauses = [c[:-1] + "；" for c in clauses[:-1]] + [clauses[-1][:-1] + "。"]
    story += [w.para(c, "clause", "代理人 agent_name") for c in clauses]
    story += _heading(w, "容缺材料及补交期限")
    story.append(_deferred_table(d, w))
    right = "代理人（签字）：" if d.agent_name else ""
    story += [Spacer(1, w.page.base * 0.5), KeepTogether([_signatures(w, "承诺人（签字/盖章）：", right)])]
    return story


def _deferral_notice(d: DocumentData, w: Writer) -> list[Flowable]:
    story = _title(d, w) + [_info_table(d, w)] + _situations(d, w) + [Spacer(1, w.page.base)]
    story.append(w.para(f"{d.applicant_name}：", "plain", "申请人 applicant_name"))
    story.append(
        w.para(
            f"你（单位）于{format_date(d.received_at)}申请办理的“{d.matter_name}”事项，经审查，主要申请材料齐全、"
            f"符合法定形式，根据容缺受理有关规定，决定予以容缺受理（受理编号：{d.case_number}）。"
            "请在下列期限内（含当日）补齐以下材料：",
            "body",
            "事项名称 matter_name",
        )
    )
    story.append(Spacer(1, w.page.base * 0.5))
    story.append(_deferred_table(d, w))
    story += _heading(w, "注意事项")
    notes = [
        "1. 容缺材料可现场递交、邮寄或网上提交，以材料送达之日为补交日期；",
        "2. 补齐全部容缺材料后，方可出具办理结果（证照、批文等）；",
        (
            "3. 逾期未补齐的，将终止办理（视为撤回申请）并书面告知；因不可抗力不能按期补交的，"
            "请在期限届满前向受理窗口申请延期。"
        ),
    ]
    promised = _promised(d)
    if promised is not None and not d.on_the_spot:
        notes[-1] = notes[-1][:-1] + "；"
    story += [w.para(n, "clause", "说明") for n in notes]
    if promised is not None and not d.on_the_spot:
        clause = f"4. 本事项承诺办结日期：{promised[0]}。"
        story.append(w.para(clause, "clause", "承诺办结日期", note=promised[1]))
    story += [Spacer(1, w.page.base * 0.6)]
    story += _tracking(d, w, "")
    story += _sign_off(d, w, "申请人（签收）：")
    return story


def _one_time_notice(d: DocumentData, w: Writer) -> list[Flowable]:
    story = _title(d, w) + [_info_table(d, w)] + _situations(d, w) + [Spacer(1, w.page.base)]
    story.append(w.para(f"{d.applicant_name}：", "plain", "申请人 applicant_name"))
    story.append(
        w.para(
            f"你（单位）于{format_date(d.received_at)}申请办理的“{d.matter_name}”事项，经审查，申请材料不齐全或者"
            "不符合法定形式，暂不予受理。现将需要补齐、补正的全部材料一次性告知如下：",
            "body",
            "事项名称 matter_name",
        )
    )
    story.append(Spacer(1, w.page.base * 0.5))
    rows: list[list[Any]] = [[w.para(t, "label", "表头") for t in ("序号", "材料名称", "需提交的材料及要求")]]
    for i, m in enumerate(d.missing, 1):
        rows.append(
            [
                w.para(str(i), "center"),
                w.para(m.name, "cell", "材料名称 missing.name"),
                w.para(m.requirement, "cell", "要求 missing.requirement"),
            ]
        )
    story.append(_grid(w, rows, (0.07, 0.36, 0.57), header=True))
    story.append(Spacer(1, w.page.base * 0.6))
    story.append(
        w.para(
            "以上为需补齐、补正的全部内容。请按要求准备齐全后，再到窗口提交申请；"
            "窗口不再要求提交上述以外的其他材料。"
        )
    )
    story += _sign_off(d, w, "申请人（签收）：", "窗口人员（签字）：")
    return story


def _sign_off(d: DocumentData, w: Writer, left: str, right: str = "") -> list[Flowable]:
    """The issuing hall, the date (and a stamp) on the right, then the signature lines."""
    block = [
        Spacer(1, w.page.base * 0.8),
        w.para(f"{d.hall_name}（盖章）", "right", "服务大厅 hall_name"),
        w.para(format_date(d.issued_on or d.received_at), "right", "日期"),
        _signatures(w, left, right),
    ]
    return [KeepTogether(block)]


_BUILDERS: dict[DocumentKind, Callable[[DocumentData, Writer], list[Flowable]]] = {
    DocumentKind.RECEIPT: _receipt,
    DocumentKind.DEFERRAL_COMMITMENT: _commitment,
    DocumentKind.DEFERRAL_NOTICE: _deferral_notice,
    DocumentKind.ONE_TIME_NOTICE: _one_time_notice,
    DocumentKind.BUNDLE_RECEIPT: _bundle_receipt,
}


def build_story(data: DocumentData, writer: Writer) -> list[Flowable]:
    """The flowables of ``data``'s document, every text checked by ``writer``."""
    if data.kind not in _BUILDERS:
        from hallapp.printing.followup_content import BUILDERS  # the follow-up documents of deferred cases

        _BUILDERS.update(BUILDERS)
    return _BUILDERS[data.kind](data, writer)
