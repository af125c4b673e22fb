"""The documents of following a deferred case: supplement receipt, reminder, extension notice,
termination, case history; and the window's daily close report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reportlab.platypus import Flowable, Spacer

from hallapp.printing.layout import Writer
from hallapp.printing.model import DocumentData, DocumentKind
from hallapp.printing.parts import (
    BLANK,
    deferred_table,
    format_date,
    heading,
    info_table,
    sign_off,
    table,
    title,
    tracking,
    you,
)


def _issued(d: DocumentData) -> date:
    return d.issued_on or d.received_at.date()


def _opening(d: DocumentData, w: Writer, text: str) -> list[Flowable]:
    return [
        Spacer(1, w.page.base),
        w.para(f"{d.applicant_name}：", "plain", "申请人 applicant_name"),
        w.para(text, "body", "正文"),
        Spacer(1, w.page.base * 0.5),
    ]


def _supplement_receipt(d: DocumentData, w: Writer) -> list[Flowable]:
    story = title(d, w) + [info_table(d, w)]
    story += heading(w, "本次补交的材料")
    rows: list[list[Any]] = [[w.para(t, "label", "表头") for t in ("序号", "材料名称", "补交情况", "说明")]]
    for i, m in enumerate(d.materials, 1):
        rows.append(
            [
                w.para(str(i), "center"),
                w.para(m.name, "cell", "材料名称"),
                w.para(m.outcome, "center", "补交情况"),
                w.para(m.detail or BLANK, "cell", "说明"),
            ]
        )
    story.append(table(w, rows, (0.07, 0.43, 0.20, 0.30), header=True))
    if d.deferred:
        story += heading(w, "仍需补交的材料")
        story.append(deferred_table(d, w))
    else:
        story.append(w.para("容缺材料已全部补齐，本件转入正常办理。", "body", "结论"))
    story += tracking(d, w, "")
    story += sign_off(d, w, "申请人（签收）：", "窗口人员（签字）：")
    return story


def _reminder(d: DocumentData, w: Writer) -> list[Flowable]:
    """催补通知: goes to the applicant, so it says only what they must do — never the hall's own note."""
    story = title(d, w) + [info_table(d, w)]
    story += _opening(
        d,
        w,
        (
            f"{you(d)}于{format_date(d.received_at)}申请办理的“{d.matter_name}”事项已予容缺受理"
            f"（受理编号：{d.case_number}），下列材料尚未补交。请在期限内（含当日）现场递交、邮寄或网上提交；"
            "逾期未补齐的，将终止办理（视为撤回申请）。因不可抗力不能按期补交的，请在期限届满前向受理窗口申请延期。"
        ),
    )
    story.append(deferred_table(d, w))
    story += [Spacer(1, w.page.base * 0.6)]
    story += tracking(d, w, "")
    story += sign_off(d, w, "", "")
    return story


def _extension_notice(d: DocumentData, w: Writer) -> list[Flowable]:
    """延期通知书: the supplement deadline was moved by a supervisor; the new deadline of each material."""
    assert d.extended_from is not None  # DocumentData.problem() insists
    new = max(line.deadline for line in d.deferred)
    reason = f"（延期理由：{d.note}）" if d.note else ""
    story = title(d, w) + [info_table(d, w)]
    story += _opening(
        d,
        w,
        (
            f"{you(d)}于{format_date(d.received_at)}申请办理的“{d.matter_name}”事项（受理编号：{d.case_number}）"
            f"系容缺受理。经审批，同意将下列容缺材料的补交期限由{format_date(d.extended_from)}"
            f"延长至{format_date(new)}{reason}。请在新的期限内（含当日）现场递交、邮寄或网上提交；"
            "逾期仍未补齐的，将终止办理（视为撤回申请）。"
        ),
    )
    story.append(deferred_table(d, w))
    story += [Spacer(1, w.page.base * 0.6)]
    story += tracking(d, w, "")
    story += sign_off(d, w, "申请人（签收）：", "窗口人员（签字）：")
    return story


def _termination(d: DocumentData, w: Writer) -> list[Flowable]:
    story = title(d, w) + [info_table(d, w)]
    story += _opening(
        d,
        w,
        (
            f"{you(d)}于{format_date(d.received_at)}申请办理的“{d.matter_name}”事项（受理编号：{d.case_number}）"
            f"系容缺受理。{you(d)}承诺补交的下列材料逾期未补齐，根据容缺受理承诺及有关规定，本机关决定终止办理该事项，"
            "视为撤回申请。如仍需办理，可备齐全部材料后重新申请。"
        ),
    )
    story.append(deferred_table(d, w))
    if d.note:
        story.append(w.para(f"说明：{d.note}", "body", "说明 note"))
    story += sign_off(d, w, "申请人（签收）：", "窗口人员（签字）：")
    return story


def _history(d: DocumentData, w: Writer) -> list[Flowable]:
    story = title(d, w) + [info_table(d, w)]
    story += heading(w, "办理记录")
    rows: list[list[Any]] = [[w.para(t, "label", "表头") for t in ("时间", "人员", "操作", "说明")]]
    for line in d.history:
        rows.append(
            [
                w.para(f"{line.at:%Y-%m-%d %H:%M}", "cell", "时间"),
                w.para(line.actor, "cell", "人员"),
                w.para(line.action, "cell", "操作"),
                w.para(line.detail or BLANK, "cell", "说明"),
            ]
        )
    story.append(table(w, rows, (0.22, 0.16, 0.20, 0.42), header=True))
    story.append(w.para(f"打印日期：{format_date(_issued(d))}", "right", "打印日期"))
    return story


DAY_WIDTHS = (0.12, 0.24, 0.46, 0.18)


def _daily_close(d: DocumentData, w: Writer) -> list[Flowable]:
    """The window's day: every case received (time, number, matter, applicant, result), the bundles, the
    follow-up work (supplements, extensions, reminders …) and the counts, closed with the audit chain's
    head and count so that a later rewrite or truncation of the trail shows."""
    story = title(d, w)
    facts = [
        [w.para(t, "label", "表头") for t in ("日期", "窗口", "制表人", "办件数")],
        [
            w.para(format_date(_issued(d)), "cell", "日期"),
            w.para(d.window, "cell", "窗口"),
            w.para(d.clerk, "cell", "制表人"),  # who printed the report; each line names its own 经办
            w.para(str(len(d.history)), "cell", "办件数"),
        ],
    ]
    story.append(table(w, facts, (0.25, 0.25, 0.25, 0.25), header=True))
    story += heading(w, "当日办件")
    rows: list[list[Any]] = [[w.para(t, "label", "表头") for t in ("时间", "编号", "事项 / 申请人", "结果")]]
    for line in d.history:
        rows.append(
            [
                w.para(f"{line.at:%H:%M}", "cell", "时间"),
                w.para(line.actor, "cell", "编号"),
                w.para(line.detail, "cell", "事项"),
                w.para(line.action, "cell", "结果"),
            ]
        )
    if not d.history:
        rows.append(["", w.para("（当日无办件）", "cell"), "", ""])
    story.append(table(w, rows, DAY_WIDTHS, header=True))
    if d.note:
        story.append(w.para(d.note, "body", "合计 note"))
    for section in d.day_sections:
        story += heading(w, section.heading)
        cells: list[list[Any]] = [[w.para(t, "label", "表头") for t in section.columns]]
        for entry in section.lines:
            cells.append(  # a line of its own for each part of a value ("\n"): numbers are never cut
                [
                    [w.para(part or BLANK, "cell", section.heading) for part in (value or BLANK).split("\n")]
                    for value in entry
                ]
            )
        if not section.lines:
            cells.append(["", w.para("（无）", "cell"), "", ""])
        story.append(table(w, cells, DAY_WIDTHS, header=True))
    story += heading(w, "审计链")
    count = f"，共 {d.audit_count} 条记录" if d.audit_count else ""
    story.append(w.para(f"审计链头 {d.audit_head}{count}", "strong", "审计链头"))
    story.append(
        w.para(
            "请妥善保存本报表。审计管理员可凭上述链头和记录数核对：截至日结时的办件和操作记录此后未被改动或删除。",
            "plain",
            "审计说明",
        )
    )
    story += sign_off(d, w, "窗口人员（签字）：", "科室负责人（签字）：")
    return story


BUILDERS: dict[DocumentKind, Callable[[DocumentData, Writer], list[Flowable]]] = {
    DocumentKind.SUPPLEMENT_RECEIPT: _supplement_receipt,
    DocumentKind.REMINDER: _reminder,
    DocumentKind.EXTENSION_NOTICE: _extension_notice,
    DocumentKind.TERMINATION: _termination,
    DocumentKind.CASE_HISTORY: _history,
    DocumentKind.DAILY_CLOSE: _daily_close,
}
