"""What a case's audit events carry: the values each change set, so that the register (办件登记) can be
recomputed from the trail and compared with its rows (``register_check``).

* the decision (``case.accepted`` / ``case.deferred`` / ``case.refused``) carries the whole case as it was
  stored (``case``), each material with its status (``materials``, in ``sort_order``) and the applicant
  register entry as it stood after the intake (``applicant``);
* a follow-up (supplement, extension, termination, withdrawal, reminder) carries what it set on the case
  (``set``: state, deadline, closing) and on each deferred material (``items``, by ``sort_order``:
  status, deadline, arrival date, channel, who recorded it); an extension also its old and new deadline,
  reason and approver, a reminder its channel and day.

Every such event has ``"v": 1``; older events (only counts) cannot be replayed and are reported as such.
Values are stored as the database stores them (ID numbers included: the trail lives in the same
database, the same trust zone); everything shown to people goes through ``words``, which masks them.

Compactness matters (a hall has 100,000s of cases): a decision leaves out empty values (absent means
empty, "", 0, False or NULL alike), a follow-up names every field it sets, empty or not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from hallapp.domain.identity import mask_email, mask_id, mask_phone
from hallapp.domain.licences import masked_licence_number
from hallapp.domain.lifecycle import CaseState, Channel

VERSION = 1
CASE_FIELDS = (
    "case_number",
    "notice_number",
    "matter_code",
    "matter_name",
    "guide_version",
    "department_name",
    "applicant_name",
    "applicant_phone",
    "agent_name",
    "agent_id_number",
    "agent_phone",
    "decision",
    "state",
    "received_at",
    "promised_date",
    "promised_unverified",
    "deferral_deadline",
    "deferral_unverified",
    "commitment_signed_at",
    "situation_answers",
    "completed_at",
    "bundle_code",
    "bundle_ref",
    "closed_on",
    "reminder_count",
    "window",
    "clerk",
    "clerk_username",
    "closed_by",
    "hall_name",
    "note",
)
# The guide's own words about a material (``notes``) are a copy of the catalogue, not a decision: left out.
MATERIAL_FIELDS = (
    "name",
    "required",
    "deferrable",
    "originals_required",
    "original_handling",
    "copies_required",
    "original_seen",
    "copies_received",
    "outcome",
    "outcome_label",
    "shortfall",
    "deadline",
    "licence_type_code",
    "licence_number",
    "licence_issuer",
    "licence_valid_until",
    "arrived_on",
    "arrival_channel",
    "supplemented_by",
)
APPLICANT_FIELDS = ("kind", "id_number", "name", "phone", "legal_representative", "contact_name")
FOLLOWUP_CASE_FIELDS = ("state", "deferral_deadline", "closed_on", "closed_by", "reminder_count")
FOLLOWUP_MATERIAL_FIELDS = (
    "outcome",
    "outcome_label",
    "shortfall",
    "deadline",
    "arrived_on",
    "arrival_channel",
    "supplemented_by",
)
DECISION_ACTIONS = ("case.accepted", "case.deferred", "case.refused")


def encode(value: Any) -> Any:
    """A column value as JSON: dates as YYYY-MM-DD, moments in UTC (as stored), empty values as None."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")  # a naive value is local time
    if isinstance(value, date):
        return value.isoformat()
    if value is None or value == "" or value is False or (value == 0 and not isinstance(value, bool)):
        return None
    return value


def _values(row: Any, names: Iterable[str], *, keep_empty: bool) -> dict[str, Any]:
    out = {}
    for name in names:
        value = encode(getattr(row, name))
        if value is not None or keep_empty:
            out[name] = value
    return out


def decision_values(case: Any, materials: Sequence[Any], applicant: Any) -> dict[str, Any]:
    """The detail of a decision event: the case, its materials and the applicant entry, as stored."""
    return {
        "v": VERSION,
        "case": _values(case, CASE_FIELDS, keep_empty=False),
        "materials": [
            _values(m, MATERIAL_FIELDS, keep_empty=False)
            for m in sorted(materials, key=lambda m: m.sort_order)
        ],
        "applicant": _values(applicant, APPLICANT_FIELDS, keep_empty=False),
    }


def followup_values(case: Any, rows: Sequence[Any] = ()) -> dict[str, Any]:
    """The detail of a follow-up event: what it set on the case and on its deferred materials."""
    detail: dict[str, Any] = {"v": VERSION, "set": _values(case, FOLLOWUP_CASE_FIELDS, keep_empty=True)}
    if rows:
        detail["items"] = {
            str(m.sort_order): _values(m, FOLLOWUP_MATERIAL_FIELDS, keep_empty=True) for m in rows
        }
    return detail


REMINDER_FIELDS = ("method", "note", "clerk", "at")
EXTENSION_FIELDS = ("previous", "new", "reason", "approved_by", "requested_by")


def reminder_values(reminder: Any) -> dict[str, Any]:
    """A reminder (催补) as stored: channel, internal note, who, when."""
    return _values(reminder, REMINDER_FIELDS, keep_empty=False)


# --- in words -----------------------------------------------------------------------------------------

CASE_LABELS = {
    "case_number": "受理编号",
    "notice_number": "告知书编号",
    "matter_code": "事项编码",
    "matter_name": "事项名称",
    "guide_version": "办事指南版本",
    "department_name": "实施部门",
    "applicant_name": "申请人",
    "applicant_phone": "联系电话",
    "agent_name": "代理人",
    "agent_id_number": "代理人身份证号码",
    "agent_phone": "代理人电话",
    "decision": "受理决定",
    "state": "办理状态",
    "received_at": "受理时间",
    "promised_date": "承诺办结日期",
    "promised_unverified": "承诺办结日期待核实",
    "deferral_deadline": "补正期限",
    "deferral_unverified": "补正期限待核实",
    "commitment_signed_at": "承诺书签署时间",
    "situation_answers": "办理情形",
    "completed_at": "办结时间",
    "bundle_code": "一件事",
    "bundle_ref": "一件事编号",
    "closed_on": "终止（撤回）日期",
    "reminder_count": "催补次数",
    "window": "窗口",
    "clerk": "经办人",
    "clerk_username": "经办人账户",
    "closed_by": "终止（撤回）经办账户",
    "hall_name": "服务大厅",
    "note": "备注",
}
MATERIAL_LABELS = {
    "name": "材料名称",
    "required": "必要材料",
    "deferrable": "可容缺",
    "originals_required": "原件份数",
    "original_handling": "原件处理",
    "copies_required": "复印件份数",
    "original_seen": "原件已验",
    "copies_received": "已收复印件份数",
    "outcome": "材料情况",
    "outcome_label": "回执所载情况",
    "shortfall": "欠缺",
    "deadline": "补正期限",
    "licence_type_code": "电子证照类型",
    "licence_number": "电子证照编号",
    "licence_issuer": "发证机关",
    "licence_valid_until": "电子证照有效期至",
    "arrived_on": "补交日期",
    "arrival_channel": "补交方式",
    "supplemented_by": "补交登记账户",
}
APPLICANT_LABELS = {
    "kind": "申请人类型",
    "id_number": "证件号码",
    "name": "姓名（名称）",
    "phone": "联系电话",
    "legal_representative": "法定代表人",
    "contact_name": "联系人",
}
# The one table of a case's states and decisions in words (today's cases, the export, the audit view);
# the follow-up states are the domain's own labels.
STATES = {
    "accepted": "已受理",
    "refused": "已告知",
    "completed": "已办结",
    **{state.value: state.label for state in CaseState},
}
DECISIONS = {"accepted": "受理", "deferred": "容缺受理", "refused": "不予受理（一次性告知）"}
OUTCOMES = {
    "received": "已收",
    "licence": "电子证照调取",
    "deferred": "容缺后补",
    "missing": "未提交",
    "not_needed": "无需提交",
    "supplemented": "已补交",
}
CHANNELS = {channel.value: channel.label for channel in Channel}
KINDS = {"person": "自然人", "organisation": "法人或其他组织"}
HANDLING = {"inspect": "核验后退回", "keep": "收取"}
EXTENSION_LABELS = {
    "previous": "原期限",
    "new": "新期限",
    "reason": "延期原因",
    "approved_by": "审批人",
    "requested_by": "申请延期人员",
}
REMINDER_LABELS = {"method": "催补方式", "note": "内部备注", "clerk": "催补经办账户", "at": "催补时间"}
METHODS = {"letter": "书面通知", "phone": "电话", "sms": "短信"}
_MASKED_IDS = ("agent_id_number", "id_number")
_PHONES = ("applicant_phone", "agent_phone", "phone")


def _moment(text: str) -> str:
    try:
        return f"{datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone():%Y-%m-%d %H:%M:%S}"
    except ValueError:
        return text


def _answers(text: str) -> str:
    try:
        pairs = json.loads(text)
        return "；".join(f"{q}：{'是' if a else '否'}" for q, a in pairs) or "（无）"
    except (ValueError, TypeError):
        return text


def value_words(name: str, value: Any) -> str:
    """One stored value in words, personal numbers masked (as on a receipt)."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    if name in _MASKED_IDS:
        return mask_id(text)
    if name in _PHONES:
        return mask_phone(text)
    if name == "licence_number":
        return masked_licence_number(text)
    if name == "email":
        return mask_email(text)
    if name in ("received_at", "commitment_signed_at", "completed_at", "at"):
        return _moment(text)
    if name == "situation_answers":
        return _answers(text)
    table = {
        "state": STATES,
        "decision": DECISIONS,
        "outcome": OUTCOMES,
        "arrival_channel": CHANNELS,
        "kind": KINDS,
        "original_handling": HANDLING,
        "method": METHODS,
    }.get(name)
    return table.get(text, text) if table else text


def _fields(values: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """``名称 值`` in the order of ``labels`` (the order of the table's columns), empty values left out."""
    names = [n for n in labels if n in values] + [n for n in values if n not in labels]
    return "，".join(
        f"{labels.get(name, name)} {value_words(name, values[name])}"
        for name in names
        if values[name] is not None and values[name] != ""
    )


def words(key: str, value: Any) -> str | None:
    """The values part of a detail (``case``, ``materials``, ``applicant``, ``set``, ``items``) in words,
    or None for any other key."""
    if key == "case" and isinstance(value, dict):
        return _fields(value, CASE_LABELS)
    if key == "applicant" and isinstance(value, dict):
        return _fields(value, APPLICANT_LABELS)
    if key == "set" and isinstance(value, dict):
        return _fields(value, CASE_LABELS)
    if key == "reminder" and isinstance(value, dict):
        return _fields(value, REMINDER_LABELS)
    if key == "materials" and isinstance(value, list):
        return " ".join(
            f"（{i}）{m.get('name', '')}：{_fields({k: v for k, v in m.items() if k != 'name'}, MATERIAL_LABELS)}"
            for i, m in enumerate(value, 1)
            if isinstance(m, dict)
        )
    if key == "items" and isinstance(value, dict):
        return " ".join(
            f"（第 {order} 项）{_fields(m, MATERIAL_LABELS)}"
            for order, m in value.items()
            if isinstance(m, dict)
        )
    return None


VALUE_KEYS = {
    "case": "办件",
    "materials": "材料",
    "applicant": "申请人登记",
    "reminder": "催补",
    "set": "办件改为",
    "items": "材料改为",
}


def _masked(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _masked(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(key, v) for v in value]
    if isinstance(value, str) and value and key in (*_MASKED_IDS, *_PHONES, "licence_number", "email"):
        return value_words(key, value)
    return value


def masked(raw: str) -> str:
    """A detail as JSON with ID, phone and licence numbers masked (for a file that leaves the database)."""
    try:
        values = json.loads(raw) if raw else {}
    except ValueError:
        return raw
    return json.dumps(_masked("", values), ensure_ascii=False, sort_keys=True)
