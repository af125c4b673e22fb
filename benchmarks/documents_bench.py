"""How fast the counter prints: font registration, one receipt with its QR code, a batch of 100 documents.

Run: python benchmarks/documents_bench.py [--receipts 200] [--batch 100]
Targets: ≤ 20 ms per receipt with QR (median and p95, font already registered), 100 documents ≤ 2 s.
Exits 1 when a target is missed. rl-accel (reportlab's C helpers) makes a receipt about a quarter faster.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RECEIPT_TARGET_MS = 20.0
BATCH_TARGET_S = 2.0


def _accelerated() -> bool:
    try:
        import _rl_accel  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Print the figures and PASS/FAIL against the targets; return the exit status."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--receipts", type=int, default=200)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    from hallapp.printing.documents import render
    from hallapp.printing.fonts import load_font
    from hallapp.printing.model import DocumentKind
    from hallapp.printing.samples import sample_document

    imported = time.perf_counter() - t0
    t0 = time.perf_counter()
    load_font()
    registered = time.perf_counter() - t0

    receipt = sample_document(DocumentKind.RECEIPT)
    t0 = time.perf_counter()
    first = render(receipt)
    first_ms = (time.perf_counter() - t0) * 1000

    times = []
    for i in range(args.receipts):
        number = f"440310-20260302-{i:04d}"
        link = f"https://zwfw.example.cn/cx?no={number}"
        data = dataclasses.replace(receipt, case_number=number, qr_payload=link)
        t0 = time.perf_counter()
        render(data)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]

    kinds = list(DocumentKind)
    batch = [
        sample_document(kinds[i % len(kinds)], copy=i % 7 == 0, materials=5 + i % 6)
        for i in range(args.batch)
    ]
    t0 = time.perf_counter()
    size = sum(len(render(d)) for d in batch)
    batch_s = time.perf_counter() - t0

    receipt_ok = median <= RECEIPT_TARGET_MS and p95 <= RECEIPT_TARGET_MS
    batch_ok = batch_s <= BATCH_TARGET_S
    verdict = {True: "PASS", False: "FAIL"}
    print(f"python {sys.version.split()[0]}, rl-accel C helpers: {'yes' if _accelerated() else 'no'}")
    print(f"import printing layer      {imported * 1000:8.1f} ms")
    print(f"font registration (once)   {registered * 1000:8.1f} ms")
    print(f"first receipt              {first_ms:8.1f} ms  ({len(first) / 1024:.0f} KiB)")
    print(
        f"receipt with QR, n={len(times):<4}    median {median:6.2f} ms  p95 {p95:6.2f} ms"
        f"  max {times[-1]:6.2f} ms   target <= {RECEIPT_TARGET_MS:.0f} ms: {verdict[receipt_ok]}"
    )
    print(
        f"batch of {len(batch)} documents     {batch_s:8.3f} s   ({size / len(batch) / 1024:.0f} KiB each)"
        f"   target <= {BATCH_TARGET_S:.0f} s: {verdict[batch_ok]}"
    )
    return 0 if receipt_ok and batch_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
