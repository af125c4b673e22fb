"""编号日志 (issue journal): every number issued and the audit chain's head, kept outside the database.

One JSON line per committed unit of work that issued numbers (case, notice, bundle numbers) or moved the
audit chain, appended and fsynced after the database commit succeeded and before anything is printed::

    {"v": 1, "kind": "commit", "at": "2026-09-30T02:15:00.123456+00:00", "station": "01@pc-3",
     "numbers": [["case:PSZW2026", 12, "PSZW2026000012"]], "seq": 345, "hash": "<64 hex digits>"}

``seq`` and ``hash`` are the audit chain's last event after the commit (``hash`` in full). So the file says
which numbers are on paper and how far the trail had reached, whatever happens to the database file later:
a restored backup, a lost ``-wal``, or newest events deleted with the in-database checkpoint moved along
(``services.continuity`` compares them at start).

Lines are only ever appended (one ``write`` each, ``O_APPEND``), so counters and commands writing at once
do not mix their lines. A torn last line (power cut mid-write) is skipped when read and closed with a line
break before the next append. A missing file is a first start (or a lost journal): then only the database
and the archive of printed documents say what was issued.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

log = logging.getLogger(__name__)

JOURNAL_DIR = "journal"
JOURNAL_FILE = "issued.jsonl"
VERSION = 1
ISSUED_KEY = "hallapp.issued_numbers"  # Session.info: numbers issued in this unit of work
_BLOCK = 64 * 1024


@dataclass(frozen=True)
class JournalEntry:
    """One line of the journal: what one commit issued, and the audit head after it."""

    at: datetime
    numbers: tuple[tuple[str, int, str], ...]  # (series, value, number as printed)
    seq: int | None
    hash: str | None
    station: str = ""
    kind: str = "commit"

    def to_line(self) -> bytes:
        data: dict[str, Any] = {
            "v": VERSION,
            "kind": self.kind,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "station": self.station,
            "numbers": [list(n) for n in self.numbers],
            "seq": self.seq,
            "hash": self.hash,
        }
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    @classmethod
    def from_line(cls, raw: bytes) -> JournalEntry | None:
        """The entry of one line, or None for a line that is not one (torn, damaged, another format)."""
        try:
            data = json.loads(raw.decode("utf-8"))
            numbers = tuple((str(s), int(v), str(n)) for s, v, n in data.get("numbers") or ())
            seq = data.get("seq")
            at = datetime.fromisoformat(data["at"])
            return cls(
                at=at if at.tzinfo else at.replace(tzinfo=UTC),
                numbers=numbers,
                seq=int(seq) if seq is not None else None,
                hash=str(data["hash"]) if data.get("hash") else None,
                station=str(data.get("station") or ""),
                kind=str(data.get("kind") or "commit"),
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def journal_path(data_dir: Path) -> Path:
    return Path(data_dir) / JOURNAL_DIR / JOURNAL_FILE


def audit_head(session: Session) -> tuple[int | None, str | None]:
    """The audit chain's last (seq, hash) as this transaction sees it; (None, None) before any event."""
    row = session.execute(text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")).first()
    return (int(row[0]), str(row[1])) if row is not None else (None, None)


@dataclass
class _Pending:
    numbers: tuple[tuple[str, int, str], ...]
    seq: int | None
    hash: str | None


@dataclass
class IssueJournal:
    """The journal file of one data folder, and the hook ``UnitOfWork`` calls around each commit.

    ``before_commit`` (inside the transaction, the write lock held) collects the numbers the unit of work
    issued and the audit head; ``after_commit`` appends them once the commit succeeded. A commit that
    issued nothing and did not move the head writes no line.
    """

    path: Path
    station: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _last_head: tuple[int | None, str | None] | None = field(default=None, repr=False)
    failed: bool = False  # an append failed (logged); the archive of printed documents still stands

    def __post_init__(self) -> None:
        if not self.station:
            self.station = host_name()

    # -- the UnitOfWork hook ------------------------------------------------------------------------------

    def before_commit(self, session: Session) -> _Pending | None:
        numbers = tuple(session.info.pop(ISSUED_KEY, ()))
        try:
            seq, head_hash = audit_head(session)
        except Exception:  # noqa: BLE001 - a database without the audit table yet (mid-migration)
            seq, head_hash = None, None
        if not numbers and (seq, head_hash) == self._known_head():
            return None
        return _Pending(numbers, seq, head_hash)

    def after_commit(self, pending: object) -> None:
        if not isinstance(pending, _Pending):
            return
        self.append(
            JournalEntry(datetime.now(UTC), pending.numbers, pending.seq, pending.hash, station=self.station)
        )

    # -- the file -----------------------------------------------------------------------------------------

    def append(self, entry: JournalEntry) -> bool:
        """Append one line and fsync it. A failure is logged, never raised: the commit it records is done,
        and a clerk must not be told that a stored case failed (the printed-documents archive still shows
        what was printed). Returns whether the line is on disk."""
        line = entry.to_line()
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    if _ends_torn(fd):
                        line = b"\n" + line  # close a torn last line, or this one would join it
                    os.write(fd, line)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError:
                self.failed = True
                log.exception("issue journal %s could not be written", self.path)
                return False
            self._last_head = (entry.seq, entry.hash)
        return True

    def _known_head(self) -> tuple[int | None, str | None]:
        if self._last_head is None:
            last = next(self.entries_newest_first(), None)
            self._last_head = (last.seq, last.hash) if last is not None else (None, None)
        return self._last_head

    def forget_head(self) -> None:
        """The database was replaced (restore): the next commit writes its head whatever it is."""
        self._last_head = None

    def exists(self) -> bool:
        return self.path.is_file()

    def entries_newest_first(self) -> Iterator[JournalEntry]:
        """The journal's entries from the newest back, skipping lines that cannot be read (a torn write)."""
        for raw in _lines_backwards(self.path):
            entry = JournalEntry.from_line(raw)
            if entry is None:
                if raw.strip():
                    log.warning("issue journal %s: a damaged line skipped", self.path.name)
                continue
            yield entry


def host_name() -> str:
    try:
        return socket.gethostname()[:60]
    except OSError:
        return ""


def _ends_torn(fd: int) -> bool:
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


def _lines_backwards(path: Path) -> Iterator[bytes]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with-block below; a missing file is no journal
    except FileNotFoundError:
        return
    with handle:
        position = handle.seek(0, os.SEEK_END)
        rest = b""
        while position > 0:
            step = min(_BLOCK, position)
            position -= step
            handle.seek(position)
            chunk = handle.read(step) + rest
            lines = chunk.split(b"\n")
            rest = lines.pop(0)  # may continue in the block before
            for raw in reversed(lines):
                if raw:
                    yield raw
        if rest:
            yield rest
