"""编号连续性 (continuity): at start, is the database behind what was already issued and printed?

After a restored backup, a lost ``-wal`` file or a trail cut short by someone holding the database file,
the database no longer knows numbers that are on applicants' receipts. Two witnesses kept outside it say
what was issued: the issue journal (``store.journal``: every number and the audit head after each commit)
and the archive of printed documents (``archive/YYYY/MM/<number>-<kind>.pdf``, ``services.documents``).

``reconcile`` compares them with the database, and in every case makes numbering continue above the
highest number ever issued (``NumberCounter`` advanced). A loss is written into the audit trail (which
numbers, since when, how far the trail had reached) and reported in plain words (``ContinuityReport``);
the window then offers the newest good backup.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlmodel import Session, col, select

from hallapp.domain.access import SYSTEM
from hallapp.store import audit_repo
from hallapp.store.case_models import Case
from hallapp.store.disclosure_models import DisclosureRecord
from hallapp.store.journal import IssueJournal, JournalEntry
from hallapp.store.numbering import FORMATS, advance_to, all_counters, format_number, parse_number

if TYPE_CHECKING:
    from hallapp.services.bootstrap import AppContext
    from hallapp.store.db import UnitOfWork

log = logging.getLogger(__name__)

ARCHIVE_DIR = "archive"
_ARCHIVED = re.compile(r"^(?P<number>.+)-(?P<kind>[a-z_]+)(?:-copy\d+)?\.pdf$")
_COLUMN = {
    "case": Case.case_number,
    "notice": Case.notice_number,
    "bundle": Case.bundle_ref,
    "disclosure": DisclosureRecord.number,  # 依申请公开登记编号, on the applicant's 登记回执
}
_LISTED = 30  # numbers named one by one in a message; the rest are counted


@dataclass(frozen=True)
class MissingNumber:
    """A number that was issued (journaled or printed) and that the database does not hold."""

    number: str
    series: str
    value: int
    at: datetime | None  # when it was issued (journal) or printed (archive file time)
    source: str  # "journal" | "archive"


@dataclass(frozen=True)
class AuditGap:
    """The journal saw the trail reach ``journal_seq`` (with ``journal_hash``); the database has less or
    other events: ``database_seq`` events, and ``rewritten`` when the event at that place differs."""

    journal_seq: int
    database_seq: int
    rewritten: bool
    at: datetime


@dataclass
class ContinuityReport:
    """What the start-up comparison found and did."""

    journal_found: bool = False
    missing: list[MissingNumber] = field(default_factory=list)
    audit_gap: AuditGap | None = None
    advanced: dict[str, tuple[int, int]] = field(default_factory=dict)  # series: (was, now)
    next_numbers: dict[str, str] = field(default_factory=dict)  # series: the next number it issues

    @property
    def loss(self) -> bool:
        return bool(self.missing or self.audit_gap)

    @property
    def since(self) -> datetime | None:
        moments = [m.at for m in self.missing if m.at] + ([self.audit_gap.at] if self.audit_gap else [])
        return min(moments) if moments else None

    def message(self) -> str:
        """The loss in words for the administrator ("" when nothing is missing)."""
        if not self.loss:
            return ""
        parts = []
        since = self.since
        when = f"自 {_local(since):%Y-%m-%d %H:%M} 起，" if since else ""
        if self.missing:
            names = [m.number for m in sorted(self.missing, key=lambda m: (m.series, m.value))]
            shown = "、".join(names[:_LISTED]) + (f" 等共 {len(names)} 个" if len(names) > _LISTED else "")
            parts.append(
                f"数据库比已发出的编号落后：{when}已经发给申请人（记在编号日志或已打印的文书中）的 "
                f"{len(names)} 个编号在数据库里找不到：{shown}。这些办件需要按申请人手中的回执重新核对录入。"
            )
        if self.audit_gap is not None:
            parts.append(gap_words(self.audit_gap))
        parts.append(
            numbering_sentence(self.next_numbers, prefix="受理编号将从") + "，不会重复使用已发出的编号。"
        )
        parts.append("此情况已记入审计记录。如有可用的备份，可以用最新的备份恢复后再核对。")
        return "\n".join(parts)


def gap_words(gap: AuditGap) -> str:
    """What the journal says the trail lost, in plain words (start-up report and ``audit verify``)."""
    if gap.rewritten:
        return (
            f"审计记录被改动：编号日志记载审计链在 {_local(gap.at):%Y-%m-%d %H:%M} 已到第 {gap.journal_seq} 条，"
            f"数据库中这一条与记载的不同（数据库现有 {gap.database_seq} 条），之后的记录不可信。"
        )
    return (
        f"审计记录缺失：编号日志记载审计链在 {_local(gap.at):%Y-%m-%d %H:%M} 已到第 {gap.journal_seq} 条，"
        f"数据库中只有 {gap.database_seq} 条，第 {gap.database_seq + 1} 至 {gap.journal_seq} 条不见了。"
    )


def _local(moment: datetime) -> datetime:
    return moment.astimezone() if moment.tzinfo else moment


def numbering_sentence(next_numbers: dict[str, str], *, prefix: str) -> str:
    """ "<prefix> PSZW2026000009 起（…）": the case series of the latest year first, then its notices,
    bundles and disclosure requests."""
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for series, number in next_numbers.items():
        kind, _, base = series.partition(":")
        by_kind.setdefault(kind, []).append((base, number))
    for items in by_kind.values():
        items.sort(reverse=True)
    cases = by_kind.get("case") or [("", "")]
    sentence = f"{prefix} {cases[0][1]} 起" if cases[0][1] else f"{prefix}第一个编号起"
    others = [
        f"{label}从 {by_kind[kind][0][1]} 起"
        for kind, label in (
            ("notice", "一次性告知书编号"),
            ("bundle", "一件事编号"),
            ("disclosure", "依申请公开登记编号"),
        )
        if by_kind.get(kind)
    ]
    return sentence + (f"（{'，'.join(others)}）" if others else "")


# -- the witnesses ---------------------------------------------------------------------------------------


def archive_dir(data_dir: Path) -> Path:
    return Path(data_dir) / ARCHIVE_DIR


def _series_of(number: str, known: Iterable[str], year: str) -> tuple[str, int] | None:
    """Which series ``number`` belongs to: one of ``known``, else guessed from the archive folder's year."""
    for series in known:
        value = parse_number(number, series)
        if value is not None:
            return series, value
    for start in [m.start() for m in re.finditer(re.escape(year), number)][::-1]:
        base, rest = number[: start + 4], number[start + 4 :]
        for kind, (letter, width) in FORMATS.items():
            digits = rest[len(letter) :]
            if rest.startswith(letter) and digits.isascii() and digits.isdigit() and len(digits) >= width:
                return f"{kind}:{base}", int(digits)
    return None


def archived_numbers(data_dir: Path, counters: dict[str, int]) -> list[MissingNumber]:
    """Numbers printed into the archive above what ``counters`` say was issued, newest month first.

    Months are read from the newest back and the walk stops at the first month that holds nothing above
    the counters: numbers only grow, so older months cannot (this keeps the start cheap)."""
    root = archive_dir(data_dir)
    months = sorted(
        (p for y in _subdirs(root) if y.name.isdigit() for p in _subdirs(y) if p.name.isdigit()),
        key=lambda p: (p.parent.name, p.name),
        reverse=True,
    )
    found: dict[str, MissingNumber] = {}
    for month in months:
        above = False
        with os.scandir(month) as entries:
            for entry in entries:
                match = _ARCHIVED.match(entry.name)
                if match is None:
                    continue
                number = match["number"]
                known = _series_of(number, counters, month.parent.name)
                if known is None:
                    continue
                series, value = known
                if value > counters.get(series, 0):
                    above = True
                    at = datetime.fromtimestamp(entry.stat().st_mtime, UTC)
                    earlier = found.get(number)
                    if earlier is None or (earlier.at and at < earlier.at):
                        found[number] = MissingNumber(number, series, value, at, "archive")
        if not above:
            break
    return list(found.values())


def _subdirs(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_dir()]
    except OSError:
        return []


def _present(session: Session, series: str, numbers: list[str]) -> set[str]:
    column = _COLUMN.get(series.partition(":")[0])
    if column is None or not numbers:
        return set(numbers)
    rows = session.execute(select(column).where(col(column).in_(numbers))).scalars()
    return {str(r) for r in rows}


def _stored_high(session: Session, series: str) -> int:
    """The highest number of ``series`` among the stored cases (numbers are zero-padded to one width, so
    the index's last entry in the series' range is the highest)."""
    kind, _, base = series.partition(":")
    column = _COLUMN.get(kind)
    if column is None:
        return 0
    head = base + FORMATS[kind][0]
    found = session.execute(
        select(column)
        .where(col(column) >= head, col(column) < head + "\uffff")
        .order_by(col(column).desc())
        .limit(1)
    ).scalar_one_or_none()
    return parse_number(str(found), series) or 0 if found else 0


def _hash_at(session: Session, seq: int) -> str | None:
    row = session.execute(text("SELECT hash FROM audit_event WHERE seq = :seq"), {"seq": seq}).first()
    return str(row[0]) if row is not None else None


def _database_seq(session: Session) -> int:
    return int(session.execute(text("SELECT coalesce(max(seq), 0) FROM audit_event")).scalar_one())


def _journal_tail(
    session: Session, journal: IssueJournal
) -> tuple[list[MissingNumber], AuditGap | None, bool]:
    """Walk the journal from its newest line back to the last one the database fully holds (its numbers
    there, the audit event at its ``seq`` with its hash): everything newer is what the database lost."""
    missing: list[MissingNumber] = []
    gap: AuditGap | None = None
    database_seq = _database_seq(session)
    found = False
    for entry in journal.entries_newest_first():
        found = True
        absent = _absent_numbers(session, entry)
        audit_ok = entry.seq is None or (
            entry.seq <= database_seq and _hash_at(session, entry.seq) == entry.hash
        )
        if audit_ok and not absent:
            break
        missing.extend(absent)
        if not audit_ok and entry.seq is not None:
            rewritten = entry.seq <= database_seq
            if gap is None:
                gap = AuditGap(entry.seq, database_seq, rewritten, entry.at)
            else:
                gap = AuditGap(gap.journal_seq, database_seq, gap.rewritten or rewritten, entry.at)
    return missing, gap, found or journal.exists()


def _absent_numbers(session: Session, entry: JournalEntry) -> list[MissingNumber]:
    by_series: dict[str, list[tuple[int, str]]] = {}
    for series, value, number in entry.numbers:
        by_series.setdefault(series, []).append((value, number))
    absent = []
    for series, items in by_series.items():
        present = _present(session, series, [number for _v, number in items])
        absent += [
            MissingNumber(number, series, value, entry.at, "journal")
            for value, number in items
            if number not in present
        ]
    return absent


def audit_against_journal(session: Session, journal: IssueJournal | None) -> AuditGap | None:
    """For ``hallapp audit verify``: whether the trail still reaches what the journal last saw (the newest
    events cut off, or rewritten, with any in-database checkpoint moved along). Reads only. After the
    start-up ``reconcile`` recorded a loss (``continuity.loss`` event) the journal's newest line is the
    database's head again, so only what happened since is reported here."""
    if journal is None:
        return None
    return _journal_tail(session, journal)[1]


def compare(session: Session, journal: IssueJournal | None, data_dir: Path) -> ContinuityReport:
    """What the journal and the archive know that the database does not (reads only)."""
    counters = all_counters(session)
    report = ContinuityReport()
    missing: list[MissingNumber] = []
    if journal is not None:
        missing, report.audit_gap, report.journal_found = _journal_tail(session, journal)
    seen = {m.number for m in missing}
    for printed in archived_numbers(data_dir, counters):
        if printed.number not in seen and not _present(session, printed.series, [printed.number]):
            missing.append(printed)
            seen.add(printed.number)
    report.missing = missing
    high = dict(counters)
    for item in missing:
        high[item.series] = max(high.get(item.series, 0), item.value)
    for series in list(high):  # a counter set back in the file: the numbers stored still count
        high[series] = max(high[series], _stored_high(session, series))
    report.advanced = {s: (counters.get(s, 0), v) for s, v in high.items() if v > counters.get(s, 0)}
    report.next_numbers = {s: format_number(s, v + 1) for s, v in high.items()}
    return report


def reconcile(uow: UnitOfWork, journal: IssueJournal | None, data_dir: Path) -> ContinuityReport:
    """Compare, and when the database is behind: advance the counters above every number issued and
    record the loss and the advance in the audit trail, in one transaction (as the system)."""
    with uow:
        session = uow.session
        report = compare(session, journal, data_dir)
        if not report.loss and not report.advanced:
            return report
        if report.loss:
            numbers = sorted(m.number for m in report.missing)
            gap = report.audit_gap
            since = report.since
            audit_repo.record(
                session,
                actor=uow.actor,
                action="continuity.loss",
                object_type="database",
                object_id="numbers",
                outcome="failure",
                missing_numbers=numbers[:200],
                missing_count=len(numbers),
                since=since.isoformat(timespec="seconds") if since else None,
                journal_seq=gap.journal_seq if gap else None,
                database_seq=gap.database_seq if gap else None,
                audit_rewritten=gap.rewritten if gap else False,
                journal_found=report.journal_found,
            )
        for series, (was, now) in sorted(report.advanced.items()):
            advance_to(session, series, now)
            audit_repo.record(
                session,
                actor=uow.actor,
                action="numbering.advance",
                object_type="number_series",
                object_id=series[:60],
                was=was,
                now=now,
                next=format_number(series, now + 1),
            )
        uow.commit()
    if report.loss:
        log.warning(
            "database behind what was issued: %d numbers missing, audit gap %s; numbering continues above",
            len(report.missing),
            report.audit_gap,
        )
    return report


def reconcile_context(context: AppContext) -> ContinuityReport:
    """``reconcile`` for an open installation: stores the report on the context and returns it."""
    from hallapp.store.db import UnitOfWork

    if context.journal is not None:
        context.journal.forget_head()
    report = reconcile(
        UnitOfWork(context.engine, write=True, principal=SYSTEM), context.journal, context.paths.data_dir
    )
    context.continuity = report
    return report
