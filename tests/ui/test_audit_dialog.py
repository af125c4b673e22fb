"""审计记录: the audit administrator reads the trail in Chinese, checks the chain, exports it; anyone else
is told why before anything is loaded. The wording (``hallapp.ui.audit_text``) is checked without a window,
including that it knows every action, object and detail the program records."""

from __future__ import annotations

import ast
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

import hallapp
from hallapp.domain.access import Role
from hallapp.services.accounts import authenticate
from hallapp.services.audit import AuditRow
from hallapp.store.db import UnitOfWork
from hallapp.ui.audit_dialog import AuditDialog, AuditModel
from hallapp.ui.audit_text import (
    ACTIONS,
    DETAIL_KEYS,
    OBJECTS,
    OUTCOMES,
    REASONS,
    audit_line,
    detail_text,
    object_text,
)
from tests.ui.admin_helpers import HASHER, OTHER_ROLES, app_font, grab, make_people, session_ops

ENGLISH = ("ok", "failure", "denied", "account", "calendar_day", "wrong_password", "clerk", "True", "{", "}")


@pytest.fixture
def ops_for(ready_context):
    people = make_people(ready_context)
    with pytest.raises(Exception, match="用户名或密码错误"):  # a failed sign-in: a record with a reason
        authenticate(UnitOfWork(ready_context.engine, write=True), "lisi", "not-my-password", hasher=HASHER)
    yield from session_ops(ready_context, people)


def open_dialog(qtbot, ops) -> AuditDialog:
    dialog = AuditDialog(ops)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def cells(dialog: AuditDialog, role=Qt.ItemDataRole.DisplayRole) -> list[list[str]]:
    model = dialog.proxy
    return [
        [model.index(r, c).data(role) for c in range(model.columnCount())] for r in range(model.rowCount())
    ]


# --- who may look ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, *(r for r in OTHER_ROLES if r is not Role.AUDITOR)])
def test_anyone_but_the_audit_administrator_is_told_why_instead_of_an_empty_table(qtbot, ops_for, role):
    ops = ops_for(role)
    dialog = open_dialog(qtbot, ops)
    assert not dialog.allowed
    text = dialog.refusal.text()
    assert text.startswith("仅审计管理员可查看审计记录。")
    assert f"{role.label}（" in text and "无权查看和导出审计记录" in text
    for widget in (dialog.table, dialog.verify_button, dialog.export_button, dialog.filter_edit):
        assert widget.isHidden()
    assert not ops.busy(dialog, "audit-read")  # nothing was even asked of the database
    dialog.verify()
    dialog.export("trail.csv")
    assert not ops.busy(dialog, "audit-verify") and not ops.busy(dialog, "audit-export")
    assert dialog.width() <= 1366 and dialog.height() <= 700


# --- the audit administrator ----------------------------------------------------------------------------


def test_the_auditor_reads_the_trail_in_chinese_with_people_by_name(qtbot, ops_for):
    dialog = open_dialog(qtbot, ops_for(Role.AUDITOR))
    assert dialog.refusal.isHidden()
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() >= 5, timeout=5000)
    assert [dialog.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == list(
        AuditModel.COLUMNS
    )
    rows = cells(dialog)
    failed = next(r for r in rows if r[3] == "登录失败")
    assert failed[2] == "李四" and failed[4] == "账户 lisi" and failed[5] == "失败"
    assert failed[6] == "原因：密码错误；连续输错次数：1"
    created = [r for r in rows if r[3] == "新增账户"]
    assert len(created) == 4 and all(r[2] == "张管理" and r[5] == "成功" for r in created)
    assert "角色：审计管理员" in next(r[6] for r in created if r[4] == "账户 shenji")
    assert "首个管理员：是" in next(r[6] for r in created if r[4] == "账户 admin")
    for row in rows:
        for text in row[2:]:
            assert not any(word in text.split("：")[0] for word in ENGLISH), row
            assert text not in ("ok", "failure") and "{" not in text and "_" not in text, row
    tips = cells(dialog, Qt.ItemDataRole.ToolTipRole)
    assert tips[rows.index(failed)][2] == "用户名：lisi"
    assert dialog.chain_state.text().startswith("共 ") and "链头 " in dialog.chain_state.text()
    # a failure is red
    index = dialog.proxy.index(rows.index(failed), AuditModel.OUTCOME)
    assert index.data(Qt.ItemDataRole.ForegroundRole).name() == "#b91c1c"
    # filtering: Alt+F goes to the filter, the list narrows to what was typed
    dialog.filter_edit.setText("lisi")
    assert dialog.proxy.rowCount() >= 2 and all("lisi" in " ".join(r) for r in cells(dialog))
    dialog.filter_edit.clear()


def test_the_auditor_checks_the_chain_and_exports_it(qtbot, ops_for, tmp_path):
    ops = ops_for(Role.AUDITOR)
    dialog = open_dialog(qtbot, ops)
    qtbot.waitUntil(lambda: dialog.proxy.rowCount() >= 1, timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "审计链完整" in dialog.message.text(), timeout=5000)
    dialog.export(str(tmp_path / "trail.csv"))
    qtbot.waitUntil(lambda: "已导出" in dialog.message.text(), timeout=5000)
    assert dialog.message.text().endswith("到 trail.csv")
    qtbot.waitUntil(lambda: cells(dialog)[0][3] == "导出审计记录", timeout=5000)
    assert cells(dialog)[0][4] == "审计记录（CSV 文件）" and cells(dialog)[0][2] == "审计员"
    assert cells(dialog)[0][6].startswith("条数：")


def test_screenshot_of_the_audit_view(qtbot, qapp, ops_for, tmp_path):
    with app_font(qapp):
        dialog = open_dialog(qtbot, ops_for(Role.AUDITOR))
        qtbot.waitUntil(lambda: dialog.proxy.rowCount() >= 5, timeout=5000)
        shot = grab(dialog, "audit-dialog.png", tmp_path)
        refused = open_dialog(qtbot, ops_for(Role.CLERK))
        refused.move(QPoint(0, 0))
        grab(refused, "audit-dialog-refused.png", tmp_path)
    assert shot.stat().st_size > 10_000


# --- the wording, without a window ----------------------------------------------------------------------


def row(action: str, detail: dict, *, object_type: str = "case", object_id: str = "PS1", outcome: str = "ok"):
    at = datetime(2026, 10, 9, 2, 15, tzinfo=UTC)
    raw = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    return AuditRow(1, at, "wangke", action, object_type, object_id, outcome, raw)


def test_details_read_as_chinese_names_and_values():
    extend = row("case.extend", {"previous": "2026-10-13", "new": "2026-10-20", "approved_by": "wangke"})
    line = audit_line(extend, {"wangke": "王科长"})
    assert line.actor == "王科长" and line.username == "wangke" and line.action == "延期"
    assert line.detail == "原期限：2026-10-13；新期限：2026-10-20；审批人：王科长"
    assert detail_text("account.set_role", '{"previous": "clerk", "role": "supervisor"}') == (
        "原角色：窗口人员；新角色：科室负责人"
    )
    assert detail_text("calendar.set_day", '{"after": "holiday", "before": "normal", "name": "国庆节"}') == (
        "原为：正常；改为：节假日；名称：国庆节"
    )
    assert detail_text(
        "station.save", '{"changes": {"window": ["01", "08"], "community_centre": [false, true]}}'
    ) == ("修改：窗口号 01 → 08，党群服务中心模式 否 → 是")
    assert detail_text("document.print", '{"kind": "RECEIPT"}') == "文书：受理回执"
    assert detail_text("account.set_active", '{"active": false}') == "状态：停用"
    assert detail_text("x", '{"permission": "accounts", "replaced": ""}') == "所需权限：管理账户"
    assert object_text("calendar_year", "2027") == "2027 年节假日安排"
    assert object_text("settings", "hall") == "大厅设置"
    assert object_text("station", "08") == "本机设置（窗口 08）"
    assert audit_line(row("account.list", {}, outcome="denied"), {}).outcome == "无权限，已拒绝"


def _recorded() -> tuple[set[str], set[str], set[str], set[str], set[str]]:
    """Every action, object type, outcome and detail key the program writes to the trail (from its source)."""
    actions, objects, outcomes, keys, reasons = set(), set(), set(), set(), set()
    for path in Path(hallapp.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            named = {k.arg: k.value for k in node.keywords if k.arg}
            if name == "fail" and isinstance(node.func, ast.Name):  # accounts' failed sign-in closure
                keys.update(named)
                reasons.update(a.value for a in node.args[:1] if isinstance(a, ast.Constant))
            elif name == "record" and "object_type" in named:
                for key, value in named.items():
                    constants = [n.value for n in ast.walk(value) if isinstance(n, ast.Constant)]
                    strings = [c for c in constants if isinstance(c, str)]
                    if key == "action":
                        actions.update(s for s in strings if re.fullmatch(r"[a-z_]+\.[a-z_]+", s))
                    elif key == "object_type":
                        objects.update(strings)
                    elif key == "outcome":
                        outcomes.update(strings)
                    elif key == "reason":
                        reasons.update(strings)
                        keys.add(key)
                    elif key not in ("session", "actor", "object_id"):
                        keys.add(key)
    return actions, objects, outcomes, keys, reasons


def test_the_wording_knows_every_action_object_outcome_and_detail_the_program_records():
    actions, objects, outcomes, keys, reasons = _recorded()
    assert {
        "calendar.set_day",
        "account.create",
        "case.extend",
        "backup.restore",
    } <= actions  # the scan works
    decisions = {"case.accepted", "case.deferred", "case.refused"}  # f"case.{decision}"
    indirect = {
        "login.success",
        "session.unlock",
        "session.unlock_failure",
        "account.password_change_failure",
    }
    assert sorted((actions | decisions | indirect) - ACTIONS.keys()) == []
    assert sorted(objects - OBJECTS.keys()) == []
    assert sorted((outcomes | {"ok"}) - OUTCOMES.keys()) == []
    assert sorted(keys - DETAIL_KEYS.keys()) == []
    assert {"wrong_password", "unknown_user"} <= reasons
    assert sorted(reasons - REASONS.keys()) == []
