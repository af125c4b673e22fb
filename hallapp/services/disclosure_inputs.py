"""What the front ends hand to the disclosure use cases, and what they get back (plain data, Qt-free).

The window's forms and the CLI build a ``DisclosureForm``; the board shows ``DisclosureRow``s; the detail
view shows a ``DisclosureView``. IDs and phones in rows and views are masked unless said otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from hallapp.domain.disclosure import Delivery, DisclosureState, InfoForm, ReceiptChannel, RequesterKind
from hallapp.domain.disclosure_request import DisclosureRequest


@dataclass(frozen=True)
class DisclosureForm:
    """A request as registered at the counter, or typed in later from a letter, an e-mail or a fax."""

    channel: ReceiptChannel
    arrived_on: date  # handed in / signed for / received by the system
    requester_kind: RequesterKind
    name: str
    description: str
    confirmed_on: date | None = None  # ordinary post and fax: the confirmation day
    id_number: str = ""  # resident ID (a person) or unified social credit code (an organisation)
    contact_person: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""
    postcode: str = ""
    document_number: str = ""
    purpose: str = ""
    forms: tuple[InfoForm, ...] = (InfoForm.PAPER,)
    delivery: Delivery = Delivery.COLLECT


class DisclosureRow(NamedTuple):
    """One request on the disclosure board (依申请公开台账)."""

    number: str
    applicant: str
    requester_label: str  # 自然人 / 商业企业 / …
    description: str  # the first line of what is sought
    channel_label: str
    received_on: date
    state: DisclosureState
    status_label: str  # 办理中 / 逾期 / 待补正（至 12-10）/ 征求第三方意见（至 …）/ 答复待审核 / …
    deadline: date | None  # the reply deadline (extended, clock-paused); None while awaiting correction
    days_left: int | None  # counted working days to the deadline; negative when overdue
    overdue: bool
    waiting_until: date | None  # correction due, third party's / payment's period end, when waiting
    clerk: str  # who registered it (display name)

    def due_within(self, days: int) -> bool:
        """Open, the clock running, and due within ``days`` working days (overdue ones included)."""
        return self.state.is_open and self.days_left is not None and self.days_left <= days


@dataclass(frozen=True)
class DisclosureEventLine:
    """One step of a request's history, in words."""

    at: datetime
    actor: str  # display name
    action: str  # 登记 / 补正告知 / …
    detail: str = ""


@dataclass(frozen=True)
class DisclosureDocumentLine:
    kind: str  # DisclosureDocKind name
    title: str
    path: str  # relative to the data folder
    created_at: datetime
    is_copy: bool


@dataclass(frozen=True)
class DisclosureView:
    """One request as the detail view shows it."""

    request: DisclosureRequest  # as stored (IDs as the register stores them: mask before showing)
    row: DisclosureRow
    id_masked: str
    phone_masked: str
    events: tuple[DisclosureEventLine, ...]
    documents: tuple[DisclosureDocumentLine, ...]
    next_steps: tuple[str, ...]  # what may be done now, in words (for the detail view's hint line)
