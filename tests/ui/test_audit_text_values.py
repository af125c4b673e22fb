"""The values a case's events carry, as the audit view shows them: plain Chinese, no JSON, no English
keys or codes, ID and phone numbers masked; an old record of a name typed at sign-in is not shown."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select

from hallapp.services.audit import AuditRow
from hallapp.store.case_models import AuditEvent
from hallapp.ui.audit_text import audit_line, detail_text
from tests.services.intake_helpers import resident_id
from tests.services.test_register_check import OPEN_ID, a_day

CODES = (
    "{",
    "}",
    '"',
    "case_number",
    "deferral_deadline",
    "awaiting_supplement",
    "terminated",
    "deferred",
    "received",
    "on_site",
    "phone",
    "True",
    "False",
    "None",
    "person",
    "inspect",
)


def test_every_case_event_reads_in_chinese_with_numbers_masked(ready_context):
    numbers = a_day(ready_context)
    with ready_context.uow() as uow:
        events = [
            (e.action, e.detail)
            for e in uow.session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
            if e.object_type == "case"
        ]
    assert {action for action, _ in events} >= {
        "case.accepted",
        "case.deferred",
        "case.refused",
        "case.supplement",
        "case.extend",
        "case.remind",
        "case.terminate",
        "case.withdraw",
    }
    for action, raw in events:
        shown = detail_text(action, raw)
        assert shown, action
        for code in CODES:
            assert code not in shown, (action, code, shown)
        assert OPEN_ID not in shown and resident_id() not in shown and "13812345678" not in shown
    decision = next(detail_text(a, d) for a, d in events if a == "case.deferred" and numbers["open"] in d)
    assert "补正期限 2026-10-13" in decision and "办理状态 待补正" in decision
    assert "申请人登记：" in decision and "证件号码 4403**********" in decision
    assert "联系电话 138****5678" in decision and "材料：（1）" in decision
    supplement = next(detail_text(a, d) for a, d in events if a == "case.supplement")
    assert "补交日期：2026-10-09" in supplement and "补交方式 邮寄" in supplement
    extension = next(detail_text(a, d) for a, d in events if a == "case.extend")
    assert "延期原因：台风停工" in extension and "补正期限 2026-10-20" in extension
    reminder = next(detail_text(a, d) for a, d in events if a == "case.remind")
    assert "催补方式 电话" in reminder and "催补次数 1" in reminder


def test_an_old_record_of_a_typed_user_name_is_not_shown():
    typed = "Secret-Pass-2026"  # typed into the user-name box, recorded so before this was fixed
    row = AuditRow(
        7,
        datetime(2026, 10, 9, 2, 0, tzinfo=UTC),
        typed.lower(),
        "login.failure",
        "account",
        typed.lower(),
        "failure",
        json.dumps({"reason": "unknown_user"}),
    )
    line = audit_line(row, {})
    assert typed.lower() not in line.actor + line.object + line.username + line.detail
    assert line.actor.startswith("未知用户") and line.detail == "原因：没有此用户名"


def test_the_audit_view_names_a_case_changed_beside_the_program(qtbot, ready_context):
    import sqlite3

    from hallapp.domain.access import Role
    from hallapp.ui.audit_dialog import AuditDialog
    from tests.ui.admin_helpers import make_people, session_ops

    if ready_context.paths.database_file is None:
        return  # changing a row beside the program needs the SQLite file
    numbers = a_day(ready_context)
    connection = sqlite3.connect(ready_context.paths.database_file)
    connection.execute(
        f"UPDATE cases SET deferral_deadline = '2026-11-12' WHERE case_number = '{numbers['open']}'"
    )
    connection.commit()
    connection.close()
    opened = session_ops(ready_context, make_people(ready_context))
    ops = next(opened)(Role.AUDITOR)
    dialog = AuditDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.verify()
    qtbot.waitUntil(lambda: "登记簿" in dialog.message.text(), timeout=10000)
    text = dialog.message.text()
    assert text.startswith("审计链完整，但登记簿有 1 处与审计记录不符")
    assert f"办件 {numbers['open']} 的 补正期限 与审计记录不符：记录为 2026-10-13，现为 2026-11-12" in text
    assert f"办件 {numbers['open']} 的 补正期限" in dialog.message.toolTip()
    next(opened, None)  # wait for the workers


def test_a_bundle_is_named_in_chinese_and_a_password_upgrade_is_not_shown():
    bundle = json.dumps({"bundle": "newborn", "bundle_name": "新生儿出生一件事", "cases": 3})
    shown = detail_text("bundle.submit", bundle)
    assert "新生儿出生一件事" in shown and "newborn" not in shown and "3" in shown
    assert "密码加密" not in detail_text("login.success", json.dumps({"rehashed": False}))
