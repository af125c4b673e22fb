"""Read the national exchange data (JSON) of a provincial government-service platform into a catalogue.

Two envelopes are read: ``{"STATUS": {"CODE": "00", …}, "CUSTOM": {…tables…}}`` and
``{"STATUS": …, "data": {"list": [ …matters… ]}}``. The tables (AUDIT_ITEM, AUDIT_MATERIAL,
AUDIT_ITEM_WINDOW, AUDIT_ITEM_BYLAW, AUDIT_CHARGE, AUDIT_QA, AUDIT_ITEM_EXTEND, AUDIT_ITEM_SPECIAL) may
each be a list or a single object, nested in their matter or at the top level, there as a list of rows
naming their matter's task_code or as an object keyed by task_code. A broken row is reported and the rest
read; a file that is not such data at all gives one problem saying so.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from hallapp.domain.catalogue import guide_problems
from hallapp.errors import os_reason
from hallapp.services.catalogue_import import exchange_fields as f
from hallapp.services.catalogue_import.exchange_guide import build_guide, extras_of
from hallapp.services.catalogue_import.exchange_rows import Context, Matter, Row
from hallapp.services.catalogue_import.mapping import CodeMapping, load_mapping
from hallapp.services.catalogue_import.model import ImportedCatalogue

__all__ = ["FORMAT", "MAX_EXCHANGE_BYTES", "parse_exchange"]

FORMAT = "exchange-json"
MAX_EXCHANGE_BYTES = 200 * 2**20  # about 100,000 matters with their materials; more is not one export
_TABLE_NAMES = {name.lower(): name for name in f.TABLES}
_ALL_FIELDS = {table: f.PLACED[table] | f.KEPT[table] | f.CODED.get(table, frozenset()) for table in f.TABLES}


_KNOWN = {table: fields | {t.lower() for t in f.TABLES} for table, fields in _ALL_FIELDS.items()}


class _Refused(Exception):
    """The file as a whole cannot be read; the message says why."""


def _decode(data: bytes | str | Path, name: str) -> tuple[str, str, str]:
    """The text of the data, the file's name and the SHA-256 of what was given (a cheap fingerprint)."""
    if isinstance(data, Path):
        name = name or data.name
        try:
            if data.stat().st_size > MAX_EXCHANGE_BYTES:
                raise _Refused(
                    f"文件超过 {MAX_EXCHANGE_BYTES // 2**20} MB，不像一份事项交换数据（是否选错了文件？）"
                )
            data = data.read_bytes()
        except FileNotFoundError:
            raise _Refused("文件不存在") from None
        except OSError as error:
            raise _Refused(f"无法读取（{os_reason(error)}）") from None
    name = name or "交换数据"
    if len(data) > MAX_EXCHANGE_BYTES:
        raise _Refused(f"数据超过 {MAX_EXCHANGE_BYTES // 2**20} MB，不像一份事项交换数据")
    if isinstance(data, str):
        return data, name, hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()
    digest = hashlib.sha256(data).hexdigest()
    for encoding in ("utf-8-sig", "gb18030"):  # some platforms still export GBK
        try:
            return data.decode(encoding), name, digest
        except UnicodeDecodeError:
            continue
    raise _Refused("不是文本文件（既不是 UTF-8 也不是 GBK 编码）")


def _load(text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _Refused(f"不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列：{error.msg}）") from None
    except RecursionError:
        raise _Refused("JSON 嵌套层数过多，不像事项交换数据") from None
    if not isinstance(document, dict):
        raise _Refused("不是事项交换数据：最外层应为含 STATUS 和 CUSTOM 或 data 的对象")
    return {str(k).lower(): v for k, v in document.items()}


def _check_status(document: dict[str, Any], ctx: Context) -> None:
    status = document.get("status")
    if status is None:
        ctx.problem(None, "缺少 STATUS（平台的返回状态），按成功的数据读取")
        return
    if not isinstance(status, dict):
        raise _Refused("STATUS 应为含 CODE 的对象，无法判断平台是否返回成功")
    fields = {str(k).lower(): v for k, v in status.items()}
    code = str(fields.get("code", "")).strip()
    if code not in ("00", "0"):
        said = str(fields.get("text") or fields.get("message") or fields.get("msg") or "").strip()
        reason = f"（{said[:200]}）" if said else ""
        raise _Refused(f"平台返回的状态码是「{code[:20]}」{reason}，不是成功（00），这份数据未导入")


_KEYS: dict[str, str] = {}  # field names as written -> as compared; a few dozen in any real file
_MAX_KEYS = 10_000


def _field_name(key: str) -> str:
    name = _KEYS.get(key)
    if name is None:
        name = str(key).strip().lower()
        name = f.ALIASES.get(name, name)
        if len(_KEYS) < _MAX_KEYS:  # a hostile file with a million names does not grow this
            _KEYS[key] = name
    return name


def _record(raw: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, value in raw.items():
        name = _field_name(key)
        if name not in record or record[name] in ("", None):
            record[name] = value
    return record


def _as_rows(value: Any, sheet: str, ctx: Context) -> list[Row]:
    """A table given as a list of objects or as one object; anything else in it is a broken row."""
    items = value if isinstance(value, list) else [value]
    rows = []
    for index, item in enumerate(items, start=1):
        if isinstance(value, list):
            value[index - 1] = None  # the parsed object is freed as its row is made: one copy at a time
        if isinstance(item, dict):
            rows.append(Row(_record(item), sheet, index))
        elif item not in (None, "", []):
            ctx.problem(Row({}, sheet, index), '这一条不是对象（应为 {"字段": 值, …}），已跳过', value=item)
    return rows


def _report_unknown_fields(rows: list[Row], table: str, ctx: Context, seen: set[tuple[str, str]]) -> None:
    known = _KNOWN[table]
    for row in rows:
        for key in row.record:
            if key not in known and (table, key) not in seen:
                seen.add((table, key))
                ctx.problem(row, f"{table} 没有这个字段（是否拼错？），其值原样保留，未用于办事指南", key)


def _split_item(record: dict[str, Any], sheet: str, row: int, ctx: Context) -> Matter:
    """An AUDIT_ITEM row, with the tables nested in it taken out into its children."""
    item = dict(record)
    matter = Matter(Row(item, sheet, row))
    label = str(record.get("task_code") or f"第 {row} 条")
    for key in list(item):
        table = _TABLE_NAMES.get(key)
        if table is not None and table != f.ITEM:
            matter.children[table] = _as_rows(item.pop(key), f"{table}（事项 {label[:40]}）", ctx)
    return matter


def _matters(document: dict[str, Any], ctx: Context) -> tuple[list[Matter], dict[str, list[Row]]]:
    """The matters of the file and the top-level rows of the other tables."""
    top: dict[str, list[Row]] = {}
    matters: list[Matter] = []
    if "custom" in document:
        custom = document["custom"]
        if not isinstance(custom, dict):
            raise _Refused("CUSTOM 应为含 AUDIT_ITEM 等表的对象")
        tables = {_TABLE_NAMES.get(str(k).lower(), str(k)): v for k, v in custom.items()}
        if f.ITEM not in tables:
            raise _Refused("CUSTOM 中没有 AUDIT_ITEM（事项表），不是事项交换数据")
        for row in _as_rows(tables.pop(f.ITEM), f.ITEM, ctx):
            matters.append(_split_item(row.record, row.sheet, row.row, ctx))
        for table, value in tables.items():
            if table in f.CHILD_TABLES:
                top[table] = _keyed_rows(value, table, ctx)
            else:
                ctx.problem(None, f"CUSTOM 中的 {table[:40]} 不是已知的表，已忽略")
    elif isinstance(document.get("data"), dict) and "list" in {str(k).lower() for k in document["data"]}:
        entries = {str(k).lower(): v for k, v in document["data"].items()}["list"]
        for row in _as_rows(entries, f.ITEM, ctx):
            record = row.record
            if f.ITEM.lower() in record:  # {"AUDIT_ITEM": {...}, "AUDIT_MATERIAL": [...]} per matter
                items = _as_rows(record.pop(f.ITEM.lower()), f.ITEM, ctx)
                if len(items) != 1:
                    ctx.problem(row, "每个事项应有且只有一条 AUDIT_ITEM，已跳过")
                    continue
                record = {**record, **items[0].record}
            matters.append(_split_item(record, f.ITEM, row.row, ctx))
    else:
        raise _Refused("不是事项交换数据：没有 CUSTOM，也没有 data.list")
    return matters, top


def _keyed_rows(value: Any, table: str, ctx: Context) -> list[Row]:
    """Top-level rows: a list (or one object) of rows naming their matter, or an object keyed by task_code."""
    if isinstance(value, dict) and not (set(_record(value)) & _ALL_FIELDS[table]):
        rows = []
        for code, group in value.items():
            for row in _as_rows(group, f"{table}（事项 {str(code)[:40]}）", ctx):
                row.record.setdefault("task_code", code)
                rows.append(row)
        return rows
    return _as_rows(value, table, ctx)


def _attach(matters: list[Matter], top: dict[str, list[Row]], ctx: Context) -> None:
    by_link: dict[str, Matter] = {}
    for matter in matters:
        for key in f.LINK_FIELDS:
            value = matter.item.record.get(key)
            if isinstance(value, str | int) and str(value).strip():
                by_link.setdefault(f"{key}:{str(value).strip().upper()}", matter)
    for table, rows in top.items():
        for row in rows:
            links = [(k, row.record.get(k)) for k in f.LINK_FIELDS if row.record.get(k) not in (None, "")]
            owner = next((m for k, v in links if (m := by_link.get(f"{k}:{str(v).strip().upper()}"))), None)
            if owner is None:
                shown = links[0][1] if links else ""
                ctx.problem(
                    row,
                    "找不到这条记录所属的事项（task_code 不在 AUDIT_ITEM 中），已跳过",
                    "task_code",
                    shown,
                )
                continue
            owner.children.setdefault(table, []).append(row)


def parse_exchange(
    data: bytes | str | Path, *, mapping: CodeMapping | None = None, name: str = ""
) -> ImportedCatalogue:
    """Read exchange data (the file's bytes, its text, or its path) into guides; nothing is stored.

    Every problem is in the result with its place (file, table, record, field, value); the guides read
    are checked by the catalogue's own rules (``guide_problems``) and what those say is reported too.
    """
    result = ImportedCatalogue(format=FORMAT)
    ctx = Context(
        name or (data.name if isinstance(data, Path) else "交换数据"), mapping or load_mapping(), result
    )
    try:
        text, ctx.file, result.source.digest = _decode(data, name)
        document = _load(text)
        del text  # as large as the file, twice over for Chinese text: not kept while the guides are built
        if "custom" not in document and "data" not in document:
            raise _Refused("不是事项交换数据：没有 CUSTOM，也没有 data.list")
        _check_status(document, ctx)
        matters, top = _matters(document, ctx)
    except _Refused as refused:
        ctx.problem(None, str(refused))
        return result
    _attach(matters, top, ctx)
    del document, top
    seen: set[tuple[str, str]] = set()
    codes: dict[str, int] = {}
    matters.reverse()
    while matters:  # each matter's rows are freed once its guide is made
        matter = matters.pop()
        for table, rows in (("AUDIT_ITEM", [matter.item]), *matter.children.items()):
            _report_unknown_fields(rows, table, ctx, seen)
        guide = build_guide(ctx, matter)
        if guide is None:
            continue
        if guide.code in codes:
            ctx.problem(
                matter.item, f"实施编码与第 {codes[guide.code]} 条重复，此条未导入", "task_code", guide.code
            )
            continue
        codes[guide.code] = matter.item.row
        for message in guide_problems(guide):
            ctx.problem(matter.item, message)
        result.source.guides.append(guide)
        result.extras[guide.code] = extras_of(matter)
        if not guide.materials:
            result.incomplete.add(guide.code)
    result.source.departments = list(ctx.departments.values())
    return result
