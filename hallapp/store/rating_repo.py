"""The register of service ratings (好差评): add a rating, add a follow-up step, read them back as the
domain's ``Rating``; never delete."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from hallapp.domain.rating import (
    FollowUp,
    Indicator,
    Level,
    Rating,
    RatingChannel,
    Step,
    StepKind,
)
from hallapp.store.models import utcnow
from hallapp.store.rating_models import RatingRecord, RatingStepRecord


def add(session: Session, rating: Rating, *, recorded_by: str) -> RatingRecord:
    """Store a new rating (a second one of the same service breaks the unique number: check first)."""
    followup = rating.followup
    record = RatingRecord(
        service_number=rating.service_number,
        is_bundle=rating.is_bundle,
        level=int(rating.level) if rating.level is not None else None,
        indicators=",".join(i.value for i in rating.indicators),
        comment=rating.comment,
        channel=rating.channel.value,
        rated_at=rating.rated_at,
        clerk=rating.clerk,
        recorded_by=recorded_by,
        due_on=followup.due if followup else None,
        due_unverified=followup.due_unverified if followup else False,
        created_at=utcnow(),
    )
    session.add(record)
    session.flush()
    return record


def add_step(session: Session, record: RatingRecord, step: Step) -> RatingStepRecord:
    """Record one follow-up step; an answer also marks the rating answered on its day."""
    assert record.id is not None
    row = RatingStepRecord(
        rating_id=record.id,
        kind=step.kind.value,
        done_on=step.on,
        done_by=step.by,
        text=step.text,
        founded=step.founded,
        recorded_at=utcnow(),
    )
    session.add(row)
    if step.kind is StepKind.ANSWER:
        record.answered_on = step.on
        session.add(record)
    session.flush()
    return row


def by_number(session: Session, number: str) -> RatingRecord | None:
    return session.execute(
        select(RatingRecord).where(col(RatingRecord.service_number) == number.strip())
    ).scalar_one_or_none()


def steps_of(session: Session, rating_ids: list[int]) -> dict[int, list[RatingStepRecord]]:
    found: dict[int, list[RatingStepRecord]] = {i: [] for i in rating_ids}
    if not rating_ids:
        return found
    rows = session.execute(
        select(RatingStepRecord)
        .where(col(RatingStepRecord.rating_id).in_(rating_ids))
        .order_by(col(RatingStepRecord.id))
    ).scalars()
    for row in rows:
        found[row.rating_id].append(row)
    return found


def rating_of(record: RatingRecord, steps: list[RatingStepRecord]) -> Rating:
    """The domain's rating of a stored row and its steps."""
    rated_at = record.rated_at.astimezone().replace(tzinfo=None)  # the PC's local time, as it was given
    followup = None
    if record.due_on is not None:
        opened = rated_at.date()
        followup = FollowUp(
            opened,
            record.due_on,
            record.due_unverified,
            tuple(Step(StepKind(s.kind), s.done_on, s.done_by, s.text, s.founded) for s in steps),
        )
    return Rating(
        service_number=record.service_number,
        is_bundle=record.is_bundle,
        level=Level(record.level) if record.level is not None else None,
        indicators=tuple(Indicator(c) for c in record.indicators.split(",") if c),
        comment=record.comment,
        channel=RatingChannel(record.channel),
        rated_at=rated_at,
        clerk=record.clerk,
        followup=followup,
    )


def load(session: Session, record: RatingRecord) -> Rating:
    assert record.id is not None
    return rating_of(record, steps_of(session, [record.id])[record.id])


def _with_steps(session: Session, records: list[RatingRecord]) -> list[tuple[RatingRecord, Rating]]:
    steps = steps_of(session, [r.id for r in records if r.id is not None])
    return [(r, rating_of(r, steps[r.id or 0])) for r in records]


def open_bad(session: Session) -> list[tuple[RatingRecord, Rating]]:
    """Bad ratings not yet answered, the soonest due first."""
    records = session.execute(
        select(RatingRecord)
        .where(col(RatingRecord.due_on).is_not(None), col(RatingRecord.answered_on).is_(None))
        .order_by(col(RatingRecord.due_on), col(RatingRecord.id))
    ).scalars()
    return _with_steps(session, list(records))


def rated_between(session: Session, start: datetime, end: datetime) -> list[tuple[RatingRecord, Rating]]:
    """Ratings given from ``start`` (inclusive) to ``end`` (exclusive), oldest first."""
    records = session.execute(
        select(RatingRecord)
        .where(col(RatingRecord.rated_at) >= start, col(RatingRecord.rated_at) < end)
        .order_by(col(RatingRecord.rated_at), col(RatingRecord.id))
    ).scalars()
    return _with_steps(session, list(records))
