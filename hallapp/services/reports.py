"""The window's daily close report (窗口日结报表): the day's cases and bundles, the follow-up work on the
window's deferred cases (supplements, extensions, reminders, terminations, withdrawals), and the audit
chain's head with its record count."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from hallapp.domain.access import Permission, check
from hallapp.domain.lifecycle import Channel
from hallapp.printing.model import DaySection, DocumentData, DocumentKind, HistoryLine
from hallapp.services.cases import DECISION_LABELS, local, todays_cases
from hallapp.services.documents import ProducedDocument, _write, bundle_name
from hallapp.services.people import display_names
from hallapp.services.settings import CounterSettings
from hallapp.store import audit_chain, audit_repo, case_repo
from hallapp.store.case_models import AuditEvent, Case
from hallapp.store.db import UnitOfWork

# The follow-up events a window's day reports, in the order of the report's sections.
FOLLOW_UPS = {
    "case.supplement": "当日补正",
    "case.extend": "当日延期",
    "case.remind": "当日催补",
    "case.terminate": "当日终止办理",
    "case.withdraw": "当日撤回",
}
REMINDER_METHODS = {"letter": "书面通知", "phone": "电话", "sms": "短信"}  # as services.followup
FOLLOW_UP_COLUMNS = ("时间", "受理编号", "事项 / 申请人 / 内容", "经办")


def daily_close(uow: UnitOfWork, *, day: date, settings: CounterSettings, data_dir: Path) -> ProducedDocument:
    """Print and archive the day's report of this window; its audit head and count let the audit
    administrator see any later rewrite or truncation of today's trail. Recorded in the trail itself."""
    check(uow.principal, Permission.INTAKE)
    from hallapp.printing.documents import render

    rows = list(reversed(todays_cases(uow, window=settings.window, day=day)))
    counts = Counter(row.decision for row in rows)
    totals = "，".join(
        f"{DECISION_LABELS[k]} {counts[k]}" for k in ("accepted", "deferred", "refused") if counts[k]
    )
    with uow:
        session = uow.session
        bundles = _bundles(session, day, settings.window)
        follow_ups = _follow_ups(session, day, settings.window)
        done = Counter({heading: len(lines) for heading, lines in follow_ups.items()})
        work = "，".join(f"{heading[2:]} {done[heading]} 件" for heading in FOLLOW_UPS.values())
        seal = audit_chain.chain_state(session)
        head = seal.head
        data = DocumentData(
            kind=DocumentKind.DAILY_CLOSE,
            case_number=f"RJ-{day:%Y%m%d}-{settings.window}",
            hall_name=settings.hall_name,
            matter_name="窗口日结",
            matter_code="",
            department="",
            applicant_name="",
            applicant_id_masked="",
            phone_masked="",
            received_at=datetime.combine(day, datetime.min.time()),
            window=settings.window,
            clerk=uow.principal.display_name if uow.principal is not None else settings.clerk,  # 制表人
            issued_on=day,
            audit_head=head,
            audit_count=seal.count,
            paper=settings.paper,  # type: ignore[arg-type]
            history=tuple(
                HistoryLine(
                    row.received_at,
                    row.number,
                    row.decision_label,
                    f"{row.matter_name} / {row.applicant_name} / 经办：{row.clerk}",
                )
                for row in rows
            ),
            day_sections=tuple(
                [bundles] * bool(bundles.lines)
                + [
                    DaySection(heading, FOLLOW_UP_COLUMNS, tuple(follow_ups[heading]))
                    for heading in FOLLOW_UPS.values()
                    if follow_ups.get(heading)
                ]
            ),
            note=f"合计 {len(rows)} 件"
            + (f"：{totals}" if totals else "")
            + f"；一件事 {len(bundles.lines)} 件；容缺跟踪：{work}",
        )
        content = render(data)
        folder = Path("archive") / f"{day:%Y}" / f"{day:%m}"
        stem = f"daily-close-{day:%Y%m%d}-{settings.window}"
        taken = (
            sum(1 for _p in (data_dir / folder).glob(f"{stem}*.pdf")) if (data_dir / folder).is_dir() else 0
        )
        relative = folder / (
            f"{stem}.pdf" if not taken else f"{stem}-{taken + 1}.pdf"
        )  # never over an earlier one
        _write(data_dir / relative, content)
        audit_repo.record(
            session,
            actor=uow.actor,
            action="report.daily_close",
            object_type="report",
            object_id=data.case_number or "",
            cases=len(rows),
            head=head,
            sha256=hashlib.sha256(content).hexdigest(),
        )
        uow.commit()
    return ProducedDocument(DocumentKind.DAILY_CLOSE, data_dir / relative, False)


def _day(day: date) -> tuple[datetime, datetime]:
    since = datetime.combine(day, time.min)  # local time, as the counter's day
    return since, since + timedelta(days=1)


def _bundles(session: Session, day: date, window: str) -> DaySection:
    """The 一件事 received at ``window`` on ``day``: number, name, applicant and the cases it made."""
    since, until = _day(day)
    members: dict[str, list[Case]] = defaultdict(list)
    for case in case_repo.list_cases(session, since=since, until=until, window=window, limit=100_000):
        if case.bundle_ref:
            members[case.bundle_ref].append(case)
    lines = []
    for reference, cases in members.items():
        cases.sort(key=lambda c: (c.received_at, c.id or 0))
        first = cases[0]
        numbers = "\n".join(c.case_number or c.notice_number or "" for c in cases)  # a number never wraps
        lines.append(
            (
                f"{local(first.received_at):%H:%M}",
                reference,
                f"{bundle_name(session, first.bundle_code)} / {first.applicant_name}：\n{numbers}",
                f"{len(cases)} 件",
            )
        )
    lines.sort()
    return DaySection(
        "当日一件事", ("时间", "一件事编号", "一件事 / 申请人 / 所含办件", "办件数"), tuple(lines)
    )


def _follow_ups(session: Session, day: date, window: str) -> dict[str, list[tuple[str, str, str, str]]]:
    """The follow-up work recorded on ``day`` on the deferred cases this window took in, by section."""
    since, until = _day(day)
    events = list(
        session.execute(
            select(AuditEvent)
            .where(
                col(AuditEvent.at) >= since,
                col(AuditEvent.at) < until,
                col(AuditEvent.object_type) == "case",
                col(AuditEvent.action).in_(list(FOLLOW_UPS)),
            )
            .order_by(col(AuditEvent.seq))
        ).scalars()
    )
    cases = {number: case_repo.case_by_number(session, number) for number in {e.object_id for e in events}}
    details = {e.seq: _detail(e.detail) for e in events}
    names = display_names(
        session, [e.actor for e in events] + [str(details[e.seq].get("requested_by", "")) for e in events]
    )
    out: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for event in events:
        case = cases.get(event.object_id)
        if case is None or case.window != window:
            continue
        detail = details[event.seq]
        what = f"{case.matter_name} / {case.applicant_name}"
        said = _what_was_done(event.action, detail)
        who = names.get(event.actor, event.actor)
        if event.action == "case.extend":
            asker = names.get(str(detail.get("requested_by", "")), "")
            who = f"{asker}，{who}批准" if asker and asker != who else f"{who}批准"
        out[FOLLOW_UPS[event.action]].append(
            (f"{local(event.at):%H:%M}", event.object_id, f"{what}：{said}" if said else what, who)
        )
    return out


def _what_was_done(action: str, detail: dict[str, object]) -> str:
    if action == "case.supplement":
        try:
            channel = Channel(str(detail.get("channel", ""))).label
        except ValueError:
            channel = ""
        text = f"补交 {detail.get('materials', '')} 项" + (f"（{channel}）" if channel else "")
        return text + ("，材料已补齐" if detail.get("complete") else "")
    if action == "case.extend":
        return f"补正期限 {detail.get('previous', '')} 延至 {detail.get('new', '')}"
    if action == "case.remind":
        return REMINDER_METHODS.get(str(detail.get("method", "")), "")
    return ""


def _detail(raw: str) -> dict[str, object]:
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
