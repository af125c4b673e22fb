"""What the screen facing the applicant says of an intake, worked out from the clerk's intake page.

Everything here is read from the page's own state, synchronously on its signals: no database, no worker,
nothing that could lag behind the clerk's screen. The applicant's name is shown, the ID and phone masked
as on a receipt; review notes (审查要点), licence numbers and the clerk's messages are never put here.

A material the clerk has not looked at yet reads 待核对, never 缺少: a row is looked at once something was
recorded for it, the clerk pressed a checklist key on it (Delete on an empty row says "not brought"), or
the clerk's cursor left it (``LookedAt``, fed by ``window_facing``). Until every row is looked at the
verdict line says the materials are being checked — unless what is in already makes every matter
acceptable — so a first Space never shows the applicant a red 不能受理 for rows nobody has checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from hallapp.domain.identity import is_foreign_permanent_id, mask_id, mask_phone, normalise_id, phone_problem
from hallapp.domain.intake import MaterialCheck, Outcome, Verdict, VerdictKind, deferral_days

if TYPE_CHECKING:
    from hallapp.domain.catalogue import Guide, MaterialRequirement
    from hallapp.domain.workdays import WorkdayCalendar
    from hallapp.ui.intake_page import IntakePage

ID_LENGTH = 18
WAITING = "待核对"
STATE_WORDS = {
    Outcome.RECEIVED: "已收取",
    Outcome.LICENCE: "电子证照（免提交）",
    Outcome.DEFERRED: "容缺后补",
    Outcome.MISSING: "缺少",
    Outcome.NOT_NEEDED: "未提交（非必要）",
}
STATE_COLOURS = {
    Outcome.RECEIVED: "#047857",
    Outcome.LICENCE: "#047857",
    Outcome.DEFERRED: "#c2410c",
    Outcome.MISSING: "#b91c1c",
    Outcome.NOT_NEEDED: "#64748b",
}
WAITING_COLOUR = "#475569"
VERDICT_COLOURS = {
    VerdictKind.ACCEPTABLE: "#047857",
    VerdictKind.ACCEPTABLE_WITH_MISSING: "#c2410c",
    VerdictKind.NOT_ACCEPTABLE: "#b91c1c",
}
CHECKING = "工作人员正在核对您的材料，请稍候"
VERDICT_WORDS = {
    VerdictKind.ACCEPTABLE: "材料齐全，可以受理",
    VerdictKind.ACCEPTABLE_WITH_MISSING: "可以容缺受理：签署承诺书后先受理，缺少的材料在期限内补交",
    VerdictKind.NOT_ACCEPTABLE: "材料不齐，暂不能受理：工作人员将一次性告知您需补齐的全部材料",
}
INSTANT_WORDS = "材料齐全，当场办结"
EXPLAINED = "暂不能受理，请听工作人员说明"  # rule problems only: the clerk explains, no internal words here


# -- what the screen says, worked out from the intake page ---------------------------------------------------


@dataclass(frozen=True)
class FacingIntake:
    """Everything the facing screen shows of one intake, in the applicant's words."""

    title: str  # 办理事项：… or 一件事一次办：…
    applicant: str  # 申请人：name  身份证：masked  电话：masked
    rows: tuple[tuple[str, str, str], ...]  # (material, state in words, colour)
    verdict: str
    verdict_colour: str
    missing: str = ""  # 还缺：…
    deadline: str = ""  # 容缺后补：…，请在 N 个工作日内（…前）补交
    extra: tuple[str, ...] = field(default=())  # a bundle: one line per matter


def has_input(check: MaterialCheck) -> bool:
    """Something was recorded for the material (original, copies, 容缺, an e-licence)."""
    return check.original_seen or check.copies > 0 or check.deferred or check.licence is not None


class LookedAt:
    """The materials of the intake on the page that the clerk has looked at (see the module's words).

    Kept by requirement, so a situation answered (rows coming or going) leaves the others as they were."""

    def __init__(self) -> None:
        self.seen: set[MaterialRequirement] = set()

    def clear(self) -> None:
        self.seen.clear()

    def add(self, check: MaterialCheck) -> None:
        self.seen.add(check.requirement)

    def __call__(self, check: MaterialCheck) -> bool:
        return has_input(check) or check.requirement in self.seen


def state_words(check: MaterialCheck, *, checking: bool) -> tuple[str, str]:
    """What happened to one material, in words and colour; before the clerk looked, 待核对."""
    outcome = check.outcome
    if checking and not has_input(check):
        return WAITING, WAITING_COLOUR
    words = STATE_WORDS[outcome]
    if outcome is Outcome.MISSING and (check.original_seen or check.copies):
        words = f"缺少（{check.shortfall.removeprefix('缺')}）"  # part of it handed in
    return words, STATE_COLOURS[outcome]


def material_name(check: MaterialCheck) -> str:
    need = check.requirement
    owner = need.owner_label
    return f"{need.name}（{owner}）" if owner and not need.concerns_agent else need.name


def masked_id(text: str) -> str:
    """The ID as a receipt prints it, once it is whole; a part-typed number shows nothing of itself
    (masking each partial number would show a different four digits at every key)."""
    value = normalise_id(text)
    if not value:
        return ""
    whole = len(value) == ID_LENGTH or is_foreign_permanent_id(value)  # 18, or a 2017 foreign card's 15
    return mask_id(value) if whole else "（正在录入）"


def masked_phone(text: str) -> str:
    if not text.strip():
        return ""
    return mask_phone(text.strip()) if phone_problem(text) is None else "（正在录入）"


def applicant_line(page: IntakePage) -> str:
    form = page.form
    given = form.applicant_input()
    person = given.kind == "person"
    parts = [f"{'申请人' if person else '申请单位'}：{given.name.strip() or '—'}"]
    number = masked_id(given.id_number)
    if number:
        parts.append(f"{'身份证' if person else '信用代码'}：{number}")
    phone = masked_phone(given.phone)
    if phone:
        parts.append(f"电话：{phone}")
    agent = form.agent_input()
    if agent is not None and agent.name.strip():
        parts.append(f"代理人：{agent.name.strip()}")
    return "　".join(parts)


def deadline_words(
    calendar: WorkdayCalendar | None, default_days: int, guide: Guide, verdict: Verdict, today: date
) -> str:
    if calendar is None or verdict.kind is not VerdictKind.ACCEPTABLE_WITH_MISSING:
        return ""  # refused: nothing is deferred yet, whatever the clerk marked 容缺
    days = deferral_days(guide, default_days)
    deadline = calendar.add_working_days(today, days)
    on = deadline.date
    names = "、".join(c.requirement.name for c in verdict.deferred)
    tentative = "" if deadline.verified else "（以工作人员告知为准）"
    return f"容缺后补：{names}；请在 {days} 个工作日内（{on.year}年{on.month}月{on.day}日前）补交{tentative}"


def missing_words(verdict: Verdict) -> str:
    if not verdict.missing:
        return ""
    return "还缺：" + "、".join(material_name(c) for c in verdict.missing)


def verdict_words(verdict: Verdict) -> str:
    if verdict.kind is VerdictKind.NOT_ACCEPTABLE and not verdict.missing and verdict.problems:
        return EXPLAINED
    if verdict.kind is VerdictKind.ACCEPTABLE and verdict.instant:
        return INSTANT_WORDS
    return VERDICT_WORDS[verdict.kind]


def describe_intake(
    page: IntakePage, today: date | None = None, looked: LookedAt | None = None
) -> FacingIntake | None:
    """What the facing screen shows of the intake on ``page`` (None: no intake there); ``looked``: the
    rows the clerk has looked at (None: every row, once the clerk marked one)."""
    checklist = page.checklist
    verdicts = page.verdicts()
    if checklist is None or not verdicts:
        return None
    # Before the clerk marked anything there is no verdict yet (the page says what to do): the same here.
    # After that, a row nobody looked at is still 待核对, and the verdict waits for every row.
    acceptable = all(v.acceptable for _g, v in verdicts)
    started = getattr(page, "_started", True)
    seen = [started and (looked is None or looked(c)) for c in checklist.checks]
    rows = tuple(
        (material_name(c), *state_words(c, checking=not shown))
        for c, shown in zip(checklist.checks, seen, strict=True)
    )
    checking = not acceptable and not all(seen)
    bundle = page.bundle
    title = f"一件事一次办：{bundle.name}" if bundle is not None else f"办理事项：{verdicts[0][0].name}"
    when = today or date.today()
    if checking:
        return FacingIntake(title, applicant_line(page), rows, CHECKING, WAITING_COLOUR)
    if bundle is None:
        guide, verdict = verdicts[0]
        return FacingIntake(
            title,
            applicant_line(page),
            rows,
            verdict_words(verdict),
            VERDICT_COLOURS[verdict.kind],
            missing_words(verdict),
            deadline_words(page.calendar, page.deferral_default, guide, verdict, when),
        )
    worst = max((v.kind for _g, v in verdicts), key=list(VerdictKind).index)
    lines = []
    for guide, verdict in verdicts:
        said = [verdict_words(verdict), missing_words(verdict)]
        said.append(deadline_words(page.calendar, page.deferral_default, guide, verdict, when))
        lines.append(f"{guide.name}：" + "；".join(s for s in said if s))
    return FacingIntake(
        title,
        applicant_line(page),
        rows,
        "各事项分别办理：",
        VERDICT_COLOURS[worst],
        extra=tuple(lines),
    )
