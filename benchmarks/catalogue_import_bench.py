"""Reading 100,000 matters from exchange JSON and from Excel, and their pinyin keys, beside floors.

    python benchmarks/catalogue_import_bench.py [--matters 100000] [--materials 5] [--layout custom|list]
                                                [--only exchange,xlsx,pinyin]

Exchange JSON: one file of generated matters in the national field names (``custom``: the CUSTOM
envelope, AUDIT_MATERIAL / AUDIT_ITEM_WINDOW / AUDIT_ITEM_BYLAW as top-level tables naming their
matter's task_code, after AUDIT_ITEM; ``list``: the data.list envelope, every table nested in its
matter), with what real exports carry: numbers as strings, entities encoded once and twice, <p> tags,
full-width phone numbers. Conditions, fill-in notes, names and phones differ from matter to matter (so
the reader's cache of cleaned texts helps only where real catalogues repeat themselves). Measured: the
floor (``json.loads`` of the file's bytes, read in the call) and ``parse_exchange(path)``.

Excel: a workbook as Excel writes one (shared strings, numbers as numbers) in the app's own headers,
100,000 matters and 6 or 7 materials each (~640,000 material rows), written straight as XML. Measured:
the floor (unzip and ElementTree ``iterparse`` of every sheet and the shared strings, each row freed,
no cell looked at) and ``parse_xlsx(path)``.

Pinyin: the keys of as many matter names (``search_bench``'s generator, whose names repeat like a real
catalogue's) one by one with ``search_keys``, with ``search_keys_many`` in one process (each distinct
name once) and with ``search_keys_many`` across the cores.

Each measurement runs in a fresh process so that one's memory does not hide the other's; printed: wall
time, peak resident memory (VmHWM of /proc/self/status, else ``resource.getrusage``) and how much of it
the call added, and the ratio to the floor. Nothing is stored: the database side of an import is
measured by its own benchmark.
"""

from __future__ import annotations

import argparse
import hashlib
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


_XLSX_MATTER = {
    "department": "深圳市坪山区市场监督管理局",
    "department_code": "11440300MB2C92041J",
    "matter_type": "行政许可",
    "applicant_types": "自然人、法人",
    "kind": "承诺件",
    "statutory_limit": 20,
    "legal_basis": "《中华人民共和国行政许可法》第二十九条",
    "procedure": "1. 申请；\n2. 受理；\n3. 审核；\n4. 决定。",
    "fees": "不收费",
    "place": "坪山区政务服务中心二楼",
    "hours": "周一至周五 9:00-12:00 14:00-18:00",
    "windows": "综合窗口",
    "complaint_phone": "12345",
    "visits": 1,
    "deferrable": "否",
}
_XLSX_MATERIAL = {
    "form": "纸质",
    "originals": 1,
    "original_handling": "验",
    "deferrable": "否",
    "source": "申请人自备",
    "owner": "申请人",
}
_KINDS = ("申请书", "身份证明", "营业执照", "场所证明", "承诺书", "授权委托书", "章程")


def _xlsx_rows(matters: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Rows of the app's Excel form (keys of headers.py): 6 or 7 materials a matter, 6.4 on average."""
    items, materials = [], []
    for i in range(matters):
        code = f"11440300MB2C92041J4{i:012d}"
        items.append(
            {
                **_XLSX_MATTER,
                "code": code,
                "name": f"测试事项第{i}号（{'新办' if i % 2 else '变更'}）",
                "promised_limit": 5 + i % 10,
                "conditions": f"申请人应当具有合法主体资格和相应的经营场所（第{i}项）；\n已取得营业执照。",
                "phone": f"0755-846{i % 100000:05d}",
                "online_url": f"https://www.gdzwfw.gov.cn/query/{i}",
            }
        )
        for m in range(7 if i % 5 < 2 else 6):
            materials.append(
                {
                    **_XLSX_MATERIAL,
                    "code": code,
                    "name": f"申请材料{m + 1}（{_KINDS[m % len(_KINDS)]}）",
                    "copies": m % 2,
                    "necessity": "必要" if m < 3 else "非必要",
                    "fill_notes": f"须申请人签名或盖章（事项{i}）",
                    "order": m + 1,
                }
            )
    return items, materials


def _letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def generate_xlsx(path: Path, matters: int) -> int:
    """An .xlsx as Excel writes one (shared strings, numbers as numbers), written straight as XML."""
    import zipfile
    from xml.sax.saxutils import escape

    from hallapp.services.catalogue_import.headers import MATERIAL_COLUMNS, MATTER_COLUMNS

    items, materials = _xlsx_rows(matters)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings: dict[str, int] = {}

    def sheet_xml(columns: tuple[Any, ...], rows: list[dict[str, object]]) -> Any:
        letters = [_letters(i) for i in range(len(columns))]
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{main}"><sheetData>'
        for number, values in enumerate([{c.key: c.label for c in columns}, *rows], start=1):
            cells = []
            for letter, column in zip(letters, columns, strict=True):
                value = values.get(column.key)
                if value is None or value == "":
                    continue
                if isinstance(value, int):
                    cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
                else:
                    index = strings.setdefault(str(value), len(strings))
                    cells.append(f'<c r="{letter}{number}" t="s"><v>{index}</v></c>')
            yield f'<row r="{number}">{"".join(cells)}</row>'
        yield "</sheetData></worksheet>"

    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="事项" sheetId="1" r:id="rId1"/><sheet name="申请材料" sheetId="2" r:id="rId2"/>'
            "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/worksheet" Target="worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId4" Type="{rel}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}">'
            '<cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for name, columns, rows in (
            ("xl/worksheets/sheet1.xml", MATTER_COLUMNS, items),
            ("xl/worksheets/sheet2.xml", MATERIAL_COLUMNS, materials),
        ):
            with archive.open(name, "w", force_zip64=True) as handle:
                batch: list[str] = []
                for piece in sheet_xml(columns, rows):
                    batch.append(piece)
                    if len(batch) >= 2000:
                        handle.write("".join(batch).encode())
                        batch = []
                handle.write("".join(batch).encode())
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
            handle.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{main}">'.encode())
            for text in strings:
                handle.write(f'<si><t xml:space="preserve">{escape(text)}</t></si>'.encode())
            handle.write(b"</sst>")
    return len(materials)


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


def _xlsx_floor(path: Path) -> dict[str, Any]:
    """What any reader of the workbook pays: unzip and iterparse every sheet and the shared strings,
    freeing each row, with no cell looked at."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    elements = 0
    with zipfile.ZipFile(path) as archive:
        for part in archive.namelist():
            if part.startswith("xl/worksheets/") or part == "xl/sharedStrings.xml":
                with archive.open(part) as handle:
                    for _event, element in iterparse(handle, events=("end",)):
                        elements += 1
                        if element.tag.endswith(("}row", "}si")):
                            element.clear()
    return {"elements": elements}


def _summary(result: Any) -> dict[str, Any]:
    summary = {
        "guides": len(result.source.guides),
        "materials": sum(len(g.materials) for g in result.source.guides),
        "problems": len(result.problems),
        "unknown_codes": len(result.unknown_codes),
    }
    if not result.source.guides or result.problems:
        summary["first"] = result.messages()[:2]
    return summary


def _pinyin_names(matters: int) -> list[str]:
    from search_bench import make_source  # names that repeat fragments as a real catalogue's do

    return [guide.name for guide in make_source(matters, 1).guides]


def stage(kind: str, path: Path) -> None:
    """One measurement in this (fresh) process; prints one JSON line."""
    from hallapp.services.catalogue_import.mapping import load_mapping

    mapping = load_mapping()
    summary: dict[str, Any] = {}
    if kind.startswith("pinyin"):
        from hallapp.search.pinyin import _pypinyin, search_keys, search_keys_many

        names = _pinyin_names(int(path.name))
        _pypinyin()
        summary = {"names": len(names), "distinct": len(set(names))}
    base = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    if kind == "exchange-floor":
        document = json.loads(path.read_bytes())
        summary = {"items": len(document["CUSTOM"]["AUDIT_ITEM"]) if "CUSTOM" in document else 0}
    elif kind == "exchange":
        from hallapp.services.catalogue_import.exchange import parse_exchange

        summary = _summary(parse_exchange(path, mapping=mapping))
    elif kind == "xlsx-floor":
        summary = _xlsx_floor(path)
    elif kind == "xlsx":
        from hallapp.services.catalogue_import.xlsx import parse_xlsx

        summary = _summary(parse_xlsx(path, mapping=mapping))
    elif kind == "pinyin-serial":
        keys = [search_keys(name) for name in names]
    elif kind == "pinyin-many-1":
        keys = search_keys_many(names, workers=1)
    else:
        keys = search_keys_many(names)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    summary["cpu_s"] = round(cpu, 1)  # this process only (not the workers'): on a busy machine, steadier
    if kind.startswith("pinyin"):
        summary["check"] = hashlib.sha256(repr(keys).encode()).hexdigest()[:12]  # the same in each stage
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "above_mb": _peak_mb() - base, **summary}))


def _run(kind: str, path: Path) -> dict[str, Any]:
    run = [sys.executable, __file__, "--stage", kind, "--file", str(path)]
    output = subprocess.run(run, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def _line(label: str, figures: dict[str, Any], floor: dict[str, Any] | None = None) -> str:
    extra = {k: v for k, v in figures.items() if k not in ("seconds", "peak_mb", "above_mb")}
    ratio = f"  {figures['seconds'] / floor['seconds']:5.1f}x the floor" if floor else ""
    return (
        f"  {label:<26} {figures['seconds']:6.1f} s   peak {figures['peak_mb']:6.0f} MB "
        f"(+{figures['above_mb']:.0f} MB in the call){ratio}   {extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=100_000)
    parser.add_argument("--materials", type=int, default=5, help="per matter in the exchange file")
    parser.add_argument("--layout", choices=("custom", "list"), default="custom")
    parser.add_argument("--only", default="exchange,xlsx,pinyin", help="which of exchange, xlsx, pinyin")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        stage(args.stage, args.file)
        return
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as folder:
        if "exchange" in only:
            path = Path(folder) / "exchange.json"
            started = time.perf_counter()
            path.write_bytes(generate(args.matters, args.materials, args.layout))
            size = path.stat().st_size / 2**20
            print(
                f"exchange JSON: {args.matters} matters × {args.materials} materials, layout {args.layout}: "
                f"{size:.0f} MB (generated in {time.perf_counter() - started:.1f} s)"
            )
            floor = _run("exchange-floor", path)
            print(_line("json.loads (floor)", floor))
            print(_line("parse_exchange", _run("exchange", path), floor))
            path.unlink()
        if "xlsx" in only:
            path = Path(folder) / "matters.xlsx"
            started = time.perf_counter()
            rows = generate_xlsx(path, args.matters)
            size = path.stat().st_size / 2**20
            print(
                f"Excel: {args.matters} matters, {rows} material rows: {size:.0f} MB packed "
                f"(generated in {time.perf_counter() - started:.1f} s)"
            )
            floor = _run("xlsx-floor", path)
            print(_line("unzip + iterparse (floor)", floor))
            print(_line("parse_xlsx", _run("xlsx", path), floor))
        if "pinyin" in only:
            names = Path(folder) / str(args.matters)  # the stage makes the names from the count
            print(f"pinyin keys of {args.matters} matter names (search_bench's generator, seed 1):")
            serial = _run("pinyin-serial", names)
            print(_line("search_keys one by one", serial))
            print(_line("search_keys_many, 1 process", _run("pinyin-many-1", names)))
            print(_line("search_keys_many", _run("pinyin-many", names)))


if __name__ == "__main__":
    main()
