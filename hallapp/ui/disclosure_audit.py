"""The disclosure request's audit records in the audit administrator's words (``audit_text`` uses these).

Each ``disclosure.*`` record carries the request as stored after the step (``request``, the JSON of
``store.disclosure_codec``), a short ``note``, and for an extension who asked and who approved. The view
shows the step, then the request in a few words — its state, the applicant with the ID and phone masked,
the channel and the received day, and what the step set (the correction asked, the party consulted, the
fee, the extension, the reply, the archive place) — never JSON. Qt-free, like ``audit_text``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hallapp.domain.identity import mask_email, mask_embedded_ids, mask_id, mask_phone

ACTIONS = {
    "disclosure.register": "登记政府信息公开申请",
    "disclosure.correction_ask": "依申请公开：告知补正",
    "disclosure.correction_receive": "依申请公开：收到补正",
    "disclosure.consult_start": "依申请公开：征求意见",
    "disclosure.consult_end": "依申请公开：收到意见",
    "disclosure.fee_notify": "依申请公开：发出收费通知",
    "disclosure.fee_paid": "依申请公开：登记缴费",
    "disclosure.extend": "依申请公开：延期答复",
    "disclosure.reply_draft": "依申请公开：拟定答复",
    "disclosure.reply_return": "依申请公开：退回答复",
    "disclosure.reply_approve": "依申请公开：审核通过并答复",
    "disclosure.archive": "依申请公开：归档",
    "disclosure.print": "依申请公开：打印文书",
}
OBJECT = "依申请公开申请"
KEYS = {"note": "说明", "copy": "副本", "path": "存档文件", "request": "申请"}

_LABELS: dict[str, dict[str, str]] = {}


def _label(enum_name: str, value: Any) -> str:
    """A stored enum value as its Chinese label (the value itself when unknown)."""
    from hallapp.domain import disclosure
    from hallapp.domain.disclosure_fees import FeeMode

    if not _LABELS:
        for name in ("ReceiptChannel", "RequesterKind", "DisclosureState", "Reply", "PauseKind"):
            _LABELS[name] = {member.value: member.label for member in getattr(disclosure, name)}
        _LABELS["FeeMode"] = {mode.value: mode.label for mode in FeeMode}
    return _LABELS.get(enum_name, {}).get(str(value), str(value))


def request_words(value: Any, names: Mapping[str, str] | None = None) -> str:
    """A request as a record carries it, in a few words, personal numbers masked."""
    if not isinstance(value, dict):
        return mask_embedded_ids(str(value))
    names = names or {}
    parts = [f"办理状态 {_label('DisclosureState', value.get('state'))}"]
    who = value.get("requester") or {}
    if isinstance(who, dict):
        person = f"申请人 {who.get('name', '')}（{_label('RequesterKind', who.get('kind'))}）"
        if who.get("id_number"):
            person += f" 证件号码 {mask_id(str(who['id_number']))}"
        if who.get("contact_person"):
            person += f" 联系人 {who['contact_person']}"
        if who.get("phone"):
            person += f" 联系电话 {mask_phone(str(who['phone']))}"
        if who.get("email"):
            person += f" 电子邮箱 {mask_email(str(who['email']))}"
        parts.append(person)
    received = value.get("confirmed_on") or value.get("arrived_on")
    parts.append(f"申请方式 {_label('ReceiptChannel', value.get('channel'))}，收到 {received}")
    if value.get("description"):
        parts.append(f"所需信息 {mask_embedded_ids(str(value['description']))}")
    correction = value.get("correction")
    if isinstance(correction, dict):
        text = f"补正 {correction.get('asked_on')} 告知 {len(correction.get('items') or [])} 项，期限至 {correction.get('due')}"
        if correction.get("received_on"):
            text += f"，{correction['received_on']} 收到"
        parts.append(text)
    for pause in value.get("pauses") or []:
        if isinstance(pause, dict):
            end = f" 至 {pause['ended_on']}" if pause.get("ended_on") else "（进行中）"
            parts.append(
                f"{_label('PauseKind', pause.get('kind'))} {pause.get('party', '')} {pause.get('started_on')}{end}"
            )
    fee = value.get("fee")
    if isinstance(fee, dict):
        paid = f"，{fee['paid_on']} 缴费" if fee.get("paid_on") else f"，缴费期限 {fee.get('due')}"
        parts.append(f"收费 {_label('FeeMode', fee.get('mode'))} {fee.get('amount')} 元{paid}")
    extension = value.get("extension")
    if isinstance(extension, dict):
        approver = names.get(str(extension.get("approved_by")), str(extension.get("approved_by", "")))
        parts.append(
            f"延期 {extension.get('days')} 个工作日（{extension.get('reason', '')}，{approver} 同意）"
        )
    reply = value.get("reply")
    if isinstance(reply, dict):
        text = f"答复 {_label('Reply', reply.get('reply'))}"
        if reply.get("right_office"):
            text += f"（负责公开的机关 {reply['right_office']}）"
        if reply.get("issued_on"):
            text += f"，{reply['issued_on']} 发出"
        parts.append(text)
    if value.get("returned_note"):
        parts.append(f"退回意见 {value['returned_note']}")
    if value.get("archived_on"):
        place = f"（{value['archive_place']}）" if value.get("archive_place") else ""
        parts.append(f"归档 {value['archived_on']}{place}")
    return "，".join(parts)


def value_text(key: str, value: Any, names: Mapping[str, str]) -> str | None:
    """A disclosure record's detail value in words, or None to let ``audit_text`` say it."""
    if key == "request":
        return request_words(value, names)
    if key == "kind":
        from hallapp.printing.disclosure_model import DisclosureDocKind

        try:
            return DisclosureDocKind[str(value)].default_title
        except KeyError:
            return str(value)
    if key in ("approved_by", "requested_by"):
        return names.get(str(value), str(value))
    if key == "note":
        return mask_embedded_ids(str(value))
    return None
