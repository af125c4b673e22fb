"""What the intake page says about its verdict: the coloured headline, the lines under it, the action's
words. Pure functions over the domain's verdicts, so the page only shows what they return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hallapp.domain.catalogue import Guide
from hallapp.domain.intake import MaterialCheck, Verdict, VerdictKind, deferral_days
from hallapp.domain.workdays import WorkdayCalendar
from hallapp.services.intake_inputs import Decision

VERDICT_STYLE = {
    VerdictKind.ACCEPTABLE: ("#047857", "#ecfdf5"),
    VerdictKind.ACCEPTABLE_WITH_MISSING: ("#c2410c", "#fff7ed"),
    VerdictKind.NOT_ACCEPTABLE: ("#b91c1c", "#fef2f2"),
}
INSTANT_ACTION_TEXT = "受理并当场办结（秒批）"
ACTION_TEXT = {
    VerdictKind.ACCEPTABLE: "受理并打印回执",
    VerdictKind.ACCEPTABLE_WITH_MISSING: "容缺受理并打印承诺书、通知书",
    VerdictKind.NOT_ACCEPTABLE: "出具一次性告知书",
}
PENDING_TEXT = "请逐项核对材料（空格：收齐；Delete：未提交）"
PENDING_ACTION = "请先核对材料"
NEUTRAL_BACKGROUND = "#f1f5f9"
CONFIRM_REFUSAL = "申请人未提交任何材料。\n确定出具一次性告知书吗？这将占用一个办件编号。"

DECISIONS = {
    VerdictKind.ACCEPTABLE: Decision.ACCEPT,
    VerdictKind.ACCEPTABLE_WITH_MISSING: Decision.DEFER,
    VerdictKind.NOT_ACCEPTABLE: Decision.REFUSE,
}


def awaiting_check(verdicts: list[Verdict], *, started: bool) -> bool:
    """Before the clerk has marked any material there is no verdict yet, only what to do: an untouched
    list would read as 不予受理 and offer the one-time notice before anything was looked at. Nothing is
    awaited when e-licences alone already make every matter acceptable."""
    return not started and not all(v.acceptable for v in verdicts)


def refusal_needs_confirmation(verdicts: list[Verdict], checks: tuple[MaterialCheck, ...]) -> bool:
    """A one-time notice for an applicant who handed in nothing at all uses a number: ask first."""
    nothing_in = not any(c.original_seen or c.copies or c.licence is not None for c in checks)
    return bool(verdicts) and all(not v.acceptable for v in verdicts) and nothing_in


def action_allowed(verdicts: list[Verdict], *, commitment_signed: bool, started: bool = True) -> bool:
    """Whether the one decision key may act: not before the materials are looked at, a deferral needs
    the signed commitment, and a one-time notice needs something to tell (refused only for rule problems
    is no decision at all)."""
    if not verdicts or awaiting_check(verdicts, started=started):
        return False
    if any(v.kind is VerdictKind.ACCEPTABLE_WITH_MISSING for v in verdicts) and not commitment_signed:
        return False
    return any(v.acceptable or v.missing for v in verdicts)


@dataclass(frozen=True)
class VerdictText:
    html: str
    action: str
    background: str
    deferring: bool  # some matter would be accepted with missing documents: the commitment is asked


def deferral_line(calendar: WorkdayCalendar | None, default_days: int, guide: Guide, verdict: Verdict) -> str:
    """The deferred materials and their deadline, flagged when counted over a year without a schedule."""
    if calendar is None:
        return ""
    days = deferral_days(guide, default_days)
    deadline = calendar.add_working_days(date.today(), days)
    flag = f"  <b style='color:#b91c1c;'>※ {deadline.note}</b>" if not deadline.verified else ""
    names = "、".join(c.requirement.name for c in verdict.deferred)
    return f"容缺材料：{names}；补正期限 <b>{deadline.date.year}年{deadline.date.month}月{deadline.date.day}日</b>（{days} 个工作日）{flag}"


def verdict_lines(
    calendar: WorkdayCalendar | None, default_days: int, guide: Guide, verdict: Verdict
) -> list[str]:
    lines = []
    if verdict.kind is VerdictKind.ACCEPTABLE_WITH_MISSING:
        lines.append(deferral_line(calendar, default_days, guide, verdict))
    if verdict.missing:
        lines.append("缺少：" + "；".join(f"{c.requirement.name}（{c.shortfall}）" for c in verdict.missing))
    if verdict.problems:
        lines.append("；".join(verdict.problems))
    if verdict.instant:
        lines.append("秒批事项：材料已全部核验，受理后当场办结")
    return lines


def pending_text() -> VerdictText:
    """The panel before any material is marked: what to do, in neutral colours, no verdict yet."""
    html = f"<span style='font-size:13pt; font-weight:bold; color:#334155;'>{PENDING_TEXT}</span>"
    return VerdictText(html, PENDING_ACTION, NEUTRAL_BACKGROUND, False)


def verdict_text(
    verdicts: list[tuple[Guide, Verdict]],
    *,
    bundle: bool,
    calendar: WorkdayCalendar | None,
    default_days: int,
    started: bool = True,
) -> VerdictText:
    """The verdict panel of one matter, or of every matter of a bundle (what to do, until started)."""
    if awaiting_check([v for _g, v in verdicts], started=started):
        return pending_text()
    kinds = [v.kind for _g, v in verdicts]
    worst = max(kinds, key=list(VerdictKind).index)
    colour, background = VERDICT_STYLE[worst]
    if not bundle:
        guide, verdict = verdicts[0]
        lines = [
            f"<span style='font-size:14pt; font-weight:bold; color:{colour};'>{verdict.kind.label}</span>"
        ]
        lines += verdict_lines(calendar, default_days, guide, verdict)
        action = INSTANT_ACTION_TEXT if verdict.instant else ACTION_TEXT[verdict.kind]
    else:
        lines = [f"<span style='font-size:12pt; font-weight:bold; color:{colour};'>各事项分别办理：</span>"]
        for guide, verdict in verdicts:  # one line per matter: the checklist above keeps the height
            c, _b = VERDICT_STYLE[verdict.kind]
            label = "当场办结（秒批）" if verdict.instant else verdict.kind.label
            details = [
                line for line in verdict_lines(calendar, default_days, guide, verdict) if "秒批" not in line
            ]
            lines.append(
                f"<b>{guide.name}</b>：<span style='color:{c};'>{label}</span>"
                + (f"　<span style='color:#334155;'>{'；'.join(details)}</span>" if details else "")
            )
        action = "一件事一次办：按各事项结果办理并打印回执"
    return VerdictText("<br>".join(lines), action, background, VerdictKind.ACCEPTABLE_WITH_MISSING in kinds)
