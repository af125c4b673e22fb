"""What a printed document says: plain frozen data, filled by the service layer.

The printing layer never masks, computes or looks anything up: IDs and phones arrive masked, dates arrive
computed in working days (with a flag when the year's holiday schedule is not yet published), and the
documents print exactly what they are given. Nothing here imports reportlab, so building the data is cheap.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

__all__ = [
    "COPY_RECEIVED",
    "DEFERRED",
    "E_LICENCE_FETCHED",
    "INSTANT_TITLE",
    "NOT_SUBMITTED",
    "OPTIONAL_NOT_BROUGHT",
    "ORIGINAL_CHECKED",
    "PAPERS",
    "DaySection",
    "DeferredLine",
    "DocumentData",
    "DocumentKind",
    "MaterialLine",
    "MissingLine",
    "Paper",
]

# What happened to a material at the counter (MaterialLine.outcome); other wording is printed as given.
ORIGINAL_CHECKED = "原件已验"
COPY_RECEIVED = "复印件已收"
E_LICENCE_FETCHED = "电子证照调取"
DEFERRED = "容缺"
NOT_SUBMITTED = "未提交"
OPTIONAL_NOT_BROUGHT = "非必需，未提交"  # an optional material the applicant did not bring: nothing is owed
INSTANT_TITLE = "秒批结果告知书"  # a receipt of a matter decided on the spot (秒批): the result, not a wait

Paper = Literal["A4", "A5"]
PAPERS: tuple[str, ...] = ("A4", "A5")


class DocumentKind(enum.Enum):
    """The documents a window prints."""

    RECEIPT = "receipt"  # 受理回执
    DEFERRAL_COMMITMENT = "deferral_commitment"  # 容缺受理承诺书
    DEFERRAL_NOTICE = "deferral_notice"  # 容缺受理通知书
    ONE_TIME_NOTICE = "one_time_notice"  # 一次性告知书
    BUNDLE_RECEIPT = "bundle_receipt"  # 一件事一次办受理回执: every matter with its own case number
    SUPPLEMENT_RECEIPT = "supplement_receipt"  # 补正材料接收凭证
    REMINDER = "reminder"  # 催补通知
    TERMINATION = "termination"  # 终止办理通知书
    EXTENSION_NOTICE = "extension_notice"  # 延期通知书: a supervisor moved the supplement deadline
    CASE_HISTORY = "case_history"  # 办件记录
    DAILY_CLOSE = "daily_close"  # 窗口日结报表: the day's cases and the audit chain's head

    @property
    def title(self) -> str:
        """The printed title, e.g. 受理回执."""
        return _TITLES[self]

    @property
    def accepted(self) -> bool:
        """True when the application was accepted (the document carries a case number)."""
        return self is not DocumentKind.ONE_TIME_NOTICE


_TITLES = {
    DocumentKind.RECEIPT: "受理回执",
    DocumentKind.DEFERRAL_COMMITMENT: "容缺受理承诺书",
    DocumentKind.DEFERRAL_NOTICE: "容缺受理通知书",
    DocumentKind.ONE_TIME_NOTICE: "一次性告知书",
    DocumentKind.BUNDLE_RECEIPT: "一件事一次办受理回执",
    DocumentKind.SUPPLEMENT_RECEIPT: "补正材料接收凭证",
    DocumentKind.REMINDER: "催补通知",
    DocumentKind.TERMINATION: "终止办理通知书",
    DocumentKind.EXTENSION_NOTICE: "延期通知书",
    DocumentKind.CASE_HISTORY: "办件记录",
    DocumentKind.DAILY_CLOSE: "窗口日结报表",
}


@dataclass(frozen=True)
class HistoryLine:
    """One event of a case's history."""

    at: datetime
    actor: str
    action: str
    detail: str = ""


@dataclass(frozen=True)
class DaySection:
    """One part of a daily close report beyond the cases received (一件事, 补正, 延期, 催补 …): a heading, its
    four column heads and its lines of four cells (time, number, what, who or result)."""

    heading: str
    columns: tuple[str, str, str, str]
    lines: tuple[tuple[str, str, str, str], ...] = ()


@dataclass(frozen=True)
class BundleLine:
    """One matter of a life-event bundle on its receipt."""

    matter_name: str
    number: str  # its case number, or its one-time notice number
    outcome: str  # 受理 / 容缺受理 / 已办结 / 不予受理（见一次性告知书）
    promised: str = ""  # promised completion date, in words


@dataclass(frozen=True)
class MaterialLine:
    """One material on a receipt and what happened to it (原件已验, 复印件已收, 电子证照调取, 容缺 …)."""

    name: str
    outcome: str
    detail: str = ""


@dataclass(frozen=True)
class DeferredLine:
    """A deferred (容缺) material: how to supply it (现场/邮寄/网上) and by when (working days, computed)."""

    name: str
    how_to_supply: str
    deadline: date
    deadline_unverified: bool = False


@dataclass(frozen=True)
class MissingLine:
    """A missing or defective material on a one-time notice, with what the applicant must bring."""

    name: str
    requirement: str


@dataclass(frozen=True, kw_only=True)
class DocumentData:
    """Everything one printed document shows.

    ``case_number`` (受理编号) is required for accepted documents and absent on a one-time notice (the
    application was not accepted), which carries its own ``notice_number`` (告知书编号) instead.
    ``organisation`` says the applicant is an organisation (法人/其他组织): the wording is then 本单位 /
    你单位 instead of 本人 / 你. ``copy`` marks a reprint: every page then says 副本 / 重印 and the content
    is otherwise identical. ``audit_head`` and ``audit_count`` (the number of audit events when it was
    printed) are printed small in the footer so a paper can be matched to the audit log. ``paper`` is "A4" or "A5".
    """

    kind: DocumentKind
    hall_name: str
    matter_name: str
    matter_code: str
    department: str
    applicant_name: str
    applicant_id_masked: str
    phone_masked: str
    received_at: datetime
    window: str
    clerk: str
    case_number: str | None = None
    notice_number: str = ""  # 告知书编号 of a one-time notice (a refusal has no case number)
    organisation: bool = False  # the applicant is an organisation, not a person
    bundle_name: str = ""  # the 一件事 a member case belongs to, by its Chinese name (never its code)
    agent_name: str = ""
    legal_representative: str = ""  # an organisation's 法定代表人 and 联系人, as the intake took them
    contact_name: str = ""
    materials: tuple[MaterialLine, ...] = ()
    deferred: tuple[DeferredLine, ...] = ()
    missing: tuple[MissingLine, ...] = ()
    promised_date: date | None = None
    promised_days: int = 0
    promised_unverified: bool = False
    on_the_spot: bool = False
    tracking_text: str = ""
    qr_payload: str = ""
    place: str = ""
    phones: str = ""
    copy: bool = False
    audit_head: str = ""
    audit_count: int = 0  # audit events on the chain when audit_head was read
    completed: bool = False  # 秒批: decided on the spot, the receipt says 已办结
    situations: tuple[tuple[str, str], ...] = ()  # 情形: (question, answer) as asked at the counter
    bundle_lines: tuple[BundleLine, ...] = ()  # the matters of a 一件事一次办 receipt
    history: tuple[HistoryLine, ...] = ()  # 办件记录; on a daily close report: the day's cases
    note: str = ""  # a reason or remark the document states (termination, reminder)
    issued_on: date | None = None  # the day a follow-up document is issued (default: the day received)
    extended_from: date | None = None  # 延期通知书: the deadline before the extension
    hall_address: str = ""  # where the hall is (一次性告知书: how to reach it)
    hall_phone: str = ""  # the hall's own phone for questions (一次性告知书)
    day_sections: tuple[DaySection, ...] = ()  # 窗口日结报表: the day's bundles, supplements, extensions …
    paper: Paper = "A4"

    def __post_init__(self) -> None:
        for name in ("materials", "deferred", "missing", "bundle_lines", "history", "day_sections"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        problem = self.problem()
        if problem:
            raise ValueError(problem)

    @property
    def title(self) -> str:
        """The printed title: the kind's, except that a receipt of a matter decided on the spot (秒批) says
        so — the applicant takes the result home and need not come back."""
        if self.kind is DocumentKind.RECEIPT and self.completed:
            return INSTANT_TITLE
        return self.kind.title

    @property
    def number(self) -> str:
        """The number printed in the header: the case number, or a one-time notice's notice number."""
        return self.case_number or self.notice_number

    def problem(self) -> str:
        """Why this data cannot make a sensible document, or "" when it can."""
        if self.paper not in PAPERS:
            return f"paper must be one of {', '.join(PAPERS)}, not {self.paper!r}"
        if self.kind.accepted and not self.case_number:
            return f"{self.kind.title} needs a case number (受理编号)"
        if not self.kind.accepted and self.case_number:
            return "一次性告知书 is given when an application is not accepted: it has no case number"
        if self.kind is DocumentKind.ONE_TIME_NOTICE and not self.missing:
            return "一次性告知书 must list at least one missing or defective material"
        if self.kind is DocumentKind.ONE_TIME_NOTICE and not self.notice_number:
            return "一次性告知书 needs its notice number (告知书编号)"
        if self.kind is DocumentKind.EXTENSION_NOTICE and (self.extended_from is None or not self.deferred):
            return "延期通知书 needs the former deadline and the materials with their new deadline"
        deferral = (DocumentKind.DEFERRAL_COMMITMENT, DocumentKind.DEFERRAL_NOTICE)
        if self.kind in deferral and not self.deferred:
            return f"{self.kind.title} must list at least one deferred material"
        if self.kind in (DocumentKind.REMINDER, DocumentKind.TERMINATION) and not self.deferred:
            return f"{self.kind.title} must list the materials still missing"
        if self.kind is DocumentKind.DAILY_CLOSE and not self.audit_head:
            return "窗口日结报表 must carry the audit chain's head"
        if self.kind is DocumentKind.CASE_HISTORY and not self.history:
            return "办件记录 must list at least one event"
        if self.kind is DocumentKind.BUNDLE_RECEIPT and not self.bundle_lines:
            return "一件事一次办受理回执 must list its matters"
        if self.on_the_spot and self.promised_date is not None:
            return "a matter is either decided on the spot (即办件) or has a promised date, not both"
        if self.promised_days < 0:
            return "promised_days cannot be negative"
        return ""
