"""Start-up of the counter window, measured from a new process.

    python benchmarks/startup_bench.py [--matters 100000] [--runs 7]

Prepares a data directory (the shipped catalogue, or a synthetic one of N matters from search_bench),
starts the app once so its database and saved index exist (a normal day's start), then launches
``main.py`` --runs times with ``HALLAPP_STARTUP_PROBE=index``. The app prints when its window takes
keystrokes and when the search index is ready, then quits. Printed: seconds from launch to
ready-for-typing and to index-ready (median, max), and the peak RSS of the app process.
Uses Xvfb (a real X11 window) when ``xvfb-run`` is available, else Qt's offscreen platform.
Target: ready for typing within 0.6 s; process under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

READY_TARGET_S = 0.6
RSS_TARGET_MB = 300


def prepare(data_dir: Path, matters: int) -> None:
    from hallapp.config import resolve_paths
    from hallapp.services.bootstrap import open_app

    if matters:
        from search_bench import make_source

        from hallapp.services.catalogue import apply_source
        from hallapp.store.db import UnitOfWork, make_engine
        from hallapp.store.migrate import upgrade

        paths = resolve_paths(data_dir)
        paths.ensure()
        engine = make_engine(paths.database_url)
        upgrade(engine)
        apply_source(UnitOfWork(engine, write=True), make_source(matters, 1))
        engine.dispose()
        context = open_app(paths, load_shipped_catalogue=False)
    else:
        context = open_app(resolve_paths(data_dir))
    context.search.prepare()
    context.close()


def launch(data_dir: Path, display: str | None) -> tuple[float, float, float]:
    """(seconds to ready-for-typing, seconds to index-ready, peak RSS MB) of one launch."""
    env = dict(os.environ, HALLAPP_STARTUP_PROBE="index", HALLAPP_DATA_DIR=str(data_dir))
    if display:
        env["DISPLAY"] = display
        env.pop("QT_QPA_PLATFORM", None)
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    started = time.time()
    output = subprocess.run(
        [sys.executable, str(ROOT / "main.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    stamps = {}
    for line in output.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[0] in ("ready-for-typing", "index-ready"):
            stamps[fields[0]] = fields[1:]
    return (
        float(stamps["ready-for-typing"][0]) - started,
        float(stamps["index-ready"][0]) - started,
        float(stamps["index-ready"][1]),  # the app's own peak RSS, printed by the app
    )


def start_xvfb() -> tuple[subprocess.Popen[bytes] | None, str | None]:
    if not shutil.which("Xvfb"):
        return None, None
    display = ":97"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1400x900x24"], stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    return server, display


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--matters", type=int, default=0, help="synthetic catalogue size (0: the shipped one)"
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hallapp-startup-") as folder:
        data_dir = Path(folder)
        began = time.perf_counter()
        prepare(data_dir, args.matters)
        what = f"{args.matters:,} synthetic matters" if args.matters else "the shipped catalogue"
        print(f"prepared {what} in {time.perf_counter() - began:.1f} s")
        server, display = start_xvfb()
        try:
            runs = [launch(data_dir, display) for _ in range(args.runs)]
        finally:
            if server is not None:
                server.terminate()
    ready = [r[0] for r in runs]
    indexed = [r[1] for r in runs]
    peak = max(r[2] for r in runs)
    print(f"platform: {'Xvfb' if display else 'offscreen'}, {args.runs} launches")
    print(f"ready for typing   median {statistics.median(ready):.3f} s   max {max(ready):.3f} s")
    print(f"index ready        median {statistics.median(indexed):.3f} s   max {max(indexed):.3f} s")
    print(f"peak RSS of the app process {peak:.0f} MB")
    ok = statistics.median(ready) <= READY_TARGET_S and peak < RSS_TARGET_MB
    print(
        f"{'PASS' if ok else 'FAIL'}: ready for typing <= {READY_TARGET_S} s (median), RSS < {RSS_TARGET_MB} MB"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
