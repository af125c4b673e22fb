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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hallapp.domain.catalogue import guide_problems
from hallapp.errors import os_reason
from hallapp.services.catalogue_import import exchange_fields as f
from hallapp.services.catalogue_import import exchange_held as held
from hallapp.services.catalogue_import.exchange_guide import build_guide, extras_of
from hallapp.services.catalogue_import.exchange_rows import Context, Matter, Row
from hallapp.services.catalogue_import.exchange_stream import (
    JsonError,
    NotThisEncoding,
    TextStream,
    TooDeep,
    byte_chunks,
    each_element,
    str_chunks,
    text_chunks,
)
from hallapp.services.catalogue_import.mapping import CodeMapping, load_mapping
from hallapp.services.catalogue_import.model import ImportedCatalogue
from hallapp.services.catalogue_import.parallel import gc_paused

__all__ = ["FORMAT", "MAX_EXCHANGE_BYTES", "parse_exchange"]

FORMAT = "exchange-json"
# 100,000 matters with their materials are some 300 MB; the file is read in chunks, never held whole
MAX_EXCHANGE_BYTES = 2**30
_TABLE_NAMES = {name.lower(): name for name in f.TABLES}
_ALL_FIELDS = {table: f.PLACED[table] | f.KEPT[table] | f.CODED.get(table, frozenset()) for table in f.TABLES}


_KNOWN = {table: fields | {t.lower() for t in f.TABLES} for table, fields in _ALL_FIELDS.items()}


class _Refused(Exception):
    """The file as a whole cannot be read; the message says why (``read``: after its text was read)."""

    def __init__(self, message: str, *, read: bool = True) -> None:
        super().__init__(message)
        self.read = read


def _check_status(status: Any) -> None:
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


# short values as written ("10", "01", "1,2", a department's code): one copy of each, not one per record;
# kept for one read only (they are held by the records anyway)
_SHORT: dict[str, str] = {}
_SHORT_LENGTH = 40  # codes too: a matter's task_code is named again by each of its rows


def _record(raw: dict[str, Any]) -> dict[str, Any]:
    shared = _SHORT.setdefault
    values = [
        shared(value, value) if type(value) is str and len(value) <= _SHORT_LENGTH else value
        for value in raw.values()
    ]
    try:
        record = dict(zip([_KEYS[key] for key in raw], values, strict=True))
    except KeyError:
        record = dict(zip([_field_name(key) for key in raw], values, strict=True))
    if len(record) == len(raw):
        return record
    record = {}  # two spellings of one field (page_num and original_amount): the first one filled wins
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
        if (row := _row(item, sheet, index, ctx)) is not None:
            rows.append(row)
    return rows


def _row(item: Any, sheet: str, index: int, ctx: Context) -> Row | None:
    if isinstance(item, dict):
        return Row(_record(item), sheet, index)
    if item not in (None, "", []):
        ctx.problem(Row({}, sheet, index), '这一条不是对象（应为 {"字段": 值, …}），已跳过', value=item)
    return None


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


class _Builder:
    """Turns matters into guides as they come, each matter's rows freed once its guide is made."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.seen: set[tuple[str, str]] = set()
        self.codes: dict[str, int] = {}

    def add(self, matter: Matter) -> None:
        ctx, result = self.ctx, self.ctx.result
        for table, rows in ((f.ITEM, [matter.item]), *matter.children.items()):
            _report_unknown_fields(rows, table, ctx, self.seen)
        guide = build_guide(ctx, matter)
        if guide is None:
            return
        if guide.code in self.codes:
            ctx.problem(
                matter.item,
                f"实施编码与第 {self.codes[guide.code]} 条重复，此条未导入",
                "task_code",
                guide.code,
            )
            return
        self.codes[guide.code] = matter.item.row
        for message in guide_problems(guide):
            ctx.problem(matter.item, message)
        result.source.guides.append(guide)
        result.extras[guide.code] = extras_of(matter)
        if not guide.materials:
            result.incomplete.add(guide.code)


class _Reader:
    """One pass over the document: the envelope walked, matters built as soon as nothing can follow them.

    In the data.list envelope every matter carries its own tables, so each is built as it is read. In the
    CUSTOM envelope a table of AUDIT_MATERIAL rows naming their matter may come before or after
    AUDIT_ITEM, so the matters and the top-level rows are kept (as rows, the JSON objects freed) until
    CUSTOM ends, then joined and built one by one.
    """

    def __init__(self, stream: TextStream, ctx: Context) -> None:
        self.stream = stream
        self.ctx = ctx
        self.builder = _Builder(ctx)
        self.matters: list[held.Held] = []  # CUSTOM's, kept compact until the envelope ends
        self.top: dict[str, list[held.Held]] = {}

    def document(self) -> None:
        stream, ctx = self.stream, self.ctx
        if stream.peek() != "{":
            stream.value()  # to say why: not JSON, too deep, or JSON that is no envelope
            stream.end()
            raise _Refused("不是事项交换数据：最外层应为含 STATUS 和 CUSTOM 或 data 的对象")
        status = custom = listed = False
        for key in stream.object_keys():
            name = key.lower()
            if name == "status" and not status:
                status = True
                _check_status(stream.value())
            elif name == "custom" and not custom and not listed:
                custom = True
                self.custom()
            elif name == "data" and not custom and not listed:
                listed = self.data()
            else:
                stream.value()
        stream.end()
        if not custom and not listed:
            raise _Refused("不是事项交换数据：没有 CUSTOM，也没有 data.list")
        if not status:
            ctx.problem(None, "缺少 STATUS（平台的返回状态），按成功的数据读取")
            ctx.result.problems.insert(0, ctx.result.problems.pop())
        ctx.result.source.departments = list(ctx.departments.values())

    def data(self) -> bool:
        """The data object; False when it has no list (the file is then no exchange data)."""
        stream = self.stream
        if stream.peek() != "{":
            stream.value()
            return False
        found = False
        for key in stream.object_keys():
            if key.lower() == "list" and not found:
                found = True
                each_element(stream, self._listed)
            else:
                stream.value()
        return found

    def _listed(self, index: int, value: Any) -> None:
        ctx = self.ctx
        row = _row(value, f.ITEM, index, ctx)
        if row is None:
            return
        record = row.record
        if f.ITEM.lower() in record:  # {"AUDIT_ITEM": {...}, "AUDIT_MATERIAL": [...]} per matter
            items = _as_rows(record.pop(f.ITEM.lower()), f.ITEM, ctx)
            if len(items) != 1:
                ctx.problem(row, "每个事项应有且只有一条 AUDIT_ITEM，已跳过")
                return
            record = {**record, **items[0].record}
        self.builder.add(_split_item(record, f.ITEM, row.row, ctx))

    def custom(self) -> None:
        stream, ctx = self.stream, self.ctx
        if stream.peek() != "{":
            stream.value()
            raise _Refused("CUSTOM 应为含 AUDIT_ITEM 等表的对象")
        items = False
        for key in stream.object_keys():
            table = _TABLE_NAMES.get(key.lower(), key)
            if table == f.ITEM and not items:
                items = True
                each_element(stream, self._item)
            elif table in f.CHILD_TABLES:
                self._top_table(table)
            else:
                stream.value()
                ctx.problem(None, f"CUSTOM 中的 {table[:40]} 不是已知的表，已忽略")
        if not items:
            raise _Refused("CUSTOM 中没有 AUDIT_ITEM（事项表），不是事项交换数据")
        held.attach(self.matters, self.top, ctx)
        self.top.clear()
        _SHORT.clear()  # the rows are all read: what it still held alone can go as its matter is built
        matters, self.matters = self.matters, []
        matters.reverse()
        while matters:  # each matter's rows are freed once its guide is made
            self.builder.add(held.release(matters.pop()))

    def _item(self, index: int, value: Any) -> None:
        row = _row(value, f.ITEM, index, self.ctx)
        if row is not None:
            self.matters.append(held.hold_matter(_split_item(row.record, row.sheet, row.row, self.ctx)))

    def _top_table(self, table: str) -> None:
        stream, ctx = self.stream, self.ctx
        rows = self.top.setdefault(table, [])
        if stream.peek() == "{":  # one row, or groups of rows keyed by task_code: read key by key
            keyed = {key: stream.value() for key in stream.object_keys()}
            rows.extend(held.hold(row) for row in _keyed_rows(keyed, table, ctx))
            return

        def add(index: int, value: Any) -> None:
            if (row := _row(value, table, index, ctx)) is not None:
                rows.append(held.hold(row))

        each_element(stream, add)


def _source(data: bytes | str | Path, encoding: str, digest: Any) -> Iterator[str]:
    if isinstance(data, str):
        return str_chunks(data)
    return text_chunks(byte_chunks(data, digest), encoding)


def _check_size(data: bytes | str | Path) -> None:
    if isinstance(data, Path):
        try:
            size = data.stat().st_size
        except FileNotFoundError:
            raise _Refused("文件不存在", read=False) from None
        except OSError as error:
            raise _Refused(f"无法读取（{os_reason(error)}）", read=False) from None
        if size > MAX_EXCHANGE_BYTES:
            raise _Refused(
                f"文件超过 {MAX_EXCHANGE_BYTES // 2**20} MB，不像一份事项交换数据（是否选错了文件？）",
                read=False,
            )
    elif len(data) > MAX_EXCHANGE_BYTES:
        raise _Refused(f"数据超过 {MAX_EXCHANGE_BYTES // 2**20} MB，不像一份事项交换数据", read=False)


def _read(data: bytes | str | Path, ctx: Context) -> None:
    """Read the data into ``ctx.result``; raises _Refused when it cannot be read as a whole."""
    _check_size(data)
    if isinstance(data, str):
        ctx.result.source.digest = hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()
    elif isinstance(data, bytes):
        ctx.result.source.digest = hashlib.sha256(data).hexdigest()
    for encoding in ("utf-8-sig", "gb18030"):  # some platforms still export GBK
        digest = hashlib.sha256() if isinstance(data, Path) else None
        try:
            _Reader(TextStream(_source(data, encoding, digest)), ctx).document()
        except NotThisEncoding:
            _reset(ctx)
            continue
        except JsonError as error:
            raise _Refused(
                f"不是有效的 JSON（第 {error.line} 行第 {error.column} 列：{error.message}）"
            ) from None
        except (TooDeep, RecursionError):
            raise _Refused("JSON 嵌套层数过多，不像事项交换数据") from None
        except FileNotFoundError:
            raise _Refused("文件不存在", read=False) from None
        except OSError as error:
            raise _Refused(f"无法读取（{os_reason(error)}）", read=False) from None
        if digest is not None:
            ctx.result.source.digest = digest.hexdigest()
        return
    raise _Refused("不是文本文件（既不是 UTF-8 也不是 GBK 编码）", read=False)


def _reset(ctx: Context) -> None:
    """Forget what a reading given up part-way had found (a second encoding reads the file again)."""
    digest = ctx.result.source.digest
    ctx.result = ImportedCatalogue(format=FORMAT)
    ctx.result.source.digest = digest
    ctx.departments.clear()


def parse_exchange(
    data: bytes | str | Path, *, mapping: CodeMapping | None = None, name: str = ""
) -> ImportedCatalogue:
    """Read exchange data (the file's bytes, its text, or its path) into guides; nothing is stored.

    Every problem is in the result with its place (file, table, record, field, value); the guides read
    are checked by the catalogue's own rules (``guide_problems``) and what those say is reported too.
    A file that cannot be read as a whole (not JSON, not exchange data, a refused status) gives no
    guides and one problem saying why. The file is read in chunks and each record decoded on its own,
    so memory holds the guides being made, not the file's text and parse tree.
    """
    file = name or (data.name if isinstance(data, Path) else "交换数据")
    ctx = Context(file, mapping or load_mapping(), ImportedCatalogue(format=FORMAT))
    _SHORT.clear()
    with gc_paused():
        try:
            _read(data, ctx)
        except _Refused as refused:
            _reset(ctx)
            ctx.problem(None, str(refused))
            if isinstance(data, Path) and refused.read:  # the text was read: say which file it was
                digest = hashlib.sha256()
                try:
                    for _chunk in byte_chunks(data, digest):
                        pass
                    ctx.result.source.digest = digest.hexdigest()
                except OSError:
                    pass  # gone since: the refusal says enough
        finally:
            _SHORT.clear()
    return ctx.result
