"""The register recomputed from the audit trail: a case changed beside the program is named, with the
field, by ``verify_audit`` and ``hallapp audit verify``; an untouched register is clean; cases older
than the values in their events are counted as uncheckable, never called tampered."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime

import pytest
from sqlalchemy import select

from hallapp.cli import main
from hallapp.domain.lifecycle import Channel
from hallapp.services.audit import verify_audit
from hallapp.services.followup import (
    extend_deadline,
    record_reminders,
    record_supplement,
    terminate_case,
    withdraw_case,
)
from hallapp.services.intake import Decision, MaterialInput, submit_intake
from hallapp.services.intake_inputs import ApplicantInput
from hallapp.services.register_check import check_register, replay
from hallapp.services.settings import CounterSettings
from hallapp.store.case_models import AuditEvent
from tests.people import AUDITOR, CHEAP, PASSWORD, SUPERVISOR, acting_as, create_accounts
from tests.services.intake_helpers import guide_for, request, resident_id, with_deferred

SETTINGS = CounterSettings(window="08", clerk="李四", case_prefix="PS")
AT = datetime(2026, 9, 30, 10, 15)  # a deferral deadline of 2026-10-13
OPEN_ID = resident_id("44030819900101131")  # the applicant of the case left open


@pytest.fixture
def db_file(ready_context):
    if ready_context.paths.database_file is None:
        pytest.skip("changing rows beside the program needs the SQLite file")
    return ready_context.paths.database_file


def submit(context, req, at=AT):
    return submit_intake(context.uow(write=True), req, settings=SETTINGS, calendar=context.calendar, now=at)


def a_day(context) -> dict[str, str]:
    """Accepted, deferred (supplemented, extended, reminded, terminated, withdrawn) and refused cases."""
    employment, subsidy = guide_for(context, "就业登记"), guide_for(context, "创业培训补贴申领")
    deferrable = next(m.name for m in subsidy.materials_for({}) if m.deferrable)

    def person(body: str, name: str) -> ApplicantInput:
        return ApplicantInput("person", name, resident_id(body), "13812345678")

    numbers = {
        "accepted": submit(context, request(employment, Decision.ACCEPT)).number,
        "refused": submit(
            context,
            request(
                employment, Decision.REFUSE, tuple(MaterialInput() for _ in employment.materials_for({}))
            ),
        ).number,
    }
    for key, body, name in (
        ("open", "44030819900101131", "陈晓明"),
        ("supplemented", "44030819900101132", "林小红"),
        ("extended", "44030819900101133", "王大力"),
        ("withdrawn", "44030819900101134", "赵一"),
    ):
        req = request(
            subsidy,
            Decision.DEFER,
            with_deferred(subsidy),
            applicant=person(body, name),
            commitment_signed=True,
        )
        numbers[key] = submit(context, req).number
    uow = context.uow
    record_supplement(
        uow(write=True),
        numbers["supplemented"],
        [deferrable],
        on=date(2026, 10, 9),
        channel=Channel.POST,
        today=date(2026, 10, 9),
    )
    extend_deadline(
        uow(write=True),
        numbers["extended"],
        date(2026, 10, 20),
        "台风停工",
        approver=SUPERVISOR,
        today=date(2026, 10, 12),
    )
    record_reminders(uow(write=True), [numbers["extended"], numbers["open"]], method="phone")
    terminate_case(uow(write=True), numbers["extended"], today=date(2026, 10, 21))
    withdraw_case(uow(write=True), numbers["withdrawn"], today=date(2026, 10, 9))
    return numbers


def verify(context):
    with acting_as(context, AUDITOR):
        return verify_audit(context.uow(write=True))


def change(db_file, *statements: str) -> None:
    """What someone with the sqlite3 tool could do to the register (the trail left alone)."""
    connection = sqlite3.connect(db_file)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def test_an_untouched_register_matches_its_trail(ready_context):
    numbers = a_day(ready_context)
    report = verify(ready_context)
    assert report.ok, report.findings
    assert report.cases_checked == len(numbers) and report.cases_uncheckable == 0
    assert report.findings == ()


def test_a_supplement_deadline_moved_by_30_days_is_named(ready_context, db_file):
    numbers = a_day(ready_context)
    change(
        db_file,
        f"UPDATE cases SET deferral_deadline = date(deferral_deadline, '+30 days') "
        f"WHERE case_number = '{numbers['open']}'",
    )
    report = verify(ready_context)
    assert not report.ok and report.first_broken is None
    assert f"办件 {numbers['open']} 的 补正期限 与审计记录不符：记录为 2026-10-13，现为 2026-11-12" in (
        report.findings
    )
    assert len(report.findings) == 1  # nothing else is called changed


def test_an_open_case_marked_supplemented_is_named_with_each_field(ready_context, db_file):
    numbers = a_day(ready_context)
    number = numbers["open"]
    change(
        db_file,
        f"UPDATE cases SET state = 'supplemented' WHERE case_number = '{number}'",
        "UPDATE case_material SET outcome = 'supplemented', arrived_on = '2026-10-09' "
        f"WHERE outcome = 'deferred' AND case_id = (SELECT id FROM cases WHERE case_number = '{number}')",
    )
    findings = verify(ready_context).findings
    assert f"办件 {number} 的 办理状态 与审计记录不符：记录为 待补正，现为 已补齐" in findings
    material = [line for line in findings if "材料情况" in line]
    assert len(material) == 1 and material[0].startswith(f"办件 {number} 的 第 ")
    assert "记录为 容缺后补，现为 已补交" in material[0]
    assert any("补交日期 与审计记录不符：记录为 （空），现为 2026-10-09" in line for line in findings)
    assert all(line.startswith(f"办件 {number} ") for line in findings)


def test_an_applicant_renamed_in_the_file_is_named(ready_context, db_file):
    numbers = a_day(ready_context)
    change(
        db_file,
        f"UPDATE applicant SET name = '陈小明' WHERE id_number = '{OPEN_ID}'",
        f"UPDATE cases SET applicant_name = '王小力' WHERE case_number = '{numbers['extended']}'",
    )
    findings = verify(ready_context).findings
    assert (
        f"办件 {numbers['open']} 的 申请人登记的 姓名（名称） 与审计记录不符：记录为 陈晓明，现为 陈小明"
        in (findings)
    )
    assert f"办件 {numbers['extended']} 的 申请人 与审计记录不符：记录为 王大力，现为 王小力" in findings
    assert len(findings) == 2


def test_extensions_reminders_and_a_case_slipped_in_are_checked(ready_context, db_file):
    numbers = a_day(ready_context)
    change(
        db_file,
        "UPDATE case_extension SET new = '2026-12-31', reason = '无'",
        "DELETE FROM case_reminder WHERE method = 'phone' AND case_id = "
        f"(SELECT id FROM cases WHERE case_number = '{numbers['open']}')",
        f"UPDATE cases SET reminder_count = 0 WHERE case_number = '{numbers['open']}'",
        "INSERT INTO cases (case_number, matter_id, matter_code, matter_name, department_name, applicant_id,"
        " applicant_name, applicant_phone, agent_name, agent_id_number, agent_phone, decision, state,"
        " received_at, promised_unverified, deferral_unverified, situation_answers, reminder_count, window,"
        " clerk, clerk_username, closed_by, hall_name, note) SELECT 'PS2026999999', matter_id, matter_code,"
        " matter_name, department_name, applicant_id, applicant_name, applicant_phone, '', '', '',"
        " 'accepted', 'accepted', received_at, 0, 0, '[]', 0, window, clerk, clerk_username, '', hall_name, ''"
        f" FROM cases WHERE case_number = '{numbers['accepted']}'",
    )
    findings = verify(ready_context).findings
    extended = numbers["extended"]
    assert (
        f"办件 {extended} 的 第 1 次延期的 新期限 与审计记录不符：记录为 2026-10-20，现为 2026-12-31"
        in findings
    )
    assert f"办件 {extended} 的 第 1 次延期的 延期原因 与审计记录不符：记录为 台风停工，现为 无" in findings
    assert f"办件 {numbers['open']} 的 催补条数 与审计记录不符：记录为 1，现为 0" in findings
    assert f"办件 {numbers['open']} 的 催补次数 与审计记录不符：记录为 1，现为 （空）" in findings
    assert any(line.startswith("办件 PS2026999999 的 受理记录 与审计记录不符") for line in findings)


def test_old_cases_without_values_are_uncheckable_not_tampered(ready_context, db_file):
    numbers = a_day(ready_context)
    # what a case decided before events carried values looks like: its decision holds only counts
    change(
        db_file,
        "DROP TRIGGER IF EXISTS audit_event_no_update",
        'UPDATE audit_event SET detail = \'{"matter": "x", "missing": 0}\' '
        f"WHERE action = 'case.accepted' AND object_id = '{numbers['accepted']}'",
    )
    with ready_context.uow() as uow:
        report = check_register(uow.session)
    assert report.ok and report.uncheckable == 1 and report.checked == len(numbers) - 1
    assert report.lines == ("1 件办件的审计记录不含办理内容，无法核对（旧记录）",)


def test_the_check_pages_through_the_register(ready_context, db_file):
    numbers = a_day(ready_context)
    change(db_file, f"UPDATE cases SET window = '99' WHERE case_number = '{numbers['withdrawn']}'")
    with ready_context.uow() as uow:
        by_two = check_register(uow.session, page=2)
        whole = check_register(uow.session, page=500)
    assert by_two == whole and by_two.checked == len(numbers)
    assert [d.text for d in by_two.differences] == [
        f"办件 {numbers['withdrawn']} 的 窗口 与审计记录不符：记录为 08，现为 99"
    ]


def test_every_case_event_carries_what_it_set(ready_context):
    numbers = a_day(ready_context)
    with ready_context.uow() as uow:
        rows = uow.session.execute(
            select(AuditEvent.action, AuditEvent.detail)
            .where(AuditEvent.object_id == numbers["extended"])
            .order_by(AuditEvent.seq)
        ).all()
    details = {action: json.loads(detail) for action, detail in rows}
    decision = details["case.deferred"]
    assert decision["case"]["deferral_deadline"] == "2026-10-13"
    assert decision["applicant"]["name"] == "王大力"
    assert any(m.get("outcome") == "deferred" for m in decision["materials"])
    assert details["case.extend"]["set"]["deferral_deadline"] == "2026-10-20"
    assert details["case.extend"]["reason"] == "台风停工"
    assert details["case.remind"]["reminder"]["method"] == "phone"
    assert details["case.terminate"]["set"]["state"] == "terminated"
    replayed = replay(list(rows))
    assert replayed is not None and replayed.case["state"] == "terminated"
    assert replayed.case["closed_on"] == "2026-10-21" and len(replayed.extensions) == 1


def test_the_command_line_names_the_case_and_the_field(ready_context, db_file, monkeypatch, capsys):
    from hallapp.services import accounts

    numbers = a_day(ready_context)
    monkeypatch.setattr(accounts, "default_hasher", lambda: CHEAP)
    create_accounts(ready_context, AUDITOR)
    monkeypatch.setenv("HALLAPP_PASSWORD", PASSWORD)
    args = [
        "audit",
        "verify",
        "--data-dir",
        str(ready_context.paths.data_dir),
        "--database-url",
        ready_context.paths.database_url,
        "--user",
        AUDITOR.username,
    ]
    assert main(args) == 0
    assert "登记簿与审计记录相符" in capsys.readouterr().out
    change(
        db_file,
        f"UPDATE cases SET deferral_deadline = '2026-11-12' WHERE case_number = '{numbers['open']}'",
    )
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"办件 {numbers['open']} 的 补正期限 与审计记录不符：记录为 2026-10-13，现为 2026-11-12" in err
    assert "登记簿有 1 处与审计记录不符" in err


def test_ids_in_findings_are_masked(ready_context, db_file):
    numbers = a_day(ready_context)
    other = resident_id("44030819900101127")
    change(
        db_file,
        f"UPDATE applicant SET id_number = '{other}' WHERE id_number = '{OPEN_ID}'",
    )
    findings = verify(ready_context).findings
    assert findings and all(other not in line and OPEN_ID not in line for line in findings)
    assert any(numbers["open"] in line and "4403**********" in line for line in findings)


def test_the_command_line_takes_the_seal_as_printed_on_a_receipt(ready_context, monkeypatch, capsys):
    import re

    from hallapp.services import accounts
    from hallapp.services.documents import produce_documents
    from tests.printing.pdfcheck import text

    numbers = a_day(ready_context)
    (receipt, *_rest) = produce_documents(
        ready_context.uow(write=True),
        numbers["accepted"],
        data_dir=ready_context.paths.data_dir,
        settings=SETTINGS,
    )
    printed = re.search(r"校验：([0-9a-f]{16})·(\d+)", text(receipt.path.read_bytes()))
    assert printed is not None, "the receipt's footer carries 16 hex digits and the record count"
    head, count = printed.groups()
    monkeypatch.setattr(accounts, "default_hasher", lambda: CHEAP)
    create_accounts(ready_context, AUDITOR)
    monkeypatch.setenv("HALLAPP_PASSWORD", PASSWORD)

    def verify_cli(*extra: str) -> int:
        return main(
            [
                "audit",
                "verify",
                *extra,
                "--data-dir",
                str(ready_context.paths.data_dir),
                "--database-url",
                ready_context.paths.database_url,
                "--user",
                AUDITOR.username,
            ]
        )

    assert verify_cli("--head", printed.group(0)) == 0  # the footer as it reads, 校验：head·count
    assert f"文书上打印的链头 {head}（第 {count} 条记录）仍在审计链上" in capsys.readouterr().out
    assert verify_cli("--head", head, "--count", count) == 0
    assert verify_cli("--head", head[:8], "--count", count) == 0  # an old paper's 8 digits
    assert verify_cli("--head", f"{head}·{int(count) + 1}") == 1  # not the record at that position
    capsys.readouterr()
    assert verify_cli("--head", f"{head}·{count}", "--count", str(int(count) + 1)) == 2
    assert "不一致" in capsys.readouterr().err


def test_the_exported_trail_masks_what_the_events_carry(ready_context, tmp_path):
    from hallapp.services.audit import export_trail

    a_day(ready_context)
    target = tmp_path / "trail.csv"
    with acting_as(ready_context, AUDITOR):
        assert export_trail(ready_context.uow(write=True), target) > 0
    content = target.read_text(encoding="utf-8-sig")
    assert "办理状态" not in content  # the file keeps the values as data, for a program to read
    assert OPEN_ID not in content and "13812345678" not in content
    assert OPEN_ID[:4] + "**********" + OPEN_ID[-4:] in content and "138****5678" in content
