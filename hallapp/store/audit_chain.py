"""The audit trail as a hash chain: how each event is sealed, and how the chain is checked.

Every audit event holds ``seq`` (1, 2, 3… without gaps), ``prev_hash`` (the previous event's ``hash``;
64 zeros for the first) and ``hash``::

    hash = SHA-256( prev_hash + canonical(event) )            (hex, over UTF-8 text)
    canonical(event) = JSON of seq, at, actor, action, object_type, object_id, outcome, detail
                       sorted keys, no spaces, non-ASCII kept as is; ``at`` in UTC, ISO 8601 with
                       microseconds ("2026-09-30T02:15:00.123456+00:00")

This is a storage format: changing it makes every existing chain look broken.

What the chain proves, and what it does not:

* a changed field, a deleted event, two events swapped or a forged event in the middle break a link, and
  ``verify_chain`` names the first broken ``seq``;
* cutting off the newest events (or rewriting the last one and its hash) leaves a shorter chain that is
  still whole. That is why the head (the first 16 hex digits, 64 bits, of the last hash) and the event
  count are printed on every receipt and on the daily close report: ``verify_against`` checks that a
  head printed earlier still lies on the chain, at its position when the count is known. ``services.audit`` also keeps the last verified head in
  the ``setting`` table, so a later verification notices a shortened chain by itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from hallapp.store.case_models import AuditEvent

GENESIS = "0" * 64  # the prev_hash of the first event
HEAD_DIGITS = 16  # 64 bits: too many to grind a rewritten chain to match a printed head
OLD_HEAD_DIGITS = 8  # papers printed before the head grew to 16 digits carry 8
EMPTY_HEAD = GENESIS[:HEAD_DIGITS]  # the head of a chain with no events yet
_PAGE = 1000
_READ_ERRORS = (ValueError, TypeError, OverflowError)
_COLUMNS = (
    "id",
    "seq",
    "prev_hash",
    "hash",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "detail",
)


def canonical(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    outcome: str,
    detail: str,
) -> str:
    """The sealed content of one event as stable JSON text (see the module docstring)."""
    content = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "outcome": outcome,
        "detail": detail,
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def link_hash(prev_hash: str, content: str) -> str:
    """SHA-256 (hex) of the previous hash followed by this event's canonical content."""
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def event_hash(event: Any) -> str:
    """The hash ``event`` (an ``AuditEvent`` or a row with the same attributes) should carry."""
    content = canonical(
        seq=event.seq,
        at=event.at,
        actor=event.actor,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        outcome=event.outcome,
        detail=event.detail,
    )
    return link_hash(event.prev_hash, content)


@dataclass(frozen=True)
class ChainState:
    """Where the chain ends: how many events, the last hash and its short form (the printed head)."""

    count: int
    last_hash: str

    @property
    def head(self) -> str:
        return self.last_hash[:HEAD_DIGITS]


def chain_state(session: Session) -> ChainState:
    """The newest event's ``seq`` and ``hash`` (0 and 64 zeros when there is none)."""
    row = session.execute(
        select(col(AuditEvent.seq), col(AuditEvent.hash)).order_by(col(AuditEvent.seq).desc()).limit(1)
    ).first()
    return ChainState(0, GENESIS) if row is None else ChainState(row.seq, row.hash)


def chain_head(session: Session) -> str:
    """The head printed on documents: the first 16 hex digits of the newest hash (zeros when empty)."""
    return chain_state(session).head


def next_link(session: Session) -> tuple[int, str]:
    """The ``seq`` and ``prev_hash`` of the event about to be written, in the caller's transaction.

    Writers are serialised (SQLite ``BEGIN IMMEDIATE``, the PostgreSQL write lock), so nobody else can
    append in between; if one ever did, the unique ``seq`` makes the second insert fail instead of forking.
    """
    state = chain_state(session)
    return state.count + 1, state.last_hash


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a check. ``first_broken`` is the ``seq`` where the chain stops being trustworthy."""

    ok: bool
    count: int  # events on the chain (the newest seq)
    head: str  # the current head, 16 hex digits
    first_broken: int | None = None
    reason: str = ""
    # What a check of the register against the trail found (``services.register_check``), in words:
    findings: tuple[str, ...] = ()
    cases_checked: int = 0  # cases recomputed from their events and compared
    cases_uncheckable: int = 0  # cases whose events carry no values (无法核对（旧记录）)


class _Unreadable(Exception):
    """A stored value the database driver cannot turn back into its type (edited by hand)."""


def _page(session: Session, after: tuple[Any, Any] | None, size: int) -> list[Any]:
    statement = select(*(col(getattr(AuditEvent, name)) for name in _COLUMNS))
    if after is not None:
        seq, id_ = after
        statement = statement.where(
            or_(col(AuditEvent.seq) > seq, and_(col(AuditEvent.seq) == seq, col(AuditEvent.id) > id_))
        )
    return list(session.execute(statement.order_by(col(AuditEvent.seq), col(AuditEvent.id)).limit(size)))


def _rows(session: Session) -> Iterator[Any]:
    """Every event in seq order, a page at a time; an unreadable one raises ``_Unreadable`` in its place."""
    after = None
    while True:
        try:
            page = _page(session, after, _PAGE)
        except _READ_ERRORS:
            try:  # find the unreadable row: one at a time from here
                page = _page(session, after, 1)
            except _READ_ERRORS as error:
                raise _Unreadable(str(error)) from error
        if not page:
            return
        yield from page
        after = (page[-1].seq, page[-1].id)


def verify_chain(session: Session) -> ChainReport:
    """Walk every event in ``seq`` order and report the first one that breaks the chain.

    Checks, per event: its ``seq`` follows the previous one (a gap is a deleted event), it was written
    after the previous one (ids rise with ``seq``; otherwise events were swapped), its ``prev_hash`` is
    the previous event's hash, and its own hash matches its content (otherwise a field was changed).
    """
    state = chain_state(session)
    expected_seq, expected_prev, previous_id = 1, GENESIS, None
    rows = _rows(session)
    while True:
        try:
            row = next(rows, None)
        except _Unreadable as error:
            return _broken(state, expected_seq, f"记录无法读取（{error}）")
        if row is None:
            return ChainReport(True, state.count, state.head)
        if row.seq != expected_seq:
            if isinstance(row.seq, int) and row.seq > expected_seq:
                missing = (
                    f"第 {expected_seq} 条"
                    if row.seq == expected_seq + 1
                    else f"第 {expected_seq}–{row.seq - 1} 条"
                )
                return _broken(state, expected_seq, f"{missing}记录缺失（被删除）")
            return _broken(state, expected_seq, f"序号 {row.seq!r} 重复或无效")
        if previous_id is not None and row.id < previous_id:
            return _broken(state, row.seq, "记录顺序与写入顺序不符（记录被调换）")
        if row.prev_hash != expected_prev:
            return _broken(state, row.seq, "与上一条记录的链接不符（前面的记录被删除、调换或改写）")
        try:
            sealed = event_hash(row)
        except (AttributeError, TypeError, ValueError) as error:
            return _broken(state, row.seq, f"记录内容无效（{error}）")
        if row.hash != sealed:
            return _broken(state, row.seq, "记录内容与其校验值不符（记录被修改）")
        expected_seq, expected_prev, previous_id = expected_seq + 1, row.hash, row.id


def _broken(state: ChainState, seq: int, reason: str) -> ChainReport:
    return ChainReport(False, state.count, state.head, seq, reason)


def normalise_head(head: str) -> str:
    """A printed head as lower-case hex; ``ValueError`` unless it has 8 to 64 hex digits.

    Papers printed before the head grew to 16 digits carry 8; they are still accepted (with less
    protection: 32 bits can be ground to match in hours)."""
    text = head.strip().lower()
    if not OLD_HEAD_DIGITS <= len(text) <= 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValueError(f"链头应为 {OLD_HEAD_DIGITS}–64 位十六进制数字：{head!r}")
    return text


def verify_against(session: Session, head: str, count: int | None = None) -> ChainReport:
    """Whether a head printed earlier (16 hex digits, 8 on old papers, or the full hash) is on the chain.

    With ``count`` (the number of events when it was printed) the event at that position must carry
    that hash; without it, any event may. A chain that no longer reaches the printed head was cut
    short or rewritten after it was printed. Run ``verify_chain`` too: this checks one point only.
    """
    prefix = normalise_head(head)
    state = chain_state(session)
    if count is not None and count < 0:
        raise ValueError(f"记录条数不能为负数：{count}")
    if prefix == GENESIS[: len(prefix)] and not count:
        return ChainReport(True, state.count, state.head)  # printed before the first event
    if count is None:
        found = session.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(col(AuditEvent.hash).startswith(prefix, autoescape=True))
        ).scalar_one()
        if found:
            return ChainReport(True, state.count, state.head)
        return ChainReport(
            False,
            state.count,
            state.head,
            None,
            f"链上已没有链头为 {prefix[:HEAD_DIGITS]} 的记录（链尾被截断或改写）",
        )
    stored = session.execute(
        select(col(AuditEvent.hash)).where(col(AuditEvent.seq) == count)
    ).scalar_one_or_none()
    if stored is None:
        first_missing = state.count + 1 if state.count < count else count
        return ChainReport(
            False,
            state.count,
            state.head,
            first_missing,
            f"链尾被截断：打印链头 {prefix[:HEAD_DIGITS]} 时有 {count} 条记录，现在只有 {state.count} 条",
        )
    if not stored.startswith(prefix):
        return ChainReport(
            False,
            state.count,
            state.head,
            count,
            f"第 {count} 条记录与打印的链头 {prefix[:HEAD_DIGITS]} 不符（记录被改写）",
        )
    return ChainReport(True, state.count, state.head)
