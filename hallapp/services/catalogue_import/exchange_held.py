"""Rows of the CUSTOM envelope kept until the envelope ends, in a compact form.

A table of AUDIT_MATERIAL rows naming their matter may follow AUDIT_ITEM, so no matter of that envelope
can be built before the whole envelope is read: its matters and top-level rows are kept. A row kept as a
dict costs about twice a row kept as its values in a tuple beside one shared tuple of field names
(100,000 matters with 500,000 materials: some 200 MB less at the peak); the dict is made again when its
matter is built.
"""

from __future__ import annotations

from typing import Any

from hallapp.services.catalogue_import import exchange_fields as f
from hallapp.services.catalogue_import.exchange_rows import Context, Matter, Row

__all__ = ["Held", "attach", "hold", "hold_matter", "release"]

_SHAPES: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[tuple[str, int], ...]]] = {}
_MAX_SHAPES = 10_000

# One kept row is one tuple: (shape, sheet, row, children, *values). ``shape`` is (field names, links) and
# shared by every row of the same fields; ``links`` are the fields naming a row's matter (task_code …) with
# their positions among the values; ``children`` (a matter's rows of the other tables) is None for a child
# row. One tuple, not an object beside a tuple of values: 800,000 rows at 100,000 matters, some 100 MB less.
Held = tuple[Any, ...]
_SHAPE, _SHEET, _ROW, _CHILDREN, _VALUES = 0, 1, 2, 3, 4


def _shape(record: dict[str, Any]) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
    keys = tuple(record)
    shape = _SHAPES.get(keys)
    if shape is None:
        links = tuple((key, keys.index(key)) for key in f.LINK_FIELDS if key in record)
        shape = (keys, links)
        if len(_SHAPES) < _MAX_SHAPES:  # a hostile file with a million shapes does not grow this
            _SHAPES[keys] = shape
    return shape


def hold(row: Row) -> Held:
    return (_shape(row.record), row.sheet, row.row, None, *row.record.values())


def hold_matter(matter: Matter) -> Held:
    record = matter.item.record
    return (_shape(record), matter.item.sheet, matter.item.row, dict(matter.children), *record.values())


def _row(held: Row | Held) -> Row:
    if isinstance(held, Row):
        return held
    return Row(dict(zip(held[_SHAPE][0], held[_VALUES:], strict=True)), held[_SHEET], held[_ROW])


def release(held: Held) -> Matter:
    """The matter as the builder takes it: its rows as dicts again."""
    children: dict[str, list[Row | Held]] = held[_CHILDREN] or {}
    return Matter(_row(held), {table: [_row(row) for row in rows] for table, rows in children.items()})


def attach(matters: list[Held], top: dict[str, list[Held]], ctx: Context) -> None:
    """Each top-level row to the matter it names (task_code, item_id, …); one naming none is reported."""
    by_link: dict[str, Held] = {}
    for matter in matters:
        for key, index in matter[_SHAPE][1]:
            value = matter[_VALUES + index]
            if isinstance(value, str | int) and str(value).strip():
                by_link.setdefault(f"{key}:{str(value).strip().upper()}", matter)
    for table, rows in top.items():
        for row in rows:
            links = [(k, v) for k, i in row[_SHAPE][1] if (v := row[_VALUES + i]) not in (None, "")]
            owner = next((m for k, v in links if (m := by_link.get(f"{k}:{str(v).strip().upper()}"))), None)
            if owner is None:
                shown = links[0][1] if links else ""
                ctx.problem(
                    Row({}, row[_SHEET], row[_ROW]),
                    "找不到这条记录所属的事项（task_code 不在 AUDIT_ITEM 中），已跳过",
                    "task_code",
                    shown,
                )
                continue
            owner[_CHILDREN].setdefault(table, []).append(row)
        rows.clear()
