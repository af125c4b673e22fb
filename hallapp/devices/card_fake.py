"""A fake card reader for tests and demos: cards (or failures) given in code or in a small JSON file.

Each ``read`` hands out the next entry; when none is left the reader says there is no card. The JSON
file is a list of objects with ``CardData``'s field names (dates as ``YYYY-MM-DD``, ``valid_until``
null or "长期" for no end, ``kind`` one of the three labels, e.g. "居民身份证"), or
``{"error": "no_card" | "removed" | "bad_frame" | "no_reader"}`` for a failed read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from hallapp.devices.card import (
    NO_CARD_MESSAGE,
    REMOVED_MESSAGE,
    BadFrame,
    CardData,
    CardError,
    CardKind,
    CardRemoved,
    NoCard,
    NoReader,
)

_ERRORS: dict[str, tuple[type[CardError], str]] = {
    "no_card": (NoCard, NO_CARD_MESSAGE),
    "removed": (CardRemoved, REMOVED_MESSAGE),
    "bad_frame": (BadFrame, "读卡器送来的证件信息无法识别：请重新读卡。"),
    "no_reader": (NoReader, "读卡器没有应答：请检查读卡器的电源和连线。"),
}
_DATES = ("birth_date", "valid_from", "valid_until")


class FakeCardReader:
    """``CardReader`` handing out the given cards and failures in turn; ``reads`` counts the reads."""

    def __init__(self, entries: Iterable[CardData | CardError] = ()) -> None:
        self._entries = list(entries)
        self.reads = 0

    def put(self, entry: CardData | CardError) -> None:
        """Lay a card (or a failure) on the reader for a later read."""
        self._entries.append(entry)

    def read(self, timeout: float) -> CardData:
        self.reads += 1
        if not self._entries:
            raise NoCard(NO_CARD_MESSAGE)
        entry = self._entries.pop(0)
        if isinstance(entry, CardError):
            raise entry
        return entry

    @classmethod
    def from_json(cls, path: str | Path) -> FakeCardReader:
        """The reader loaded with the entries of a JSON file (see the module); ``NoReader`` if unreadable."""
        try:
            loaded = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise NoReader(f"无法读取模拟读卡器的证件文件 {path}：{error}") from error
        if not isinstance(loaded, list):
            raise NoReader(f"模拟读卡器的证件文件 {path} 应为一个列表。")
        return cls(_entry(item, number) for number, item in enumerate(loaded, start=1))


_LABELS = {
    "kind": "证件类型",
    "name": "姓名",
    "sex": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "address": "住址",
    "id_number": "证件号码",
    "issuing_authority": "签发机关",
    "valid_from": "有效期起始日期",
    "valid_until": "有效期截止日期",
    "english_name": "英文姓名",
    "nationality": "国籍",
    "pass_number": "通行证号码",
    "issue_count": "签发次数",
}
_OPTIONAL = ("kind", "english_name", "nationality", "pass_number", "issue_count")  # have a default


def _entry(item: Any, number: int) -> CardData | CardError:
    """One entry of the file; ``NoReader`` naming the entry (counted from 1) and the field when it is wrong."""
    where = f"模拟读卡器的证件文件第 {number} 项"
    if not isinstance(item, dict):
        raise NoReader(f"{where}不是对象。")
    if "error" in item:
        if item["error"] not in _ERRORS:
            raise NoReader(f"{where}的 error 应为 {'、'.join(_ERRORS)} 之一。")
        error_type, message = _ERRORS[item["error"]]
        return error_type(message)
    known = [f.name for f in fields(CardData)]
    missing = [name for name in known if name not in item and name not in _OPTIONAL]
    if missing:
        named = "、".join(f"{name}（{_LABELS[name]}）" for name in missing)
        unknown = [str(key) for key in item if key not in known]
        hint = f"；不认识的字段：{'、'.join(unknown)}（拼写有误？）" if unknown else ""
        raise NoReader(f"{where}有误：缺少 {named}{hint}")
    values: dict[str, Any] = {"kind": CardKind.RESIDENT}  # the default when the entry names none
    for name in known:
        if name not in item:
            continue
        raw = item[name]
        if name == "kind":
            kinds = [kind.value for kind in CardKind]
            if raw not in kinds:
                raise NoReader(f"{where}有误：kind（证件类型）应为 {'、'.join(kinds)} 之一")
            values[name] = CardKind(raw)
        elif name in _DATES:
            values[name] = _date(raw, name, where)
        elif isinstance(raw, str):
            values[name] = raw
        else:
            raise NoReader(f"{where}有误：{name}（{_LABELS[name]}）应为文字")
    return CardData(**values)


def _date(raw: Any, name: str, where: str) -> date | None:
    if name == "valid_until" and raw in (None, "长期"):
        return None
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    open_end = "，或 null、“长期”表示长期有效" if name == "valid_until" else ""
    raise NoReader(
        f"{where}有误：{name}（{_LABELS[name]}）应为 YYYY-MM-DD 格式的日期{open_end}，而不是 {str(raw)[:40]!r}"
    )


def demo_cards() -> list[CardData]:
    """One demo card (a made-up person with a valid check digit), for ``hallapp card read --adapter fake``."""
    return [
        CardData(
            kind=CardKind.RESIDENT,
            name="李小红",
            sex="女",
            ethnicity="汉族",
            birth_date=date(1990, 10, 1),
            address="广东省深圳市南山区示例路1号",
            id_number="440305199010010028",
            issuing_authority="深圳市公安局南山分局",
            valid_from=date(2016, 5, 20),
            valid_until=date(2036, 5, 20),
        )
    ]
