"""恢复后的编号 (numbering after a restore): where numbering continues if a backup is put back.

Above every number ever issued, whatever the copy's own counters say: the highest of the backup's
``number_counter``, the issue journal (read whole: a rare, deliberate act) and the printed archive. The
restore dialog and ``hallapp restore`` show it for each backup ("恢复后受理编号将从 … 起").
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from hallapp.services.continuity import archived_numbers, numbering_sentence
from hallapp.store.journal import IssueJournal
from hallapp.store.numbering import format_number


def issued_high(data_dir: Path, journal: IssueJournal | None) -> dict[str, int]:
    """The highest number ever issued in each series, by the journal (read whole) and the archive."""
    high: dict[str, int] = {}
    if journal is not None:
        for entry in journal.entries_newest_first():
            for series, value, _number in entry.numbers:
                high[series] = max(high.get(series, 0), value)
    for printed in archived_numbers(data_dir, high):
        high[printed.series] = max(high.get(printed.series, 0), printed.value)
    return high


def backup_counters(backup: Path) -> dict[str, int]:
    """The number counters a backup file holds (read-only; empty when it cannot be read)."""
    try:
        uri = Path(backup).resolve().as_uri() + "?mode=ro&immutable=1"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            rows = connection.execute("SELECT series, value FROM number_counter").fetchall()
    except (sqlite3.Error, OSError):
        return {}
    return {str(series): int(value) for series, value in rows}


def numbering_after_restore(
    data_dir: Path, journal: IssueJournal | None, backups: Iterable[Path]
) -> dict[Path, str]:
    """For each backup: "恢复后受理编号将从 … 起（…）" — above every number issued, whatever the copy says."""
    high = issued_high(data_dir, journal)
    sentences = {}
    for backup in backups:
        merged = dict(backup_counters(backup))
        for series, value in high.items():
            merged[series] = max(merged.get(series, 0), value)
        following = {s: format_number(s, v + 1) for s, v in merged.items()}
        sentences[Path(backup)] = numbering_sentence(following, prefix="恢复后受理编号将从")
    return sentences
