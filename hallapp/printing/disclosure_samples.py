"""Sample disclosure letters for tests, previews and screenshots: every kind, and a reply for every Reply.

All names and numbers are invented. The dates follow one request through 2026's published holiday schedule:
received Monday 2 March, reply due 30 March (20 working days); a correction asked on 4 March for 15 working
days (due 25 March); an extension of 15 working days to 21 April (the Qingming holiday on 6 April skipped);
a third party asked on 10 March (15 working days, 31 March); a fee notice on 12 March (20 working days,
10 April); the reply on 27 March.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from hallapp.domain.disclosure import (
    RIGHTS,
    Delivery,
    InfoForm,
    ReceiptChannel,
    Reply,
    RequesterKind,
)
from hallapp.domain.disclosure_fees import FeeMode, basis_words, fee
from hallapp.printing.disclosure_model import DisclosureDocKind, DisclosureLetter

__all__ = ["REPLY_TEXTS", "all_samples", "sample_letter", "sample_reply"]

OFFICE = "深圳市坪山区政务服务中心"
NUMBER = "PSZW2026GK00012"
RIGHT_OFFICE = "深圳市坪山区住房和建设局"
THIRD_PARTY = "深圳市坪山区和美物业管理有限公司"
_SUFFIX = {
    DisclosureDocKind.RECEIPT: "回执",
    DisclosureDocKind.CORRECTION: "补正",
    DisclosureDocKind.EXTENSION: "延期",
    DisclosureDocKind.CONSULTATION: "征求",
    DisclosureDocKind.FEE: "收费",
    DisclosureDocKind.REPLY: "答复",
}
_ISSUED = {
    DisclosureDocKind.RECEIPT: date(2026, 3, 2),
    DisclosureDocKind.CORRECTION: date(2026, 3, 4),
    DisclosureDocKind.EXTENSION: date(2026, 3, 25),
    DisclosureDocKind.CONSULTATION: date(2026, 3, 10),
    DisclosureDocKind.FEE: date(2026, 3, 12),
    DisclosureDocKind.REPLY: date(2026, 3, 27),
}
FEE_PAGES = 160

REPLY_TEXTS: dict[Reply, str] = {
    Reply.ALREADY_PUBLIC: "该信息已于2025年6月18日在坪山区人民政府门户网站“政府信息公开—规划计划”栏目主动公开"
    "（网址：http://www.szpsq.gov.cn/xxgk/ghjh/），也可在本中心一楼政府信息公开查阅点免费查阅。",
    Reply.DISCLOSED: "以纸质复印件提供，共 12 页。请于2026年4月3日前凭本告知书和身份证件到本中心一楼 A 区 12 号窗口领取；"
    "也可来电申请邮寄。",
    Reply.PARTLY_DISCLOSED: "立项批复文件予以提供（纸质复印件 8 页，请到窗口领取）；资金安排表中施工企业的银行账户信息涉及第三方"
    "商业秘密，经书面征求意见，第三方不同意公开且理由合理，该部分不予公开。",
    Reply.WITHHELD_STATE_SECRET: "所申请的文件经依法定密为秘密级国家秘密，保密期限尚未届满。",
    Reply.WITHHELD_OTHER_LAW: "所申请信息属于《中华人民共和国统计法》规定应予保密的统计调查对象资料。",
    Reply.WITHHELD_SECURITY: "所申请信息为重点防护目标的安保部署方案，公开后可能危及公共安全。",
    Reply.WITHHELD_THIRD_PARTY: "所申请信息包含第三方的个人隐私，经书面征求意见，第三方不同意公开，且不公开不会对公共利益造成重大影响。",
    Reply.WITHHELD_INTERNAL: "所申请信息为本机关内部人事管理信息。",
    Reply.WITHHELD_PROCESS: "所申请信息为本机关在履行职责过程中形成的内部讨论记录和请示报告。",
    Reply.WITHHELD_ENFORCEMENT: "所申请信息属于行政执法案卷信息。",
    Reply.WITHHELD_ENQUIRY: "所申请信息属于工商、不动产登记资料等查询事项，请按有关规定办理查询。",
    Reply.UNAVAILABLE_NOT_HELD: "老旧小区改造项目的立项和资金安排由区住房和建设部门负责，本机关未制作、未获取该信息。",
    Reply.UNAVAILABLE_NEEDS_CREATING: "本机关没有现成的汇总统计信息，提供该信息需要对现有资料进行加工、分析。",
    Reply.UNAVAILABLE_UNCLEAR: "补正后的申请仍未能指明所需信息的名称、文号或者便于查询的其他特征性描述。",
    Reply.NOT_HANDLED_PETITION: "申请内容实为对物业管理问题的投诉，请通过信访或投诉渠道反映。",
    Reply.NOT_HANDLED_REPEATED: "本机关已于2026年2月10日就相同内容作出答复（登记编号 PSZW2026GK00003）。",
    Reply.NOT_HANDLED_PUBLICATION: "所申请信息已收录于公开出版的《坪山年鉴（2025）》，可通过图书馆或书店获取。",
    Reply.NOT_HANDLED_MASS: "申请人在一个月内就同类事项提出 46 件申请，明显超出合理范围，且未说明理由。",
    Reply.NOT_HANDLED_CONFIRMATION: "申请实为要求本机关确认已获取的文件内容，不属于政府信息公开申请。",
    Reply.OTHER_NO_CORRECTION: "本机关于2026年3月4日发出补正告知书，补正期限届满（2026年3月25日）未收到补正。",
    Reply.OTHER_FEE_UNPAID: "本机关于2026年3月12日发出收费通知书，缴费期限届满（2026年4月10日）未缴纳信息处理费。",
    Reply.OTHER: "申请人已于2026年3月20日书面撤回申请。",
}


def _common(organisation: bool) -> dict[str, Any]:
    person: dict[str, Any] = {
        "recipient": "陈堃",
        "applicant_name": "陈堃",
        "applicant_kind": RequesterKind.PERSON.label,
        "applicant_id_masked": "440310********1234",
    }
    if organisation:
        person = {
            "recipient": "深圳市坪山区明理律师事务所",
            "applicant_name": "深圳市坪山区明理律师事务所",
            "applicant_kind": RequesterKind.LEGAL_SERVICE.label,
            "applicant_id_masked": "31440300MD********",
            "contact_person": "欧阳珺",
        }
    return {
        **person,
        "office": OFFICE,
        "number": NUMBER,
        "phone_masked": "138****5678",
        "address": "深圳市坪山区坑梓街道秀新社区人民西路 18 号 3 栋 502",
        "email_masked": "ch***@example.com",
        "channel": ReceiptChannel.IN_PERSON.label,
        "received_on": date(2026, 3, 2),
        "description": "2025年坪山区老旧小区改造项目（坑梓街道秀新片区）的立项批复文件及资金安排情况",
        "document_number": "深坪发改〔2025〕88号",
        "purpose": "了解本人居住小区改造项目的资金来源",
        "forms": f"{InfoForm.PAPER.label}、{InfoForm.ELECTRONIC.label}",
        "delivery": Delivery.COLLECT.label,
        "window": "一楼 A 区 12 号窗口",
        "clerk": "张三",
        "deadline": date(2026, 3, 30),
        "audit_head": "0f3a9c1d7b2e4a60",
        "audit_count": 1234,
        "place": "深圳市坪山区坪山大道 2001 号 坪山区政务服务中心一楼 A 区",
        "phones": "0755-12345678（工作日 9:00—12:00，14:00—18:00）",
    }


def _per_kind(kind: DisclosureDocKind) -> dict[str, Any]:
    if kind is DisclosureDocKind.CORRECTION:
        return {
            "correction_items": (
                "请写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述（如制作机关、大致时间）；",
                "“资金安排情况”请说明所指的是预算安排、拨付记录还是结算审计结果；",
                "请补充有效的联系电话或通信地址，以便本机关送达答复。",
            ),
            "correction_days": 15,
            "correction_due": date(2026, 3, 25),
            "deadline": None,
        }
    if kind is DisclosureDocKind.EXTENSION:
        return {
            "original_deadline": date(2026, 3, 30),
            "extension_days": 15,
            "deadline": date(2026, 4, 21),
            "extension_reason": "所申请信息涉及多个年度的档案，需要调档检索和核对",
            "approved_by": "赵六",
        }
    if kind is DisclosureDocKind.CONSULTATION:
        return {
            "recipient": THIRD_PARTY,
            "consulted_party": THIRD_PARTY,
            "consultation_due": date(2026, 3, 31),
        }
    if kind is DisclosureDocKind.FEE:
        return {
            "fee_amount": fee(FeeMode.BY_PAGES, FEE_PAGES),
            "fee_basis": basis_words(FeeMode.BY_PAGES, FEE_PAGES)
            + "（30 页以内免费，第 31 至 100 页每页 10 元，第 101 至 200 页每页 20 元）",
            "fee_due": date(2026, 4, 10),
        }
    return {}


def sample_letter(
    kind: DisclosureDocKind, *, copy: bool = False, organisation: bool = False, **changes: Any
) -> DisclosureLetter:
    """A filled-in letter of ``kind`` as the document service would give it (a reply: ``sample_reply``)."""
    if kind is DisclosureDocKind.REPLY:
        return sample_reply(Reply.DISCLOSED, copy=copy, organisation=organisation, **changes)
    fields = {**_common(organisation), **_per_kind(kind)}
    letter = DisclosureLetter(
        kind=kind,
        title=kind.default_title,
        letter_number=f"坪政务公开〔2026〕第0012号-{_SUFFIX[kind]}",
        issued_on=_ISSUED[kind],
        copy=copy,
        **fields,
    )
    return replace(letter, **changes)


def sample_reply(
    reply: Reply, *, copy: bool = False, organisation: bool = False, **changes: Any
) -> DisclosureLetter:
    """A reply letter with ``reply``'s outcome, its label, ground, reason and the rights."""
    kind = DisclosureDocKind.REPLY
    letter = DisclosureLetter(
        kind=kind,
        title=reply.document_title,
        letter_number=f"坪政务公开〔2026〕第0012号-{_SUFFIX[kind]}",
        issued_on=_ISSUED[kind],
        copy=copy,
        reply=reply,
        reply_label=reply.label,
        reply_ground=reply.ground,
        reply_text=REPLY_TEXTS[reply],
        right_office=RIGHT_OFFICE if reply.names_office else "",
        rights=RIGHTS,
        approved_by="赵六",
        **_common(organisation),
    )
    return replace(letter, **changes)


def all_samples() -> dict[str, DisclosureLetter]:
    """Every kind (the reply as 予以公开) and a reply for every Reply, keyed e.g. "fee", "reply-withheld_internal"."""
    out = {kind.value: sample_letter(kind) for kind in DisclosureDocKind}
    out.update({f"reply-{reply.value}": sample_reply(reply) for reply in Reply})
    return out
