"""The audit trail in the audit administrator's words (审计记录的中文表述).

Records keep codes (``case.extend``, ``failure``, ``{"previous": "2026-10-12"}``) so that they stay
stable and checkable; the person reading them sees Chinese: the action, the object, the outcome, and
each detail as 名称：值. Qt-free, so the wording is tested without a window; the dialog only shows it.
A code this table does not know yet is shown as it is rather than hidden (a record must never vanish
from view), and a test keeps the table complete for every record the program writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from hallapp.domain.access import Permission, Role
from hallapp.domain.lifecycle import Channel
from hallapp.services import case_trail
from hallapp.services.cases import ACTION_LABELS, DECISION_LABELS
from hallapp.services.followup import REMINDER_METHODS
from hallapp.services.sign_in_secrecy import UNKNOWN_USER
from hallapp.ui import disclosure_audit, rating_audit

if TYPE_CHECKING:
    from hallapp.services.audit import AuditRow

ACTIONS = {
    **ACTION_LABELS,
    "case.accepted": "受理",
    "case.deferred": "容缺受理",
    "case.refused": "出具一次性告知书",
    "station.save": "保存本机设置",
    "backup.make": "备份数据",
    "backup.restore": "恢复备份",
    "account.list": "查看账户列表",
    "applicant.renamed": "更正申请人登记姓名",
    "continuity.loss": "发现数据库落后于已发出的编号",
    "numbering.advance": "编号越过已发出的号码",
    "licences.import": "导入电子证照",
    "counter.lock": "锁定窗口",
    "counter.sign_out": "退出登录",
    "counter.take_over": "在锁定时接替窗口",
    "catalogue.edit": "修改事项办事指南",
    "catalogue.bundle_edit": "修改一件事",
    "catalogue.import": "导入事项目录",
    "queue.link": "关联排队号票",
    **disclosure_audit.ACTIONS,
    **rating_audit.ACTIONS,
}
OUTCOMES = {"ok": "成功", "failure": "失败", "denied": "无权限，已拒绝"}
OBJECTS = {
    "case": "办件",
    "bundle": "一件事",
    "account": "账户",
    "calendar_day": "日历",
    "calendar_year": "年度节假日安排",
    "audit": "审计记录",
    "export": "办件导出",
    "report": "日结报表",
    "catalogue": "事项目录",
    "settings": "大厅设置",
    "station": "本机设置",
    "backup": "备份",
    "applicant": "申请人登记",
    "database": "数据库",
    "number_series": "编号序列",
    "licence_file": "证照文件",
    "counter": "窗口",
    "matter": "事项",
    "disclosure": disclosure_audit.OBJECT,
    "rating": rating_audit.OBJECT,
}
DETAIL_KEYS = {  # in the order details are shown: what it was, what it became, then the rest
    "previous": "原为",
    "how": "方式",
    "unchanged": "未变",
    "before": "原为",
    "after": "改为",
    "new": "新期限",
    "role": "角色",
    "first_admin": "首个管理员",
    "window": "窗口",
    "permission": "所需权限",
    "reason": "原因",
    "failed_logins": "连续输错次数",
    "locked_until": "锁定至",
    "rehashed": "密码加密已升级",
    "active": "状态",
    "rows": "条数",
    "bundle": "一件事编码",
    "bundle_name": "一件事",
    "cases": "办件数",
    "name": "名称",
    "file": "文件",
    "holidays": "节假日天数",
    "workdays": "调休上班天数",
    "replaced": "替换了",
    "added": "新增事项",
    "updated": "更新事项",
    "withdrawn": "停用事项",
    "bundles": "一件事变动",
    "kind": "文书",
    "batch": "批次文件",
    "since": "起始日期",
    "until": "截止日期",
    "materials": "材料件数",
    "channel": "递交方式",
    "complete": "已补齐",
    "missing": "缺少材料数",
    "method": "方式",
    "matter": "事项编码",
    "deferred": "容缺材料数",
    "licences": "电子证照数",
    "instant": "即办",
    "head": "审计链头",
    "sha256": "文件校验值",
    "approved_by": "审批人",
    "requested_by": "申请人员",
    "changes": "修改",
    "unattended": "无人值守（命令行）",
    "os_user": "本机用户名",
    "on": "补交日期",
    "old_name": "原登记姓名",
    "new_name": "更正为",
    "was": "原编号计数",
    "now": "现编号计数",
    "next": "下一个编号",
    "missing_numbers": "缺失的编号",
    "missing_count": "缺失编号数",
    "journal_seq": "日志中的审计记录条数",
    "database_seq": "数据库中的审计记录条数",
    "audit_rewritten": "审计记录被改写",
    "journal_found": "找到编号日志",
    "members": "办件",
    "version": "版本",
    "warnings": "已确认的提醒",
    "format": "文件格式",
    "digest": "文件校验值（SHA-256）",
    "refused": "有误未导入的事项数",
    "problems": "文件问题条数",
    "ticket": "排队号",
    "group": "业务分组",
    "issued_at": "取号时间",
    # the values a case's event set (see services.case_trail), shown last
    **case_trail.VALUE_KEYS,
    **disclosure_audit.KEYS,
    **rating_audit.KEYS,
}
# Not for people: the format of the values, the password hash's upgrade, a bundle's code (its name shows).
HIDDEN_KEYS = ("v", "rehashed")
# The same key means different things in different records.
DETAIL_KEYS_BY_ACTION = {
    **rating_audit.BY_ACTION,
    ("case.extend", "previous"): "原期限",
    ("counter.take_over", "previous"): "上一位工作人员",
    ("licences.import", "added"): "新增证照",
    ("licences.import", "updated"): "更新证照",
    ("licences.import", "unchanged"): "未变证照",
    ("account.set_role", "previous"): "原角色",
    ("account.set_role", "role"): "新角色",
    ("case.terminate", "missing"): "未补材料数",
    ("case.extend", "reason"): "延期原因",
    ("case.supplement", "materials"): "补交材料件数",
    ("bundle.submit", "cases"): "办件数",
    ("continuity.loss", "since"): "最早缺失于",
    ("catalogue.edit", "previous"): "原版本",
    ("catalogue.import", "unchanged"): "未变事项",
}
REASONS = {
    "wrong_password": "密码错误",
    "unknown_user": "没有此用户名",
    "locked": "账户已锁定",
    "disabled": "账户已停用",
    "database_damaged": "数据库损坏",
}
CALENDAR_KINDS = {"holiday": "节假日", "workday": "调休上班", "normal": "正常"}
CALENDAR_SOURCES = {
    "chinese_calendar": "随程序提供的国务院安排",
    "import": "导入的年度安排",
    "manual": "管理员修改",
}
_NAMED = ("approved_by", "requested_by")  # detail values that are user names: shown as people


def _setting_labels() -> dict[str, str]:
    """Chinese names of the settings a ``changes`` detail can name (hall and station settings)."""
    from hallapp.services.settings import HallSettings
    from hallapp.services.station import StationSettings

    labels = {
        "hall_name": "大厅名称",
        "hall_code": "大厅编码",
        "case_prefix": "受理编号前缀",
        "deferral_days": "容缺补正期限（工作日）",
        "tracking_url": "进度查询网址",
        "tracking_text": "进度查询说明",
        "hall_address": "大厅地址",
        "window": "窗口号",
        "paper": "纸张",
        "printer": "打印机",
        "licence_source": "电子证照来源",
        "licence_url": "电子证照库地址",
        "licence_timeout_ms": "电子证照查询超时（毫秒）",
        "licence_retries": "电子证照查询重试次数",
        "community_centre": "党群服务中心模式",
        "idle_lock_minutes": "闲置锁屏（分钟）",
    }
    known = {f.name for cls in (HallSettings, StationSettings) for f in fields(cls)}
    return {name: labels.get(name, name) for name in known | labels.keys()}


@dataclass(frozen=True)
class AuditLine:
    """One record as the audit administrator reads it."""

    seq: int
    at: str
    actor: str  # the person's display name
    username: str  # the account that acted (the tooltip)
    action: str
    object: str
    outcome: str
    failed: bool  # the action failed or was refused: shown in red
    detail: str


def action_text(action: str) -> str:
    return ACTIONS.get(action, action)


def outcome_text(outcome: str) -> str:
    return OUTCOMES.get(outcome, outcome)


def object_text(object_type: str, object_id: str) -> str:
    """E.g. 办件 PSZW20260930001, 2027 年节假日安排, 本机设置（窗口 08）, 审计记录（CSV 文件）."""
    label = OBJECTS.get(object_type, object_type)
    if object_type == "calendar_year":
        return f"{object_id} 年节假日安排"
    if object_type in ("audit", "export"):
        suffix = object_id.lstrip(".").upper()
        return f"{label}（{suffix} 文件）" if suffix else label
    if object_type == "settings":
        return label
    if object_type == "catalogue":
        return f"{label}（版本 {object_id[:8]}）" if object_id else label
    if object_type == "station":
        return f"{label}（窗口 {object_id}）" if object_id else label
    if not object_id or object_id in ("-", "*"):
        return label
    return f"{label} {object_id}"


def _when(value: Any) -> str:
    try:
        return f"{datetime.fromisoformat(str(value)).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return str(value)


def _document(value: Any) -> str:
    from hallapp.printing.model import DocumentKind

    try:
        return DocumentKind[str(value)].title
    except KeyError:
        return str(value)


def _role(value: Any) -> str:
    try:
        return Role(str(value)).label
    except ValueError:
        return str(value)


def _permission(value: Any) -> str:
    try:
        return Permission(str(value)).label
    except ValueError:
        return str(value)


def _channel(value: Any) -> str:
    try:
        return Channel(str(value)).label
    except ValueError:
        return str(value)


COUNTER_HOW = {"by_hand": "手动", "idle": "长时间未操作", "sign_out": "退出登录", "switch_user": "切换用户"}
_VALUES: dict[str, Callable[[Any], str]] = {
    "role": _role,
    "permission": _permission,
    "reason": lambda v: REASONS.get(str(v), str(v)),
    "locked_until": _when,
    "active": lambda v: "启用" if v else "停用",
    "before": lambda v: CALENDAR_KINDS.get(str(v), str(v)),
    "after": lambda v: CALENDAR_KINDS.get(str(v), str(v)),
    "replaced": lambda v: CALENDAR_SOURCES.get(str(v), str(v)),
    "kind": _document,
    "channel": _channel,
    "method": lambda v: REMINDER_METHODS.get(str(v), str(v)),
    "decision": lambda v: DECISION_LABELS.get(str(v), str(v)),
    "how": lambda v: COUNTER_HOW.get(str(v), str(v)),
    "sha256": lambda v: str(v)[:12],
}


def _value(action: str, key: str, value: Any, names: Mapping[str, str]) -> str:
    if action.startswith("disclosure.") and (words := disclosure_audit.value_text(key, value, names)):
        return words
    if action.startswith("rating.") and (words := rating_audit.value_text(key, value)) is not None:
        return words
    if action == "account.set_role" and key == "previous":
        return _role(value)
    if action == "counter.take_over" and key == "previous":
        return names.get(str(value), str(value))
    if key in _NAMED:
        return names.get(str(value), str(value))
    if key in _VALUES:
        return _VALUES[key](value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _changes(value: Any) -> str:
    """``{"window": ["01", "08"]}`` as 窗口号 01 → 08."""
    if not isinstance(value, dict):
        return str(value)
    labels = _setting_labels()
    parts = []
    for name, change in value.items():
        old, new = change if isinstance(change, list | tuple) and len(change) == 2 else ("", change)
        shown = [
            ("是" if v else "否") if isinstance(v, bool) else (str(v) if v != "" else "（空）")
            for v in (old, new)
        ]
        parts.append(f"{labels.get(name, name)} {shown[0]} → {shown[1]}")
    return "，".join(parts)


def detail_text(action: str, raw: str, names: Mapping[str, str] | None = None) -> str:
    """A record's details as 名称：值, separated by "；" (empty values left out); never raw JSON."""
    names = names or {}
    try:
        values = json.loads(raw) if raw else {}
    except ValueError:
        return raw
    if not isinstance(values, dict):
        return str(values)
    order = list(DETAIL_KEYS)
    parts = []
    for key, value in sorted(
        values.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
    ):
        if value is None or value == "" or value == {} or key in HIDDEN_KEYS:
            continue
        if key == "bundle" and values.get("bundle_name"):  # named in Chinese: the code is not shown
            continue
        label = DETAIL_KEYS_BY_ACTION.get((action, key)) or DETAIL_KEYS.get(key, key)
        if key == "changes":
            shown = _changes(value)
        elif (words := case_trail.words(key, value)) is not None:
            shown = words
        elif isinstance(value, list):
            shown = rating_audit.value_text(key, value) if action.startswith("rating.") else None
            shown = shown or "、".join(str(v) for v in value)
        else:
            shown = _value(action, key, value, names)
        parts.append(f"{label}：{shown}")
    return "；".join(parts)


def named_users(rows: list[AuditRow]) -> set[str]:
    """Every user name the rows show: who acted, and who approved or asked for an extension."""
    users = {row.actor for row in rows}
    for row in rows:
        if row.action in ("case.extend", "disclosure.extend", "counter.take_over"):
            try:
                values = json.loads(row.detail or "{}")
            except ValueError:
                continue
            named = ("previous",) if row.action == "counter.take_over" else _NAMED
            users.update(str(values[key]) for key in named if values.get(key))
    return users


def _typed_name_hidden(row: AuditRow) -> bool:
    """A failed sign-in of a name that is no account, recorded before such names were kept only as a
    digest: what was typed (perhaps a password) is not shown."""
    if not row.action.endswith("failure") or row.actor.startswith(UNKNOWN_USER) or row.actor in ("", "-"):
        return False
    try:
        return json.loads(row.detail or "{}").get("reason") == "unknown_user"
    except (ValueError, AttributeError):
        return False


def audit_line(row: AuditRow, names: Mapping[str, str]) -> AuditLine:
    """One record in words; ``names`` maps user names to display names."""
    hidden = _typed_name_hidden(row)
    unknown = f"{UNKNOWN_USER}（旧记录，所填用户名不显示）"
    return AuditLine(
        seq=row.seq,
        at=f"{row.at.astimezone():%Y-%m-%d %H:%M:%S}",
        actor=unknown if hidden else names.get(row.actor, row.actor),
        username=UNKNOWN_USER if hidden else row.actor,
        action=action_text(row.action),
        object=object_text(row.object_type, unknown if hidden else row.object_id),
        outcome=outcome_text(row.outcome),
        failed=row.outcome != "ok",
        detail=detail_text(row.action, row.detail, names),
    )
