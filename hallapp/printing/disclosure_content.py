"""The body of each disclosure letter (依申请公开文书): what it says, in the order of an official letter.

Title, the letter's own number, the addressee, the body, and the office with the date at the bottom right;
the running header, copy mark and footer (with the audit seal) come from ``documents.build_pdf``. One
builder per kind; the reply's wording per outcome is in ``disclosure_reply_content``. The wording follows
the 政府信息公开条例 (2019): it speaks to a person as 你 and to an organisation as 你单位, and to a third
party as 你方.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from hallapp.domain.disclosure import (
    CORRECTION_NOTICE_DAYS,
    MAX_EXTENSION_DAYS,
    REPLY_DAYS,
    ReceiptChannel,
    RequesterKind,
)
from hallapp.printing.disclosure_model import DisclosureDocKind, DisclosureLetter
from hallapp.printing.layout import TextLine, Writer
from hallapp.printing.parts import BLANK, format_date, signatures, table

__all__ = ["BUILDERS", "build_letter_story", "is_person", "opening", "sign_off", "you"]

LAW = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
THIRD_PARTY_DAYS = 15
FEE_PAY_DAYS = 20


def is_person(d: DisclosureLetter) -> bool:
    """Whether the applicant is a natural person (an empty kind is read as one)."""
    return d.applicant_kind in ("", RequesterKind.PERSON.label)


def you(d: DisclosureLetter) -> str:
    """The office addressing the applicant: 你, or 你单位 for an organisation."""
    return "你" if is_person(d) else "你单位"


def _id_label(d: DisclosureLetter) -> str:
    return "身份证件号码" if is_person(d) else "统一社会信用代码"


def _day(day: date | None) -> str:
    return format_date(day) if day is not None else BLANK


def _deadline(d: DisclosureLetter, day: date | None) -> str:
    """A date in the body, followed by the tentative-deadline warning when the letter carries one."""
    note = f"（{d.deadline_note}）" if d.deadline_note and day is not None else ""
    return _day(day) + note


def head(d: DisclosureLetter, w: Writer, *, addressee: bool = True) -> list[Flowable]:
    """Title (bold, spaced, centred), the letter's number under it, then the addressee line."""
    base = w.page.base
    line = TextLine(w.check(d.title, "标题 title"), w.font, base * 2.0, "center", bold=True, spaced=True)
    story: list[Flowable] = [line, Spacer(1, base * 0.4)]
    if d.letter_number:
        story.append(w.para(d.letter_number, "center", "文书编号 letter_number"))
    story.append(Spacer(1, base * 1.2))
    if addressee and d.recipient:
        story.append(w.para(f"{d.recipient}：", "plain", "收件人 recipient"))
    return story


def sought(d: DisclosureLetter) -> str:
    """“the description”（文号：…） — what is asked for, as the body quotes it."""
    number = f"（文件名称或文号：{d.document_number}）" if d.document_number else ""
    return f"“{d.description}”{number}"


def opening(d: DisclosureLetter) -> str:
    """The sentence every letter to the applicant starts with: who asked, when, how and for what."""
    ident = f"（{_id_label(d)}：{d.applicant_id_masked}）" if d.applicant_id_masked else ""
    when = f"于{format_date(d.received_on)}" if d.received_on else ""
    how = f"通过{d.channel}方式" if d.channel else ""
    return (
        f"{you(d)}{ident}{when}{how}向本机关提出政府信息公开申请（登记编号：{d.number}），"
        f"申请获取{sought(d)}。"
    )


def sign_off(
    d: DisclosureLetter, w: Writer, closing: str = "特此告知。", lead: Sequence[Flowable] = ()
) -> list[Flowable]:
    """特此告知, then the office (where the seal goes) and the date at the bottom right, kept together with
    ``lead`` (the last short paragraphs), so that no page holds the seal alone."""
    block: list[Flowable] = list(lead)
    if closing:
        block.append(w.para(closing, "body", "结语"))
    block += [
        Spacer(1, w.page.base * 2.2),
        w.para(f"{d.office}（盖章）", "right", "机关 office"),
        w.para(format_date(d.issued_on), "right", "日期 issued_on"),
    ]
    return [KeepTogether(block)]


def _clauses(w: Writer, lines: list[str], where: str) -> list[Flowable]:
    return [w.para(f"{i}. {line}", "clause", where) for i, line in enumerate(lines, 1)]


def _receipt(d: DisclosureLetter, w: Writer) -> list[Flowable]:
    """申请登记回执: the registered facts, what was asked for and what happens next."""

    def lab(text: str) -> Any:
        return w.para(text, "label", "表头 label")

    def val(text: str, where: str) -> Any:
        return w.para(text or BLANK, "cell", where)

    rows: list[list[Any]] = []
    spans: list[tuple[int, int, int]] = []

    def pair(a: str, av: str, aw: str, b: str, bv: str, bw: str) -> None:
        rows.append([lab(a), val(av, aw), lab(b), val(bv, bw)])

    def wide(label: str, value: str, where: str) -> None:
        rows.append([lab(label), val(value, where), "", ""])
        spans.append((len(rows) - 1, 1, 3))

    who = "申请人" if is_person(d) else "申请单位"
    pair(who, d.applicant_name, "申请人 applicant_name", "申请人类型", d.applicant_kind, "申请人类型")
    pair(_id_label(d), d.applicant_id_masked, "证件号码", "联系人", d.contact_person, "联系人")
    pair("联系电话", d.phone_masked, "联系电话", "电子邮箱", d.email_masked, "电子邮箱")
    wide("通信地址", d.address, "通信地址 address")
    pair("申请方式", d.channel, "申请方式", "收到申请日期", _day(d.received_on), "收到申请日期")
    pair("登记编号", d.number, "登记编号", "答复期限", _deadline(d, d.deadline), "答复期限")
    wide("文件名称或文号", d.document_number, "文号 document_number")
    wide("所需信息的用途", d.purpose, "用途 purpose")
    pair("提供形式", d.forms, "提供形式 forms", "获取方式", d.delivery, "获取方式 delivery")
    pair("受理窗口", d.window, "受理窗口 window", "经办人", d.clerk, "经办人 clerk")
    spanned = {r for r, _, _ in spans}
    labels = [(c, r) for r in range(len(rows)) for c in ((0,) if r in spanned else (0, 2))]

    base = w.page.base
    story = head(d, w, addressee=False)  # a form, not a letter: no addressee line above it
    story.append(table(w, rows, (0.19, 0.31, 0.17, 0.33), labels=labels, spans=spans))
    story += [Spacer(1, base * 0.7), w.bold("所需政府信息的内容描述"), Spacer(1, base * 0.2)]
    story.append(w.para(d.description or BLANK, "body", "内容描述 description"))
    story += [CondPageBreak(base * 8), Spacer(1, base * 0.7), w.bold("告知事项"), Spacer(1, base * 0.2)]
    received = f"于{format_date(d.received_on)}" if d.received_on else ""
    story += _clauses(
        w,
        [
            (
                f"本机关已{received}收到{you(d)}的政府信息公开申请并予以登记，登记编号为{d.number}。"
                "请妥善保存本回执，可凭登记编号向本机关查询办理进度。"
            ),
            (
                f"本机关将自收到申请之日起{REPLY_DAYS}个工作日内予以答复，即在{_deadline(d, d.deadline)}前答复；"
                f"需要延长答复期限的，经政府信息公开工作机构负责人同意并书面告知，延长的期限最长不超过{MAX_EXTENSION_DAYS}个工作日。"
            ),
            (
                f"申请内容不明确的，本机关将自收到申请之日起{CORRECTION_NOTICE_DAYS}个工作日内一次性告知补正，"
                "答复期限自本机关收到补正后的申请之日起计算。"
            ),
            "本机关征求第三方或者其他机关意见所需的时间，以及自发出收费通知至缴纳费用的时间，不计算在答复期限内。",
        ],
        "告知事项",
    )
    in_person = d.channel == ReceiptChannel.IN_PERSON.label
    story += sign_off(d, w, closing="")
    if in_person:
        story.append(signatures(w, "申请人（签收）：", "经办人（签字）："))
    return story


def _correction(d: DisclosureLetter, w: Writer) -> list[Flowable]:
    """补正告知书: every item to correct, the period and its due date, the restart, the lapse."""
    y = you(d)
    due = _deadline(d, d.correction_due)
    period = (
        f"自收到本告知书之日起{d.correction_days}个工作日内，即在{due}前"
        if d.correction_days
        else f"于{due}前"
    )
    story = head(d, w)
    story.append(
        w.para(
            opening(d) + f"经审查，{y}的申请内容不够明确。根据{LAW}第三十条的规定，请{y}对申请作出如下补正：",
            "body",
            "正文",
        )
    )
    story += _clauses(w, list(d.correction_items), "补正事项 correction_items")
    lapse = w.para(
        f"{y}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。", "body", "逾期后果"
    )
    story += [
        Spacer(1, w.page.base * 0.3),
        w.para(
            f"请{y}{period}（含当日），"
            "将补正后的申请当面提交、邮寄或通过原申请渠道提交本机关。"
            "答复期限自本机关收到补正后的申请之日起重新计算。",
            "body",
            "补正期限",
        ),
    ]
    return story + sign_off(d, w, lead=[lapse])


def _extension(d: DisclosureLetter, w: Writer) -> list[Flowable]:
    """延期答复告知书: the original deadline, the days added, the new deadline, the reason, the approval."""
    approver = f"（审批人：{d.approved_by}）" if d.approved_by else ""
    reason = f"因{d.extension_reason}，" if d.extension_reason else ""
    story = head(d, w)
    story.append(
        w.para(
            opening(d) + f"{reason}本机关不能在{_day(d.original_deadline)}的答复期限内作出答复。"
            f"根据{LAW}第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意{approver}，"
            f"答复期限延长{d.extension_days}个工作日，由原定的{_day(d.original_deadline)}"
            f"延长至{_deadline(d, d.deadline)}。本机关将在延长后的期限内作出答复。",
            "body",
            "正文",
        )
    )
    return story + sign_off(d, w)


def _consultation(d: DisclosureLetter, w: Writer) -> list[Flowable]:
    """征求第三方意见书 (or 征求意见函 to another office): what is requested, the period, what silence means.

    The applicant is not named: the third party learns what is asked for, not who asked."""
    received = f"于{format_date(d.received_on)}" if d.received_on else ""
    story = head(d, w)
    due = f"（即{_day(d.consultation_due)}前）" if d.consultation_due else ""
    if d.consulted_office or "征求意见函" in d.title:  # the title alone says so too
        body = [
            (
                f"本机关{received}收到一份政府信息公开申请（登记编号：{d.number}），申请获取{sought(d)}。"
                f"该政府信息的公开涉及贵机关，根据{LAW}第三十四条的规定，现征求贵机关意见。"
            ),
            f"请贵机关自收到本函之日起{THIRD_PARTY_DAYS}个工作日内{due}书面提出意见；逾期未提出意见的，视为同意公开。",
        ]
        closing = "特此函达。"
        signer = "被征求意见机关（盖章）："
    else:
        body = [
            (
                f"本机关{received}收到一份政府信息公开申请（登记编号：{d.number}），申请获取{sought(d)}。"
                "经审查，该政府信息的公开可能损害你方的合法权益（如商业秘密、个人隐私）。"
                f"根据{LAW}第三十二条的规定，现书面征求你方意见。"
            ),
            (
                f"请你方自收到本意见书之日起{THIRD_PARTY_DAYS}个工作日内{due}提出书面意见：同意公开的，请予说明；"
                "不同意公开的，请说明理由并提供相关依据。"
            ),
            (
                f"你方逾期未提出意见的，由本机关依照{LAW}的规定决定是否公开。你方不同意公开且有合理理由的，本机关不予公开；"
                "本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知你方。"
            ),
        ]
        closing = "特此征求意见。"
        signer = "第三方（签字/盖章）："
    story += [w.para(text, "body", "正文") for text in body[:-1]]
    story += sign_off(d, w, closing=closing, lead=[w.para(body[-1], "body", "正文")])
    story += [
        Spacer(1, w.page.base),
        w.bold("意见回执"),
        w.para("□ 同意公开　　□ 不同意公开　　理由及依据：", "plain", "意见回执"),
        Spacer(1, w.page.base * 3),
        signatures(w, signer),
    ]
    return story


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿")


def amount_in_words(yuan: int) -> str:
    """An amount of whole yuan in capital numerals (大写), e.g. 1200 → 壹仟贰佰元整, 10005 → 壹万零伍元整."""
    if yuan <= 0:
        return "零元整"
    digits = str(yuan)
    out, zero = "", False
    for i, ch in enumerate(digits):
        pos = len(digits) - 1 - i
        if ch == "0":
            zero = True
        else:
            out += ("零" if zero else "") + _DIGITS[int(ch)] + _UNITS[pos % 4]
            zero = False
        if pos % 4 == 0 and pos > 0 and int(digits[max(0, i - 3) : i + 1]):
            out += _GROUPS[pos // 4]
    return out + "元整"


def _fee(d: DisclosureLetter, w: Writer) -> list[Flowable]:
    """收费通知书: the amount, how it was reckoned, 20 working days to pay, not paying ends the request."""
    y = you(d)
    story = head(d, w)
    story.append(
        w.para(
            opening(d) + f"经审查，{y}申请公开政府信息的数量、频次明显超过合理范围。根据{LAW}第四十二条和"
            f"{FEE_RULES}的规定，本机关决定收取信息处理费：",
            "body",
            "正文",
        )
    )
    rows = [
        [w.para("收费项目", "label"), w.para("信息处理费", "cell")],
        [w.para("计收方式", "label"), w.para(d.fee_basis or BLANK, "cell", "计收方式 fee_basis")],
        [
            w.para("应缴金额", "label"),
            w.para(f"人民币 {d.fee_amount} 元（大写：{amount_in_words(d.fee_amount)}）", "cell", "金额"),
        ],
        [w.para("缴费期限", "label"), w.para(_deadline(d, d.fee_due), "cell", "缴费期限 fee_due")],
    ]
    labels = [(0, r) for r in range(len(rows))]
    story += [Spacer(1, w.page.base * 0.3), table(w, rows, (0.2, 0.8), labels=labels)]
    where = f"（{d.window}）" if d.window else ""
    story += [
        Spacer(1, w.page.base * 0.5),
        w.para(
            f"请{y}自收到本通知之日起{FEE_PAY_DAYS}个工作日内，即在{_deadline(d, d.fee_due)}前（含当日）"
            f"缴纳上述费用，缴费方式可向本机关受理窗口{where}咨询。自本通知发出之日起至缴纳费用之日止的时间，"
            "不计算在答复期限内。",
            "body",
            "缴费说明",
        ),
    ]
    lapse = w.para(f"{y}逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。", "body", "逾期后果")
    return story + sign_off(d, w, lead=[lapse])


def _reply(d: DisclosureLetter, w: Writer) -> list[Flowable]:
    from hallapp.printing.disclosure_reply_content import reply_story

    return reply_story(d, w)


BUILDERS: dict[DisclosureDocKind, Callable[[DisclosureLetter, Writer], list[Flowable]]] = {
    DisclosureDocKind.RECEIPT: _receipt,
    DisclosureDocKind.CORRECTION: _correction,
    DisclosureDocKind.EXTENSION: _extension,
    DisclosureDocKind.CONSULTATION: _consultation,
    DisclosureDocKind.FEE: _fee,
    DisclosureDocKind.REPLY: _reply,
}


def build_letter_story(d: DisclosureLetter, w: Writer) -> list[Flowable]:
    """The flowables of ``d``'s body."""
    return BUILDERS[d.kind](d, w)
