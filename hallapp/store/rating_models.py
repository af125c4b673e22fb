"""Tables of the service ratings (好差评): one row per rated (or skipped) service, and the steps of a bad
rating's follow-up (核实, 整改, 回复). Nothing here is ever deleted (migration 0016's triggers)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from hallapp.store.models import utcnow
from hallapp.store.types import UtcDateTime


class RatingRecord(SQLModel, table=True):
    """好差评: one service's rating (a case number, or a bundle's number: rated once)."""

    __tablename__ = "rating"

    id: int | None = Field(default=None, primary_key=True)
    service_number: str = Field(max_length=40, unique=True)
    is_bundle: bool = False
    level: int | None = None  # 1..5; None: 未评价 (skipped)
    indicators: str = Field(default="", max_length=200)  # codes, comma-separated
    comment: str = ""
    channel: str = Field(max_length=32)
    rated_at: datetime = Field(sa_type=UtcDateTime, index=True)
    clerk: str = Field(max_length=40)  # the account that handled the service
    recorded_by: str = Field(max_length=40)  # the account whose session recorded the rating
    due_on: date | None = Field(default=None, index=True)  # a bad rating's follow-up: due date
    due_unverified: bool = False
    answered_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class RatingStepRecord(SQLModel, table=True):
    """One step of a bad rating's follow-up, as recorded."""

    __tablename__ = "rating_step"

    id: int | None = Field(default=None, primary_key=True)
    rating_id: int = Field(foreign_key="rating.id", index=True)
    kind: str = Field(max_length=16)
    done_on: date
    done_by: str = Field(max_length=40)
    text: str
    founded: bool | None = None
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
