"""Reading one row of an exchange table: texts, counts and codes, each problem reported with its place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hallapp.domain.catalogue import Department
from hallapp.services.catalogue_import.clean import Cleaned, clean_text, parse_count
from hallapp.services.catalogue_import.mapping import CodeMapping
from hallapp.services.catalogue_import.model import ImportedCatalogue, ImportProblem

MAX_TEXT = 20_000  # characters of one text field; a legal basis is long, a pasted book is not a guide
_CACHED_LENGTH = 500  # texts up to this long are cleaned once per file, if they recur
_CACHED_TEXTS = 30_000  # at most so many (what recurs, recurs early: addresses, hours, laws); <= 60 MB


@dataclass(frozen=True)
class Row:
    """One record of a table, its field names in lower case, and where it stands in the file."""

    record: dict[str, Any]
    sheet: str  # the table as named in messages: AUDIT_MATERIAL or AUDIT_MATERIAL（事项 …）
    row: int  # from 1


@dataclass
class Matter:
    """The AUDIT_ITEM row of one matter and the rows of the other tables that belong to it."""

    item: Row
    children: dict[str, list[Row]] = field(default_factory=dict)


class Context:
    """One file being read: its name, the code mapping, and the result that collects the problems."""

    def __init__(self, file: str, mapping: CodeMapping, result: ImportedCatalogue) -> None:
        self.file = file
        self.mapping = mapping
        self.result = result
        self.departments: dict[str, Department] = {}
        # the same few codes and counts repeat in every record: look each up once
        self._codes: dict[tuple[str, object], str | None] = {}
        self._counts: dict[str, int | None] = {}
        # the same addresses, hours, notes and laws recur in matter after matter: clean each once
        self._cleaned: dict[tuple[str, bool], Cleaned] = {}
        self._shared: dict[str, str] = {}  # texts made of several fields (a material's notes) recur too

    def shared(self, text: str) -> str:
        """One copy of a text made again and again (a material's notes, matter after matter)."""
        found = self._shared.get(text)
        if found is not None:
            return found
        if len(self._shared) < _CACHED_TEXTS:
            self._shared[text] = text
        return text

    def problem(self, row: Row | None, message: str, column: str = "", value: object = "") -> None:
        self.result.problems.append(
            ImportProblem(
                self.file,
                row.sheet if row else "",
                row.row if row else None,
                column,
                _shown(value),
                message=message,
            )
        )

    def code(self, table: str, row: Row, key: str, raw: object = None) -> str | None:
        """What the field's code stands for; an unknown code is reported (once here) and gives None."""
        raw = row.record.get(key) if raw is None else raw
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        cached = (table, raw if isinstance(raw, str | int) else repr(raw))
        if cached in self._codes:
            value = self._codes[cached]
        else:
            value = self._codes[cached] = self.mapping.lookup(table, raw)
        if value is None:
            label = self.mapping.label(table)
            self.result.unknown_codes.append(
                ImportProblem(
                    self.file,
                    row.sheet,
                    row.row,
                    key,
                    _shown(raw),
                    message=f"{label}代码 {_shown(raw)} 不在对照表中（{self.mapping.name}）",
                )
            )
        return value

    def text(self, row: Row, key: str, *, limit: int = MAX_TEXT, multiline: bool = True) -> str:
        """The field as clean text; "" when absent. Invisible characters and excess length are reported."""
        raw = row.record.get(key)
        if raw is None:
            return ""
        if type(raw) is str and len(raw) <= limit:  # the usual case, made short
            cleaned = self._cleaned.get((raw, multiline))
            if cleaned is None:
                cleaned = clean_text(raw, multiline=multiline)
                if len(raw) <= _CACHED_LENGTH and len(self._cleaned) < _CACHED_TEXTS:
                    self._cleaned[raw, multiline] = cleaned
            if not cleaned.removed and len(cleaned.text) <= limit:
                return cleaned.text
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            self.problem(row, "应为文字，已忽略", key, raw)
            return ""
        if not isinstance(raw, str):
            raw = str(raw)
        if len(raw) > 8 * limit:  # do not even clean a runaway value: cut it first
            raw = raw[: 8 * limit]
        cleaned = clean_text(raw, multiline=multiline)
        if cleaned.removed:
            self.problem(row, f"含有{'、'.join(cleaned.removed)}，已删除", key, raw)
        text = cleaned.text
        if len(text) > limit:
            self.problem(row, f"超过 {limit} 个字符（现为 {len(text)} 个），只保留前 {limit} 个", key, text)
            text = text[:limit]
        return text

    def count(self, row: Row, key: str) -> int | None:
        """A whole number of the field; None when absent or unreadable (the latter reported)."""
        raw = row.record.get(key)
        if isinstance(raw, str) and raw in self._counts:
            return self._counts[raw]
        try:
            count = parse_count(raw)
        except ValueError as error:
            self.problem(row, f"{error}，已忽略", key, raw)
            return None
        if isinstance(raw, str) and len(self._counts) < 10_000:
            self._counts[raw] = count
        return count


def _shown(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text[:200]  # ImportProblem shortens further when printed; keep no megabytes in a problem
