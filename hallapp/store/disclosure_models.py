"""Tables of disclosure requests (依申请公开): one row per request, and the documents printed for it.

A request's whole state (``domain.disclosure_request.DisclosureRequest``) is kept as JSON in ``data``
(``store.disclosure_codec``); the columns beside it repeat what the board, the search and the annual report
select and sort by, so none of them decodes every row to find its own. Nothing here is ever deleted: a
request stays in the register with its documents and its audit events after it was archived.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from hallapp.store.models import utcnow
from hallapp.store.types import UtcDateTime


class DisclosureRecord(SQLModel, table=True):
    """依申请公开登记: one request, as the register keeps it."""

    __tablename__ = "disclosure_request"
    __table_args__ = (Index("ix_disclosure_request_state_received", "state", "received_on"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=40, unique=True)
    state: str = Field(max_length=32)
    channel: str = Field(max_length=32)
    received_on: date = Field(index=True)
    requester_kind: str = Field(max_length=32)
    name: str = Field(max_length=200, index=True)
    id_number: str = Field(default="", max_length=18, index=True)  # resident ID or credit code
    description: str = ""
    reply: str | None = Field(default=None, max_length=40)
    issued_on: date | None = Field(default=None, index=True)
    registered_by: str = Field(max_length=40)  # the account that registered it
    registered_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    data: str  # the whole request as JSON (disclosure_codec)


class DisclosureDocumentRecord(SQLModel, table=True):
    """A document printed for a request, archived as PDF under the data directory."""

    __tablename__ = "disclosure_document"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="disclosure_request.id", index=True)
    kind: str = Field(max_length=32)  # DisclosureDocKind name
    path: str = Field(max_length=500)  # relative to the data directory
    sha256: str = Field(max_length=64)
    is_copy: bool = False
    created_by: str = Field(default="", max_length=40)  # the account that printed it
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
