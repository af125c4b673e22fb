"""Eight counters opening one new SQLite database at the same moment all start (issue 10 §1): the first
creates the schema, the others wait for it and find nothing left to do — no "database is locked"."""

from __future__ import annotations

import multiprocessing
import sqlite3
import traceback
from pathlib import Path

COUNTERS = 8


def _open_counter(data_dir: str, url: str, barrier, results) -> None:
    """One counter's process: wait until all are ready, then open the installation like the window does."""
    try:
        from hallapp.config import resolve_paths
        from hallapp.services.bootstrap import open_app

        paths = resolve_paths(data_dir, url)
        barrier.wait(timeout=120)
        context = open_app(paths)
        context.close()
        results.put((data_dir, "ok"))
    except BaseException:  # noqa: BLE001 - the parent reads what went wrong
        results.put((data_dir, traceback.format_exc()))


def test_eight_counters_open_a_new_database_at_once(tmp_path: Path):
    database = tmp_path / "shared" / "hall.sqlite3"
    url = f"sqlite:///{database}"
    spawn = multiprocessing.get_context("spawn")  # real new processes, as eight PCs starting would be
    barrier = spawn.Barrier(COUNTERS)
    results = spawn.Queue()
    processes = [
        spawn.Process(target=_open_counter, args=(str(tmp_path / f"pc{i}"), url, barrier, results))
        for i in range(COUNTERS)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    failures = [text for _pc, text in outcomes if text != "ok"]
    assert failures == [], failures[0] if failures else ""
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
        assert connection.execute("SELECT count(*) FROM matter").fetchone()[0] > 0
