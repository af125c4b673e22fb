"""A disclosure request as JSON, and back: what ``disclosure_request.data`` and the audit events hold.

Plain JSON (dates as ISO text, enums by value, tuples as lists), keys named like the domain's fields, so
that a detail read from the audit trail is the request as it was stored. The audit trail's masking
(``services.case_trail.masked``) finds the ID and the phone by their keys (``id_number``, ``phone``).
``decode(encode(r)) == r`` for every request (tested).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hallapp.domain.disclosure import (
    Delivery,
    DisclosureState,
    InfoForm,
    PauseKind,
    ReceiptChannel,
    Reply,
    RequesterKind,
)
from hallapp.domain.disclosure_clock import Pause
from hallapp.domain.disclosure_fees import FeeMode
from hallapp.domain.disclosure_request import (
    Correction,
    DisclosureExtension,
    DisclosureRequest,
    FeeNotice,
    ReplyDraft,
    Requester,
)

VERSION = 1


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def _required_date(value: Any) -> date:
    return date.fromisoformat(str(value))


def encode(request: DisclosureRequest) -> dict[str, Any]:
    """The request as a JSON-ready dict."""
    r = request.requester
    c = request.correction
    f = request.fee
    e = request.extension
    d = request.reply
    return {
        "v": VERSION,
        "number": request.number,
        "channel": request.channel.value,
        "arrived_on": _day(request.arrived_on),
        "confirmed_on": _day(request.confirmed_on),
        "requester": {
            "kind": r.kind.value,
            "name": r.name,
            "id_number": r.id_number,
            "contact_person": r.contact_person,
            "phone": r.phone,
            "address": r.address,
            "email": r.email,
            "postcode": r.postcode,
        },
        "description": request.description,
        "registered_by": request.registered_by,
        "document_number": request.document_number,
        "purpose": request.purpose,
        "forms": [form.value for form in request.forms],
        "delivery": request.delivery.value,
        "state": request.state.value,
        "correction": None
        if c is None
        else {
            "asked_on": _day(c.asked_on),
            "items": list(c.items),
            "period_days": c.period_days,
            "due": _day(c.due),
            "received_on": _day(c.received_on),
        },
        "pauses": [
            {
                "kind": p.kind.value,
                "started_on": _day(p.started_on),
                "ended_on": _day(p.ended_on),
                "party": p.party,
                "answer": p.answer,
            }
            for p in request.pauses
        ],
        "fee": None
        if f is None
        else {
            "mode": f.mode.value,
            "basis": f.basis,
            "amount": f.amount,
            "notified_on": _day(f.notified_on),
            "due": _day(f.due),
            "paid_on": _day(f.paid_on),
        },
        "extension": None
        if e is None
        else {
            "days": e.days,
            "reason": e.reason,
            "approved_by": e.approved_by,
            "requested_by": e.requested_by,
            "on": _day(e.on),
        },
        "reply": None
        if d is None
        else {
            "reply": d.reply.value,
            "text": d.text,
            "drafted_by": d.drafted_by,
            "drafted_on": _day(d.drafted_on),
            "right_office": d.right_office,
            "approved_by": d.approved_by,
            "issued_on": _day(d.issued_on),
        },
        "returned_note": request.returned_note,
        "archived_on": _day(request.archived_on),
        "archive_place": request.archive_place,
    }


def decode(values: dict[str, Any]) -> DisclosureRequest:
    """The request a dict of ``encode`` describes."""
    r = values["requester"]
    c = values.get("correction")
    f = values.get("fee")
    e = values.get("extension")
    d = values.get("reply")
    return DisclosureRequest(
        number=values["number"],
        channel=ReceiptChannel(values["channel"]),
        arrived_on=_required_date(values["arrived_on"]),
        confirmed_on=_date(values.get("confirmed_on")),
        requester=Requester(
            kind=RequesterKind(r["kind"]),
            name=r["name"],
            id_number=r.get("id_number", ""),
            contact_person=r.get("contact_person", ""),
            phone=r.get("phone", ""),
            address=r.get("address", ""),
            email=r.get("email", ""),
            postcode=r.get("postcode", ""),
        ),
        description=values["description"],
        registered_by=values["registered_by"],
        document_number=values.get("document_number", ""),
        purpose=values.get("purpose", ""),
        forms=tuple(InfoForm(v) for v in values.get("forms", ["paper"])),
        delivery=Delivery(values.get("delivery", "collect")),
        state=DisclosureState(values["state"]),
        correction=None
        if c is None
        else Correction(
            asked_on=_required_date(c["asked_on"]),
            items=tuple(c["items"]),
            period_days=int(c["period_days"]),
            due=_required_date(c["due"]),
            received_on=_date(c.get("received_on")),
        ),
        pauses=tuple(
            Pause(
                kind=PauseKind(p["kind"]),
                started_on=_required_date(p["started_on"]),
                ended_on=_date(p.get("ended_on")),
                party=p.get("party", ""),
                answer=p.get("answer", ""),
            )
            for p in values.get("pauses", [])
        ),
        fee=None
        if f is None
        else FeeNotice(
            mode=FeeMode(f["mode"]),
            basis=int(f["basis"]),
            amount=int(f["amount"]),
            notified_on=_required_date(f["notified_on"]),
            due=_required_date(f["due"]),
            paid_on=_date(f.get("paid_on")),
        ),
        extension=None
        if e is None
        else DisclosureExtension(
            days=int(e["days"]),
            reason=e["reason"],
            approved_by=e["approved_by"],
            requested_by=e["requested_by"],
            on=_required_date(e["on"]),
        ),
        reply=None
        if d is None
        else ReplyDraft(
            reply=Reply(d["reply"]),
            text=d["text"],
            drafted_by=d["drafted_by"],
            drafted_on=_required_date(d["drafted_on"]),
            right_office=d.get("right_office", ""),
            approved_by=d.get("approved_by", ""),
            issued_on=_date(d.get("issued_on")),
        ),
        returned_note=values.get("returned_note", ""),
        archived_on=_date(values.get("archived_on")),
        archive_place=values.get("archive_place", ""),
    )


def dumps(request: DisclosureRequest) -> str:
    """The request as the JSON text ``disclosure_request.data`` holds."""
    return json.dumps(encode(request), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str) -> DisclosureRequest:
    return decode(json.loads(text))
