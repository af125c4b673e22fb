"""One disclosure request (依申请公开申请) and the changes the rules allow it.

Every change returns a new ``DisclosureRequest``; a change the rules forbid raises ``IllegalTransition``
with the reason in plain Chinese and leaves the request as it was. The clock is ``disclosure_clock``.

- 补正: asked for once, within 7 working days of receipt, listing everything to correct, with a period to
  answer in; the reply deadline restarts from the day the correction arrives. No correction within the
  period: the request may be closed as treated as withdrawn (其他处理).
- 征求意见: while a third party (15 working days) or another office is consulted, the clock is paused.
- 收费: from the fee notice to the payment the clock is paused; not paid within 20 working days, the
  request may be closed (其他处理).
- 延期: at most 20 more working days, once, approved by the head of the office before the deadline passes.
- 答复: drafted by the clerk, approved by a supervisor other than the drafter, then issued; an issued
  request is archived (存档) and never changes again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from hallapp.domain.disclosure import (
    CORRECTION_NOTICE_DAYS,
    MAX_EXTENSION_DAYS,
    REPLY_DAYS,
    Delivery,
    DisclosureState,
    InfoForm,
    PauseKind,
    ReceiptChannel,
    Reply,
)
from hallapp.domain.disclosure_clock import Pause, count_deadline, counted_days, received_on
from hallapp.domain.disclosure_fees import PAYMENT_DAYS, FeeMode, basis_words, fee
from hallapp.domain.disclosure_parts import (
    Correction,
    DisclosureExtension,
    FeeNotice,
    ReplyDraft,
    Requester,
)
from hallapp.domain.lifecycle import IllegalTransition
from hallapp.domain.workdays import Deadline, WorkdayCalendar


def correction_notice_due(calendar: WorkdayCalendar, received: date) -> date:
    """The last day a correction may be asked for of a request received on ``received``: 7 working days
    after it (the forms ask the domain instead of counting themselves)."""
    return calendar.add_working_days(received, CORRECTION_NOTICE_DAYS).date


@dataclass(frozen=True)
class DisclosureRequest:
    """A request as registered, with everything that has happened to it."""

    number: str
    channel: ReceiptChannel
    arrived_on: date
    requester: Requester
    description: str
    registered_by: str
    confirmed_on: date | None = None
    document_number: str = ""
    purpose: str = ""
    forms: tuple[InfoForm, ...] = (InfoForm.PAPER,)
    delivery: Delivery = Delivery.COLLECT
    state: DisclosureState = DisclosureState.REGISTERED
    correction: Correction | None = None
    pauses: tuple[Pause, ...] = ()
    fee: FeeNotice | None = None
    extension: DisclosureExtension | None = None
    reply: ReplyDraft | None = None
    returned_note: str = ""  # the supervisor's words when a draft was sent back
    archived_on: date | None = None
    archive_place: str = field(default="")

    # -- registering ---------------------------------------------------------------------------------------

    @classmethod
    def register(
        cls,
        *,
        number: str,
        channel: ReceiptChannel,
        arrived_on: date,
        requester: Requester,
        description: str,
        registered_by: str,
        today: date,
        confirmed_on: date | None = None,
        document_number: str = "",
        purpose: str = "",
        forms: tuple[InfoForm, ...] = (InfoForm.PAPER,),
        delivery: Delivery = Delivery.COLLECT,
    ) -> DisclosureRequest:
        """A new request, checked: who asks, what is sought, and days that make sense for the channel."""
        if not requester.name.strip():
            raise IllegalTransition("请填写申请人姓名或名称")
        if not requester.kind.is_person and not requester.contact_person.strip():
            raise IllegalTransition("法人或其他组织申请，请填写联系人")
        if not (requester.phone.strip() or requester.address.strip() or requester.email.strip()):
            raise IllegalTransition("请至少填写一种联系方式（电话、地址或电子邮箱）")
        if not description.strip():
            raise IllegalTransition("请填写申请公开的政府信息内容描述")
        if not forms:
            raise IllegalTransition("请选择信息的提供形式")
        if arrived_on > today:
            raise IllegalTransition(f"{channel.arrival_label}不能晚于今天")
        if channel is ReceiptChannel.IN_PERSON and arrived_on != today:
            raise IllegalTransition("当面提交的申请以当天为收到日期；补录的申请请选择其实际的申请方式")
        if confirmed_on is not None:
            if not channel.needs_confirmation:
                raise IllegalTransition(f"{channel.label}的申请不需要确认日期")
            if confirmed_on < arrived_on:
                raise IllegalTransition("确认日期不能早于收到日期")
            if confirmed_on > today:
                raise IllegalTransition("确认日期不能晚于今天")
        elif channel.needs_confirmation:
            what = "与申请人确认收到" if channel is ReceiptChannel.POST_ORDINARY else "双方确认"
            raise IllegalTransition(f"{channel.label}的申请以{what}之日为收到日期，请填写确认日期")
        return cls(
            number=number,
            channel=channel,
            arrived_on=arrived_on,
            confirmed_on=confirmed_on,
            requester=requester,
            description=description.strip(),
            registered_by=registered_by,
            document_number=document_number.strip(),
            purpose=purpose.strip(),
            forms=tuple(dict.fromkeys(forms)),
            delivery=delivery,
        )

    # -- the clock -----------------------------------------------------------------------------------------

    @property
    def received_on(self) -> date:
        """The day the request counts as received, by its channel."""
        return received_on(self.channel, self.arrived_on, self.confirmed_on)

    @property
    def clock_start(self) -> date | None:
        """The day the 20 working days run from: receipt, or the corrected request's arrival; None while
        a correction is awaited."""
        if self.correction is None:
            return self.received_on
        return self.correction.received_on

    @property
    def all_pauses(self) -> tuple[Pause, ...]:
        """Consultations, and the wait from a fee notice to the payment."""
        if self.fee is None:
            return self.pauses
        return (*self.pauses, Pause(PauseKind.FEE, self.fee.notified_on, self.fee.paid_on))

    @property
    def open_pause(self) -> Pause | None:
        return next((p for p in self.all_pauses if p.is_open), None)

    @property
    def is_open(self) -> bool:
        return self.state.is_open

    def _clock_today(self, today: date) -> date:
        """An issued request's clock stopped on the day of its reply."""
        if self.reply is not None and self.reply.issued_on is not None:
            return self.reply.issued_on
        return today

    def deadline(self, calendar: WorkdayCalendar, today: date) -> Deadline | None:
        """The reply deadline: extended and clock-paused; None while a correction is awaited."""
        start = self.clock_start
        if start is None:
            return None
        days = REPLY_DAYS + (self.extension.days if self.extension else 0)
        return count_deadline(calendar, start, days, self.all_pauses, today=self._clock_today(today))

    def original_deadline(self, calendar: WorkdayCalendar, today: date) -> Deadline | None:
        """The deadline before any extension (what the extension notice says was extended)."""
        start = self.clock_start
        if start is None:
            return None
        return count_deadline(calendar, start, REPLY_DAYS, self.all_pauses, today=self._clock_today(today))

    def working_days_left(self, calendar: WorkdayCalendar, today: date) -> int | None:
        """Counted working days from today to the deadline (negative once overdue); None without a clock."""
        deadline = self.deadline(calendar, today)
        if deadline is None:
            return None
        return counted_days(calendar, today, deadline.date, self.all_pauses, today=today)

    def is_overdue(self, calendar: WorkdayCalendar, today: date) -> bool:
        """True when an open request is past its extended, clock-paused deadline. Never while a correction
        is awaited; never while paused by a pause begun with a day still left (an open pause counts to
        today, so the deadline lies ahead); a pause begun on the deadline day or later leaves no day to
        reply in and does not undo the delay."""
        if not self.is_open:
            return False
        deadline = self.deadline(calendar, today)
        return deadline is not None and today > deadline.date

    def replied_in_time(self, calendar: WorkdayCalendar) -> bool | None:
        """Whether the issued reply met its deadline (None until issued, or when no clock ever ran)."""
        if self.reply is None or self.reply.issued_on is None:
            return None
        deadline = self.deadline(calendar, self.reply.issued_on)
        return None if deadline is None else self.reply.issued_on <= deadline.date

    def correction_notice_due(self, calendar: WorkdayCalendar) -> date:
        """The last day a correction may be asked for (7 working days after receipt)."""
        return correction_notice_due(calendar, self.received_on)

    def correction_lapsed(self, today: date) -> bool:
        """True when the correction period ended without a corrected request."""
        c = self.correction
        return c is not None and c.received_on is None and today > c.due

    def fee_lapsed(self, today: date) -> bool:
        """True when the payment period ended without a payment."""
        f = self.fee
        return f is not None and f.paid_on is None and today > f.due

    # -- changes -------------------------------------------------------------------------------------------

    def _require(self, action: str, *states: DisclosureState) -> None:
        if self.state in states:
            return
        if not self.state.is_open:
            raise IllegalTransition(f"{self.state.label}的申请不能再{action}")
        raise IllegalTransition(f"申请当前为「{self.state.label}」，不能{action}")

    @staticmethod
    def _not_future(on: date, today: date, what: str) -> None:
        if on > today:
            raise IllegalTransition(f"{what}不能晚于今天")

    def ask_correction(
        self, items: tuple[str, ...], period_days: int, *, on: date, calendar: WorkdayCalendar, today: date
    ) -> DisclosureRequest:
        """Ask once for a correction (补正告知), within 7 working days of receipt, listing every item."""
        self._require("要求补正", DisclosureState.REGISTERED)
        if self.correction is not None:
            raise IllegalTransition(
                "补正告知只能作出一次，本申请已于 " + f"{self.correction.asked_on} 告知补正"
            )
        if self.extension is not None:
            # The extension was granted against the first clock; a correction would restart it and
            # carry the extra days over to the corrected request.
            raise IllegalTransition("答复期限已经延长，不能再要求补正")
        wanted = tuple(dict.fromkeys(i.strip() for i in items if i.strip()))
        if not wanted:
            raise IllegalTransition("请逐项写明需要补正的事项")
        if not 1 <= period_days <= 60:
            raise IllegalTransition("补正期限须为 1 至 60 个工作日")
        self._not_future(on, today, "补正告知日期")
        if on < self.received_on:
            raise IllegalTransition("补正告知日期不能早于收到申请的日期")
        last = self.correction_notice_due(calendar)
        if on > last:
            raise IllegalTransition(
                f"补正须在收到申请之日起{CORRECTION_NOTICE_DAYS}个工作日内一次性告知（至 {last}），"
                "已超过期限，不能再要求补正，请按现有申请内容答复"
            )
        due = calendar.add_working_days(on, period_days).date
        correction = Correction(asked_on=on, items=wanted, period_days=period_days, due=due)
        return replace(self, state=DisclosureState.AWAITING_CORRECTION, correction=correction)

    def receive_correction(self, *, on: date, today: date) -> DisclosureRequest:
        """The corrected request arrived: the reply deadline restarts from ``on``. A late correction is
        still taken while the request has not been closed."""
        self._require("接收补正", DisclosureState.AWAITING_CORRECTION)
        assert self.correction is not None
        self._not_future(on, today, "收到补正的日期")
        if on < self.correction.asked_on:
            raise IllegalTransition("收到补正的日期不能早于补正告知日期")
        correction = replace(self.correction, received_on=on)
        return replace(self, state=DisclosureState.REGISTERED, correction=correction)

    def start_consultation(self, kind: PauseKind, party: str, *, on: date, today: date) -> DisclosureRequest:
        """Consult a third party or another office (征求意见): the clock pauses from ``on``."""
        self._require("征求意见", DisclosureState.REGISTERED)
        if kind is PauseKind.FEE:
            raise IllegalTransition("收费请使用收费通知")
        if not party.strip():
            raise IllegalTransition("请填写征求意见的对象")
        self._not_future(on, today, "征求意见日期")
        start = self.clock_start or self.received_on
        if on < start:
            raise IllegalTransition("征求意见日期不能早于答复期限的起算日")
        pause = Pause(kind, on, None, party.strip())
        return replace(self, state=DisclosureState.CONSULTING, pauses=(*self.pauses, pause))

    def end_consultation(self, answer: str, *, on: date, today: date) -> DisclosureRequest:
        """The opinion came back (or its period ended): the clock runs again from the next working day."""
        self._require("记录征求意见结果", DisclosureState.CONSULTING)
        pause = self.open_pause
        assert pause is not None
        self._not_future(on, today, "收到意见的日期")
        if on < pause.started_on:
            raise IllegalTransition("收到意见的日期不能早于征求意见的日期")
        if not answer.strip():
            raise IllegalTransition("请简要记录意见（或写明逾期未提出意见）")
        ended = replace(pause, ended_on=on, answer=answer.strip())
        pauses = tuple(ended if p is pause else p for p in self.pauses)
        return replace(self, state=DisclosureState.REGISTERED, pauses=pauses)

    def notify_fee(
        self, mode: FeeMode, basis: int, amount: int, *, on: date, calendar: WorkdayCalendar, today: date
    ) -> DisclosureRequest:
        """Send a fee notice (收费通知): the clock pauses until the payment; 20 working days to pay."""
        self._require("发出收费通知", DisclosureState.REGISTERED)
        if self.fee is not None:
            raise IllegalTransition("本申请已发出过收费通知")
        if basis < (1 if mode is FeeMode.BY_COUNT else 0):
            raise IllegalTransition("收费依据有误：件数从 1 起计，页数不能为负数")
        if amount <= 0:
            raise IllegalTransition("按规定本申请不收费（未超过免费件数或页数）")
        standard = fee(mode, basis)
        if amount > standard:
            raise IllegalTransition(
                f"收费金额 {amount} 元超过收费标准（{basis_words(mode, basis)}，{standard} 元）"
            )
        self._not_future(on, today, "收费通知日期")
        if on < (self.clock_start or self.received_on):
            raise IllegalTransition("收费通知日期不能早于答复期限的起算日")
        due = calendar.add_working_days(on, PAYMENT_DAYS).date
        notice = FeeNotice(mode, basis, amount, on, due)
        return replace(self, state=DisclosureState.AWAITING_FEE, fee=notice)

    def record_payment(self, *, on: date, today: date) -> DisclosureRequest:
        """The fee was paid: the clock runs again."""
        self._require("登记缴费", DisclosureState.AWAITING_FEE)
        assert self.fee is not None
        self._not_future(on, today, "缴费日期")
        if on < self.fee.notified_on:
            raise IllegalTransition("缴费日期不能早于收费通知日期")
        return replace(self, state=DisclosureState.REGISTERED, fee=replace(self.fee, paid_on=on))

    def extend(
        self,
        days: int,
        reason: str,
        *,
        approved_by: str,
        requested_by: str,
        on: date,
        calendar: WorkdayCalendar,
    ) -> DisclosureRequest:
        """Extend the reply deadline (延期答复) by at most 20 working days, once, before it passes."""
        self._require("延期", DisclosureState.REGISTERED, DisclosureState.CONSULTING)
        if self.extension is not None:
            raise IllegalTransition("答复期限已延长过一次，不能再延期")
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise IllegalTransition(f"延长的期限最长不超过{MAX_EXTENSION_DAYS}个工作日")
        if not reason.strip():
            raise IllegalTransition("请填写延期理由")
        if not approved_by.strip():
            raise IllegalTransition("延期须经政府信息公开工作机构负责人同意")
        deadline = self.deadline(calendar, on)
        if deadline is not None and on > deadline.date:
            raise IllegalTransition(f"答复期限已于 {deadline.date} 届满，不能再延期")
        extension = DisclosureExtension(days, reason.strip(), approved_by, requested_by, on)
        return replace(self, extension=extension)

    def draft_reply(
        self,
        reply: Reply,
        text: str,
        *,
        by: str,
        on: date,
        today: date,
        right_office: str = "",
    ) -> DisclosureRequest:
        """Draft the reply for a supervisor's approval (答复待审核)."""
        if reply is Reply.OTHER_NO_CORRECTION:
            self._require("按逾期未补正处理", DisclosureState.AWAITING_CORRECTION)
            if not self.correction_lapsed(today):
                assert self.correction is not None
                raise IllegalTransition(f"补正期限至 {self.correction.due}，尚未届满")
        elif reply is Reply.OTHER_FEE_UNPAID:
            self._require("按逾期未缴费处理", DisclosureState.AWAITING_FEE)
            if not self.fee_lapsed(today):
                assert self.fee is not None
                raise IllegalTransition(f"缴费期限至 {self.fee.due}，尚未届满")
        else:
            if self.state is DisclosureState.CONSULTING:
                raise IllegalTransition("正在征求意见，请先记录意见结果再答复")
            self._require("拟定答复", DisclosureState.REGISTERED)
            if reply is Reply.UNAVAILABLE_UNCLEAR and (
                self.correction is None or self.correction.received_on is None
            ):
                raise IllegalTransition("只有补正后申请内容仍不明确的，才能以此答复")
        if not text.strip():
            raise IllegalTransition(f"请填写{reply.text_label}")
        self._not_future(on, today, "答复日期")
        if on < self.received_on:
            raise IllegalTransition("拟稿日期不能早于收到申请的日期")
        draft = ReplyDraft(reply, text.strip(), by, on, right_office=right_office.strip())
        return replace(self, state=DisclosureState.REPLY_PENDING, reply=draft, returned_note="")

    def return_reply(self, note: str, *, by: str) -> DisclosureRequest:
        """The supervisor sends the draft back with what to change; the request is where it was."""
        self._require("退回答复", DisclosureState.REPLY_PENDING)
        assert self.reply is not None
        if not note.strip():
            raise IllegalTransition("请写明退回的理由")
        back = {
            Reply.OTHER_NO_CORRECTION: DisclosureState.AWAITING_CORRECTION,
            Reply.OTHER_FEE_UNPAID: DisclosureState.AWAITING_FEE,
        }.get(self.reply.reply, DisclosureState.REGISTERED)
        return replace(self, state=back, reply=None, returned_note=note.strip())

    def approve_reply(self, *, by: str, on: date, today: date) -> DisclosureRequest:
        """A supervisor other than the drafter approves the reply; it is issued on ``on``."""
        self._require("审核答复", DisclosureState.REPLY_PENDING)
        assert self.reply is not None
        if not by.strip():
            raise IllegalTransition("答复须经负责人审核，请填写审核人")
        if by.strip().casefold() == self.reply.drafted_by.strip().casefold():
            raise IllegalTransition("答复须由拟稿人以外的负责人审核")
        self._not_future(on, today, "答复日期")
        if on < self.reply.drafted_on:
            raise IllegalTransition("答复日期不能早于拟稿日期")
        issued = replace(self.reply, approved_by=by, issued_on=on)
        return replace(self, state=DisclosureState.REPLIED, reply=issued)

    def archive(self, place: str, *, on: date, today: date) -> DisclosureRequest:
        """File the replied request (存档): it never changes again."""
        self._require("归档", DisclosureState.REPLIED)
        self._not_future(on, today, "归档日期")
        issued_on = self.reply.issued_on if self.reply is not None else None
        if issued_on is not None and on < issued_on:
            raise IllegalTransition("归档日期不能早于答复日期")
        return replace(self, state=DisclosureState.ARCHIVED, archived_on=on, archive_place=place.strip())
