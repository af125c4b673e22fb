"""The catalogue as national exchange data (JSON, the CUSTOM envelope), readable by ``parse_exchange``.

    {"STATUS": {"CODE": "00", …}, "CUSTOM": {"AUDIT_ITEM": […], "AUDIT_MATERIAL": [… task_code …], …}}

Each guide becomes one AUDIT_ITEM row and rows of AUDIT_MATERIAL, AUDIT_ITEM_WINDOW, AUDIT_ITEM_BYLAW,
AUDIT_CHARGE and AUDIT_ITEM_EXTEND naming its task_code, in the national field names and codes (the
default code mapping read in reverse). What an earlier exchange import kept of a matter (its extras:
catalog_code, item_id, the source's own codes, AUDIT_QA …) goes back into its table; a source's code is
written as it was whenever it still means what the guide says (行政处罚 stays "02", not "10").

What the national tables have no field for (``NOT_CARRIED``: a hall's own marks 容缺材料上限, 秒批,
就近办; situations; e-licence links, whose document a material is, 验/收 of originals, an optional
material marked 容缺, a material's notes as written) goes in one field of our own on each AUDIT_ITEM
record, ``HALLAPP_GUIDE`` (``exchange_app.py``), which platforms ignore and ``parse_exchange`` takes
back: importing the export changes nothing. A department's short name is the hall's own and stays.

Rows are written one at a time, table by table, never as one document in memory: 100,000 matters are
a few hundred MB of JSON. The file is written whole or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from hallapp.domain.catalogue import Guide, MaterialRequirement
from hallapp.services.catalogue_files import CatalogueSource
from hallapp.services.catalogue_import import exchange_fields as f
from hallapp.services.catalogue_import.exchange_app import APP_FIELD, app_fields
from hallapp.services.catalogue_import.exchange_guide import _NOTES
from hallapp.services.catalogue_import.mapping import CodeMapping, load_mapping
from hallapp.services.output_file import OutputFileError, check_output_path

__all__ = ["NOT_CARRIED", "export_exchange"]

# Guide and material fields the national tables cannot carry (see the module's docstring).
NOT_CARRIED = frozenset({"max_deferred", "instant_approval", "delegated", "situations"})
NOT_CARRIED_MATERIAL = frozenset(
    {"licence_type_code", "licence_type_name", "owner", "original_handling", "when", "when_not"}
)
_PREFERRED = {("matter_type", "其他行政权力"): "10"}  # 02/03/04/06 are 行政处罚 … : 10 is its own code
_FORM_NOTES = {"材料形式：电子": "electronic", "材料形式：纸质和电子": "both"}
_LABELS = {f"{label}：": key for key, label in _NOTES}
_Extras = Mapping[str, Mapping[str, Any]]
_LIST_SEPARATORS = str.maketrans("，、;；|/ ", ",,,,,,,")  # how the reader splits 服务对象 "1,2"


class _Codes:
    """The national code of each value (the mapping in reverse), and whether a kept code still fits."""

    def __init__(self, mapping: CodeMapping) -> None:
        self.mapping = mapping
        self.reverse: dict[tuple[str, str], str] = {}
        for table, codes in mapping.tables.items():
            for code, value in codes.items():
                key = (table, value)
                known = self.reverse.get(key)
                # a national number beats a word; the first number in the list beats the later ones
                if known is None or (code.isdigit() and not known.isdigit()):
                    self.reverse[key] = code
        for key, code in _PREFERRED.items():
            if mapping.tables.get(key[0], {}).get(code) == key[1]:
                self.reverse[key] = code

    def code(self, table: str, value: str, kept: object = None) -> object:
        """The code to write for ``value``: the source's own (``kept``) if it still means it."""
        if kept not in (None, "") and self.mapping.lookup(table, kept) == value:
            return kept
        return self.reverse.get((table, value), value)


def _item(guide: Guide, kept: Mapping[str, Any], codes: _Codes) -> dict[str, Any]:
    fee = "" if not guide.fees else "0" if guide.fees == "不收费" else "1"
    row: dict[str, Any] = {
        "task_code": guide.code,
        "task_name": guide.name,
        "dept_code": guide.department.code,
        "dept_name": guide.department.name,
        "task_type": codes.code("matter_type", guide.matter_type.value, kept.get("task_type")),
        "serve_type": _serve_type(guide, kept, codes),
        "handle_type": codes.code(
            "handle_type", "on_the_spot" if guide.on_the_spot else "promised", kept.get("handle_type")
        ),
        "anticipate_day": _days(guide.statutory_limit_days, kept.get("anticipate_day")),
        "anticipate_type": codes.code("limit_unit", "working_days", kept.get("anticipate_type")),
        "promise_day": _days(guide.promised_limit_days, kept.get("promise_day")),
        "promise_type": codes.code("limit_unit", "working_days", kept.get("promise_type")),
        "accept_condition": guide.conditions,
        "handle_flow": guide.procedure,
        "link_way": "；".join(guide.phones),
        "limit_scene_num": str(guide.visits),
        APP_FIELD: app_fields(guide),
    }
    if fee:
        row["is_fee"] = codes.code("yes_no", "yes" if fee == "1" else "no", kept.get("is_fee"))
    for key, value in kept.items():
        if key not in row and key not in f.PLACED[f.ITEM]:
            row[key] = value
    return row


def _days(days: int, kept: object) -> object:
    """A limit in working days, as the source wrote it when it says the same (10, "10", "10个工作日")."""
    from hallapp.services.catalogue_import.clean import parse_count

    try:
        if kept not in (None, "") and parse_count(kept) == days:
            return kept
    except ValueError:
        pass
    return str(days)


def _serve_type(guide: Guide, kept: Mapping[str, Any], codes: _Codes) -> object:
    wanted = [t.value for t in guide.applicant_types]
    raw = kept.get("serve_type")
    if isinstance(raw, str) and raw:
        parts = raw.translate(_LIST_SEPARATORS).split(",")
        said = list(dict.fromkeys(codes.mapping.lookup("applicant_type", p) for p in parts if p.strip()))
        if said == wanted:
            return raw
    return ",".join(str(codes.code("applicant_type", value)) for value in wanted)


def _source(material: MaterialRequirement, codes: _Codes) -> dict[str, Any]:
    channel, _, explain = material.source.partition("：")
    if channel and (("source_channel", channel) in codes.reverse):
        row: dict[str, Any] = {"source_type": codes.reverse["source_channel", channel]}
        if explain:
            row["source_explain"] = explain
        return row
    return {"source_explain": material.source} if material.source else {}


def _notes(notes: str) -> tuple[str | None, dict[str, str]]:
    """A material's notes back into the labelled fields the reader joins (填报须知：… 备注：…)."""
    form: str | None = None
    fields: dict[str, list[str]] = {}
    current = "remark"
    for line in notes.split("\n"):
        if line in _FORM_NOTES:
            form = _FORM_NOTES[line]
            continue
        label = next((lab for lab in _LABELS if line.startswith(lab)), None)
        if label is not None:
            current = _LABELS[label]
            fields.setdefault(current, []).append(line[len(label) :])
        elif line:
            fields.setdefault(current, []).append(line)
    return form, {key: "\n".join(lines) for key, lines in fields.items()}


def _material(
    guide: Guide, material: MaterialRequirement, order: int, kept: Mapping[str, Any], codes: _Codes
) -> dict[str, Any]:
    # the national list has no optional material that may be deferred: optional it is (nothing to defer)
    necessity = "optional" if not material.required else "deferrable" if material.deferrable else "required"
    form, notes = _notes(material.notes)
    row: dict[str, Any] = {
        "task_code": guide.code,
        "material_name": material.name,
        "is_need": codes.code("necessity", necessity, kept.get("is_need")),
        "material_form": codes.code("material_form", form or "paper", kept.get("material_form")),
        "original_amount": str(material.originals),
        "copy_amount": str(material.copies),
        "ordernum": str(order),
        **_source(material, codes),
        **notes,
    }
    for key, value in kept.items():
        if key not in row and key not in f.PLACED[f.MATERIAL]:
            row[key] = value
    return row


def _rows(table: str, guide: Guide, kept: Mapping[str, Any], codes: _Codes) -> Iterator[dict[str, Any]]:
    """The rows of one child table for one guide: what the guide says, merged with the kept rows."""
    extra = [dict(r) for r in kept.get(table, ()) if isinstance(r, dict)]
    if table == f.MATERIAL:
        by_name: dict[str, list[dict[str, Any]]] = {}
        for row in extra:
            by_name.setdefault(str(row.get("material_name", "")), []).append(row)
        for order, material in enumerate(guide.materials, start=1):
            same = by_name.get(material.name)
            yield _material(guide, material, order, same.pop(0) if same else {}, codes)
        for rows in by_name.values():  # kept rows that made no material (no name): back as they were
            yield from ({"task_code": guide.code, **row} for row in rows)
        return
    placed: dict[str, Any] = {}
    if table == f.WINDOW and (guide.place or guide.windows or guide.hours):
        placed = {"window_name": guide.windows, "transact_addr": guide.place, "transact_time": guide.hours}
    elif table == f.BYLAW and guide.legal_basis:
        placed = {"clause_content": guide.legal_basis}
    elif table == f.CHARGE and guide.fees not in ("", "不收费"):
        placed = {"charge_standard": guide.fees}
    elif table == f.CHARGE:
        return  # 不收费 with charge rows would be read as a contradiction
    elif table == f.EXTEND and guide.online_url:
        placed = {"handle_online_address": guide.online_url}
    elif table == f.SPECIAL:
        return  # special procedures are in handle_flow's words; a bare kept row would add a line
    first = extra.pop(0) if extra and placed else {}
    if placed:
        yield {"task_code": guide.code, **placed, **{k: v for k, v in first.items() if k not in placed}}
    for row in extra:
        yield {"task_code": guide.code, **row}


def _upper(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key.upper(): value for key, value in row.items()}


def _write_table(out: IO[str], name: str, rows: Iterable[dict[str, Any]], first: bool) -> None:
    out.write(("" if first else ",\n") + f'    "{name}": [')
    separator = "\n      "
    for row in rows:
        out.write(separator + json.dumps(_upper(row), ensure_ascii=False))
        separator = ",\n      "
    out.write("\n    ]")


def write_exchange(
    out: IO[str], source: CatalogueSource, extras: _Extras | None = None, mapping: CodeMapping | None = None
) -> int:
    """Write ``source`` to the text stream ``out``; returns the number of matters."""
    codes = _Codes(mapping or load_mapping())
    extras = extras or {}

    def kept(guide: Guide) -> Mapping[str, Any]:
        return extras.get(guide.code) or {}

    out.write('{\n  "STATUS": {"CODE": "00", "TEXT": "HallApp 事项目录导出"},\n  "CUSTOM": {\n')
    items = (_item(g, kept(g).get(f.ITEM) or {}, codes) for g in source.guides)
    _write_table(out, f.ITEM, items, True)
    for table in f.CHILD_TABLES:
        rows = (row for g in source.guides for row in _rows(table, g, kept(g), codes))
        if table == f.QA:
            rows = (
                {"task_code": g.code, **r}
                for g in source.guides
                for r in kept(g).get(f.QA, ())
                if isinstance(r, dict)
            )
        _write_table(out, table, rows, False)
    out.write("\n  }\n}\n")
    return len(source.guides)


def export_exchange(
    source: CatalogueSource,
    path: Path,
    extras: _Extras | None = None,
    *,
    mapping: CodeMapping | None = None,
) -> int:
    """Write ``source`` (with each matter's kept extras) as exchange JSON to ``path``, whole or not at all;
    returns the number of matters."""
    from hallapp.store.files import FileNotWritten, written_whole

    target = check_output_path(Path(path))
    try:
        with written_whole(target) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as out:
            count = write_exchange(out, source, extras, mapping)
    except FileNotWritten as error:
        raise OutputFileError(f"磁盘已满，无法保存 {target}。请腾出空间或换一个位置。") from error
    except OSError as error:
        raise OutputFileError(f"无法保存 {target}：{error.strerror or '操作系统拒绝了此操作'}。") from error
    return count
