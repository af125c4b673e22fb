"""Audit events: written by every use case that changes something, in the same transaction.

Each event is appended to a hash chain (see ``audit_chain``); the database refuses to update or delete one.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from hallapp.store import audit_chain
from hallapp.store.case_models import AuditEvent
from hallapp.store.models import utcnow


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    outcome: str = "ok",
    **detail: Any,
) -> AuditEvent:
    """Add one audit event, chained to the newest one; the chain makes events permanent.

    A case's events carry the values they set (``services.case_trail``), ID and phone numbers as the
    register stores them (same database, same trust zone): whatever shows a detail to people masks them
    (``case_trail.words``). Other events hold no personal data."""
    seq, prev_hash = audit_chain.next_link(session)
    event = AuditEvent(
        seq=seq,
        prev_hash=prev_hash,
        hash="",
        at=utcnow(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        outcome=outcome,
        # compact: a hall's trail holds every case's values (hundreds of thousands of events)
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str),
    )
    event.hash = audit_chain.event_hash(event)
    session.add(event)
    session.flush()
    return event


def events_for(session: Session, object_type: str, object_id: str) -> list[AuditEvent]:
    return list(
        session.execute(
            select(AuditEvent)
            .where(col(AuditEvent.object_type) == object_type, col(AuditEvent.object_id) == object_id)
            .order_by(col(AuditEvent.id))
        ).scalars()
    )
