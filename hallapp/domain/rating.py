"""The service rating (好差评): the applicant rates each service once, and a bad rating is followed up.

After a decision the applicant rates the service on the facing screen or a pad: 非常满意 (5) … 非常不满意
(1), with optional indicators and a comment. Skipping is stored as 未评价 (``level`` None), never as a
default good rating. One rating per service: a case, or a bundle (一件事一次办) rated once.

A bad rating (``is_bad``: 不满意 or worse) opens a follow-up (差评整改) for the supervisor: 核实 (verify
what happened), 整改 (rectify, when the complaint is founded) and 回复 (answer the applicant), each step
recorded with who and when, due within the hall's number of working days after the rating. 回访整改率 is
the share of follow-ups answered (and rectified, where founded) by their due date.

The indicators follow the national 好差评 categories (国办发〔2019〕51号: 服务态度, 服务效率, 服务水平) and the
reasons for a bad rating the provincial platforms list; the codes are the hall's own (``A…`` attitude,
``E…`` efficiency, ``Q…`` level of service, ``X…`` other), mapped to the platform's table on export.

Every change returns a new value; a refused one raises ``IllegalTransition`` and leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import IntEnum, StrEnum

from hallapp.domain.lifecycle import IllegalTransition
from hallapp.domain.workdays import WorkdayCalendar

NOT_RATED_LABEL = "未评价"
DEFAULT_FOLLOWUP_DAYS = 5  # working days the hall gives itself to answer a bad rating, unless it sets others
COMMENT_MAX_LENGTH = 500
STEP_TEXT_MAX_LENGTH = 1000


class Level(IntEnum):
    """满意度: the national 1–5 scale (5 = 非常满意)."""

    VERY_SATISFIED = 5
    SATISFIED = 4
    BASICALLY_SATISFIED = 3
    DISSATISFIED = 2
    VERY_DISSATISFIED = 1

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]

    @property
    def is_bad(self) -> bool:
        """差评: 不满意 or 非常不满意."""
        return self <= Level.DISSATISFIED


_LEVEL_LABELS = {
    Level.VERY_SATISFIED: "非常满意",
    Level.SATISFIED: "满意",
    Level.BASICALLY_SATISFIED: "基本满意",
    Level.DISSATISFIED: "不满意",
    Level.VERY_DISSATISFIED: "非常不满意",
}


class Aspect(StrEnum):
    """The three national categories an indicator belongs to."""

    ATTITUDE = "attitude"
    EFFICIENCY = "efficiency"
    QUALITY = "quality"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            Aspect.ATTITUDE: "服务态度",
            Aspect.EFFICIENCY: "服务效率",
            Aspect.QUALITY: "服务水平",
            Aspect.OTHER: "其他",
        }[self]


class Indicator(StrEnum):
    """评价指标, by code: what was good (with a rating of 基本满意 or better) or what went wrong (差评)."""

    A01 = "A01"
    A02 = "A02"
    A11 = "A11"
    A12 = "A12"
    E01 = "E01"
    E02 = "E02"
    E11 = "E11"
    E12 = "E12"
    E13 = "E13"
    Q01 = "Q01"
    Q02 = "Q02"
    Q11 = "Q11"
    Q12 = "Q12"
    Q13 = "Q13"
    Q14 = "Q14"
    X11 = "X11"

    @property
    def label(self) -> str:
        return _INDICATORS[self][1]

    @property
    def aspect(self) -> Aspect:
        return _INDICATORS[self][0]

    @property
    def is_bad(self) -> bool:
        """A reason for a bad rating (codes ending 1x), not a praise."""
        return self.value[1] == "1"


_INDICATORS = {
    Indicator.A01: (Aspect.ATTITUDE, "热情周到，文明礼貌"),
    Indicator.A02: (Aspect.ATTITUDE, "耐心细致，解答清楚"),
    Indicator.A11: (Aspect.ATTITUDE, "态度生硬，不够耐心"),
    Indicator.A12: (Aspect.ATTITUDE, "推诿扯皮，敷衍塞责"),
    Indicator.E01: (Aspect.EFFICIENCY, "办理快捷，等候时间短"),
    Indicator.E02: (Aspect.EFFICIENCY, "一次办好，少跑腿"),
    Indicator.E11: (Aspect.EFFICIENCY, "等候时间过长"),
    Indicator.E12: (Aspect.EFFICIENCY, "超时办理，久拖不办"),
    Indicator.E13: (Aspect.EFFICIENCY, "多次跑动，未能一次办好"),
    Indicator.Q01: (Aspect.QUALITY, "业务熟练，指导到位"),
    Indicator.Q02: (Aspect.QUALITY, "一次性告知清楚"),
    Indicator.Q11: (Aspect.QUALITY, "未一次性告知所需材料"),
    Indicator.Q12: (Aspect.QUALITY, "要求提供清单外材料"),
    Indicator.Q13: (Aspect.QUALITY, "业务不熟，解答不清"),
    Indicator.Q14: (Aspect.QUALITY, "办事流程繁琐"),
    Indicator.X11: (Aspect.OTHER, "其他问题（见评价内容）"),
}


class RatingChannel(StrEnum):
    """Where the applicant rated: both are the hall's terminal (政务服务大厅评价终端) for the platform."""

    FACING_SCREEN = "facing_screen"
    PAD = "pad"

    @property
    def label(self) -> str:
        return {RatingChannel.FACING_SCREEN: "窗口屏幕", RatingChannel.PAD: "评价器"}[self]


class StepKind(StrEnum):
    """The steps of a bad rating's follow-up, in their order."""

    VERIFY = "verify"
    RECTIFY = "rectify"
    ANSWER = "answer"

    @property
    def label(self) -> str:
        return {StepKind.VERIFY: "核实", StepKind.RECTIFY: "整改", StepKind.ANSWER: "回复"}[self]


@dataclass(frozen=True)
class Step:
    """One recorded step: what was done, on which day, by whom (an account)."""

    kind: StepKind
    on: date
    by: str
    text: str
    founded: bool | None = None  # 核实 only: whether the complaint was borne out


@dataclass(frozen=True)
class FollowUp:
    """差评整改: opened on the day of the bad rating, due ``days`` working days later."""

    opened_on: date
    due: date
    due_unverified: bool = False  # counted through a year whose holidays are not published
    steps: tuple[Step, ...] = ()

    def step(self, kind: StepKind) -> Step | None:
        return next((s for s in self.steps if s.kind is kind), None)

    @property
    def founded(self) -> bool | None:
        verified = self.step(StepKind.VERIFY)
        return verified.founded if verified else None

    @property
    def answered_on(self) -> date | None:
        answer = self.step(StepKind.ANSWER)
        return answer.on if answer else None

    @property
    def is_open(self) -> bool:
        return self.answered_on is None

    def next_step(self) -> StepKind | None:
        """The step to do now (None: closed)."""
        if self.step(StepKind.VERIFY) is None:
            return StepKind.VERIFY
        if self.founded and self.step(StepKind.RECTIFY) is None:
            return StepKind.RECTIFY
        if self.step(StepKind.ANSWER) is None:
            return StepKind.ANSWER
        return None

    def overdue(self, today: date) -> bool:
        """Still open after its due date."""
        return self.is_open and today > self.due

    @property
    def in_time(self) -> bool:
        """Answered, and rectified where founded, on or before the due date."""
        answered = self.answered_on
        if answered is None or answered > self.due:
            return False
        rectified = self.step(StepKind.RECTIFY)
        return not self.founded or (rectified is not None and rectified.on <= self.due)


def _text(what: str, text: str, max_length: int, *, required: bool) -> str:
    cleaned = text.strip()
    if required and not cleaned:
        raise IllegalTransition(f"请填写{what}")
    if len(cleaned) > max_length:
        raise IllegalTransition(f"{what}不能超过 {max_length} 个字（现有 {len(cleaned)} 个）")
    return cleaned


def check_indicators(level: Level, indicators: Iterable[Indicator]) -> tuple[Indicator, ...]:
    """The indicators in code order without repeats; a praise with a bad rating (or a complaint with a
    good one) is refused."""
    chosen = tuple(sorted(set(indicators)))
    if level.is_bad:
        wrong = [i.label for i in chosen if not i.is_bad]
        if wrong:
            raise IllegalTransition(
                f"「{level.label}」的评价只能选择存在的问题，不能选择「{'」「'.join(wrong)}」"
            )
    else:
        wrong = [i.label for i in chosen if i.is_bad]
        if wrong and level > Level.BASICALLY_SATISFIED:
            raise IllegalTransition(f"「{level.label}」的评价不能选择问题「{'」「'.join(wrong)}」")
    return chosen


@dataclass(frozen=True)
class Rating:
    """One service's rating: a case number, or the bundle's number for a bundle (rated once)."""

    service_number: str
    is_bundle: bool
    level: Level | None  # None: 未评价 (skipped)
    indicators: tuple[Indicator, ...]
    comment: str
    channel: RatingChannel
    rated_at: datetime
    clerk: str  # the account of the clerk who handled the service (handleusername)
    followup: FollowUp | None = None

    @property
    def is_rated(self) -> bool:
        return self.level is not None

    @property
    def is_bad(self) -> bool:
        return self.level is not None and self.level.is_bad

    @property
    def label(self) -> str:
        return self.level.label if self.level is not None else NOT_RATED_LABEL

    @classmethod
    def rate(
        cls,
        *,
        service_number: str,
        is_bundle: bool,
        level: Level,
        indicators: Sequence[Indicator] = (),
        comment: str = "",
        channel: RatingChannel,
        rated_at: datetime,
        clerk: str,
        calendar: WorkdayCalendar,
        followup_days: int = DEFAULT_FOLLOWUP_DAYS,
    ) -> Rating:
        """The applicant's rating; a bad one opens its follow-up, due ``followup_days`` working days on."""
        if followup_days < 1:
            raise IllegalTransition("差评整改期限至少为 1 个工作日")
        chosen = check_indicators(level, indicators)
        said = _text("评价内容", comment, COMMENT_MAX_LENGTH, required=False)
        followup = None
        if level.is_bad:
            deadline = calendar.add_working_days(rated_at.date(), followup_days)
            followup = FollowUp(rated_at.date(), deadline.date, not deadline.verified)
        return cls(service_number, is_bundle, level, chosen, said, channel, rated_at, clerk, followup)

    @classmethod
    def skipped(
        cls, *, service_number: str, is_bundle: bool, channel: RatingChannel, rated_at: datetime, clerk: str
    ) -> Rating:
        """The applicant did not rate (未评价): stored as such, never counted as satisfied."""
        return cls(service_number, is_bundle, None, (), "", channel, rated_at, clerk)

    # -- the follow-up of a bad rating ---------------------------------------------------------------------

    def _add(self, step: Step, today: date) -> Rating:
        followup = self.followup
        if followup is None:
            raise IllegalTransition(f"{self.service_number} 的评价为「{self.label}」，不是差评，无需整改")
        expected = followup.next_step()
        if expected is None:
            raise IllegalTransition(
                f"{self.service_number} 的差评已于 {followup.answered_on} 回复，整改已办结"
            )
        if step.kind is not expected:
            raise IllegalTransition(
                f"{self.service_number} 的差评现在应当{expected.label}，不能{step.kind.label}"
            )
        last = followup.steps[-1].on if followup.steps else followup.opened_on
        if step.on < last:
            raise IllegalTransition(f"{step.kind.label}日期不能早于 {last.isoformat()}")
        if step.on > today:
            raise IllegalTransition(f"{step.kind.label}日期不能晚于今天")
        return replace(self, followup=replace(followup, steps=(*followup.steps, step)))

    def verify(self, *, by: str, on: date, text: str, founded: bool, today: date) -> Rating:
        """核实: what the supervisor found, and whether the complaint is borne out (founded)."""
        said = _text("核实情况", text, STEP_TEXT_MAX_LENGTH, required=True)
        return self._add(Step(StepKind.VERIFY, on, by, said, founded), today)

    def rectify(self, *, by: str, on: date, text: str, today: date) -> Rating:
        """整改: what was changed (only after a founded complaint was verified)."""
        said = _text("整改措施", text, STEP_TEXT_MAX_LENGTH, required=True)
        return self._add(Step(StepKind.RECTIFY, on, by, said), today)

    def answer(self, *, by: str, on: date, text: str, today: date) -> Rating:
        """回复: what the applicant was told; closes the follow-up."""
        said = _text("回复内容", text, STEP_TEXT_MAX_LENGTH, required=True)
        return self._add(Step(StepKind.ANSWER, on, by, said), today)


@dataclass(frozen=True)
class RectificationRate:
    """回访整改率 of the bad ratings given in a period."""

    bad: int  # bad ratings given in the period
    in_time: int  # answered (and rectified where founded) by their due date
    late: int  # answered late, or still open past the due date
    pending: int  # still open, not yet due: not counted either way

    @property
    def counted(self) -> int:
        return self.in_time + self.late

    @property
    def rate(self) -> float | None:
        """in_time / counted (None when no follow-up is due yet)."""
        return self.in_time / self.counted if self.counted else None

    @property
    def percent(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{rate * 100:.1f}%"


def rectification_rate(ratings: Iterable[Rating], *, today: date) -> RectificationRate:
    """回访整改率 over ``ratings`` (the caller picks the period): follow-ups still open and not yet due
    are pending, the others in time or late."""
    bad = in_time = late = pending = 0
    for rating in ratings:
        followup = rating.followup
        if followup is None:
            continue
        bad += 1
        if followup.in_time:
            in_time += 1
        elif followup.is_open and not followup.overdue(today):
            pending += 1
        else:
            late += 1
    return RectificationRate(bad, in_time, late, pending)
