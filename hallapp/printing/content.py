"""The body of each document, as a list of flowables: what it says and in which order.

One builder per kind; the pieces they share are in parts.py. Page furniture (running header, copy mark,
footer, page numbers) is in documents.py. The legal wording follows the hall's rules for 容缺受理 and
一次性告知 (see DOMAIN.md); it speaks to a person as 你 and to an organisation as 你单位.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from hallapp.printing.layout import Writer
from hallapp.printing.model import DocumentData, DocumentKind
from hallapp.printing.parts import (
    BLANK,
    UNVERIFIED_NOTE,
    deferred_table,
    format_date,
    format_datetime,
    heading,
    info_table,
    me,
    promised,
    sign_off,
    signatures,
    situations,
    table,
    title,
    tracking,
    you,
)

__all__ = ["UNVERIFIED_NOTE", "build_story", "format_date", "format_datetime"]


def _receipt(d: DocumentData, w: Writer) -> list[Flowable]:
    return _receipt_story(d, w, title(d, w) + [info_table(d, w)] + situations(d, w))


def _bundle_receipt(d: DocumentData, w: Writer) -> list[Flowable]:
    """一件事一次办: one receipt, every matter with its own case number and promised date."""
    story = title(d, w) + [info_table(d, w, who="申请人")] + situations(d, w)
    story += heading(w, "本件事办理的事项")
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
    story.append(table(w, rows, (0.07, 0.33, 0.24, 0.16, 0.20), header=True))
    return _receipt_story(d, w, story)


def _receipt_story(d: DocumentData, w: Writer, story: list[Flowable]) -> list[Flowable]:
    story += heading(w, "申请材料查验情况")
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
    story.append(table(w, rows, (0.07, 0.46, 0.17, 0.30), header=True))
    if d.completed:  # 秒批: the result is issued now; nobody is asked to come back for it
        closing = (
            f"本事项已于{format_date(d.received_at)}当场办结（秒批），办理结果已同时出具，无需再到窗口领取。"
            "请妥善保管本告知书。"
        )
        tail = heading(w, "办理结果查询")[1:]
    else:
        closing = "请妥善保管本回执，领取办理结果时请出示本回执及有效身份证件。"
        tail = heading(w, "办理进度查询")[1:]
    tail += tracking(d, w, closing)
    left = "申请人（签收）：" if d.completed else "申请人（签字）："
    tail += [Spacer(1, w.page.base * 0.6), signatures(w, left, "窗口人员（签字）：")]
    return story + [KeepTogether(tail)]


def _commitment(d: DocumentData, w: Writer) -> list[Flowable]:
    story = title(d, w) + [info_table(d, w, who="承诺人"), Spacer(1, w.page.base)]
    i = me(d)
    story.append(
        w.para(
            f"{i}申请办理上述事项，主要申请材料齐全、符合法定形式，下列非主要材料暂缺。"
            f"{i}自愿申请容缺受理，并郑重承诺："
        )
    )
    clauses = [
        "一、在下表所列补交期限内（含当日）补齐全部容缺材料，补交材料真实、合法、有效，并与已提交材料内容一致；",
        "二、知悉补齐全部容缺材料之前，不予出具办理结果（证照、批文等）；",
        f"三、逾期未补齐的，同意终止办理，视为撤回申请，由此产生的后果由{i}自行承担；",
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
    story += heading(w, "容缺材料及补交期限")
    story.append(deferred_table(d, w))
    right = "代理人（签字）：" if d.agent_name else ""
    signer = "承诺单位（盖章）：" if d.organisation else "承诺人（签字/盖章）："
    story += [Spacer(1, w.page.base * 0.5), KeepTogether([signatures(w, signer, right)])]
    return story


def _deferral_notice(d: DocumentData, w: Writer) -> list[Flowable]:
    story = title(d, w) + [info_table(d, w)] + situations(d, w) + [Spacer(1, w.page.base)]
    story.append(w.para(f"{d.applicant_name}：", "plain", "申请人 applicant_name"))
    story.append(
        w.para(
            f"{you(d)}于{format_date(d.received_at)}申请办理的“{d.matter_name}”事项，经审查，主要申请材料齐全、"
            f"符合法定形式，根据容缺受理有关规定，决定予以容缺受理（受理编号：{d.case_number}）。"
            "请在下列期限内（含当日）补齐以下材料：",
            "body",
            "事项名称 matter_name",
        )
    )
    story.append(Spacer(1, w.page.base * 0.5))
    story.append(deferred_table(d, w))
    story += heading(w, "注意事项")
    notes = [
        "1. 容缺材料可现场递交、邮寄或网上提交，以材料送达之日为补交日期；",
        "2. 补齐全部容缺材料后，方可出具办理结果（证照、批文等）；",
        (
            "3. 逾期未补齐的，将终止办理（视为撤回申请）并书面告知；因不可抗力不能按期补交的，"
            "请在期限届满前向受理窗口申请延期。"
        ),
    ]
    promise = promised(d)
    if promise is not None and not d.on_the_spot:
        notes[-1] = notes[-1][:-1] + "；"
    story += [w.para(n, "clause", "说明") for n in notes]
    if promise is not None and not d.on_the_spot:
        clause = f"4. 本事项承诺办结日期：{promise[0]}。"
        story.append(w.para(clause, "clause", "承诺办结日期", note=promise[1]))
    story += [Spacer(1, w.page.base * 0.6)]
    story += tracking(d, w, "")
    story += sign_off(d, w, "申请人（签收）：")
    return story


def _one_time_notice(d: DocumentData, w: Writer) -> list[Flowable]:
    story = title(d, w) + [info_table(d, w)] + situations(d, w) + [Spacer(1, w.page.base)]
    story.append(w.para(f"{d.applicant_name}：", "plain", "申请人 applicant_name"))
    story.append(
        w.para(
            f"{you(d)}于{format_date(d.received_at)}申请办理的“{d.matter_name}”事项，经审查，申请材料不齐全或者"
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
    story.append(table(w, rows, (0.07, 0.36, 0.57), header=True))
    story.append(Spacer(1, w.page.base * 0.6))
    story.append(
        w.para(
            "以上为需补齐、补正的全部内容。请按要求准备齐全后，再到窗口提交申请；"
            "窗口不再要求提交上述以外的其他材料。"
            f"再次申请时请出示本告知书（告知书编号：{d.notice_number}）。"
        )
    )
    story += _contact(d, w)
    story += sign_off(d, w, "申请人（签收）：", "窗口人员（签字）：")
    return story


def _contact(d: DocumentData, w: Writer) -> list[Flowable]:
    """Where and whom to ask: the hall and window, the place of the matter, the hall's address (unless the
    place says it already) and the phones — in one short paragraph, so the notice stays on one page."""
    window = d.window if d.window.endswith("窗口") else f"{d.window}号窗口"  # "08" or "12号窗口"
    parts = [f"受理单位：{d.hall_name}（{window}）" if d.window else f"受理单位：{d.hall_name}"]
    if d.place:
        parts.append(f"办理地点：{d.place}")
    if d.hall_address and _plain(d.hall_address) not in _plain(d.place):
        parts.append(f"大厅地址：{d.hall_address}")
    if d.phones:
        parts.append(f"咨询电话：{d.phones}")
    if d.hall_phone and _plain(d.hall_phone) not in _plain(d.phones):
        parts.append(f"大厅电话：{d.hall_phone}")
    return heading(w, "咨询与联系") + [w.para("；".join(parts) + "。", "plain", "联系方式")]


def _plain(text: str) -> str:
    """``text`` with full-width and half-width forms alike and no spaces, for comparing addresses."""
    return "".join(unicodedata.normalize("NFKC", text).split())


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
