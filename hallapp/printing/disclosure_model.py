"""What a disclosure document (依申请公开文书) says: plain frozen data, filled by the service layer.

Like ``model.DocumentData`` for cases: IDs, phones and e-mail arrive masked, dates arrive computed in
working days, and the document prints exactly what it is given. Nothing here imports reportlab.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from hallapp.domain.disclosure import Reply


class DisclosureDocKind(enum.Enum):
    """The documents of a disclosure request."""

    RECEIPT = "receipt"  # 政府信息公开申请登记回执
    CORRECTION = "correction"  # 补正告知书
    EXTENSION = "extension"  # 延期答复告知书
    CONSULTATION = "consultation"  # 征求第三方意见书 (or 征求意见函 to another office)
    FEE = "fee"  # 收费通知书
    REPLY = "reply"  # 答复书, titled by its outcome (``DisclosureLetter.title``)

    @property
    def default_title(self) -> str:
        return _TITLES[self]


_TITLES = {
    DisclosureDocKind.RECEIPT: "政府信息公开申请登记回执",
    DisclosureDocKind.CORRECTION: "政府信息公开申请补正告知书",
    DisclosureDocKind.EXTENSION: "政府信息公开申请延期答复告知书",
    DisclosureDocKind.CONSULTATION: "政府信息公开征求第三方意见书",
    DisclosureDocKind.FEE: "政府信息公开信息处理费收费通知书",
    DisclosureDocKind.REPLY: "政府信息公开申请答复书",
}


@dataclass(frozen=True, kw_only=True)
class DisclosureLetter:
    """Everything one disclosure document prints.

    ``recipient`` is whom the letter is addressed to: the applicant, or for a consultation the third party
    (or other office). Fields a kind does not use stay empty.
    """

    kind: DisclosureDocKind
    title: str  # the printed title (a reply's depends on its outcome)
    office: str  # the office answering (the hall's name)
    number: str  # the request's registration number
    letter_number: str  # this document's own number, e.g. 依申请公开〔2026〕第0012号-补正
    issued_on: date
    recipient: str
    # the request
    applicant_name: str
    applicant_kind: str  # 自然人 / 商业企业 / …
    applicant_id_masked: str = ""
    contact_person: str = ""
    phone_masked: str = ""
    address: str = ""
    email_masked: str = ""
    channel: str = ""  # 当面提交 / 邮政挂号/快递 / …
    received_on: date | None = None
    description: str = ""
    document_number: str = ""  # the document number of the information sought, when known
    purpose: str = ""
    forms: str = ""  # 纸质、电子文档
    delivery: str = ""  # 自行领取 / 邮寄 / …
    window: str = ""
    clerk: str = ""
    # the clock
    deadline: date | None = None  # the reply deadline as it stands when the letter is issued
    deadline_note: str = ""  # a tentative deadline's warning (a year without a published schedule)
    # 补正
    correction_items: tuple[str, ...] = ()
    correction_due: date | None = None
    correction_days: int = 0  # the period given, in working days (the notice prints it beside the due date)
    # 延期
    extension_days: int = 0
    original_deadline: date | None = None
    extension_reason: str = ""
    # 征求意见
    consulted_party: str = ""
    consultation_due: date | None = None  # 15 working days for a third party
    consulted_office: bool = False  # True: another office is asked (征求意见函, no statutory period)
    # 收费
    fee_amount: int = 0  # 元
    fee_basis: str = ""  # how it was reckoned, in words
    fee_due: date | None = None
    # 答复
    reply: Reply | None = None  # the outcome: picks the reply's wording (label/ground default to its own)
    reply_label: str = ""  # 予以公开 / 属于国家秘密 / …
    reply_text: str = ""  # where to find it, how it is provided, or the reason
    reply_ground: str = ""  # the legal ground cited
    right_office: str = ""  # the office holding the information, when not this one
    rights: str = ""  # reconsideration within 60 days, litigation within 6 months
    approved_by: str = ""  # the supervisor who approved the reply
    # the seal of the audit trail when the letter was issued
    audit_head: str = ""
    audit_count: int = 0
    place: str = ""  # the hall's address, printed in the footer
    phones: str = ""
    copy: bool = False  # a reprint: 副本 / 重印 on every page
