"""The parts a disclosure request is made of: who asks, the correction, the fee notice, the extension and
the reply (plain frozen data; the rules over them are ``disclosure_request``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hallapp.domain.disclosure import Reply, RequesterKind
from hallapp.domain.disclosure_fees import FeeMode


@dataclass(frozen=True)
class Requester:
    """Who asks: a person (ID number) or an organisation (unified social credit code, contact person)."""

    kind: RequesterKind
    name: str
    id_number: str = ""  # resident ID or credit code, as the register stores it
    contact_person: str = ""  # an organisation's contact (联系人)
    phone: str = ""
    address: str = ""
    email: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class Correction:
    """The one correction notice (补正告知) and its answer."""

    asked_on: date
    items: tuple[str, ...]
    period_days: int
    due: date
    received_on: date | None = None


@dataclass(frozen=True)
class FeeNotice:
    """A fee notice (收费通知) and its payment."""

    mode: FeeMode
    basis: int  # the request's number in the month, or the pages
    amount: int  # 元
    notified_on: date
    due: date
    paid_on: date | None = None


@dataclass(frozen=True)
class DisclosureExtension:
    days: int
    reason: str
    approved_by: str
    requested_by: str
    on: date


@dataclass(frozen=True)
class ReplyDraft:
    """The reply as drafted, and once approved and issued."""

    reply: Reply
    text: str
    drafted_by: str
    drafted_on: date
    right_office: str = ""  # "not held by this office": the office that holds it, where known
    approved_by: str = ""
    issued_on: date | None = None
