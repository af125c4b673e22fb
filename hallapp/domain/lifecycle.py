"""Following a case accepted with missing documents (容缺受理) until the documents arrive (跟踪).

A case accepted with missing documents carries its deferred materials, each with a deadline counted in
working days. The hall follows it until one of four endings:

- every deferred material arrived (已补齐): the case proceeds normally;
- the deadline passed and the hall ends the case (终止办理);
- the applicant withdrew (已撤回).

Rules (DOMAIN.md "Rules of accept-with-missing-documents"):
- a material arrives on site, by post or online; the day it arrives counts, so a material arriving on its
  deadline is on time;
- a late material is still accepted as long as the case has not been terminated;
- only an overdue case may be terminated;
- an extension is granted by a supervisor (科室负责人) only, with a reason, and only moves the deadline later.

"Overdue" (逾期) is not a stored state: it is derived from today's date — an open case whose deadline is
before today. Every change returns a new `FollowUp`; a refused change raises `IllegalTransition` with the
reason in plain Chinese and leaves the case as it was.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from hallapp.domain.intake import RuleViolation
from hallapp.domain.workdays import WorkdayCalendar


class IllegalTransition(RuleViolation):
    """A change to a followed case that the rules forbid; the message says why, in Chinese."""


class CaseState(StrEnum):
    """Where a case accepted with missing documents stands. Overdue (逾期) is derived, not stored."""

    AWAITING_SUPPLEMENT = "awaiting_supplement"
    PARTLY_SUPPLEMENTED = "partly_supplemented"
    SUPPLEMENTED = "supplemented"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """The state as shown to the clerk."""
        return _STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        """True while the hall is still waiting for deferred materials."""
        return self in (CaseState.AWAITING_SUPPLEMENT, CaseState.PARTLY_SUPPLEMENTED)


_STATE_LABELS = {
    CaseState.AWAITING_SUPPLEMENT: "待补正",
    CaseState.PARTLY_SUPPLEMENTED: "部分补正",
    CaseState.SUPPLEMENTED: "已补齐",
    CaseState.TERMINATED: "已终止",
    CaseState.WITHDRAWN: "已撤回",
}

OVERDUE_LABEL = "逾期"


class Channel(StrEnum):
    """How a deferred material reached the hall."""

    ON_SITE = "on_site"
    POST = "post"
    ONLINE = "online"

    @property
    def label(self) -> str:
        """The channel as shown to the clerk."""
        return {Channel.ON_SITE: "现场", Channel.POST: "邮寄", Channel.ONLINE: "网上"}[self]


@dataclass(frozen=True)
class DeferredItem:
    """One deferred material: its deadline and, once it arrived, the day and the channel."""

    name: str
    deadline: date
    arrived_on: date | None = None
    channel: Channel | None = None

    @property
    def arrived(self) -> bool:
        """True once the material has been handed in."""
        return self.arrived_on is not None


@dataclass(frozen=True)
class Extension:
    """A deadline extension granted by a supervisor: from `previous` to `new`, why, and by whom."""

    previous: date
    new: date
    reason: str
    approved_by: str


@dataclass(frozen=True)
class FollowUp:
    """The follow-up of one case accepted with missing documents.

    `deadline` is the case's current deadline: the latest deadline of its deferred materials.
    `extensions` lists every extension granted, oldest first.
    """

    state: CaseState
    items: tuple[DeferredItem, ...]
    deadline: date
    extensions: tuple[Extension, ...] = ()
    terminated_on: date | None = None
    withdrawn_on: date | None = None

    # -- starting ---------------------------------------------------------------------------------------

    @classmethod
    def start(cls, items: Sequence[tuple[str, date]]) -> FollowUp:
        """Begin following a case from its deferred materials and their deadlines.

        At least one material is needed (a case with nothing deferred is not followed), and each material
        is listed once. The case deadline is the latest of the materials' deadlines.
        """
        if not items:
            raise IllegalTransition("容缺受理的办件至少要有一项容缺材料")
        seen: set[str] = set()
        built: list[DeferredItem] = []
        for name, deadline in items:
            if not name.strip():
                raise IllegalTransition("容缺材料名称不能为空")
            if name in seen:
                raise IllegalTransition(f"材料「{name}」重复列出")
            seen.add(name)
            built.append(DeferredItem(name=name, deadline=deadline))
        return cls(
            state=CaseState.AWAITING_SUPPLEMENT,
            items=tuple(built),
            deadline=max(item.deadline for item in built),
        )

    # -- questions --------------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """True while the hall is still waiting for deferred materials (待补正 or 部分补正)."""
        return self.state.is_open

    def is_overdue(self, today: date) -> bool:
        """True when the case is still open and its deadline is before today (逾期).

        The deadline day itself is not late: a material arriving on its deadline is on time.
        """
        return self.is_open and self.deadline < today

    def status_label(self, today: date) -> str:
        """The state as shown on the follow-up board: 逾期 for an overdue open case, else the state."""
        return OVERDUE_LABEL if self.is_overdue(today) else self.state.label

    @property
    def missing_items(self) -> tuple[DeferredItem, ...]:
        """The deferred materials not yet handed in."""
        return tuple(item for item in self.items if not item.arrived)

    @property
    def arrived_items(self) -> tuple[DeferredItem, ...]:
        """The deferred materials already handed in."""
        return tuple(item for item in self.items if item.arrived)

    def working_days_left(self, calendar: WorkdayCalendar, today: date) -> int:
        """Working days from today up to and including the deadline; negative when overdue.

        0 on the deadline day itself (the applicant may still come today); -1 on the first working day
        after the deadline has passed.
        """
        return calendar.working_days_between(today, self.deadline)

    def urgency_key(self, today: date) -> tuple[int, date, str]:
        """A sorting key for the follow-up board: most urgent first.

        Overdue cases first, then the other open cases, then the closed ones (supplemented, terminated,
        withdrawn); within each group the earliest deadline first. An earlier deadline always has no more
        working days left than a later one, so this is the order of "fewest working days left" without
        needing the calendar. The first missing material's name breaks ties so the order is stable.
        """
        if self.is_overdue(today):
            group = 0
        elif self.is_open:
            group = 1
        else:
            group = 2
        missing = self.missing_items
        return (group, self.deadline, missing[0].name if missing else "")

    # -- changes ----------------------------------------------------------------------------------------

    def supplement(self, names: Collection[str], on: date, channel: Channel, *, today: date) -> FollowUp:
        """Record that the named deferred materials arrived on `on` through `channel` (补正).

        Allowed while the case is open, also after the deadline as long as it has not been terminated.
        The day of arrival cannot be later than today. Each name must be a deferred material of this case
        that has not arrived yet. When every material is in, the case becomes 已补齐 and proceeds
        normally; otherwise it is 部分补正.
        """
        self._require_open("补正")
        if not names:
            raise IllegalTransition("请选择补交的材料")
        if on > today:
            raise IllegalTransition("补交日期不能晚于今天")
        by_name = {item.name: item for item in self.items}
        wanted = list(dict.fromkeys(names))
        for name in wanted:
            item = by_name.get(name)
            if item is None:
                raise IllegalTransition(f"材料「{name}」不是本件的容缺材料")
            if item.arrived_on is not None:
                raise IllegalTransition(f"材料「{name}」已于 {item.arrived_on.isoformat()} 补交")
        chosen = set(wanted)
        items = tuple(
            replace(item, arrived_on=on, channel=channel) if item.name in chosen else item
            for item in self.items
        )
        complete = all(item.arrived for item in items)
        state = CaseState.SUPPLEMENTED if complete else CaseState.PARTLY_SUPPLEMENTED
        return replace(self, state=state, items=items)

    def extend(
        self,
        new_deadline: date,
        reason: str,
        *,
        approved_by: str,
        supervisor: bool,
        today: date,
    ) -> FollowUp:
        """Move the deadline later, with a supervisor's approval (延期, e.g. for force majeure).

        Only an open case can be extended. The extension needs a reason and the name of the approving
        supervisor (科室负责人); the new deadline must be later than the current one and not in the past.
        Every material still missing gets the new deadline; the extension is recorded on the case.
        """
        self._require_open("延期")
        if not supervisor:
            raise IllegalTransition("延期须由科室负责人批准")
        if not approved_by.strip():
            raise IllegalTransition("请填写批准延期的科室负责人")
        if not reason.strip():
            raise IllegalTransition("请填写延期理由")
        if new_deadline <= self.deadline:
            raise IllegalTransition(f"新期限必须晚于原期限（原期限 {self.deadline.isoformat()}）")
        if new_deadline < today:
            raise IllegalTransition("新期限不能早于今天")
        items = tuple(item if item.arrived else replace(item, deadline=new_deadline) for item in self.items)
        extension = Extension(
            previous=self.deadline, new=new_deadline, reason=reason.strip(), approved_by=approved_by.strip()
        )
        return replace(
            self,
            items=items,
            deadline=max(item.deadline for item in items),
            extensions=(*self.extensions, extension),
        )

    def terminate(self, today: date) -> FollowUp:
        """End the case because the deferred materials did not arrive in time (终止办理).

        Only an open case whose deadline has passed (today is after the deadline) can be terminated; the
        applicant is then notified in writing (终止办理通知书). A terminated case never changes again.
        """
        self._require_open("终止办理")
        if not self.is_overdue(today):
            raise IllegalTransition(
                f"只有逾期的办件才能终止办理（期限 {self.deadline.isoformat()}，尚未逾期）"
            )
        return replace(self, state=CaseState.TERMINATED, terminated_on=today)

    def withdraw(self, today: date) -> FollowUp:
        """Record that the applicant withdrew the application (撤回). Only an open case can be withdrawn."""
        self._require_open("撤回")
        return replace(self, state=CaseState.WITHDRAWN, withdrawn_on=today)

    def _require_open(self, action: str) -> None:
        """Refuse `action` on a case that is no longer waiting for materials."""
        if self.state is CaseState.TERMINATED:
            raise IllegalTransition(f"已终止的办件不能再{action}")
        if self.state is CaseState.WITHDRAWN:
            raise IllegalTransition(f"已撤回的办件不能再{action}")
        if self.state is CaseState.SUPPLEMENTED:
            raise IllegalTransition(f"材料已补齐的办件不能再{action}")
