"""An administrator's import of 100,000 matters from national exchange JSON, as a new `hallapp` process.

    python benchmarks/catalogue_import_cli_bench.py [--matters 100000] [--materials 5]

What the administrator waits for, from the command to its last line: a new process signs in
(``--user``, password from the environment, hashed as at the counter), reads the file, compares it with
the catalogue, prints the preview and writes every matter, its materials and pinyin keys in one
transaction. Timed twice on a fresh installation (the shipped catalogue): the first import (100,000 new
matters) and the same file again (nothing changes, every matter compared). Beside them, in the same run,
the floor: a plain Python process that reads the same file with ``json.loads`` and inserts one row per
matter and per material with ``sqlite3`` in one transaction — the least any import of this file into an
SQLite database costs. Peak memory is each process's own VmHWM.

The exchange file comes from ``catalogue_import_bench.generate`` (numbers as strings, entities, <p> tags,
full-width phones; every matter's name different, so the pinyin cache helps less than on a real list).
The window's import (progress, cancel, the event loop's longest gap) is ``catalogue_import_ui_bench.py``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench-admin-2026!"
PEAK = (
    "import atexit, sys\n"
    "def _peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            print('PEAK_KB', line.split()[1], file=sys.stderr)\n"
    "atexit.register(_peak)\n"
)
FLOOR = """
import json, sqlite3, sys
path, db = sys.argv[1], sys.argv[2]
document = json.loads(open(path, 'rb').read())
custom = document['CUSTOM']
connection = sqlite3.connect(db)
connection.execute('PRAGMA journal_mode=WAL')
connection.execute('PRAGMA synchronous=FULL')
connection.execute('CREATE TABLE matter (id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT, body TEXT)')
connection.execute('CREATE TABLE material (id INTEGER PRIMARY KEY, matter_code TEXT, name TEXT, body TEXT)')
connection.execute('CREATE INDEX ix_material_code ON material (matter_code)')
with connection:
    connection.executemany(
        'INSERT INTO matter (code, name, body) VALUES (?, ?, ?)',
        ((i['TASK_CODE'], i['TASK_NAME'], json.dumps(i, ensure_ascii=False)) for i in custom['AUDIT_ITEM']),
    )
    connection.executemany(
        'INSERT INTO material (matter_code, name, body) VALUES (?, ?, ?)',
        ((m['TASK_CODE'], m['MATERIAL_NAME'], json.dumps(m, ensure_ascii=False)) for m in custom['AUDIT_MATERIAL']),
    )
print(len(custom['AUDIT_ITEM']))
"""


CPU: dict[str, float] = {}  # CPU seconds of the last run (the process and the processes it waited for)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak MB and standard output of ``python -c code args`` in a new process."""
    started, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(
        [sys.executable, "-c", PEAK + code, *args], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    CPU["last"] = _cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    peak = next(
        (int(line.split()[1]) / 1024 for line in done.stderr.splitlines() if line.startswith("PEAK_KB")), 0.0
    )
    return seconds, peak, done.stdout


def _hallapp(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    return _run("import sys\nfrom hallapp.cli import main\nsys.exit(main(sys.argv[1:]))", args, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=100_000)
    parser.add_argument("--materials", type=int, default=5)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hallapp-import-bench-"))
    data = work / "data"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HALLAPP_DATA_DIR": str(data),
        "HALLAPP_PASSWORD": PASSWORD,
        "HALLAPP_NEW_PASSWORD": PASSWORD,
        "QT_QPA_PLATFORM": "offscreen",
    }
    file = work / "exchange.json"
    generator = (
        "import sys\nsys.path.insert(0, sys.argv[3])\n"
        "from catalogue_import_bench import generate\n"
        "open(sys.argv[1], 'wb').write(generate(int(sys.argv[2]), int(sys.argv[4]), 'custom'))\n"
    )
    _run(generator, [str(file), str(options.matters), str(ROOT / "benchmarks"), str(options.materials)], env)
    size = file.stat().st_size / 2**20
    print(
        f"{options.matters:,} matters, {options.matters * options.materials:,} materials, {size:.0f} MB of JSON"
    )
    _hallapp(["accounts", "create-admin", "bench.admin", "--name", "测试管理员"], env)
    load = os.getloadavg()[0]
    floor_s, floor_mb, _out = _run(FLOOR, [str(file), str(work / "floor.sqlite")], env)
    floor_cpu = CPU["last"]
    first_s, first_mb, first_out = _hallapp(["--user", "bench.admin", "catalogue", "import", str(file)], env)
    first_cpu = CPU["last"]
    again_s, again_mb, again_out = _hallapp(["--user", "bench.admin", "catalogue", "import", str(file)], env)
    again_cpu = CPU["last"]
    print(f"machine load (1 min) {load:.1f} before, {os.getloadavg()[0]:.1f} after (2 cores)")
    print(
        f"floor  json.loads + sqlite3 insert   {floor_s:6.1f} s  {floor_mb:6.0f} MB  cpu {floor_cpu:6.1f} s"
    )
    print(
        f"import (new process, signed in)     {first_s:6.1f} s  {first_mb:6.0f} MB  cpu {first_cpu:6.1f} s  "
        f"{first_s / floor_s:4.1f}× floor"
    )
    print(
        f"again  (nothing changes)            {again_s:6.1f} s  {again_mb:6.0f} MB  cpu {again_cpu:6.1f} s  "
        f"{again_s / floor_s:4.1f}× floor"
    )
    print("first import said:", first_out.strip().splitlines()[-1] if first_out.strip() else "(nothing)")
    print("second import said:", again_out.strip().splitlines()[-1] if again_out.strip() else "(nothing)")


if __name__ == "__main__":
    main()
