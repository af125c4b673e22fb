"""Disclosure on request (依申请公开): the words of the procedure, from receipt to reply.

A person or an organisation asks an office for government information it holds. The office receives the
request (接收), registers it (登记), may ask once for a correction (补正), prepares and approves a reply
(审核), replies (答复) and keeps everything (存档). The rules are those of the 政府信息公开条例 (2019) and
the national guidance; the clock that runs over them is ``disclosure_clock``, the fees ``disclosure_fees``
and the state of one request ``disclosure_request``.

This module only names things: channels, kinds of applicant, forms, replies and their grounds, as the
register stores them (the English value) and as the documents print them (the Chinese label).
"""

from __future__ import annotations

from enum import StrEnum


class ReceiptChannel(StrEnum):
    """How a request reached the office (申请方式). The channel decides which day counts as received
    (条例第三十一条)."""

    IN_PERSON = "in_person"  # 当面提交: the day it is handed in
    POST_REGISTERED = "post_registered"  # 邮政挂号、快递: the day it is signed for
    POST_ORDINARY = "post_ordinary"  # 平常信函: the day receipt is confirmed with the applicant
    ONLINE = "online"  # 互联网渠道: the day the system receives it
    EMAIL = "email"  # 电子邮件: the day the system receives it
    FAX = "fax"  # 传真: the day both sides confirm it

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]

    @property
    def needs_confirmation(self) -> bool:
        """True when the received day is a confirmation day, not the day the paper arrived."""
        return self in (ReceiptChannel.POST_ORDINARY, ReceiptChannel.FAX)

    @property
    def may_be_refused(self) -> bool:
        """Whether the office may decline to take the request in at all. A request handed in or posted
        may never be refused (不得拒收); only an electronic message that is not a request can be."""
        return self not in (
            ReceiptChannel.IN_PERSON,
            ReceiptChannel.POST_REGISTERED,
            ReceiptChannel.POST_ORDINARY,
        )

    @property
    def arrival_label(self) -> str:
        """What the day of arrival is called for this channel, as the registration form asks for it."""
        return _ARRIVAL_LABELS[self]


_CHANNEL_LABELS = {
    ReceiptChannel.IN_PERSON: "当面提交",
    ReceiptChannel.POST_REGISTERED: "邮政挂号/快递",
    ReceiptChannel.POST_ORDINARY: "平常信函",
    ReceiptChannel.ONLINE: "网上申请",
    ReceiptChannel.EMAIL: "电子邮件",
    ReceiptChannel.FAX: "传真",
}

_ARRIVAL_LABELS = {
    ReceiptChannel.IN_PERSON: "提交日期",
    ReceiptChannel.POST_REGISTERED: "签收日期",
    ReceiptChannel.POST_ORDINARY: "收信日期",
    ReceiptChannel.ONLINE: "系统收到日期",
    ReceiptChannel.EMAIL: "系统收到日期",
    ReceiptChannel.FAX: "收到传真日期",
}


class RequesterKind(StrEnum):
    """Who asks (申请人类型), as the annual report's columns count them."""

    PERSON = "person"  # 自然人
    COMMERCIAL = "commercial"  # 商业企业
    RESEARCH = "research"  # 科研机构
    PUBLIC_WELFARE = "public_welfare"  # 社会公益组织
    LEGAL_SERVICE = "legal_service"  # 法律服务机构
    OTHER_ORG = "other_org"  # 其他（法人或其他组织）

    @property
    def label(self) -> str:
        return _REQUESTER_LABELS[self]

    @property
    def is_person(self) -> bool:
        return self is RequesterKind.PERSON


_REQUESTER_LABELS = {
    RequesterKind.PERSON: "自然人",
    RequesterKind.COMMERCIAL: "商业企业",
    RequesterKind.RESEARCH: "科研机构",
    RequesterKind.PUBLIC_WELFARE: "社会公益组织",
    RequesterKind.LEGAL_SERVICE: "法律服务机构",
    RequesterKind.OTHER_ORG: "其他组织",
}

ORGANISATION_KINDS = tuple(k for k in RequesterKind if k is not RequesterKind.PERSON)


class InfoForm(StrEnum):
    """The form the applicant wants the information in (信息的提供形式)."""

    PAPER = "paper"  # 纸质
    ELECTRONIC = "electronic"  # 电子文档
    OTHER = "other"  # 其他

    @property
    def label(self) -> str:
        return {"paper": "纸质", "electronic": "电子文档", "other": "其他"}[self.value]


class Delivery(StrEnum):
    """How the applicant gets it (获取方式)."""

    COLLECT = "collect"  # 自行领取/当场阅读
    POST = "post"  # 邮寄
    EMAIL = "email"  # 电子邮件
    FAX = "fax"  # 传真

    @property
    def label(self) -> str:
        return {"collect": "自行领取", "post": "邮寄", "email": "电子邮件", "fax": "传真"}[self.value]


class ReplyGroup(StrEnum):
    """The six groups of the annual report's 三、本年度办理结果."""

    DISCLOSED = "disclosed"  # (一) 予以公开
    PARTLY = "partly"  # (二) 部分公开
    WITHHELD = "withheld"  # (三) 不予公开
    UNAVAILABLE = "unavailable"  # (四) 无法提供
    NOT_HANDLED = "not_handled"  # (五) 不予处理
    OTHER = "other"  # (六) 其他处理

    @property
    def label(self) -> str:
        return _GROUP_LABELS[self]


_GROUP_LABELS = {
    ReplyGroup.DISCLOSED: "予以公开",
    ReplyGroup.PARTLY: "部分公开",
    ReplyGroup.WITHHELD: "不予公开",
    ReplyGroup.UNAVAILABLE: "无法提供",
    ReplyGroup.NOT_HANDLED: "不予处理",
    ReplyGroup.OTHER: "其他处理",
}


class Reply(StrEnum):
    """The reply (答复) that closes a request: its group, its wording and its legal ground."""

    ALREADY_PUBLIC = "already_public"
    DISCLOSED = "disclosed"
    PARTLY_DISCLOSED = "partly_disclosed"
    WITHHELD_STATE_SECRET = "withheld_state_secret"
    WITHHELD_OTHER_LAW = "withheld_other_law"
    WITHHELD_SECURITY = "withheld_security"
    WITHHELD_THIRD_PARTY = "withheld_third_party"
    WITHHELD_INTERNAL = "withheld_internal"
    WITHHELD_PROCESS = "withheld_process"
    WITHHELD_ENFORCEMENT = "withheld_enforcement"
    WITHHELD_ENQUIRY = "withheld_enquiry"
    UNAVAILABLE_NOT_HELD = "unavailable_not_held"
    UNAVAILABLE_NEEDS_CREATING = "unavailable_needs_creating"
    UNAVAILABLE_UNCLEAR = "unavailable_unclear"
    NOT_HANDLED_PETITION = "not_handled_petition"
    NOT_HANDLED_REPEATED = "not_handled_repeated"
    NOT_HANDLED_PUBLICATION = "not_handled_publication"
    NOT_HANDLED_MASS = "not_handled_mass"
    NOT_HANDLED_CONFIRMATION = "not_handled_confirmation"
    OTHER_NO_CORRECTION = "other_no_correction"
    OTHER_FEE_UNPAID = "other_fee_unpaid"
    OTHER = "other"

    @property
    def group(self) -> ReplyGroup:
        return _REPLIES[self][0]

    @property
    def label(self) -> str:
        """The reply as the register and the annual report's row name it, e.g. 属于国家秘密."""
        return _REPLIES[self][1]

    @property
    def ground(self) -> str:
        """The legal ground the reply document cites (条例 article), "" where none is cited."""
        return _REPLIES[self][2]

    @property
    def document_title(self) -> str:
        """The reply document's title, e.g. 政府信息不予公开告知书."""
        return _GROUP_TITLES[self.group] if self is not Reply.ALREADY_PUBLIC else "政府信息公开申请答复书"

    @property
    def names_office(self) -> bool:
        """True when the reply should name the office that does hold the information (where known)."""
        return self is Reply.UNAVAILABLE_NOT_HELD

    @property
    def text_label(self) -> str:
        """What the clerk writes for this reply: where to find it, how it is provided, or the reason."""
        if self is Reply.ALREADY_PUBLIC:
            return "获取途径（已主动公开的位置）"
        if self is Reply.DISCLOSED:
            return "提供方式（或获取的方式、途径和时间）"
        if self is Reply.PARTLY_DISCLOSED:
            return "公开部分的提供方式，及不予公开部分的理由"
        return "理由"


_GROUP_TITLES = {
    ReplyGroup.DISCLOSED: "政府信息公开告知书",
    ReplyGroup.PARTLY: "政府信息部分公开告知书",
    ReplyGroup.WITHHELD: "政府信息不予公开告知书",
    ReplyGroup.UNAVAILABLE: "政府信息无法提供告知书",
    ReplyGroup.NOT_HANDLED: "政府信息公开申请不予处理告知书",
    ReplyGroup.OTHER: "政府信息公开申请处理告知书",
}

_T14 = "《中华人民共和国政府信息公开条例》第十四条"
_T16_1 = "《中华人民共和国政府信息公开条例》第十六条第一款"
_T16_2 = "《中华人民共和国政府信息公开条例》第十六条第二款"
_REPLIES: dict[Reply, tuple[ReplyGroup, str, str]] = {
    Reply.ALREADY_PUBLIC: (
        ReplyGroup.DISCLOSED,
        "已主动公开",
        "《中华人民共和国政府信息公开条例》第三十六条第（一）项",
    ),
    Reply.DISCLOSED: (
        ReplyGroup.DISCLOSED,
        "予以公开",
        "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    ),
    Reply.PARTLY_DISCLOSED: (
        ReplyGroup.PARTLY,
        "部分公开",
        "《中华人民共和国政府信息公开条例》第三十七条",
    ),
    Reply.WITHHELD_STATE_SECRET: (ReplyGroup.WITHHELD, "属于国家秘密", _T14),
    Reply.WITHHELD_OTHER_LAW: (ReplyGroup.WITHHELD, "其他法律行政法规禁止公开", _T14),
    Reply.WITHHELD_SECURITY: (ReplyGroup.WITHHELD, "危及“三安全一稳定”", _T14),
    Reply.WITHHELD_THIRD_PARTY: (
        ReplyGroup.WITHHELD,
        "保护第三方合法权益",
        "《中华人民共和国政府信息公开条例》第十五条",
    ),
    Reply.WITHHELD_INTERNAL: (ReplyGroup.WITHHELD, "属于三类内部事务信息", _T16_1),
    Reply.WITHHELD_PROCESS: (ReplyGroup.WITHHELD, "属于四类过程性信息", _T16_2),
    Reply.WITHHELD_ENFORCEMENT: (ReplyGroup.WITHHELD, "属于行政执法案卷", _T16_2),
    Reply.WITHHELD_ENQUIRY: (
        ReplyGroup.WITHHELD,
        "属于行政查询事项",
        "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    ),
    Reply.UNAVAILABLE_NOT_HELD: (
        ReplyGroup.UNAVAILABLE,
        "本机关不掌握相关政府信息",
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
    ),
    Reply.UNAVAILABLE_NEEDS_CREATING: (
        ReplyGroup.UNAVAILABLE,
        "没有现成信息需要另行制作",
        "《中华人民共和国政府信息公开条例》第三十八条",
    ),
    Reply.UNAVAILABLE_UNCLEAR: (
        ReplyGroup.UNAVAILABLE,
        "补正后申请内容仍不明确",
        "《中华人民共和国政府信息公开条例》第三十条",
    ),
    Reply.NOT_HANDLED_PETITION: (
        ReplyGroup.NOT_HANDLED,
        "信访举报投诉类申请",
        "《中华人民共和国政府信息公开条例》第三十九条第一款",
    ),
    Reply.NOT_HANDLED_REPEATED: (
        ReplyGroup.NOT_HANDLED,
        "重复申请",
        "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    ),
    Reply.NOT_HANDLED_PUBLICATION: (
        ReplyGroup.NOT_HANDLED,
        "要求提供公开出版物",
        "《中华人民共和国政府信息公开条例》第三十九条第二款",
    ),
    Reply.NOT_HANDLED_MASS: (
        ReplyGroup.NOT_HANDLED,
        "无正当理由大量反复申请",
        "《中华人民共和国政府信息公开条例》第三十五条",
    ),
    Reply.NOT_HANDLED_CONFIRMATION: (
        ReplyGroup.NOT_HANDLED,
        "要求行政机关确认或重新出具已获取信息",
        "",
    ),
    Reply.OTHER_NO_CORRECTION: (
        ReplyGroup.OTHER,
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "《中华人民共和国政府信息公开条例》第三十条",
    ),
    Reply.OTHER_FEE_UNPAID: (
        ReplyGroup.OTHER,
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    ),
    Reply.OTHER: (ReplyGroup.OTHER, "其他", ""),
}

REPLIES_BY_GROUP: dict[ReplyGroup, tuple[Reply, ...]] = {
    group: tuple(r for r in Reply if r.group is group) for group in ReplyGroup
}
"""Each group's replies in the order of the annual report's rows."""

RIGHTS = (
    "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，"
    "或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"
)
"""The applicant's rights, printed on every reply (条例第五十一条)."""


class PauseKind(StrEnum):
    """Time that does not count against the reply deadline (不计算在答复期限内)."""

    THIRD_PARTY = "third_party"  # 征求第三方意见: the third party has 15 working days to answer
    OTHER_OFFICE = "other_office"  # 征求其他机关意见 (条例第三十四条: 15 working days, silence is consent)
    FEE = "fee"  # 收费通知发出至缴费: the applicant has 20 working days to pay

    @property
    def label(self) -> str:
        return {"third_party": "征求第三方意见", "other_office": "征求其他机关意见", "fee": "等待缴费"}[
            self.value
        ]

    @property
    def period(self) -> int:
        """The working days the other side has to answer: a third party or another office 15 (条例第三十二、
        三十四条), the applicant 20 to pay a fee (国办函〔2020〕109号)."""
        return {"third_party": 15, "other_office": 15, "fee": 20}[self.value]


class DisclosureState(StrEnum):
    """Where a request stands. Overdue (逾期) is derived from the clock, never stored."""

    REGISTERED = "registered"  # 办理中: the reply clock runs
    AWAITING_CORRECTION = "awaiting_correction"  # 待补正: the clock waits for the corrected request
    CONSULTING = "consulting"  # 征求意见中: the clock is paused
    AWAITING_FEE = "awaiting_fee"  # 待缴费: the clock is paused
    REPLY_PENDING = "reply_pending"  # 答复待审核: drafted, waiting for the supervisor's approval
    REPLIED = "replied"  # 已答复
    ARCHIVED = "archived"  # 已归档

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        """True until the reply is issued."""
        return self not in (DisclosureState.REPLIED, DisclosureState.ARCHIVED)


_STATE_LABELS = {
    DisclosureState.REGISTERED: "办理中",
    DisclosureState.AWAITING_CORRECTION: "待补正",
    DisclosureState.CONSULTING: "征求意见中",
    DisclosureState.AWAITING_FEE: "待缴费",
    DisclosureState.REPLY_PENDING: "答复待审核",
    DisclosureState.REPLIED: "已答复",
    DisclosureState.ARCHIVED: "已归档",
}

REPLY_DAYS = 20
"""Working days to reply, counted from the day received (or the day the correction arrived)."""
MAX_EXTENSION_DAYS = 20
"""At most this many more working days, with the head of the office's approval."""
CORRECTION_NOTICE_DAYS = 7
"""A correction must be asked for within this many working days of receipt, and only once."""
DEFAULT_CORRECTION_PERIOD = 15
"""The correction period the notice gives when the clerk does not choose another (a reasonable period)."""
