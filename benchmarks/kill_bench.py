"""Crash safety at scale: kill a counter that is accepting cases with SIGKILL, hundreds of times.

    python benchmarks/kill_bench.py [--rounds 300]

Each round starts ``tests/store/kill_writer.py`` on the same database, lets it commit cases for a random
0.05–0.6 s and kills it with SIGKILL. After every round: every case number the writer had seen committed
is in the database, every case has its materials and its audit record, and integrity_check is ok.
Prints the rounds, cases committed and any failure (POSIX only).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hallapp.config import resolve_paths
from hallapp.services.bootstrap import open_app
from tests.store.test_durability import WRITER, check_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(prefix="hallapp-kill-") as folder:
        context = open_app(resolve_paths(folder))
        code = next(g for g in (context.search.search("就业登记")) if g.name == "就业登记").code
        database = context.paths.database_file
        context.close()
        committed: set[str] = set()
        started = time.perf_counter()
        for number in range(1, args.rounds + 1):
            writer = subprocess.Popen(
                [sys.executable, str(WRITER), folder, code], stdout=subprocess.PIPE, text=True
            )
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.05, 0.6))
            os.kill(writer.pid, signal.SIGKILL)
            out, _ = writer.communicate(timeout=30)
            committed |= {line.strip() for line in out.splitlines() if line.strip()}
            stored = check_database(database)
            lost = committed - stored["numbers"]
            if lost:
                print(f"FAIL: round {number}: committed cases lost: {sorted(lost)[:5]}")
                return 1
            if number % 50 == 0:
                print(f"{number} rounds, {len(committed):,} cases committed and all present, integrity ok")
        print(
            f"PASS: {args.rounds} kills in {time.perf_counter() - started:.0f} s, {len(committed):,} committed cases, "
            f"none lost, no case without its materials or audit record, integrity_check ok every time"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
