"""Audit trail (审计链) use cases: verify the chain, show its head, check a head printed on paper.

Every change writes one audit event, chained to the previous one by its hash (``store.audit_chain``).
A verification walks the whole chain. Because a chain cut short at its newest end still looks whole,
each successful verification also remembers where the chain ended (a checkpoint in the ``setting``
table) and the next one checks that this point is still on the chain; a head printed on a receipt or
a close report can be checked the same way with ``check_printed_head``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from hallapp.domain.access import Permission, check
from hallapp.services.case_trail import masked
from hallapp.services.continuity import audit_against_journal, gap_words
from hallapp.services.register_check import check_register
from hallapp.store import audit_chain, audit_repo
from hallapp.store import catalogue_repo as settings_repo
from hallapp.store.audit_chain import ChainReport, ChainState
from hallapp.store.case_models import AuditEvent
from hallapp.store.db import UnitOfWork
from hallapp.store.journal import IssueJournal

CHECKPOINT_KEY = "audit.checkpoint"  # "<count>:<full hash>" of the chain at the last good verification


def audit_head(uow: UnitOfWork) -> ChainState:
    """How many audit events there are and the current head (the 16 hex digits printed on documents with the count)."""
    with uow:
        return audit_chain.chain_state(uow.session)


def verify_audit(
    uow: UnitOfWork, *, remember: bool = True, journal: IssueJournal | None = None
) -> ChainReport:
    """Check the whole audit chain; report the first broken event, or that it is whole.

    The chain must also still reach the point recorded by the last good verification (otherwise events
    were cut off its end). With ``remember`` (and a writing unit of work) a whole chain becomes the new
    checkpoint. On a whole chain the register is then recomputed from the trail (``register_check``):
    every case that differs is named with the field in ``findings`` and the report is not ok; cases too
    old to be replayed are counted, never called tampered.

    With ``journal`` (the issue journal kept outside the database) the trail must also still reach the
    head the journal saw last: cutting off the newest events and moving the in-database checkpoint along
    with them is found there.
    """
    check(uow.principal, Permission.AUDIT_READ)
    with uow:
        session = uow.session
        report = audit_chain.verify_chain(session)
        if not report.ok:
            return report
        gap = audit_against_journal(session, journal)
        if gap is not None:
            return replace(
                report,
                ok=False,
                first_broken=min(gap.database_seq + 1, gap.journal_seq),
                reason=gap_words(gap),
            )
        checkpoint = settings_repo.get_setting(session, CHECKPOINT_KEY, "")
        if checkpoint:
            count, _, last_hash = checkpoint.partition(":")
            anchored = audit_chain.verify_against(session, last_hash, int(count))
            if not anchored.ok:
                return anchored
        register = check_register(session)
        state = audit_chain.chain_state(session)
        if remember and state.count and checkpoint != f"{state.count}:{state.last_hash}":
            settings_repo.set_setting(session, CHECKPOINT_KEY, f"{state.count}:{state.last_hash}")
            uow.commit()
        report = replace(
            report,
            findings=register.lines,
            cases_checked=register.checked,
            cases_uncheckable=register.uncheckable,
        )
        if register.ok:
            return report
        differing = len(register.differences) + register.unlisted
        return replace(
            report,
            ok=False,
            reason=f"审计链完整，但登记簿有 {differing} 处与审计记录不符（{len(register.tampered_cases)} 件办件）",
        )


def check_printed_head(uow: UnitOfWork, head: str, count: int | None = None) -> ChainReport:
    """Whether the audit head printed on a document (and the event count, if known) is still on a whole chain.

    Raises ``ValueError`` for a head that is not 8 to 64 hex digits.
    """
    with uow:
        report = audit_chain.verify_chain(uow.session)
        if not report.ok:
            return report
        return audit_chain.verify_against(uow.session, head, count)


def export_trail(uow: UnitOfWork, path: Path) -> int:
    """Write the whole audit trail to a CSV file for the audit administrator (审计管理员); recorded itself.

    A case's events carry the values they set, ID and phone numbers as the register stores them: the
    file masks them (as every document does). Cells that a spreadsheet would run as formulas are defused.
    """
    import csv

    from hallapp.services.export import neutralise

    check(uow.principal, Permission.AUDIT_READ)
    with uow:
        events = list(uow.session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())  # type: ignore[arg-type]
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(("序号", "时间", "人员", "操作", "对象类型", "对象", "结果", "说明", "哈希"))
            for e in events:
                writer.writerow(
                    [
                        neutralise(v)
                        for v in (
                            e.seq,
                            e.at.isoformat(),
                            e.actor,
                            e.action,
                            e.object_type,
                            e.object_id,
                            e.outcome,
                            masked(e.detail),
                            e.hash,
                        )
                    ]
                )
        audit_repo.record(
            uow.session,
            actor=uow.actor,
            action="audit.export",
            object_type="audit",
            object_id=path.suffix,
            rows=len(events),
        )
        uow.commit()
    return len(events)


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    outcome: str
    detail: str


def trail(uow: UnitOfWork, *, limit: int = 500) -> list[AuditRow]:
    """The newest audit records, for the audit administrator's browser (clerks are refused)."""
    check(uow.principal, Permission.AUDIT_READ)
    with uow:
        events = uow.session.execute(
            select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)  # type: ignore[attr-defined]
        ).scalars()
        return [
            AuditRow(e.seq, e.at, e.actor, e.action, e.object_type, e.object_id, e.outcome, e.detail)
            for e in events
        ]
