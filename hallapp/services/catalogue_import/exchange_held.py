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


class Held:
    """One kept row: field names (shared by every row of the same shape), values, where it stands, and,
    for a matter, the rows of its other tables."""

    __slots__ = ("children", "keys", "links", "row", "sheet", "values")

    def __init__(self, record: dict[str, Any], sheet: str, row: int) -> None:
        keys = tuple(record)
        shape = _SHAPES.get(keys)
        if shape is None:
            links = tuple((key, keys.index(key)) for key in f.LINK_FIELDS if key in record)
            shape = (keys, links)
            if len(_SHAPES) < _MAX_SHAPES:  # a hostile file with a million shapes does not grow this
                _SHAPES[keys] = shape
        self.keys, self.links = shape
        self.values = tuple(record.values())
        self.sheet, self.row = sheet, row
        self.children: dict[str, list[Row | Held]] | None = None


def hold(row: Row) -> Held:
    return Held(row.record, row.sheet, row.row)


def hold_matter(matter: Matter) -> Held:
    held = hold(matter.item)
    held.children = dict(matter.children)  # type: ignore[arg-type]
    return held


def _row(held: Row | Held) -> Row:
    if isinstance(held, Row):
        return held
    return Row(dict(zip(held.keys, held.values, strict=True)), held.sheet, held.row)


def release(held: Held) -> Matter:
    """The matter as the builder takes it: its rows as dicts again."""
    children = held.children or {}
    return Matter(_row(held), {table: [_row(row) for row in rows] for table, rows in children.items()})


def attach(matters: list[Held], top: dict[str, list[Held]], ctx: Context) -> None:
    """Each top-level row to the matter it names (task_code, item_id, …); one naming none is reported."""
    by_link: dict[str, Held] = {}
    for matter in matters:
        for key, index in matter.links:
            value = matter.values[index]
            if isinstance(value, str | int) and str(value).strip():
                by_link.setdefault(f"{key}:{str(value).strip().upper()}", matter)
    for table, rows in top.items():
        for row in rows:
            links = [(k, row.values[i]) for k, i in row.links if row.values[i] not in (None, "")]
            owner = next((m for k, v in links if (m := by_link.get(f"{k}:{str(v).strip().upper()}"))), None)
            if owner is None:
                shown = links[0][1] if links else ""
                ctx.problem(
                    Row({}, row.sheet, row.row),
                    "找不到这条记录所属的事项（task_code 不在 AUDIT_ITEM 中），已跳过",
                    "task_code",
                    shown,
                )
                continue
            if owner.children is None:
                owner.children = {}
            owner.children.setdefault(table, []).append(row)
        rows.clear()
