"""``hallapp audit verify`` over a large register: the chain walked and every case recomputed from its
events and compared with its rows.

    python benchmarks/verify_bench.py [--cases 100000] [--open-share 0.2]

Fills a fresh SQLite database as ``board_bench`` does (cases, applicants, materials, one printed document
each), but with decision events that carry the case's values as ``intake.store_case`` writes them
(``case_trail.decision_values``), chained as ``audit_repo.record`` chains them. Then measures, once each:
the chain alone (``verify_chain``), the register check alone (``check_register``) and the whole
``verify_audit`` as the audit administrator runs it; and checks that a case changed afterwards is named.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text

from benchmarks import board_bench
from hallapp.config import resolve_paths
from hallapp.domain.access import Principal, Role
from hallapp.services.audit import verify_audit
from hallapp.services.bootstrap import open_app
from hallapp.services.case_trail import decision_values
from hallapp.services.register_check import check_register
from hallapp.store import audit_chain
from hallapp.store.case_models import Applicant, AuditEvent, Case, CaseMaterial

AUDITOR = Principal("bench.auditor", "审计员", Role.AUDITOR, "")


def _trail_with_values(session, case_ids) -> None:
    """Decision events carrying the values (as ``store_case`` records them), then a print event each."""
    table = Case.__table__
    materials: dict[int, list] = {}
    for row in session.execute(select(CaseMaterial.__table__)):
        materials.setdefault(row.case_id, []).append(SimpleNamespace(**row._mapping))
    applicants = {
        row.id: SimpleNamespace(**row._mapping) for row in session.execute(select(Applicant.__table__))
    }
    seq, prev = audit_chain.next_link(session)
    events = []
    for row in session.execute(select(table).order_by(table.c.id)):
        case = SimpleNamespace(**row._mapping)
        detail = {"matter": case.matter_code, "window": case.window}
        detail.update(decision_values(case, materials.get(case.id, []), applicants[case.applicant_id]))
        for action, body in (
            (
                f"case.{case.decision}",
                json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str),
            ),
            ("document.print", '{"kind": "RECEIPT"}'),
        ):
            at = datetime.now(UTC)
            content = audit_chain.canonical(
                seq=seq,
                at=at,
                actor="bench.clerk",
                action=action,
                object_type="case",
                object_id=case.case_number,
                outcome="ok",
                detail=body,
            )
            digest = audit_chain.link_hash(prev, content)
            events.append(
                {
                    "seq": seq,
                    "prev_hash": prev,
                    "hash": digest,
                    "at": at,
                    "actor": "bench.clerk",
                    "action": action,
                    "object_type": "case",
                    "object_id": case.case_number,
                    "outcome": "ok",
                    "detail": body,
                }
            )
            seq, prev = seq + 1, digest
        if len(events) >= 20_000:
            session.execute(insert(AuditEvent), events)
            events = []
    if events:
        session.execute(insert(AuditEvent), events)


def _reset_peak() -> None:
    """Start measuring the process's peak memory afresh (Linux: VmHWM reset by clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _floor(database: Path) -> int:
    """The least any check must do, in the same run: read every event and every case with plain sqlite3
    and hash each event's content once (no ORM, no comparison)."""
    import hashlib
    import sqlite3

    connection = sqlite3.connect(database)
    try:
        count = 0
        for row in connection.execute(
            "SELECT prev_hash, at, actor, action, object_id, detail FROM audit_event"
        ):
            hashlib.sha256("".join(str(v) for v in row).encode("utf-8")).hexdigest()
            count += 1
        for _row in connection.execute("SELECT * FROM cases"):
            count += 1
        return count
    finally:
        connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--open-share", type=float, default=0.2)
    args = parser.parse_args()
    board_bench._documents_and_trail = _trail_with_values  # the same register, a trail with values
    with tempfile.TemporaryDirectory(prefix="hallapp-verify-") as folder:
        context = open_app(resolve_paths(folder))
        start = time.perf_counter()
        board_bench.fill(context, args.cases, args.open_share, 1)
        print(f"filled {args.cases:,} cases and their trail in {time.perf_counter() - start:.1f} s")
        size = Path(context.paths.database_file).stat().st_size / 2**20
        with context.uow() as uow:
            average = uow.session.execute(
                text("SELECT avg(length(detail)) FROM audit_event WHERE action LIKE 'case.%'")
            ).scalar_one()
        print(f"database {size:.0f} MB; a decision event's detail averages {average:.0f} characters")
        floor_s, rows = timed(lambda: _floor(Path(context.paths.database_file)))
        print(f"floor: plain sqlite3  {floor_s:6.1f} s   ({rows:,} events and cases read, each event hashed)")
        with context.uow() as uow:
            chain_s, chain = timed(lambda: audit_chain.verify_chain(uow.session))
        print(f"chain alone            {chain_s:6.1f} s   ({chain.count:,} events, whole: {chain.ok})")
        for run in ("cold", "warm"):
            _reset_peak()
            with context.uow() as uow:
                register_s, register = timed(lambda: check_register(uow.session))
            print(
                f"register alone ({run})  {register_s:6.1f} s   ({register.checked:,} cases compared,"
                f" {len(register.differences)} differences; peak memory {_peak_mb():.0f} MB)"
            )
        context.principal = AUDITOR
        whole_s, report = timed(lambda: verify_audit(context.uow(write=True)))
        print(
            f"verify_audit (both)    {whole_s:6.1f} s   ok: {report.ok}   {whole_s / floor_s:.1f}x the floor"
        )
        with context.uow(write=True) as uow:
            uow.session.execute(
                text(
                    "UPDATE cases SET deferral_deadline = date(deferral_deadline, '+30 days') WHERE id = (SELECT max(id) FROM cases WHERE decision = 'deferred')"
                )
            )
            uow.commit()
        tampered_s, tampered = timed(lambda: verify_audit(context.uow(write=True)))
        print(
            f"after one change       {tampered_s:6.1f} s   {tampered.findings[0] if tampered.findings else '(nothing found!)'}"
        )
        context.close()
    return 0 if report.ok and not tampered.ok else 1


if __name__ == "__main__":
    sys.exit(main())
