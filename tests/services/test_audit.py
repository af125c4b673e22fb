"""The audit chain through the use cases: every change is chained, the verifier and the command line
find tampering, and a head printed on paper proves a cut-off tail."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from itertools import pairwise

import pytest
from sqlalchemy import select

from hallapp.cli import main
from hallapp.domain.lifecycle import Channel
from hallapp.services.audit import CHECKPOINT_KEY, audit_head, check_printed_head, verify_audit
from hallapp.services.documents import produce_documents
from hallapp.services.followup import record_supplement
from hallapp.services.intake import Decision, IntakeError, MaterialInput, submit_intake
from hallapp.services.settings import CounterSettings, HallSettings, save_hall
from hallapp.store import audit_chain, catalogue_repo
from hallapp.store.case_models import AuditEvent
from tests.people import ADMIN, AUDITOR, CHEAP, PASSWORD, acting_as, create_accounts
from tests.services.intake_helpers import guide_for, request, with_deferred

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)


@pytest.fixture
def context(ready_context):
    return ready_context


@pytest.fixture
def db_file(context):
    if context.paths.database_file is None:
        pytest.skip("tampering with the file needs SQLite")
    return context.paths.database_file


def submit(context, req):
    return submit_intake(context.uow(write=True), req, settings=SETTINGS, calendar=context.calendar, now=AT)


def verify(context):
    """Verify the chain as the audit administrator, whose task it is."""
    with acting_as(context, AUDITOR):
        return verify_audit(context.uow(write=True))


def rename_hall(context, name: str) -> None:
    """The administrator changes a hall setting (one audited ``settings.save``)."""
    with acting_as(context, ADMIN):
        assert save_hall(context.uow(write=True), HallSettings(hall_name=name))


def a_day_at_the_counter(context) -> list[str]:
    """Accept, defer, refuse, print, supplement and save settings: the numbers of the cases made."""
    employment, subsidy = guide_for(context, "就业登记"), guide_for(context, "创业培训补贴申领")
    accepted = submit(context, request(employment, Decision.ACCEPT))
    deferred = submit(
        context, request(subsidy, Decision.DEFER, with_deferred(subsidy), commitment_signed=True)
    )
    nothing = tuple(MaterialInput() for _ in employment.materials_for({}))
    refused = submit(context, request(employment, Decision.REFUSE, nothing))
    for number in (accepted.number, deferred.number, refused.number):
        produce_documents(context.uow(write=True), number, data_dir=context.paths.data_dir, settings=SETTINGS)
    name = next(m.name for m in subsidy.materials_for({}) if m.deferrable)
    record_supplement(
        context.uow(write=True),
        deferred.number,
        [name],
        on=date(2026, 10, 9),
        channel=Channel.POST,
        today=date(2026, 10, 9),
    )
    rename_hall(context, "坪山区政务服务中心（一）")
    return [accepted.number, deferred.number, refused.number]


def tamper(db_file, *statements: str) -> None:
    """What someone with the sqlite3 tool could do: drop the triggers, then edit rows."""
    connection = sqlite3.connect(db_file)
    try:
        connection.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


@pytest.fixture
def auditor_account(context, monkeypatch):
    """The audit administrator's account, for the command line (which signs in with ``--user``)."""
    from hallapp.services import accounts

    monkeypatch.setattr(accounts, "default_hasher", lambda: CHEAP)
    create_accounts(context, AUDITOR)
    monkeypatch.setenv("HALLAPP_PASSWORD", PASSWORD)
    return AUDITOR


def cli(context, *args: str, user: str = AUDITOR.username) -> int:
    return main(
        [
            "audit",
            *args,
            "--data-dir",
            str(context.paths.data_dir),
            "--database-url",
            context.paths.database_url,
            "--user",
            user,
        ]
    )


def test_every_use_case_extends_one_whole_chain(context):
    numbers = a_day_at_the_counter(context)
    with context.uow() as uow:
        events = uow.session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars().all()
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert len(events) >= 9  # 3 decisions (+ approval), 4 documents, a supplement, the settings
        assert {"case.accepted", "document.print", "case.supplement", "settings.save"} <= {
            e.action for e in events
        }
        assert {e.object_id for e in events} >= set(numbers)
        # every event names an account: the installation's start-up, the clerk, the administrator
        assert {e.actor for e in events} == {"system", "zhang.san", "sun.admin"}
        assert {e.actor for e in events if e.action == "settings.save"} == {"sun.admin"}
        assert events[0].prev_hash == audit_chain.GENESIS
        assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(events))
        last_seq, last_head = events[-1].seq, events[-1].hash[:16]
        assert audit_chain.chain_head(uow.session) == last_head
    head = audit_head(context.uow())
    assert (head.count, head.head) == (last_seq, last_head)
    report = verify(context)
    assert report.ok and report.count == last_seq and report.head == last_head and report.first_broken is None


def test_a_failed_use_case_leaves_the_chain_as_it_was(context):
    a_day_at_the_counter(context)
    before = audit_head(context.uow())
    guide = guide_for(context, "就业登记")
    with pytest.raises(IntakeError, match="不能出具一次性告知书"):  # refused inside the transaction
        submit(context, request(guide, Decision.REFUSE))
    assert audit_head(context.uow()) == before
    assert verify(context).ok


def test_verification_remembers_the_head_and_then_notices_a_cut_off_tail(context, db_file):
    a_day_at_the_counter(context)
    assert verify(context).ok
    state = audit_head(context.uow())
    with context.uow() as uow:
        assert catalogue_repo.get_setting(uow.session, CHECKPOINT_KEY) == f"{state.count}:{state.last_hash}"
    tamper(db_file, f"DELETE FROM audit_event WHERE seq >= {state.count - 1}")
    report = verify(context)
    assert not report.ok and report.first_broken == state.count - 1 and "截断" in report.reason
    with context.uow() as uow:  # a failed verification does not move the checkpoint back
        assert catalogue_repo.get_setting(uow.session, CHECKPOINT_KEY) == f"{state.count}:{state.last_hash}"


def test_a_printed_head_is_checked_against_the_chain(context, db_file):
    a_day_at_the_counter(context)
    printed = audit_head(context.uow())  # what a receipt printed now would carry
    rename_hall(context, "坪山区政务服务中心（二）")
    assert check_printed_head(context.uow(), printed.head, printed.count).ok
    assert check_printed_head(context.uow(), printed.head).ok
    tamper(db_file, f"DELETE FROM audit_event WHERE seq >= {printed.count}")
    report = check_printed_head(context.uow(), printed.head, printed.count)
    assert not report.ok and report.first_broken == printed.count
    with pytest.raises(ValueError):
        check_printed_head(context.uow(), "not-hex!")


@pytest.mark.parametrize(
    ("statements", "broken", "words"),
    [
        (["UPDATE audit_event SET actor = '王五' WHERE seq = 4"], 4, "被修改"),
        (["DELETE FROM audit_event WHERE seq = 3"], 3, "缺失"),
        (
            [
                "CREATE TEMP TABLE t AS SELECT * FROM audit_event WHERE seq IN (2, 5)",
                *(
                    f"UPDATE audit_event SET {c} = (SELECT {c} FROM t WHERE t.seq = 7 - audit_event.seq) WHERE seq IN (2, 5)"
                    for c in ("object_id", "action", "detail")
                ),
            ],
            2,
            "被修改",
        ),
    ],
    ids=["edited", "deleted", "swapped"],
)
def test_tampering_is_found_at_the_first_broken_record(context, db_file, statements, broken, words):
    a_day_at_the_counter(context)
    tamper(db_file, *statements)
    report = verify(context)
    assert not report.ok and report.first_broken == broken and words in report.reason


def test_cli_verify_and_head(context, db_file, capsys, auditor_account):
    a_day_at_the_counter(context)
    before = audit_head(context.uow())
    assert cli(context, "head") == 0
    state = audit_head(context.uow())  # signing in is itself recorded before the head is read
    assert state.count == before.count + 1
    assert capsys.readouterr().out.strip() == f"链头 {state.head}，共 {state.count} 条记录"
    assert cli(context, "verify") == 0
    state = audit_head(context.uow())
    assert capsys.readouterr().out.strip() == (
        f"审计链完整：{state.count} 条记录，链头 {state.head}；登记簿与审计记录相符（核对 3 件办件）"
    )
    assert cli(context, "verify", "--head", before.head, "--count", str(before.count)) == 0
    assert cli(context, "verify", "--head", "xyz") == 2
    assert "十六进制" in capsys.readouterr().err

    tamper(db_file, "UPDATE audit_event SET outcome = 'failed' WHERE seq = 2")
    assert cli(context, "verify") == 1
    assert capsys.readouterr().err.strip().startswith("审计链在第 2 条记录处断裂：记录内容与其校验值不符")


def test_cli_audit_is_the_audit_administrators(context, capsys, auditor_account):
    create_accounts(
        context, ADMIN
    )  # the administrator exists already (the auditor's account was made by them)
    with acting_as(context, ADMIN):
        pass
    assert cli(context, "verify", user=ADMIN.username) != 0
    assert "无权查看和导出审计记录" in capsys.readouterr().err


def test_cli_verify_finds_a_cut_off_tail_from_a_printed_head(context, db_file, capsys, auditor_account):
    a_day_at_the_counter(context)
    printed = audit_head(context.uow())
    tamper(db_file, f"DELETE FROM audit_event WHERE seq = {printed.count}")
    assert cli(context, "verify", "--head", printed.head) == 1  # never verified before: only the paper knows
    assert "截断" in capsys.readouterr().err
