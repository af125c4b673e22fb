"""Shared makings of the disclosure service tests: a request as the counter types it, what is stored of
it, and its audit events."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import func, select

from hallapp.domain.disclosure import ReceiptChannel, RequesterKind
from hallapp.services.disclosure_inputs import DisclosureForm
from hallapp.store.case_models import AuditEvent
from hallapp.store.disclosure_models import DisclosureDocumentRecord, DisclosureRecord

MONDAY = date(
    2026, 9, 14
)  # received in person: reply due 2026-10-16 (over 中秋 and 国庆, 9-20 and 10-10 worked)
ID = "440308199001011239"
CREDIT = "91440300MA5DC8XX1E"

FORM = DisclosureForm(
    channel=ReceiptChannel.IN_PERSON,
    arrived_on=MONDAY,
    requester_kind=RequesterKind.PERSON,
    name="陈晓明",
    description="2025年坪山区老旧小区改造项目的立项批复文件",
    id_number=ID,
    phone="13812345678",
    address="深圳市坪山区坪山大道1号",
    purpose="了解本小区改造范围",
)
FIRM = replace(
    FORM,
    requester_kind=RequesterKind.COMMERCIAL,
    name="深圳市坪山样例科技有限公司",
    id_number=CREDIT,
    contact_person="李娜",
    email="lina@example.com",
)


def form(**changes: Any) -> DisclosureForm:
    return replace(FORM, **changes)


def stored(context, number: str) -> tuple[tuple, int, int]:
    """The request's row as stored (every column), its documents and the audit trail's length."""
    with context.uow() as uow:
        s = uow.session
        record = s.execute(
            select(DisclosureRecord).where(DisclosureRecord.number == number)
        ).scalar_one_or_none()
        row = () if record is None else tuple(getattr(record, c) for c in DisclosureRecord.model_fields)
        documents = s.execute(select(func.count()).select_from(DisclosureDocumentRecord)).scalar_one()
        events = s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    return row, documents, events


def events(context, number: str) -> list[tuple[str, str, dict]]:
    """(actor, action, detail) of the request's audit events, oldest first."""
    with context.uow() as uow:
        found = uow.session.execute(
            select(AuditEvent)
            .where(AuditEvent.object_type == "disclosure", AuditEvent.object_id == number)
            .order_by(AuditEvent.seq)
        )
        return [(e.actor, e.action, json.loads(e.detail)) for e in found.scalars()]
