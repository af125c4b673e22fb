"""The register of disclosure requests: add, read, save (never delete), and the reads of the board, the
search, the fee count and the annual report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlmodel import Session, col

from hallapp.domain.disclosure import DisclosureState
from hallapp.domain.disclosure_request import DisclosureRequest
from hallapp.store import disclosure_codec
from hallapp.store.disclosure_models import DisclosureDocumentRecord, DisclosureRecord
from hallapp.store.models import utcnow

OPEN_STATES = tuple(s.value for s in DisclosureState if s.is_open)


def _columns(record: DisclosureRecord, request: DisclosureRequest) -> None:
    """Copy what the board, the search and the report select by from the request onto its row."""
    record.number = request.number
    record.state = request.state.value
    record.channel = request.channel.value
    record.received_on = request.received_on
    record.requester_kind = request.requester.kind.value
    record.name = request.requester.name
    record.id_number = request.requester.id_number
    record.description = request.description
    record.reply = request.reply.reply.value if request.reply is not None else None
    record.issued_on = request.reply.issued_on if request.reply is not None else None
    record.data = disclosure_codec.dumps(request)


def add(session: Session, request: DisclosureRequest, *, now: datetime | None = None) -> DisclosureRecord:
    """Store a newly registered request."""
    moment = now or utcnow()
    record = DisclosureRecord(
        number=request.number,
        state=request.state.value,
        channel=request.channel.value,
        received_on=request.received_on,
        requester_kind=request.requester.kind.value,
        name=request.requester.name,
        registered_by=request.registered_by,
        registered_at=moment,
        updated_at=moment,
        data="",
    )
    _columns(record, request)
    session.add(record)
    session.flush()
    return record


def save(session: Session, record: DisclosureRecord, request: DisclosureRequest) -> DisclosureRecord:
    """Store the request's new state on its row (the number never changes)."""
    if request.number != record.number:
        raise ValueError(f"request {request.number} is not stored as {record.number}")
    _columns(record, request)
    record.updated_at = utcnow()
    session.add(record)
    session.flush()
    return record


def request_of(record: DisclosureRecord) -> DisclosureRequest:
    return disclosure_codec.loads(record.data)


def by_number(session: Session, number: str) -> DisclosureRecord | None:
    return session.execute(
        select(DisclosureRecord).where(col(DisclosureRecord.number) == number.strip())
    ).scalar_one_or_none()


def board_records(session: Session, *, closed_since: date) -> list[DisclosureRecord]:
    """Every open request, and the requests answered on or after ``closed_since``."""
    return list(
        session.execute(
            select(DisclosureRecord)
            .where(
                or_(
                    col(DisclosureRecord.state).in_(OPEN_STATES),
                    col(DisclosureRecord.issued_on) >= closed_since,
                )
            )
            .order_by(col(DisclosureRecord.received_on), col(DisclosureRecord.number))
        ).scalars()
    )


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(
    session: Session, text: str = "", *, year: int | None = None, id_number: str = ""
) -> list[DisclosureRecord]:
    """Requests whose number, applicant or description contains ``text`` (or whose applicant has the full
    ``id_number``), received in ``year`` when given; the newest first."""
    query = select(DisclosureRecord)
    if text:
        pattern = _like(text)
        matches: list[ColumnElement[bool]] = [
            col(DisclosureRecord.number).like(pattern, escape="\\"),
            col(DisclosureRecord.name).like(pattern, escape="\\"),
            col(DisclosureRecord.description).like(pattern, escape="\\"),
        ]
        if id_number:
            matches.append(col(DisclosureRecord.id_number) == id_number)
        query = query.where(or_(*matches))
    if year is not None:
        query = query.where(
            col(DisclosureRecord.received_on) >= date(year, 1, 1),
            col(DisclosureRecord.received_on) <= date(year, 12, 31),
        )
    query = query.order_by(col(DisclosureRecord.received_on).desc(), col(DisclosureRecord.number).desc())
    return list(session.execute(query).scalars())


def month_position(session: Session, record: DisclosureRecord) -> int:
    """Which of its applicant's requests received in the same calendar month this one is (1 = the first),
    in the order they were received (and registered, on the same day). The applicant is known by their ID
    number or credit code, and by kind and name where none was given."""
    first = record.received_on.replace(day=1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    same = (
        col(DisclosureRecord.id_number) == record.id_number
        if record.id_number
        else and_(
            col(DisclosureRecord.id_number) == "",
            col(DisclosureRecord.requester_kind) == record.requester_kind,
            col(DisclosureRecord.name) == record.name,
        )
    )
    rows = session.execute(
        select(col(DisclosureRecord.received_on), col(DisclosureRecord.id)).where(
            same, col(DisclosureRecord.received_on) >= first, col(DisclosureRecord.received_on) < nxt
        )
    ).all()
    key = (record.received_on, record.id or 0)
    return sum(1 for received, row_id in rows if (received, row_id) <= key)


def report_records(session: Session, year: int) -> list[DisclosureRecord]:
    """The requests the annual report of ``year`` counts: received up to its end and not answered before
    it began (new in the year, carried over into it, or carried over out of it)."""
    return list(
        session.execute(
            select(DisclosureRecord)
            .where(
                col(DisclosureRecord.received_on) <= date(year, 12, 31),
                or_(
                    col(DisclosureRecord.issued_on).is_(None),
                    col(DisclosureRecord.issued_on) >= date(year, 1, 1),
                ),
            )
            .order_by(col(DisclosureRecord.received_on), col(DisclosureRecord.number))
        ).scalars()
    )


def documents_of(session: Session, request_id: int) -> list[DisclosureDocumentRecord]:
    return list(
        session.execute(
            select(DisclosureDocumentRecord)
            .where(col(DisclosureDocumentRecord.request_id) == request_id)
            .order_by(col(DisclosureDocumentRecord.id))
        ).scalars()
    )


def add_document(
    session: Session,
    request_id: int,
    *,
    kind: str,
    path: str,
    sha256: str,
    is_copy: bool,
    created_by: str,
) -> DisclosureDocumentRecord:
    document = DisclosureDocumentRecord(
        request_id=request_id,
        kind=kind,
        path=path,
        sha256=sha256,
        is_copy=is_copy,
        created_by=created_by,
        created_at=utcnow(),
    )
    session.add(document)
    session.flush()
    return document


def all_numbers(session: Session) -> Sequence[str]:
    """Every registration number ever issued and stored."""
    return list(session.execute(select(col(DisclosureRecord.number))).scalars())
