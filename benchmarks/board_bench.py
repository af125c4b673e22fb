"""The follow-up board over a large register: how long it takes to open and to filter.

    python benchmarks/board_bench.py [--cases 100000] [--open-share 0.2] [--runs 7]

Fills a fresh SQLite database (shipped catalogue) with N cases written directly as rows (applicants,
cases, materials; a share of them deferred and still open, with deadlines spread over two months),
then measures, in this process:
- open: ``board_rows`` (two queries, rows built, working days left, sorted) plus filling the Qt table
  model offscreen — what the clerk waits for when the board opens (target ≤ 300 ms);
- filter: ``BoardFilter.apply`` over the loaded rows for a text search, a window, a status and a
  combination (target ≤ 50 ms each).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from hallapp.config import resolve_paths
from hallapp.domain.identity import resident_id_check_char
from hallapp.services.board import BoardFilter, board_rows
from hallapp.services.bootstrap import open_app
from hallapp.store import audit_chain
from hallapp.store import models as m
from hallapp.store.case_models import Applicant, AuditEvent, Case, CaseDocument, CaseMaterial

OPEN_TARGET_MS, FILTER_TARGET_MS = 300, 50
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def fill(context, cases: int, open_share: float, seed: int) -> int:
    rng = random.Random(seed)
    today = date.today()
    with context.uow(write=True) as uow:
        session = uow.session
        matters = session.execute(select(m.Matter.id, m.Matter.code, m.Matter.name)).all()
        applicants = []
        for i in range(cases):
            body = f"4403{rng.randint(1, 9)}{rng.randint(0, 9)}19{rng.randint(50, 99)}0{rng.randint(1, 9)}1{rng.randint(0, 8)}{i % 1000:03d}"
            applicants.append(
                {
                    "kind": "person",
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    "id_number": body + resident_id_check_char(body),
                    "phone": f"138{rng.randint(10_000_000, 99_999_999)}",
                    "legal_representative": "",
                    "contact_name": "",
                    "created_at": datetime.now(UTC),
                    "updated_at": datetime.now(UTC),
                }
            )
        unique = {a["id_number"]: a for a in applicants}
        session.execute(insert(Applicant), list(unique.values()))
        ids = dict(session.execute(select(Applicant.id_number, Applicant.id)).all())
        rows, open_count = [], 0
        for i, applicant in enumerate(applicants):
            matter_id, code, name = rng.choice(matters)
            deferred = rng.random() < open_share
            open_count += deferred
            rows.append(
                {
                    "case_number": f"PB{2026}{i + 1:07d}",
                    "notice_number": None,
                    "matter_id": matter_id,
                    "matter_code": code,
                    "matter_name": name,
                    "department_name": "深圳市坪山区人力资源局",
                    "applicant_id": ids[applicant["id_number"]],
                    "applicant_name": applicant["name"],
                    "applicant_phone": applicant["phone"],
                    "agent_name": "",
                    "agent_id_number": "",
                    "agent_phone": "",
                    "decision": "deferred" if deferred else "accepted",
                    "state": "awaiting_supplement" if deferred else "completed",
                    "received_at": datetime.now(UTC) - timedelta(days=rng.randint(0, 60)),
                    "promised_date": today,
                    "promised_unverified": False,
                    "deferral_deadline": today + timedelta(days=rng.randint(-20, 40)) if deferred else None,
                    "deferral_unverified": False,
                    "window": f"{rng.randint(1, 24):02d}",
                    "clerk": f"窗口{rng.randint(1, 24)}",
                    "hall_name": "深圳市坪山区政务服务中心",
                    "note": "",
                    "situation_answers": "[]",
                    "commitment_signed_at": datetime.now(UTC) if deferred else None,
                    "reminder_count": 0,
                }
            )
        session.execute(insert(Case), rows)
        case_ids = session.execute(select(Case.id, Case.decision, Case.deferral_deadline)).all()
        materials = [
            {
                "case_id": cid,
                "sort_order": 1,
                "name": "本人银行账户信息",
                "required": True,
                "deferrable": True,
                "originals_required": 0,
                "original_handling": "inspect",
                "copies_required": 1,
                "original_seen": False,
                "copies_received": 0,
                "outcome": "deferred",
                "outcome_label": "容缺（后补）",
                "shortfall": "缺复印件1份",
                "deadline": deadline,
                "notes": "",
            }
            for cid, decision, deadline in case_ids
            if decision == "deferred"
        ]
        if materials:
            session.execute(insert(CaseMaterial), materials)
        _documents_and_trail(session, case_ids)
        uow.commit()
    return open_count


def _documents_and_trail(session, case_ids) -> None:
    """What a hall's register holds beside each case: its printed document and its audit events (the
    decision and the print), chained exactly as ``audit_repo.record`` chains them, written in bulk."""
    numbers = dict(session.execute(select(Case.id, Case.case_number)).all())
    session.execute(
        insert(CaseDocument),
        [
            {
                "case_id": cid,
                "kind": "DEFERRAL_NOTICE" if decision == "deferred" else "RECEIPT",
                "path": f"archive/bench/{numbers[cid]}.pdf",
                "sha256": "0" * 64,
                "is_copy": False,
                "created_at": datetime.now(UTC),
                "created_by": "bench.clerk",
            }
            for cid, decision, _deadline in case_ids
        ],
    )
    seq, prev = audit_chain.next_link(session)
    events = []
    for cid, decision, _deadline in case_ids:
        for action, detail in (
            (f"case.{decision}", '{"matter": "bench"}'),
            ("document.print", '{"kind": "RECEIPT"}'),
        ):
            at = datetime.now(UTC)
            content = audit_chain.canonical(
                seq=seq,
                at=at,
                actor="bench.clerk",
                action=action,
                object_type="case",
                object_id=numbers[cid],
                outcome="ok",
                detail=detail,
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
                    "object_id": numbers[cid],
                    "outcome": "ok",
                    "detail": detail,
                }
            )
            seq, prev = seq + 1, digest
    session.execute(insert(AuditEvent), events)


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--open-share", type=float, default=0.2)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from hallapp.ui.board_model import BoardModel

    app = QApplication(sys.argv)  # noqa: F841 - the model needs one
    with tempfile.TemporaryDirectory(prefix="hallapp-board-") as folder:
        context = open_app(resolve_paths(folder))
        start = time.perf_counter()
        open_count = fill(context, args.cases, args.open_share, 1)
        print(
            f"filled {args.cases:,} cases ({open_count:,} open deferred) in {time.perf_counter() - start:.1f} s"
        )
        calendar = context.calendar
        model = BoardModel()

        def open_board():
            rows = board_rows(context.uow(), calendar=calendar)
            model.set_rows(rows)
            return rows

        open_times, rows = timed(open_board, args.runs)
        print(
            f"open the board        median {statistics.median(open_times):7.1f} ms   max {max(open_times):7.1f} ms"
            f"   ({len(rows):,} rows)"
        )
        sample = rows[len(rows) // 2]
        filters = {
            "search by name": BoardFilter(text=sample.applicant_name),
            "search by number": BoardFilter(text=sample.number[-6:]),
            "window": BoardFilter(window=sample.window),
            "status 逾期": BoardFilter(status="逾期"),
            "window + status + text": BoardFilter(
                window=sample.window, status=sample.status_label, text="王"
            ),
        }
        worst = 0.0
        for label, board_filter in filters.items():
            times, kept = timed(lambda f=board_filter: f.apply(rows), args.runs)
            worst = max(worst, statistics.median(times))
            print(f"filter {label:<22} median {statistics.median(times):6.2f} ms   ({len(kept):,} rows)")
        context.close()
    ok = statistics.median(open_times) <= OPEN_TARGET_MS and worst <= FILTER_TARGET_MS
    print(
        f"{'PASS' if ok else 'FAIL'}: open <= {OPEN_TARGET_MS} ms, every filter <= {FILTER_TARGET_MS} ms (medians)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
