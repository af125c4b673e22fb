"""Column types of our own, so that the schema does not depend on the SQLModel version's defaults."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import types


class UtcDateTime(types.TypeDecorator[datetime]):
    """A moment in time, stored in UTC and returned aware (UTC).

    Naive values are taken as the PC's local time (what ``datetime.now()`` gives at the counter).
    SQLite has no time zones: it stores the UTC wall time, which still sorts and compares correctly.
    """

    impl = types.DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC)  # a naive value is local time
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)
