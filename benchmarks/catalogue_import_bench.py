"""Reading national exchange JSON of 100,000 matters into guides, beside the floor of plain ``json.loads``.

    python benchmarks/catalogue_import_bench.py [--matters 100000] [--materials 5] [--layout custom|list]

Writes one exchange file of generated matters in the national field names (``custom``: the CUSTOM
envelope, AUDIT_MATERIAL / AUDIT_ITEM_WINDOW / AUDIT_ITEM_BYLAW as top-level tables naming their
matter's task_code; ``list``: the data.list envelope, every table nested in its matter), with what real
exports carry: numbers as strings, entities encoded once and twice, <p> tags, full-width phone numbers.
Conditions, fill-in notes, names and phones differ from matter to matter (so the reader's cache of
cleaned texts helps only where real catalogues repeat themselves: addresses, hours, laws, codes).
Then, each in a fresh process so that one's memory does not hide the other's: the floor
(``json.loads`` of the bytes) and ``parse_exchange`` of the same bytes (decode, JSON, tables linked,
texts cleaned, codes mapped, guides built and checked). Prints wall time and peak resident memory of
each (VmHWM of /proc/self/status, else ``resource.getrusage``; above the process with the bytes
read, and in all).
Nothing is stored: the database side of an import is measured by its own benchmark.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _matter(i: int, materials: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    code = f"11440300MB2C92041J4{i:012d}" + ("01" if i % 3 == 0 else "")
    item = {
        "TASK_NAME": f"测试事项第{i}号（{'新办' if i % 2 else '变更'}）",
        "TASK_CODE": code,
        "CATALOG_CODE": f"{i:012d}",
        "ITEM_ID": f"ITEM-{i}",
        "DEPT_CODE": f"DEPT{i % 40:02d}",
        "DEPT_NAME": f"坪山区第{i % 40}局",
        "TASK_TYPE": ("01", "1", "07", "20", "05")[i % 5],
        "SERVE_TYPE": ("1", "2", "1,2")[i % 3],
        "USE_LEVEL": "4",
        "HANDLE_TYPE": "2",
        "ANTICIPATE_DAY": "20",
        "ANTICIPATE_TYPE": "1",
        "PROMISE_DAY": str(5 + i % 10),
        "PROMISE_TYPE": "1",
        "ACCEPT_CONDITION": f"&lt;p&gt;申请人应当具有合法主体资格&amp;amp;相应的经营场所（第{i}项），"
        "符合法律法规规定的其他条件。&lt;/p&gt;&lt;br/&gt;已取得营业执照。",
        "ACCEPT_STD": "材料齐全、符合法定形式",
        "EXERCISE_CONTENT": "对符合条件的申请予以办理",
        "LINK_WAY": f"咨询电话：０７５５－８４６{i % 100000:05d}",
        "SUPERVISE_WAY": "投诉电话：12345",
        "QUERY_URL": f"https://www.gdzwfw.gov.cn/query/{i}",
        "IS_FEE": "0",
        "TASK_STATE": "1",
        "TASK_VERSION": str(1 + i % 4),
    }
    rows = [
        {
            "TASK_CODE": code,
            "MATERIAL_NAME": f"申请材料{m + 1}（{('申请书', '身份证明', '营业执照', '场所证明', '承诺书')[m % 5]}）",
            "IS_NEED": "1" if m < 3 else "2",
            "MATERIAL_FORM": "1",
            "ORIGINAL_AMOUNT": "1",
            "COPY_AMOUNT": str(m % 2),
            "SOURCE_TYPE": "10",
            "FILL_EXPLIAN": f"&amp;lt;p&amp;gt;须申请人签名或盖章（事项{i}）&amp;lt;/p&amp;gt;",
            "ORDERNUM": str(m + 1),
        }
        for m in range(materials)
    ]
    return item, rows


def _window(code: str) -> dict[str, str]:
    return {
        "TASK_CODE": code,
        "WINDOW_NAME": "综合窗口",
        "TRANSACT_ADDR": "坪山区政务服务中心二楼",
        "TRANSACT_TIME": "周一至周五 9:00-12:00，14:00-18:00",
        "WINDOW_TEL": "０７５５－１２３４５６７８",
    }


def _bylaw(code: str) -> dict[str, str]:
    return {"TASK_CODE": code, "LAW_NAME": "中华人民共和国行政许可法", "CLAUSE_CONTENT": "第二十九条……"}


def generate(matters: int, materials: int, layout: str) -> bytes:
    if layout == "custom":
        items, material_rows, windows, bylaws = [], [], [], []
        for i in range(matters):
            item, rows = _matter(i, materials)
            items.append(item)
            material_rows.extend(rows)
            windows.append(_window(item["TASK_CODE"]))
            bylaws.append(_bylaw(item["TASK_CODE"]))
        custom = {
            "AUDIT_ITEM": items,
            "AUDIT_MATERIAL": material_rows,
            "AUDIT_ITEM_WINDOW": windows,
            "AUDIT_ITEM_BYLAW": bylaws,
        }
        document: dict[str, Any] = {"STATUS": {"CODE": "00", "TEXT": "成功"}, "CUSTOM": custom}
    else:
        entries = []
        for i in range(matters):
            item, rows = _matter(i, materials)
            code = item["TASK_CODE"]
            entries.append(
                {
                    **item,
                    "AUDIT_MATERIAL": rows,
                    "AUDIT_ITEM_WINDOW": _window(code),
                    "AUDIT_ITEM_BYLAW": _bylaw(code),
                }
            )
        document = {"STATUS": {"CODE": "00"}, "data": {"total": matters, "list": entries}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _peak_mb() -> float:
    """This process's peak resident memory. Linux's ru_maxrss survives exec (it would report the parent's
    peak), the VmHWM of /proc does not."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def stage(kind: str, path: Path, cap_mb: int) -> None:
    """One measurement in this (fresh) process; prints one JSON line."""
    data = path.read_bytes()
    if kind == "parse":
        from hallapp.services.catalogue_import import exchange
        from hallapp.services.catalogue_import.exchange import parse_exchange
        from hallapp.services.catalogue_import.mapping import load_mapping

        if cap_mb:
            exchange.MAX_EXCHANGE_BYTES = cap_mb * 2**20
        mapping = load_mapping()
    base = _peak_mb()
    start = time.perf_counter()
    if kind == "floor":
        document = json.loads(data)
        summary = {"items": len(document["CUSTOM"]["AUDIT_ITEM"]) if "CUSTOM" in document else 0}
    else:
        result = parse_exchange(data, mapping=mapping, name=path.name)
        summary = {
            "guides": len(result.source.guides),
            "materials": sum(len(g.materials) for g in result.source.guides),
            "problems": len(result.problems),
            "unknown_codes": len(result.unknown_codes),
        }
        if not result.source.guides:
            summary["refused"] = result.messages()[:1]
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "above_mb": _peak_mb() - base, **summary}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=100_000)
    parser.add_argument("--materials", type=int, default=5)
    parser.add_argument("--layout", choices=("custom", "list"), default="custom")
    parser.add_argument(
        "--cap-mb", type=int, default=0, help="size cap of the reader for this run (default: its own, 200 MB)"
    )
    parser.add_argument("--stage", choices=("floor", "parse"), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        stage(args.stage, args.file, args.cap_mb)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "exchange.json"
        started = time.perf_counter()
        path.write_bytes(generate(args.matters, args.materials, args.layout))
        size = path.stat().st_size / 2**20
        print(
            f"{args.matters} matters × {args.materials} materials, layout {args.layout}: "
            f"{size:.0f} MB of JSON (generated in {time.perf_counter() - started:.1f} s)"
        )
        for kind, label in (("floor", "json.loads (floor)"), ("parse", "parse_exchange")):
            run = [
                sys.executable,
                __file__,
                "--stage",
                kind,
                "--file",
                str(path),
                "--cap-mb",
                str(args.cap_mb),
            ]
            figures = json.loads(subprocess.run(run, check=True, capture_output=True, text=True).stdout)
            extra = {k: v for k, v in figures.items() if k not in ("seconds", "peak_mb", "above_mb")}
            print(
                f"  {label:<20} {figures['seconds']:6.1f} s   peak {figures['peak_mb']:6.0f} MB "
                f"(+{figures['above_mb']:.0f} MB above the bytes read)   {extra}"
            )


if __name__ == "__main__":
    main()
